"""The comparison CSV an analyst can use: each bill's facts in the wide file, and a long file of rules."""

from __future__ import annotations

import csv
import datetime
import io
from urllib.parse import urlencode

import pytest
from django.urls import reverse

from bills.exports import LONG_HEADER
from bills.models import Confidence, Coverage, Effect, Jurisdiction

from .factories import make_bill, make_provision

pytestmark = pytest.mark.usefixtures("taxonomy")

CSV_URL = reverse("bills:compare_csv")
# As the wide file (see test_compare), plus one query for the rules' parties.
LONG_CSV_QUERIES = 6  # the comparison also fetches each law's central term


def download(client, *bills, **options):
    query = urlencode([*(("bills", bill.slug) for bill in bills), *options.items()])
    response = client.get(f"{CSV_URL}?{query}")
    assert response.status_code == 200, response.content[:300]
    return response, list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


@pytest.fixture
def two_laws():
    full = make_bill(
        effective=datetime.date(2021, 7, 1),
        expires=datetime.date(2030, 6, 30),
        checked=datetime.date(2026, 11, 1),
    )
    part = make_bill("new-york", coverage=Coverage.PARTIAL)
    make_provision(full, category="warrant", section="Sec. 3", parties=["law-enforcement", "schools"])
    make_provision(full, category="warrant", effect=Effect.LIMITS, confidence=Confidence.LOW, section="")
    return full, part


def test_the_wide_file_lists_each_bills_status_dates_coverage_and_link(vera, two_laws):
    full, part = two_laws

    _, rows = download(vera, full, part)

    facts = {row[1]: row[2:] for row in rows[1:11]}
    assert facts["Definitions"] == ["No definition recorded", "No definition recorded"]
    assert facts["Standing"] == ["In force since 1 July 2021", "In force since 31 March 2020"]
    assert facts["Status"] == ["Enacted", "Enacted"]
    assert facts["Introduced"] == ["2020-01-14", "2020-01-14"]
    assert facts["Takes effect"] == ["2021-07-01", ""]
    assert facts["Ends (sunset)"] == ["2030-06-30", ""]
    assert facts["Coverage"] == ["complete", "partial"]
    assert facts["Facts checked"] == ["2026-11-01", ""]
    assert facts["Link"] == [
        f"http://testserver{full.get_absolute_url()}",
        f"http://testserver{part.get_absolute_url()}",
    ]


def test_each_wide_cell_gives_its_rules_sections_and_confidence(vera, two_laws):
    full, part = two_laws

    _, rows = download(vera, full, part)

    warrant = next(row for row in rows if row[1] == "Warrant or court order")
    assert warrant[2] == (
        f"Requires: {full.identifier}: warrant rule. (Sec. 3) [confidence: high]"
        f" | Limits: {full.identifier}: warrant rule. [confidence: low, needs review]"
    )
    assert warrant[3] == "Not recorded"


def test_the_long_file_has_one_row_per_bill_topic_and_rule(vera, two_laws):
    full, part = two_laws

    response, rows = download(vera, full, part, format="long")

    assert response["Content-Disposition"] == 'attachment; filename="frt-comparison-long.csv"'
    assert rows[0] == LONG_HEADER
    records = [dict(zip(LONG_HEADER, row, strict=True)) for row in rows[1:]]
    warrant = [r for r in records if r["category"] == "warrant" and r["bill"] == full.slug]
    assert [(r["effect"], r["section"], r["confidence"]) for r in warrant] == [
        ("requires", "Sec. 3", "high"),
        ("limits", "", "low"),
    ]
    assert warrant[0]["parties"] == "law-enforcement schools"
    assert warrant[0]["jurisdiction"] == "washington"
    assert warrant[0]["standing"] == "In force since 1 July 2021"
    assert warrant[0]["provision_url"].startswith(f"http://testserver{full.get_absolute_url()}#provision-")
    empty = {(r["bill"], r["category"]): r["empty_cell"] for r in records if not r["provision_id"]}
    assert empty[(part.slug, "warrant")] == "Not recorded"
    assert empty[(full.slug, "ban")] == "Not addressed"
    topics = {r["category"] for r in records}
    assert len(records) == len(topics) * 2 + 1  # every topic for both bills, plus the second warrant rule


def test_the_long_file_keeps_the_grids_options(vera, two_laws):
    full, _ = two_laws
    other = make_bill(coverage=Coverage.COMPLETE)

    response, rows = download(vera, full, other, format="long", party="schools", differences="1")

    assert (
        response["Content-Disposition"]
        == 'attachment; filename="frt-comparison-schools-only-differences-long.csv"'
    )
    assert {row[13] for row in rows[1:]} == {"warrant"}


def test_the_long_file_never_holds_unpublished_rules(vera, two_laws):
    full, part = two_laws
    make_provision(part, category="ban", is_published=False, plain="A draft rule.")

    _, rows = download(vera, full, part, format="long")

    assert all("A draft rule." not in row for row in rows)


def test_values_a_spreadsheet_would_run_as_formulas_are_defused_in_the_long_file(vera, two_laws):
    full, _ = two_laws
    evil = make_bill(Jurisdiction.objects.create(name="=HYPERLINK(1)", slug="evil", level="city"))

    _, rows = download(vera, full, evil, format="long")

    assert any(row[1].startswith("'=HYPERLINK(1)") for row in rows[1:])


def test_an_unknown_format_is_a_clear_400(vera, two_laws):
    full, part = two_laws

    response = vera.get(f"{CSV_URL}?bills={full.slug}&bills={part.slug}&format=xlsx")

    assert response.status_code == 400
    assert "format=long" in response.content.decode()


def test_the_long_file_query_count_does_not_grow_with_the_bills(vera, django_assert_num_queries):
    for count in (2, 6):
        bills = [make_bill() for _ in range(count)]
        for bill in bills:
            make_provision(bill, parties=["schools", "law-enforcement"])
        query = urlencode([*(("bills", bill.slug) for bill in bills), ("format", "long")])
        with django_assert_num_queries(LONG_CSV_QUERIES):
            vera.get(f"{CSV_URL}?{query}")
