"""The comparison grid at /compare/ and the same grid as a CSV file at /compare/csv/."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from ..comparison import Comparison, prepare_comparison
from ..exports import comparison_csv
from ..grid import MAX_COMPARE_COLUMNS

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
    """The grid on the page as a spreadsheet (``format=long``: one row per rule); bad options get the page."""
    comparison = prepare_comparison(request.GET, request.user)
    if comparison.grid is None:
        return _render_page(request, comparison)
    return comparison_csv(comparison, request.GET.get("format", ""), request.build_absolute_uri)
