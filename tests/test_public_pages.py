"""The public pages, as Vera the visitor uses them: home, bill list, bill page, topics, parties, places."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from bills.models import Confidence, Effect, Status

from .factories import make_action, make_bill, make_provision, make_related, make_source, make_sponsor

pytestmark = pytest.mark.usefixtures("taxonomy")


def text_of(response) -> str:
    return response.content.decode()


def main_text(response) -> str:
    """The page's main content, without the head's meta description."""
    page = text_of(response)
    return page[page.index("<main") :]


# Home


def test_home_counts_published_bills_by_status(vera):
    make_bill(status=Status.ENACTED)
    make_bill(status=Status.ENACTED)
    make_bill(status=Status.FAILED)
    make_bill(status=Status.FAILED, is_published=False)

    response = vera.get(reverse("bills:home"))

    assert response.status_code == 200
    assert [(c["status"], c["count"]) for c in response.context["status_counts"]] == [
        ("enacted", 2),
        ("failed", 1),
    ]
    assert response.context["bill_count"] == 3


def test_home_links_to_a_grid_of_the_state_laws_in_force(vera):
    washington = make_bill("washington", slug="wa-law")
    maine = make_bill("maine", slug="me-law")
    make_bill("maine", slug="me-failed", status=Status.FAILED)
    make_bill("boston", slug="boston-law")

    response = vera.get(reverse("bills:home"))

    assert sorted(response.context["state_laws"]) == sorted([washington.slug, maine.slug])
    assert (
        "bills=me-law" in text_of(response)
        and "boston-law" not in text_of(response).split("Compare the")[1][:300]
    )


# Bill list


def test_bill_list_shows_each_bill_with_status_and_governed_parties(vera):
    bill = make_bill(short_title="Face Data Act")
    make_provision(bill, parties=["law-enforcement", "developers"])

    response = vera.get(reverse("bills:bill_list"))

    page = text_of(response)
    assert "Washington " + bill.identifier in page
    assert "Face Data Act" in page
    assert "Enacted" in page
    assert "Law enforcement" in page and "Developers and vendors" in page
    assert f'name="bills" value="{bill.slug}"' in page


def test_bill_list_hides_unpublished_bills_from_the_public(vera):
    make_bill(slug="draft-bill", identifier="HB 999", is_published=False)

    response = vera.get(reverse("bills:bill_list"))

    assert "HB 999" not in text_of(response)


def test_bill_list_shows_unpublished_bills_to_staff_marked_as_such(edna):
    make_bill(slug="draft-bill", identifier="HB 999", is_published=False)

    response = edna.get(reverse("bills:bill_list"))

    assert "HB 999" in text_of(response)
    assert "Unpublished" in text_of(response)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("status=enacted", {"wa-enacted", "me-enacted"}),
        ("status=failed", {"us-failed"}),
        ("level=state", {"wa-enacted", "me-enacted"}),
        ("level=national", {"us-failed"}),
        ("jurisdiction=maine", {"me-enacted"}),
        ("party=developers", {"me-enacted"}),
        ("category=warrant", {"wa-enacted", "us-failed"}),
        ("year=2019", {"us-failed"}),
        # "biometric" also names face recognition, which every bill here mentions; "data" is Maine's alone.
        ("q=biometric+data", {"me-enacted"}),
        # Washington's rule is a warrant rule, and its title says "act".
        ("q=WARRANT+act", {"us-failed", "wa-enacted"}),
        ("status=enacted&party=law-enforcement", {"wa-enacted"}),
        ("level=state&category=consent", {"me-enacted"}),
    ],
)
def test_bill_list_filters(vera, query, expected):
    wa = make_bill("washington", slug="wa-enacted")
    make_provision(wa, category="warrant", parties=["law-enforcement"])
    me = make_bill("maine", slug="me-enacted", title="An act on biometric data")
    make_provision(me, category="consent", parties=["developers"])
    us = make_bill(
        "united-states",
        slug="us-failed",
        status=Status.FAILED,
        introduced=datetime.date(2019, 11, 14),
        status_date=datetime.date(2021, 1, 3),
        short_title="Facial Recognition Warrant Act",
    )
    make_provision(us, category="warrant", parties=["federal-agencies"])

    response = vera.get(reverse("bills:bill_list") + "?" + query)

    assert response.status_code == 200
    assert {bill.slug for bill in response.context["bills"]} == expected


@pytest.mark.parametrize("query", ["party=schools", "category=no-sale"])
def test_party_and_topic_filters_ignore_draft_provisions_of_a_published_bill(vera, query):
    bill = make_bill(slug="with-draft-rule")
    make_provision(bill, category="warrant", parties=["law-enforcement"])
    make_provision(bill, category="no-sale", parties=["schools"], is_published=False)

    response = vera.get(reverse("bills:bill_list") + "?" + query)

    assert list(response.context["bills"]) == []


def test_bill_list_describes_active_filters_in_a_sentence(vera):
    make_bill()

    response = vera.get(reverse("bills:bill_list") + "?status=enacted&level=state&party=developers&q=warrant")

    assert (
        response.context["summary"]
        == "Enacted state bills that govern developers and vendors, matching “warrant”"
    )


def test_bill_list_empty_state_suggests_what_to_do(vera):
    make_bill()

    response = vera.get(reverse("bills:bill_list") + "?q=zebra")

    assert response.status_code == 200
    assert "No bills match these filters" in text_of(response)


def test_bill_list_sorts_newest_first_on_request(vera):
    make_bill(slug="older", introduced=datetime.date(2019, 1, 1), status_date=datetime.date(2019, 6, 1))
    make_bill(slug="newer", introduced=datetime.date(2023, 1, 1), status_date=datetime.date(2023, 6, 1))

    response = vera.get(reverse("bills:bill_list") + "?sort=-introduced")

    assert [b.slug for b in response.context["bills"]] == ["newer", "older"]


def test_bill_list_and_api_list_newest_first_until_a_sort_or_search_is_chosen(vera):
    make_bill("maine", slug="maine-older", introduced=datetime.date(2019, 1, 1), status_date=None)
    make_bill("washington", slug="wa-newer", introduced=datetime.date(2023, 1, 1), status_date=None)
    make_bill("washington", slug="wa-undated", introduced=None, status_date=None)

    page = vera.get(reverse("bills:bill_list"))
    filtered = vera.get(reverse("bills:bill_list"), {"status": "enacted"})
    api = vera.get("/api/v1/bills/").json()
    by_place = vera.get(reverse("bills:bill_list"), {"sort": "jurisdiction"})

    expected = ["wa-newer", "maine-older", "wa-undated"]
    assert [b.slug for b in page.context["bills"]] == expected
    assert [b.slug for b in filtered.context["bills"]] == expected
    assert [b["slug"] for b in api["results"]] == expected
    assert [b.slug for b in by_place.context["bills"]][0] != "wa-newer"  # Maine comes before Washington


def test_bill_list_paginates_by_25_and_page_links_keep_the_filters(vera):
    for number in range(30):
        make_bill(slug=f"bill-{number:02d}")

    first = vera.get(reverse("bills:bill_list") + "?status=enacted&sort=identifier")
    second = vera.get(reverse("bills:bill_list") + "?status=enacted&sort=identifier&page=2")

    assert len(first.context["bills"]) == 25
    assert len(second.context["bills"]) == 5
    assert "?status=enacted&amp;sort=identifier&amp;page=2" in text_of(first)


@pytest.mark.parametrize(
    ("query", "status", "message"),
    [
        ("status=maybe", 400, "Select a valid choice"),
        ("party=aliens", 400, "Select a valid choice"),
        ("jurisdiction=atlantis", 400, "Select a valid choice"),
        ("category=nope", 400, "Select a valid choice"),
        ("level=galaxy", 400, "Select a valid choice"),
        ("year=abc", 400, "Enter a whole number"),
        ("year=2019.5", 400, "Enter a whole number"),
        ("year=1066", 400, "between 1900 and 2100"),
        ("sort=price", 400, "Select a valid choice"),
        ("page=abc", 400, "“abc” is not a page number"),
        ("page=99", 404, "There is no page 99"),
    ],
)
def test_bill_list_bad_query_values_answer_with_a_message(vera, query, status, message):
    make_bill()

    response = vera.get(reverse("bills:bill_list") + "?" + query)

    assert response.status_code == status
    assert message in text_of(response)


# Bill page


def test_bill_page_puts_the_plain_summary_first_then_key_facts(vera):
    bill = make_bill(
        plain_summary="Police need a judge's permission first.",
        effective=datetime.date(2021, 7, 1),
        expires=datetime.date(2026, 7, 1),
        codified_as="RCW 43.386",
    )
    make_sponsor(bill, "Sen. Joe Nguyen", role="primary")
    make_sponsor(bill, "Sen. Ada Lovelace", role="cosponsor", affiliation="")

    page = main_text(vera.get(bill.get_absolute_url()))

    assert page.index("In plain words") < page.index("Police need a judge") < page.index("What it asks")
    for fact in ["1 July 2021", "1 July 2026", "RCW 43.386", "Sen. Joe Nguyen (D)", "Sen. Ada Lovelace"]:
        assert fact in page


def test_bill_page_groups_obligations_by_the_party_that_must_comply(vera):
    bill = make_bill()
    shared = make_provision(bill, category="warrant", parties=["government-agencies", "law-enforcement"])
    police_only = make_provision(bill, category="human-review", parties=["law-enforcement"])

    response = vera.get(bill.get_absolute_url())

    groups = {g.party.slug: g.provisions for g in response.context["by_party"]}
    assert list(groups) == ["government-agencies", "law-enforcement"]
    assert groups["government-agencies"] == [shared]
    assert groups["law-enforcement"] == [shared, police_only]
    page = text_of(response)
    assert "What it asks of government agencies" in page
    # A provision listed under two parties keeps one anchor for links from the grid.
    assert page.count(f'id="provision-{shared.pk}"') == 1


def test_bill_page_shows_effect_section_detail_and_needs_review_marker(vera):
    bill = make_bill()
    make_provision(
        bill,
        effect=Effect.PROHIBITS,
        section="RCW 43.386.080",
        detail="Only for serious crimes.",
        excerpt="No agency may use a facial recognition service…",
        confidence=Confidence.LOW,
    )

    page = text_of(vera.get(bill.get_absolute_url()))

    assert "badge--prohibits" in page
    assert "RCW 43.386.080" in page
    assert "Only for serious crimes." in page
    assert "No agency may use a facial recognition service" in page
    assert "Needs review" in page
    assert "single secondary source" in page


def test_bill_page_shows_history_sources_and_related_bills_both_ways(vera):
    amended = make_bill("virginia", slug="va-hb-2031", identifier="HB 2031")
    amending = make_bill("virginia", slug="va-sb-741", identifier="SB 741")
    make_related(amending, amended, "amends")
    make_related(amended, None, "companion", identifier="SB 1392 (2021)")
    make_action(amended, datetime.date(2021, 1, 13), "Introduced")
    make_action(amended, datetime.date(2021, 3, 24), "Signed by the Governor", actor="Governor")
    make_source(amended, "Virginia LIS", "https://lis.virginia.gov/hb2031")

    page = text_of(vera.get(amended.get_absolute_url()))

    assert 'Amended by <a href="/bills/va-sb-741/">Virginia SB 741 (2020)</a>' in page
    assert "Companion of SB 1392 (2021)" in page
    assert page.index("13 January 2021") < page.index("24 March 2021")
    assert "Governor: Signed by the Governor" in page
    assert 'href="https://lis.virginia.gov/hb2031"' in page
    other = text_of(vera.get(amending.get_absolute_url()))
    assert 'Amends <a href="/bills/va-hb-2031/">Virginia HB 2031 (2020)</a>' in other


def test_bill_page_offers_comparisons_with_related_and_nearby_bills(vera):
    bill = make_bill("washington", slug="wa-one")
    make_bill("washington", slug="wa-two")
    make_bill("maine", slug="me-law")

    response = vera.get(bill.get_absolute_url())

    assert [other.slug for other, _url in response.context["compare_with"]] == ["wa-two", "me-law"]
    assert "/compare/?bills=wa-one&amp;bills=wa-two" in text_of(response)


def test_bill_page_never_shows_research_notes_or_unpublished_provisions(vera):
    bill = make_bill(research_notes="SECRET: the effective date is a guess")
    make_provision(bill, plain="A draft rule nobody checked.", is_published=False)

    page = text_of(vera.get(bill.get_absolute_url()))

    assert "SECRET" not in page
    assert "A draft rule nobody checked." not in page


def test_unpublished_bill_is_404_for_the_public(vera):
    bill = make_bill(is_published=False)

    assert vera.get(bill.get_absolute_url()).status_code == 404


def test_staff_preview_an_unpublished_bill_with_a_banner_and_no_caching(edna):
    bill = make_bill(is_published=False)
    make_provision(bill, plain="A draft rule.", is_published=False)

    response = edna.get(bill.get_absolute_url())

    assert response.status_code == 200
    page = text_of(response)
    assert "Unpublished preview." in page
    assert "A draft rule." in page
    assert "no-cache" in response["Cache-Control"]


# Topics, parties, jurisdictions, about


def test_topic_page_explains_the_obligation_and_groups_bills_by_effect(vera):
    requiring = make_bill(slug="requires-warrant")
    make_provision(requiring, category="warrant", effect=Effect.REQUIRES, plain="Police need a warrant.")
    exempting = make_bill(slug="exempts-warrant")
    make_provision(exempting, category="warrant", effect=Effect.EXEMPTS, plain="Emergencies need none.")
    make_provision(make_bill(is_published=False), category="warrant", plain="Hidden draft.")

    response = vera.get(reverse("bills:category", args=["warrant"]))

    page = text_of(response)
    assert "They need a judge&#x27;s permission first." in page
    assert [g.effect for g in response.context["effect_groups"]] == ["requires", "exempts"]
    assert page.index("These bills require it") < page.index("Police need a warrant.")
    assert page.index("These bills leave some cases outside the rules") < page.index("Emergencies need none.")
    assert "Hidden draft." not in page


def test_party_page_lists_every_obligation_on_that_party_by_category_naming_the_bills(vera):
    maine = make_bill("maine", identifier="LD 1585")
    make_provision(maine, category="consent", parties=["developers"], plain="Vendors need consent.")
    washington = make_bill("washington", identifier="SB 6280")
    make_provision(
        washington, category="independent-testing", parties=["developers"], plain="Vendors allow tests."
    )
    make_provision(washington, category="warrant", parties=["law-enforcement"], plain="Police need warrants.")

    response = vera.get(reverse("bills:party", args=["developers"]))

    page = text_of(response)
    assert "If you are developers and vendors" in page
    assert [g.category.slug for g in response.context["category_groups"]] == [
        "independent-testing",
        "consent",
    ]
    assert "Washington SB 6280" in page and "Maine LD 1585" in page
    assert "Police need warrants." not in page


def test_jurisdiction_page_lists_its_bills_newest_first(vera):
    make_bill("washington", slug="wa-2019", introduced=datetime.date(2019, 1, 1), status_date=None)
    make_bill("washington", slug="wa-2023", introduced=datetime.date(2023, 1, 1), status_date=None)
    make_bill("maine", slug="me-2021")

    response = vera.get(reverse("bills:jurisdiction", args=["washington"]))

    assert [b.slug for b in response.context["levels"][0].laws] == ["wa-2023", "wa-2019"]


def test_list_pages_count_only_public_bills(vera):
    bill = make_bill()
    make_provision(bill, category="warrant", parties=["schools"])
    make_provision(make_bill(is_published=False), category="warrant", parties=["schools"])

    topics = vera.get(reverse("bills:category_list"))
    parties = vera.get(reverse("bills:party_list"))
    places = vera.get(reverse("bills:jurisdiction_list"))

    assert {c.slug: c.bill_count for c in topics.context["categories"]}["warrant"] == 1
    assert {p.slug: p.bill_count for p in parties.context["parties"]}["schools"] == 1
    assert {j.slug: j.bill_count for j in places.context["jurisdictions"]}["washington"] == 1


def test_about_page_explains_categories_sources_and_that_it_is_not_legal_advice(vera):
    page = text_of(vera.get(reverse("bills:about")))

    assert "Warrant or court order" in page
    assert "Where the data comes from" in page
    assert "not legal advice" in page


def test_newest_first_uses_the_status_date_when_the_introduced_date_is_unknown(vera):
    make_bill("washington", slug="wa-2020", introduced=datetime.date(2020, 1, 14), status_date=None)
    make_bill("washington", slug="wa-2023-no-intro", introduced=None, status_date=datetime.date(2023, 4, 27))
    make_bill("washington", slug="wa-undated", introduced=None, status_date=None)

    by_place = vera.get(reverse("bills:jurisdiction", args=["washington"]))
    by_list = vera.get(reverse("bills:bill_list") + "?sort=-introduced")

    expected = ["wa-2023-no-intro", "wa-2020", "wa-undated"]
    assert [b.slug for b in by_place.context["levels"][0].laws] == expected
    assert [b.slug for b in by_list.context["bills"]] == expected


def test_list_pages_keep_the_taxonomy_order_not_the_database_order(vera):
    from bills.models import Category, Jurisdiction, Party

    Category.objects.filter(slug="task-force").update(display_order=0)
    Party.objects.filter(slug="schools").update(display_order=0)

    topics = vera.get(reverse("bills:category_list")).context["categories"]
    parties = vera.get(reverse("bills:party_list")).context["parties"]
    places = vera.get(reverse("bills:jurisdiction_list")).context["jurisdictions"]

    enforcement = [c.slug for c in topics if c.group.slug == "enforcement"]
    assert enforcement[0] == "task-force"
    assert [c.group.display_order for c in topics] == sorted(c.group.display_order for c in topics)
    assert [p.slug for p in parties][0] == "schools"
    assert [j.pk for j in places] == list(
        Jurisdiction.objects.order_by("display_order", "name").values_list("pk", flat=True)
    )


def test_editing_a_part_of_a_bill_counts_as_updating_the_bill(vera):
    from bills.models import Bill

    old, edited = make_bill(slug="old"), make_bill(slug="edited")
    long_ago = timezone.now() - datetime.timedelta(days=30)
    Bill.objects.update(updated_at=long_ago)
    provision = make_provision(edited)
    Bill.objects.filter(pk=edited.pk).update(updated_at=long_ago)

    provision.plain = "A corrected summary."
    provision.save()

    response = vera.get(reverse("bills:home"))
    assert [b.slug for b in response.context["recent_bills"]][0] == "edited"
    assert Bill.objects.get(pk=old.pk).updated_at == long_ago
    footer_date = response.context["data_updated"]()
    assert footer_date > long_ago


@pytest.mark.parametrize("url", ["/", "/bills/", "/jurisdictions/washington/", "/topics/warrant/"])
def test_pages_seen_by_staff_are_never_cached_because_they_may_show_drafts(edna, vera, url):
    make_bill(is_published=False)

    assert "no-cache" in edna.get(url)["Cache-Control"]


def test_pages_seen_by_the_public_may_be_cached(client):
    make_bill()

    assert "no-cache" not in client.get("/bills/").get("Cache-Control", "")
