"""Middleware: response headers Django does not set itself, static files, one log line per request."""

import logging
import time

from django.conf import settings
from django.core.exceptions import BadRequest
from django.http import HttpResponse
from django.utils.cache import add_never_cache_headers, get_conditional_response
from django.utils.functional import empty
from django.utils.http import parse_http_date_safe
from whitenoise.middleware import WhiteNoiseMiddleware

from . import cache, clock
from .access import can_preview
from .api.errors import API_PREFIX
from .api.http import throttle_allows
from .login import client_ip

request_log = logging.getLogger("billtracker.requests")
logger = logging.getLogger(__name__)
# ManifestStaticFilesStorage's file map (and its compressed copies).
MANIFEST_NAME = "staticfiles.json"


class ContentSecurityPolicyMiddleware:
    """Send the strict Content-Security-Policy from settings on every response."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.policy = settings.CONTENT_SECURITY_POLICY

    def __call__(self, request):
        response = self.get_response(request)
        if self.policy:
            response.headers.setdefault("Content-Security-Policy", self.policy)
        return response


class StaffNeverCacheMiddleware:
    """Staff see drafts on public pages (lists, previews): no cache may keep such a page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if can_preview(getattr(request, "user", None)):
            add_never_cache_headers(response)
        return response


class RejectNulBytesMiddleware:
    """A NUL character in the query string is a clear 400.

    PostgreSQL refuses NUL in any text it is sent, so a ``?q=%00`` search (public or admin
    autocomplete) would otherwise end as a 500. No real visitor ever types one.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path or any(
            "\x00" in key or "\x00" in value for key, values in request.GET.lists() for value in values
        ):
            # Raised, not returned, so Django answers with the site's own 400 page.
            raise BadRequest("The address contains a NUL character, which no page accepts.")
        return self.get_response(request)


class SecurityHeadersMiddleware:
    """Permissions-Policy and Cross-Origin-Resource-Policy on every response, static files included."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.headers = {
            "Permissions-Policy": settings.PERMISSIONS_POLICY,
            "Cross-Origin-Resource-Policy": settings.CROSS_ORIGIN_RESOURCE_POLICY,
        }

    def __call__(self, request):
        response = self.get_response(request)
        for name, value in self.headers.items():
            if value:
                response.headers.setdefault(name, value)
        return response


class StaticFilesMiddleware(WhiteNoiseMiddleware):
    """WhiteNoise, without the manifest: it lists every file name and is for the app, not browsers."""

    def add_files(self, root, prefix=None):
        super().add_files(root, prefix)
        for url in [url for url in self.files if url.rsplit("/", 1)[-1].startswith(MANIFEST_NAME)]:
            del self.files[url]


class RequestLogMiddleware:
    """One structured line per request on stderr: method, path, status, time taken, who."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        response = self.get_response(request)
        duration_ms = round((time.perf_counter() - started) * 1000, 1)
        user = getattr(request, "user", None)
        # _wrapped: the lazy user, read only if something already loaded it (no query of our own).
        loaded = user is not None and getattr(user, "_wrapped", None) is not empty
        request_log.info(
            "%s %s %s",
            request.method,
            request.path,
            response.status_code,
            extra={
                "method": request.method,
                "path": request.path,
                "status": response.status_code,
                "duration_ms": duration_ms,
                "user_id": user.pk if loaded and user.is_authenticated else None,
                "client": client_ip(request),
            },
        )
        return response


class PageCacheMiddleware:
    """Answer visitors' GETs from the shared cache while no edit and no midnight has passed since.

    Sits above the session, so a hit costs one or two cache reads and nothing else. Signed-in staff (any
    session), other methods and responses that set a cookie or say "private" go straight through.
    A cache that cannot be reached is skipped, never an error page.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not cache.shares(request):
            return self.get_response(request)
        today = clock.today()
        try:
            key = cache.page_key(request)
            version, entry = cache.look_up(key)
            entry = cache.kept(entry, request, version, today)
        except Exception as error:  # Redis down or a bad entry: serve the page as if there were no cache.
            logger.warning("Page cache unreachable (%s); serving %s uncached.", error, request.path)
            return self.get_response(request)
        if entry is not None:  # Over the API's throttle, the view answers the 429.
            return self.hit(request, entry) if self.admitted(request) else self.get_response(request)
        with cache.first_render(key) as first:
            if not first:  # Another thread has just rendered it: kept, unless it could not be.
                entry = self.found(request, key, today)
                if entry is not None and self.admitted(request):
                    return self.hit(request, entry)
            return self.rendered(request, key, version, today)

    def hit(self, request, entry: dict):
        return self.answer(request, self.rebuilt(request, entry), "hit")

    def found(self, request, key: str, today) -> dict | None:
        """The current entry under ``key``, or None (also when the cache cannot be reached)."""
        try:
            version, entry = cache.look_up(key)
            return cache.kept(entry, request, version, today)
        except Exception:  # Already logged by the first look-up, or harmless: render it.
            return None

    def rendered(self, request, key: str, version, today):
        """The view's answer, kept for the next visitors when it is the same for everyone."""
        response = self.get_response(request)
        if not cache.shareable(response):
            return response
        cache.add_validators(response, version, today)
        try:
            cache.keep(key, request, response, version, today)
        except Exception as error:
            logger.warning("Page cache unreachable (%s); %s not kept.", error, request.path)
        return self.answer(request, response, "miss")

    @staticmethod
    def admitted(request) -> bool:
        """The API's throttle counts cached answers too; once over it, the view answers the 429."""
        # The JSON API's throttle counts every answer, cached or not.
        return not request.path.startswith(API_PREFIX) or throttle_allows(request)

    @staticmethod
    def rebuilt(request, entry: dict) -> HttpResponse:
        response = HttpResponse(b"" if request.method == "HEAD" else entry["content"], status=entry["status"])
        for name, value in entry["headers"]:
            response[name] = value
        return response

    @staticmethod
    def answer(request, response, outcome: str):
        """A 304 when the client's copy is current (ETag or Last-Modified), else the page."""
        response["X-Cache"] = outcome
        last_modified = parse_http_date_safe(response.get("Last-Modified", ""))
        return get_conditional_response(
            request, etag=response.get("ETag"), last_modified=last_modified, response=response
        )
