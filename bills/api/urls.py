"""/api/: the docs, and version 1 of the API with its OpenAPI schema."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import SimpleRouter

from . import views

app_name = "api"

router = SimpleRouter()
router.register("bills", views.BillViewSet, basename="bill")
router.register("jurisdictions", views.JurisdictionViewSet, basename="jurisdiction")
router.register("categories", views.CategoryViewSet, basename="category")
router.register("parties", views.PartyViewSet, basename="party")


class DocsView(SpectacularSwaggerSplitView):
    """Swagger UI from our own static files; its start-up script is a file too, as the CSP demands."""

    template_name = "api/docs.html"
    title = "Face Recognition Law Tracker API"


urlpatterns = [
    path("", DocsView.as_view(url_name="api:schema"), name="docs"),
    path("v1/", views.IndexView.as_view(), name="index"),
    path("v1/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("v1/compare/", views.CompareView.as_view(), name="compare"),
    path("v1/", include(router.urls)),
]
