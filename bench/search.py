"""Time the search and the place pages at 10,000 bills: python bench/search.py [--bills N] [--repeat N].

Meant for PostgreSQL (DATABASE_URL=postgres://…/billtracker_search_bench): a test database next
to the named one is created, filled with the real data set plus N synthetic bills (four rules
each, deterministic text), analysed, timed through Django's test client against a bare Django
view (the floor: middleware and the client, no query), and dropped. It then prints EXPLAIN
ANALYZE for the page's bill query, to show the GIN indexes in use. Never asserted in tests.
"""

from __future__ import annotations

import argparse
import datetime
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
from django.http import HttpResponse  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402
from django.urls import include, path  # noqa: E402


def bare(request):
    """The floor: a view that does nothing, behind the same middleware."""
    return HttpResponse("ok")


urlpatterns = [path("bench/bare/", bare), path("", include("billtracker.urls"))]

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

TOPICS = [
    "facial recognition",
    "face surveillance",
    "biometric data",
    "body cameras",
    "drones",
    "license plate readers",
    "student privacy",
    "retail security cameras",
    "data brokers",
    "voice prints",
]
RULES = [
    ("warrant", ["law-enforcement"], "Police must get a warrant before they use {topic} to find a person."),
    ("usage-reporting", ["government-agencies"], "Agencies must publish a yearly report on their {topic}."),
    ("consent", ["private-entities"], "A business must get written consent before it collects {topic}."),
    ("independent-testing", ["developers"], "A vendor must test its {topic} tools for bias before sale."),
    ("ban", ["schools"], "Schools may not buy or use {topic}."),
    ("notice", ["private-entities"], "Stores must post a sign when {topic} are in use."),
]


def make_synthetic_bills(count: int) -> None:
    """``count`` published bills spread over every state, four rules each, in a few bulk inserts."""
    from bills.models import Bill, Category, Jurisdiction, Party, Provision

    states = list(Jurisdiction.objects.filter(level=Jurisdiction.Level.STATE))
    categories = {c.slug: c for c in Category.objects.all()}
    parties = {p.slug: p for p in Party.objects.all()}
    rules = [rule for rule in RULES if rule[0] in categories]
    day = datetime.date(2020, 1, 1)
    bills = Bill.objects.bulk_create(
        Bill(
            jurisdiction=states[n % len(states)],
            identifier=f"HB {n}",
            slug=f"bench-hb-{n}",
            title=f"An act relating to {TOPICS[n % len(TOPICS)]} and {TOPICS[(n * 7 + 3) % len(TOPICS)]}",
            session=f"{2015 + n % 10} Regular Session",
            status=["introduced", "enacted", "failed", "in-committee"][n % 4],
            introduced=day + datetime.timedelta(days=n % 1500),
            sort_date=day + datetime.timedelta(days=n % 1500),
            year=(day + datetime.timedelta(days=n % 1500)).year,
            plain_summary=f"This bill sets rules for {TOPICS[n % len(TOPICS)]}.",
            is_published=n % 20 != 0,
        )
        for n in range(count)
    )
    provisions, chosen = [], []
    for n, bill in enumerate(bills):
        for k in range(4):
            slug, party_slugs, text = rules[(n + k * 5) % len(rules)]
            topic = TOPICS[(n + k) % len(TOPICS)]
            provisions.append(
                Provision(
                    bill=bill,
                    category=categories[slug],
                    effect="requires",
                    plain=text.format(topic=topic),
                    section=f"Sec. {k + 1}",
                    display_order=k,
                    is_published=(n + k) % 15 != 0,
                )
            )
            chosen.append(party_slugs)
    Provision.objects.bulk_create(provisions, batch_size=2000)
    Through = Provision.parties.through
    Through.objects.bulk_create(
        [
            Through(provision_id=p.pk, party_id=parties[slug].pk)
            for p, slugs in zip(provisions, chosen, strict=True)
            for slug in slugs
        ],
        batch_size=5000,
    )


def time_pages(repeat: int) -> None:
    from django.test import Client

    client = Client()
    print(f"{'page':32} {'median ms':>10} {'p95 ms':>8} {'queries':>8}")
    for name, url in PAGES:
        client.get(url)  # warm caches and templates
        timings = []
        for _ in range(repeat):
            reset_queries()
            started = time.perf_counter()
            response = client.get(url)
            timings.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, (url, response.status_code)
        p95 = statistics.quantiles(timings, n=20)[-1]
        print(f"{name:32} {statistics.median(timings):10.1f} {p95:8.1f} {len(connection.queries):8d}")


def explain(text: str) -> None:
    """EXPLAIN ANALYZE for the first page of the list's bill query (the lines naming an index)."""
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

    setup_test_environment()
    settings.ROOT_URLCONF = __name__
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.DEBUG = True  # only to count queries; templates and middleware are unchanged
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        from bills.loading import load_bills
        from bills.models import Bill, Provision

        load_bills()
        make_synthetic_bills(args.bills)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        print(
            f"database: {connection.vendor}, {Bill.objects.count()} bills, "
            f"{Provision.objects.count()} provisions, {args.repeat} requests per page\n"
        )
        time_pages(args.repeat)
        explain("warrant")
        explain("washington warrant")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
