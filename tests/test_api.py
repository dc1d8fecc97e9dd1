"""The read-only JSON API at /api/v1/: what it serves, to whom, and how it answers mistakes."""

from __future__ import annotations

import datetime

import pytest
from django.core.cache import cache
from django.urls import reverse

from bills import clock
from bills.models import Coverage, Effect, RelatedBill, Sponsor

from .factories import (
    make_action,
    make_bill,
    make_definition,
    make_provision,
    make_related,
    make_source,
    make_sponsor,
)

pytestmark = pytest.mark.usefixtures("taxonomy")

BILLS_API = reverse("api:bill-list")
COMPARE_API = reverse("api:compare")
# The bills, their count, their provisions, those provisions' parties, the three filter choice
# lists, and the latest edit for Last-Modified: however many bills a page holds.
BILL_LIST_API_QUERIES = 8
# The picker's bills, the parties, the categories, every cell, and the latest edit.
COMPARE_API_QUERIES = 6  # with each law's central defined term


@pytest.fixture(autouse=True)
def _fresh_throttle():
    # The throttle counts requests in the cache; each test starts with a clean count.
    cache.clear()


def bill_api(slug: str) -> str:
    return reverse("api:bill-detail", args=[slug])


def slugs(response) -> list[str]:
    return [bill["slug"] for bill in response.json()["results"]]


def test_the_bill_list_is_every_published_bill_with_a_count_and_page_links(vera):
    published = [make_bill() for _ in range(3)]
    make_bill(is_published=False)

    response = vera.get(BILLS_API, {"page_size": 2})

    body = response.json()
    assert response.status_code == 200
    assert body["count"] == 3
    assert body["next"].startswith("http://testserver/api/v1/bills/?")
    assert body["previous"] is None
    second = vera.get(body["next"]).json()
    assert sorted(slugs(response) + [bill["slug"] for bill in second["results"]]) == sorted(
        bill.slug for bill in published
    )


def test_a_listed_bill_has_iso_dates_its_standing_and_links_to_its_page_and_detail(vera):
    bill = make_bill(effective=datetime.date(2021, 7, 1), checked=datetime.date(2026, 11, 1))
    make_provision(bill, parties=["law-enforcement", "government-agencies"])

    (listed,) = vera.get(BILLS_API).json()["results"]

    assert listed["slug"] == bill.slug
    assert listed["label"] == bill.label
    assert listed["jurisdiction"] == "washington"
    assert listed["introduced"] == "2020-01-14"
    assert listed["effective"] == "2021-07-01"
    assert listed["checked"] == "2026-11-01"
    assert listed["coverage"] == Coverage.COMPLETE
    assert listed["standing"] == {
        "kind": "in-force",
        "text": "In force since 1 July 2021",
        "since": "2021-07-01",
        "until": None,
    }
    assert sorted(listed["parties"]) == ["government-agencies", "law-enforcement"]
    assert listed["page"] == f"http://testserver{bill.get_absolute_url()}"
    assert listed["detail"] == f"http://testserver{bill_api(bill.slug)}"


def test_the_bill_detail_matches_the_database(vera):
    bill = make_bill(codified_as="RCW 43.386", summary="A neutral summary.")
    other = make_bill()
    provision = make_provision(bill, category="warrant", effect=Effect.REQUIRES, section="Sec. 5")
    make_provision(bill, category="ban", is_published=False)
    make_sponsor(bill, "Sen. Joe Nguyen", role=Sponsor.Role.PRIMARY)
    make_action(bill, datetime.date(2020, 1, 14), "Introduced")
    make_source(bill, "Bill text", "https://example.org/sb")
    make_related(bill, other, RelatedBill.Relation.AMENDED_BY)

    body = vera.get(bill_api(bill.slug)).json()

    assert body["codified_as"] == "RCW 43.386"
    assert body["summary"] == "A neutral summary."
    assert [p["id"] for p in body["provisions"]] == [provision.pk]
    assert body["provisions"][0] | {"page": None} == {
        "id": provision.pk,
        "category": "warrant",
        "effect": "requires",
        "parties": ["law-enforcement"],
        "section": "Sec. 5",
        "excerpt": "",
        "plain": provision.plain,
        "detail": "",
        "confidence": "high",
        "page": None,
    }
    assert body["sponsors"] == [{"name": "Sen. Joe Nguyen", "affiliation": "D", "role": "primary"}]
    assert body["actions"] == [{"date": "2020-01-14", "actor": "Senate", "description": "Introduced"}]
    assert body["sources"] == [{"label": "Bill text", "url": "https://example.org/sb"}]
    assert body["related"] == [
        {"relation": "Amended by", "identifier": other.label, "bill": other.slug, "note": ""}
    ]
    assert "research_notes" not in body


