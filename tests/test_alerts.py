"""Follow by email: double opt-in, digests of published changes only, one-click unsubscribe, limits."""

from __future__ import annotations

import datetime
import re

import pytest
from django.core import mail
from django.core.cache import cache
from django.core.mail.backends.locmem import EmailBackend
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from bills import alerts, feeds
from bills.models import Bill, Category, Jurisdiction, Provision, Status, Subscription

from .factories import make_bill, make_provision, make_subscription

pytestmark = pytest.mark.usefixtures("taxonomy")

FOLLOW = reverse("bills:follow")
ANSWER_TEXT = "Check your email"


@pytest.fixture(autouse=True)
def _fresh_counts():
    # The rate limits count in the cache; each test starts with a clean count.
    cache.clear()
    yield
    cache.clear()


def follow(client, email="reader@example.org", frequency="weekly", **target):
    return client.post(FOLLOW, {"email": email, "frequency": frequency, **target})


def link_in(message, name: str) -> str:
    """The path of the confirm ("confirm") or stop ("stop") link in an email's plain text."""
    (url,) = re.findall(rf"https?://\S+/follow/{name}/[\w-]+/", message.body)
    return url.split("://", 1)[1].split("/", 1)[1].join(["/", ""])


def run_send_alerts() -> str:
    from io import StringIO

    out = StringIO()
    call_command("send_alerts", stdout=out, stderr=StringIO())
    return out.getvalue()


# The form on the pages ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "field", "slug"),
    [
        ("/bills/wa-follow/", "bill", "wa-follow"),
        ("/topics/warrant/", "category", "warrant"),
        ("/places/washington/", "jurisdiction", "washington"),
    ],
)
def test_bill_topic_and_place_pages_carry_the_follow_form_without_a_per_visitor_token(vera, url, field, slug):
    make_provision(make_bill(slug="wa-follow"), category="warrant")

    response = vera.get(url)
    page = response.content.decode()

    assert f'action="{FOLLOW}"' in page
    assert f'name="{field}" value="{slug}"' in page
    assert reverse("bills:privacy") in page
    # A cached page is the same for everyone: no CSRF token in it, no cookie set by it.
    assert "csrfmiddlewaretoken" not in page
    assert "csrftoken" not in response.cookies


def test_asking_to_follow_answers_check_your_email_and_sends_only_a_confirmation(vera):
    bill = make_bill()

    response = follow(vera, "Reader@Example.org", bill=bill.slug)

    assert response.status_code == 200
    assert ANSWER_TEXT in response.content.decode()
    assert "no-cache" in response["Cache-Control"]
    (message,) = mail.outbox
    assert message.to == ["reader@example.org"]
    assert message.subject == f"Please confirm: emails about {bill.label}"
    assert "/follow/confirm/" in message.body
    subscription = Subscription.objects.get()
    assert (subscription.bill, subscription.confirmed_at, subscription.frequency) == (bill, None, "weekly")


def test_no_digest_is_sent_before_the_link_is_clicked(vera):
    bill = make_bill(status=Status.IN_COMMITTEE, status_date=None)
    follow(vera, bill=bill.slug)
    mail.outbox.clear()
    bill.status = Status.ENACTED
    bill.save()

    run_send_alerts()
    alerts.send_digests(timezone.now() + datetime.timedelta(days=8))

    assert mail.outbox == []


def test_the_answer_is_the_same_whether_or_not_the_address_already_follows(vera):
    bill = make_bill()
    make_subscription(bill, "known@example.org")

    known = follow(vera, "known@example.org", bill=bill.slug).content.decode()
    new = follow(vera, "newcomer@example.org", bill=bill.slug).content.decode()

    assert known.replace("known@example.org", "X") == new.replace("newcomer@example.org", "X")
    # The follower is told by email, and nothing about the subscription changes.
    assert mail.outbox[0].subject == f"You already get emails about {bill.label}"
    assert Subscription.objects.filter(email="known@example.org").get().confirmed_at is not None


