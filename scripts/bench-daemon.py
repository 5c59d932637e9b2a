#!/usr/bin/env python3
"""Daemon benchmarks for `make bench` (issue 7): they print figures and assert nothing.

  latency   drop-to-subscriber latency: a producer renames a ~3 KB dispatch into the drop
            directory, a subscriber (connected with since "now") timestamps the first event
            line of that dispatch; one dispatch at a time, fsync always (the default). Every
            dispatch is distinct (a tag in its first line, which event ids hash) and yields events.
  fan-out   1,000 subscribers on one vigied, two ways, next to nats-server:
            - live: the subscribers are connected and subscribed at the end of the log, then a
              burst of dispatches (about N events) is renamed into the drop directory; vigied
              extracts and appends them and streams each event to every subscriber;
            - replay: a log of N events is written beforehand (vigied's format, events vigied
              extracted in the latency phase), the subscribers all subscribe since 1 at once;
            - nats-server: the same N event JSON lines published through a local nats-server to
              1,000 core-NATS subscribers, as fast as the slowest subscriber reads.
            Aggregate events/s (subscribers x events / time to the last subscriber done), each
            server's peak RSS, and the ratios.
  memory    vigied RSS idle (empty state) and after opening a 1,000,000-event log, and its
            start-up time on that log (spawn to a `hello` whose last_seq is 1,000,000).

Usage: bench-daemon.py --bin DIR [--dispatches 1000] [--subscribers 1000]
                       [--fanout-events 10000] [--startup-events 1000000]
                       [--phases latency,fanout,memory] [--keep]
The fan-out default is 10,000 events (10 million deliveries per server) so that `make bench`
stays within about 10 minutes on a 2-core machine; `--fanout-events 100000` is the full burst.
The clients are one Python process with non-blocking sockets: the same client cost for vigied
and for NATS, and on a 2-core machine a share of the same two cores.
"""

import argparse
import hashlib
import json
import os
import selectors
import shutil
import socket
import struct
import subprocess
import sys
import tempfile
import threading
import time
import zlib

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def rss_kib(pid, field="VmRSS"):
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
    except OSError:
        return None
    return None


def mib(kib):
    return f"{kib / 1024:.1f} MiB" if kib is not None else "n/a"


STARTED = []


def stop_all():
    """Stops every vigied this script started and that is still running (after a failure too)."""
    for v in STARTED:
        v.stop()


class Vigied:
    """A release vigied on temp directories under `root` (on disk, so fsync means something)."""

    def __init__(self, bindir, root, extra=(), env=None):
        self.bindir, self.root = bindir, root
        # No heartbeats: a client counting lines must count events only.
        self.env = dict(os.environ, VIGIE_HEARTBEAT_SECONDS="3600", **(env or {}))
        self.drop, self.state = os.path.join(root, "drop"), os.path.join(root, "state")
        self.socket = os.path.join(root, "events.sock")
        os.makedirs(self.drop, exist_ok=True)
        self.extra = list(extra)
        self.proc = None

    def start(self, wait=True):
        self.stderr = open(os.path.join(self.root, "vigied.stderr"), "ab")
        self.started = time.perf_counter()
        self.proc = subprocess.Popen(
            [os.path.join(self.bindir, "vigied"), "--drop", self.drop, "--state", self.state,
             "--socket", self.socket] + self.extra,
            stdout=subprocess.DEVNULL, stderr=self.stderr, env=self.env)
        STARTED.append(self)
        if wait:
            self.wait_hello()

    def wait_hello(self, timeout=300):
        """Connects until the server says hello; returns (seconds since spawn, hello)."""
        deadline = time.perf_counter() + timeout
        while time.perf_counter() < deadline:
            if self.proc.poll() is not None:
                sys.exit(f"vigied exited: see {self.root}/vigied.stderr")
            try:
                s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
                s.connect(self.socket)
                line = s.makefile("rb").readline()
                s.close()
                if line:
                    return time.perf_counter() - self.started, json.loads(line)
            except OSError:
                pass
            time.sleep(0.002)
        sys.exit("vigied did not answer")

    def stop(self):
        if self.proc:
            self.proc.terminate()
            self.proc.wait()
            self.proc = None


