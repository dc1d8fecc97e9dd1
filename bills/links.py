"""Addresses built from options, so every page that links to a grid writes its query string one way."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from urllib.parse import urlencode

from django.urls import reverse


def _slug(item) -> str:
    return item if isinstance(item, str) else item.slug


def compare_url(
    bills: Iterable = (),
    *,
    party=None,
    differences: bool = False,
    on: datetime.date | None = None,
    csv: bool = False,
) -> str:
    """The grid (or its CSV) of ``bills`` (bills or slugs), for one party, its differences, or a day."""
    params = [("bills", _slug(bill)) for bill in bills]
    if party:
        params.append(("party", _slug(party)))
    if differences:
        params.append(("differences", "1"))
    if on:
        params.append(("on", on.isoformat()))
    url = reverse("bills:compare_csv" if csv else "bills:compare")
    return f"{url}?{urlencode(params)}" if params else url


def definitions_url(bills: Iterable = (), *, on: datetime.date | None = None) -> str:
    """The definitions comparison of ``bills``: the grid's bill choice and day, at /definitions/."""
    query = compare_url(bills, on=on).removeprefix(reverse("bills:compare"))
    return reverse("bills:definitions") + query
