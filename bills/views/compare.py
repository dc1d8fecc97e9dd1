"""The comparison grid at /compare/ and the same grid as a CSV file at /compare/csv/."""

from __future__ import annotations

import csv

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from ..comparison import Comparison, prepare_comparison
from ..grid import MAX_COMPARE_COLUMNS, csv_rows

TEMPLATE = "bills/compare.html"


def _render_page(request: HttpRequest, comparison: Comparison) -> HttpResponse:
    context = {
        "day": comparison.day,
        "form": comparison.form,
        "grid": comparison.grid,
        "chosen": comparison.chosen,
        "party": comparison.party,
        "differences_only": comparison.differences_only,
        "summary": comparison.summary(),
        "csv_url": comparison.csv_url(),
        "definitions": comparison.definitions,
        "definitions_url": comparison.definitions_url(),
        "picker_bills": comparison.picker_bills,
        "chosen_slugs": set(request.GET.getlist("bills")),
        "open_picker": comparison.grid is None,
        "max_columns": MAX_COMPARE_COLUMNS,
    }
    if comparison.includes_unpublished:
        context["preview"] = "This comparison includes unpublished bills."
    # StaffNeverCacheMiddleware keeps pages that list drafts out of caches.
    return render(request, TEMPLATE, context, status=comparison.status)


def compare(request: HttpRequest) -> HttpResponse:
    """The chosen bills side by side, topic by topic."""
    return _render_page(request, prepare_comparison(request.GET, request.user))


def compare_csv(request: HttpRequest) -> HttpResponse:
    """Exactly the grid on the page, as a spreadsheet; bad options get the page with its message."""
    comparison = prepare_comparison(request.GET, request.user)
    if comparison.grid is None:
        return _render_page(request, comparison)
    response = HttpResponse(
        content_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{comparison.csv_filename()}"'},
    )
    # A byte-order mark, so spreadsheet programs read the file as UTF-8 (curly quotes, accents).
    response.write("\ufeff")
    csv.writer(response).writerows(csv_rows(comparison.grid, comparison.day, comparison.definitions))
    return response
