"""Top-level URLs: the public site and the staff admin."""

from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include("bills.urls")),
]