def test_asking_again_before_confirming_resends_the_link_and_keeps_one_request(vera):
    bill = make_bill()
    follow(vera, frequency="weekly", bill=bill.slug)
    follow(vera, frequency="daily", bill=bill.slug)

    assert Subscription.objects.get().frequency == "daily"
    first, second = mail.outbox
    assert link_in(first, "confirm") == link_in(second, "confirm")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"email": "not-an-address", "frequency": "weekly", "bill": "{bill}"}, "Please type a whole email"),
        ({"email": "", "frequency": "weekly", "bill": "{bill}"}, "Please type your email address"),
        ({"email": "a@example.org", "frequency": "hourly", "bill": "{bill}"}, "Please choose how often"),
        (
            {"email": "a@example.org", "frequency": "weekly", "bill": "no-such-bill"},
            "could not find that bill",
        ),
        ({"email": "a@example.org", "frequency": "weekly", "bill": "{draft}"}, "could not find that bill"),
        ({"email": "a@example.org", "frequency": "weekly", "category": "nope"}, "could not find that topic"),
        ({"email": "a@example.org", "frequency": "weekly", "bill": "x\x00y"}, "could not find that bill"),
        ({"email": "a@exam\x00ple.org", "frequency": "weekly", "bill": "{bill}"}, "Null characters"),
        ({"email": "a@example.org", "frequency": "weekly"}, "Choose one bill, topic or place"),
        (
            {"email": "a@example.org", "frequency": "weekly", "bill": "{bill}", "jurisdiction": "washington"},
            "Choose one bill, topic or place",
        ),
    ],
)
def test_a_bad_request_gets_a_400_that_says_what_to_fix_and_sends_nothing(vera, data, message):
    bill = make_bill()
    draft = make_bill(is_published=False)
    data = {key: value.format(bill=bill.slug, draft=draft.slug) for key, value in data.items()}

    response = vera.post(FOLLOW, data)

    assert response.status_code == 400
    assert message in response.content.decode()
    assert mail.outbox == []
    assert not Subscription.objects.exists()


def test_after_a_typo_the_form_comes_back_for_the_same_bill(vera):
    bill = make_bill()

    page = follow(vera, "oops", "daily", bill=bill.slug).content.decode()

    assert f'name="bill" value="{bill.slug}"' in page
    assert 'value="oops"' in page
    assert 'value="daily" checked' in page


def test_the_follow_address_explains_itself_when_opened(vera):
    response = vera.get(FOLLOW)

    assert response.status_code == 200
    assert "Follow by email" in response.content.decode()


# Confirming -----------------------------------------------------------------------------------------


def test_the_confirmation_link_works_once(vera):
    bill = make_bill()
    follow(vera, bill=bill.slug)
    url = link_in(mail.outbox[0], "confirm")

    # Opening the link (as a mail system's link checker would) confirms nothing: a button does.
    shown = vera.get(url)
    assert "Yes, send me these emails" in shown.content.decode()
    assert Subscription.objects.get().confirmed_at is None

    confirmed = vera.post(url)
    assert confirmed.status_code == 200
    assert f"You are following {bill.label}" in confirmed.content.decode()
    first_time = Subscription.objects.get().confirmed_at
    assert first_time is not None

    again = vera.post(url)
    assert "You already confirmed this" in again.content.decode()
    assert Subscription.objects.get().confirmed_at == first_time


def test_an_expired_confirmation_link_explains_itself_and_then_is_deleted(vera):
    bill = make_bill()
    follow(vera, bill=bill.slug)
    url = link_in(mail.outbox[0], "confirm")
    Subscription.objects.update(requested_at=timezone.now() - datetime.timedelta(days=8))

    expired = vera.post(url)
    assert expired.status_code == 410
    assert "This link has expired" in expired.content.decode()
    assert "ask again" in expired.content.decode()
    assert Subscription.objects.get().confirmed_at is None

    assert "deleted 1 request(s) not confirmed in 7 days" in run_send_alerts()
    gone = vera.get(url)
    assert gone.status_code == 404
    assert "work for 7 days" in gone.content.decode()


def test_send_alerts_deletes_only_requests_unconfirmed_for_7_days():
    bill = make_bill()
    old = timezone.now() - datetime.timedelta(days=7, minutes=1)
    make_subscription(bill, "stale@example.org", confirmed=False, requested_at=old)
    make_subscription(bill, "recent@example.org", confirmed=False)
    make_subscription(bill, "confirmed@example.org", requested_at=old)

    run_send_alerts()

    assert sorted(Subscription.objects.values_list("email", flat=True)) == [
        "confirmed@example.org",
        "recent@example.org",
    ]


