"""The shared page cache is never stale: every edit, publish, revert, data load and midnight shows.

Each behaviour runs on both backends: local memory, and Redis when REDIS_URL is set (skipped
otherwise). The Redis keys of each test live under a prefix of its own (worker and a random part)
and are deleted one by one afterwards: nothing else in the shared Redis is touched.
"""

import datetime
import os
import threading
import time
import uuid

import pytest
from django.conf import settings as django_settings
from django.core.cache import caches
from django.db import connection, transaction
from django.http import HttpResponse
from django.test import Client
from django.urls import reverse

from bills import cache, clock
from bills.bill_files import BILLS_DIR
from bills.loading import load_bills
from bills.middleware import PageCacheMiddleware
from bills.models import Bill, Provision

from .factories import admin_form_data, make_bill, make_provision, make_source

pytestmark = pytest.mark.usefixtures("fast_password_hashing")

OLD_TEXT = "Police must get a warrant before a face search."
NEW_TEXT = "Police must get a warrant from a judge before any face search."


UNREACHABLE_REDIS = {
    "BACKEND": "django.core.cache.backends.redis.RedisCache",
    "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens there
    "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
}


def redis_caches(prefix: str) -> dict:
    options = {"socket_connect_timeout": 1, "socket_timeout": 1}
    redis = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": os.environ["REDIS_URL"],
        "KEY_PREFIX": prefix,
        "OPTIONS": options,
    }
    return {"default": redis, "content_version": {**redis, "TIMEOUT": None}}


def delete_keys(prefix: str) -> None:
    """Remove this test's keys only (never FLUSHDB: the Redis is shared)."""
    import redis

    client = redis.Redis.from_url(os.environ["REDIS_URL"])
    for key in client.scan_iter(match=f"{prefix}:*", count=500):
        client.delete(key)
    client.close()


@pytest.fixture(params=["local memory", "redis"])
def backend(request, settings):
    """The pages' cache: local memory (the default), or the shared Redis under this test's prefix."""
    if request.param == "redis":
        if not os.environ.get("REDIS_URL"):
            pytest.skip("REDIS_URL is not set: the Redis backend is tested in CI, where it is.")
        prefix = f"billtracker-test-{os.environ.get('PYTEST_XDIST_WORKER', 'main')}-{uuid.uuid4().hex}"
        settings.CACHES = redis_caches(prefix)
        yield request.param
        delete_keys(prefix)
    else:
        yield request.param


@pytest.fixture
def bill(taxonomy):
    bill = make_bill(slug="wa-face-act")
    make_provision(bill, category="warrant", plain=OLD_TEXT)
    return bill


def edit_in_the_admin(browser, provision: Provision, text: str) -> None:
    url = reverse("admin:bills_provision_change", args=[provision.pk])
    data = admin_form_data(browser.get(url))
    data["plain"] = text
    assert browser.post(url, data).status_code == 302


def run_action(browser, action: str, bills) -> None:
    url = reverse("admin:bills_bill_changelist")
    response = browser.post(url, {"action": action, "_selected_action": [str(b.pk) for b in bills]})
    assert response.status_code == 302


def test_a_kept_page_shows_an_admin_edit_on_the_next_visit(backend, vera, edna_browser, bill):
    url = bill.get_absolute_url()
    first, second = vera.get(url), vera.get(url)
    # Changed behind the cache's back (no signal): the kept page does not know, which shows it is kept.
    Provision.objects.filter(bill=bill).update(section="Sec. 99")
    third = vera.get(url)

    edit_in_the_admin(edna_browser, bill.provisions.get(), NEW_TEXT)
    after = vera.get(url)

    assert (first["X-Cache"], second["X-Cache"], third["X-Cache"]) == ("miss", "hit", "hit")
    assert second.content == first.content == third.content
    assert after["X-Cache"] == "miss"
    assert NEW_TEXT in after.text and OLD_TEXT not in after.text
    assert "Sec. 99" in after.text


def test_the_api_is_kept_and_shows_an_edit_too(backend, vera, edna_browser, bill):
    url = reverse("api:bill-detail", args=[bill.slug])
    vera.get(url)
    assert vera.get(url)["X-Cache"] == "hit"

    edit_in_the_admin(edna_browser, bill.provisions.get(), NEW_TEXT)
    after = vera.get(url)

    assert after["X-Cache"] == "miss"
    assert [p["plain"] for p in after.json()["provisions"]] == [NEW_TEXT]


def test_signed_in_staff_never_get_a_kept_page_nor_leave_one(backend, vera, edna_browser, bill):
    make_bill(slug="a-draft", identifier="HB 404", is_published=False)
    url = reverse("bills:bill_list")
    vera.get(url)

    staff_page = edna_browser.get(url)
    visitor_page = vera.get(url)

    assert "X-Cache" not in staff_page
    assert "no-cache" in staff_page["Cache-Control"]
    assert "HB 404" in staff_page.text
    assert visitor_page["X-Cache"] == "hit"
    assert "HB 404" not in visitor_page.text


