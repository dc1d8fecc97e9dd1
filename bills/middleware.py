"""Response headers that Django does not set itself."""

from django.conf import settings
from django.utils.cache import add_never_cache_headers

from .access import can_preview


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
