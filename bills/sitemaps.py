"""sitemap.xml: every public page, so search engines find each bill, topic, party and place."""

from __future__ import annotations

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from .models import Bill, Category, Jurisdiction, Party

# Pages without an argument that a search engine should know; the grid's CSV and feeds are files.
STATIC_PAGES = [
    "bills:home",
    "bills:bill_list",
    "bills:compare",
    "bills:category_list",
    "bills:party_list",
    "bills:jurisdiction_list",
    "bills:about",
    "bills:glossary",
]


class StaticSitemap(Sitemap):
    """The site's fixed pages."""

    def items(self) -> list[str]:
        return STATIC_PAGES

    def location(self, name: str) -> str:
        return reverse(name)


class BillSitemap(Sitemap):
    """Every published bill, with the day it last changed."""

    changefreq = "weekly"

    def items(self):
        # Only the columns its addresses and dates need.
        return Bill.objects.published().only("slug", "updated_at").order_by("slug")

    def lastmod(self, bill: Bill):
        return bill.updated_at


class SlugSitemap(Sitemap):
    """Every object of ``model`` by its page (topics, parties, places)."""

    model = None

    def items(self):
        return self.model.objects.only("slug").order_by("slug")


class CategorySitemap(SlugSitemap):
    model = Category


class PartySitemap(SlugSitemap):
    model = Party


class JurisdictionSitemap(SlugSitemap):
    model = Jurisdiction


SITEMAPS = {
    "pages": StaticSitemap,
    "bills": BillSitemap,
    "topics": CategorySitemap,
    "affected": PartySitemap,
    "places": JurisdictionSitemap,
}
