"""In force on a day: one rule for lists (queryset) and for each bill (model), and the pages built on it.

Today is fixed in these tests: the code reads it from bills.clock.today, which ``fixed_today`` replaces.
"""

from __future__ import annotations

import csv
import datetime
import io

import pytest
from django.urls import reverse

from bills.grid import NOT_ADDRESSED, NOT_RECORDED
from bills.loading import BILLS_DIR, load_bills
from bills.models import Bill, Coverage, Standing, Status
from bills.presentation import standing_text

from .factories import make_bill, make_provision

pytestmark = pytest.mark.usefixtures("taxonomy")

TODAY = datetime.date(2026, 12, 1)
D = datetime.date


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch):
    monkeypatch.setattr("bills.clock.today", lambda: TODAY)


def sunset_law(**overrides) -> Bill:
    """Like Virginia SB 741: signed 27 April 2022, in effect 1 July 2022, sunset 1 July 2026."""
    values = {
        "introduced": D(2022, 1, 21),
        "status_date": D(2022, 4, 27),
        "effective": D(2022, 7, 1),
        "expires": D(2026, 7, 1),
        **overrides,
    }
    return make_bill("virginia", **values)


def in_force_both_ways(bill: Bill, day: datetime.date) -> bool:
    """The model's answer, after checking that the queryset gives the same one."""
    listed = Bill.objects.in_force(on=day).filter(pk=bill.pk).exists()
    assert listed == bill.is_in_force(day), f"queryset and model disagree on {day}"
    return listed


@pytest.mark.parametrize(
    ("day", "expected", "words"),
    [
        (D(2022, 1, 30), False, "Not yet law; it became law on 27 April 2022"),
        (D(2022, 6, 30), False, "Enacted, takes effect 1 July 2022"),
        (D(2022, 7, 1), True, "In force since 1 July 2022"),
        (D(2024, 1, 1), True, "In force since 1 July 2022"),
        (D(2026, 6, 30), True, "In force since 1 July 2022"),
        (D(2026, 7, 1), False, "Ended 1 July 2026 (sunset)"),
        (TODAY, False, "Ended 1 July 2026 (sunset)"),
    ],
)
def test_a_sunset_law_is_in_force_from_its_effective_date_until_its_sunset(day, expected, words):
    law = sunset_law()

    assert in_force_both_ways(law, day) is expected
    assert standing_text(law.standing(day)) == words


def test_without_an_effective_date_a_law_is_in_force_from_the_day_it_became_law():
    law = make_bill(status_date=D(2020, 3, 31), effective=None)

    assert not in_force_both_ways(law, D(2020, 3, 30))
    assert in_force_both_ways(law, D(2020, 3, 31))
    assert standing_text(law.standing(TODAY)) == "In force since 31 March 2020"


def test_a_law_with_no_dates_counts_only_from_the_year_after_its_session():
    law = make_bill(session="2019", introduced=None, status_date=None, effective=None)

    assert law.year == 2019
    assert not in_force_both_ways(law, D(2019, 12, 31))
    assert in_force_both_ways(law, D(2020, 1, 1))
    assert standing_text(law.standing(TODAY)) == "In force (law since 2019)"


def test_a_repealed_law_was_in_force_until_its_repeal():
    law = make_bill(status=Status.REPEALED, effective=D(2020, 7, 1), status_date=D(2022, 7, 28))

    assert in_force_both_ways(law, D(2021, 1, 1))
    assert not in_force_both_ways(law, D(2022, 7, 28))
    assert standing_text(law.standing(TODAY)) == "Repealed 28 July 2022"


def test_an_expired_law_with_no_known_dates_is_never_said_to_be_in_force():
    law = make_bill(status=Status.EXPIRED, introduced=None, status_date=None, effective=None, session="2020")

    assert not in_force_both_ways(law, D(2021, 1, 1))
    assert standing_text(law.standing(TODAY)) == "Ended (2020)"


@pytest.mark.parametrize(
    ("status", "dates", "words"),
    [
        (
            Status.IN_COMMITTEE,
            {"introduced": D(2026, 1, 15), "status_date": None},
            "In committee since 15 January 2026",
        ),
        (Status.FAILED, {"introduced": D(2020, 1, 14), "status_date": D(2020, 3, 12)}, "Failed (2020)"),
        (Status.VETOED, {"introduced": D(2019, 1, 14), "status_date": D(2019, 5, 1)}, "Vetoed (2019)"),
    ],
)
def test_bills_that_are_not_law_are_never_in_force_and_say_where_they_stand(status, dates, words):
    bill = make_bill(status=status, **dates)

    assert not in_force_both_ways(bill, TODAY)
    assert standing_text(bill.standing(TODAY)) == words
    assert bill.standing(TODAY).kind in (Standing.PENDING, Standing.DEAD)


