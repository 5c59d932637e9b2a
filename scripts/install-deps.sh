#!/usr/bin/env bash
# Installs the Debian packages Vigie needs, idempotently. As root it installs what is missing;
# otherwise it prints the exact command to run and fails.
set -euo pipefail

# libsystemd-dev: the CSystemd target; socat: protocol tests with a client nobody here wrote;
# systemd: the user manager and systemd-analyze for unit tests; gcc: cc for the wall-clock shim
# of the clock-jump test (Tests/FaultInjection).
packages=(libsystemd-dev pkg-config socat systemd gcc)
# Extra groups, e.g. `install-deps.sh nats` for the JetStream sink and its tests.
for extra in "$@"; do
    case "$extra" in
    nats) packages+=(nats-server libnats-dev) ;;
    *) echo "install-deps.sh: unknown group '$extra'" >&2; exit 2 ;;
    esac
done

missing=()
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
