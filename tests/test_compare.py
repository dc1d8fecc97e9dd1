"""The comparison grid at /compare/ and its CSV at /compare/csv/, as a visitor and an editor see them."""

from __future__ import annotations

import csv
import datetime
import io
import re
from html.parser import HTMLParser
from urllib.parse import urlencode

import pytest
from django.db import connection
from django.urls import reverse

from bills.exports import BILL_FACTS
from bills.grid import MAX_COMPARE_COLUMNS
from bills.models import Category, CategoryGroup, Confidence, Coverage, Effect, Jurisdiction, Status
from bills.views.compare import PICKER_RESULTS

from .factories import make_bill, make_provision

# Every variant (3 bills or the most allowed, with or without party and differences, page or CSV)
# costs the same:
# the chosen bills with their jurisdictions (or, with none chosen, the newest laws in force with
# how many there are), the parties for the party option, the categories with their groups (rows),
# every cell in one query, the footer's "data last updated" date, and each column's central term.
# A search in the picker adds one query: its first matches.
COMPARE_QUERY_COUNT = 6

COMPARE_URL = reverse("bills:compare")
CSV_URL = reverse("bills:compare_csv")
# The CSV's header and standing rows, then a row per bill fact and a row of links, before the grid.
# Header, standing, definitions, the bills' facts, and their links come before the topic rows.
BILL_FACT_ROWS = 3 + len(BILL_FACTS) + 1


def compare_url(*slugs: str, base: str = COMPARE_URL, **options: str | list[str]) -> str:
    """The grid's address; an option given as a list repeats (``party=["schools", "developers"]``)."""
    params = [("bills", slug) for slug in slugs]
    for name, value in options.items():
        params.extend((name, each) for each in (value if isinstance(value, list) else [value]))
    return f"{base}?{urlencode(params)}"


class GridTable(HTMLParser):
    """The comparison table as the wide layout shows it: each row a list of its cells' text.

    The bill label each cell repeats for the phone's card layout is collected apart, in ``card_labels``.
    """

    def __init__(self, html: str):
        super().__init__()
        self.rows: list[list[str]] = []
        self.rowgroups: list[str] = []
        self.card_labels: list[list[str]] = []
        # The row of each law's defined term, kept apart from the topic rows.
        self.definitions: list[str] = []
        self._in_definitions = False
        self._in_table = False
        self._cell: list[str] | None = None
        self._cell_is_rowgroup = False
        self._card_label: list[str] | None = None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "span" and attrs.get("class") == "compare-grid__cell-bill":
            self._card_label = []
        elif tag == "table" and "compare-grid" in (attrs.get("class") or ""):
            self._in_table = True
        elif self._in_table and tag == "tbody":
            self._in_definitions = "compare-grid__definitions" in (attrs.get("class") or "")
        elif self._in_table and tag == "tr" and not self._in_definitions:
            self.rows.append([])
        elif self._in_table and tag in ("th", "td"):
            self._cell = []
            self._cell_is_rowgroup = attrs.get("scope") == "rowgroup"

    def handle_endtag(self, tag):
        if tag == "span" and self._card_label is not None:
            if len(self.card_labels) < len(self.rows):
                self.card_labels.append([])
            self.card_labels[-1].append("".join(self._card_label))
            self._card_label = None
        elif tag == "table":
            self._in_table = False
        elif self._cell is not None and tag in ("th", "td"):
            text = " ".join("".join(self._cell).split())
            if self._in_definitions:
                self.definitions.append(text)
            else:
                (self.rowgroups if self._cell_is_rowgroup else self.rows[-1]).append(text)
            self._cell = None

    def handle_data(self, data):
        if self._card_label is not None:
            self._card_label.append(data)
        elif self._cell is not None:
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
        assert header[0] == "Topic"
        assert header[1].startswith("Washington SB 6280 (2020) In force since 31 March 2020")
        assert header[2].startswith("Maine LD 1585 (2020) In force since 31 March 2020")
        assert '<th scope="col" class="compare-grid__bill">' in text(response)
        name = f'<a class="compare-grid__bill-name" href="{washington.get_absolute_url()}">'
        assert f"{name}Washington SB 6280 (2020)</a>" in text(response)

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
        assert page.count('<th scope="row"') == Category.objects.count() + 1  # and the Definitions row

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
        # Reports and the ban bind agencies, not police: those rows are folded away with the other empty ones.
        assert list(body) == ["Warrant or court order"]
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


