"""The comparison grid at /compare/ and its CSV at /compare/csv/, as a visitor and an editor see them."""

from __future__ import annotations

import csv
import io
import re
from html.parser import HTMLParser
from urllib.parse import urlencode

import pytest
from django.urls import reverse

from bills.exports import BILL_FACTS
from bills.grid import MAX_COMPARE_COLUMNS
from bills.models import Category, CategoryGroup, Confidence, Effect, Jurisdiction, Status

from .factories import make_bill, make_provision

# Every variant (3 bills or the most allowed, with or without party and differences, page or CSV)
# costs the same:
# the picker's bills with their jurisdictions (the columns come out of that list), the parties for
# the party option, the categories with their groups (rows), every cell in one query, and the
# footer's "data last updated" date.
COMPARE_QUERY_COUNT = 5

COMPARE_URL = reverse("bills:compare")
CSV_URL = reverse("bills:compare_csv")
# The CSV's header and standing rows, then a row per bill fact and a row of links, before the grid.
BILL_FACT_ROWS = 2 + len(BILL_FACTS) + 1


def compare_url(*slugs: str, base: str = COMPARE_URL, **options: str) -> str:
    return f"{base}?{urlencode([*(('bills', slug) for slug in slugs), *options.items()])}"


class GridTable(HTMLParser):
    """The comparison table as the reader sees it: each row a list of its cells' text."""

    def __init__(self, html: str):
        super().__init__()
        self.rows: list[list[str]] = []
        self.rowgroups: list[str] = []
        self._in_table = False
        self._cell: list[str] | None = None
        self._cell_is_rowgroup = False
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "table" and "compare-grid" in (attrs.get("class") or ""):
            self._in_table = True
        elif self._in_table and tag == "tr":
            self.rows.append([])
        elif self._in_table and tag in ("th", "td"):
            self._cell = []
            self._cell_is_rowgroup = attrs.get("scope") == "rowgroup"

    def handle_endtag(self, tag):
        if tag == "table":
            self._in_table = False
        elif self._cell is not None and tag in ("th", "td"):
            text = " ".join("".join(self._cell).split())
            (self.rowgroups if self._cell_is_rowgroup else self.rows[-1]).append(text)
            self._cell = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)

    @property
    def body(self) -> dict[str, list[str]]:
        """Category name → the text of each bill's cell (group heading rows left out)."""
        return {row[0]: row[1:] for row in self.rows[1:] if row}


def table(response) -> GridTable:
    return GridTable(response.content.decode())


def text(response) -> str:
    return response.content.decode()


@pytest.fixture
def washington(taxonomy):
    """An enacted law with a warrant rule for police and a reporting rule for agencies."""
    bill = make_bill("washington", identifier="SB 6280", slug="wa-sb-6280")
    make_provision(
        bill,
        "warrant",
        Effect.REQUIRES,
        ["law-enforcement"],
        plain="Police need a warrant for ongoing surveillance.",
        section="Sec. 11",
    )
    make_provision(
        bill,
        "accountability-report",
        Effect.REQUIRES,
        ["government-agencies"],
        plain="Agencies publish a report first.",
        section="Sec. 3",
    )
    return bill


@pytest.fixture
def maine(taxonomy):
    """An enacted law that bans most government use and, on thin evidence, requires warrants."""
    bill = make_bill("maine", identifier="LD 1585", slug="me-ld-1585")
    make_provision(
        bill,
        "ban",
        Effect.PROHIBITS,
        ["government-agencies"],
        plain="Agencies may not use it.",
        section="§ 2",
    )
    make_provision(
        bill,
        "warrant",
        Effect.REQUIRES,
        ["law-enforcement"],
        plain="Police need probable cause.",
        section="§ 4",
        confidence=Confidence.LOW,
    )
    return bill


@pytest.fixture
def san_francisco(taxonomy):
    """An enacted ordinance that only bans government use."""
    bill = make_bill("san-francisco", identifier="File 190110", slug="sf-190110")
    make_provision(bill, "ban", Effect.PROHIBITS, ["government-agencies"], plain="City departments may not.")
    return bill


@pytest.fixture
def laws(washington, maine, san_francisco):
    return [washington, maine, san_francisco]


@pytest.fixture
def failed_bill(taxonomy):
    bill = make_bill("california", identifier="AB 1", slug="ca-ab-1", status=Status.FAILED)
    make_provision(bill, "ban")
    return bill


