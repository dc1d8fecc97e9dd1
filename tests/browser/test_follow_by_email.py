"""Vera follows a bill by email on her phone: the form, the email, the button that confirms, and stopping."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from bills.models import Subscription

from .helpers import blocking_violations, describe_violations

pytestmark = pytest.mark.browser


def path_of(message, kind: str) -> str:
    (path,) = re.findall(rf"https?://[^/\s]+(/follow/{kind}/[\w-]+/)", message.body)
    return path


def test_vera_follows_a_bill_from_her_phone_confirms_it_and_stops_it(vera_on_her_phone, settings):
    page = vera_on_her_phone
    settings.SITE_URL = "https://frt-laws.example.org"
    mail.outbox.clear()
    page.goto("/bills/wa-sb-6280-2020/")

    form = page.locator("form.follow-form")
    form.get_by_label("Your email address").fill("vera@example.org")
    form.get_by_label("Every day").check()
    violations = blocking_violations(page)
    assert not violations, describe_violations("the follow form", violations)
    form.get_by_role("button", name="Follow").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Check your email")
    (confirmation,) = mail.outbox
    assert confirmation.to == ["vera@example.org"]

    page.goto(path_of(confirmation, "confirm"))
    page.get_by_role("button", name="Yes, send me these emails").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("You are following Washington SB 6280")
    assert Subscription.objects.get().frequency == "daily"

    page.goto(path_of(confirmation, "stop"))
    page.get_by_role("button", name="Stop these emails").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Emails stopped")
    assert not Subscription.objects.exists()
