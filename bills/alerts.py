"""Follow by email: requests confirmed once (double opt-in), digests of changes, and unsubscribing.

The changes are the feeds' own (``feeds.changes_between`` over ``feeds.bills_about``): published
bills and rules only, described as the Atom feed of the same page describes them. A feed shows only
the newest; a digest lists its whole window, or says how many bills' older changes it left out.
"""

from __future__ import annotations

import datetime
import hashlib
import logging
import secrets
import smtplib
import time

from django.conf import settings
from django.core.cache import cache
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse

from .feeds import Window, bills_about, changes_between
from .models import Frequency, Subscription

logger = logging.getLogger(__name__)

# An unconfirmed request is deleted after this long, and its link stops working.
CONFIRM_WITHIN = datetime.timedelta(days=7)
PERIODS = {Frequency.DAILY: datetime.timedelta(days=1), Frequency.WEEKLY: datetime.timedelta(days=7)}
# Cron starts a run at about the same time each day; this slack keeps a run that starts a few minutes
# earlier than yesterday's from skipping a daily follower for a whole day.
CRON_SLACK = datetime.timedelta(hours=1)
RATE_SECONDS = {"second": 1, "minute": 60, "hour": 3600, "day": 86400}


def absolute(path: str) -> str:
    """A full address for a link in an email: no request to read the host from in a cron job."""
    return f"{settings.SITE_URL}{path}"


def confirm_url(subscription: Subscription) -> str:
    return absolute(reverse("bills:follow_confirm", args=[subscription.confirm_token]))


def unsubscribe_url(subscription: Subscription) -> str:
    return absolute(reverse("bills:unsubscribe", args=[subscription.unsubscribe_token]))


def wait_seconds(scope: str, ident: str, rate: str) -> int:
    """Count one request of ``ident``; how long it must wait when over ``rate`` ("5/hour"), else 0.

    Counted in Django's cache in fixed windows; ``ident`` is hashed, so no address sits in the cache.
    """
    allowed, unit = rate.split("/")
    period = RATE_SECONDS[unit]
    now = time.time()
    digest = hashlib.sha256(ident.encode()).hexdigest()[:32]
    key = f"follow-rate:{scope}:{digest}:{int(now // period)}"
    cache.add(key, 0, timeout=period)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=period)
        count = 1
    return 0 if count <= int(allowed) else max(1, period - int(now % period))


def request_follow(email: str, target, frequency: str, now: datetime.datetime) -> None:
    """Ask ``email`` to confirm following ``target``; a confirmed follower is told so instead.

    The page that answers says the same either way, so it never reveals who follows what.
    """
    field = Subscription.field_for(target)
    subscription, created = Subscription.objects.get_or_create(
        email=email,
        **{field: target},
        defaults={
            "frequency": frequency,
            "confirm_token": secrets.token_urlsafe(24),
            "unsubscribe_token": secrets.token_urlsafe(24),
            "requested_at": now,
        },
    )
    if subscription.confirmed_at is not None:
        send(subscription, "already_following", f"You already get emails about {subscription.target_name}")
        return
    if not created:
        # Asking again starts the 7 days again, with the frequency asked for last.
        subscription.frequency = frequency
        subscription.requested_at = now
        subscription.save(update_fields=["frequency", "requested_at"])
    send(subscription, "confirm", f"Please confirm: emails about {subscription.target_name}")


def link_state(subscription: Subscription | None, now: datetime.datetime) -> str:
    """What a confirmation link can do: "pending", "confirmed", "expired" or "unknown"."""
    if subscription is None:
        return "unknown"
    if subscription.confirmed_at is not None:
        return "confirmed"
    if subscription.requested_at < now - CONFIRM_WITHIN:
        return "expired"
    return "pending"


def confirm(subscription: Subscription, now: datetime.datetime) -> None:
    """Start sending digests: of the changes from now on, not of everything before."""
    subscription.confirmed_at = now
    subscription.sent_until = now
    subscription.save(update_fields=["confirmed_at", "sent_until"])


