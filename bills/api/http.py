"""What every API answer carries: open CORS on reads, ETag and Last-Modified with 304s, and a throttle."""

from __future__ import annotations

import datetime
import hashlib

from django.conf import settings
from django.db import connection
from django.utils import timezone
from django.utils.cache import get_conditional_response
from django.utils.dateparse import parse_datetime
from rest_framework.throttling import AnonRateThrottle

from .. import clock
from ..login import client_ip
from ..models import Action, Bill, Provision, RelatedBill, Source, Sponsor

READ_METHODS = ("GET", "HEAD")
# Every edit to a bill or its parts leaves a row in one of these history tables.
HISTORIES = (Bill, Provision, Sponsor, Action, Source, RelatedBill)


class AnonymousThrottle(AnonRateThrottle):
    """DRF's per-address throttle, with the rate read from settings each time (tests can change it)."""

    def get_rate(self) -> str:
        return settings.API_ANONYMOUS_RATE

    def get_ident(self, request) -> str:
        # The same client address as the sign-in lockout and the logs (DJANGO_PROXY_COUNT aware).
        return client_ip(request)

    def get_cache_key(self, request, view) -> str:
        # The API signs nobody in, so everyone is counted by address: this also works on a plain
        # Django request, before the sign-in middleware has run (the page cache's answers).
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


def throttle_allows(request) -> bool:
    """Count an answer the page cache gives for the API, as the API's views count their own."""
    return AnonymousThrottle().allow_request(request, None)


def latest_edit() -> datetime.datetime | None:
    """When any bill or part of one last changed (added, edited or deleted): one query."""
    tables = [model.history.model._meta.db_table for model in HISTORIES]
    parts = " UNION ALL ".join(f"SELECT MAX(history_date) AS d FROM {table}" for table in tables)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT MAX(d) FROM ({parts}) AS edits")  # noqa: S608 - table names, not input
        (value,) = cursor.fetchone()
    if isinstance(value, str):  # SQLite hands back text
        value = parse_datetime(value)
    if value is not None and timezone.is_naive(value):
        value = timezone.make_aware(value, datetime.UTC)
    return value


def last_modified() -> datetime.datetime:
    """The later of the last edit and the start of today: standings move on as days pass, unedited."""
    today = clock.today()
    midnight = datetime.datetime(today.year, today.month, today.day, tzinfo=datetime.UTC)
    edited = latest_edit()
    return max(edited, midnight) if edited else midnight


def allow_any_origin(request, response) -> None:
    """Public, read-only data: any site may read it from a browser, and poll it with ETags."""
    if request.method in (*READ_METHODS, "OPTIONS"):
        response["Access-Control-Allow-Origin"] = "*"
        response["Access-Control-Expose-Headers"] = "ETag, Last-Modified, Retry-After"
        response["Cross-Origin-Resource-Policy"] = "cross-origin"
    if request.method == "OPTIONS":
        response["Access-Control-Allow-Methods"] = "GET, HEAD, OPTIONS"
        response["Access-Control-Allow-Headers"] = "If-None-Match, If-Modified-Since"
        response["Access-Control-Max-Age"] = "86400"


def conditional(request, response):
    """Give a 200 its ETag and Last-Modified, and answer 304 when the client already has it."""
    if request.method not in READ_METHODS or response.status_code != 200:
        return response
    response.render()
    response["ETag"] = f'"{hashlib.sha256(response.content).hexdigest()[:32]}"'
    modified = last_modified()
    response["Last-Modified"] = modified.strftime("%a, %d %b %Y %H:%M:%S GMT")
    return get_conditional_response(
        request, etag=response["ETag"], last_modified=int(modified.timestamp()), response=response
    )