def test_the_bill_detail_gives_the_standing_on_the_day_asked(vera):
    bill = make_bill(effective=datetime.date(2021, 7, 1))

    body = vera.get(bill_api(bill.slug), {"on": "2021-01-01"}).json()

    assert body["standing"]["kind"] == "not-yet"
    assert body["standing"]["text"] == "Enacted, takes effect 1 July 2021"


def test_unpublished_bills_and_provisions_never_appear_even_to_staff(edna):
    draft = make_bill(is_published=False)
    bill = make_bill()
    make_provision(bill, category="ban", is_published=False)
    make_related(bill, draft, RelatedBill.Relation.AMENDED_BY)

    assert slugs(edna.get(BILLS_API)) == [bill.slug]
    assert edna.get(bill_api(draft.slug)).status_code == 404
    detail = edna.get(bill_api(bill.slug)).json()
    assert detail["provisions"] == []
    assert detail["related"][0]["bill"] is None
    compared = edna.get(COMPARE_API, {"bills": [bill.slug, draft.slug]})
    assert compared.status_code == 404


@pytest.mark.parametrize(
    "query",
    [
        {},
        {"status": "in-force"},
        {"status": "in-force", "on": "2020-06-01"},
        {"status": "enacted", "level": "state"},
        {"q": "warrant"},
        {"party": "schools"},
        {"category": "ban"},
        {"jurisdiction": "washington", "sort": "-introduced"},
        {"year": "2019"},
    ],
)
def test_the_same_query_string_gives_the_same_bills_on_the_page_and_in_the_api(vera, query):
    wa = make_bill(effective=datetime.date(2021, 7, 1), title="Warrant rules")
    make_provision(wa, category="warrant", parties=["law-enforcement"])
    schools = make_bill(
        "new-york", introduced=datetime.date(2019, 2, 1), status_date=datetime.date(2019, 6, 1)
    )
    make_provision(schools, category="ban", parties=["schools"])
    make_bill(status="introduced", introduced=datetime.date(2019, 3, 1), status_date=None)
    make_bill("new-york", is_published=False, title="Warrant draft")

    page = vera.get(reverse("bills:bill_list"), query)
    api = vera.get(BILLS_API, query)

    assert api.status_code == page.status_code == 200
    assert slugs(api) == [bill.slug for bill in page.context["bills"]]


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"status": "nonsense"}, "status"),
        ({"on": "2021-02-30"}, "on"),
        ({"year": "20x9"}, "year"),
        ({"year": "1492"}, "year"),
        ({"party": "aliens"}, "party"),
        ({"sort": "random"}, "sort"),
    ],
)
def test_a_bad_filter_value_is_a_json_400_naming_the_field(vera, query, field):
    response = vera.get(BILLS_API, query)

    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert list(body["errors"]) == [field]
    assert body["detail"].startswith(f"{field}: ")


