"""The review queue: what needs an editor's attention, counted, each with the list to work through."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count, Q
from django.urls import reverse

from .models import Bill, Confidence, Coverage, Provision
from .readability import hard_ids


@dataclass(frozen=True)
class QueueItem:
    """One kind of work: how many are waiting, and where the list of them is."""

    label: str
    hint: str
    count: int
    url: str


def _changelist(model_name: str, query: str) -> str:
    return f"{reverse(f'admin:bills_{model_name}_changelist')}?{query}"


def _counts(queryset, **filters) -> dict[str, int]:
    """How many rows of ``queryset`` match each named filter, in one query."""
    return queryset.aggregate(**{name: Count("pk", filter=where) for name, where in filters.items()})


# Each kind of work, in the order an editor would take it up: (label, hint, count, changelist query).
QUEUE = [
    (
        "Low-confidence provisions",
        "Backed by one secondary source: check them against the law's text.",
        "provisions_low",
        "provision?review=needed",
    ),
    (
        "Bills with partial coverage",
        "Read from summaries or part of the text: read the rest and add what is missing.",
        "bills_partial",
        "bill?coverage__exact=partial",
    ),
    (
        "Facts checked more than a year ago, or never",
        "Check them against the sources, then use “Mark facts checked today”.",
        "bills_stale",
        "bill?checked=stale",
    ),
    (
        "Laws whose sunset has passed",
        "Still marked enacted: check whether they were extended, and update the status.",
        "bills_sunset",
        "bill?sunset=passed",
    ),
    (
        "Hard-to-read bill summaries",
        "Plain-language summaries above grade 8: shorter sentences, everyday words.",
        "bills_hard",
        "bill?reading=hard",
    ),
    (
        "Hard-to-read provisions",
        "Plain-language summaries of rules above grade 8.",
        "provisions_hard",
        "provision?reading=hard",
    ),
    (
        "Draft bills",
        "Not on the public site: publish them once they have a source and a published provision.",
        "bills_drafts",
        "bill?publishing=draft",
    ),
    (
        "Draft provisions",
        "Rules the public does not see yet: publish them, or delete those not needed.",
        "provisions_drafts",
        "provision?publishing=draft",
    ),
]


def waiting_counts(*, on: datetime.date) -> dict[str, int]:
    """How many bills and provisions wait for each kind of work on day ``on``: four queries."""
    bills = _counts(
        Bill.objects.all(),
        partial=Q(coverage=Coverage.PARTIAL),
        stale=Q(pk__in=Bill.objects.facts_stale(on=on).values("pk")),
        sunset=Q(pk__in=Bill.objects.sunset_passed(on=on).values("pk")),
        drafts=Q(is_published=False),
    )
    provisions = _counts(
        Provision.objects.all(), low=Q(confidence=Confidence.LOW), drafts=Q(is_published=False)
    )
    bills["hard"] = len(hard_ids(Bill.objects.order_by().values_list("pk", "plain_summary")))
    provisions["hard"] = len(hard_ids(Provision.objects.order_by().values_list("pk", "plain")))
    return {
        **{f"bills_{name}": count for name, count in bills.items()},
        **{f"provisions_{name}": count for name, count in provisions.items()},
    }


def review_queue(*, on: datetime.date) -> list[QueueItem]:
    """Every kind of work waiting on day ``on``, each with the filtered list to work through."""
    counts = waiting_counts(on=on)
    items = []
    for label, hint, count, address in QUEUE:
        model_name, query = address.split("?")
        items.append(QueueItem(label, hint, counts[count], _changelist(model_name, query)))
    return items
