"""Public pages. Addresses use the public words (topics, who's affected, places); names use the code's."""

from django.urls import path

from . import feeds
from .views import alerts, compare, data, definitions, glossary, pages

app_name = "bills"

urlpatterns = [
    path("", pages.home, name="home"),
    path("bills/", pages.bill_list, name="bill_list"),
    path("bills/<slug:slug>/", pages.bill_detail, name="bill_detail"),
    path("bills/<slug:slug>/feed/", feeds.BillFeed(), name="bill_feed"),
    path("compare/", compare.compare, name="compare"),
    path("compare/csv/", compare.compare_csv, name="compare_csv"),
    path("definitions/", definitions.definitions_compare, name="definitions"),
    path("topics/", pages.category_list, name="category_list"),
    path("topics/<slug:slug>/", pages.category_detail, name="category"),
    path("topics/<slug:slug>/feed/", feeds.CategoryFeed(), name="category_feed"),
    path("affected/", pages.party_list, name="party_list"),
    path("affected/<slug:slug>/", pages.party_detail, name="party"),
    path("places/", pages.jurisdiction_list, name="jurisdiction_list"),
    path("places/<slug:slug>/", pages.jurisdiction_detail, name="jurisdiction"),
    path("places/<slug:slug>/feed/", feeds.JurisdictionFeed(), name="jurisdiction_feed"),
    path("about/", pages.about, name="about"),
    path("glossary/", glossary.glossary, name="glossary"),
    path("feed/", feeds.ChangesFeed(), name="feed"),
    path("data/", data.data_page, name="data"),
    path("data/bills.zip", data.bills_zip, name="data_bills_zip"),
    path("data/bills.csv", data.bills_csv, name="data_bills_csv"),
    path("data/provisions.csv", data.provisions_csv, name="data_provisions_csv"),
    path("follow/", alerts.follow, name="follow"),
    path("follow/confirm/<str:token>/", alerts.follow_confirm, name="follow_confirm"),
    path("follow/stop/<str:token>/", alerts.unsubscribe, name="unsubscribe"),
    path("privacy/", alerts.privacy, name="privacy"),
]
