"""Serve the app under gunicorn beside a bare Django view and time every page, cold and warm-cached.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/billtracker_bench .venv/bin/python bench/serve.py

The database must be a benchmark one (its name ends in _bench); it is created and filled with
``manage.py bench_data`` (10,000 synthetic bills by default) unless it already holds them.
gunicorn runs with gunicorn.conf.py (threaded workers), debug off, bench/settings.py (production
settings plus the bare view and a middleware that reports queries per request). Requests are
sequential, on one kept-alive connection.

Per page: median and p95 latency, page size, queries, the workers' CPU per request (every thread of
every worker, from /proc), and throughput as a share of the bare view's (the bare view's CPU per
request over the page's: what the page would serve beside it on CPU-bound workers). "Cold": the
content version is bumped before each request, so every request renders and keeps the page
afresh, as after an edit. "Warm": the page is answered from the cache. Then the workers' memory.
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import os
import signal
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import ROOT, loopback_only, percentile, print_table, require_bench_database  # noqa: E402

BARE = ("bare Django view", "/bench/bare/")
PAGES = [
    ("home", "/"),
    ("bill list", "/bills/"),
    ("bill list, ?q=warrant", "/bills/?q=warrant"),
    ("bill page (14 rules)", "/bills/wa-sb-6280-2020/"),
    ("grid, default", "/compare/"),
    ("grid, 3 bills", "/compare/?bills=wa-sb-6280-2020&bills=me-ld-1585-2021&bills=mt-sb-397-2023"),
    ("topic", "/topics/warrant/"),
    ("party", "/affected/law-enforcement/"),
    ("place (a state)", "/places/washington/"),
    ("list: topics", "/topics/"),
    ("list: who is affected", "/affected/"),
    ("list: places", "/places/"),
    ("API: bills", "/api/v1/bills/"),
]


@dataclass
class Sample:
    """What the requests to one page in one mode showed."""

    latencies_ms: list[float]
    size: int
    queries: int
    cpu_ms: float  # the workers' CPU per request
    statuses: set[str]
    hits: int


def worker_pids(master: int) -> list[int]:
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    return [int(pid) for pid in children]


def worker_cpu_ns(pids: list[int]) -> int:
    """Time on a CPU of every thread of the workers (schedstat: nanoseconds, unlike /proc/stat's ticks)."""
    total = 0
    for pid in pids:
        for task in Path(f"/proc/{pid}/task").iterdir():
            with contextlib.suppress(FileNotFoundError, ProcessLookupError):  # a thread that ended
                total += int((task / "schedstat").read_text().split()[0])
    return total


def worker_rss_mb(pids: list[int]) -> list[float]:
    sizes = []
    for pid in pids:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                sizes.append(int(line.split()[1]) / 1024)
    return sizes


def fetch(conn: http.client.HTTPConnection, path: str, cold: bool) -> tuple[str, bytes, dict]:
    headers = {"Accept": "text/html,application/json", "X-Bench-Cold": "1" if cold else ""}
    try:
        conn.request("GET", path, headers={k: v for k, v in headers.items() if v})
        response = conn.getresponse()
        return str(response.status), response.read(), dict(response.getheaders())
    except (OSError, http.client.HTTPException) as error:
        conn.close()
        return type(error).__name__, b"", {}


def measure(conn, pids, path: str, *, cold: bool, repeat: int, budget: float) -> Sample:
    """Up to ``repeat`` sequential requests, stopping early after ``budget`` seconds (at least one)."""
    fetch(conn, path, cold=False)  # templates compiled, the page kept (for warm)
    latencies, statuses, hits, size, queries = [], set(), 0, 0, 0
    cpu_before, deadline = worker_cpu_ns(pids), time.monotonic() + budget
    while len(latencies) < repeat and (not latencies or time.monotonic() < deadline):
        started = time.perf_counter()
        status, body, headers = fetch(conn, path, cold)
        latencies.append((time.perf_counter() - started) * 1000)
        statuses.add(status)
        hits += headers.get("X-Cache") == "hit"
        size, queries = len(body), int(headers.get("X-Queries", 0))
    cpu_ms = (worker_cpu_ns(pids) - cpu_before) / 1e6 / len(latencies)
    return Sample(latencies, size, queries, cpu_ms, statuses, hits)


def start_gunicorn(port: int, env: dict[str, str]) -> subprocess.Popen:
    server = subprocess.Popen(
        [str(ROOT / ".venv/bin/gunicorn"), "billtracker.wsgi", "--config", "gunicorn.conf.py"],
        cwd=ROOT,
        env={**env, "GUNICORN_BIND": f"127.0.0.1:{port}"},
        stderr=subprocess.DEVNULL,
    )
    for _ in range(100):
        time.sleep(0.2)
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            status, _, _ = fetch(conn, "/healthz", cold=False)
            if status == "200":
                return server
        except OSError:
            pass
    server.terminate()
    raise SystemExit("gunicorn did not answer /healthz within 20 s.")


def server_env() -> dict[str, str]:
    require_bench_database()
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "DJANGO_SECRET_KEY": os.environ.get("DJANGO_SECRET_KEY", "bench-only-not-secret"),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_DEBUG": "0",
        "DJANGO_API_RATE": "1000000/minute",  # the benchmark measures the API, not its throttle
    }


