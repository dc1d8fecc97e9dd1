"""Middleware: response headers Django does not set itself, static files, one log line per request."""

import logging
import time

from django.conf import settings
from django.core.exceptions import BadRequest
from django.utils.cache import add_never_cache_headers
from django.utils.functional import empty
from whitenoise.middleware import WhiteNoiseMiddleware

from .access import can_preview
from .login import client_ip

request_log = logging.getLogger("billtracker.requests")
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