def test_a_bad_day_on_a_bill_is_a_json_400(vera):
    bill = make_bill()

    response = vera.get(bill_api(bill.slug), {"on": "someday"})

    assert response.status_code == 400
    assert "on" in response.json()["errors"]


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/bills/no-such-bill/",
        "/api/v1/jurisdictions/no-such-place/",
        "/api/v1/categories/no-such-topic/",
        "/api/v1/parties/no-such-party/",
        "/api/v1/no-such-thing/",
        "/api/v2/",
        "/api/v1/bills/?page=99",
    ],
)
def test_every_unknown_address_under_the_api_is_a_json_404(vera, url):
    response = vera.get(url)

    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json()["detail"]


def test_an_unknown_slug_is_named_in_the_404(vera):
    assert vera.get(bill_api("wa-sb-1")).json() == {"detail": "No published bill has the slug “wa-sb-1”."}


def test_the_api_is_read_only_and_says_so_in_json(vera):
    response = vera.post(BILLS_API, {}, content_type="application/json")

    assert response.status_code == 405
    assert response.json()["detail"]
    assert "Access-Control-Allow-Origin" not in response


def test_a_nul_byte_under_the_api_is_a_json_400(vera):
    response = vera.get(BILLS_API, {"q": "\x00"})

    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert "NUL" in response.json()["detail"]


def test_any_site_may_read_the_api_from_a_browser(vera):
    make_bill()

    response = vera.get(BILLS_API)
    preflight = vera.options(
        BILLS_API, headers={"Origin": "https://news.example", "Access-Control-Request-Method": "GET"}
    )

    assert response["Access-Control-Allow-Origin"] == "*"
    assert "ETag" in response["Access-Control-Expose-Headers"]
    assert preflight["Access-Control-Allow-Origin"] == "*"
    assert "If-None-Match" in preflight["Access-Control-Allow-Headers"]


def test_a_client_polling_with_its_etag_gets_a_304_until_the_data_changes(vera):
    bill = make_bill()
    first = vera.get(BILLS_API)

    unchanged = vera.get(BILLS_API, headers={"If-None-Match": first["ETag"]})
    bill.title = "A new title"
    bill.save()
    changed = vera.get(BILLS_API, headers={"If-None-Match": first["ETag"]})

    assert unchanged.status_code == 304
    assert unchanged.content == b""
    assert changed.status_code == 200
    assert changed["ETag"] != first["ETag"]


def test_last_modified_answers_304_to_a_client_that_is_up_to_date(vera):
    make_bill()
    first = vera.get(BILLS_API)

    again = vera.get(BILLS_API, headers={"If-Modified-Since": first["Last-Modified"]})

    assert again.status_code == 304


def test_last_modified_is_never_before_today_because_standings_change_with_the_day(vera, monkeypatch):
    make_bill()
    monkeypatch.setattr(clock, "today", lambda: datetime.date(2099, 1, 1))

    response = vera.get(BILLS_API)

    assert response["Last-Modified"] == "Thu, 01 Jan 2099 00:00:00 GMT"


def test_anonymous_clients_are_throttled_with_a_json_429(vera, settings):
    settings.API_ANONYMOUS_RATE = "2/minute"

    answers = [vera.get(reverse("api:category-list")).status_code for _ in range(3)]
    refused = vera.get(reverse("api:party-list"))

    assert answers == [200, 200, 429]
    assert refused.status_code == 429
    assert "Retry-After" in refused
    assert refused.json()["detail"]


def test_jurisdictions_name_their_parent_and_children(vera):
    body = vera.get(reverse("api:jurisdiction-detail", args=["washington"])).json()
    usa = vera.get(reverse("api:jurisdiction-detail", args=[body["parent"]])).json()

    assert body["level"] == "state"
    assert "washington" in usa["children"]
    assert body["page"] == "http://testserver/places/washington/"


def test_categories_and_parties_are_listed_in_full_with_their_plain_words(vera):
    categories = vera.get(reverse("api:category-list")).json()
    parties = vera.get(reverse("api:party-list")).json()

    warrant = next(c for c in categories if c["slug"] == "warrant")
    assert warrant["plain"] and warrant["group"]
    assert {p["slug"] for p in parties} >= {"law-enforcement", "schools"}