def test_an_enacted_law_takes_the_year_it_became_law_in_its_label():
    ai_act = make_bill(
        "european-union",
        identifier="Regulation (EU) 2024/1689",
        introduced=D(2021, 4, 21),
        status_date=D(2024, 6, 13),
    )

    assert ai_act.year == 2024
    assert ai_act.label == "European Union Regulation (EU) 2024/1689 (2024)"


def test_virginia_sb_741_from_the_data_files_ended_at_its_sunset():
    load_bills([BILLS_DIR / "va-hb-2031-2021.json", BILLS_DIR / "va-sb-741-2022.json"])
    sb_741 = Bill.objects.get(slug="va-sb-741-2022")

    assert not in_force_both_ways(sb_741, TODAY)
    assert standing_text(sb_741.standing(TODAY)) == "Ended 1 July 2026 (sunset)"
    assert in_force_both_ways(sb_741, D(2024, 1, 1))
    assert standing_text(sb_741.standing(D(2024, 1, 1))) == "In force since 1 July 2022"


# Pages


@pytest.fixture
def three_warrant_bills():
    """A law in force, a failed bill and a pending one, each with a warrant rule for police."""
    law = make_bill(identifier="SB 1000", slug="law")
    failed = make_bill(identifier="SB 1001", slug="failed", status=Status.FAILED)
    pending = make_bill(identifier="SB 1002", slug="pending", status=Status.IN_COMMITTEE, status_date=None)
    for bill in (law, failed, pending):
        make_provision(bill, "warrant", parties=["law-enforcement"])
    return law, failed, pending


@pytest.mark.parametrize(
    "url",
    [
        reverse("bills:category", args=["warrant"]),
        reverse("bills:party", args=["law-enforcement"]),
    ],
)
def test_pages_show_laws_in_force_by_default_and_the_switch_brings_back_every_bill(
    vera, three_warrant_bills, url
):
    law, failed, pending = three_warrant_bills

    default = vera.get(url).content.decode()
    everything = vera.get(url + "?show=all").content.decode()

    assert "SB 1000" in default and "SB 1001" not in default and "SB 1002" not in default
    assert "laws in force today" in default
    assert all(identifier in everything for identifier in ("SB 1000", "SB 1001", "SB 1002"))
    assert "Failed (2020)" in everything and "In committee since 14 January 2020" in everything


def test_the_topic_and_party_lists_count_the_laws_in_force_as_the_pages_they_open_do(
    vera, three_warrant_bills
):
    law, failed, pending = three_warrant_bills
    make_provision(law, "warrant", parties=["law-enforcement", "schools"])

    def counts(name, query=None):
        response = vera.get(reverse(name), query or {})
        rows = response.context["categories" if name == "bills:category_list" else "parties"]
        return {row.slug: (row.bill_count, getattr(row, "provision_count", None)) for row in rows}, response

    topics, topics_page = counts("bills:category_list")
    parties, parties_page = counts("bills:party_list")
    all_topics, _ = counts("bills:category_list", {"show": "all"})
    all_parties, all_parties_page = counts("bills:party_list", {"show": "all"})

    assert topics["warrant"][0] == 1 and all_topics["warrant"][0] == 3
    assert parties["law-enforcement"] == (1, 2) and parties["schools"] == (1, 1)
    assert all_parties["law-enforcement"] == (3, 4)
    assert "1 law</p>" in topics_page.content.decode()
    assert "laws in force today" in topics_page.content.decode()
    assert "2 rules in 1 law in force" in parties_page.content.decode()
    assert "4 rules in 3 bills" in all_parties_page.content.decode()
    # Each card opens its page on the same listing.
    assert 'href="/affected/law-enforcement/?show=all"' in all_parties_page.content.decode()


def test_the_topic_list_on_a_chosen_day_counts_the_laws_in_force_then(vera):
    sunset_law(identifier="SB 741", slug="sb-741")
    make_provision(Bill.objects.get(slug="sb-741"), "warrant")

    then = vera.get(reverse("bills:category_list"), {"on": "2024-01-01"})
    now = vera.get(reverse("bills:category_list"))

    assert {c.slug: c.bill_count for c in then.context["categories"]}["warrant"] == 1
    assert {c.slug: c.bill_count for c in now.context["categories"]}["warrant"] == 0
    assert 'href="/topics/warrant/?on=2024-01-01"' in then.content.decode()
    assert "No law in force" in now.content.decode()


def test_a_chosen_day_lists_the_laws_in_force_then_and_says_so(vera):
    sunset_law(identifier="SB 741", slug="sb-741")
    make_provision(Bill.objects.get(slug="sb-741"), "warrant")

    then = vera.get(reverse("bills:category", args=["warrant"]) + "?on=2024-01-01").content.decode()
    now = vera.get(reverse("bills:category", args=["warrant"])).content.decode()

    assert "laws in force on 1 January 2024" in then and "SB 741" in then
    assert "In force since 1 July 2022" in then
    assert "SB 741" not in now


