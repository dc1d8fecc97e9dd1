"""Definitions compared at /definitions/: each chosen law's central term, side by side."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from .. import clock
from ..comparison import default_columns, named_bills
from ..definitions import definition_columns, scope_rows
from ..forms import DefinitionsForm, day_phrase
from ..grid import MAX_COMPARE_COLUMNS
from ..links import compare_url
from ..models import Bill, Definition


def _summary(chosen: bool, count: int, in_force: int, on) -> str:
    when = day_phrase(on)
    if chosen:
        return f"What {count} laws mean by face recognition" + (f", as they stood {when}." if on else ".")
    if count < in_force:
        return f"No laws chosen, so this shows the {count} newest of the {in_force} laws in force {when}."
    return f"No laws chosen, so this shows all {count} laws in force {when}."


TEMPLATE = "bills/definitions_compare.html"


def _columns_chosen(bills: list[Bill], day) -> tuple[list[Bill], int]:
    """The chosen bills, or the grid's default (newest laws in force on ``day``) and how many are in force."""
    if bills:
        return bills, 0
    columns, in_force, _place = default_columns(day)
    return columns, in_force


def definitions_compare(request: HttpRequest) -> HttpResponse:
    """The central term of each chosen law (or the newest laws in force), with its scope questions.

    Only the named laws are fetched: the picker offers those and the ones shown, and the grid's picker
    searches for others.
    """
    named = named_bills(request.GET.getlist("bills"), request.user)
    form = DefinitionsForm(request.GET, bills=named)
    context = {
        "form": form,
        "picker_bills": named,
        "chosen_slugs": set(request.GET.getlist("bills")),
        "max_columns": MAX_COMPARE_COLUMNS,
    }
    if not form.is_valid():
        status = 404 if form.has_error("bills", "unknown_bill") else 400
        return render(request, TEMPLATE, {**context, "open_picker": True}, status=status)
    chosen, on = form.cleaned_data["bills"], form.cleaned_data["on"]
    day = on or clock.today()
    bills, in_force = _columns_chosen(chosen, day)
    columns = definition_columns(bills, list(Definition.objects.for_bills(bills)))
    context |= {
        "day": day,
        "columns": columns,
        "scope_rows": scope_rows(columns),
        "summary": _summary(bool(chosen), len(bills), in_force, on),
        "grid_url": compare_url(chosen, on=on),
        "picker_bills": chosen or bills,
    }
    if any(not bill.is_published for bill in bills):
        context["preview"] = "This comparison includes unpublished bills."
    # StaffNeverCacheMiddleware keeps pages that list drafts out of caches.
    return render(request, TEMPLATE, context)
