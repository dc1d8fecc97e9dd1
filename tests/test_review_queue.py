"""The review queue: what needs an editor's attention, each line a link to the right filtered list.

Edna the editor works through it; Vera the visitor may not see it.
"""

import datetime

import pytest
from django.urls import reverse

from bills import clock
from bills.models import Confidence, Coverage, Status

from .factories import make_bill, make_provision

pytestmark = pytest.mark.usefixtures("fast_password_hashing")

TODAY = datetime.date(2026, 12, 1)
QUEUE = reverse("admin:bills_bill_review")
# Session, user, her permissions (two), one count of bills, one of provisions, and the two lists of
# texts graded for reading.
REVIEW_QUEUE_QUERIES = 8
HARD = (
    "Notwithstanding the foregoing, comprehensive accountability determinations necessitate "
    "substantial organizational commitments from governmental instrumentalities."
)


@pytest.fixture
def today(monkeypatch):
    monkeypatch.setattr(clock, "today", lambda: TODAY)
    return TODAY


@pytest.fixture
def work(taxonomy, today):
    """One of each kind of waiting work, among bills and provisions that need nothing."""
    fine = {"checked": datetime.date(2026, 6, 1), "coverage": Coverage.COMPLETE}
    ok_bill = make_bill(**fine)
    make_provision(ok_bill, category="warrant")
    partial = make_bill(**{**fine, "coverage": Coverage.PARTIAL})
    stale = make_bill(**{**fine, "checked": datetime.date(2025, 11, 30)})
    never = make_bill(**{**fine, "checked": None})
    sunset = make_bill(**fine, effective=datetime.date(2021, 1, 1), expires=datetime.date(2026, 7, 1))
    make_bill(
        **fine, status=Status.EXPIRED, effective=datetime.date(2021, 1, 1), expires=datetime.date(2026, 7, 1)
    )
    hard_bill = make_bill(**fine, plain_summary=HARD)
    draft_bill = make_bill(**fine, is_published=False)
    return {
        "Low-confidence provisions": {make_provision(ok_bill, category="notice", confidence=Confidence.LOW)},
        "Bills with partial coverage": {partial},
        "Facts checked more than a year ago, or never": {stale, never},
        "Laws whose sunset has passed": {sunset},
        "Hard-to-read bill summaries": {hard_bill},
        "Hard-to-read provisions": {make_provision(ok_bill, category="data-retention", plain=HARD)},
        "Draft bills": {draft_bill},
        "Draft provisions": {make_provision(ok_bill, category="training", is_published=False)},
    }


def test_each_review_queue_link_opens_the_list_of_exactly_those_items(edna, work):
    response = edna.get(QUEUE)

    assert response.status_code == 200
    items = response.context["items"]
    assert [item.label for item in items] == list(work)
    for item in items:
        listed = edna.get(item.url)
        assert listed.status_code == 200, item.url
        assert set(listed.context["cl"].result_list) == work[item.label], item.label
        assert item.count == len(work[item.label]), item.label
        assert item.url in response.content.decode()


def test_the_admin_home_page_leads_to_the_review_queue(edna, taxonomy):
    assert QUEUE in edna.get(reverse("admin:index")).content.decode()


def test_the_review_queue_is_for_staff_only(vera, taxonomy):
    response = vera.get(QUEUE)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_the_review_queue_counts_in_a_fixed_number_of_queries(edna, work, django_assert_max_num_queries):
    with django_assert_max_num_queries(REVIEW_QUEUE_QUERIES):
        assert edna.get(QUEUE).status_code == 200
