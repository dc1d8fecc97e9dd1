"""A comparison of bills, prepared once from its options: for the grid page, its CSV and any other reader.

``prepare_comparison`` checks the options with CompareForm, then fetches rows, columns and cells in a
fixed number of queries however many bills are compared.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Exists, F, OuterRef, Subquery, Window

from . import clock
from .forms import CompareForm, day_phrase
from .grid import MAX_COMPARE_COLUMNS, ComparisonGrid, GridRow, build_grid, party_list
from .links import compare_url, compare_urls, definitions_url
from .models import Bill, Category, Definition, Jurisdiction, Party, Provision

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
    # The bills the query string names (the picker's chosen ones), fetched by slug.
    named: list[Bill]
    grid: ComparisonGrid | None = None
    chosen: bool = False
    parties: list[Party] = field(default_factory=list)
    differences_only: bool = False
    day: datetime.date | None = None
    on: datetime.date | None = None
    in_force_count: int = 0
    # The default grid's level, place and topic (CompareForm.narrowing), and the place's name.
    narrowing: dict[str, str] = field(default_factory=dict)
    place_name: str = ""
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

    def laws_words(self, *, one: bool = False) -> str:
        """The default grid's laws in words: "state laws in force that apply in Boston, on “warrant”"."""
        level, topic = self.narrowing.get("level"), self.narrowing.get("topic")
        noun = "law" if one else "laws"
        words = f"{Jurisdiction.Level(level).label.lower()} {noun} in force" if level else f"{noun} in force"
        if self.place_name:
            words += f" that appl{'ies' if one else 'y'} in {self.place_name}"
        if topic:
            words += f" on “{self.form.topic_names[topic].lower()}”"
        return words

    @property
    def is_capped(self) -> bool:
        """True when more laws match the default grid than it shows: the page says how to narrow them."""
        return not self.chosen and self.grid is not None and len(self.grid.bills) < self.in_force_count

    def summary(self) -> str:
        """The active options as a sentence: "Comparing 3 bills, only obligations on schools."."""
        if self.grid is None:
            return ""
        count, when, laws = (
            len(self.grid.bills),
            day_phrase(self.on),
            self.laws_words(one=len(self.grid.bills) == 1),
        )
        if self.chosen:
            sentence = f"Comparing {count} bills" + (f", as they stood {when}" if self.on else "")
        elif count == 1:
            sentence = f"No bills chosen, so this shows the one {laws} {when}"
        elif count < self.in_force_count:
            total = self.in_force_count
            sentence = f"No bills chosen, so this compares the {count} newest of the {total} {laws} {when}"
        else:
            sentence = f"No bills chosen, so this compares all {count} {laws} {when}"
        if self.parties:
            sentence += f", showing only obligations on {self.whom}"
        if self.differences_only:
            sentence += ", and only the topics where they differ"
        return sentence + "."


def prepare_comparison(params, user) -> Comparison:
    """Check the query string, then fetch rows, columns and cells: one query each, however many bills.

    Only the bills the query string names are fetched (unpublished ones only for staff), or with
    none named the default columns: the newest laws in force, narrowed by level, place or topic.
    """
    parties = list(Party.objects.all())
    categories = list(Category.objects.for_grid())
    named = named_bills(params.getlist("bills"), user)
    form = CompareForm(params, bills=named, parties=parties, categories=categories)
    comparison = Comparison(form=form, named=named)
    if not form.is_valid():
        return comparison

    bills = form.cleaned_data["bills"]
    comparison.chosen = bool(bills)
    comparison.on = form.cleaned_data["on"]
    comparison.day = comparison.on or clock.today()
    if not bills:
        comparison.narrowing = form.narrowing()
        bills, comparison.in_force_count, comparison.place_name = default_columns(
            comparison.day, **comparison.narrowing
        )
    comparison.parties = form.cleaned_data["party"]
    comparison.differences_only = form.cleaned_data["differences"]

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


def named_bills(slugs: list[str], user) -> list[Bill]:
    """The bills the query string names, in one query; a few more than a grid holds are enough to refuse."""
    wanted = list(dict.fromkeys(slug.strip() for slug in slugs))[: MAX_COMPARE_COLUMNS + 1]
    if not wanted:
        return []
    return list(Bill.objects.visible_to(user).for_comparison().filter(slug__in=wanted))


def default_columns(
    day: datetime.date, *, level: str = "", place: str = "", topic: str = ""
) -> tuple[list[Bill], int, str]:
    """The grid with no bills chosen: the newest published laws in force on ``day`` (narrowed by level,
    place or topic), how many match in all, and the place's name: one query, however many match."""
    laws = Bill.objects.published().in_force(on=day).for_comparison()
    if level:
        laws = laws.filter(jurisdiction__level=level)
    if place:
        laws = laws.filter(jurisdiction__in=Jurisdiction.objects.applying_in(place))
    if topic:
        laws = laws.filter(
            Exists(Provision.objects.public().filter(bill=OuterRef("pk"), category__slug=topic))
        )
    laws = laws.annotate(
        total=Window(Count("pk")), place_name=Subquery(Jurisdiction.objects.filter(slug=place).values("name"))
    )
    columns = list(laws.order_by(F("sort_date").desc(nulls_last=True), "-pk")[:MAX_COMPARE_COLUMNS])
    if not columns:
        return [], 0, Jurisdiction.objects.filter(slug=place).values_list("name", flat=True).first() or ""
    return columns, columns[0].total, columns[0].place_name or ""


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
