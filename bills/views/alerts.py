"""Follow by email: the request form's answer, the confirmation link, unsubscribing, and privacy."""

from __future__ import annotations

import logging
import smtplib

from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from .. import alerts
from ..forms import FollowForm
from ..login import client_ip
from ..models import Subscription

logger = logging.getLogger(__name__)
TOKEN_PAGES = ("bill__jurisdiction", "category", "jurisdiction")


def too_many(request, wait: int) -> HttpResponse:
    """429 with a message: how long to wait before asking again."""
    minutes = max(1, round(wait / 60))
    response = render(request, "bills/alerts/too_many.html", {"minutes": minutes}, status=429)
    response["Retry-After"] = str(wait)
    return response


# The follow form sits on cached public pages, which must not carry a per-visitor CSRF token. A forged
# request can do no harm here: it only sends a confirmation link to the address typed (double opt-in,
# nothing else is sent until it is clicked), requests are rate-limited per address and per client, and
# no session or sign-in is read or changed.
@csrf_exempt
@never_cache
@require_http_methods(["GET", "POST"])
def follow(request):
    """POST: ask to follow a bill, topic or place; GET: what following by email is."""
    if request.method == "GET":
        return render(request, "bills/alerts/follow.html", {"form": None})
    wait = alerts.wait_seconds("client", client_ip(request), settings.FOLLOW_CLIENT_RATE)
    if wait:
        return too_many(request, wait)
    form = FollowForm(request.POST)
    if not form.is_valid():
        context = {"form": form, "follow": form.retry()}
        return render(request, "bills/alerts/follow.html", context, status=400)
    email = form.cleaned_data["email"]
    wait = alerts.wait_seconds("address", email, settings.FOLLOW_ADDRESS_RATE)
    if wait:
        return too_many(request, wait)
    try:
        alerts.request_follow(email, form.target, form.cleaned_data["frequency"], timezone.now())
    except (smtplib.SMTPException, OSError):
        logger.exception("Could not send a follow-by-email confirmation")
        response = render(request, "bills/alerts/not_sent.html", status=503)
        response["Retry-After"] = "300"
        return response
    # The same answer whether or not the address already follows it.
    context = {"email": email, "target": form.target, "confirm_days": alerts.CONFIRM_WITHIN.days}
    return render(request, "bills/alerts/check_email.html", context)


# The token in the address is the proof; there is no session, so a CSRF token would add nothing (and
# mail programs' one-click unsubscribe, RFC 8058, posts without one).
@csrf_exempt
@never_cache
@require_http_methods(["GET", "POST"])
def follow_confirm(request, token: str):
    """GET shows one button; its POST confirms. Link checkers in mail systems open links, never post."""
    subscription = Subscription.objects.select_related(*TOKEN_PAGES).filter(confirm_token=token).first()
    now = timezone.now()
    state = alerts.link_state(subscription, now)
    if state == "pending" and request.method == "POST":
        alerts.confirm(subscription, now)
        state = "just_confirmed"
    status = {"unknown": 404, "expired": 410}.get(state, 200)
    context = {"subscription": subscription, "state": state, "confirm_days": alerts.CONFIRM_WITHIN.days}
    return render(request, "bills/alerts/confirm.html", context, status=status)


@csrf_exempt
@never_cache
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token: str):
    """GET shows one button; a POST (the button, or a mail program's one-click) deletes everything."""
    subscription = Subscription.objects.select_related(*TOKEN_PAGES).filter(unsubscribe_token=token).first()
    if subscription is None:
        return render(request, "bills/alerts/unsubscribe.html", {"state": "unknown"}, status=404)
    context = {"subscription": subscription, "target_name": subscription.target_name, "state": "ask"}
    if request.method == "POST":
        subscription.delete()
        context["state"] = "done"
    return render(request, "bills/alerts/unsubscribe.html", context)


def privacy(request):
    """What a subscription keeps, for how long, and how to delete it."""
    return render(request, "bills/alerts/privacy.html", {"confirm_days": alerts.CONFIRM_WITHIN.days})