def test_a_conditional_get_is_a_304_until_an_edit_then_a_200(backend, vera, edna_browser, bill):
    url = bill.get_absolute_url()
    page = vera.get(url)
    etag, modified = page["ETag"], page["Last-Modified"]

    unchanged = vera.get(url, headers={"If-None-Match": etag})
    unchanged_by_date = vera.get(url, headers={"If-Modified-Since": modified})
    edit_in_the_admin(edna_browser, bill.provisions.get(), NEW_TEXT)
    changed = vera.get(url, headers={"If-None-Match": etag})

    assert unchanged.status_code == 304 and unchanged.content == b""
    assert unchanged_by_date.status_code == 304
    assert changed.status_code == 200
    assert changed["ETag"] != etag
    assert NEW_TEXT in changed.text
    assert vera.get(url, headers={"If-None-Match": changed["ETag"]}).status_code == 304


def test_publishing_and_unpublishing_with_the_admin_actions_show_at_once(backend, vera, edna_browser, bill):
    draft = make_bill(slug="new-law", identifier="HB 777", is_published=False)
    make_provision(draft)
    make_source(draft)  # what a bill needs before it may be published
    url = reverse("bills:bill_list")
    assert "HB 777" not in vera.get(url).text

    run_action(edna_browser, "publish", [draft])
    published = vera.get(url)
    run_action(edna_browser, "unpublish", [draft])
    unpublished = vera.get(url)

    assert "HB 777" in published.text
    assert "HB 777" not in unpublished.text
    assert vera.get(draft.get_absolute_url()).status_code == 404


def test_a_data_load_shows_on_the_next_visit(backend, vera, taxonomy):
    url = reverse("bills:bill_list")
    before = vera.get(url)
    assert vera.get(url)["X-Cache"] == "hit"

    load_bills([BILLS_DIR / "wa-sb-6280-2020.json"])
    after = vera.get(url)

    assert "SB 6280" not in before.text
    assert after["X-Cache"] == "miss"
    assert "SB 6280" in after.text


def test_reverting_to_an_old_version_in_the_history_shows_at_once(backend, vera, edna_browser, bill):
    provision = bill.provisions.get()
    original = provision.history.latest()
    edit_in_the_admin(edna_browser, provision, NEW_TEXT)
    assert NEW_TEXT in vera.get(bill.get_absolute_url()).text
    url = reverse("admin:bills_provision_simple_history", args=[provision.pk, original.history_id])

    assert edna_browser.post(url, admin_form_data(edna_browser.get(url))).status_code == 302
    after = vera.get(bill.get_absolute_url())

    assert OLD_TEXT in after.text and NEW_TEXT not in after.text


def test_a_change_to_a_place_or_a_bill_itself_shows_too(backend, vera, bill):
    url = bill.get_absolute_url()
    vera.get(url)

    bill.jurisdiction.name = "Washington State"
    bill.jurisdiction.save()

    assert "Washington State" in vera.get(url).text


def test_a_visitor_following_a_bill_by_email_leaves_every_kept_page_kept(backend, vera, bill, mailoutbox):
    # A follow request is no public content: if it made pages old, anyone could empty the cache.
    url = bill.get_absolute_url()
    vera.get(url)

    followed = vera.post(
        reverse("bills:follow"), {"bill": bill.slug, "email": "vera@example.org", "frequency": "weekly"}
    )

    assert followed.status_code in (200, 302) and len(mailoutbox) == 1
    assert vera.get(url)["X-Cache"] == "hit"


def test_standings_move_on_at_midnight(backend, vera, bill, monkeypatch):
    url = reverse("bills:bill_list")
    vera.get(url)
    assert vera.get(url)["X-Cache"] == "hit"

    monkeypatch.setattr(clock, "today", lambda: datetime.date(2099, 1, 1))
    tomorrow = vera.get(url)

    assert tomorrow["X-Cache"] == "miss"
    assert tomorrow["Last-Modified"] == "Thu, 01 Jan 2099 00:00:00 GMT"


def test_kept_pages_keep_the_strict_csp_and_the_security_headers(backend, vera, bill):
    vera.get("/")
    kept = vera.get("/")

    assert kept["X-Cache"] == "hit"
    assert kept["Content-Security-Policy"] == django_settings.CONTENT_SECURITY_POLICY
    assert kept["X-Frame-Options"] == "DENY"
    assert kept["X-Content-Type-Options"] == "nosniff"
    assert kept["Referrer-Policy"] == "same-origin"
    assert kept["Permissions-Policy"] == django_settings.PERMISSIONS_POLICY
    assert kept["Cross-Origin-Resource-Policy"] == "same-origin"
    assert "must-revalidate" in kept["Cache-Control"]


def test_an_edit_bumps_the_version_now_and_once_more_when_its_transaction_commits(backend, bill):
    """Between the edit and its commit another visitor may render the old rows: they must not last."""
    before = cache.current_version()
    with transaction.atomic():
        Bill.objects.get(pk=bill.pk).save()
        Provision.objects.get(bill=bill).save()
        during = cache.current_version()
    # The test's own transaction never commits: run what its commit would run.
    at_commit = [entry[1] for entry in connection.run_on_commit if entry[1] is cache._bump]
    for bump in at_commit:
        bump()

    assert len(at_commit) == 1  # one bump at commit, however many rows changed
    assert len({before.token, during.token, cache.current_version().token}) == 3


