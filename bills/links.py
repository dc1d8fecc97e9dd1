"""Addresses built from options, so every page that links to a grid writes its query string one way."""

from __future__ import annotations

import datetime
import functools
from collections.abc import Iterable
from urllib.parse import urlencode

from django.urls import get_script_prefix, get_urlconf, reverse

SLUG_MARK = "__slug__"


@functools.cache
def _pattern(name: str, prefix: str, urlconf) -> tuple[str, str]:
    """The address of ``name`` split around its slug: one reverse() per URL name, prefix and URLconf."""
    head, _, tail = reverse(name, args=[SLUG_MARK], urlconf=urlconf).partition(SLUG_MARK)
    return head, tail


def slug_url(name: str, slug: str) -> str:
    """The address of the page ``name`` for ``slug`` without a reverse() each: list pages build thousands."""
    head, tail = _pattern(name, get_script_prefix(), get_urlconf())
    return f"{head}{slug}{tail}"


def _slug(item) -> str:
    return item if isinstance(item, str) else item.slug


def compare_url(
    bills: Iterable = (),
    *,
    party=None,
    differences: bool = False,
    on: datetime.date | None = None,
    csv: bool = False,
    **narrowing: str,
) -> str:
    """The grid (or its CSV) of ``bills`` (bills or slugs, in column order), for one or more parties
    (a party, a slug, or a list of them), its differences, or a day; with no bills, ``narrowing``
    (``level``, ``place``, ``topic``) narrows the default grid of laws in force."""
    url = reverse("bills:compare_csv" if csv else "bills:compare")
    params = _bill_params(bills) + _option_params(party, differences, on)
    params += [(name, value) for name, value in narrowing.items() if value]
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
    url = reverse("bills:definitions")
    params = _bill_params(bills) + _option_params(None, False, on)
    return f"{url}?{urlencode(params)}" if params else url


def bill_list_url(**filters) -> str:
    """The bill list, filtered by ``filters`` (BillFilter's names); empty ones are left out."""
    params = [
        (name, value.isoformat() if isinstance(value, datetime.date) else value)
        for name, value in filters.items()
        if value
    ]
    url = reverse("bills:bill_list")
    return f"{url}?{urlencode(params)}" if params else url
