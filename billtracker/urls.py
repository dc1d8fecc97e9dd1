"""Top-level URLs: the public site, the staff admin, the JSON API, the health check, and old addresses."""

from django.contrib import admin
from django.contrib.sitemaps import views as sitemaps
from django.urls import include, path
from django.views.generic import RedirectView

from bills.health import healthz
from bills.sitemaps import SITEMAPS
from bills.views.robots import robots_txt

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("robots.txt", robots_txt, name="robots_txt"),
    # An index of the section sitemaps, each paginated (bills/sitemaps.py).
    path(
        "sitemap.xml",
        sitemaps.index,
        {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap_section"},
        name="sitemap",
    ),
    path("sitemap-<section>.xml", sitemaps.sitemap, {"sitemaps": SITEMAPS}, name="sitemap_section"),
    path("admin/", admin.site.urls),
    path("api/", include("bills.api.urls")),
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

# A database that cannot be reached answers 503 with Retry-After, not a 500; under /api/ errors are JSON.
handler400 = "bills.api.errors.bad_request"
handler404 = "bills.api.errors.page_not_found"
handler500 = "bills.api.errors.server_error"
