"""A real digest through a real SMTP server (aiosmtpd, started here on a free port): what arrives."""

from __future__ import annotations

import email
import email.policy
import socket
from io import StringIO

import pytest
from aiosmtpd.controller import Controller
from django.core.management import call_command
from django.test import Client

from bills.models import Status

from .factories import make_bill, make_provision, make_subscription

pytestmark = pytest.mark.usefixtures("taxonomy")


class Inbox:
    """An aiosmtpd handler that keeps every message it is given."""

    def __init__(self):
        self.envelopes = []

    async def handle_DATA(self, server, session, envelope):
        self.envelopes.append(envelope)
        return "250 Message accepted"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp_server(settings):
    """A local SMTP server on a free port, and the settings that send to it."""
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = controller.port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_HOST_USER = ""
    settings.DEFAULT_FROM_EMAIL = "Face Recognition Law Tracker <alerts@frt-laws.example.org>"
    settings.SITE_URL = "https://frt-laws.example.org"
    yield inbox
    controller.stop()


def test_a_digest_arrives_through_smtp_with_its_headers_both_parts_and_a_working_unsubscribe(smtp_server):
    bill = make_bill(status=Status.IN_COMMITTEE, status_date=None)
    subscription = make_subscription(bill, "reader@example.org", frequency="daily")
    bill.status = Status.ENACTED
    bill.save()
    make_provision(bill, category="warrant")

    call_command("send_alerts", stdout=StringIO(), stderr=StringIO())

    (envelope,) = smtp_server.envelopes
    assert envelope.mail_from == "alerts@frt-laws.example.org"
    assert envelope.rcpt_tos == ["reader@example.org"]
    message = email.message_from_bytes(envelope.original_content, policy=email.policy.default)
    stop = f"https://frt-laws.example.org/follow/stop/{subscription.unsubscribe_token}/"
    assert message["Subject"] == f"What changed: {bill.label} (1 update)"
    assert message["To"] == "reader@example.org"
    assert message["From"] == "Face Recognition Law Tracker <alerts@frt-laws.example.org>"
    # A long header is folded onto a second line, which is allowed (RFC 5322); unfolded, it is the link.
    assert message["List-Unsubscribe"].strip() == f"<{stop}>"
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert message["Auto-Submitted"] == "auto-generated"
    assert message.get_content_type() == "multipart/alternative"
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    assert "Status: in committee → enacted" in text
    assert "New rule: requires, on Warrant or court order" in text
    assert f"https://frt-laws.example.org{bill.get_absolute_url()}" in text
    assert stop in text and stop in html
    assert "<li>Status: in committee → enacted</li>" in html

    # The mail program's one-click unsubscribe, as RFC 8058 has it: a POST to the header's address.
    path = stop.removeprefix("https://frt-laws.example.org")
    answer = Client(enforce_csrf_checks=True).post(
        path, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )
    assert answer.status_code == 200
    bill.status = Status.REPEALED
    bill.save()
    call_command("send_alerts", stdout=StringIO(), stderr=StringIO())
    assert len(smtp_server.envelopes) == 1
