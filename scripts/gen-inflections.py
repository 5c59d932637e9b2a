#!/usr/bin/env python3
"""Generates Sources/Extractor/Lexicons/inflections.tsv: every inflected form of the lemmas the
cue lexicons write as `~lemma` (predicates.tsv, frames.tsv, complements.tsv, causes.tsv, topics.tsv), with the lemma and
its part of speech.

Source: the French lemma tables of the PyPI package spacy-lookups-data (MIT licence, Explosion
AI; see Lexicons/NOTICE): `fr_lemma_lookup` (form -> lemma), `fr_lemma_exc` (irregular forms by
part of speech), `fr_lemma_index` (lemmas by part of speech) and `fr_lemma_rules` (the regular
suffixes of -er verbs, adjectives and nouns), read backwards: lemma -> forms.

Only the lemmas the lexicons use are written, so the coder loads a few thousand lines instead of
the package's 200,000 forms; a `~lemma` with no forms here is a load error naming the cue's
file and line, and running this script again fixes it. The package is installed into
.build/gen-venv (idempotent). Usage: scripts/gen-inflections.py [--check]
"""
import argparse
import gzip
import json
import os
import re
import subprocess
import sys
import unicodedata

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
LEXICONS = os.path.join(ROOT, "Sources", "Extractor", "Lexicons")
OUT = os.path.join(LEXICONS, "inflections.tsv")
VENV = os.path.join(ROOT, ".build", "gen-venv")
PACKAGE = "spacy-lookups-data==1.0.5"


def tables():
    python = os.path.join(VENV, "bin", "python3")
    if not os.path.exists(python):
        subprocess.run([sys.executable, "-m", "venv", VENV], check=True)
    probe = [python, "-c", "import spacy_lookups_data, os; print(os.path.dirname(spacy_lookups_data.__file__))"]
    found = subprocess.run(probe, capture_output=True, text=True)
    if found.returncode != 0:
        subprocess.run([python, "-m", "pip", "install", "--quiet", PACKAGE], check=True)
        found = subprocess.run(probe, capture_output=True, text=True, check=True)
    data = os.path.join(found.stdout.strip(), "data")

    def load(name):
        with gzip.open(os.path.join(data, f"fr_lemma_{name}.json.gz"), "rt", encoding="utf-8") as f:
            return json.load(f)

    return load("lookup"), load("exc"), load("index"), load("rules")


def wanted_lemmas():
    """(lemma, file, line) for every `~lemma` word in the cue files."""
    out = []
    for name in ("predicates.tsv", "frames.tsv", "complements.tsv", "causes.tsv", "topics.tsv"):
        path = os.path.join(LEXICONS, name)
        if not os.path.exists(path):
            continue
        with open(path, encoding="utf-8") as f:
            for n, line in enumerate(f, 1):
                if line.startswith("#") or not line.strip():
                    continue
                for cell in line.rstrip("\n").split("\t")[:2]:
                    for word in cell.split(" "):
                        if word.startswith("~") and len(word) > 1:
                            out.append((word[1:].lower(), name, n))
    return out


