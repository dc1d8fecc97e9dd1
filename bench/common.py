"""What the benchmarks share: Django set up on a throwaway database, a timing loop, and HTTP helpers.

Importing this module loads nothing but the standard library, so bench/load.py still runs from any
Python 3.11; ``setup_django()`` and ``throwaway_database()`` are for the in-process benchmarks.
"""

from __future__ import annotations

import contextlib
import ipaddress
import os
import socket
import statistics
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent


def setup_django(settings_module: str = "billtracker.settings") -> None:
    """Django on the project, debug off, on DATABASE_URL (a temporary SQLite file when unset)."""
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SECRET_KEY", "bench-only-not-secret")
    os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", settings_module)
    import django

    django.setup()


@contextlib.contextmanager
def throwaway_database(urlconf: str | None = None):
    """A test database next to DATABASE_URL's, created for the run and dropped after it.

    Debug is switched on only so that queries are counted; templates and middleware are as
    in production, but the page cache is off: every request is rendered. Static files are served
    plain (no manifest to collect).
    """
    import logging

    from django.conf import settings
    from django.db import connection
    from django.test.utils import setup_test_environment

    setup_test_environment()
    logging.getLogger("billtracker.requests").disabled = True  # a line per request drowns the table
    if urlconf:
        settings.ROOT_URLCONF = urlconf
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.DEBUG = True
    settings.PAGE_CACHE = False
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        yield connection
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


def time_in_process(pages: list[tuple[str, str]], repeat: int) -> None:
    """Each page ``repeat`` times through Django's test client: median, p95 (ms) and queries."""
    from django.db import connection, reset_queries
    from django.test import Client

    client = Client()
    print_table(["page", "median ms", "p95 ms", "queries"], [])
    for name, url in pages:
        client.get(url)  # warm templates and the database's own caches
        timings = []
        for _ in range(repeat):
            reset_queries()
            started = time.perf_counter()
            response = client.get(url)
            timings.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, (url, response.status_code)
        row = [name, f"{statistics.median(timings):.1f}", f"{percentile(timings, 0.95):.1f}"]
        print_row(row + [str(len(connection.queries))])


WIDTHS = [34, 10, 10, 8, 10, 10, 10, 10, 10, 10]


def print_table(headers: list[str], rows: list[list[str]]) -> None:
    print_row(headers)
    print_row(["-" * (width - 2) for width in WIDTHS[: len(headers)]])
    for row in rows:
        print_row(row)


def print_row(cells: list[str]) -> None:
    first, *rest = cells
    print(
        f"{first:{WIDTHS[0]}}"
        + "".join(f"{cell:>{width}}" for cell, width in zip(rest, WIDTHS[1:], strict=False))
    )


def percentile(values: list[float], share: float) -> float:
    """The value below which ``share`` of ``values`` lie (nearest rank); NaN for no values."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else float("nan")


def loopback_only(url: str) -> tuple[str, int]:
    """The host and port of ``url``, refusing anything that is not this machine."""
    parts = urlsplit(url)
    host, port = parts.hostname or "", parts.port or 80
    for info in socket.getaddrinfo(host, port, proto=socket.IPPROTO_TCP):
        if not ipaddress.ip_address(info[4][0]).is_loopback:
            raise SystemExit(f"{url} is not a loopback address; this benchmark only loads this machine.")
    return host, port


def require_bench_database() -> str:
    """DATABASE_URL, if it names a benchmark database (``…_bench``, or ``…_bench.sqlite3``); else stop."""
    url = os.environ.get("DATABASE_URL", "")
    if not Path(urlsplit(url).path).stem.endswith("_bench"):
        raise SystemExit("Set DATABASE_URL to a benchmark database (its name ends in _bench).")
    return url
