"""What laws mean by their terms: on the bill page, and side by side at /definitions/."""

import csv
import datetime
import io

import pytest
from django.urls import reverse

from bills.definitions import NOT_STATED, SCOPE_QUESTIONS, answer
from bills.loading import BILLS_DIR, load_bills
from bills.models import Definition

from .factories import make_bill, make_definition, make_definition_source, make_provision

pytestmark = pytest.mark.usefixtures("taxonomy")

WA_SB_6280 = "wa-sb-6280-2020"
IL_BIPA = "il-bipa-740-ilcs-14-2008"
# The footer's "data last updated", the picker's bills, the chosen laws' definitions: for 3 laws or 24.
DEFINITIONS_QUERIES = 3
QUESTIONS = {question.question: question for question in SCOPE_QUESTIONS}


def definitions_page(*slugs: str, **params) -> str:
    query = "&".join([*(f"bills={slug}" for slug in slugs), *(f"{k}={v}" for k, v in params.items())])
    return reverse("bills:definitions") + (f"?{query}" if query else "")


@pytest.fixture
def real_laws(db):
    """Washington SB 6280 and the Illinois biometric law (with the act amending it), as researched."""
    names = [WA_SB_6280, IL_BIPA, "il-sb-2979-2024"]
    load_bills([BILLS_DIR / f"{name}.json" for name in names])


@pytest.fixture
def washington(db):
    bill = make_bill(identifier="SB 6280", slug=WA_SB_6280)
    make_definition(
        bill,
        includes=["verifying that a person is who they claim to be"],
        excludes=["using a face to unlock or lock an electronic device"],
    )
    make_definition(bill, "Facial template", display_order=1)
    make_definition_source(bill, "RCW 43.386.010, statute copy")
    bill.definition_notes = "Staff only: subsection (5) is cut off in the copy read."
    bill.save()
    return bill


# The bill page.


def test_the_bill_page_lists_each_term_quoted_with_its_section_includes_and_leaves_out(vera, washington):
    page = vera.get(washington.get_absolute_url()).content.decode()

    assert "What this law means by…" in page
    assert "“Facial recognition service”" in page and "“Facial template”" in page
    assert "RCW 43.386.010(3)" in page
    assert "verifying that a person is who they claim to be" in page
    assert "using a face to unlock or lock an electronic device" in page
    assert "RCW 43.386.010, statute copy" in page


def test_the_staff_notes_on_the_definitions_never_reach_the_public(vera, washington):
    assert "subsection (5) is cut off" not in vera.get(washington.get_absolute_url()).content.decode()


def test_a_rule_that_uses_a_defined_term_links_to_its_definition(vera, washington):
    make_provision(washington, plain="Agencies must test each facial recognition service first.")
    make_provision(washington, category="notice", plain="Agencies must tell the public.")
    central = washington.definitions.first()

    page = vera.get(washington.get_absolute_url()).content.decode()

    assert page.count(f'href="#definition-{central.pk}"') == 1
    assert f'id="definition-{central.pk}"' in page


def test_a_bill_page_without_definitions_says_so(vera, db):
    bill = make_bill()

    assert "No definition recorded for this law yet." in vera.get(bill.get_absolute_url()).content.decode()


# The comparison.


def test_two_laws_central_terms_are_shown_side_by_side(vera, real_laws):
    response = vera.get(definitions_page(WA_SB_6280, IL_BIPA))
    page = response.content.decode()

    assert response.status_code == 200
    assert [column.central.term for column in response.context["columns"]] == [
        "Facial recognition service",
        "Biometric identifier",
    ]
    assert "persistent tracking of a person across images" in page  # Washington includes
    assert "writing samples and written signatures" in page  # Illinois leaves out
    assert "RCW 43.386.010(3)" in page


def test_scope_questions_are_answered_only_where_the_definitions_state_it(vera, real_laws):
    response = vera.get(definitions_page(WA_SB_6280, IL_BIPA))

    rows = {row.question: [cell.answer for cell in row.answers] for row in response.context["scope_rows"]}
    assert rows["Covers private businesses?"] == ["No", NOT_STATED]
    assert rows["Leaves out unlocking your own device?"] == ["Yes", NOT_STATED]
    assert rows["Leaves out ordinary photos?"] == [NOT_STATED, "Yes"]
    assert "Leaves out: “photographs”" in response.content.decode()


def test_a_law_without_definitions_says_no_definition_recorded(vera, washington):
    make_bill(slug="no-terms")

    response = vera.get(definitions_page(WA_SB_6280, "no-terms"))

    assert response.status_code == 200
    assert "No definition recorded" in response.content.decode()


