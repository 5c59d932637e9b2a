#!/usr/bin/env bash
# Installs the Debian packages Vigie needs, idempotently. As root it installs what is missing;
# otherwise it prints the exact command to run and fails.
set -euo pipefail

# What every build needs: libsystemd-dev for the CSystemd target and libnats-dev for the CNats
# target (vigied links the JetStream sink, so no build of the daemon works without it), with
# pkg-config to find both.
packages=(libsystemd-dev libnats-dev pkg-config)
# Extra groups:
#   test:  socat (protocol tests with a client nobody here wrote), systemd (the user manager and
#          systemd-analyze), gcc (cc for the wall-clock shim of the clock-jump test), nats-server
#          (JetStream sink tests), python3 (the reference scorer's agreement tests).
#   bench: nats-server (the fan-out baseline), python3 (scripts/bench-daemon.py).
#   nats:  nats-server alone (kept for older instructions).
for extra in "$@"; do
    case "$extra" in
    test) packages+=(socat systemd gcc nats-server) ;;
    bench) packages+=(nats-server) ;;
    nats) packages+=(nats-server) ;;
    *) echo "install-deps.sh: unknown group '$extra'" >&2; exit 2 ;;
    esac
done

missing=()
# python3 may come from elsewhere than Debian (pyenv, a venv): any python3 on PATH will do.
needs_python=0
for extra in "$@"; do case "$extra" in test | bench) needs_python=1 ;; esac; done
if [ $needs_python -eq 1 ] && ! command -v python3 >/dev/null 2>&1; then missing+=(python3); fi
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

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
