"""The reference lists (parties, categories, jurisdictions) come from bills/data and load idempotently."""

import json

import pytest

from bills.bill_files import BillDataError
from bills.models import Category, CategoryGroup, Jurisdiction, Party
from bills.reference import JURISDICTIONS_FILE, TAXONOMY_FILE, ReferenceCounts, load_reference_data

pytestmark = pytest.mark.django_db

TAXONOMY = json.loads(TAXONOMY_FILE.read_text(encoding="utf-8"))
JURISDICTIONS = json.loads(JURISDICTIONS_FILE.read_text(encoding="utf-8"))


def row_counts() -> dict[str, int]:
    return {
        "parties": Party.objects.count(),
        "groups": CategoryGroup.objects.count(),
        "categories": Category.objects.count(),
        "jurisdictions": Jurisdiction.objects.count(),
    }


def test_the_first_load_creates_every_row_in_the_files():
    counts = load_reference_data()

    in_files = {
        "parties": len(TAXONOMY["parties"]),
        "groups": len(TAXONOMY["groups"]),
        "categories": len(TAXONOMY["categories"]),
        "jurisdictions": len(JURISDICTIONS),
    }
    assert row_counts() == in_files
    assert counts == ReferenceCounts(created=sum(in_files.values()), updated=0)
    assert [party.slug for party in Party.objects.all()] == [party["slug"] for party in TAXONOMY["parties"]]
    assert [place.slug for place in Jurisdiction.objects.all()] == [place["slug"] for place in JURISDICTIONS]


def test_loading_twice_changes_nothing():
    load_reference_data()
    first = row_counts()

    counts = load_reference_data()

    assert counts == ReferenceCounts(created=0, updated=0)
    assert row_counts() == first


def test_with_update_a_change_in_the_file_updates_only_that_row(tmp_path):
    load_reference_data()
    taxonomy = json.loads(TAXONOMY_FILE.read_text(encoding="utf-8"))
    taxonomy["parties"][0]["name"] = "Public agencies"
    changed = tmp_path / "taxonomy.json"
    changed.write_text(json.dumps(taxonomy), encoding="utf-8")

    counts = load_reference_data(taxonomy_path=changed, update=True)

    assert counts == ReferenceCounts(created=0, updated=1)
    assert Party.objects.get(slug=taxonomy["parties"][0]["slug"]).name == "Public agencies"


def test_without_update_a_staff_edit_to_a_party_or_category_survives_a_load():
    load_reference_data()
    Party.objects.filter(slug="schools").update(plain="Schools, colleges and their campus police.")

    counts = load_reference_data()

    assert counts == ReferenceCounts(created=0, updated=0)
    assert Party.objects.get(slug="schools").plain == "Schools, colleges and their campus police."


def test_places_sit_inside_their_parents():
    load_reference_data()

    parents = {place.slug: getattr(place.parent, "slug", None) for place in Jurisdiction.objects.all()}

    assert parents["portland-or"] == "oregon"
    assert parents["king-county-wa"] == "washington"
    assert parents["washington"] == "united-states"
    assert parents["european-union"] is None


def test_categories_are_ordered_by_group_then_as_the_file_lists_them():
    load_reference_data()

    groups_in_order = [group["slug"] for group in sorted(TAXONOMY["groups"], key=lambda g: g["order"])]
    expected = [
        category["slug"]
        for group in groups_in_order
        for category in TAXONOMY["categories"]
        if category["group"] == group
    ]
    assert [category.slug for category in Category.objects.all()] == expected


def test_a_jurisdiction_with_an_unknown_level_or_country_is_refused_and_nothing_is_written(tmp_path):
    places = json.loads(JURISDICTIONS_FILE.read_text(encoding="utf-8"))
    places[-1]["level"] = "galaxy"
    places[0]["country"] = "Europe"
    bad = tmp_path / "jurisdictions.json"
    bad.write_text(json.dumps(places), encoding="utf-8")

    with pytest.raises(BillDataError) as caught:
        load_reference_data(jurisdictions_path=bad)

    assert caught.value.problems == [
        f"jurisdictions.json: jurisdiction {places[0]['slug']}: country: 'Europe' is not a two-letter code",
        f"jurisdictions.json: jurisdiction {places[-1]['slug']}: level: unknown value 'galaxy'; "
        "expected one of: city, county, international, national, state",
    ]
    assert set(row_counts().values()) == {0}