def row(name: str, sample: Sample, bare_cpu: float, warm: bool) -> list[str]:
    ms = sample.latencies_ms
    bad = sorted(sample.statuses - {"200"})
    return [
        name,
        f"{statistics.median(ms):.1f}",
        f"{percentile(ms, 0.95):.1f}",
        f"{sample.size / 1024:.0f}",
        str(sample.queries),
        f"{sample.cpu_ms:.2f}",
        f"{100 * bare_cpu / sample.cpu_ms:.1f}%" if sample.cpu_ms else "-",
        f"{sample.hits}/{len(ms)}" if warm else str(len(ms)),
        ",".join(bad) or "ok",
    ]


def run(args, env: dict[str, str]) -> None:
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "--verbosity", "0"],
        cwd=ROOT,
        env=env,
        check=True,
    )
    server = start_gunicorn(args.port, env)
    try:
        pids = worker_pids(server.pid)
        conn = http.client.HTTPConnection("127.0.0.1", args.port, timeout=60)
        bare = measure(conn, pids, BARE[1], cold=False, repeat=args.repeat * 10, budget=args.budget)
        headers = ["page", "median ms", "p95 ms", "KB", "queries", "CPU ms", "× bare", "requests", "errors"]
        for mode in ("cold", "warm"):
            print(
                f"\n{mode.upper()}: "
                + ("every request rendered afresh" if mode == "cold" else "from the cache")
            )
            rows = [row(BARE[0], bare, bare.cpu_ms, warm=False)]
            for name, path in PAGES:
                repeat = args.repeat if mode == "cold" else args.repeat * 5
                sample = measure(conn, pids, path, cold=mode == "cold", repeat=repeat, budget=args.budget)
                rows.append(row(name, sample, bare.cpu_ms, warm=mode == "warm"))
            print_table(headers, rows)
        rss = worker_rss_mb(pids)
        print(f"\nworker memory (RSS) after the run: {', '.join(f'{mb:.0f} MB' for mb in rss)}")
    finally:
        server.terminate()
        server.wait(timeout=30)


def main() -> None:
    # Stopped with kill: stop gunicorn too (the finally in run()), rather than leave it serving.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=8031, help="where gunicorn listens (127.0.0.1)")
    parser.add_argument("--repeat", type=int, default=20, help="cold requests per page (warm: 5×, bare: 10×)")
    parser.add_argument("--budget", type=float, default=30.0, help="seconds per page and mode at most")
    parser.add_argument("--bills", type=int, default=10_000, help="synthetic bills (default 10,000)")
    parser.add_argument("--rebuild", action="store_true", help="refill the database even if it is full")
    args = parser.parse_args()
    loopback_only(f"http://127.0.0.1:{args.port}")
    env = server_env()
    command = [sys.executable, "manage.py", "bench_data", "--bills", str(args.bills)]
    subprocess.run(command + ([] if args.rebuild else ["--if-missing"]), cwd=ROOT, env=env, check=True)
    cache = "Redis" if env.get("REDIS_URL") else "local memory"
    print(f"database: {env['DATABASE_URL'].rsplit('/', 1)[-1]}, page cache: {cache}")
    run(args, env)


if __name__ == "__main__":
    main()
