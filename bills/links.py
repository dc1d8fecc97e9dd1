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
    """The grid (or its CSV) of ``bills`` (bills or slugs, in column order), for one or more parties
    (a party, a slug, or a list of them), its differences, or a day."""
    url = reverse("bills:compare_csv" if csv else "bills:compare")
    params = _bill_params(bills) + _option_params(party, differences, on)
    return f"{url}?{urlencode(params)}" if params else url


def compare_urls(orders: Iterable[Iterable], *, party=None, differences: bool = False, on=None) -> list[str]:
    """The grid's address for each column order in ``orders``, with the same options: one reverse() in all."""
    url, options = reverse("bills:compare"), _option_params(party, differences, on)
    return [f"{url}?{urlencode(_bill_params(bills) + options)}" for bills in orders]


def _bill_params(bills: Iterable) -> list[tuple[str, str]]:
    return [("bills", _slug(bill)) for bill in bills]


def _option_params(party, differences: bool, on: datetime.date | None) -> list[tuple[str, str]]:
    parties = party if isinstance(party, (list, tuple)) else [party] if party else []
    params = [("party", _slug(each)) for each in parties]
    if differences:
        params.append(("differences", "1"))
    if on:
        params.append(("on", on.isoformat()))
    return params


def definitions_url(bills: Iterable = (), *, on: datetime.date | None = None) -> str:
    """The definitions comparison of ``bills``: the grid's bill choice and day, at /definitions/."""
    query = compare_url(bills, on=on).removeprefix(reverse("bills:compare"))
    return reverse("bills:definitions") + query
