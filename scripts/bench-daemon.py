#!/usr/bin/env python3
"""Daemon benchmarks for `make bench` (issue 7): they print figures and assert nothing.

  latency   drop-to-subscriber latency: a producer renames a ~3 KB dispatch into the drop
            directory, a subscriber (connected with since "now") timestamps the first event
            line of that dispatch; one dispatch at a time, fsync always (the default).
  fanout    1,000 subscribers replay a burst of N events from one vigied (a log built in the
            same format vigied writes, from events vigied extracted in the latency phase), next
            to the same NDJSON lines published through a local nats-server to 1,000 NATS
            subscribers; aggregate events/s of each, the ratio, and peak RSS of each server.
  memory    vigied RSS idle (empty state) and after loading a 1,000,000-event log, and its
            start-up time on that log (spawn to a `hello` whose last_seq is 1,000,000).

Usage: bench-daemon.py --bin DIR [--dispatches 1000] [--subscribers 1000]
                       [--fanout-events 10000] [--startup-events 1000000] [--keep]
The fan-out default is 10,000 events (10 million deliveries per server) so that `make bench`
stays within a few minutes on a 2-core machine; `--fanout-events 100000` is the full burst.
The clients are one Python process with non-blocking sockets on both sides: the same client
cost for vigied and for NATS, and on a 2-core machine a share of the same two cores.
"""

import argparse
import json
import os
import selectors
import shutil
import socket
import struct
import subprocess
import sys
import tempfile
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


class Vigied:
    """A release vigied on temp directories under `root` (on disk, so fsync means something)."""

    def __init__(self, bindir, root, extra=()):
        self.bindir, self.root = bindir, root
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
            stdout=subprocess.DEVNULL, stderr=self.stderr)
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


def dispatch_texts():
    """Real dispatches of about 3 KB, each yielding events: the seeds (the dev set if absent)."""
    texts = []
    for d in [os.path.join(ROOT, "seeds"), os.path.join(ROOT, "..", "shared", "eval", "dev")]:
        if texts or not os.path.isdir(d):
            continue
        for name in sorted(os.listdir(d)):
            p = os.path.join(d, name)
            if name.endswith(".txt") and os.path.isfile(p) and 1500 <= os.path.getsize(p) <= 4500:
                texts.append(open(p, encoding="utf-8", errors="replace").read())
    return texts


def tagged(text, i):
    """A copy whose first paragraph (hence event ids) is its own."""
    head, sep, rest = text.partition("\n\n")
    return f"{head} (dépêche {i}){sep}{rest}"


def bench_latency(bindir, work, count):
    v = Vigied(bindir, os.path.join(work, "latency"))
    v.start()
    idle_rss = rss_kib(v.proc.pid)
    texts = dispatch_texts()
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.connect(v.socket)
    reader = LineReader(s)
    reader.line(10)  # hello
    s.sendall(b'{"op":"subscribe","since":"now"}\n')
    assert json.loads(reader.line(10))["type"] == "subscribed"
    latencies, sizes, skipped = [], [], 0
    for i in range(count):
        name = f"lat{i:05d}.txt"
        body = tagged(texts[i % len(texts)], 100000 + i).encode()
        tmp = os.path.join(v.drop, "." + name + ".tmp")
        with open(tmp, "wb") as out:
            out.write(body)
        sizes.append(len(body))
        wanted = b'"name":"' + name.encode() + b'"'
        t0 = time.perf_counter()
        os.rename(tmp, os.path.join(v.drop, name))
        # The first event line of this dispatch; lines of earlier dispatches are passed over.
        while True:
            line = reader.line(5)
            if line is None:
                skipped += 1  # the dispatch yielded no event
                break
            if line.startswith(b'{"type":"event"') and wanted in line:
                latencies.append(time.perf_counter() - t0)
                break
    loaded_rss = rss_kib(v.proc.pid, "VmHWM")
    s.close()
    v.stop()
    latencies.sort()
    ms = [x * 1000 for x in latencies]
    print("\n## Drop-to-subscriber latency (rename -> first event line, fsync always)")
    print(f"| dispatches | mean size | p50 | p99 | max | without event (skipped) |")
    print(f"|---|---|---|---|---|---|")
    print(f"| {len(ms)} | {sum(sizes) // len(sizes)} B | {percentile(ms, 50):.2f} ms | {percentile(ms, 99):.2f} ms"
          f" | {ms[-1]:.2f} ms | {skipped} |")
    return v, idle_rss, loaded_rss


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
        new_id = f"bench{seq:08d}"
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


