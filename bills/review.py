"""The review queue: what needs an editor's attention, counted, each with the list to work through."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.urls import reverse

from .models import Bill, Coverage, Provision
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


def review_queue(*, on: datetime.date) -> list[QueueItem]:
    """Every kind of work waiting on day ``on``, in the order an editor would take it up."""
    bills, provisions = Bill.objects.all(), Provision.objects.all()
    return [
        QueueItem(
            "Low-confidence provisions",
            "Backed by one secondary source: check them against the law's text.",
            provisions.needing_review().count(),
            _changelist("provision", "review=needed"),
        ),
        QueueItem(
            "Bills with partial coverage",
            "Read from summaries or part of the text: read the rest and add what is missing.",
            bills.filter(coverage=Coverage.PARTIAL).count(),
            _changelist("bill", "coverage__exact=partial"),
        ),
        QueueItem(
            "Facts checked more than a year ago, or never",
            "Check them against the sources, then use “Mark facts checked today”.",
            bills.facts_stale(on=on).count(),
            _changelist("bill", "checked=stale"),
        ),
        QueueItem(
            "Laws whose sunset has passed",
            "Still marked enacted: check whether they were extended, and update the status.",
            bills.sunset_passed(on=on).count(),
            _changelist("bill", "sunset=passed"),
        ),
        QueueItem(
            "Hard-to-read bill summaries",
            "Plain-language summaries above grade 8: shorter sentences, everyday words.",
            len(hard_ids(bills.values_list("pk", "plain_summary"))),
            _changelist("bill", "reading=hard"),
        ),
        QueueItem(
            "Hard-to-read provisions",
            "Plain-language summaries of rules above grade 8.",
            len(hard_ids(provisions.values_list("pk", "plain"))),
            _changelist("provision", "reading=hard"),
        ),
        QueueItem(
            "Draft bills",
            "Not on the public site: publish them once they have a source and a published provision.",
            bills.filter(is_published=False).count(),
            _changelist("bill", "publishing=draft"),
        ),
        QueueItem(
            "Draft provisions",
            "Rules the public does not see yet: publish them, or delete those not needed.",
            provisions.filter(is_published=False).count(),
            _changelist("provision", "publishing=draft"),
        ),
    ]
