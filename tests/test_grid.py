"""The comparison grid as a pure function: fetched rows, columns and cells in, a grid out, no queries.

The objects here are unsaved model instances with fixed ids, so these tests need no database.
"""

from __future__ import annotations

import datetime

import pytest

from bills.exports import rule_text, wide_cell, wide_rows
from bills.grid import (
    NOT_ADDRESSED,
    build_grid,
    csv_safe,
    party_list,
    provisions_by_cell,
)
from bills.models import (
    Bill,
    Category,
    CategoryGroup,
    Confidence,
    Coverage,
    Effect,
    Jurisdiction,
    Party,
    Provision,
    Status,
)

SIGNED = datetime.date(2020, 3, 31)
TODAY = datetime.date(2026, 12, 1)

LIMITS = CategoryGroup(pk=1, slug="limits", name="Limits on use", display_order=1)
RIGHTS = CategoryGroup(pk=4, slug="rights", name="Individual rights and data", display_order=4)

BAN = Category(pk=10, slug="ban", name="Ban", group=LIMITS, display_order=1)
WARRANT = Category(pk=12, slug="warrant", name="Warrant or court order", group=LIMITS, display_order=3)
NOTICE = Category(pk=30, slug="notice", name="Notice", group=RIGHTS, display_order=19)
CATEGORIES = [BAN, WARRANT, NOTICE]

WASHINGTON = Jurisdiction(pk=1, slug="washington", name="Washington")
MAINE = Jurisdiction(pk=2, slug="maine", name="Maine")


def bill(pk: int, identifier: str, jurisdiction: Jurisdiction = WASHINGTON, **fields) -> Bill:
    """An unsaved enacted law read in full (complete coverage), so an empty cell means "not addressed"."""
    values = {"status": Status.ENACTED, "coverage": Coverage.COMPLETE, "status_date": SIGNED, **fields}
    return Bill(pk=pk, slug=f"bill-{pk}", identifier=identifier, jurisdiction=jurisdiction, **values)


def provision(pk: int, of: Bill, category: Category, effect: str = Effect.REQUIRES, **fields) -> Provision:
    values = {"plain": f"Rule {pk}.", "section": f"Sec. {pk}", "confidence": Confidence.HIGH, **fields}
    return Provision(pk=pk, bill=of, category=category, effect=effect, **values)


SB_6280 = bill(1, "SB 6280")
LD_1585 = bill(2, "LD 1585", MAINE)


def test_a_cell_holds_the_bills_provisions_in_that_category_and_an_empty_cell_is_not_addressed():
    warrant = provision(100, SB_6280, WARRANT)

    grid = build_grid(CATEGORIES, [SB_6280, LD_1585], [warrant])

    warrant_row = next(row for row in grid.rows if row.category == WARRANT)
    washington, maine = warrant_row.cells
    assert washington.bill == SB_6280
    assert washington.provisions == (warrant,)
    assert washington.addressed
    assert maine.bill == LD_1585
    assert maine.provisions == ()
    assert not maine.addressed


def test_columns_follow_the_order_the_bills_were_given_in():
    grid = build_grid(CATEGORIES, [LD_1585, SB_6280], [])

    assert grid.bills == (LD_1585, SB_6280)
    assert all([cell.bill for cell in row.cells] == [LD_1585, SB_6280] for row in grid.rows)
    assert grid.column_count == 3


def test_rows_sit_under_their_group_headings_in_display_order():
    grid = build_grid(CATEGORIES, [SB_6280, LD_1585], [])

    assert [group.group for group in grid.groups] == [LIMITS, RIGHTS]
    assert [[row.category for row in group.rows] for group in grid.groups] == [[BAN, WARRANT], [NOTICE]]
    assert grid.row_count == 3


def test_every_row_is_kept_by_default_even_where_no_bill_says_anything():
    grid = build_grid(CATEGORIES, [SB_6280, LD_1585], [provision(100, SB_6280, WARRANT)])

    assert [row.category for row in grid.rows] == [BAN, WARRANT, NOTICE]


def test_a_cell_keeps_its_provisions_in_the_order_fetched():
    first = provision(101, SB_6280, WARRANT, display_order=1)
    second = provision(100, SB_6280, WARRANT, Effect.LIMITS, display_order=2)

    assert provisions_by_cell([first, second]) == {WARRANT.pk: {SB_6280.pk: [first, second]}}