class LineReader:
    """Lines from a socket, with a timeout per line (None when it passes)."""

    def __init__(self, sock):
        self.sock, self.buffer = sock, b""

    def line(self, timeout):
        deadline = time.perf_counter() + timeout
        while b"\n" not in self.buffer:
            left = deadline - time.perf_counter()
            if left <= 0:
                return None
            self.sock.settimeout(left)
            try:
                data = self.sock.recv(1 << 16)
            except socket.timeout:
                return None
            if not data:
                sys.exit("vigied closed the stream")
            self.buffer += data
        line, _, self.buffer = self.buffer.partition(b"\n")
        return line


def percentile(sorted_values, p):
    return sorted_values[min(len(sorted_values) - 1, int(round(p / 100 * (len(sorted_values) - 1))))]


def dispatch_texts(dev=False):
    """Real dispatches of about 3 KB, each yielding events: the seeds (the dev set if absent, or
    both with `dev`)."""
    texts = []
    for d in [os.path.join(ROOT, "seeds"), os.path.join(ROOT, "..", "shared", "eval", "dev")]:
        if (texts and not dev) or not os.path.isdir(d):
            continue
        for name in sorted(os.listdir(d)):
            p = os.path.join(d, name)
            if name.endswith(".txt") and os.path.isfile(p) and 1500 <= os.path.getsize(p) <= 4500:
                texts.append(open(p, encoding="utf-8", errors="replace").read())
    return texts


def tagged(text, i):
    """A copy with bytes and event ids of its own. Event ids hash the dispatch's first line (its
    first paragraph, to vigied), so the tag goes at the end of that line: a tag anywhere else
    gives a new sha but the same ids, and vigied appends nothing for it (by design)."""
    head, sep, rest = text.partition("\n")
    return f"{head} (dépêche {i}){sep}{rest}"


def bench_latency(bindir, work, count, fsync="always", analysis=False):
    extra = ["--fsync", fsync] + (["--analysis", "on"] if analysis else [])
    v = Vigied(bindir, os.path.join(work, "latency-" + fsync + ("-analysis" if analysis else "")), extra=extra)
    v.start()
    idle_rss = rss_kib(v.proc.pid)
    texts = dispatch_texts()
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.connect(v.socket)
    reader = LineReader(s)
    reader.line(10)  # hello
    s.sendall(b'{"op":"subscribe","since":"now"}\n')
    assert json.loads(reader.line(10))["type"] == "subscribed"

    def drop(name, body, timeout):
        """Renames `body` in as `name`; seconds to the first event line of it, None if none came."""
        tmp = os.path.join(v.drop, "." + name + ".tmp")
        with open(tmp, "wb") as out:
            out.write(body)
        wanted = b'"name":"' + name.encode() + b'"'
        t0 = time.perf_counter()
        os.rename(tmp, os.path.join(v.drop, name))
        # The first event line of this dispatch; lines of earlier dispatches are passed over.
        while True:
            line = reader.line(timeout)
            if line is None:
                return None
            if line.startswith(b'{"type":"event"') and wanted in line:
                return time.perf_counter() - t0

    # Warm-up, not measured: every text once (first-use costs), and proof that each one, tagged,
    # yields an event; a text that does not is left out rather than timed out 1,000 times.
    texts = [t for i, t in enumerate(texts) if drop(f"warm{i:03d}.txt", tagged(t, 900000 + i).encode(), 10)]
    if not texts:
        sys.exit("no seed dispatch yields an event: nothing to measure latency with")
    bodies = [tagged(texts[i % len(texts)], 100000 + i).encode() for i in range(count)]
    # Every dispatch is new to vigied: a repeat of the same bytes would add nothing.
    assert len({hashlib.sha256(b).digest() for b in bodies}) == count
    latencies, missing = [], []
    for i, body in enumerate(bodies):
        name = f"lat{i:05d}.txt"
        seconds = drop(name, body, 10)
        if seconds is None:
            missing.append(name)
        else:
            latencies.append(seconds)
    loaded_rss = rss_kib(v.proc.pid, "VmHWM")
    s.close()
    v.stop()
    latencies.sort()
    ms = [x * 1000 for x in latencies]
    label = f"vigied --fsync {fsync}" + (" --analysis on" if analysis else "")
    print(f"| {label} | {len(ms)} | {sum(map(len, bodies)) // len(bodies)} B | {percentile(ms, 50):.2f} ms"
          f" | {percentile(ms, 90):.2f} ms | {percentile(ms, 99):.2f} ms | {ms[-1]:.2f} ms | {len(missing)} |")
    if missing:
        print(f"(no event line within 10 s for: {', '.join(missing[:10])})")
    sys.stdout.flush()
    return v, idle_rss, loaded_rss, texts


