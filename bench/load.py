"""Load a running `make serve` from this machine: python bench/load.py [--connections 64] [--seconds 60].

Three bars from issue 12, measured (never asserted in tests):

* 64 connections for 60 s on the bill list, a bill page and a grid: errors and timeouts;
* with ``--idle 4`` idle connections open, a probe request every half second still answers fast;
* with ``--restart-at S --restart-cmd '…'`` the command (a PostgreSQL restart) runs once at S
  seconds: while it is down only 503s are expected, and full service within 5 s of its return.

Only loopback addresses are accepted as targets, every loop is bounded by --seconds, and the
restart command runs at most once. Standard library only, so it runs from any Python 3.11.
"""

from __future__ import annotations

import argparse
import http.client
import shlex
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import loopback_only, percentile  # noqa: E402

PAGES = ["/bills/", "/bills/wa-sb-6280-2020/", "/compare/"]
PROBE_PAGE = "/about/"
# Sent with --no-cache: a session cookie takes a visitor past the page cache, as a signed-in
# editor's browser would (the session is unknown, so the page is the public one).
HEADERS = {"Accept": "text/html"}


@dataclass
class Results:
    """What every connection saw, by second since the start and in total."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    outcomes: Counter = field(default_factory=Counter)
    by_second: dict[int, Counter] = field(default_factory=lambda: defaultdict(Counter))
    latencies: list[float] = field(default_factory=list)
    probe_latencies: list[float] = field(default_factory=list)
    restart: dict[str, float] = field(default_factory=dict)
    idle_opened: int = 0

    def record(self, started_at: float, outcome: str, latency: float) -> None:
        with self.lock:
            self.outcomes[outcome] += 1
            self.by_second[int(started_at)][outcome] += 1
            if outcome == "200":
                self.latencies.append(latency)


def request_once(conn: http.client.HTTPConnection, path: str) -> str:
    """One GET on a kept-alive connection; the status as text, or the kind of failure."""
    try:
        conn.request("GET", path, headers=HEADERS)
        response = conn.getresponse()
        response.read()
        if response.getheader("Connection", "").lower() == "close":
            conn.close()
        return str(response.status)
    except TimeoutError:
        conn.close()
        return "timeout"
    except (OSError, http.client.HTTPException):
        conn.close()
        return "error"


def visitor(host: str, port: int, start: float, stop: float, offset: int, results: Results) -> None:
    """One connection going round the pages until ``stop``."""
    conn = http.client.HTTPConnection(host, port, timeout=10)
    number = offset
    while time.monotonic() < stop:
        path = PAGES[number % len(PAGES)]
        number += 1
        began = time.monotonic()
        outcome = request_once(conn, path)
        results.record(began - start, outcome, time.monotonic() - began)
        if outcome in ("error", "timeout"):
            time.sleep(0.05)  # A refused connection fails at once; do not spin.
    conn.close()


def probe(host: str, port: int, stop: float, results: Results) -> None:
    """A fresh connection every half second, as a new visitor would open one."""
    while time.monotonic() < stop:
        began = time.monotonic()
        conn = http.client.HTTPConnection(host, port, timeout=10)
        outcome = request_once(conn, PROBE_PAGE)
        conn.close()
        if outcome == "200":
            results.probe_latencies.append(time.monotonic() - began)
        time.sleep(0.5)


def keep_idle(host: str, port: int, count: int, stop: float, results: Results) -> None:
    """Hold ``count`` connections that send nothing (a stalled phone, a slowloris client) open
    until ``stop``, opening a new one whenever the server closes one."""
    idle: list[socket.socket] = []
    while time.monotonic() < stop:
        for sock in list(idle):
            sock.setblocking(False)
            try:
                if sock.recv(1) == b"":  # Closed by the server.
                    idle.remove(sock)
                    sock.close()
            except BlockingIOError:
                pass  # Still open, still idle.
            except OSError:
                idle.remove(sock)
        while len(idle) < count:
            idle.append(socket.create_connection((host, port), timeout=10))
            results.idle_opened += 1
        time.sleep(0.25)
    for sock in idle:
        sock.close()


def restart_later(command: str, at: float, start: float, results: Results) -> None:
    """Run ``command`` once, ``at`` seconds in; note when it started and when it returned."""
    time.sleep(max(0.0, start + at - time.monotonic()))
    results.restart["began"] = time.monotonic() - start
    subprocess.run(shlex.split(command), check=False, timeout=120)
    results.restart["returned"] = time.monotonic() - start


def report(results: Results, seconds: float) -> None:
    total = sum(results.outcomes.values())
    print(f"requests: {total} in {seconds:.0f} s ({total / seconds:.0f}/s)")
    print("outcomes: " + ", ".join(f"{name}: {count}" for name, count in sorted(results.outcomes.items())))
    if results.latencies:
        ms = [value * 1000 for value in results.latencies]
        print(
            f"200 latency ms: median {statistics.median(ms):.0f}, p95 {percentile(ms, 0.95):.0f}, "
            f"p99 {percentile(ms, 0.99):.0f}, max {max(ms):.0f}"
        )
    if results.idle_opened:
        print(
            f"idle connections opened (kept open, reopened when the server closed one): {results.idle_opened}"
        )
    if results.probe_latencies:
        ms = [value * 1000 for value in results.probe_latencies]
        print(f"probe {PROBE_PAGE} ms: n {len(ms)}, median {statistics.median(ms):.0f}, max {max(ms):.0f}")
    if results.restart:
        report_restart(results)


def report_restart(results: Results) -> None:
    """Per second around the restart, and how long after its return service was whole again."""
    began, returned = results.restart["began"], results.restart.get("returned", float("nan"))
    print(f"restart command: began at {began:.1f} s, returned at {returned:.1f} s")
    for second in range(int(began) - 2, int(returned) + 8):
        counts = results.by_second.get(second, Counter())
        print(f"  t={second:3d}s " + ", ".join(f"{k}: {v}" for k, v in sorted(counts.items())))
    bad = [s for s, counts in results.by_second.items() if set(counts) - {"200"} and s >= int(returned)]
    recovered = (max(bad) + 1 - returned) if bad else 0.0
    print(f"full service (only 200s) from {max(recovered, 0.0):.1f} s after the command returned")
    others = {k: v for k, v in sum(results.by_second.values(), Counter()).items() if k not in ("200", "503")}
    print(f"outcomes other than 200 and 503 during the whole run: {others or 'none'}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default="http://127.0.0.1:8011", help="the running server (loopback only)")
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--pages", nargs="+", default=list(PAGES), help=f"paths to go round ({PAGES})")
    parser.add_argument(
        "--no-cache",
        action="store_true",
        help="send a session cookie, so no answer comes from the page cache",
    )
    parser.add_argument("--idle", type=int, default=0, help="idle connections to hold open meanwhile")
    parser.add_argument("--restart-at", type=float, help="seconds in, run --restart-cmd once")
    parser.add_argument(
        "--restart-cmd", help="e.g. 'pg_ctlcluster --skip-systemctl-redirect 15 main restart'"
    )
    args = parser.parse_args()
    if not 0 < args.seconds <= 300 or not 0 <= args.connections <= 256:
        raise SystemExit("Keep it bounded: at most 300 seconds and 256 connections.")

    host, port = loopback_only(args.url)
    if args.no_cache:
        HEADERS["Cookie"] = "sessionid=bench-no-cache"
    PAGES[:] = args.pages
    results = Results()
    start = time.monotonic()
    stop = start + args.seconds
    threads = [
        threading.Thread(target=visitor, args=(host, port, start, stop, n, results), daemon=True)
        for n in range(args.connections)
    ]
    threads.append(threading.Thread(target=probe, args=(host, port, stop, results), daemon=True))
    if args.idle:
        threads.append(
            threading.Thread(target=keep_idle, args=(host, port, args.idle, stop, results), daemon=True)
        )
    if args.restart_at is not None and args.restart_cmd:
        restart = threading.Thread(
            target=restart_later, args=(args.restart_cmd, args.restart_at, start, results)
        )
        threads.append(restart)
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=args.seconds + 130)
    report(results, args.seconds)


if __name__ == "__main__":
    main()
