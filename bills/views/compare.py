"""The comparison grid at /compare/ and the same grid as a CSV file at /compare/csv/."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from .. import clock
from ..comparison import Comparison, prepare_comparison
from ..exports import comparison_csv
from ..grid import MAX_COMPARE_COLUMNS
from ..models import Bill

TEMPLATE = "bills/compare.html"


def _render_page(request: HttpRequest, comparison: Comparison) -> HttpResponse:
    grid = comparison.grid
    chosen_bills = _picked(request, comparison)
    chosen_pks = {bill.pk for bill in chosen_bills}
    context = {
        "day": comparison.day,
        "on": comparison.on,
        "form": comparison.form,
        "grid": grid,
        "columns": comparison.columns(),
        "chosen": comparison.chosen,
        "parties": comparison.parties,
        "whom": comparison.whom,
        "several_parties": len(comparison.parties) > 1,
        "folded_text": comparison.folded_text() if grid is not None and grid.folded_rows else "",
        "differences_only": comparison.differences_only,
        "summary": comparison.summary(),
        "csv_url": comparison.csv_url(),
        "page_url": request.build_absolute_uri(comparison.url()) if grid is not None else "",
        "printed_on": clock.today(),
        "picker_chosen": chosen_bills,
        "picker_bills": [bill for bill in comparison.picker_bills if bill.pk not in chosen_pks],
        "chosen_party_slugs": {party.slug for party in comparison.parties}
        or set(request.GET.getlist("party")),
        "open_picker": grid is None,
        "definitions": comparison.definitions,
        "definitions_url": comparison.definitions_url(),
        "max_columns": MAX_COMPARE_COLUMNS,
    }
    if comparison.includes_unpublished:
        context["preview"] = "This comparison includes unpublished bills."
    # StaffNeverCacheMiddleware keeps pages that list drafts out of caches.
    return render(request, TEMPLATE, context, status=comparison.status)


def _picked(request: HttpRequest, comparison: Comparison) -> list[Bill]:
    """The bills ticked in the picker, in column order (so submitting it keeps that order).

    Read from the query string, so a refused comparison (one bill, say) keeps what was ticked.
    """
    by_slug = comparison.form.bills_by_slug
    slugs = dict.fromkeys(slug.strip() for slug in request.GET.getlist("bills"))
    return [by_slug[slug] for slug in slugs if slug in by_slug]


def compare(request: HttpRequest) -> HttpResponse:
    """The chosen bills side by side, topic by topic."""
    return _render_page(request, prepare_comparison(request.GET, request.user))


def compare_csv(request: HttpRequest) -> HttpResponse:
    """The grid on the page as a spreadsheet (``format=long``: one row per rule); bad options get the page."""
    comparison = prepare_comparison(request.GET, request.user)
    if comparison.grid is None:
        return _render_page(request, comparison)
    return comparison_csv(comparison, request.GET.get("format", ""), request.build_absolute_uri)