def test_unpublished_laws_never_appear_to_the_public(vera, washington):
    draft = make_bill(slug="draft", is_published=False)
    make_definition(draft, "Secret term")

    assert vera.get(definitions_page(WA_SB_6280, "draft")).status_code == 404
    assert "Secret term" not in vera.get(definitions_page()).content.decode()


def test_staff_preview_an_unpublished_law_with_a_banner(edna, washington):
    draft = make_bill(slug="draft", is_published=False)
    make_definition(draft, "Draft term")

    page = edna.get(definitions_page(WA_SB_6280, "draft")).content.decode()

    assert "Draft term" in page and "This comparison includes unpublished bills." in page


def test_with_no_laws_chosen_the_newest_laws_in_force_are_shown(vera, washington):
    older = make_bill(
        slug="older", status_date=datetime.date(2010, 1, 1), introduced=datetime.date(2009, 1, 1)
    )

    response = vera.get(definitions_page())

    assert [column.bill for column in response.context["columns"]] == [washington, older]
    assert "all 2 laws in force today" in response.context["summary"]


@pytest.mark.parametrize(
    ("params", "status"),
    [
        ({"bills": WA_SB_6280}, 400),  # one law is not a comparison
        ({"bills": "no-such-law"}, 404),
        ({"on": "2020-13-01"}, 400),
    ],
)
def test_bad_options_get_a_clear_4xx_with_the_picker(vera, washington, params, status):
    response = vera.get(reverse("bills:definitions"), params)

    assert response.status_code == status
    assert "We could not make that comparison" in response.content.decode()


def test_the_main_navigation_and_the_bill_page_link_to_the_comparison(vera, washington):
    other = make_bill(slug="other-law")
    page = vera.get(washington.get_absolute_url()).content.decode()

    assert f'href="{reverse("bills:definitions")}"' in page
    assert f"/definitions/?bills={WA_SB_6280}&amp;bills={other.slug}" in page


@pytest.mark.parametrize("count", [3, 24])
def test_the_comparison_query_count_does_not_grow_with_the_laws_shown(vera, django_assert_num_queries, count):
    bills = [make_bill(slug=f"law-{index}") for index in range(count)]
    for bill in bills:
        make_definition(bill, includes=["one", "two"], excludes=["three"])
        make_definition(bill, "Second term", display_order=1)

    with django_assert_num_queries(DEFINITIONS_QUERIES):
        response = vera.get(definitions_page(*(bill.slug for bill in bills)))

    assert len(response.context["columns"]) == count


# Scope answers, from the definitions' own phrases.


@pytest.mark.parametrize(
    ("question", "includes", "excludes", "expected"),
    [
        ("Leaves out unlocking your own device?", [], ["using your face to unlock a phone"], "Yes"),
        ("Leaves out unlocking your own device?", ["unlocking a phone"], [], "No"),
        ("Leaves out unlocking your own device?", ["face images"], [], NOT_STATED),
        ("Covers private businesses?", [], ["use by businesses or private parties"], "No"),
        (
            "Covers tools that are only partly automated?",
            ["processes that are only partly automated"],
            [],
            "Yes",
        ),
        ("Leaves out ordinary photos?", ["photos"], [], NOT_STATED),  # only an exclusion answers it
    ],
)
def test_a_scope_answer_comes_from_a_phrase_the_definition_lists(question, includes, excludes, expected):
    definition = Definition(
        term="Face recognition", includes="\n".join(includes), excludes="\n".join(excludes)
    )

    assert answer(QUESTIONS[question], definition).answer == expected


# The comparison grid.


def test_the_grid_starts_with_a_definitions_row_linking_each_law_to_its_terms(vera, washington):
    make_bill(slug="no-terms")

    page = vera.get(reverse("bills:compare"), {"bills": [WA_SB_6280, "no-terms"]}).content.decode()

    assert page.index("compare-grid__definitions") < page.index("compare-grid__group")
    assert f'href="{washington.get_absolute_url()}#definitions">“Facial recognition service”</a>' in page
    assert "No definition recorded" in page
    assert f'href="/definitions/?bills={WA_SB_6280}&amp;bills=no-terms"' in page


def test_the_grid_csv_carries_each_laws_central_term(vera, washington):
    make_bill(slug="no-terms")

    response = vera.get(reverse("bills:compare_csv"), {"bills": [WA_SB_6280, "no-terms"]})

    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[2] == [
        "",
        "Definitions",
        "“Facial recognition service” (RCW 43.386.010(3)): "
        "Technology that studies faces to find out who people are.",
        "No definition recorded",
    ]