def run_clients(socks, per_client_lines, on_ready=None, pump=None):
    """Reads every socket until each has `per_client_lines` more newline-terminated lines
    (for NATS: CRLFs). Returns seconds from the first byte wanted to the last."""
    sel = selectors.DefaultSelector()
    counts = {}
    for s in socks:
        s.setblocking(False)
        sel.register(s, selectors.EVENT_READ)
        counts[s] = 0
    done = 0
    t0 = time.perf_counter()
    if on_ready:
        on_ready()
    while done < len(socks):
        if pump:
            pump(counts)
        for key, _ in sel.select(timeout=1):
            s = key.fileobj
            try:
                data = s.recv(1 << 18)
            except BlockingIOError:
                continue
            if not data:
                sys.exit("a server closed a subscriber connection")
            before = counts[s]
            counts[s] += data.count(b"\n")
            if before < per_client_lines <= counts[s]:
                done += 1
                sel.unregister(s)
    return time.perf_counter() - t0


def bench_fanout(bindir, work, templates, subscribers, events):
    # vigied: subscribers connect and subscribe since 1 at once; the whole log is the burst.
    v = Vigied(bindir, os.path.join(work, "fanout"))
    lines = build_log(os.path.join(v.state, "log"), templates, events)
    v.start()
    socks = []
    for _ in range(subscribers):
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        s.connect(v.socket)
        socks.append(s)
    peak = [0]

    def subscribe_all():
        for s in socks:
            s.sendall(b'{"op":"subscribe","since":1}\n')

    def sample(_):
        peak[0] = max(peak[0], rss_kib(v.proc.pid) or 0)

    # hello + subscribed + the events
    vigied_s = run_clients(socks, events + 2, subscribe_all, sample)
    vigied_peak = max(peak[0], rss_kib(v.proc.pid, "VmHWM") or 0)
    for s in socks:
        s.close()
    v.stop()

    # nats-server: the same lines (the event JSON, as vigied sends it inside its event line).
    port = free_port()
    nats = subprocess.Popen(["nats-server", "-a", "127.0.0.1", "-p", str(port)],
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
        window, batch = 5000, 500
        published = [0]
        npeak = [0]

        def pump(counts):
            slowest = min(counts.values()) // 2
            while published[0] < events and published[0] - slowest < window:
                chunk = []
                for i in range(published[0], min(events, published[0] + batch)):
                    body = lines[i % len(lines)]
                    chunk.append(b"PUB vigie.events %d\r\n%s\r\n" % (len(body), body))
                pub.sendall(b"".join(chunk))
                published[0] = min(events, published[0] + batch)
            npeak[0] = max(npeak[0], rss_kib(nats.pid) or 0)

        # Each message is a MSG line and a payload line: 2 CRLFs.
        nats_s = run_clients(nsocks, 2 * events, None, pump)
        nats_peak = max(npeak[0], rss_kib(nats.pid, "VmHWM") or 0)
        for s in nsocks + [pub]:
            s.close()
    finally:
        nats.terminate()
        nats.wait()
    deliveries = subscribers * events
    size = sum(len(l) for l in lines) // len(lines)
    print(f"\n## Fan-out: {subscribers} subscribers x {events} events ({size} B per event, one client process)")
    print("| server | time | aggregate events/s | server peak RSS |")
    print("|---|---|---|---|")
    print(f"| vigied (Unix socket, replay since 1) | {vigied_s:.2f} s | {deliveries / vigied_s:,.0f} | {mib(vigied_peak)} |")
    print(f"| nats-server (TCP loopback, core NATS) | {nats_s:.2f} s | {deliveries / nats_s:,.0f} | {mib(nats_peak)} |")
    print(f"| ratio vigied / NATS | | {nats_s / vigied_s:.2f} | |")
    return vigied_peak


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
    print(f"| vigied RSS after opening a {events:,}-event log ({size / 2**20:.0f} MiB) | {mib(rss)} |")
    print(f"| start-up to hello with a {events:,}-event log | {seconds:.2f} s (second start {again:.2f} s) |")
    print(f"(log written by the bench in {built:.0f} s)")


def main():
    a = argparse.ArgumentParser()
    a.add_argument("--bin", required=True)
    a.add_argument("--dispatches", type=int, default=1000)
    a.add_argument("--subscribers", type=int, default=1000)
    a.add_argument("--fanout-events", type=int, default=10000)
    a.add_argument("--startup-events", type=int, default=1_000_000)
    a.add_argument("--keep", action="store_true", help="keep the work directory")
    o = a.parse_args()
    # On disk next to the build, not /tmp, so that fsync really reaches the disk.
    work = tempfile.mkdtemp(prefix="bench-daemon-", dir=os.path.join(ROOT, ".build"))
    try:
        v, idle, latency_peak = bench_latency(o.bin, work, o.dispatches)
        templates = event_templates(v.state, o.bin)
        fanout_peak = bench_fanout(o.bin, work, templates, o.subscribers, o.fanout_events)
        bench_startup(o.bin, work, templates, o.startup_events, idle, latency_peak, fanout_peak)
    finally:
        if not o.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
