"""Top-level URLs: the public site, the staff admin, the JSON API, and the health check."""

from django.contrib import admin
from django.urls import include, path

from bills.health import healthz

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("api/", include("bills.api.urls")),
    path("", include("bills.urls")),
]

# A database that cannot be reached answers 503 with Retry-After, not a 500; under /api/ errors are JSON.
handler400 = "bills.api.errors.bad_request"
handler404 = "bills.api.errors.page_not_found"
handler500 = "bills.api.errors.server_error"