def test_provisions_of_bills_or_categories_not_shown_are_left_out():
    stranger = bill(3, "HB 1")
    grid = build_grid([WARRANT], [SB_6280, LD_1585], [provision(100, stranger, WARRANT)])

    assert not any(cell.addressed for row in grid.rows for cell in row.cells)


def rows_that_differ(provisions):
    """The topics left in a differences-only grid of SB 6280 and LD 1585."""
    grid = build_grid(CATEGORIES, [SB_6280, LD_1585], provisions, differences_only=True)
    return [row.category for row in grid.rows]


class TestDifferencesOnly:
    """With ``differences_only``, a row is hidden when every bill has the same set of effects there."""

    def test_hides_rows_where_every_bill_has_the_same_effects_and_keeps_rows_that_differ(self):
        provisions = [
            provision(100, SB_6280, WARRANT, Effect.REQUIRES),
            provision(101, LD_1585, WARRANT, Effect.REQUIRES),
            provision(102, SB_6280, NOTICE, Effect.REQUIRES),
            provision(103, LD_1585, NOTICE, Effect.PROHIBITS),
        ]

        assert rows_that_differ(provisions) == [NOTICE]

    def test_hides_rows_no_bill_addresses(self):
        grid = build_grid(CATEGORIES, [SB_6280, LD_1585], [], differences_only=True)

        assert list(grid.rows) == []
        assert grid.groups == ()

    def test_one_bill_addressing_a_topic_the_other_ignores_is_a_difference(self):
        assert rows_that_differ([provision(100, SB_6280, BAN)]) == [BAN]

    def test_compares_sets_of_effects_not_counts(self):
        provisions = [
            provision(100, SB_6280, WARRANT, Effect.REQUIRES),
            provision(101, SB_6280, WARRANT, Effect.REQUIRES),
            provision(102, LD_1585, WARRANT, Effect.REQUIRES),
            provision(103, SB_6280, BAN, Effect.REQUIRES),
            provision(104, LD_1585, BAN, Effect.REQUIRES),
            provision(105, LD_1585, BAN, Effect.LIMITS),
        ]

        assert rows_that_differ(provisions) == [BAN]

    def test_drops_a_group_heading_left_with_no_rows(self):
        grid = build_grid(
            CATEGORIES, [SB_6280, LD_1585], [provision(100, LD_1585, NOTICE)], differences_only=True
        )

        assert [group.group for group in grid.groups] == [RIGHTS]


class TestFoldingEmptyRows:
    """With ``fold_empty`` (a party is chosen), rows no bill addresses are set apart, still in the grid."""

    def test_rows_no_bill_addresses_fold_and_the_rest_stay_open_in_order(self):
        grid = build_grid(CATEGORIES, [SB_6280, LD_1585], [provision(100, LD_1585, NOTICE)], fold_empty=True)

        assert [row.category for row in grid.folded_rows] == [BAN, WARRANT]
        assert [[row.category for row in group.rows] for group in grid.shown_groups] == [[NOTICE]]
        # Every row is still there for the CSV.
        assert [row.category for row in grid.rows] == CATEGORIES

    def test_a_group_whose_rows_all_fold_has_no_heading(self):
        grid = build_grid(CATEGORIES, [SB_6280, LD_1585], [provision(100, LD_1585, NOTICE)], fold_empty=True)

        assert [group.group for group in grid.shown_groups] == [RIGHTS]

    def test_nothing_folds_without_the_option(self):
        grid = build_grid(CATEGORIES, [SB_6280, LD_1585], [])

        assert grid.folded_rows == ()
        assert len(grid.shown_groups) == 2

    def test_a_row_left_empty_by_a_partly_read_law_is_not_recorded(self):
        partial = bill(3, "HB 9", coverage=Coverage.PARTIAL)

        grid = build_grid(CATEGORIES, [SB_6280, partial], [], fold_empty=True)

        assert [row.recorded for row in grid.folded_rows] == [False, False, False]


