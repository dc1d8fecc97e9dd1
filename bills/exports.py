"""The comparison as CSV files an analyst can use: wide (the grid as on screen) and long (one row a rule).

Both start from a prepared Comparison, so they show exactly what the page shows; every value goes
through csv_safe, so a spreadsheet never runs one as a formula.
"""

from __future__ import annotations

import csv
import datetime
from collections.abc import Callable, Iterator

from django.http import HttpResponse

from .comparison import Comparison
from .grid import ComparisonGrid, GridCell, csv_safe, definition_text, governs_text
from .models import Bill, Provision
from .presentation import standing_text

FORMATS = ("wide", "long")

# The facts about each bill that the wide file lists under its standing, one row each.
BILL_FACTS: tuple[tuple[str, Callable[[Bill], object]], ...] = (
    ("Status", lambda bill: bill.get_status_display()),
    ("Status date", lambda bill: bill.status_date),
    ("Introduced", lambda bill: bill.introduced),
    ("Takes effect", lambda bill: bill.effective),
    ("Ends (sunset)", lambda bill: bill.expires),
    ("Coverage", lambda bill: bill.coverage),
    ("Facts checked", lambda bill: bill.checked),
)

LONG_HEADER = [
    "bill",
    "bill_label",
    "jurisdiction",
    "standing",
    "status",
    "status_date",
    "introduced",
    "effective",
    "expires",
    "coverage",
    "checked",
    "bill_url",
    "category_group",
    "category",
    "provision_id",
    "effect",
    "parties",
    "section",
    "confidence",
    "plain",
    "empty_cell",
    "provision_url",
]


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


def _row(values) -> list[str]:
    return [csv_safe(_text(value)) for value in values]


def rule_text(provision: Provision) -> str:
    """A rule in a wide cell: "Requires: They need a judge's permission. (Sec. 3) [confidence: high]"."""
    text = f"{provision.get_effect_display()}: {provision.plain.strip()}"
    if whom := governs_text(provision):
        text += f" [{whom}]"
    if provision.section:
        text += f" ({provision.section})"
    review = ", needs review" if provision.needs_review else ""
    return f"{text} [confidence: {provision.confidence}{review}]"


def wide_cell(cell: GridCell) -> str:
    """A cell as text: its rules joined by " | ", or "Not addressed" / "Not recorded"."""
    if not cell.addressed:
        return cell.empty_text
    return " | ".join(rule_text(provision) for provision in cell.provisions)


def wide_rows(
    grid: ComparisonGrid, day: datetime.date, absolute: Callable[[str], str], definitions: dict | None = None
) -> Iterator[list[str]]:
    """A header, each bill's standing on ``day``, central term, dates, coverage and link, then each topic."""
    yield _row(["Category group", "Category", *(bill.label for bill in grid.bills)])
    yield _row(["", "Standing", *(standing_text(bill.standing(day)) for bill in grid.bills)])
    terms = definitions or {}
    yield _row(["", "Definitions", *(definition_text(terms.get(bill.pk)) for bill in grid.bills)])
    for label, fact in BILL_FACTS:
        yield _row(["", label, *(fact(bill) for bill in grid.bills)])
    yield _row(["", "Link", *(absolute(bill.get_absolute_url()) for bill in grid.bills)])
    for group in grid.groups:
        for row in group.rows:
            yield _row([group.group.name, row.category.name, *(wide_cell(cell) for cell in row.cells)])


def parties_by_provision(grid: ComparisonGrid) -> dict[int, list[str]]:
    """Each shown rule's party slugs, in one query for the whole grid."""
    ids = [provision.pk for row in grid.rows for cell in row.cells for provision in cell.provisions]
    links = Provision.parties.through.objects.filter(provision_id__in=ids).select_related("party")
    parties: dict[int, list[str]] = {}
    for link in links.order_by("party__display_order", "party__name"):
        parties.setdefault(link.provision_id, []).append(link.party.slug)
    return parties


def long_rows(
    grid: ComparisonGrid, day: datetime.date, absolute: Callable[[str], str]
) -> Iterator[list[str]]:
    """One row per bill × topic × rule (an empty cell is one row saying why), for spreadsheets and pandas."""
    yield LONG_HEADER
    parties = parties_by_provision(grid)
    facts = {bill.pk: _bill_columns(bill, day, absolute) for bill in grid.bills}
    for group in grid.groups:
        for row in group.rows:
            for cell in row.cells:
                where = [*facts[cell.bill.pk], group.group.name, row.category.slug]
                if not cell.addressed:
                    yield _row([*where, "", "", "", "", "", "", cell.empty_text, ""])
                for p in cell.provisions:
                    rule = [p.pk, p.effect, " ".join(parties.get(p.pk, [])), p.section, p.confidence, p.plain]
                    yield _row([*where, *rule, "", absolute(p.get_absolute_url())])


def _bill_columns(bill: Bill, day: datetime.date, absolute) -> list:
    return [
        bill.slug,
        bill.label,
        bill.jurisdiction.slug,
        standing_text(bill.standing(day)),
        bill.status,
        bill.status_date,
        bill.introduced,
        bill.effective,
        bill.expires,
        bill.coverage,
        bill.checked,
        absolute(bill.get_absolute_url()),
    ]


def comparison_csv(comparison: Comparison, file_format: str, absolute: Callable[[str], str]) -> HttpResponse:
    """The prepared comparison as a CSV download, wide (default) or long; an unknown format is a 400."""
    file_format = file_format or "wide"
    if file_format not in FORMATS:
        return HttpResponse(
            "Unknown format. Use format=wide (the grid) or format=long (one row per rule), or leave it out.",
            status=400,
            content_type="text/plain; charset=utf-8",
        )
    name = comparison.csv_filename()
    if file_format == "long":
        name = name.removesuffix(".csv") + "-long.csv"
    response = HttpResponse(
        content_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )
    # A byte-order mark, so spreadsheet programs read the file as UTF-8 (curly quotes, accents).
    response.write("\ufeff")
    if file_format == "long":
        rows = long_rows(comparison.grid, comparison.day, absolute)
    else:
        rows = wide_rows(comparison.grid, comparison.day, absolute, comparison.definitions)
    csv.writer(response).writerows(rows)
    return response
