"""Place pages: every law that applies in a place, stacked by level, and the map of states.

Vera asks "what rules apply to me?"; the real data files answer, with today fixed.
"""

from __future__ import annotations

import datetime
import json
import re

import pytest
from django.urls import reverse

from bills.loading import BILLS_DIR, load_bills
from bills.models import Bill, Status

from .factories import make_bill, make_provision
from .test_query_counts import JURISDICTION_QUERIES

TODAY = datetime.date(2026, 12, 1)


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch):
    monkeypatch.setattr("bills.clock.today", lambda: TODAY)


def load_places(*places: str) -> None:
    """Load the real data files of the bills of ``places`` (their links stay within each place)."""
    files = [
        path
        for path in BILLS_DIR.glob("*.json")
        if json.loads(path.read_text())["jurisdiction"]["slug"] in places
    ]
    load_bills(files)


@pytest.fixture
def boston_and_above(taxonomy):
    load_places("boston", "cambridge-ma", "somerville-ma", "massachusetts", "united-states")


def section_slugs(response) -> dict[str, list[str]]:
    """Each level's place slug with the slugs of the laws listed in it, nearest level first."""
    return {level.place.slug: [bill.slug for bill in level.laws] for level in response.context["levels"]}


def test_boston_shows_its_own_ordinance_then_massachusetts_then_the_united_states(vera, boston_and_above):
    response = vera.get(reverse("bills:jurisdiction", args=["boston"]))

    sections = section_slugs(response)
    assert list(sections) == ["boston", "massachusetts", "united-states"]
    assert "boston-docket-0683-2020" in sections["boston"]
    assert "ma-s-2963-2020" in sections["massachusetts"]
    states = {bill.jurisdiction.slug for level in response.context["levels"] for bill in level.laws}
    assert states <= {"boston", "massachusetts", "united-states"}
    page = re.sub(r"<[^>]+>", "", response.content.decode())
    assert "Boston, Massachusetts (city)" in page and "Massachusetts (state)" in page
    assert "Governs:" in page


def test_king_county_lists_the_washington_laws_in_force(vera, taxonomy):
    load_places("king-county-wa", "washington")
    response = vera.get(reverse("bills:jurisdiction", args=["king-county-wa"]))

    washington = section_slugs(response)["washington"]
    in_force = Bill.objects.published().in_force(on=TODAY).filter(jurisdiction__slug="washington")
    assert set(washington) == set(in_force.values_list("slug", flat=True))
    assert "wa-sb-5376-2019" not in washington  # failed


def test_a_member_state_shows_the_european_union_above_it(vera, taxonomy):
    load_places("ireland", "european-union")
    response = vera.get(reverse("bills:jurisdiction", args=["ireland"]))

    sections = section_slugs(response)
    assert list(sections) == ["ireland", "european-union"]
    assert "eu-ai-act-2024" in sections["european-union"]
    assert [b.slug for b in response.context["levels"][0].pending] == [
        "ie-garda-recording-devices-amendment-bill-2025"
    ]


def test_a_state_with_no_law_says_so_and_still_shows_the_levels_above(vera, boston_and_above):
    response = vera.get(reverse("bills:jurisdiction", args=["ohio"]))

    page = response.content.decode()
    assert "We have no state law on face recognition recorded for Ohio." in page
    assert list(section_slugs(response)) == ["ohio", "united-states"]


def test_a_state_page_lists_its_places_with_laws_of_their_own(vera, boston_and_above):
    response = vera.get(reverse("bills:jurisdiction", args=["massachusetts"]))

    children = {child.slug for child in response.context["children"]}
    assert {"boston", "cambridge-ma", "somerville-ma"} <= children


def test_a_chosen_day_changes_what_a_place_shows(vera, taxonomy):
    load_places("virginia")
    today = section_slugs(vera.get(reverse("bills:jurisdiction", args=["virginia"])))["virginia"]
    then = section_slugs(vera.get(reverse("bills:jurisdiction", args=["virginia"]), {"on": "2024-01-01"}))

    assert "va-sb-741-2022" not in today
    assert "va-sb-741-2022" in then["virginia"]


def test_compare_these_laws_links_to_a_grid_of_exactly_the_laws_in_force_there(vera, boston_and_above):
    response = vera.get(reverse("bills:jurisdiction", args=["boston"]))

    listed = {bill.slug for level in response.context["levels"] for bill in level.laws}
    linked = set(re.findall(r"bills=([\w-]+)", response.context["compare_url"]))
    assert linked == listed


def test_the_old_address_of_a_place_redirects_to_its_one_address(vera, taxonomy):
    response = vera.get("/jurisdictions/boston/?on=2024-01-01")

    assert response.status_code == 301
    assert response["Location"] == "/places/boston/?on=2024-01-01"


def test_the_places_page_filters_by_name_without_javascript(vera, taxonomy):
    response = vera.get(reverse("bills:jurisdiction_list"), {"name": "port"})

    names = {place.name for place in response.context["jurisdictions"]}
    assert names and all("port" in name.lower() for name in names)
    assert "Places" in response.content.decode()


def test_the_map_shades_each_state_by_its_strongest_law_in_force(vera, taxonomy):
    load_places("vermont", "washington", "ohio")
    response = vera.get(reverse("bills:jurisdiction_list"))

    tiers = {tile.state.slug: tile.tier for tile in response.context["tiles"]}
    assert len(tiers) == 51  # every state and DC
    assert tiers["ohio"] == "none"
    assert tiers["washington"] == "limits"  # warrant rules, no ban
    assert tiers["vermont"] == "ban"
    page = response.content.decode()
    assert 'class="map-tile map-tile--ban"' in page and 'aria-label="Vermont: A ban or moratorium' in page
    assert "The map as a table" in page


def test_a_state_with_only_a_draft_or_a_pending_bill_is_none_on_the_map(vera, taxonomy):
    pending = make_bill("ohio", status=Status.IN_COMMITTEE, status_date=None)
    make_provision(pending, "ban")
    draft = make_bill("ohio", is_published=False)
    make_provision(draft, "ban")

    tiers = {
        tile.state.slug: tile.tier for tile in vera.get(reverse("bills:jurisdiction_list")).context["tiles"]
    }

    assert tiers["ohio"] == "none"


@pytest.mark.parametrize("slug", ["boston", "massachusetts", "united-states", "ireland", "european-union"])
def test_a_place_page_runs_a_fixed_number_of_queries_however_long_its_chain(
    vera, boston_and_above, django_assert_num_queries, slug
):
    load_places("ireland", "european-union")
    with django_assert_num_queries(JURISDICTION_QUERIES):
        response = vera.get(reverse("bills:jurisdiction", args=[slug]))
    assert response.status_code == 200


def test_below_the_map_the_places_outside_the_us_we_hold_are_a_short_list(vera, taxonomy):
    load_places("ireland", "european-union", "ohio")

    response = vera.get(reverse("bills:home"))

    abroad = [place.slug for place in response.context["abroad"]]
    assert abroad == ["european-union", "ireland"]
    assert "Outside the US:" in response.content.decode()