@pytest.fixture
def draft(taxonomy):
    """An enacted law still being researched: not yet published."""
    bill = make_bill("oregon", identifier="HB 9", slug="or-hb-9", is_published=False)
    make_provision(bill, "notice", plain="Signs at the door.")
    return bill


@pytest.fixture
def many_laws(taxonomy):
    """As many published laws as a comparison may show, each with a few provisions across the grid."""
    places = ["washington", "maine", "california", "colorado", "utah", "vermont"]
    categories = ["ban", "warrant", "notice", "data-retention", "human-review"]
    bills = []
    for number in range(MAX_COMPARE_COLUMNS):
        bill = make_bill(places[number % 6], identifier=f"HB {100 + number}", slug=f"hb-{100 + number}")
        for offset in range(3):
            make_provision(
                bill,
                categories[(number + offset) % 5],
                Effect.REQUIRES if offset else Effect.PROHIBITS,
                ["law-enforcement", "government-agencies"],
            )
        bills.append(bill)
    return bills


class TestTheGrid:
    def test_a_bill_with_a_warrant_provision_shows_it_and_a_bill_without_says_not_addressed(
        self, vera, washington, san_francisco
    ):
        response = vera.get(compare_url(washington.slug, san_francisco.slug))

        assert response.status_code == 200
        washington_cell, san_francisco_cell = table(response).body["Warrant or court order"]
        assert washington_cell == "Requires Police need a warrant for ongoing surveillance. Sec. 11"
        assert san_francisco_cell == "Not addressed"

    def test_a_cell_links_to_its_provision_on_the_bill_page(self, vera, washington, maine):
        warrant = washington.provisions.get(category__slug="warrant")

        response = vera.get(compare_url(washington.slug, maine.slug))

        assert f'href="/bills/wa-sb-6280/#provision-{warrant.pk}"' in text(response)

    def test_a_low_confidence_provision_is_marked_needs_review(self, vera, washington, maine):
        response = vera.get(compare_url(washington.slug, maine.slug))

        washington_cell, maine_cell = table(response).body["Warrant or court order"]
        assert "Needs review" in maine_cell
        assert "Needs review" not in washington_cell

    def test_columns_name_each_bill_with_its_place_year_standing_and_link(self, vera, washington, maine):
        response = vera.get(compare_url(washington.slug, maine.slug))

        header = table(response).rows[0]
        assert header == [
            "Topic",
            "SB 6280 Washington · 2020 In force since 31 March 2020",
            "LD 1585 Maine · 2020 In force since 31 March 2020",
        ]
        assert '<th scope="col" class="compare-grid__bill">' in text(response)
        assert f'href="{washington.get_absolute_url()}"' in text(response)

    def test_columns_keep_the_order_the_bills_were_chosen_in(self, vera, washington, maine):
        response = vera.get(compare_url(maine.slug, washington.slug))

        assert [bill.slug for bill in response.context["grid"].bills] == [maine.slug, washington.slug]

    def test_every_topic_is_a_row_linking_to_its_topic_page(self, vera, washington, maine):
        response = vera.get(compare_url(washington.slug, maine.slug))

        assert list(table(response).body) == list(Category.objects.values_list("name", flat=True))
        assert f'<a href="{reverse("bills:category", args=["warrant"])}">Warrant or court order</a>' in (
            text(response)
        )

    def test_group_headings_come_in_display_order(self, vera, washington, maine):
        response = vera.get(compare_url(washington.slug, maine.slug))

        assert table(response).rowgroups == [
            "Limits on use",
            "Oversight and transparency",
            "Accuracy and fairness",
            "Individual rights and data",
            "Enforcement",
        ]
        assert table(response).rowgroups == list(CategoryGroup.objects.values_list("name", flat=True))

    def test_duplicated_bills_are_shown_once(self, vera, washington, maine):
        response = vera.get(compare_url(washington.slug, maine.slug, washington.slug))

        assert response.status_code == 200
        assert [bill.slug for bill in response.context["grid"].bills] == [washington.slug, maine.slug]

    def test_the_table_is_accessible_and_scrolls_in_its_own_labelled_box(self, vera, laws):
        page = text(vera.get(compare_url(*(bill.slug for bill in laws))))

        assert (
            '<div class="grid-scroll" tabindex="0" role="region" aria-labelledby="compare-caption">' in page
        )
        assert '<caption id="compare-caption">' in page
        assert '<th scope="rowgroup" colspan="4">' in page
        assert page.count('<th scope="row"') == Category.objects.count()

    def test_the_key_explains_every_effect_and_marker(self, vera, washington, maine):
        page = text(vera.get(compare_url(washington.slug, maine.slug)))

        start = page.index('id="compare-legend-heading"')
        legend = page[start : page.index("</details>", start)]
        for effect in Effect:
            assert f"badge--{effect.value}" in legend
        assert "Something they must not do." in legend
        assert "Needs review" in legend
        assert "Not addressed" in legend

    def test_the_page_has_one_h1_and_no_inline_scripts_or_styles(self, vera, laws):
        page = text(vera.get(compare_url(*(bill.slug for bill in laws))))

        assert page.count("<h1") == 1
        assert "style=" not in page
        assert not re.search(r"<script(?![^>]*\bsrc=)", page)