@pytest.mark.parametrize("view", ["bills:follow_confirm", "bills:unsubscribe"])
def test_link_pages_are_never_cached(vera, view):
    subscription = make_subscription(make_bill(), confirmed=False)
    token = subscription.confirm_token if view == "bills:follow_confirm" else subscription.unsubscribe_token

    for response in (vera.get(reverse(view, args=[token])), vera.get(reverse(view, args=["unknown"]))):
        assert "no-cache" in response["Cache-Control"]


# Digests --------------------------------------------------------------------------------------------


def test_the_digest_lists_what_changed_since_confirming_with_links():
    bill = make_bill(status=Status.IN_COMMITTEE, status_date=None)
    subscription = make_subscription(bill, frequency="daily")
    bill.status = Status.ENACTED
    bill.save()
    make_provision(bill, category="warrant")

    assert "Sent 1 email(s) listing 1 change(s)" in run_send_alerts()

    (message,) = mail.outbox
    assert message.subject == f"What changed: {bill.label} (1 update)"
    assert "Status: in committee → enacted" in message.body
    assert "New rule: requires, on Warrant or court order" in message.body
    assert f"http://127.0.0.1:8000{bill.get_absolute_url()}" in message.body
    # The bill's creation came before the follower confirmed: not news to them.
    assert "New bill" not in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert f'<a href="http://127.0.0.1:8000{bill.get_absolute_url()}">{bill.label}</a>' in html
    assert "<li>Status: in committee → enacted</li>" in html
    assert " style=" not in html
    subscription.refresh_from_db()
    assert subscription.last_sent_at is not None


def test_the_digest_says_in_plain_words_which_part_of_a_rule_changed():
    bill = make_bill()
    provision = make_provision(bill, category="warrant")
    make_subscription(bill)
    provision.plain = "Police need a warrant signed by a judge."
    provision.save()

    run_send_alerts()

    assert "Rule on Warrant or court order changed: summary" in mail.outbox[0].body


def test_a_place_digest_and_a_topic_digest_follow_what_their_feeds_follow():
    washington = Jurisdiction.objects.get(slug="washington")
    make_subscription(washington, "place@example.org")
    make_subscription(Category.objects.get(slug="warrant"), "topic@example.org")
    state_law = make_bill()
    make_provision(state_law, category="warrant")
    elsewhere = make_bill("california")
    make_provision(elsewhere, category="notice")

    run_send_alerts()

    by_address = {message.to[0]: message for message in mail.outbox}
    assert state_law.label in by_address["place@example.org"].body
    assert elsewhere.label not in by_address["place@example.org"].body
    assert state_law.label in by_address["topic@example.org"].body
    assert elsewhere.label not in by_address["topic@example.org"].body


def test_the_digest_never_lists_unpublished_bills_rules_or_staff_notes():
    washington = Jurisdiction.objects.get(slug="washington")
    make_subscription(washington, "place@example.org")
    make_subscription(Category.objects.get(slug="warrant"), "topic@example.org")
    draft = make_bill(is_published=False, title="Secret draft bill")
    make_provision(draft, category="warrant", plain="Secret draft rule")
    public = make_bill(research_notes="Staff only: call the sponsor.")
    make_provision(public, category="notice")
    make_provision(public, category="warrant", is_published=False, plain="Unpublished rule")

    run_send_alerts()

    bodies = "\n".join(m.body + m.alternatives[0][0] for m in mail.outbox)
    assert draft.label not in bodies
    assert "Secret" not in bodies and "Unpublished rule" not in bodies and "Staff only" not in bodies
    assert "on Warrant or court order" not in bodies
    # The topic's only rule is unpublished, so its follower gets nothing at all.
    assert [message.to for message in mail.outbox] == [["place@example.org"]]


def test_a_rule_unpublished_after_it_was_added_is_left_out_of_the_digest_and_the_feed(vera):
    bill = make_bill()
    make_subscription(bill)
    rule = make_provision(bill, category="warrant")
    rule.is_published = False
    rule.save()

    run_send_alerts()

    assert mail.outbox == []
    assert (
        "Warrant or court order"
        not in vera.get(reverse("bills:bill_feed", args=[bill.slug])).content.decode()
    )