def test_a_head_request_is_answered_from_the_cache_without_a_body(backend, vera, bill):
    page = vera.get("/")
    head = vera.head("/")

    assert head["X-Cache"] == "hit"
    assert head.content == b""
    assert head["ETag"] == page["ETag"]


def test_a_cache_that_cannot_be_reached_serves_the_page_uncached(settings, vera, bill):
    settings.CACHES = {**settings.CACHES, "content_version": UNREACHABLE_REDIS}

    response = vera.get(bill.get_absolute_url())

    assert response.status_code == 200
    assert "X-Cache" not in response


def test_an_edit_while_the_cache_cannot_be_reached_is_a_503_and_saves_nothing(settings, edna_account, bill):
    edna = Client(raise_request_exception=False)
    edna.force_login(edna_account)
    provision = bill.provisions.get()
    url = reverse("admin:bills_provision_change", args=[provision.pk])
    data = {**admin_form_data(edna.get(url)), "plain": NEW_TEXT}
    settings.CACHES = {**settings.CACHES, "content_version": UNREACHABLE_REDIS}

    response = edna.post(url, data)

    assert response.status_code == 503
    assert response["Retry-After"]
    assert "it was not saved" in response.text
    provision.refresh_from_db()
    assert provision.plain == OLD_TEXT


def test_only_shared_answers_are_kept():
    with_cookie = HttpResponse("hello")
    with_cookie.set_cookie("csrftoken", "x")
    private = HttpResponse("hello", headers={"Cache-Control": "private"})

    assert cache.shareable(HttpResponse("hello"))
    assert not cache.shareable(with_cookie)
    assert not cache.shareable(private)
    assert not cache.shareable(HttpResponse("gone", status=404))


def test_a_session_cookie_or_a_post_bypasses_the_cache(rf, settings):
    settings.PAGE_CACHE = True
    with_session = rf.get("/bills/")
    with_session.COOKIES[settings.SESSION_COOKIE_NAME] = "abc"

    assert cache.shares(rf.get("/bills/"))
    assert not cache.shares(with_session)
    assert not cache.shares(rf.post("/bills/"))
    assert not cache.shares(rf.get("/admin/bills/bill/"))


def test_the_cache_is_used_through_django_cache_framework_aliases():
    assert set(django_settings.CACHES) >= {"default", cache.VERSION_CACHE}
    assert caches[cache.VERSION_CACHE] is not None


def _together(middleware, request_factory, path: str, visitors: int, started) -> list:
    """Start ``visitors`` threads asking for ``path`` at once; the threads, and where their answers go."""
    answers = []
    threads = [
        threading.Thread(target=lambda: answers.append(middleware(request_factory.get(path))))
        for _ in range(visitors)
    ]
    for thread in threads:
        thread.start()
    started.wait(5)
    # The others are at the door by now (without the guard, rendering too). One that came later
    # still gets the same answers: a hit, or a render of its own.
    time.sleep(0.3)
    return threads, answers


class SlowView:
    """A view that takes its time: each render is noted, and waits until the test lets it finish."""

    def __init__(self, respond):
        self.respond, self.renders = respond, []
        self.started, self.finish = threading.Event(), threading.Event()

    def __call__(self, request):
        self.renders.append(request.path)
        self.started.set()
        self.finish.wait(5)
        return self.respond()

    def visited_together(self, rf, path: str, visitors: int) -> list:
        """What ``visitors`` arriving at ``path`` at once through the page cache were answered."""
        threads, answers = _together(PageCacheMiddleware(self), rf, path, visitors, self.started)
        self.finish.set()
        for thread in threads:
            thread.join(10)
        return answers


def personal_answer() -> HttpResponse:
    response = HttpResponse("Your choices")
    response.set_cookie("choices", "1")  # a cookie: never shared, never kept
    return response


def test_visitors_who_arrive_together_at_an_unkept_page_wait_for_one_render(rf, settings):
    settings.PAGE_CACHE = True
    view = SlowView(lambda: HttpResponse("Bills in the tracker"))

    answers = view.visited_together(rf, "/bills/", 4)

    assert view.renders == ["/bills/"]
    assert [answer.content for answer in answers] == [b"Bills in the tracker"] * 4
    assert sorted(answer["X-Cache"] for answer in answers) == ["hit", "hit", "hit", "miss"]


def test_a_page_that_cannot_be_kept_is_still_rendered_for_everyone_who_waited(rf, settings):
    settings.PAGE_CACHE = True
    view = SlowView(personal_answer)

    answers = view.visited_together(rf, "/compare/", 3)

    assert len(view.renders) == 3
    assert [answer.content for answer in answers] == [b"Your choices"] * 3
    assert not cache._rendering  # nothing left waiting
