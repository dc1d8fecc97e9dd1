"""Response headers that Django does not set itself."""

from django.conf import settings
from django.core.exceptions import BadRequest
from django.utils.cache import add_never_cache_headers

from .models import can_preview


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
