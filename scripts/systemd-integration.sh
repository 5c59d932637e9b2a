#!/usr/bin/env bash
# Runs deploy/vigie.{socket,service} under a real systemd *user* manager (no systemd as PID 1
# needed) and checks socket activation, READY, STATUS, SIGKILL restart, watchdog restart and
# reload. See ../shared/notes/systemd-user-manager.md for why each set-up step is needed.
#
# usage: scripts/systemd-integration.sh BIN_DIR [probe|vigied]
#   BIN_DIR  holds vigie-systemd-probe (and vigied); the units' ExecStart is rewritten to it.
#   probe    (default) runs the systemd probe service, made of vigied's real systemd services.
# Prints "ok: ..." per check, "FAIL: ..." and exits 1 on the first failure, "SKIP: reason" and
# exits 77 when the manager cannot be started here. Cleans up everything it created.
set -euo pipefail
[ -n "${VIGIE_IT_TRACE:-}" ] && set -x

BIN_DIR=${1:?usage: systemd-integration.sh BIN_DIR [probe|vigied]}
KIND=${2:-probe}
DEPLOY_DIR=$(cd "$(dirname "$0")/../deploy" && pwd)

skip() { echo "SKIP: $*"; exit 77; }
[ "$(id -u)" -eq 0 ] || skip "needs root (private mount namespace, a delegated cgroup, a test user)"
for tool in unshare setpriv useradd socat /usr/lib/systemd/systemd; do
    command -v "$tool" >/dev/null 2>&1 || [ -x "$tool" ] || skip "$tool is not available"
done
[ -w /sys/fs/cgroup/unified ] || skip "no writable cgroup2 hierarchy at /sys/fs/cgroup/unified"

# Step 1: a private mount namespace, so the tmpfs on /run/systemd does not leak to the host.
if [ -z "${VIGIE_IT_IN_NAMESPACE:-}" ]; then
    exec env VIGIE_IT_IN_NAMESPACE=1 unshare --mount --propagation private "$0" "$@"
fi

NAME="vigie-it-$$"
WORK=$(mktemp -d /tmp/vigie-it.XXXXXX)
CG="/sys/fs/cgroup/unified/$NAME"
MANAGER_PID=""
CLIENT_PID=""
fail() {
    echo "FAIL: $*"
    echo "--- service output ---"; tail -n 30 "$WORK/service.log" 2>/dev/null || true
    echo "--- manager log ---"; grep -i vigie "$WORK/manager.log" 2>/dev/null | tail -n 20 || true
    exit 1
}
ok() { echo "ok: $*"; }

cleanup() {
    set +e
    [ -n "$CLIENT_PID" ] && kill "$CLIENT_PID" 2>/dev/null
    exec 9>&- 2>/dev/null
    if [ -n "$MANAGER_PID" ]; then
        kill "$MANAGER_PID" 2>/dev/null
        for _ in $(seq 100); do kill -0 "$MANAGER_PID" 2>/dev/null || break; sleep 0.05; done
        kill -9 "$MANAGER_PID" 2>/dev/null
    fi
    # Leave the test cgroup before removing it, deepest folders first.
    echo $$ > /sys/fs/cgroup/unified/cgroup.procs 2>/dev/null
    for pid in $(cat $(find "$CG" -name cgroup.procs 2>/dev/null) 2>/dev/null); do kill -9 "$pid" 2>/dev/null; done
    sleep 0.2
    find "$CG" -depth -type d -exec rmdir {} \; 2>/dev/null
    userdel -r "$NAME" >/dev/null 2>&1
    [ -n "${VIGIE_IT_KEEP:-}" ] && echo "kept $WORK" || rm -rf "$WORK"
}
trap cleanup EXIT

# Step 2: make systemd believe the system was booted with it (only in this namespace).
mount -t tmpfs tmpfs /run/systemd
mkdir -p /run/systemd/system

