"""Top-level URLs: the public site, the staff admin, the health check, and redirects from old addresses."""

from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

from bills.health import healthz

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("", include("bills.urls")),
    # The place pages' old addresses, so links and bookmarks still work.
    path(
        "jurisdictions/",
        RedirectView.as_view(pattern_name="bills:jurisdiction_list", permanent=True, query_string=True),
    ),
    path(
        "jurisdictions/<slug:slug>/",
        RedirectView.as_view(pattern_name="bills:jurisdiction", permanent=True, query_string=True),
    ),
]

# A database that cannot be reached answers 503 with Retry-After, not a 500.
handler500 = "bills.health.server_error"