def delete_stale_requests(now: datetime.datetime) -> int:
    """Delete requests nobody confirmed within 7 days; the number deleted."""
    deleted, _ = Subscription.objects.unconfirmed_before(now - CONFIRM_WITHIN).delete()
    return deleted


def is_due(subscription: Subscription, now: datetime.datetime) -> bool:
    """Whether a period has passed since the follower's last digest (always, before the first)."""
    if subscription.last_sent_at is None:
        return True
    return now - subscription.last_sent_at >= PERIODS[subscription.frequency] - CRON_SLACK


def changes_for(subscription: Subscription, until: datetime.datetime) -> Window:
    """What changed in what ``subscription`` follows since its last digest, oldest first."""
    window = changes_between(bills_about(subscription.target), subscription.sent_until, until)
    window.changes.reverse()
    return window


def digest_subject(subscription: Subscription, window: Window) -> str:
    """The digest's subject: how many updates it lists, and whether it left older ones out."""
    count = len(window.changes)
    more = ", and more" if window.bills_left_out else ""
    return f"What changed: {subscription.target_name} ({count} update{'s' if count != 1 else ''}{more})"


def send_digest(subscription_id: int, now: datetime.datetime) -> int:
    """Send one follower's digest, if due and something changed; the number of changes sent.

    The record of what was sent (``sent_until``) is saved in the transaction that sends, and the
    email goes last: if sending fails the record rolls back, and once it commits a later run starts
    after it, so a run that dies part-way never sends anyone the same change twice.
    """
    with transaction.atomic():
        subscription = (
            Subscription.objects.confirmed()
            .select_for_update(skip_locked=True, of=("self",))
            .select_related("bill__jurisdiction", "category", "jurisdiction")
            .filter(pk=subscription_id)
            .first()
        )
        if subscription is None or not is_due(subscription, now):
            return 0
        window = changes_for(subscription, until=now)
        if not window.changes and not window.bills_left_out:
            return 0
        since = subscription.sent_until
        subscription.sent_until = now
        subscription.last_sent_at = now
        subscription.save(update_fields=["sent_until", "last_sent_at"])
        context = {"changes": window.changes, "bills_left_out": window.bills_left_out, "since": since}
        send(subscription, "digest", digest_subject(subscription, window), context)
    return len(window.changes)


def send_digests(now: datetime.datetime) -> tuple[int, int]:
    """Send every due digest; (emails sent, changes listed in them)."""
    emails = changes = 0
    for subscription_id in Subscription.objects.confirmed().order_by("id").values_list("id", flat=True):
        try:
            sent = send_digest(subscription_id, now)
        except smtplib.SMTPRecipientsRefused:
            # One bad address must not stop everyone else's digest; it is tried again tomorrow.
            logger.warning("Digest of subscription %s refused by the mail server", subscription_id)
            continue
        emails += 1 if sent else 0
        changes += sent
    return emails, changes


def send(subscription: Subscription, template: str, subject: str, extra: dict | None = None) -> None:
    """One email to a follower, plain text and simple HTML, with one-click unsubscribe (RFC 8058)."""
    context = {
        "subscription": subscription,
        "target_name": subscription.target_name,
        "target_url": absolute(subscription.target.get_absolute_url()),
        "confirm_url": confirm_url(subscription),
        "unsubscribe_url": unsubscribe_url(subscription),
        "privacy_url": absolute(reverse("bills:privacy")),
        "site_url": settings.SITE_URL,
        "confirm_days": CONFIRM_WITHIN.days,
        **(extra or {}),
    }
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string(f"emails/{template}.txt", context),
        to=[subscription.email],
        headers={
            "List-Unsubscribe": f"<{context['unsubscribe_url']}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "Auto-Submitted": "auto-generated",
        },
    )
    message.attach_alternative(render_to_string(f"emails/{template}.html", context), "text/html")
    message.send()
