"""sitemap.xml: every public page, so search engines find each bill, topic, party and place.

sitemap.xml is an index of section sitemaps (sitemap-<section>.xml), each in pages of at most
URLS_PER_PAGE addresses: at 10,000 bills one flat file was 1.1 MB and took a second to build.
"""

from __future__ import annotations

from django.contrib.sitemaps import Sitemap
from django.db.models import Max
from django.urls import reverse

from .links import slug_url
from .models import Bill, Category, Jurisdiction, Party

# Search engines accept 50,000 per file; 1,000 keeps each page small and quick to build.
URLS_PER_PAGE = 1000

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
    limit = URLS_PER_PAGE

    def items(self):
        # Only the columns its addresses and dates need, as plain rows: no model built per bill.
        return Bill.objects.published().order_by("slug").values_list("slug", "updated_at", named=True)

    def location(self, bill) -> str:
        return slug_url("bills:bill_detail", bill.slug)

    def lastmod(self, bill):
        return bill.updated_at

    def get_latest_lastmod(self):
        """The index's date for this section in one query (Django's default reads every bill)."""
        return Bill.objects.published().aggregate(latest=Max("updated_at"))["latest"]


class SlugSitemap(Sitemap):
    """Every object of ``model`` by its page (topics, parties, places)."""

    model = None
    limit = URLS_PER_PAGE

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
