"""Atom feeds of what changed, the sitemap and robots.txt: published content only, in plain words."""

from __future__ import annotations

import re

import feedparser
import pytest
from django.urls import reverse

from bills.loading import load_bills
from bills.models import Bill, Status
from bills.sitemaps import SITEMAPS, BillSitemap

from .factories import admin_form_data, make_bill, make_provision

pytestmark = pytest.mark.usefixtures("taxonomy")

SITE_FEED = reverse("bills:feed")
# The bills' history, their rules' history, each one's earlier versions, the topics' names and the
# bills' labels: the same however many bills changed.
FEED_QUERIES = 6


def entries(client, url: str) -> list:
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    parsed = feedparser.parse(response.content)
    assert parsed.version == "atom10", parsed.bozo_exception if parsed.bozo else parsed.version
    return parsed.entries


def test_the_site_feed_parses_as_atom_and_announces_a_new_bill_with_its_rules(vera):
    bill = make_bill(research_notes="Staff only: check the sunset date.")
    make_provision(bill, category="warrant")

    (entry,) = entries(vera, SITE_FEED)

    assert entry.title == f"{bill.label}: New bill: enacted (and 1 more change)"
    assert "New rule: requires, on Warrant or court order" in entry.summary
    assert entry.link == f"http://testserver{bill.get_absolute_url()}"
    assert "Staff only" not in entry.summary


def test_a_status_change_made_in_the_admin_shows_in_the_feeds_in_words(vera, edna):
    bill = make_bill(status=Status.IN_COMMITTEE, status_date=None)
    url = reverse("admin:bills_bill_change", args=[bill.pk])
    data = admin_form_data(edna.get(url))
    data["status"] = Status.ENACTED
    data["status_date"] = "2020-03-31"

    assert edna.post(url, data).status_code == 302
    edna.logout()

    for feed in (SITE_FEED, reverse("bills:bill_feed", args=[bill.slug])):
        newest = entries(vera, feed)[0]
        assert "Status: in committee → enacted" in newest.summary
        assert "Status date: none → 31 March 2020" in newest.summary


def test_unpublished_bills_and_rules_and_staff_notes_never_appear(vera):
    make_bill(is_published=False, title="Secret draft")
    bill = make_bill()
    make_provision(bill, category="ban", is_published=False)
    bill.research_notes = "Unsure about section 3."
    bill.save()

    page = vera.get(SITE_FEED).content.decode()

    assert "Secret draft" not in page and "test-sb" in page
    assert "Ban" not in page
    assert "Unsure" not in page and "research" not in page.lower()


def test_a_bill_that_was_a_draft_appears_once_it_is_published(vera):
    bill = make_bill(is_published=False)
    assert entries(vera, SITE_FEED) == []

    bill.is_published = True
    bill.save()

    assert [entry.title for entry in entries(vera, SITE_FEED)] == [f"{bill.label}: New bill: enacted"]


def test_a_reload_from_the_data_files_is_one_entry_per_bill(vera, tmp_path):
    load_bills()
    before = len(entries(vera, SITE_FEED))
    changed = Bill.objects.get(slug="wa-sb-6280-2020")
    changed.title = "Edited so the reload changes it back"
    changed.save()
    changed.provisions.update(plain="Edited")

    load_bills(update=True)

    reload_entries = [e for e in entries(vera, SITE_FEED) if "wa-sb-6280-2020" in e.link]
    assert before > 0
    assert len([e for e in reload_entries if "Official title changed" in e.summary]) == 1


def test_place_and_topic_feeds_list_only_their_bills(vera):
    washington = make_bill("washington")
    make_provision(washington, category="warrant")
    new_york = make_bill("new-york")
    make_provision(new_york, category="ban")

    place = entries(vera, reverse("bills:jurisdiction_feed", args=["washington"]))
    topic = entries(vera, reverse("bills:category_feed", args=["ban"]))

    assert {entry.link for entry in place} == {f"http://testserver{washington.get_absolute_url()}"}
    assert {entry.link for entry in topic} == {f"http://testserver{new_york.get_absolute_url()}"}