def forms_of(lemma, lookup_inverse, exc, index, rules):
    """Every form of `lemma`, with its part of speech (verb, noun, adj)."""
    out = {}
    for pos in ("verb", "noun", "adj"):
        if lemma in index.get(pos, ()):
            out.setdefault(lemma, pos)
    for form in lookup_inverse.get(lemma, ()):
        out.setdefault(form, guess_pos(lemma, index))
    for pos in ("verb", "noun", "adj"):
        for form in exc_inverse(exc, pos).get(lemma, ()):
            out.setdefault(form, pos)
    # Regular -er verbs: every suffix of the rules table on the stem (décid-er -> décidé, décidaient).
    if lemma in index.get("verb", []) and lemma.endswith("er"):
        stem = lemma[:-2]
        for suffix, ending in rules.get("verb", []):
            if ending == "er" and re.fullmatch(r"[a-zâàéèêëîïôûç]+", suffix):
                out.setdefault(stem + suffix, "verb")
    # Nouns and adjectives: the plural and feminine the rules allow (-s, -e, -es), when the
    # package does not list them already.
    pos = guess_pos(lemma, index)
    if pos in ("noun", "adj") and not lemma.endswith(("s", "x", "z")):
        out.setdefault(lemma + "s", pos)
        if pos == "adj" and not lemma.endswith("e"):
            out.setdefault(lemma + "e", pos)
            out.setdefault(lemma + "es", pos)
    # The lemma is always one of its own forms (plural-only nouns such as "représailles" are
    # their own lemma and may be missing from the package's tables).
    out.setdefault(lemma, pos)
    if pos == "verb":
        for form in [f for f, p in out.items() if p == "verb"]:
            # A French present participle is invariable ("-ant"): "-ante(s)", "-ants" are adjectives or
            # nouns ("les manifestants", "les opposants", "protestantes"), never the verb.
            if form.endswith(("ante", "antes", "ants")):
                del out[form]
            # "-ions" (nous expulsions) is far more often the noun the package knows ("les expulsions").
            elif form.endswith("ions") and any(
                other != lemma and other in index.get("noun", ()) for other in lookup_of(form)
            ):
                del out[form]
    return out


_lookup = {}


def lookup_of(form):
    """The lemmas the package's lookup table gives `form` (set by main)."""
    found = _lookup.get(form, [])
    return found if isinstance(found, list) else [found]


_exc_cache = {}


def exc_inverse(exc, pos):
    if pos not in _exc_cache:
        inverse = {}
        for form, lemmas in exc.get(pos, {}).items():
            for lemma in lemmas:
                inverse.setdefault(lemma, set()).add(form)
        _exc_cache[pos] = inverse
    return _exc_cache[pos]


def guess_pos(lemma, index):
    for pos in ("verb", "noun", "adj"):
        if lemma in index.get(pos, []):
            return pos
    return "noun"


def fold(s):
    return "".join(c for c in unicodedata.normalize("NFD", s.lower()) if unicodedata.category(c) != "Mn")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--check", action="store_true", help="fail if inflections.tsv is not up to date")
    args = ap.parse_args()
    lookup, exc, index, rules = tables()
    _lookup.update(lookup)
    index = {pos: set(words) for pos, words in index.items()}
    lookup_inverse = {}
    for form, lemmas in lookup.items():
        for lemma in lemmas if isinstance(lemmas, list) else [lemmas]:
            lookup_inverse.setdefault(lemma, set()).add(form)
    rows = set()
    missing = []
    for lemma, name, line in wanted_lemmas():
        forms = forms_of(lemma, lookup_inverse, exc, index, rules)
        if not forms:
            missing.append(f"{name}:{line}: ~{lemma}: no form in spacy-lookups-data")
            continue
        for form, pos in forms.items():
            if " " not in form:
                rows.add((form, lemma, pos))
    text = (
        "# Inflections: every form of the lemmas the cue files write as ~lemma, generated by\n"
        "# scripts/gen-inflections.py from spacy-lookups-data 1.0.5 (MIT, see NOTICE). Do not edit by\n"
        "# hand: add the ~lemma to a cue file and run the script again.\n"
        "# Columns: form  lemma  pos (verb, noun, adj)\n"
        "form\tlemma\tpos\n" + "".join(f"{f}\t{l}\t{p}\n" for f, l, p in sorted(rows, key=lambda r: (fold(r[1]), r[1], fold(r[0]), r[0])))
    )
    for m in missing:
        print(m, file=sys.stderr)
    if args.check:
        current = open(OUT, encoding="utf-8").read() if os.path.exists(OUT) else ""
        if current != text:
            sys.exit("inflections.tsv is out of date: run scripts/gen-inflections.py")
        return
    with open(OUT, "w", encoding="utf-8") as f:
        f.write(text)
    print(f"{OUT}: {len(rows)} forms of {len({r[1] for r in rows})} lemmas", file=sys.stderr)
    if missing:
        sys.exit(1)


if __name__ == "__main__":
    main()