class TestSeveralParties:
    def test_two_parties_show_the_obligations_on_either_and_each_says_whom_it_governs(
        self, vera, washington, maine
    ):
        url = compare_url(washington.slug, maine.slug, party=["law-enforcement", "government-agencies"])

        response = vera.get(url)

        assert response.status_code == 200
        body = table(response).body
        assert body["Warrant or court order"] == [
            "Requires Police need a warrant for ongoing surveillance. For law enforcement Sec. 11",
            "Requires ⚠ Needs review Police need probable cause. For law enforcement § 4",
        ]
        assert body["Ban"] == [
            "Not addressed",
            "Prohibits Agencies may not use it. For government agencies § 2",
        ]
        assert "showing only obligations on law enforcement or government agencies" in text(response)

    def test_a_provision_on_both_parties_names_both(self, vera, washington, maine):
        make_provision(
            washington, "notice", parties=["schools", "law-enforcement"], plain="Everyone posts a sign."
        )

        response = vera.get(compare_url(washington.slug, maine.slug, party=["schools", "law-enforcement"]))

        assert "For schools or law enforcement" in table(response).body["Notice to the public"][0]

    def test_one_party_needs_no_for_line(self, vera, washington, maine):
        response = vera.get(compare_url(washington.slug, maine.slug, party="law-enforcement"))

        assert "For law enforcement" not in text(response)

    def test_the_csv_takes_the_same_parties_and_names_them(self, vera, washington, maine):
        url = compare_url(
            washington.slug, maine.slug, base=CSV_URL, party=["law-enforcement", "government-agencies"]
        )

        response = vera.get(url)

        rows = {row[1]: row[2:] for row in csv.reader(io.StringIO(response.content.decode("utf-8-sig")))}
        assert rows["Ban"] == [
            "Not addressed",
            "Prohibits: Agencies may not use it. [For government agencies] (§ 2) [confidence: high]",
        ]
        assert rows["Warrant or court order"][0] == (
            "Requires: Police need a warrant for ongoing surveillance. [For law enforcement] (Sec. 11)"
            " [confidence: high]"
        )
        # The file keeps every topic, the folded ones too (after the header and the bills' facts).
        assert len(rows) - BILL_FACT_ROWS == Category.objects.count()
        expected = 'attachment; filename="frt-comparison-law-enforcement-government-agencies-only.csv"'
        assert response["Content-Disposition"] == expected

    def test_the_page_links_to_the_csv_with_every_party(self, vera, washington, maine):
        page = text(vera.get(compare_url(washington.slug, maine.slug, party=["schools", "developers"])))

        assert (
            f"{CSV_URL}?bills={washington.slug}&amp;bills={maine.slug}&amp;party=schools&amp;party=developers"
            in page
        )

    def test_a_party_given_twice_counts_once(self, vera, washington, maine):
        response = vera.get(compare_url(washington.slug, maine.slug, party=["schools", "schools"]))

        assert [party.slug for party in response.context["parties"]] == ["schools"]

    def test_one_unknown_party_among_good_ones_is_a_form_error(self, vera, washington, maine):
        response = vera.get(compare_url(washington.slug, maine.slug, party=["schools", "aliens"]))

        assert response.status_code == 400
        assert "“aliens” is not one of the parties we track." in text(response)

    def test_the_picker_ticks_every_chosen_party(self, vera, washington, maine):
        page = text(vera.get(compare_url(washington.slug, maine.slug, party=["schools", "developers"])))

        ticked = re.findall(r'<input type="checkbox" name="party" value="([^"]+)"[^>]*checked', page)
        assert set(ticked) == {"schools", "developers"}


def picker_order(response) -> list[str]:
    """The ticked bills in the picker, in the order the form would send them."""
    return re.findall(r'<input type="checkbox" name="bills" value="([^"]+)"[^>]*checked', text(response))


def move_links(response) -> dict[str, str]:
    """Each column control's visible words and hidden name → its address."""
    links = re.findall(r'<a class="column-move" href="([^"]+)">(.*?)</a>', text(response))
    return {
        " ".join(re.sub(r"<[^>]+>", "", label).split()): href.replace("&amp;", "&") for href, label in links
    }