def bench_disk_fsync(work, count):
    """The disk's own cost: append 3 KB to a file and fsync it, `count` times, in the directory
    vigied's log was in. vigied's latency with fsync always cannot be below this."""
    path = os.path.join(work, "fsync-probe")
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    ms = []
    try:
        for _ in range(count):
            os.write(fd, b"x" * 3000)
            t0 = time.perf_counter()
            os.fsync(fd)
            ms.append((time.perf_counter() - t0) * 1000)
    finally:
        os.close(fd)
        os.unlink(path)
    ms.sort()
    print(f"| the disk alone: write 3 KB + fsync | {count} | 3000 B | {percentile(ms, 50):.2f} ms"
          f" | {percentile(ms, 90):.2f} ms | {percentile(ms, 99):.2f} ms | {ms[-1]:.2f} ms | |")
    sys.stdout.flush()


def event_templates(state, bindir):
    out = subprocess.run([os.path.join(bindir, "vigied"), "--dump-log", "--state", state],
                         capture_output=True, check=True).stdout
    events = [json.loads(l)["event"] for l in out.splitlines() if l.startswith(b'{"type":"event"')]
    if not events:
        sys.exit("the latency phase logged no events: no template for the synthetic logs")
    return events


def build_log(directory, templates, count, segment_bytes=64 << 20):
    """Writes `count` events in vigied's segment format (see Sources/Daemon/Log): files
    <first seq, 20 digits>.seg, magic VIGSEG1, frames u32 length | u32 CRC-32 | payload, payload
    kind 1 | u64 seq | u64 append millis | u16 id length | id | event JSON. Returns the lines."""
    os.makedirs(directory, exist_ok=True)
    encoded = [json.dumps(t, ensure_ascii=False, separators=(",", ":"), sort_keys=True) for t in templates]
    millis = int(time.time() * 1000)
    seg, size, first = None, 0, 1
    lines = []
    for seq in range(1, count + 1):
        if seg is None or size >= segment_bytes:
            if seg:
                seg.close()
            seg = open(os.path.join(directory, f"{seq:020d}.seg"), "wb")
            seg.write(b"VIGSEG1\n")
            size = 8
        t = encoded[seq % len(encoded)]
        old_id = templates[seq % len(templates)]["id"]
        # 32 hex digits, like the extractor's ids (vigied packs those in its id index).
        new_id = hashlib.md5(b"bench-%d" % seq).hexdigest()
        body = t.replace(f'"id":"{old_id}"', f'"id":"{new_id}"', 1).encode()
        idb = new_id.encode()
        payload = struct.pack("<BQQH", 1, seq, millis, len(idb)) + idb + body
        frame = struct.pack("<II", len(payload), zlib.crc32(payload)) + payload
        seg.write(frame)
        size += len(frame)
        if len(lines) < count and count <= 200_000:
            lines.append(body)
    seg.close()
    return lines