def test_a_bill_unpublished_after_changing_is_left_out_of_the_digest():
    bill = make_bill(status=Status.IN_COMMITTEE, status_date=None)
    make_subscription(bill)
    bill.status = Status.ENACTED
    bill.save()
    bill.is_published = False
    bill.save()

    run_send_alerts()

    assert mail.outbox == []


def test_nothing_changed_means_no_email():
    make_subscription(make_bill())

    assert "Sent 0 email(s)" in run_send_alerts()
    assert mail.outbox == []


def test_a_weekly_follower_gets_one_email_a_week_and_a_daily_one_each_day():
    bill = make_bill(status=Status.IN_COMMITTEE, status_date=None)
    make_subscription(bill, "weekly@example.org", frequency="weekly")
    make_subscription(bill, "daily@example.org", frequency="daily")
    start = timezone.now()

    def change_and_run(status, days):
        # The edit is dated ``days`` later, and the daily run comes a minute after it.
        at = start + datetime.timedelta(days=days)
        bill.status = status
        bill.save()
        newest = bill.history.order_by("-history_id").first()
        Bill.history.filter(history_id=newest.history_id).update(history_date=at)
        mail.outbox.clear()
        alerts.send_digests(at + datetime.timedelta(minutes=1))
        return sorted(message.to[0] for message in mail.outbox)

    assert change_and_run(Status.PASSED_ONE_CHAMBER, 0) == ["daily@example.org", "weekly@example.org"]
    assert change_and_run(Status.ENACTED, 1) == ["daily@example.org"]
    assert change_and_run(Status.IN_COMMITTEE, 7) == ["daily@example.org", "weekly@example.org"]
    weekly = next(m for m in mail.outbox if m.to == ["weekly@example.org"])
    # The week's digest has everything since the last one, said once each.
    assert weekly.body.count("Status: ") == 2


