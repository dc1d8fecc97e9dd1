"""Time the public pages against the real data set: python bench/pages.py [--repeat N].

Loads the data into a throwaway database (SQLite in a temp folder unless DATABASE_URL is set,
in which case a test database next to it is created and dropped), then requests each page N
times with Django's test client and prints the median and 95th-percentile times and the query
count. Speed is measured here, never asserted in tests.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SECRET_KEY", "bench-only-not-secret")
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver")
if "DATABASE_URL" not in os.environ:
    os.environ["DATABASE_URL"] = f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "billtracker.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection, reset_queries  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

PAGES = [
    ("home", "/"),
    ("bill list", "/bills/"),
    ("bill list, filtered", "/bills/?status=enacted&level=state&party=law-enforcement&q=face"),
    ("bill page (14 provisions)", "/bills/wa-sb-6280-2020/"),
    ("grid, newest laws in force", "/compare/"),
    ("grid, 3 bills", "/compare/?bills=wa-sb-6280-2020&bills=me-ld-1585-2021&bills=mt-sb-397-2023"),
    ("grid CSV, newest laws in force", "/compare/csv/"),
    ("topic page", "/topics/warrant/"),
    ("party page", "/affected/law-enforcement/"),
    ("place page, a state", "/places/washington/"),
    ("place page, a city (3 levels)", "/places/boston/"),
    ("places list and map", "/places/"),
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=30, help="requests per page (default 30)")
    args = parser.parse_args()

    setup_test_environment()
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.DEBUG = True  # only to count queries; templates and middleware are unchanged
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        from django.test import Client

        from bills.loading import load_bills

        load_bills()
        client = Client()
        print(f"database: {connection.vendor}, {args.repeat} requests per page\n")
        print(f"{'page':30} {'median ms':>10} {'p95 ms':>8} {'queries':>8}")
        for name, url in PAGES:
            client.get(url)  # warm caches and templates
            timings = []
            for _ in range(args.repeat):
                reset_queries()
                started = time.perf_counter()
                response = client.get(url)
                timings.append((time.perf_counter() - started) * 1000)
                assert response.status_code == 200, (url, response.status_code)
            queries = len(connection.queries)
            p95 = statistics.quantiles(timings, n=20)[-1]
            print(f"{name:30} {statistics.median(timings):10.1f} {p95:8.1f} {queries:8d}")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