@pytest.mark.parametrize(
    "url",
    [
        reverse("bills:category", args=["warrant"]),
        reverse("bills:party", args=["law-enforcement"]),
        reverse("bills:jurisdiction", args=["washington"]),
        reverse("bills:compare"),
        reverse("bills:compare_csv"),
        reverse("bills:bill_list"),
        reverse("bills:category_list"),
        reverse("bills:party_list"),
    ],
)
@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("yesterday", "is not a date. Write it as YYYY-MM-DD"),
        ("2021-02-30", "is not a day on the calendar"),
        ("1850-01-01", "Choose a day between 1900 and 2100"),
        ("20210101", "is not a date"),
    ],
)
def test_a_malformed_or_impossible_day_is_a_400_that_says_what_is_wrong(vera, url, value, message):
    response = vera.get(url, {"on": value})

    assert response.status_code == 400
    assert message in response.content.decode()


def test_an_unknown_show_option_is_a_400_that_says_what_to_use(vera):
    response = vera.get(reverse("bills:category", args=["warrant"]), {"show": "everything"})

    assert response.status_code == 400
    assert "Use show=all" in response.content.decode()


def test_the_bill_list_can_list_laws_in_force_on_a_day(vera):
    sunset_law(identifier="SB 741", slug="sb-741")
    make_bill(identifier="SB 9", slug="failed", status=Status.FAILED)

    today = vera.get(reverse("bills:bill_list"), {"status": "in-force"})
    then = vera.get(reverse("bills:bill_list"), {"status": "in-force", "on": "2024-01-01"})

    assert [b.slug for b in today.context["bills"]] == []
    assert "Laws in force today" in today.content.decode()
    assert [b.slug for b in then.context["bills"]] == ["sb-741"]
    assert "Laws in force on 1 January 2024" in then.content.decode()


def test_the_home_page_counts_laws_in_force_today(vera, three_warrant_bills):
    sunset_law()

    response = vera.get(reverse("bills:home"))

    assert response.context["in_force_count"] == 1
    assert response.context["bill_count"] == 4


def test_the_default_grid_compares_laws_in_force_on_the_day_chosen(vera, three_warrant_bills):
    law, failed, pending = three_warrant_bills
    ended = sunset_law(slug="ended")

    today = vera.get(reverse("bills:compare"))
    then = vera.get(reverse("bills:compare"), {"on": "2024-01-01"})

    assert set(today.context["grid"].bills) == {law}
    assert set(then.context["grid"].bills) == {law, ended}
    assert "laws in force on 1 January 2024" in then.content.decode()
    assert "on=2024-01-01" in then.context["csv_url"]


# Not addressed, or not recorded


@pytest.fixture
def read_in_full_and_in_part():
    full = make_bill(identifier="SB 1", slug="full", coverage=Coverage.COMPLETE)
    part = make_bill(identifier="SB 2", slug="part", coverage=Coverage.PARTIAL)
    make_provision(full, "ban")
    make_provision(part, "ban")
    return full, part


def test_an_empty_cell_is_not_addressed_for_a_complete_law_and_not_recorded_for_a_partial_one(
    vera, read_in_full_and_in_part
):
    grid = vera.get(reverse("bills:compare"), {"bills": ["full", "part"]}).context["grid"]
    csv_response = vera.get(reverse("bills:compare_csv"), {"bills": ["full", "part"]})

    warrant = next(row for row in grid.rows if row.category.slug == "warrant")
    assert [cell.empty_text for cell in warrant.cells] == [NOT_ADDRESSED, NOT_RECORDED]
    rows = list(csv.reader(io.StringIO(csv_response.content.decode("utf-8-sig"))))
    assert next(row for row in rows if row[1] == "Warrant or court order")[2:] == [
        "Not addressed",
        "Not recorded",
    ]


def test_only_differences_treats_not_recorded_and_not_addressed_as_different(vera, read_in_full_and_in_part):
    grid = vera.get(reverse("bills:compare"), {"bills": ["full", "part"], "differences": "1"}).context["grid"]

    slugs = [row.category.slug for row in grid.rows]
    assert "warrant" in slugs and "ban" not in slugs


def test_the_legend_and_the_about_page_explain_both_words(vera, read_in_full_and_in_part):
    grid_page = vera.get(reverse("bills:compare"), {"bills": ["full", "part"]}).content.decode()
    about = vera.get(reverse("bills:about")).content.decode()

    for page in (grid_page, about):
        assert "Not addressed" in page and "Not recorded" in page


def test_a_bill_page_says_how_complete_it_is_and_when_it_was_checked(vera):
    part = make_bill(slug="part", coverage=Coverage.PARTIAL, checked=D(2026, 12, 1))
    full = make_bill(slug="full", coverage=Coverage.COMPLETE, checked=D(2026, 11, 2))

    part_page = vera.get(part.get_absolute_url()).content.decode()
    full_page = vera.get(full.get_absolute_url()).content.decode()

    assert (
        "Facts checked on 1 December 2026. Only part of this law’s text could be checked, "
        "so a topic not listed here may still be covered by it." in part_page
    )
    assert "Facts checked on 2 November 2026. We read this law’s whole text" in full_page
