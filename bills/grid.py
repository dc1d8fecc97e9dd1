"""The comparison grid: categories down the side, bills across the top, provisions in the cells.

The view fetches the rows, the columns and *all* the cells in three queries; ``build_grid`` arranges
them without touching the database, so the query count stays flat however many bills are compared.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from .models import Bill, Category, CategoryGroup, Coverage, Party, Provision

# Enough for every enacted law we hold (the default view) with room to grow; wider than this and a
# reader cannot follow a row, even with the sticky first column.
MAX_COMPARE_COLUMNS = 24

# What an empty cell says: the law is silent there (we read all of it), or we have not recorded it.
NOT_ADDRESSED = "Not addressed"
NOT_RECORDED = "Not recorded"

# Spreadsheets run a cell starting with one of these as a formula (CSV injection).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")

CellMap = dict[int, dict[int, list[Provision]]]


@dataclass(frozen=True)
class GridCell:
    """What one bill says about one category: its provisions there, possibly none."""

    bill: Bill
    provisions: tuple[Provision, ...]

    @property
    def addressed(self) -> bool:
        return bool(self.provisions)

    @property
    def recorded(self) -> bool:
        """False for an empty cell of a partly read law: it may still have a rule here."""
        return self.addressed or self.bill.coverage == Coverage.COMPLETE

    @property
    def empty_text(self) -> str:
        return NOT_ADDRESSED if self.recorded else NOT_RECORDED

    @property
    def effects(self) -> frozenset[str]:
        """The set of effects in this cell; two cells agree when their sets are equal.

        "Not recorded" counts as its own value, so it never agrees with "not addressed".
        """
        if not self.recorded:
            return frozenset({NOT_RECORDED})
        return frozenset(provision.effect for provision in self.provisions)


@dataclass(frozen=True)
class GridRow:
    """One category across every chosen bill."""

    category: Category
    cells: tuple[GridCell, ...]

    @property
    def bills_agree(self) -> bool:
        """True when every bill has the same set of effects here, or all cells say the same empty word."""
        return len({cell.effects for cell in self.cells}) <= 1

    @property
    def addressed(self) -> bool:
        """True when at least one bill has a provision here."""
        return any(cell.addressed for cell in self.cells)

    @property
    def recorded(self) -> bool:
        """False when some bill's empty cell here is "Not recorded" (we read that law only in part)."""
        return all(cell.recorded for cell in self.cells)


@dataclass(frozen=True)
class GridGroup:
    """A heading of the grid ("Limits on use") and its rows."""

    group: CategoryGroup
    rows: tuple[GridRow, ...]


@dataclass(frozen=True)
class ComparisonGrid:
    """The whole grid: the bills as columns, then the rows under their group headings.

    With ``fold_empty`` (a party is chosen), rows no bill addresses are shown folded into one line
    at the end (``shown_groups`` and ``folded_rows``); ``groups`` always holds every row, for the CSV.
    """

    bills: tuple[Bill, ...]
    groups: tuple[GridGroup, ...]
    fold_empty: bool = False

    def _folds(self, row: GridRow) -> bool:
        return self.fold_empty and not row.addressed

    @property
    def shown_groups(self) -> tuple[GridGroup, ...]:
        """The groups and rows shown open, in order; a group whose rows all fold is left out."""
        shown = (
            GridGroup(group.group, tuple(r for r in group.rows if not self._folds(r)))
            for group in self.groups
        )
        return tuple(group for group in shown if group.rows)

    @property
    def folded_rows(self) -> tuple[GridRow, ...]:
        return tuple(row for row in self.rows if self._folds(row))

    @property
    def folded_unrecorded_bills(self) -> tuple[Bill, ...]:
        """The partly read bills that leave some folded row empty: they may still have rules there."""
        folded = self.folded_rows
        return tuple(
            bill for i, bill in enumerate(self.bills) if any(not row.cells[i].recorded for row in folded)
        )

    @property
    def rows(self) -> Iterator[GridRow]:
        for group in self.groups:
            yield from group.rows

    @property
    def row_count(self) -> int:
        return sum(len(group.rows) for group in self.groups)

    @property
    def column_count(self) -> int:
        """Columns in the table including the row headers (the colspan of a group heading)."""
        return len(self.bills) + 1


def provisions_by_cell(provisions: Iterable[Provision]) -> CellMap:
    """The lookup table ``{category_id: {bill_id: [provisions]}}``, keeping the order given."""
    cells: CellMap = defaultdict(lambda: defaultdict(list))
    for provision in provisions:
        cells[provision.category_id][provision.bill_id].append(provision)
    return cells


def build_grid(
    categories: Iterable[Category],
    bills: Sequence[Bill],
    provisions: Iterable[Provision],
    *,
    differences_only: bool = False,
    fold_empty: bool = False,
) -> ComparisonGrid:
    """Arrange fetched rows, columns and cells into a grid; no queries.

    ``categories`` must come with their group loaded and in display order (group, then category);
    groups appear in the order of their first category. With ``differences_only``, rows where all
    the bills agree are dropped, and so are groups left with no rows. ``fold_empty``: see ComparisonGrid.
    """
    cells = provisions_by_cell(provisions)
    rows_by_group: dict[int, list[GridRow]] = {}
    groups: dict[int, CategoryGroup] = {}
    for category in categories:
        by_bill = cells.get(category.pk, {})
        row = GridRow(
            category=category,
            cells=tuple(GridCell(bill=bill, provisions=tuple(by_bill.get(bill.pk, ()))) for bill in bills),
        )
        groups.setdefault(category.group_id, category.group)
        rows = rows_by_group.setdefault(category.group_id, [])
        if differences_only and row.bills_agree:
            continue
        rows.append(row)
    return ComparisonGrid(
        bills=tuple(bills),
        groups=tuple(
            GridGroup(group=groups[group_id], rows=tuple(rows))
            for group_id, rows in rows_by_group.items()
            if rows
        ),
        fold_empty=fold_empty,
    )


def governs_text(provision: Provision) -> str:
    """Whom of the several chosen parties a provision governs ("For schools or developers"), or ""."""
    parties = getattr(provision, "chosen_parties", ())
    return f"For {party_list(parties)}" if parties else ""


def party_list(parties: Sequence[Party]) -> str:
    """Parties' names as a phrase: "schools", "schools or private businesses", "a, b or c"."""
    names = [party.name.lower() for party in parties]
    return " or ".join(filter(None, [", ".join(names[:-1]), names[-1]])) if names else ""


def csv_safe(value: str) -> str:
    """Defuse a value a spreadsheet would run as a formula by prefixing an apostrophe."""
    return f"'{value}" if value.startswith(FORMULA_PREFIXES) else value


def definition_text(definition) -> str:
    """A law's central term for one CSV cell: “term” (section): its plain meaning."""
    if definition is None:
        return "No definition recorded"
    section = f" ({definition.section})" if definition.section else ""
    return f"“{definition.term}”{section}: {definition.plain}"
