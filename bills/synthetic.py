"""Synthetic bills for the benchmark (bench/): many plausible laws, deterministic, written in bulk.

Never for a real database: ``manage.py bench_data`` refuses any database whose name does not end
in ``_bench``. Every bill is marked in its slug (``synthetic-…``) and its notes, so nobody can take
one for research.
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass

from django.db import connection

from .cache import content_changed
from .models import (
    Action,
    Bill,
    Category,
    Confidence,
    Coverage,
    Effect,
    Jurisdiction,
    Party,
    Provision,
    Source,
    Sponsor,
    Status,
    bill_date,
    bill_year,
)

BATCH = 5000
# Roughly the real data's mix: mostly state bills, then cities and nations.
LEVEL_WEIGHTS = {"state": 70, "city": 15, "county": 3, "national": 10, "international": 2}
STATUS_WEIGHTS = {
    Status.INTRODUCED: 30,
    Status.IN_COMMITTEE: 25,
    Status.PASSED_ONE_CHAMBER: 8,
    Status.PASSED_LEGISLATURE: 3,
    Status.ENACTED: 15,
    Status.VETOED: 2,
    Status.FAILED: 15,
    Status.EXPIRED: 1,
    Status.REPEALED: 1,
}
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
VERBS = {
    Effect.REQUIRES: "must",
    Effect.PROHIBITS: "may not",
    Effect.LIMITS: "may only in narrow cases",
    Effect.PERMITS: "may",
    Effect.EXEMPTS: "need not",
    Effect.GRANTS: "may sue when others",
}
SYNTHETIC_NOTE = "Synthetic benchmark data: not a real bill."


@dataclass
class Reference:
    """The reference rows the synthetic bills point at, fetched once."""

    places: list[Jurisdiction]
    place_weights: list[int]
    categories: list[Category]
    parties: list[Party]

    @classmethod
    def fetch(cls) -> Reference:
        places = list(Jurisdiction.objects.all())
        return cls(
            places=places,
            place_weights=[LEVEL_WEIGHTS.get(place.level, 1) for place in places],
            categories=list(Category.objects.all()),
            parties=list(Party.objects.all()),
        )


def _bill(n: int, rng: random.Random, ref: Reference) -> Bill:
    topic = rng.choice(TOPICS)
    status = rng.choices(list(STATUS_WEIGHTS), weights=list(STATUS_WEIGHTS.values()))[0]
    introduced = datetime.date(2015, 1, 1) + datetime.timedelta(days=rng.randrange(4300))
    decided = introduced + datetime.timedelta(days=rng.randrange(30, 400))
    bill = Bill(
        jurisdiction=rng.choices(ref.places, weights=ref.place_weights)[0],
        identifier=f"{rng.choice(['SB', 'HB', 'AB', 'LD', 'Ord.'])} {n + 1}",
        slug=f"synthetic-{n + 1}",
        title=f"An act relating to {topic} and the privacy of residents, number {n + 1}",
        short_title=f"{topic.title()} Act {n + 1}" if n % 3 == 0 else "",
        session=f"{introduced.year} Regular Session",
        status=status,
        status_date=decided if status != Status.INTRODUCED else None,
        introduced=introduced,
        effective=decided + datetime.timedelta(days=90) if status == Status.ENACTED else None,
        summary=f"Sets rules for the use of {topic} by agencies, police and businesses.",
        plain_summary=f"This bill sets rules for {topic}. It says who may use it and when.",
        coverage=Coverage.COMPLETE if n % 4 == 0 else Coverage.PARTIAL,
        research_notes=SYNTHETIC_NOTE,
        is_published=n % 20 != 0,
    )
    bill.sort_date, bill.year = bill_date(bill), bill_year(bill)
    return bill


def _provisions(bill: Bill, n: int, rng: random.Random, ref: Reference, per_bill: int):
    """``per_bill`` rules of ``bill``, each with one to three parties (returned beside it)."""
    for k in range(per_bill):
        category = ref.categories[(n + k * 7) % len(ref.categories)]
        effect = rng.choice(list(Effect))
        parties = rng.sample(ref.parties, k=rng.choice([1, 1, 2, 2, 3]))
        who, thing = parties[0].name.capitalize(), rng.choice(TOPICS)
        yield (
            Provision(
                bill=bill,
                category=category,
                effect=effect,
                plain=f"{who} {VERBS[effect]} use {thing} ({category.name.lower()}).",
                detail=f"Section {k + 1} of the act: {category.name}. " * 3,
                section=f"Sec. {k + 1}",
                excerpt=f"({k + 1}) A person {VERBS[effect]} use {rng.choice(TOPICS)} except as provided.",
                confidence=rng.choice(list(Confidence)),
                display_order=k,
                is_published=(n + k) % 33 != 0,
            ),
            parties,
        )


def _parts(bill: Bill, n: int) -> tuple[list, list, list]:
    sponsors = [Sponsor(bill=bill, name=f"Sen. Example {n % 500}", display_order=0)]
    actions = [Action(bill=bill, date=bill.introduced, description="Introduced")]
    if bill.status_date:
        actions.append(Action(bill=bill, date=bill.status_date, description=bill.get_status_display()))
    sources = [Source(bill=bill, label="Bill text", url=f"https://example.org/bills/{bill.slug}")]
    return sponsors, actions, sources


def make_synthetic_bills(count: int, provisions_per_bill: int = 20, seed: int = 14) -> int:
    """Write ``count`` synthetic bills with their rules and parts in bulk; returns the rules written."""
    rng, ref = random.Random(seed), Reference.fetch()
    bills = Bill.objects.bulk_create((_bill(n, rng, ref) for n in range(count)), batch_size=BATCH)
    written = 0
    for start in range(0, len(bills), 1000):  # a thousand bills at a time keeps memory flat
        chunk = list(enumerate(bills[start : start + 1000], start=start))
        rows = [row for n, bill in chunk for row in _provisions(bill, n, rng, ref, provisions_per_bill)]
        provisions = Provision.objects.bulk_create([p for p, _ in rows], batch_size=BATCH)
        through = Provision.parties.through
        through.objects.bulk_create(
            [
                through(provision_id=p.pk, party_id=party.pk)
                for p, (_, ps) in zip(provisions, rows, strict=True)
                for party in ps
            ],
            batch_size=BATCH,
        )
        parts = [_parts(bill, n) for n, bill in chunk]
        for index, model in enumerate([Sponsor, Action, Source]):
            model.objects.bulk_create([row for part in parts for row in part[index]], batch_size=BATCH)
        written += len(provisions)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    content_changed()  # bulk_create sends no signal
    return written
