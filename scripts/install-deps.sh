#!/usr/bin/env bash
# Installs the Debian packages Vigie needs, idempotently. As root it installs what is missing;
# otherwise it prints the exact command to run and fails.
set -euo pipefail

# What every build needs: libsystemd-dev for the CSystemd target, libnats-dev for the CNats
# target (vigied links the JetStream sink, so no build of the daemon works without it) and
# libxml2-dev for the CLibXML2 target (VigieFormats reads NewsML-G2, NITF and HTML with it), with
# pkg-config to find them, and libopenblas-dev for the COpenBLAS target (the matrix products of the
# French analysis, VigieLanguage).
packages=(libsystemd-dev libnats-dev libxml2-dev libopenblas-dev pkg-config)
# Extra groups:
#   test:  socat (protocol tests with a client nobody here wrote), systemd (the user manager and
#          systemd-analyze), gcc (cc for the wall-clock shim of the clock-jump test), nats-server
#          (JetStream sink tests), python3 (the reference scorer's agreement tests) with the
#          jsonschema package (the ninjs 2.0 sample checked against IPTC's schema), from PyPI;
#          implies browser.
#   browser: chromium and chromium-driver (Debian's, headless) with the selenium package from
#          PyPI, for the live page's browser test (Tests/Browser/live_page.py).
#   bench: nats-server (the fan-out baseline), python3 (scripts/bench-daemon.py).
#   nats:  nats-server alone (kept for older instructions).
for extra in "$@"; do
    case "$extra" in
    test) packages+=(socat systemd gcc nats-server curl chromium chromium-driver) ;;
    browser) packages+=(chromium chromium-driver) ;;
    bench) packages+=(nats-server) ;;
    nats) packages+=(nats-server) ;;
    *) echo "install-deps.sh: unknown group '$extra'" >&2; exit 2 ;;
    esac
done

missing=()
# python3 may come from elsewhere than Debian (pyenv, a venv): any python3 on PATH will do.
needs_python=0
for extra in "$@"; do case "$extra" in test | bench | browser) needs_python=1 ;; esac; done
if [ $needs_python -eq 1 ] && ! command -v python3 >/dev/null 2>&1; then missing+=(python3); fi
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
pip_install() {
    # pip_install MODULE PACKAGE WHY: into whichever python3 the tests will run (pyenv, a venv or
    # Debian's); a failure only warns, the tests that need the package skip themselves.
    python3 -c "import $1" >/dev/null 2>&1 && return 0
    echo "Installing the $2 Python package (pip)" >&2
    python3 -m pip install --quiet --disable-pip-version-check "$2" >/dev/null 2>&1 ||
        python3 -m pip install --quiet --disable-pip-version-check --break-system-packages "$2" \
            >/dev/null 2>&1 ||
        echo "install-deps.sh: cannot install $2 with pip; $3 will be skipped" >&2
}
install_python_packages() {
    [ $wants_jsonschema -eq 0 ] || pip_install jsonschema jsonschema "the ninjs schema test"
    [ $wants_selenium -eq 0 ] || pip_install selenium selenium "the live page's browser test"
    return 0
}
wants_jsonschema=0
wants_selenium=0
for extra in "$@"; do
    case "$extra" in
    test) wants_jsonschema=1 wants_selenium=1 ;;
    browser) wants_selenium=1 ;;
    esac
done

if [ ${#missing[@]} -eq 0 ]; then
    install_python_packages
    exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
    echo "Vigie needs these Debian packages: ${missing[*]}" >&2
    echo "Install them with: sudo apt-get install -y ${missing[*]}" >&2
    exit 1
fi
echo "Installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
if ! apt-get install -y --no-install-recommends "${missing[@]}" >/dev/null 2>&1; then
    apt-get update -qq >/dev/null
    apt-get install -y --no-install-recommends "${missing[@]}" >/dev/null
fi
install_python_packages