def run_clients(socks, target, on_ready=None, pump=None, observer=None):
    """Reads every socket until it has `target()` newline-terminated lines (for NATS: CRLFs);
    `target()` may be None while unknown. `observer` is (socket, callback(bytes)) for one more
    connection whose data is parsed rather than counted. Returns (seconds from `on_ready` to the
    last socket done, sorted seconds at which each socket was done)."""
    sel = selectors.DefaultSelector()
    counts = {}
    for s in socks:
        s.setblocking(False)
        sel.register(s, selectors.EVENT_READ)
        counts[s] = 0
    if observer:
        observer[0].setblocking(False)
        sel.register(observer[0], selectors.EVENT_READ)
    pending = set(socks)
    tails = {}
    buffer = bytearray(1 << 18)
    view = memoryview(buffer)
    finished = []
    t0 = time.perf_counter()
    if on_ready:
        on_ready()
    known = False

    def done(s):
        finished.append(time.perf_counter() - t0)
        pending.discard(s)
        sel.unregister(s)

    while pending:
        if pump:
            pump(counts)
        wanted = target()
        if wanted is not None and not known:
            # The target just became known: sockets already past it are done.
            known = True
            for s in [s for s in pending if counts[s] >= wanted]:
                done(s)
        for key, _ in sel.select(timeout=0.05):
            s = key.fileobj
            try:
                n = s.recv_into(view)
            except BlockingIOError:
                continue
            if not n:
                sys.exit(f"a server closed a subscriber connection after {counts.get(s, 0)} lines;"
                         f" the end of what it sent: {tails.get(s, b'')!r}")
            tails[s] = bytes(view[max(0, n - 400):n])
            if observer and s is observer[0]:
                observer[1](bytes(view[:n]))
                continue
            counts[s] += buffer.count(b"\n", 0, n)
            if wanted is not None and counts[s] >= wanted:
                done(s)
    return time.perf_counter() - t0, sorted(finished)


class RssSampler:
    """Peak VmRSS of a process, sampled at most every 20 ms (and VmHWM at the end)."""

    def __init__(self, pid):
        self.pid, self.peak, self.last = pid, 0, 0.0

    def __call__(self, _=None):
        now = time.perf_counter()
        if now - self.last >= 0.02:
            self.last = now
            self.peak = max(self.peak, rss_kib(self.pid) or 0)

    def final(self):
        return max(self.peak, rss_kib(self.pid, "VmHWM") or 0)


# One client process reads 1,000 sockets in turn on a loaded 2-core machine: a subscriber may
# wait longer than vigied's default 10 s slow-consumer timeout for its turn. The fan-out runs
# measure throughput, not that cut (tested in ServeTests), so both servers get 60 s.
FANOUT_ENV = {"VIGIE_SLOW_CONSUMER_SECONDS": "60"}


def connect_subscribers(v, count):
    """`count` connections to vigied, each past its hello; returns them and the hello's last_seq."""
    socks, last = [], 0
    for _ in range(count):
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        s.connect(v.socket)
        hello = LineReader(s).line(30)
        last = json.loads(hello)["last_seq"]
        socks.append(s)
    return socks, last


def bench_replay(bindir, work, templates, subscribers, events):
    """vigied, replay: the burst is already in the log; subscribers connect, then all subscribe
    since 1 at once."""
    v = Vigied(bindir, os.path.join(work, "replay"), env=FANOUT_ENV)
    lines = build_log(os.path.join(v.state, "log"), templates, events)
    v.start()
    socks, _ = connect_subscribers(v, subscribers)
    rss = RssSampler(v.proc.pid)

    def subscribe_all():
        for s in socks:
            s.sendall(b'{"op":"subscribe","since":1}\n')

    # subscribed + the events
    seconds, _ = run_clients(socks, lambda: events + 1, subscribe_all, rss)
    peak = rss.final()
    for s in socks:
        s.close()
    v.stop()
    return seconds, peak, lines


