"""Top-level URLs: the public site, the staff admin, and the health check for load balancers."""

from django.contrib import admin
from django.urls import include, path

from bills.health import healthz

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("", include("bills.urls")),
]

# A database that cannot be reached answers 503 with Retry-After, not a 500.
handler500 = "bills.health.server_error"
