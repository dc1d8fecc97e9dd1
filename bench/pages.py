"""Time the public pages against the real data set: python bench/pages.py [--repeat N].

Loads the data into a throwaway database (SQLite in a temp folder unless DATABASE_URL is set,
in which case a test database next to it is created and dropped), then requests each page N
times with Django's test client and prints the median and 95th-percentile times and the query
count. Speed is measured here, never asserted in tests.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import setup_django, throwaway_database, time_in_process  # noqa: E402

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
    setup_django()
    with throwaway_database() as connection:
        from bills.loading import load_bills

        load_bills()
        print(f"database: {connection.vendor}, {args.repeat} requests per page\n")
        time_in_process(PAGES, args.repeat)


if __name__ == "__main__":
    main()