class TestOptions:
    def test_party_keeps_only_obligations_on_that_party(self, vera, washington, maine):
        response = vera.get(compare_url(washington.slug, maine.slug, party="law-enforcement"))

        body = table(response).body
        assert body["Warrant or court order"][0].startswith("Requires Police need a warrant")
        # Reports and the ban bind agencies, not police.
        assert body["Impact or accountability report"] == ["Not addressed", "Not addressed"]
        assert body["Ban"] == ["Not addressed", "Not addressed"]
        assert "showing only obligations on law enforcement" in text(response)

    def test_differences_hides_rows_where_all_bills_agree_and_keeps_rows_that_differ(
        self, vera, washington, maine
    ):
        response = vera.get(compare_url(washington.slug, maine.slug, differences="1"))

        # Both require a warrant (agree); only Maine bans, only Washington reports (differ);
        # every other topic is "not addressed" by both (agree).
        assert list(table(response).body) == ["Ban", "Impact or accountability report"]
        assert table(response).rowgroups == ["Limits on use", "Oversight and transparency"]

    def test_differences_and_party_together(self, vera, washington, maine):
        response = vera.get(
            compare_url(washington.slug, maine.slug, party="government-agencies", differences="on")
        )

        assert list(table(response).body) == ["Ban", "Impact or accountability report"]

    def test_when_every_row_agrees_the_page_says_so(self, vera, washington, maine):
        response = vera.get(compare_url(washington.slug, maine.slug, party="schools", differences="1"))

        assert response.status_code == 200
        assert "The bills agree on every topic for schools" in text(response)
        assert "compare-grid" not in text(response)

    @pytest.mark.parametrize("value", ["0", "false", ""])
    def test_differences_off_keeps_every_row(self, vera, washington, maine, value):
        response = vera.get(compare_url(washington.slug, maine.slug, differences=value))

        assert len(table(response).body) == Category.objects.count()


class TestNoBillsChosen:
    def test_shows_every_published_law_in_force_and_says_so(
        self, vera, washington, maine, san_francisco, failed_bill, draft
    ):
        response = vera.get(COMPARE_URL)

        assert response.status_code == 200
        assert set(response.context["grid"].bills) == {maine, washington, san_francisco}
        assert "No bills chosen, so this compares all 3 laws in force today." in text(response)
        assert not any(failed_bill.identifier in heading for heading in table(response).rows[0])
        assert draft.identifier not in text(response)

    def test_staff_see_only_published_laws_by_default_too(self, edna, laws, draft):
        response = edna.get(COMPARE_URL)

        assert set(response.context["grid"].bills) == set(laws)
        assert "preview" not in response.context

    def test_with_no_laws_at_all_the_page_says_so(self, vera, taxonomy):
        response = vera.get(COMPARE_URL)

        assert response.status_code == 200
        assert "There are no enacted laws to show yet." in text(response)


class TestPicker:
    def test_is_a_get_form_of_bills_grouped_by_place_inside_details(self, vera, laws, failed_bill):
        page = text(vera.get(compare_url(laws[0].slug, laws[1].slug)))

        picker = page[page.index('<details class="compare-picker"') : page.index("</details>")]
        assert f'<form class="compare-picker__form" method="get" action="{COMPARE_URL}">' in picker
        for place in ["Washington", "Maine", "San Francisco, California", "California"]:
            assert f"<legend>{place}</legend>" in picker
        assert 'name="party"' in picker
        assert 'name="differences"' in picker

    def test_the_chosen_bills_are_ticked(self, vera, laws):
        page = text(vera.get(compare_url(laws[0].slug, laws[1].slug)))

        for bill, ticked in zip(laws, [True, True, False], strict=True):
            tag = re.search(rf'<input type="checkbox" name="bills" value="{bill.slug}"[^>]*>', page)[0]
            assert ("checked" in tag) is ticked

    def test_the_chosen_options_are_selected(self, vera, laws):
        page = text(
            vera.get(compare_url(laws[0].slug, laws[1].slug, party="law-enforcement", differences="1"))
        )

        assert '<option value="law-enforcement" selected>' in page
        assert re.search(r'<input type="checkbox" name="differences" value="1"[^>]*checked', page)


