"""Time the search and the place pages at 10,000 bills: python bench/search.py [--bills N] [--repeat N].

Meant for PostgreSQL (DATABASE_URL=postgres://…/billtracker_search_bench): a test database next
to the named one is created, filled with the real data set plus N synthetic bills (four rules
each, bills/synthetic.py), analysed, timed through Django's test client (page cache off) against a
bare Django view (the floor: middleware and the client, no query), and dropped. It then prints EXPLAIN
ANALYZE for the page's bill query, to show the GIN indexes in use. Never asserted in tests.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import setup_django, throwaway_database, time_in_process  # noqa: E402

PAGES = [
    ("bare Django view", "/bench/bare/"),
    ("bill list, no search", "/bills/"),
    ("search: warrant", "/bills/?q=warrant"),
    ("search: face surveillance", "/bills/?q=face+surveillance"),
    ("search: vendor", "/bills/?q=vendor"),
    ("search: washington warrant", "/bills/?q=washington+warrant"),
    ("search: SB 6280", "/bills/?q=SB+6280"),
    ("search + filters", "/bills/?q=police&status=in-force&level=state&party=law-enforcement"),
    ("search: no match", "/bills/?q=zeppelin"),
    ("search: warrant, page 2", "/bills/?q=warrant&page=2"),
    ("place page: a state", "/places/washington/"),
    ("place page: a city, three levels", "/places/boston/"),
    ("places list and map", "/places/"),
]


def explain(text: str) -> None:
    """EXPLAIN ANALYZE for the first page of the list's bill query (the lines naming an index)."""
    from django.db import connection

    from bills.models import Bill
    from bills.search import search_bills

    bills = search_bills(Bill.objects.published().for_list(), text)[:25]
    plan = bills.explain(analyze=True) if connection.vendor == "postgresql" else bills.explain()
    print(f"\nEXPLAIN ANALYZE, search “{text}”, first page (index lines and totals):")
    for line in plan.splitlines():
        if "search_idx" in line or "Execution Time" in line or "Planning Time" in line:
            print("  " + line.strip())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bills", type=int, default=10_000, help="synthetic bills (default 10,000)")
    parser.add_argument("--repeat", type=int, default=30, help="requests per page (default 30)")
    args = parser.parse_args()
    setup_django()
    with throwaway_database(urlconf="bench.urls") as connection:
        from bills.loading import load_bills
        from bills.models import Bill, Provision
        from bills.synthetic import make_synthetic_bills

        load_bills()
        make_synthetic_bills(args.bills, provisions_per_bill=4)
        print(
            f"database: {connection.vendor}, {Bill.objects.count()} bills, "
            f"{Provision.objects.count()} provisions, {args.repeat} requests per page\n"
        )
        time_in_process(PAGES, args.repeat)
        explain("warrant")
        explain("washington warrant")


if __name__ == "__main__":
    main()
