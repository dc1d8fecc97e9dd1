"""Public pages."""

from django.urls import path

from .views import compare, pages

app_name = "bills"

urlpatterns = [
    path("", pages.home, name="home"),
    path("bills/", pages.bill_list, name="bill_list"),
    path("bills/<slug:slug>/", pages.bill_detail, name="bill_detail"),
    path("compare/", compare.compare, name="compare"),
    path("compare/csv/", compare.compare_csv, name="compare_csv"),
    path("topics/", pages.topic_list, name="topic_list"),
    path("topics/<slug:slug>/", pages.topic_detail, name="topic"),
    path("affected/", pages.party_list, name="party_list"),
    path("affected/<slug:slug>/", pages.party_detail, name="party"),
    path("jurisdictions/", pages.jurisdiction_list, name="jurisdiction_list"),
    path("jurisdictions/<slug:slug>/", pages.jurisdiction_detail, name="jurisdiction"),
    path("about/", pages.about, name="about"),
]