class TestCsv:
    def test_matches_the_grid_on_screen_cell_for_cell(self, vera, laws):
        url = compare_url(*(bill.slug for bill in laws), party="law-enforcement")
        grid = vera.get(url).context["grid"]

        response = vera.get(url.replace(COMPARE_URL, CSV_URL, 1))

        assert response.status_code == 200
        rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
        assert rows[0] == [
            "Category group",
            "Category",
            "Washington SB 6280 (2020)",
            "Maine LD 1585 (2020)",
            "San Francisco, California File 190110 (2020)",
        ]
        assert rows[1] == ["", "Standing", *(["In force since 31 March 2020"] * 3)]
        rows = rows[:2] + rows[BILL_FACT_ROWS:]  # the bills' dates, coverage and links: see test_exports
        expected = []
        for group in grid.groups:
            for row in group.rows:
                cells = []
                for cell in row.cells:
                    parts = [
                        f"{p.get_effect_display()}: {p.plain} ({p.section}) [confidence: {p.confidence}"
                        + (", needs review]" if p.confidence == Confidence.LOW else "]")
                        for p in cell.provisions
                    ]
                    cells.append(" | ".join(parts) or "Not addressed")
                expected.append([group.group.name, row.category.name, *cells])
        assert rows[2:] == expected
        assert len(rows) - 2 == Category.objects.count()

    def test_carries_the_differences_option(self, vera, washington, maine):
        response = vera.get(compare_url(washington.slug, maine.slug, base=CSV_URL, differences="1"))

        rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
        rows = rows[BILL_FACT_ROWS:]
        assert [row[1] for row in rows] == ["Ban", "Impact or accountability report"]
        assert rows[0][2:] == [
            "Not addressed",
            "Prohibits: Agencies may not use it. (§ 2) [confidence: high]",
        ]
        assert rows[1][2:] == [
            "Requires: Agencies publish a report first. (Sec. 3) [confidence: high]",
            "Not addressed",
        ]

    def test_is_a_download_named_frt_comparison(self, vera, washington, maine):
        response = vera.get(compare_url(washington.slug, maine.slug, base=CSV_URL))

        assert response["Content-Type"] == "text/csv; charset=utf-8"
        assert response["Content-Disposition"] == 'attachment; filename="frt-comparison.csv"'

    def test_its_name_says_which_options_shaped_it(self, vera, washington, maine):
        url = compare_url(washington.slug, maine.slug, party="schools", differences="1", base=CSV_URL)

        response = vera.get(url)

        expected = 'attachment; filename="frt-comparison-schools-only-differences.csv"'
        assert response["Content-Disposition"] == expected

    def test_the_page_links_to_it_with_the_same_options(self, vera, washington, maine):
        page = text(vera.get(compare_url(washington.slug, maine.slug, washington.slug, party="schools")))

        csv_link = f"{CSV_URL}?bills={washington.slug}&amp;bills={maine.slug}&amp;party=schools"
        assert f'href="{csv_link}" download>Download CSV</a>' in page

    def test_values_a_spreadsheet_would_run_as_formulas_are_defused(self, vera, washington, taxonomy):
        evil = Jurisdiction.objects.create(name="=HYPERLINK(1)", slug="evil", level="city")
        bill = make_bill(evil, identifier="HB 1", slug="evil-hb-1")

        response = vera.get(compare_url(washington.slug, bill.slug, base=CSV_URL))

        header = next(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
        assert header[3] == "'=HYPERLINK(1) HB 1 (2020)"

    def test_bad_options_get_the_helpful_page_not_a_file(self, vera, washington):
        response = vera.get(compare_url(washington.slug, "no-such-bill", base=CSV_URL))

        assert response.status_code == 404
        assert "Content-Disposition" not in response
        assert "no-such-bill" in text(response)


class TestBadInput:
    def test_an_unknown_bill_is_not_found_and_named(self, vera, washington):
        response = vera.get(compare_url(washington.slug, "wa-sb-9999"))

        assert response.status_code == 404
        assert "We could not find a bill with the address “wa-sb-9999”" in text(response)
        assert '<details class="compare-picker" open>' in text(response)

    def test_several_unknown_bills_are_all_named(self, vera, washington):
        response = vera.get(compare_url(washington.slug, "nope-1", "nope-2"))

        assert response.status_code == 404
        assert "“nope-1”, “nope-2”" in text(response)

    def test_one_bill_is_not_a_comparison_but_the_picker_is_there_to_add_more(self, vera, washington, maine):
        response = vera.get(compare_url(washington.slug))

        assert response.status_code == 400
        assert "A comparison needs at least two bills." in text(response)
        assert '<details class="compare-picker" open>' in text(response)
        assert re.search(rf'value="{washington.slug}" id="pick-{washington.slug}" checked', text(response))

    def test_one_bill_repeated_is_still_one_bill(self, vera, washington):
        response = vera.get(compare_url(washington.slug, washington.slug))

        assert response.status_code == 400
        assert "at least two bills" in text(response)

    def test_too_many_bills_says_what_the_limit_is(self, vera, many_laws, washington):
        response = vera.get(compare_url(*(bill.slug for bill in many_laws), washington.slug))

        assert response.status_code == 400
        assert f"a comparison shows at most {MAX_COMPARE_COLUMNS} side by side" in text(response)

    def test_an_unknown_party_is_a_form_error(self, vera, washington, maine):
        response = vera.get(compare_url(washington.slug, maine.slug, party="aliens"))

        assert response.status_code == 400
        assert "“aliens” is not one of the parties we track." in text(response)

    @pytest.mark.parametrize("value", ["maybe", "2", "yes-please"])
    def test_differences_must_be_a_plain_yes_or_no(self, vera, washington, maine, value):
        response = vera.get(compare_url(washington.slug, maine.slug, differences=value))

        assert response.status_code == 400
        assert f"“{value}” is not a yes or no." in text(response)

    def test_an_error_page_still_has_one_h1(self, vera, washington):
        assert text(vera.get(compare_url(washington.slug))).count("<h1") == 1


class TestUnpublishedBills:
    def test_do_not_exist_for_a_visitor(self, vera, washington, draft):
        response = vera.get(compare_url(washington.slug, draft.slug))

        assert response.status_code == 404
        assert draft.slug in text(response)
        assert draft.identifier not in text(response)

    def test_staff_can_include_them_and_are_told_so(self, edna, washington, draft):
        response = edna.get(compare_url(washington.slug, draft.slug))

        assert response.status_code == 200
        assert response.context["preview"] == "This comparison includes unpublished bills."
        assert "Unpublished preview." in text(response)
        assert table(response).body["Notice to the public"][1] == "Requires Signs at the door. Sec. 1"
        assert "no-cache" in response["Cache-Control"]

    def test_a_published_comparison_is_no_preview_even_for_staff(self, edna, washington, maine):
        response = edna.get(compare_url(washington.slug, maine.slug))

        assert "preview" not in response.context


class TestQueryCount:
    """The same number of queries however many bills are compared, with any options."""

    @pytest.mark.parametrize(
        "options",
        [
            {},
            {"party": "law-enforcement"},
            {"differences": "1"},
            {"party": "schools", "differences": "1"},
            {"on": "2021-01-01"},
        ],
    )
    def test_three_bills(self, vera, laws, django_assert_num_queries, options):
        with django_assert_num_queries(COMPARE_QUERY_COUNT):
            response = vera.get(compare_url(*(bill.slug for bill in laws), **options))
        assert response.status_code == 200

    @pytest.mark.parametrize(
        "options",
        [{}, {"party": "law-enforcement"}, {"differences": "1"}, {"party": "schools", "differences": "1"}],
    )
    def test_the_most_bills_allowed(self, vera, many_laws, django_assert_num_queries, options):
        with django_assert_num_queries(COMPARE_QUERY_COUNT):
            response = vera.get(compare_url(*(bill.slug for bill in many_laws), **options))
        assert response.status_code == 200
        assert len(response.context["grid"].bills) == MAX_COMPARE_COLUMNS

    @pytest.mark.parametrize("options", [{}, {"on": "2021-01-01"}])
    def test_no_bills_chosen(self, vera, many_laws, django_assert_num_queries, options):
        with django_assert_num_queries(COMPARE_QUERY_COUNT):
            response = vera.get(COMPARE_URL, options)
        assert len(response.context["grid"].bills) == MAX_COMPARE_COLUMNS

    def test_csv(self, vera, many_laws, django_assert_num_queries):
        # The file has no footer, so one query fewer than the page.
        with django_assert_num_queries(COMPARE_QUERY_COUNT - 1):
            response = vera.get(compare_url(*(bill.slug for bill in many_laws), base=CSV_URL))
        assert response.status_code == 200
