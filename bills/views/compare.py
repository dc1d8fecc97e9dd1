"""The comparison grid at /compare/ and the same grid as a CSV file at /compare/csv/."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from .. import clock
from ..comparison import Comparison, prepare_comparison
from ..exports import comparison_csv
from ..filters import BillFilter
from ..grid import MAX_COMPARE_COLUMNS
from ..links import compare_url, compare_urls
from ..models import Bill, Jurisdiction
from ..search import index_first

TEMPLATE = "bills/compare.html"
# The picker lists this many matches of a search; more means "narrow your search".
PICKER_RESULTS = 10
FINDER_PREFIX = "find"


@dataclass
class Finder:
    """The picker's search: the bill list's FilterSet under ``find-`` names, and its first matches."""

    filterset: BillFilter
    searched: bool = False
    results: list[Bill] = field(default_factory=list)
    more: bool = False


def _finder(request: HttpRequest, comparison: Comparison) -> Finder:
    """The picker's search box and, when something was searched for, its first PICKER_RESULTS matches."""
    form = comparison.form
    choices = {
        "party": list(form.fields["party"].choices),
        "category": list(form.topic_names.items()),
        "jurisdiction": [],  # the place shortcut narrows by place; the list would cost a query
    }
    bills = Bill.objects.visible_to(request.user).for_comparison()
    filterset = BillFilter(
        request.GET, queryset=bills, today=clock.today(), prefix=FINDER_PREFIX, choices=choices
    )
    finder = Finder(filterset)
    finder.searched = any(value for key, value in request.GET.items() if key.startswith(f"{FINDER_PREFIX}-"))
    if finder.searched and filterset.is_valid():
        with index_first(filterset.form.cleaned_data.get("q"), using=bills.db):
            found = list(filterset.qs[: PICKER_RESULTS + 1])
        finder.results, finder.more = found[:PICKER_RESULTS], len(found) > PICKER_RESULTS
    return finder


def _shortcuts(comparison: Comparison, chosen: list[Bill]) -> list[tuple[str, str]]:
    """Default grids: the state laws in force, and the laws that apply in the chosen bills' places."""
    on = comparison.on  # set only when the form is valid
    links = [("All state laws in force", compare_url(level=Jurisdiction.Level.STATE, on=on))]
    places = dict.fromkeys(bill.jurisdiction for bill in chosen)
    links += [
        (f"The laws that apply in {place.name}", compare_url(place=place.slug, on=on)) for place in places
    ]
    return links


def _removals(comparison: Comparison, chosen: list[Bill]) -> list[tuple[Bill, str]]:
    """Each chosen bill with the address of the same choice without it."""
    options = {"party": comparison.parties, "differences": comparison.differences_only, "on": comparison.on}
    rest = [[other for other in chosen if other != bill] for bill in chosen]
    return list(zip(chosen, compare_urls(rest, **options), strict=True))


def _render_page(request: HttpRequest, comparison: Comparison) -> HttpResponse:
    grid = comparison.grid
    chosen_bills = _picked(request, comparison)
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
        "is_capped": comparison.is_capped,
        "csv_url": comparison.csv_url(),
        "page_url": request.build_absolute_uri(comparison.url()) if grid is not None else "",
        "printed_on": clock.today(),
        "picker_chosen": _removals(comparison, chosen_bills),
        "chosen_slugs": {bill.slug for bill in chosen_bills},
        "finder": _finder(request, comparison),
        "shortcuts": _shortcuts(comparison, chosen_bills),
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