def segment_append_millis(log_dir, first_seq, last_seq):
    """Append times (ms since 1970) of `first_seq` and `last_seq`, read from vigied's segments."""
    found = {}
    for name in sorted(os.listdir(log_dir)):
        if not name.endswith(".seg"):
            continue
        data = open(os.path.join(log_dir, name), "rb").read()
        at = 8
        while at + 8 <= len(data):
            length, _ = struct.unpack_from("<II", data, at)
            kind, seq, millis = struct.unpack_from("<BQQ", data, at + 8)
            if seq in (first_seq, last_seq):
                found[seq] = millis
            at += 8 + length
    return found.get(first_seq), found.get(last_seq)


def bench_live(bindir, work, texts, per_dispatch, subscribers, events):
    """vigied, live: subscribers are connected and subscribed at the end of the log; then a burst
    of dispatches is renamed into the drop directory, and every event vigied extracts and appends
    reaches every subscriber as it is appended. The burst's source is vigied's own ingestion
    (extraction on the same 2 cores), so the ingest span is printed next to the delivery time."""
    v = Vigied(bindir, os.path.join(work, "live"), env=FANOUT_ENV)
    staging = os.path.join(v.root, "staging")
    os.makedirs(staging)
    count = max(1, -(-events // max(1, int(per_dispatch))))
    names = []
    for i in range(count):
        name = f"burst{i:06d}.txt"
        with open(os.path.join(staging, name), "wb") as out:
            out.write(tagged(texts[i % len(texts)], 200000 + i).encode())
        names.append(name)
    # Processed last (vigied takes files in the order the kernel reports them, or by name on a
    # rescan): its first event line marks the end of the burst.
    marker = "zzzz-end-of-burst.txt"
    with open(os.path.join(staging, marker), "wb") as out:
        out.write(tagged(texts[0], 299999).encode())
    names.append(marker)
    v.start()
    socks, last = connect_subscribers(v, subscribers)
    start = last + 1
    observer = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    observer.connect(v.socket)
    LineReader(observer).line(30)
    for s in socks + [observer]:
        s.sendall(b'{"op":"subscribe","since":%d}\n' % start)
    # Wait until every subscription is in place, so that the burst is live for all of them.
    for s in socks + [observer]:
        s.settimeout(30)
        assert b'"subscribed"' in s.recv(4096)
    rss = RssSampler(v.proc.pid)
    end_seq = [None]
    buffer = [b""]
    marker_bytes = b'"name":"' + marker.encode() + b'"'

    def observe(data):
        buffer[0] += data
        *complete, buffer[0] = buffer[0].split(b"\n")
        for line in complete:
            if end_seq[0] is None and marker_bytes in line:
                end_seq[0] = json.loads(line)["seq"]

    def target():
        return None if end_seq[0] is None else end_seq[0] - start + 1

    def burst():
        for name in names:
            os.rename(os.path.join(staging, name), os.path.join(v.drop, name))

    wall0 = time.time()
    producer = threading.Thread(target=burst)
    seconds, finished = run_clients(socks, target, producer.start, rss, (observer, observe))
    producer.join()
    peak = rss.final()
    for s in socks + [observer]:
        s.close()
    v.stop()
    n = end_seq[0] - start + 1
    first_ms, last_ms = segment_append_millis(os.path.join(v.state, "log"), start, end_seq[0])
    ingest = (last_ms - first_ms) / 1000 if first_ms and last_ms else None
    lag = finished[-1] - (last_ms / 1000 - wall0) if last_ms else None
    return seconds, peak, n, count, ingest, lag, finished


def bench_nats(work, lines, subscribers, events):
    """nats-server: the same lines (the event JSON, as vigied sends it inside its event line),
    published as fast as the slowest subscriber allows."""
    port = free_port()
    # The same slack as vigied's (FANOUT_ENV) instead of NATS's 10 s write deadline, which cut
    # subscribers off at 1,000 x 10,000.
    config = os.path.join(work, "nats.conf")
    with open(config, "w") as out:
        out.write('write_deadline: "60s"\nmax_pending: 268435456\n')
    nats = subprocess.Popen(["nats-server", "-a", "127.0.0.1", "-p", str(port), "-c", config],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        nsocks = []
        for _ in range(subscribers):
            for _ in range(200):
                try:
                    s = socket.create_connection(("127.0.0.1", port))
                    break
                except OSError:
                    time.sleep(0.02)
            f = s.makefile("rb")
            f.readline()  # INFO
            s.sendall(b'CONNECT {"verbose":false,"pedantic":false}\r\nSUB vigie.events 1\r\nPING\r\n')
            while f.readline().strip() != b"PONG":
                pass
            nsocks.append(s)
        pub = socket.create_connection(("127.0.0.1", port))
        pub.makefile("rb").readline()
        pub.sendall(b'CONNECT {"verbose":false,"pedantic":false}\r\n')
        # Flow control: publish in batches, keeping at most `window` events ahead of the slowest
        # subscriber, so that no NATS subscriber is cut off as a slow consumer.
        window, batch = 2000, 250
        published = [0]
        rss = RssSampler(nats.pid)

        def pump(counts):
            slowest = min(counts.values()) // 2
            while published[0] < events and published[0] - slowest < window:
                chunk = []
                for i in range(published[0], min(events, published[0] + batch)):
                    body = lines[i % len(lines)]
                    chunk.append(b"PUB vigie.events %d\r\n%s\r\n" % (len(body), body))
                pub.sendall(b"".join(chunk))
                published[0] = min(events, published[0] + batch)
            rss()

        # Each message is a MSG line and a payload line: 2 CRLFs.
        seconds, _ = run_clients(nsocks, lambda: 2 * events, None, pump)
        peak = rss.final()
        for s in nsocks + [pub]:
            s.close()
    finally:
        nats.terminate()
        nats.wait()
    return seconds, peak


def bench_fanout(bindir, work, templates, texts, per_dispatch, subscribers, events):
    replay_s, replay_peak, lines = bench_replay(bindir, work, templates, subscribers, events)
    live_s, live_peak, live_n, dispatches, ingest, lag, finished = bench_live(
        bindir, work, texts, per_dispatch, subscribers, events)
    nats_s, nats_peak = bench_nats(work, lines, subscribers, events)
    size = sum(len(l) for l in lines) // len(lines)
    print(f"\n## Fan-out: {subscribers:,} subscribers, one client process for all"
          f" (event JSON {size} B; vigied adds the seq wrapper, NATS a MSG line)")
    print("| server, mode | events | time to the last subscriber | aggregate events/s | server peak RSS |")
    print("|---|---|---|---|---|")
    replay_rate = subscribers * events / replay_s
    live_rate = subscribers * live_n / live_s
    nats_rate = subscribers * events / nats_s
    print(f"| vigied, replay (log written beforehand, all subscribe since 1 at once) | {events:,}"
          f" | {replay_s:.2f} s | {replay_rate:,.0f} | {mib(replay_peak)} |")
    print(f"| vigied, live ({dispatches:,} dispatches renamed in while all are subscribed) | {live_n:,}"
          f" | {live_s:.2f} s | {live_rate:,.0f} | {mib(live_peak)} |")
    print(f"| nats-server, core NATS over TCP loopback, flow-controlled publisher | {events:,}"
          f" | {nats_s:.2f} s | {nats_rate:,.0f} | {mib(nats_peak)} |")
    print(f"| ratio vigied replay / NATS | | | {replay_rate / nats_rate:.2f} | |")
    print(f"| ratio vigied live / NATS | | | {live_rate / nats_rate:.2f} | |")
    if ingest is not None:
        print(f"(live: vigied appended the {live_n:,} events over {ingest:.2f} s (extraction, same cores);"
              f" the last subscriber had the last event {lag * 1000:.0f} ms after it was appended;"
              f" median subscriber done at {finished[len(finished) // 2]:.2f} s)")
    sys.stdout.flush()
    return max(replay_peak, live_peak)


def bench_workers(bindir, work, count):
    """The drop directory with 1 and with N coding workers: a burst of `count` tagged dispatches
    renamed in at once, timed until every one is processed; then the latency of a normal
    dispatch dropped 0.5 s after a coding-time bomb (4 MB with no sentence punctuation)."""
    texts = dispatch_texts()
    bodies = [tagged(texts[i % len(texts)], 300000 + i).encode() for i in range(count)]
    megabytes = sum(map(len, bodies)) / 1e6
    cores = os.cpu_count() or 1
    rows = []
    for workers in sorted({1, cores}):
        v = Vigied(bindir, os.path.join(work, f"workers-{workers}"),
                   extra=["--coding-workers", str(workers), "--disposition", "move"])
        v.start()
        staging = os.path.join(v.root, "staging")
        os.makedirs(staging)
        for i, body in enumerate(bodies):
            with open(os.path.join(staging, f"b{i:05d}.txt"), "wb") as out:
                out.write(body)
        processed = os.path.join(v.drop, "processed")
        t0 = time.perf_counter()
        for i in range(count):
            os.rename(os.path.join(staging, f"b{i:05d}.txt"), os.path.join(v.drop, f"b{i:05d}.txt"))
        while not os.path.isdir(processed) or len(os.listdir(processed)) < count:
            time.sleep(0.005)
        seconds = time.perf_counter() - t0
        v.stop()
        rows.append((workers, seconds))
        print(f"| {workers} | {count} | {megabytes:.1f} MB | {seconds:.2f} s | {count / seconds:.0f} | "
              f"{megabytes / seconds:.2f} |")
    if len(rows) == 2:
        print(f"({rows[1][0]} workers / 1 worker throughput ratio: {rows[0][1] / rows[1][1]:.2f})")
    sys.stdout.flush()

    words = ("le gouvernement a annoncé que les forces armées ont attaqué la ville et que la Russie "
             "condamne ces actes").split()
    bomb = (" ".join(words[i % len(words)] for i in range(600_000))).encode()[:4_000_000]
    print("\n## A normal dispatch dropped 0.5 s after a 4 MB coding-time bomb (budget 10 s)")
    print("| coding workers | first event of the normal dispatch | bomb |")
    print("|---|---|---|")
    for workers in sorted({1, cores}):
        v = Vigied(bindir, os.path.join(work, f"bomb-{workers}"), extra=["--coding-workers", str(workers)])
        v.start()
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        s.connect(v.socket)
        reader = LineReader(s)
        reader.line(10)
        s.sendall(b'{"op":"subscribe","since":"now"}\n')
        reader.line(10)
        with open(os.path.join(v.root, "bomb.tmp"), "wb") as out:
            out.write(bomb)
        os.rename(os.path.join(v.root, "bomb.tmp"), os.path.join(v.drop, "bomb.txt"))
        time.sleep(0.5)
        with open(os.path.join(v.root, "normal.tmp"), "wb") as out:
            out.write(tagged(texts[0], 777777).encode())
        t0 = time.perf_counter()
        os.rename(os.path.join(v.root, "normal.tmp"), os.path.join(v.drop, "normal.txt"))
        waited = None
        while waited is None:
            line = reader.line(30)
            if line is None:
                break
            if b'"name":"normal.txt"' in line:
                waited = time.perf_counter() - t0
        reason = os.path.join(v.drop, "quarantine", "bomb.txt.reason")
        deadline = time.time() + 30
        while not os.path.exists(reason) and time.time() < deadline:
            time.sleep(0.05)
        fate = open(reason).read().split(":")[0] if os.path.exists(reason) else "coded"
        s.close()
        v.stop()
        print(f"| {workers} | {'%.3f s' % waited if waited is not None else 'none in 30 s'} | {fate} |")
    sys.stdout.flush()


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def bench_startup(bindir, work, templates, events, idle_rss, latency_peak, fanout_peak):
    v = Vigied(bindir, os.path.join(work, "startup"))
    t = time.perf_counter()
    build_log(os.path.join(v.state, "log"), templates, events)
    built = time.perf_counter() - t
    size = sum(os.path.getsize(os.path.join(v.state, "log", n)) for n in os.listdir(os.path.join(v.state, "log")))
    subprocess.run(["sync"])
    v.start(wait=False)
    seconds, hello = v.wait_hello()
    assert hello.get("last_seq") == events, hello
    rss = rss_kib(v.proc.pid)
    hwm = rss_kib(v.proc.pid, "VmHWM")
    v.stop()
    # A second start: the segments are in the page cache either way on this machine.
    v.start(wait=False)
    again, _ = v.wait_hello()
    v.stop()
    print(f"\n## Memory and start-up")
    print("| figure | value |")
    print("|---|---|")
    print(f"| vigied RSS idle (empty state, extractor loaded) | {mib(idle_rss)} |")
    print(f"| vigied peak RSS during the latency run | {mib(latency_peak)} |")
    print(f"| vigied peak RSS during the fan-out | {mib(fanout_peak)} |")
    print(f"| vigied RSS after opening a {events:,}-event log ({size / 2**20:.0f} MiB) | {mib(rss)} (peak {mib(hwm)}) |")
    print(f"| start-up to hello with a {events:,}-event log | {seconds:.2f} s (second start {again:.2f} s) |")
    print(f"(log written by the bench in {built:.0f} s)")


def main():
    a = argparse.ArgumentParser()
    a.add_argument("--bin", required=True)
    a.add_argument("--dispatches", type=int, default=1000)
    a.add_argument("--subscribers", type=int, default=1000)
    a.add_argument("--fanout-events", type=int, default=10000)
    a.add_argument("--startup-events", type=int, default=1_000_000)
    a.add_argument("--workers-dispatches", type=int, default=400)
    a.add_argument("--phases", default="latency,fanout,memory,workers",
                   help="which tables to print (fan-out and memory need the latency phase's events)")
    a.add_argument("--keep", action="store_true", help="keep the work directory")
    o = a.parse_args()
    # On disk next to the build, not /tmp, so that fsync really reaches the disk.
    work = tempfile.mkdtemp(prefix="bench-daemon-", dir=os.path.join(ROOT, ".build"))
    try:
        phases = set(o.phases.split(","))
        # The latency run always happens: the other phases use the events it logged.
        dispatches = o.dispatches if "latency" in phases else min(o.dispatches, 50)
        print("\n## Drop-to-subscriber latency (rename -> first event line of the dispatch, one at a time)")
        print("| run | dispatches | mean size | p50 | p90 | p99 | max | without event |")
        print("|---|---|---|---|---|---|---|---|")
        v, idle, latency_peak, texts = bench_latency(o.bin, work, dispatches)
        if "latency" in phases:
            # Where the time goes: the same without fsync, and the disk's fsync alone.
            bench_latency(o.bin, work, dispatches, fsync="never")
            # With the French analysis in front of the coder (the model from `make model`).
            bench_latency(o.bin, work, dispatches, analysis=True)
            bench_disk_fsync(work, dispatches)
        templates = event_templates(v.state, o.bin)
        per_dispatch = sum(t["dispatch"]["name"].startswith("lat") for t in templates) / dispatches
        fanout_peak = None
        if "fanout" in phases:
            fanout_peak = bench_fanout(o.bin, work, templates, texts, per_dispatch, o.subscribers, o.fanout_events)
        if "memory" in phases:
            bench_startup(o.bin, work, templates, o.startup_events, idle, latency_peak, fanout_peak)
        if "workers" in phases:
            print("\n## Drop-directory throughput by coding workers (a burst renamed in at once)")
            print("| coding workers | dispatches | size | time | dispatches/s | MB/s |")
            print("|---|---|---|---|---|---|")
            bench_workers(o.bin, work, o.workers_dispatches)
    finally:
        stop_all()
        if not o.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