def test_compare_matches_the_grid_with_its_empty_cells_told_apart(vera):
    read_in_full = make_bill(coverage=Coverage.COMPLETE)
    read_in_part = make_bill(coverage=Coverage.PARTIAL)
    warrant = make_provision(read_in_full, category="warrant", section="Sec. 3")

    response = vera.get(COMPARE_API, {"bills": [read_in_full.slug, read_in_part.slug], "on": "2021-01-01"})

    body = response.json()
    assert response.status_code == 200
    assert [bill["slug"] for bill in body["bills"]] == [read_in_full.slug, read_in_part.slug]
    assert body["on"] == body["day"] == "2021-01-01"
    rows = {row["category"]: row for group in body["groups"] for row in group["rows"]}
    warrant_row, ban_row = rows["warrant"], rows["ban"]
    assert warrant_row["cells"][0]["provisions"][0]["id"] == warrant.pk
    assert warrant_row["cells"][0]["provisions"][0]["section"] == "Sec. 3"
    assert warrant_row["cells"][1] | {"provisions": []} == {
        "bill": read_in_part.slug,
        "addressed": False,
        "recorded": False,
        "empty": "Not recorded",
        "provisions": [],
    }
    assert ban_row["cells"][0]["empty"] == "Not addressed"
    assert body["page"].endswith(
        f"/compare/?bills={read_in_full.slug}&bills={read_in_part.slug}&on=2021-01-01"
    )
    assert "/compare/csv/?" in body["csv"]


def test_compare_carries_each_columns_central_defined_term_like_the_grid(vera):
    defined = make_bill()
    make_definition(defined, "Facial recognition service", section="RCW 43.386.010(3)")
    undefined = make_bill()

    body = vera.get(COMPARE_API, {"bills": [defined.slug, undefined.slug]}).json()

    first, second = body["definitions"]
    assert (first["bill"], first["term"], first["section"]) == (
        defined.slug,
        "Facial recognition service",
        "RCW 43.386.010(3)",
    )
    assert first["definitions"].endswith(f"{defined.get_absolute_url()}#definitions")
    assert (second["bill"], second["term"]) == (undefined.slug, None)


def test_compare_keeps_the_pages_options_party_and_differences(vera):
    one, two = make_bill(), make_bill()
    make_provision(one, category="warrant", parties=["schools"])

    body = vera.get(
        COMPARE_API, {"bills": [one.slug, two.slug], "party": "schools", "differences": "1"}
    ).json()

    assert body["parties"] == ["schools"]
    assert body["differences"] is True
    assert [row["category"] for group in body["groups"] for row in group["rows"]] == ["warrant"]


@pytest.mark.parametrize(
    ("query", "status", "field"),
    [
        ({"bills": ["only-one"]}, 404, "bills"),
        ({"party": "aliens"}, 400, "party"),
        ({"differences": "maybe"}, 400, "differences"),
        ({"on": "1899-12-31"}, 400, "on"),
    ],
)
def test_compare_refuses_bad_options_as_the_page_does(vera, query, status, field):
    make_bill()

    response = vera.get(COMPARE_API, query)

    assert response.status_code == status
    assert field in response.json()["errors"]


def test_compare_with_one_bill_is_a_400_as_on_the_page(vera):
    bill = make_bill()

    response = vera.get(COMPARE_API, {"bills": [bill.slug]})

    assert response.status_code == 400
    assert response.json()["errors"]["bills"]


def test_the_api_query_counts_do_not_grow_with_the_bills_shown(vera, django_assert_num_queries):
    for count in (2, 6):
        bills = [make_bill() for _ in range(count)]
        for bill in bills:
            make_provision(bill, parties=["schools", "government-agencies"])
        with django_assert_num_queries(BILL_LIST_API_QUERIES):
            vera.get(BILLS_API, {"status": "in-force"})
        with django_assert_num_queries(COMPARE_API_QUERIES):
            vera.get(COMPARE_API, {"bills": [bill.slug for bill in bills]})