# Step 4: an unprivileged user and a runtime directory it owns.
useradd -m -s /bin/sh "$NAME" >/dev/null
USER_UID=$(id -u "$NAME")
USER_GID=$(id -g "$NAME")
USER_HOME=$(getent passwd "$NAME" | cut -d: -f6)
RT="$WORK/runtime"
mkdir -p "$RT" "$WORK/bin"
chown "$NAME" "$RT" "$WORK"
chmod 0700 "$RT"
chmod 0755 "$WORK"
cp "$BIN_DIR/vigie-systemd-probe" "$WORK/bin/"
if [ "$KIND" = vigied ]; then cp -r "$BIN_DIR/vigied" "$BIN_DIR"/*.resources "$WORK/bin/"; fi
touch "$WORK/service.log" "$WORK/results.log" && chown "$NAME" "$WORK/service.log" "$WORK/results.log"

# Step 3: a cgroup the test user owns, with this shell in it.
mkdir -p "$CG"
chown -R "$NAME" "$CG"
echo $$ > "$CG/cgroup.procs"

as_user() { setpriv --reuid="$USER_UID" --regid="$USER_GID" --init-groups env XDG_RUNTIME_DIR="$RT" HOME="$USER_HOME" "$@"; }
sc() { as_user systemctl --user --no-pager "$@"; }
prop() { sc show -p "$2" --value "$1"; }
prop_is() { [ "$(prop "$1" "$2")" = "$3" ]; }
prop_above() { [ "$(prop "$1" "$2")" -gt "$3" ]; }
status_has() { case "$(prop vigie.service StatusText)" in *"$1"*) return 0 ;; *) return 1 ;; esac; }

# The deploy units with paths rewritten for the test. Sandboxing and User= need a system manager
# and are checked by systemd-analyze instead; everything that shapes the service's life is kept.
UNIT_DIR="$USER_HOME/.config/systemd/user"
mkdir -p "$UNIT_DIR"
keep='^(\[|Description=|Requires=|After=|Type=|NotifyAccess=|ExecReload=|Restart=|RestartSec=|TimeoutStartSec=|TimeoutStopSec=|TimeoutAbortSec=|ListenStream=|FileDescriptorName=|SocketMode=|RemoveOnStop=|Service=|NoDelay=|WantedBy=)'
grep -E "$keep" "$DEPLOY_DIR/vigie.socket" | sed -e 's|^ListenStream=.*|ListenStream=%t/vigie/events.sock|' >"$UNIT_DIR/vigie.socket"
# The live page's socket on a free loopback port (vigied only).
HTTP_PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
grep -E "$keep" "$DEPLOY_DIR/vigie-http.socket" | sed -e "s|^ListenStream=.*|ListenStream=127.0.0.1:$HTTP_PORT|" >"$WORK/vigie-http.socket"
case "$KIND" in
probe) exec_start="$WORK/bin/vigie-systemd-probe service --ready-after-ms 3000" ;;
vigied) exec_start="$WORK/bin/vigied --drop $WORK/drop --state $WORK/state --socket %t/vigie/events.sock" ;;
*) echo "unknown kind $KIND" >&2; exit 2 ;;
esac
# The test's own settings go right after [Service] (the unit ends with [Install]).
grep -E "$keep" "$DEPLOY_DIR/vigie.service" | while IFS= read -r line; do
    case "$line" in
    RestartSec=*) echo "RestartSec=1s" ;;
    TimeoutAbortSec=*) echo "TimeoutAbortSec=3s" ;;
    "[Service]")
        echo "$line"
        echo "ExecStart=$exec_start"
        echo "WatchdogSec=2s"
        echo "StandardOutput=append:$WORK/service.log"
        echo "StandardError=append:$WORK/service.log"
        # systemd tells ExecStopPost= why the service stopped (SERVICE_RESULT=watchdog, ...).
        echo "ExecStopPost=/bin/sh -c 'echo \"\$SERVICE_RESULT \$EXIT_CODE \$EXIT_STATUS\" >>$WORK/results.log'"
        ;;
    *) echo "$line" ;;
    esac
done >"$UNIT_DIR/vigie.service"
chown -R "$NAME" "$USER_HOME/.config"

# Step 5: the user manager, in the background, logging to a file.
as_user /usr/lib/systemd/systemd --user --log-target=console --log-color=no >"$WORK/manager.log" 2>&1 &
MANAGER_PID=$!
for _ in $(seq 200); do
    state=$(sc is-system-running 2>/dev/null || true)
    case "$state" in running | degraded) break ;; esac
    sleep 0.05
done
case "$state" in running | degraded) ok "user manager is $state" ;; *) fail "user manager did not start: $(tail -5 "$WORK/manager.log")" ;; esac

wait_for() { # wait_for DESCRIPTION SECONDS COMMAND...: polls until COMMAND succeeds
    local what=$1 seconds=$2
    shift 2
    for _ in $(seq $((seconds * 20))); do "$@" && return 0; sleep 0.05; done
    fail "timed out waiting for $what"
}

if [ "$KIND" = vigied ]; then
    # The real daemon: the same checks, plus dispatches kept exactly once across SIGKILL and
    # subscribers that survive a reload and resume after a restart.
    mkdir -p "$WORK/drop" && chown "$NAME" "$WORK/drop"
    vigied_ledger() { as_user "$WORK/bin/vigied" --state "$WORK/state" --drop "$WORK/drop" --socket "$WORK/x.sock" --dump-ledger; }
    drop_files() { # drop_files FROM TO: writes dispatches FROM..TO as the user, temp name then rename
        for i in $(seq "$1" "$2"); do
            as_user sh -c "printf ' date 2020-10\\nLe ministre %s a appelé au cessez-le-feu le 2 octobre.\\n' $i >'$WORK/drop/.d$i.tmp' && mv '$WORK/drop/.d$i.tmp' '$WORK/drop/d$i.txt'"
        done
    }
    cp "$WORK/vigie-http.socket" "$UNIT_DIR/vigie-http.socket" && chown "$NAME" "$UNIT_DIR/vigie-http.socket"
    sc daemon-reload
    sc start vigie.socket || fail "vigie.socket did not start"
    sc start vigie-http.socket || fail "vigie-http.socket did not start: $(sc status vigie-http.socket 2>&1 | tail -5)"
    [ "$(prop vigie.service ActiveState)" = inactive ] || fail "vigied started before any connection"
    SOCK="$RT/vigie/events.sock"
    mkfifo "$WORK/client.in"
    socat -t 120 - "UNIX-CONNECT:$SOCK" <"$WORK/client.in" >"$WORK/client.out" 2>&1 &
    CLIENT_PID=$!
    exec 9>"$WORK/client.in"
    wait_for "vigied to become active" 30 prop_is vigie.service ActiveState active
    wait_for "hello from vigied" 10 grep -q '"type":"hello"' "$WORK/client.out"
    ok "socket activation on first connect: vigied answered hello on systemd's socket"
    # The live page on the socket vigie-http.socket passed as "http" (vigied binds nothing itself).
    code=$(curl -s -o "$WORK/status.json" -w '%{http_code}' --max-time 5 "http://127.0.0.1:$HTTP_PORT/status" || true)
    [ "$code" = 200 ] && grep -q '"last_seq"' "$WORK/status.json" || fail "GET /status on the http socket answered '$code'"
    curl -s -N --max-time 2 "http://127.0.0.1:$HTTP_PORT/events?since=0" >"$WORK/events.sse" || true
    grep -q '^retry: ' "$WORK/events.sse" || fail "no event stream on the http socket: $(head -c 200 "$WORK/events.sse")"
    grep -q "live page ready" "$WORK/service.log" || fail "vigied did not log the live page"
    ok "live page socket-activated: /status and /events on vigie-http.socket's descriptor"
    status_has "watching $WORK/drop" || fail "StatusText after READY: $(prop vigie.service StatusText)"
    ok "active after READY=1 with StatusText \"$(prop vigie.service StatusText)\""
    echo '{"op":"subscribe","since":1}' >&9
    wait_for "subscribed" 10 grep -q '"type":"subscribed"' "$WORK/client.out"

    drop_files 1 20
    wait_for "StatusText to count 20 dispatches" 30 status_has ": 20 dispatches"
    ok "StatusText updates: \"$(prop vigie.service StatusText)\""

    pid_before=$(prop vigie.service MainPID)
    sc reload vigie.service
    wait_for "StatusText to show the reload" 15 status_has "reloaded"
    [ "$(prop vigie.service MainPID)" = "$pid_before" ] || fail "reload restarted vigied"
    wait_for "active after reload" 10 prop_is vigie.service ActiveState active
    echo '{"op":"ping"}' >&9
    wait_for "pong after reload" 10 grep -q '"type":"pong"' "$WORK/client.out"
    ok "reload (config and lexicons re-read) without dropping the subscriber: \"$(prop vigie.service StatusText)\""

    # SIGKILL in the middle of a burst of dispatches; systemd restarts vigied.
    restarts=$(prop vigie.service NRestarts)
    drop_files 21 60 &
    dropper=$!
    sleep 0.3
    sc kill -s KILL vigie.service
    wait "$dropper"
    wait_for "a restart after SIGKILL" 20 prop_above vigie.service NRestarts "$restarts"
    wait_for "active after SIGKILL" 30 prop_is vigie.service ActiveState active
    wait_for "all 60 dispatches after the restart" 30 status_has ": 60 dispatches"
    pid_after=$(prop vigie.service MainPID)
    [ "$pid_after" != "$pid_before" ] || fail "same MainPID after SIGKILL"
    resumed=$(printf '{"op":"subscribe","since":1}\n{"op":"status"}\n' | socat -t 3 - "UNIX-CONNECT:$SOCK" | grep -c '"type":"subscribed"\|"type":"status"' || true)
    [ "$resumed" -ge 2 ] || fail "a subscriber could not resume after the restart"
    sc stop vigie.service
    vigied_ledger >"$WORK/ledger.ndjson" || fail "cannot read the ledger"
    # Finished dispatches only (the ledger also records runs and extraction attempts).
    grep '"kind":"finished"' "$WORK/ledger.ndjson" >"$WORK/finished.ndjson" || true
    total=$(grep -c sha256 "$WORK/finished.ndjson" || true)
    unique=$(grep -o '"sha256":"[0-9a-f]*"' "$WORK/finished.ndjson" | sort -u | wc -l)
    [ "$total" -eq 60 ] && [ "$unique" -eq 60 ] || fail "ledger holds $total entries ($unique distinct) for 60 dispatches"
    ok "SIGKILL during a burst -> restarted (pid $pid_before -> $pid_after); 60 dispatches recorded exactly once; subscribers resume"

    sc set-environment VIGIE_TEST_WEDGE_AFTER=2
    sc start vigie.service
    restarts=$(prop vigie.service NRestarts)
    wait_for "the watchdog to fire" 40 grep -q "^watchdog " "$WORK/results.log"
    sc unset-environment VIGIE_TEST_WEDGE_AFTER
    wait_for "a restart after the watchdog" 30 prop_above vigie.service NRestarts "$restarts"
    ok "wedged vigied killed by the watchdog and restarted ($(grep -m1 '^watchdog ' "$WORK/results.log"))"
    wait_for "active before stop" 30 prop_is vigie.service ActiveState active
    # A subscriber connected at stop time is told goodbye.
    (printf '{"op":"subscribe","since":1}\n'; sleep 30) | socat -t 30 - "UNIX-CONNECT:$SOCK" >"$WORK/last.out" 2>&1 &
    last_client=$!
    wait_for "the last subscriber" 10 grep -q '"type":"subscribed"' "$WORK/last.out"
    sc stop vigie.service
    [ "$(prop vigie.service Result)" = success ] || fail "stop result $(prop vigie.service Result)"
    wait_for "bye to the subscriber" 10 grep -q '"type":"bye"' "$WORK/last.out"
    kill "$last_client" 2>/dev/null || true
    ok "stopped cleanly (Result=success), the subscriber got bye"
    echo "PASS"
    exit 0
fi

# 1. Socket activation: the service starts only on the first connection.
sc daemon-reload
sc start vigie.socket || fail "vigie.socket did not start: $(sc show -p Result,LoadError vigie.socket) $(sc show -p LoadState,LoadError vigie.service) $(sc status vigie.socket 2>&1 | tail -5)"
[ "$(prop vigie.service ActiveState)" = inactive ] || fail "service started before any connection"
SOCK="$RT/vigie/events.sock"
[ -S "$SOCK" ] || fail "socket $SOCK not created by vigie.socket"
mkfifo "$WORK/client.in"
socat -t 60 - "UNIX-CONNECT:$SOCK" <"$WORK/client.in" >"$WORK/client.out" 2>&1 &
CLIENT_PID=$!
exec 9>"$WORK/client.in"
# 2. ActiveState=active only after READY=1: while start-up runs it is "activating".
states=""
for _ in $(seq 400); do
    s=$(prop vigie.service ActiveState)
    [ "${states##* }" = "$s" ] || states="$states $s"
    [ "$s" = active ] && break
    sleep 0.02
done
[ "$s" = active ] || fail "service never became active (states:$states)"
case "$states" in *" activating active") ;; *) fail "expected activating then active, saw:$states" ;; esac
ok "socket activation on first connect (states:$states)"
status=$(prop vigie.service StatusText)
[ -n "$status" ] || fail "no StatusText once active"
ok "active only after READY=1, with StatusText \"$status\""
wait_for "the greeting" 10 grep -q "hello from probe" "$WORK/client.out"

# 3. StatusText keeps changing while running.
first_status=$(prop vigie.service StatusText)
status_changed() { [ "$(prop vigie.service StatusText)" != "$first_status" ]; }
wait_for "a new StatusText after \"$first_status\"" 10 status_changed
second_status=$(prop vigie.service StatusText)
ok "StatusText updates (\"$first_status\" -> \"$second_status\")"

# 4. systemctl reload: RELOADING=1 ... READY=1, same process, subscribers stay connected.
pid_before=$(prop vigie.service MainPID)
sc reload vigie.service
wait_for "StatusText to show the reload" 10 status_has ", 1 reloads"
[ "$(prop vigie.service MainPID)" = "$pid_before" ] || fail "reload restarted the process"
[ "$(prop vigie.service ActiveState)" = active ] || fail "not active after reload"
echo "still-here-after-reload" >&9
wait_for "the echo after reload" 10 grep -q "still-here-after-reload" "$WORK/client.out"
ok "reload without dropping the connected client (pid $pid_before kept)"

# 5. SIGKILL: systemd restarts the daemon (Restart=on-failure); a new client connects.
restarts=$(prop vigie.service NRestarts)
sc kill -s KILL vigie.service
wait_for "a restart after SIGKILL" 20 prop_above vigie.service NRestarts "$restarts"
wait_for "active again after SIGKILL" 20 prop_is vigie.service ActiveState active
pid_after=$(prop vigie.service MainPID)
[ "$pid_after" != "$pid_before" ] || fail "same MainPID after SIGKILL"
greeting=$(socat -t 2 - "UNIX-CONNECT:$SOCK" </dev/null | head -1)
case "$greeting" in "hello from probe pid $pid_after") ;; *) fail "new daemon did not answer: '$greeting'" ;; esac
ok "SIGKILL -> restarted by systemd (pid $pid_before -> $pid_after, NRestarts $(prop vigie.service NRestarts))"

# 6. Watchdog: a daemon whose pipeline stops answering is killed and restarted.
sc set-environment VIGIE_TEST_WEDGE_AFTER=2
sc restart vigie.service
# A manual restart resets NRestarts: read it afterwards.
restarts=$(prop vigie.service NRestarts)
wedged_pid=$(prop vigie.service MainPID)
wait_for "the watchdog to fire" 30 grep -q "^watchdog " "$WORK/results.log"
sc unset-environment VIGIE_TEST_WEDGE_AFTER
wait_for "a restart after the watchdog" 20 prop_above vigie.service NRestarts "$restarts"
grep -q "withholding watchdog pings" "$WORK/service.log" || fail "the daemon did not log why it stopped pinging"
ok "wedged pipeline (pid $wedged_pid) killed by the watchdog and restarted (SERVICE_RESULT EXIT_CODE EXIT_STATUS: $(grep -m1 '^watchdog ' "$WORK/results.log"))"

# 7. Stop: STOPPING=1, clean exit.
wait_for "active before stop" 20 prop_is vigie.service ActiveState active
sc stop vigie.service
[ "$(prop vigie.service Result)" = success ] || fail "stop result $(prop vigie.service Result)"
ok "stopped cleanly (Result=success)"
echo "PASS"