class TestWhomAProvisionGoverns:
    def test_parties_read_as_a_list_joined_by_or(self):
        schools = Party(pk=1, slug="schools", name="Schools")
        police = Party(pk=2, slug="police", name="Law enforcement")
        vendors = Party(pk=3, slug="developers", name="Developers and vendors")

        assert party_list([schools]) == "schools"
        assert party_list([schools, police]) == "schools or law enforcement"
        assert party_list([schools, police, vendors]) == "schools, law enforcement or developers and vendors"
        assert party_list([]) == ""

    def test_the_csv_text_names_the_chosen_parties_a_provision_governs(self):
        warrant = provision(100, SB_6280, WARRANT, plain="Police need a warrant.", section="Sec. 11")
        warrant.chosen_parties = (Party(pk=2, slug="police", name="Law enforcement"),)

        assert rule_text(warrant) == (
            "Requires: Police need a warrant. [For law enforcement] (Sec. 11) [confidence: high]"
        )


class TestPlainText:
    """The words of a cell, shared by the CSV download."""

    def test_a_provision_reads_effect_summary_and_section(self):
        warrant = provision(100, SB_6280, WARRANT, plain="Police need a warrant.", section="Sec. 11")

        assert rule_text(warrant) == "Requires: Police need a warrant. (Sec. 11) [confidence: high]"

    def test_a_low_confidence_provision_is_marked_for_review(self):
        shaky = provision(100, SB_6280, WARRANT, plain="Police need a warrant.", confidence=Confidence.LOW)

        assert (
            rule_text(shaky) == "Requires: Police need a warrant. (Sec. 100) [confidence: low, needs review]"
        )

    def test_a_provision_without_a_section_has_no_empty_brackets(self):
        assert rule_text(provision(100, SB_6280, BAN, Effect.PROHIBITS, plain="No.", section="")) == (
            "Prohibits: No. [confidence: high]"
        )

    def test_several_provisions_are_joined_by_a_bar_and_an_empty_cell_is_not_addressed(self):
        grid = build_grid(
            [WARRANT],
            [SB_6280, LD_1585],
            [
                provision(100, SB_6280, WARRANT, plain="A.", section="S1"),
                provision(101, SB_6280, WARRANT, Effect.EXEMPTS, plain="B.", section="S2"),
            ],
        )
        washington, maine = next(grid.rows).cells

        assert (
            wide_cell(washington)
            == "Requires: A. (S1) [confidence: high] | Exempts: B. (S2) [confidence: high]"
        )
        assert wide_cell(maine) == NOT_ADDRESSED == "Not addressed"


class TestCsv:
    def test_rows_are_a_header_the_bills_facts_then_one_row_per_visible_category(self):
        grid = build_grid(CATEGORIES, [SB_6280, LD_1585], [provision(100, SB_6280, WARRANT, plain="A.")])

        rows = list(wide_rows(grid, TODAY, absolute=lambda url: url))

        assert rows[0] == ["Category group", "Category", "Washington SB 6280 (2020)", "Maine LD 1585 (2020)"]
        assert rows[1] == ["", "Standing", "In force since 31 March 2020", "In force since 31 March 2020"]
        assert rows[-3:] == [
            ["Limits on use", "Ban", "Not addressed", "Not addressed"],
            [
                "Limits on use",
                "Warrant or court order",
                "Requires: A. (Sec. 100) [confidence: high]",
                "Not addressed",
            ],
            ["Individual rights and data", "Notice", "Not addressed", "Not addressed"],
        ]

    @pytest.mark.parametrize("dangerous", ["=HYPERLINK(1)", "+1", "-1", "@SUM(A1)", "\t=1", "\r=1"])
    def test_a_value_a_spreadsheet_would_run_gets_a_leading_apostrophe(self, dangerous):
        assert csv_safe(dangerous) == "'" + dangerous

    @pytest.mark.parametrize("harmless", ["Requires: A.", "Not addressed", "", "a=b", "1+1"])
    def test_ordinary_values_are_left_alone(self, harmless):
        assert csv_safe(harmless) == harmless

    def test_the_guard_covers_every_value_in_the_file(self):
        sneaky_group = CategoryGroup(pk=9, slug="sneaky", name="-group", display_order=9)
        sneaky_category = Category(pk=99, slug="sneaky", name="=SUM(A1)", group=sneaky_group)
        sneaky_bill = bill(9, "HB 1", Jurisdiction(pk=9, slug="at", name="@home"))

        rows = list(
            wide_rows(build_grid([sneaky_category], [sneaky_bill], []), TODAY, absolute=lambda url: url)
        )
        header, row = rows[0], rows[-1]

        assert header == ["Category group", "Category", "'@home HB 1 (2020)"]
        assert row == ["'-group", "'=SUM(A1)", "Not addressed"]
