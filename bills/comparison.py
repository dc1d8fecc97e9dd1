"""A comparison of bills, prepared once from its options: for the grid page, its CSV and any other reader.

``prepare_comparison`` checks the options with CompareForm, then fetches rows, columns and cells in a
fixed number of queries however many bills are compared.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef

from . import clock
from .forms import CompareForm, day_phrase
from .grid import MAX_COMPARE_COLUMNS, ComparisonGrid, GridRow, build_grid, party_list
from .links import compare_url, compare_urls, definitions_url
from .models import Bill, Category, Definition, Party, Provision

CSV_FILENAME = "frt-comparison"


@dataclass(frozen=True)
class Column:
    """A column heading's bill and the addresses of the same grid with that column moved or removed."""

    bill: Bill
    move_left_url: str = ""
    move_right_url: str = ""
    remove_url: str = ""


@dataclass
class Comparison:
    """Everything the page and the CSV need, prepared once per request in a fixed number of queries."""

    form: CompareForm
    picker_bills: list[Bill]
    grid: ComparisonGrid | None = None
    chosen: bool = False
    parties: list[Party] = field(default_factory=list)
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
        return self.url(csv=True)

    def url(self, *, csv: bool = False) -> str:
        """This comparison's address (or its CSV's), its columns in their order; none for the default grid."""
        bills = self.grid.bills if self.chosen and self.grid is not None else ()
        return compare_url(bills, party=self.parties, differences=self.differences_only, on=self.on, csv=csv)

    def columns(self) -> list[Column]:
        """The column headings; chosen columns can be moved left or right, or removed while over two."""
        bills = list(self.grid.bills) if self.grid is not None else []
        if not self.chosen:
            return [Column(bill) for bill in bills]
        options = {"party": self.parties, "differences": self.differences_only, "on": self.on}
        last = len(bills) - 1
        # swaps[k] is the grid with columns k and k + 1 swapped: column k moved right, k + 1 moved left.
        swaps = compare_urls((_swapped(bills, k) for k in range(last)), **options)
        removes = [""] * len(bills)
        if len(bills) > 2:
            removes = compare_urls((bills[:i] + bills[i + 1 :] for i in range(len(bills))), **options)
        return [
            Column(bill, swaps[i - 1] if i > 0 else "", swaps[i] if i < last else "", removes[i])
            for i, bill in enumerate(bills)
        ]

    @property
    def whom(self) -> str:
        """The chosen parties as a phrase ("schools or developers and vendors"), or "" for everyone."""
        return party_list(self.parties)

    def folded_text(self) -> str:
        """The one line the folded rows become: "12 topics none of these laws address for schools"."""
        rows: tuple[GridRow, ...] = self.grid.folded_rows if self.grid is not None else ()
        count = len(rows)
        topics = f"{count} topic{'s' if count != 1 else ''}"
        if all(row.recorded for row in rows):
            return f"{topics} none of these laws address for {self.whom}"
        # Some of those empty cells are "Not recorded": we cannot say the law is silent there.
        return f"{topics} where we found no rule for {self.whom} in these laws"

    def definitions_url(self) -> str:
        """The same laws and day, on the definitions comparison."""
        bills = self.grid.bills if self.chosen and self.grid is not None else ()
        return definitions_url(bills, on=self.on)

    def csv_filename(self) -> str:
        """Names the options, so a saved file says whose obligations its "Not addressed" cells are about."""
        parts = [CSV_FILENAME]
        if self.parties:
            parts.append("-".join(party.slug for party in self.parties) + "-only")
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
        if self.parties:
            sentence += f", showing only obligations on {self.whom}"
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
    comparison.parties = form.cleaned_data["party"]
    comparison.differences_only = form.cleaned_data["differences"]

    categories = Category.objects.for_grid()
    provisions = provisions_for(bills, comparison.parties)
    comparison.grid = build_grid(
        categories,
        bills,
        provisions,
        differences_only=comparison.differences_only,
        fold_empty=bool(comparison.parties),
    )
    comparison.definitions = central_definitions(Definition.objects.for_bills(bills))
    return comparison


def central_definitions(definitions) -> dict[int, Definition]:
    """The first definition of each law (its central term), by bill id: one query for every column."""
    central: dict[int, Definition] = {}
    for definition in definitions:
        central.setdefault(definition.bill_id, definition)
    return central


def provisions_for(bills: list[Bill], parties: list[Party]) -> list[Provision]:
    """The grid's cells in one query: the obligations on any of ``parties`` (or on anyone, with none).

    With several parties, each provision also gets ``chosen_parties``: which of them it governs,
    read by one EXISTS per party in the same query rather than by prefetching every party.
    """
    provisions = Provision.objects.for_grid(bills)
    if not parties:
        return list(provisions)
    through = Provision.parties.through
    provisions = provisions.filter(
        Exists(through.objects.filter(provision=OuterRef("pk"), party__in=parties))
    )
    if len(parties) == 1:
        return list(provisions)
    governs = {
        f"governs_{party.pk}": Exists(through.objects.filter(provision=OuterRef("pk"), party=party))
        for party in parties
    }
    fetched = list(provisions.annotate(**governs))
    for provision in fetched:
        provision.chosen_parties = tuple(
            party for party in parties if getattr(provision, f"governs_{party.pk}")
        )
    return fetched


def _swapped(bills: list[Bill], i: int) -> list[Bill]:
    """``bills`` with columns ``i`` and ``i + 1`` swapped."""
    return [*bills[:i], bills[i + 1], bills[i], *bills[i + 2 :]]


def laws_in_force(bills: list[Bill], day: datetime.date) -> list[Bill]:
    """The default columns: published laws in force on ``day``, newest first (no query: picked from the list).

    Public: staff previewing drafts still see only published laws here.
    """
    in_force = [bill for bill in bills if bill.is_published and bill.is_in_force(day)]
    return sorted(in_force, key=lambda bill: (bill.sort_date or datetime.date.min, bill.pk), reverse=True)
