"""No public page lists everything: summaries count and show the first few with a "see all" link,
the lists behind those links come in pages, and the default grid stops at the column limit."""

from __future__ import annotations

import datetime
import re

import pytest
from django.urls import reverse

from bills.grid import MAX_COMPARE_COLUMNS
from bills.models import Effect, Status
from bills.places import BILLS_PER_LEVEL
from bills.views.pages import PROVISIONS_PER_GROUP, PROVISIONS_PER_PAGE

from .factories import make_bill, make_provision

pytestmark = pytest.mark.usefixtures("taxonomy")

TODAY = datetime.date(2026, 12, 1)


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch):
    monkeypatch.setattr("bills.clock.today", lambda: TODAY)


def text(response) -> str:
    return response.content.decode()


def links(response) -> list[str]:
    return [href.replace("&amp;", "&") for href in re.findall(r'href="([^"]+)"', text(response))]


@pytest.fixture
def many_warrant_rules():
    """More warrant rules on police than one page holds, one per law, and one consent rule."""
    count = PROVISIONS_PER_PAGE + 2
    for number in range(count):
        bill = make_bill(slug=f"warrant-law-{number}")
        make_provision(bill, "warrant", Effect.REQUIRES, ["law-enforcement"], plain=f"Warrant rule {number}.")
    make_provision(make_bill(slug="consent-law"), "consent", Effect.REQUIRES, ["law-enforcement"])
    return count


class TestPartyPage:
    def test_each_topic_shows_its_count_the_first_few_and_a_see_all_link(self, vera, many_warrant_rules):
        response = vera.get(reverse("bills:party", args=["law-enforcement"]))

        groups = {group.category.slug: group for group in response.context["category_groups"]}
        assert groups["warrant"].count == many_warrant_rules
        assert len(groups["warrant"].provisions) == PROVISIONS_PER_GROUP
        assert groups["consent"].count == 1
        assert response.context["provision_count"] == many_warrant_rules + 1
        page = text(response)
        assert f"See all {many_warrant_rules} rules on law enforcement about “warrant or court order”" in page
        assert "?topic=warrant" in " ".join(links(response))
        assert "about “consent" not in page  # one rule, all shown: no link

    def test_see_all_lists_one_topic_in_pages(self, vera, many_warrant_rules):
        url = reverse("bills:party", args=["law-enforcement"])

        first = vera.get(url, {"topic": "warrant"})
        second = vera.get(url, {"topic": "warrant", "page": "2"})

        assert first.status_code == second.status_code == 200
        assert len(first.context["page"].object_list) == PROVISIONS_PER_PAGE
        assert len(second.context["page"].object_list) == many_warrant_rules - PROVISIONS_PER_PAGE
        assert f"{many_warrant_rules} rules on law enforcement about “warrant or court order”" in text(first)
        assert "Consent" not in text(first).split("<main", 1)[1].split("Every topic for")[0]
        assert any("page=2" in href for href in links(first))

    def test_a_bad_topic_or_page_is_a_clear_4xx(self, vera, many_warrant_rules):
        url = reverse("bills:party", args=["law-enforcement"])

        assert vera.get(url, {"topic": "no-such-topic"}).status_code == 404
        assert vera.get(url, {"topic": "not a slug!"}).status_code == 400
        assert vera.get(url, {"topic": "warrant", "page": "99"}).status_code == 404
        assert vera.get(url, {"topic": "warrant", "page": "two"}).status_code == 404


class TestTopicPage:
    def test_each_effect_shows_its_count_the_first_few_and_a_see_all_link(self, vera, many_warrant_rules):
        response = vera.get(reverse("bills:category", args=["warrant"]))

        [requires] = response.context["effect_groups"]
        assert (requires.count, len(requires.provisions)) == (many_warrant_rules, PROVISIONS_PER_GROUP)
        assert response.context["bill_count"] == many_warrant_rules
        assert f"See all {many_warrant_rules} “Requires” rules" in text(response)
        assert any("effect=requires" in href for href in links(response))

    def test_see_all_lists_one_effect_in_pages(self, vera, many_warrant_rules):
        url = reverse("bills:category", args=["warrant"])

        second = vera.get(url, {"effect": "requires", "page": "2"})

        assert second.status_code == 200
        assert len(second.context["page"].object_list) == many_warrant_rules - PROVISIONS_PER_PAGE
        assert vera.get(url, {"effect": "bans-everything"}).status_code == 400