def test_a_place_feed_follows_the_levels_above_it_as_its_page_does(vera):
    boston = make_bill("boston")
    massachusetts = make_bill("massachusetts")
    federal = make_bill("united-states")
    make_bill("new-york")

    place = entries(vera, reverse("bills:jurisdiction_feed", args=["boston"]))

    expected = {f"http://testserver{bill.get_absolute_url()}" for bill in (boston, massachusetts, federal)}
    assert {entry.link for entry in place} == expected


@pytest.mark.parametrize("name", ["bills:bill_feed", "bills:jurisdiction_feed", "bills:category_feed"])
def test_a_feed_for_an_unknown_slug_is_a_404(vera, name):
    assert vera.get(reverse(name, args=["no-such-thing"])).status_code == 404


def test_an_unpublished_bills_feed_is_a_404(vera):
    draft = make_bill(is_published=False)

    assert vera.get(reverse("bills:bill_feed", args=[draft.slug])).status_code == 404


def test_pages_link_to_their_feeds_for_readers_and_for_feed_readers(vera):
    bill = make_bill()
    make_provision(bill, category="warrant")

    for page, feed in [
        (bill.get_absolute_url(), reverse("bills:bill_feed", args=[bill.slug])),
        (reverse("bills:category", args=["warrant"]), reverse("bills:category_feed", args=["warrant"])),
        (
            reverse("bills:jurisdiction", args=["washington"]),
            reverse("bills:jurisdiction_feed", args=["washington"]),
        ),
    ]:
        html = vera.get(page).content.decode()
        assert '<link rel="alternate" type="application/atom+xml" title="What changed: ' in html
        assert f'href="{feed}"' in html
        assert "Follow changes" in html


def test_the_feed_query_count_does_not_grow_with_the_changes(vera, django_assert_num_queries):
    for count in (2, 8):
        for _ in range(count):
            make_provision(make_bill())
        with django_assert_num_queries(FEED_QUERIES):
            vera.get(SITE_FEED)


def sitemap_pages(client) -> str:
    """Every section sitemap the index at /sitemap.xml points to, page after page, as one text."""
    index = client.get(reverse("sitemap")).content.decode()
    texts = []
    for url in re.findall(r"<loc>http://testserver([^<]+)</loc>", index):
        response = client.get(url)
        assert response.status_code == 200
        texts.append(response.content.decode())
    return "\n".join(texts)


def test_the_sitemap_lists_every_public_page_and_no_draft(vera):
    bill = make_bill()
    draft = make_bill(is_published=False)

    page = sitemap_pages(vera)

    assert f"http://testserver{bill.get_absolute_url()}</loc>" in page
    assert draft.slug not in page
    for url in [
        "/",
        "/bills/",
        "/topics/warrant/",
        "/affected/schools/",
        "/places/washington/",
        "/glossary/",
    ]:
        assert f"<loc>http://testserver{url}</loc>" in page


def test_the_sitemap_is_an_index_of_pages_of_at_most_the_limit(vera, monkeypatch):
    monkeypatch.setattr(BillSitemap, "limit", 2)
    bills = [make_bill() for _ in range(3)]

    index = vera.get(reverse("sitemap")).content.decode()

    assert "<sitemapindex" in index
    assert "<loc>http://testserver/sitemap-bills.xml</loc>" in index
    assert "<loc>http://testserver/sitemap-bills.xml?p=2</loc>" in index
    assert "?p=3" not in index
    second = vera.get("/sitemap-bills.xml", {"p": 2}).content.decode()
    assert second.count("<url>") == 1
    assert all(bill.get_absolute_url() in sitemap_pages(vera) for bill in bills)


@pytest.mark.parametrize("url", ["/sitemap-nothing.xml", "/sitemap-bills.xml?p=9", "/sitemap-bills.xml?p=x"])
def test_a_sitemap_page_that_does_not_exist_is_a_404(vera, url):
    assert vera.get(url).status_code == 404


def test_the_sitemap_index_runs_a_fixed_number_of_queries(vera, django_assert_max_num_queries):
    for _ in range(5):
        make_bill()

    # One count per section for its pages, and one date for the bills: never a row per bill.
    with django_assert_max_num_queries(len(SITEMAPS) + 2):
        vera.get(reverse("sitemap"))


def test_robots_txt_names_the_sitemap_and_keeps_crawlers_out_of_the_admin(vera):
    text = vera.get("/robots.txt").content.decode()

    assert "Sitemap: http://testserver/sitemap.xml" in text
    assert "Disallow: /admin/" in text