def test_a_digest_with_more_changes_than_the_feeds_read_says_how_many_bills_it_left_out():
    """Vera follows Washington; in one week a first bill is enacted, then another gets hundreds of rules."""
    washington = Jurisdiction.objects.get(slug="washington")
    enacted = make_bill(status=Status.IN_COMMITTEE, status_date=None)
    busy = make_bill()
    subscription = make_subscription(washington, "vera@example.org")
    enacted.status = Status.ENACTED
    enacted.save()
    # More rule versions than the feeds read at once (each rule has two: added, then its parties set).
    for number in range(feeds.HISTORY_ROWS // 2 + 5):
        make_provision(busy, category="warrant", section=f"Sec. {number}")
    assert Provision.history.filter(bill_id=busy.pk).count() > feeds.HISTORY_ROWS

    run_send_alerts()

    (message,) = mail.outbox
    html = message.alternatives[0][0]
    # The enacted bill's history is all there; only the busy bill's oldest rules are left out.
    assert "Status: in committee → enacted" in message.body
    notice = "It leaves out older changes to 1 bill."
    assert notice in message.body and notice in html
    assert f"To see where things stand now, go to: http://127.0.0.1:8000{washington.get_absolute_url()}" in (
        message.body
    )
    assert f'<a href="http://127.0.0.1:8000{washington.get_absolute_url()}">' in html
    assert "New rule: requires, on Warrant or court order" in message.body
    assert message.subject.endswith("(2 updates, and more)")
    subscription.refresh_from_db()
    assert subscription.sent_until == subscription.last_sent_at


def test_a_digest_within_what_the_feeds_read_lists_every_change_and_leaves_nothing_out():
    """Vera follows a bill with a fairly busy week: every change is in her email, with no notice."""
    bill = make_bill(status=Status.IN_COMMITTEE, status_date=None)
    make_subscription(bill, "vera@example.org")
    bill.status = Status.ENACTED
    bill.save()
    for number in range(feeds.HISTORY_ROWS // 2 - 1):
        make_provision(bill, category="warrant", section=f"Sec. {number}")

    run_send_alerts()

    (message,) = mail.outbox
    assert "Status: in committee → enacted" in message.body
    assert message.body.count("New rule:") == feeds.HISTORY_ROWS // 2 - 1
    assert "leaves out" not in message.body
    assert message.subject.endswith("(1 update)")


class CrashOnSecondMessage(EmailBackend):
    """Delivers one message, then fails as a run dying part-way (the mail server gone) would."""

    sent = 0

    def send_messages(self, messages):
        if CrashOnSecondMessage.sent >= 1:
            raise ConnectionResetError("the mail server went away")
        CrashOnSecondMessage.sent += len(messages)
        return super().send_messages(messages)


def test_a_second_run_after_a_crash_sends_no_one_the_same_change_twice(settings):
    bill = make_bill(status=Status.IN_COMMITTEE, status_date=None)
    for name in ("ann", "ben", "cat"):
        make_subscription(bill, f"{name}@example.org", frequency="daily")
    bill.status = Status.ENACTED
    bill.save()
    settings.EMAIL_BACKEND = "tests.test_alerts.CrashOnSecondMessage"
    CrashOnSecondMessage.sent = 0

    with pytest.raises(ConnectionResetError):
        run_send_alerts()
    assert [m.to for m in mail.outbox] == [["ann@example.org"]]

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    run_send_alerts()
    run_send_alerts()

    assert sorted(m.to[0] for m in mail.outbox) == ["ann@example.org", "ben@example.org", "cat@example.org"]
    assert all("Status: in committee → enacted" in m.body for m in mail.outbox)


def test_one_refused_address_does_not_stop_the_others(settings, monkeypatch):
    import smtplib

    bill = make_bill(status=Status.IN_COMMITTEE, status_date=None)
    refused = make_subscription(bill, "bounced@example.org", frequency="daily")
    make_subscription(bill, "fine@example.org", frequency="daily")
    bill.status = Status.ENACTED
    bill.save()
    real_send = alerts.send

    def send(subscription, *args, **kwargs):
        if subscription.pk == refused.pk:
            raise smtplib.SMTPRecipientsRefused({subscription.email: (550, b"No such user")})
        return real_send(subscription, *args, **kwargs)

    monkeypatch.setattr(alerts, "send", send)
    run_send_alerts()

    assert [m.to for m in mail.outbox] == [["fine@example.org"]]
    refused.refresh_from_db()
    assert refused.last_sent_at is None  # tried again on the next run


# Unsubscribing --------------------------------------------------------------------------------------


def test_every_email_has_one_click_unsubscribe_headers_a_stop_link_and_plain_and_html_parts(vera):
    bill = make_bill(status=Status.IN_COMMITTEE, status_date=None)
    follow(vera, bill=bill.slug)
    vera.post(link_in(mail.outbox[0], "confirm"))
    follow(vera, bill=bill.slug)  # "you already get these"
    bill.status = Status.ENACTED
    bill.save()
    run_send_alerts()

    subscription = Subscription.objects.get()
    stop = f"http://127.0.0.1:8000/follow/stop/{subscription.unsubscribe_token}/"
    assert len(mail.outbox) == 3
    for message in mail.outbox:
        assert message.extra_headers["List-Unsubscribe"] == f"<{stop}>"
        assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        assert stop in message.body
        html, mimetype = message.alternatives[0]
        assert mimetype == "text/html" and stop in html


def test_unsubscribing_from_the_link_asks_once_then_deletes_everything(vera):
    subscription = make_subscription(make_bill())
    url = reverse("bills:unsubscribe", args=[subscription.unsubscribe_token])

    asked = vera.get(url)
    assert "Stop these emails?" in asked.content.decode()
    assert Subscription.objects.exists()

    done = vera.post(url)
    assert done.status_code == 200
    assert "You will get no more emails" in done.content.decode()
    assert not Subscription.objects.exists()

    again = vera.post(url)
    assert again.status_code == 404
    assert "Nothing to stop" in again.content.decode()


def test_a_mail_programs_one_click_unsubscribe_post_works_without_a_csrf_token():
    bill = make_bill(status=Status.IN_COMMITTEE, status_date=None)
    subscription = make_subscription(bill, frequency="daily")
    url = reverse("bills:unsubscribe", args=[subscription.unsubscribe_token])

    response = Client(enforce_csrf_checks=True).post(
        url, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )

    assert response.status_code == 200
    assert not Subscription.objects.exists()
    bill.status = Status.ENACTED
    bill.save()
    run_send_alerts()
    assert mail.outbox == []


def test_the_follow_form_posts_without_a_csrf_token():
    bill = make_bill()

    response = Client(enforce_csrf_checks=True).post(
        FOLLOW, {"email": "a@example.org", "frequency": "daily", "bill": bill.slug}
    )

    assert response.status_code == 200
    assert len(mail.outbox) == 1


# Limits ---------------------------------------------------------------------------------------------


def test_too_many_requests_for_one_address_get_a_429_with_a_message(vera, settings):
    settings.FOLLOW_ADDRESS_RATE = "2/hour"
    bill = make_bill()

    answers = [follow(vera, "target@example.org", bill=bill.slug).status_code for _ in range(3)]
    other = follow(vera, "someone-else@example.org", bill=bill.slug)

    assert answers == [200, 200, 429]
    assert other.status_code == 200
    limited = follow(vera, "TARGET@example.org", bill=bill.slug)
    assert limited.status_code == 429
    assert "Too many requests" in limited.content.decode()
    assert "try again" in limited.content.decode()
    assert 0 < int(limited["Retry-After"]) <= 3600
    assert len(mail.outbox) == 3


def test_too_many_requests_from_one_client_get_a_429_whatever_the_address(vera, settings):
    settings.FOLLOW_CLIENT_RATE = "3/minute"
    bill = make_bill()

    answers = [follow(vera, f"person{n}@example.org", bill=bill.slug).status_code for n in range(4)]
    elsewhere = Client(REMOTE_ADDR="203.0.113.9")

    assert answers == [200, 200, 200, 429]
    assert follow(elsewhere, "person9@example.org", bill=bill.slug).status_code == 200


def test_a_mail_server_that_does_not_answer_gets_a_503_page_not_a_500(vera, monkeypatch):
    def fail(*args, **kwargs):
        raise ConnectionRefusedError("no mail server")

    monkeypatch.setattr(alerts, "send", fail)

    response = follow(vera, bill=make_bill().slug)

    assert response.status_code == 503
    assert "We could not send the email" in response.content.decode()


# Privacy and the admin ------------------------------------------------------------------------------


def test_the_privacy_page_says_what_is_kept_for_how_long_and_how_to_delete_it(vera):
    page = vera.get(reverse("bills:privacy")).content.decode()

    assert "What we keep" in page
    assert "after 7 days" in page
    assert "How to delete it" in page


def test_staff_see_how_many_follow_but_only_superusers_see_addresses(edna, taxonomy):
    bill = make_bill()
    make_subscription(bill, "one@example.org")
    make_subscription(bill, "two@example.org")
    make_subscription(bill, "pending@example.org", confirmed=False)
    make_subscription(Category.objects.get(slug="warrant"), "three@example.org")

    bills_page = edna.get(reverse("admin:bills_bill_changelist"))
    (row,) = bills_page.context["cl"].result_list
    assert row._followers == 2
    topics = {
        c.slug: c._followers
        for c in edna.get(reverse("admin:bills_category_changelist")).context["cl"].result_list
    }
    assert topics["warrant"] == 1
    assert "one@example.org" not in bills_page.content.decode()
    assert edna.get(reverse("admin:bills_subscription_changelist")).status_code == 403
    assert "Subscriptions" not in edna.get(reverse("admin:index")).content.decode()


def test_ada_the_superuser_sees_the_addresses(ada):
    make_subscription(make_bill(), "one@example.org")

    page = ada.get(reverse("admin:bills_subscription_changelist")).content.decode()

    assert "one@example.org" in page
    assert "stop-token" not in page


def test_crawlers_are_kept_out_of_the_follow_links(vera):
    assert f"Disallow: {FOLLOW}" in vera.get("/robots.txt").content.decode()


# One digest's queries: the subscription (locked), the topics' names, the two histories and their
# earlier versions, the bills' labels, and the record of what was sent, inside the transaction's
# savepoint and its release; the same however many changes it lists.
DIGEST_QUERIES = 10


@pytest.mark.parametrize("changes", [1, 6])
def test_a_digest_takes_a_fixed_number_of_queries_however_many_changes(django_assert_num_queries, changes):
    bill = make_bill(status=Status.IN_COMMITTEE, status_date=None)
    subscription = make_subscription(bill)
    bill.status = Status.ENACTED
    bill.save()
    for number in range(changes):
        make_provision(bill, category="warrant", section=f"Sec. {number}")

    with django_assert_num_queries(DIGEST_QUERIES):
        assert alerts.send_digest(subscription.pk, timezone.now()) == 1