class TestColumnOrder:
    def test_the_picker_lists_the_chosen_bills_first_in_column_order(self, vera, laws):
        washington, maine, san_francisco = laws

        response = vera.get(compare_url(san_francisco.slug, washington.slug, maine.slug))

        assert picker_order(response) == [san_francisco.slug, washington.slug, maine.slug]
        picker = text(response)
        chosen = picker[picker.index("Chosen, in column order") : picker.index("</fieldset>")]
        assert chosen.index(san_francisco.slug) < chosen.index(washington.slug) < chosen.index(maine.slug)

    def test_the_picker_keeps_the_order_of_a_refused_comparison(self, vera, washington, maine):
        response = vera.get(compare_url(maine.slug, washington.slug, party="aliens"))

        assert response.status_code == 400
        assert picker_order(response) == [maine.slug, washington.slug]

    def test_the_csv_columns_follow_the_chosen_order(self, vera, laws):
        washington, maine, san_francisco = laws

        response = vera.get(compare_url(maine.slug, san_francisco.slug, washington.slug, base=CSV_URL))

        header = next(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
        assert header[2:] == [maine.label, san_francisco.label, washington.label]

    def test_move_controls_swap_neighbours_and_keep_the_options(self, vera, laws):
        washington, maine, san_francisco = laws
        options = {
            "party": ["law-enforcement", "government-agencies"],
            "differences": "1",
            "on": "2021-01-01",
        }

        links = move_links(vera.get(compare_url(washington.slug, maine.slug, san_francisco.slug, **options)))

        assert links[f"Right →: move {washington.label} one column right"] == compare_url(
            maine.slug, washington.slug, san_francisco.slug, **options
        )
        assert links[f"← Left: move {san_francisco.label} one column left"] == compare_url(
            washington.slug, san_francisco.slug, maine.slug, **options
        )
        assert links[f"Remove {maine.label} from the comparison"] == compare_url(
            washington.slug, san_francisco.slug, **options
        )

    def test_the_first_column_cannot_move_left_nor_the_last_right(self, vera, washington, maine):
        links = move_links(vera.get(compare_url(washington.slug, maine.slug)))

        assert sorted(links) == [
            f"Right →: move {washington.label} one column right",
            f"← Left: move {maine.label} one column left",
        ]

    def test_a_moved_grid_shows_its_columns_in_the_new_order(self, vera, laws):
        washington, maine, san_francisco = laws
        links = move_links(vera.get(compare_url(washington.slug, maine.slug, san_francisco.slug)))

        response = vera.get(links[f"Right →: move {washington.label} one column right"])

        assert list(response.context["grid"].bills) == [maine, washington, san_francisco]

    def test_the_default_grid_has_no_move_controls(self, vera, laws):
        assert move_links(vera.get(COMPARE_URL)) == {}


class TestFoldedRows:
    def test_with_a_party_the_topics_no_bill_addresses_fold_into_one_counted_line(
        self, vera, washington, maine
    ):
        response = vera.get(compare_url(washington.slug, maine.slug, party="law-enforcement"))

        folded = response.context["grid"].folded_rows
        assert len(folded) == Category.objects.count() - 1
        assert "Warrant or court order" not in [row.category.name for row in folded]
        summary = f"<summary>{len(folded)} topics none of these laws address for law enforcement</summary>"
        assert summary in text(response)
        assert text(response).index("compare-grid") < text(response).index(summary)

    def test_the_folded_line_opens_on_a_list_of_those_topics(self, vera, washington, maine):
        page = text(vera.get(compare_url(washington.slug, maine.slug, party="law-enforcement")))

        fold = page[page.index('<details class="compare-folded">') :]
        fold = fold[: fold.index("</details>")]
        assert f'<a href="{reverse("bills:category", args=["ban"])}">Ban</a>' in fold
        assert "Warrant or court order" not in fold

    def test_a_topic_only_a_partly_read_law_leaves_empty_is_told_apart(self, vera, washington, maine):
        maine.coverage = Coverage.PARTIAL
        maine.save()

        response = vera.get(compare_url(washington.slug, maine.slug, party="schools"))

        count = Category.objects.count()
        assert f"{count} topics where we found no rule for schools in these laws" in text(response)
        assert f"We read only part of {maine.label}, so it may still have rules on some of these topics." in (
            text(response)
        )

    def test_with_differences_only_the_rows_that_differ_are_left_to_fold(self, vera, washington, maine):
        maine.coverage = Coverage.PARTIAL
        maine.save()

        response = vera.get(compare_url(washington.slug, maine.slug, party="schools", differences="1"))

        # Not addressed in one law and not recorded in the other differ; nothing else is left.
        grid = response.context["grid"]
        assert len(grid.folded_rows) == Category.objects.count() == grid.row_count
        assert grid.shown_groups == ()

    def test_without_a_party_every_row_stays_open(self, vera, washington, maine):
        response = vera.get(compare_url(washington.slug, maine.slug))

        assert response.context["grid"].folded_rows == ()
        assert "compare-folded" not in text(response)


class TestPrintNote:
    def test_the_page_carries_the_printed_date_its_address_the_day_shown_and_the_disclaimer(
        self, vera, washington, maine, monkeypatch
    ):
        today = datetime.date(2026, 12, 1)
        monkeypatch.setattr("bills.clock.today", lambda: today)

        response = vera.get(compare_url(washington.slug, maine.slug, on="2021-01-01"))

        page = text(response)
        note = page[page.index('<div class="print-note"') :]
        note = note[: note.index("</div>")]
        assert f'<time datetime="{today.isoformat()}" data-print-date>' in note
        assert (
            f"from http://testserver{COMPARE_URL}?bills={washington.slug}&amp;bills={maine.slug}&amp;on=2021-01-01"
            in note
        )
        assert "Shows the law as it stood on 1 January 2021." in note
        assert "Not legal advice." in note

    def test_without_a_day_chosen_it_says_no_day(self, vera, washington, maine):
        page = text(vera.get(compare_url(washington.slug, maine.slug)))

        assert "Shows the law as it stood on" not in page


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
    def test_is_a_get_form_inside_details_that_never_lists_every_bill(self, vera, laws, failed_bill):
        page = text(vera.get(COMPARE_URL))

        picker = page[page.index('<details class="compare-picker"') : page.index("</details>")]
        assert f'<form class="compare-picker__form" method="get" action="{COMPARE_URL}">' in picker
        assert 'name="find-q"' in picker
        assert 'name="party"' in picker
        assert 'name="differences"' in picker
        # Nothing searched for, nothing chosen: not one bill is listed to pick from.
        assert 'name="bills"' not in picker

    def test_finds_a_bill_by_search_and_adds_it_without_javascript(self, vera, laws, failed_bill):
        washington, maine, san_francisco = laws
        chosen = compare_url(washington.slug, maine.slug)

        found = vera.get(chosen + "&" + urlencode({"find-q": "File 190110"}))

        page = text(found)
        assert found.status_code == 200
        assert [bill.slug for bill in found.context["finder"].results] == [san_francisco.slug]
        add = f'class="button--small compare-picker__add" name="bills" value="{san_francisco.slug}">Add'
        assert add in page
        # Pressing "Add" submits the form: the chosen bills (ticked, in order), then the added one.
        assert picker_order(found) == [washington.slug, maine.slug]
        added = vera.get(compare_url(washington.slug, maine.slug, san_francisco.slug))
        assert [bill.slug for bill in added.context["grid"].bills] == [
            washington.slug,
            maine.slug,
            san_francisco.slug,
        ]

    def test_the_search_is_the_bill_lists_filters(self, vera, laws, failed_bill):
        response = vera.get(COMPARE_URL, {"find-level": "city", "find-status": "in-force"})

        assert [bill.slug for bill in response.context["finder"].results] == [laws[2].slug]

    def test_a_search_lists_a_few_matches_and_says_when_there_are_more(self, vera, many_laws):
        response = vera.get(COMPARE_URL, {"find-q": "HB"})

        assert len(response.context["finder"].results) == PICKER_RESULTS
        assert "More bills match." in text(response)

    def test_a_bad_search_says_why_and_still_shows_the_grid(self, vera, laws):
        response = vera.get(COMPARE_URL, {"find-level": "galaxy"})

        assert response.status_code == 200
        assert "Level of government: Select a valid choice." in text(response)
        assert response.context["grid"] is not None

    def test_each_chosen_bill_has_a_remove_link(self, vera, laws):
        washington, maine, san_francisco = laws

        response = vera.get(compare_url(washington.slug, maine.slug, san_francisco.slug, party="schools"))

        removals = dict(response.context["picker_chosen"])
        without_maine = vera.get(removals[maine])
        assert [bill.slug for bill in without_maine.context["grid"].bills] == [
            washington.slug,
            san_francisco.slug,
        ]
        assert [party.slug for party in without_maine.context["parties"]] == ["schools"]

    def test_the_shortcuts_compare_the_state_laws_and_the_laws_of_a_place(self, vera, laws):
        washington, maine, san_francisco = laws

        response = vera.get(compare_url(washington.slug, san_francisco.slug))

        shortcuts = dict(response.context["shortcuts"])
        states = vera.get(shortcuts["All state laws in force"])
        assert {bill.slug for bill in states.context["grid"].bills} == {washington.slug, maine.slug}
        assert "compares all 2 state laws in force today" in text(states)
        place = vera.get(shortcuts["The laws that apply in San Francisco, California"])
        assert [bill.slug for bill in place.context["grid"].bills] == [san_francisco.slug]
        assert "the one law in force that applies in San Francisco, California today" in text(place)

    def test_the_chosen_bills_are_ticked(self, vera, laws):
        page = text(vera.get(compare_url(laws[0].slug, laws[1].slug)))

        for bill, ticked in zip(laws, [True, True, False], strict=True):
            tag = re.search(rf'<input type="checkbox" name="bills" value="{bill.slug}"[^>]*>', page)
            assert (tag is not None and "checked" in tag[0]) is ticked

    def test_the_chosen_options_are_selected(self, vera, laws):
        page = text(
            vera.get(compare_url(laws[0].slug, laws[1].slug, party="law-enforcement", differences="1"))
        )

        assert re.search(r'<input type="checkbox" name="party" value="law-enforcement"[^>]*checked', page)
        assert not re.search(r'<input type="checkbox" name="party" value="schools"[^>]*checked', page)
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
        assert rows[2] == ["", "Definitions", *(["No definition recorded"] * 3)]
        rows = rows[:3] + rows[BILL_FACT_ROWS:]  # the bills' dates, coverage and links: see test_exports
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
        assert rows[3:] == expected
        assert len(rows) - 3 == Category.objects.count()

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
            {"party": ["law-enforcement", "schools"]},
            {"party": ["law-enforcement", "schools", "developers"], "differences": "1"},
        ],
    )
    def test_three_bills(self, vera, laws, django_assert_num_queries, options):
        with django_assert_num_queries(COMPARE_QUERY_COUNT):
            response = vera.get(compare_url(*(bill.slug for bill in laws), **options))
        assert response.status_code == 200

    @pytest.mark.parametrize(
        "options",
        [
            {},
            {"party": "law-enforcement"},
            {"differences": "1"},
            {"party": "schools", "differences": "1"},
            {"party": ["law-enforcement", "government-agencies", "schools"]},
        ],
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

    @pytest.mark.parametrize("options", [{"level": "state"}, {"place": "washington"}, {"topic": "ban"}])
    def test_the_default_grid_narrowed(self, vera, many_laws, django_assert_num_queries, options):
        with django_assert_num_queries(COMPARE_QUERY_COUNT):
            response = vera.get(COMPARE_URL, options)
        assert response.context["grid"].bills

    @pytest.mark.parametrize("search", [{"find-q": "HB"}, {"find-level": "state", "find-status": "in-force"}])
    def test_a_picker_search_adds_one_query(self, vera, many_laws, django_assert_num_queries, search):
        url = compare_url(many_laws[0].slug, many_laws[1].slug)
        # PostgreSQL's text search first reads the places whose name matches, and runs in a transaction
        # that tells the planner to use the search indexes: begin, set, set back, end (bills/search.py).
        text_search = 1 + 4 if "find-q" in search and connection.vendor == "postgresql" else 0
        with django_assert_num_queries(COMPARE_QUERY_COUNT + 1 + text_search):
            response = vera.get(url, search)
        assert response.context["finder"].results

    @pytest.mark.parametrize("options", [{}, {"party": ["law-enforcement", "government-agencies"]}])
    def test_csv(self, vera, many_laws, django_assert_num_queries, options):
        # The file has no footer, so one query fewer than the page.
        with django_assert_num_queries(COMPARE_QUERY_COUNT - 1):
            response = vera.get(compare_url(*(bill.slug for bill in many_laws), base=CSV_URL, **options))
        assert response.status_code == 200
