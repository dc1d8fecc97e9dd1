"""Is the site up? A health check for load balancers, and a 503 page when the database is down."""

from __future__ import annotations

import sys

from django.db import DatabaseError, InterfaceError, OperationalError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils.cache import add_never_cache_headers
from django.views import defaults
from django.views.decorators.http import require_safe
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

# How long a client should wait before trying again while the database is away (seconds).
RETRY_AFTER = 30
# What a lost, refused or restarting database (or Redis, which keeps the cache's version) raises.
# A save that cannot bump the cache's version is rolled back, so it is a 503 too, never a 500.
UNREACHABLE = (OperationalError, InterfaceError, RedisConnectionError, RedisTimeoutError)


def database_answers() -> bool:
    """A round trip to the database: connect if need be, and run the cheapest query there is."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except DatabaseError:
        return False


@require_safe
def healthz(request: HttpRequest) -> HttpResponse:
    """200 when the app and its database answer, 503 when the database does not; never cached."""
    if database_answers():
        response = JsonResponse({"status": "ok", "database": "ok"})
    else:
        response = JsonResponse({"status": "unavailable", "database": "unreachable"}, status=503)
        response["Retry-After"] = str(RETRY_AFTER)
    add_never_cache_headers(response)
    return response


def service_unavailable() -> HttpResponse:
    """The 503 page; rendered without a request, so nothing on it needs the database."""
    response = HttpResponse(render_to_string("503.html"), status=503)
    response["Retry-After"] = str(RETRY_AFTER)
    add_never_cache_headers(response)
    return response


def server_error(request: HttpRequest) -> HttpResponse:
    """Django's 500 handler, except that a database that cannot be reached is a 503, not a 500."""
    error = sys.exc_info()[1]
    if isinstance(error, UNREACHABLE):
        return service_unavailable()
    return defaults.server_error(request)