class TestPlacePage:
    @pytest.fixture
    def busy_state(self):
        """More laws in force, and more pending bills, than a level lists."""
        for number in range(BILLS_PER_LEVEL + 2):
            make_bill("washington", slug=f"wa-law-{number}", status_date=datetime.date(2020, 4, 1 + number))
            make_bill(
                "washington",
                slug=f"wa-pending-{number}",
                status=Status.IN_COMMITTEE,
                status_date=None,
                introduced=datetime.date(2024, 1, 1 + number),
            )
        make_bill("washington", slug="wa-failed", status=Status.FAILED)

    def test_each_level_lists_its_newest_and_links_to_all_of_them(self, vera, busy_state):
        response = vera.get(reverse("bills:jurisdiction", args=["washington"]))

        washington = response.context["levels"][0]
        assert len(washington.laws) == len(washington.pending) == BILLS_PER_LEVEL
        assert washington.law_count == washington.pending_count == BILLS_PER_LEVEL + 2
        assert washington.hidden == 1
        assert washington.laws[0].slug == f"wa-law-{BILLS_PER_LEVEL + 1}"  # newest first
        page = text(response)
        assert f"See all {BILLS_PER_LEVEL + 2} laws in force of Washington" in page
        assert f"See all {BILLS_PER_LEVEL + 2} bills of Washington still being debated" in page

    def test_the_see_all_links_list_exactly_those_bills(self, vera, busy_state):
        washington = vera.get(reverse("bills:jurisdiction", args=["washington"])).context["levels"][0]

        laws = vera.get(washington.laws_url)
        pending = vera.get(washington.pending_url)

        assert {bill.slug for bill in laws.context["bills"]} == {
            f"wa-law-{n}" for n in range(BILLS_PER_LEVEL + 2)
        }
        assert {bill.slug for bill in pending.context["bills"]} == {
            f"wa-pending-{n}" for n in range(BILLS_PER_LEVEL + 2)
        }
        assert pending.context["summary"] == "Pending bills in Washington"


class TestDefaultGrid:
    @pytest.fixture
    def too_many_laws(self):
        """More state laws in force than a grid holds, and one city ordinance."""
        for number in range(MAX_COMPARE_COLUMNS + 3):
            make_bill("washington", slug=f"law-{number}", status_date=datetime.date(2020, 4, 1 + number))
        city = make_bill(
            "san-francisco",
            slug="sf-ordinance",
            introduced=datetime.date(2019, 1, 1),
            status_date=datetime.date(2019, 5, 1),
        )
        make_provision(city, "ban", Effect.PROHIBITS, ["government-agencies"])

    def test_shows_at_most_the_column_limit_and_says_how_to_narrow_them(self, vera, too_many_laws):
        response = vera.get(reverse("bills:compare"))

        assert len(response.context["grid"].bills) == MAX_COMPARE_COLUMNS
        assert response.context["grid"].bills[0].slug == f"law-{MAX_COMPARE_COLUMNS + 2}"
        page = text(response)
        total = MAX_COMPARE_COLUMNS + 4
        assert f"compares the {MAX_COMPARE_COLUMNS} newest of the {total} laws in force today" in page
        assert "to narrow them, choose a level of government, a place or a topic" in page

    def test_narrows_by_level_place_or_topic(self, vera, too_many_laws):
        url = reverse("bills:compare")

        cities = vera.get(url, {"level": "city"})
        place = vera.get(url, {"place": "san-francisco"})
        topic = vera.get(url, {"topic": "ban"})

        for response in (cities, place, topic):
            assert [bill.slug for bill in response.context["grid"].bills] == ["sf-ordinance"]
        assert "the one city law in force today" in text(cities)
        assert "the one law in force on “ban" in text(topic)

    def test_bad_narrowing_is_a_clear_400(self, vera, too_many_laws):
        response = vera.get(reverse("bills:compare"), {"level": "galaxy"})

        assert response.status_code == 400
        assert "“galaxy” is not a level of government." in text(response)
