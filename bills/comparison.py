"""A comparison of bills, prepared once from its options: for the grid page, its CSV and any other reader.

``prepare_comparison`` checks the options with CompareForm, then fetches rows, columns and cells in a
fixed number of queries however many bills are compared.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from . import clock
from .forms import CompareForm, day_phrase
from .grid import MAX_COMPARE_COLUMNS, ComparisonGrid, build_grid
from .links import compare_url, definitions_url
from .models import Bill, Category, Definition, Party, Provision

CSV_FILENAME = "frt-comparison"


@dataclass
class Comparison:
    """Everything the page and the CSV need, prepared once per request in a fixed number of queries."""

    form: CompareForm
    picker_bills: list[Bill]
    grid: ComparisonGrid | None = None
    chosen: bool = False
    party: Party | None = None
    differences_only: bool = False
    day: datetime.date | None = None
    on: datetime.date | None = None
    in_force_count: int = 0
    # Each column's central defined term, by bill id (a law with none is missing).
    definitions: dict[int, Definition] = field(default_factory=dict)

    @property
    def status(self) -> int:
        if self.grid is not None:
            return 200
        # A bill we do not have is "not found"; everything else is a malformed request.
        return 404 if self.form.has_error("bills", "unknown_bill") else 400

    @property
    def includes_unpublished(self) -> bool:
        return self.grid is not None and any(not bill.is_published for bill in self.grid.bills)

    def csv_url(self) -> str:
        """The same options in canonical form (duplicates gone), for the CSV link."""
        bills = self.grid.bills if self.chosen and self.grid is not None else ()
        return compare_url(bills, party=self.party, differences=self.differences_only, on=self.on, csv=True)

    def definitions_url(self) -> str:
        """The same laws and day, on the definitions comparison."""
        bills = self.grid.bills if self.chosen and self.grid is not None else ()
        return definitions_url(bills, on=self.on)

    def csv_filename(self) -> str:
        """Names the options, so a saved file says whose obligations its "Not addressed" cells are about."""
        parts = [CSV_FILENAME]
        if self.party is not None:
            parts.append(f"{self.party.slug}-only")
        if self.differences_only:
            parts.append("differences")
        return "-".join(parts) + ".csv"

    def summary(self) -> str:
        """The active options as a sentence: "Comparing 3 bills, only obligations on schools."."""
        if self.grid is None:
            return ""
        count, when = len(self.grid.bills), day_phrase(self.on)
        if self.chosen:
            sentence = f"Comparing {count} bills" + (f", as they stood {when}" if self.on else "")
        elif count == 1:
            sentence = f"No bills chosen, so this shows the one law in force {when}"
        elif count < self.in_force_count:
            sentence = (
                f"No bills chosen, so this compares the {count} newest "
                f"of the {self.in_force_count} laws in force {when}"
            )
        else:
            sentence = f"No bills chosen, so this compares all {count} laws in force {when}"
        if self.party is not None:
            sentence += f", showing only obligations on {self.party.name.lower()}"
        if self.differences_only:
            sentence += ", and only the topics where they differ"
        return sentence + "."


def prepare_comparison(params, user) -> Comparison:
    """Check the query string, then fetch rows, columns and cells: one query each, however many bills.

    One query fetches every bill the reader may choose (the picker) and the chosen columns come
    out of that list, so a slug is checked without a query of its own; unpublished bills exist
    only for staff.
    """
    picker_bills = list(Bill.objects.visible_to(user).for_comparison())
    parties = list(Party.objects.all())
    form = CompareForm(params, bills=picker_bills, parties=parties)
    comparison = Comparison(form=form, picker_bills=picker_bills)
    if not form.is_valid():
        return comparison

    bills = form.cleaned_data["bills"]
    comparison.chosen = bool(bills)
    comparison.on = form.cleaned_data["on"]
    comparison.day = comparison.on or clock.today()
    if not bills:
        bills = laws_in_force(picker_bills, comparison.day)
        comparison.in_force_count = len(bills)
        bills = bills[:MAX_COMPARE_COLUMNS]
    comparison.party = form.cleaned_data["party"]
    comparison.differences_only = form.cleaned_data["differences"]

    categories = Category.objects.for_grid()
    provisions = Provision.objects.for_grid(bills, party=comparison.party)
    comparison.grid = build_grid(categories, bills, provisions, differences_only=comparison.differences_only)
    comparison.definitions = central_definitions(Definition.objects.for_bills(bills))
    return comparison


def central_definitions(definitions) -> dict[int, Definition]:
    """The first definition of each law (its central term), by bill id: one query for every column."""
    central: dict[int, Definition] = {}
    for definition in definitions:
        central.setdefault(definition.bill_id, definition)
    return central


def laws_in_force(bills: list[Bill], day: datetime.date) -> list[Bill]:
    """The default columns: published laws in force on ``day``, newest first (no query: picked from the list).

    Public: staff previewing drafts still see only published laws here.
    """
    in_force = [bill for bill in bills if bill.is_published and bill.is_in_force(day)]
    return sorted(in_force, key=lambda bill: (bill.sort_date or datetime.date.min, bill.pk), reverse=True)
