"""Sign-in lockout: repeated failures lock a username and a client address until the cool-off ends.

Personas: Edna the editor signs in at the admin; Mallory (an attacker) guesses passwords.
"""

import datetime
from io import StringIO

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from bills.login import client_ip

pytestmark = pytest.mark.usefixtures("fast_password_hashing")

LOGIN = reverse("admin:login")
EDNAS_PASSWORD = "correct-horse-battery"
LIMIT = 3


@pytest.fixture(autouse=True)
def _three_failures_lock(settings):
    settings.AXES_FAILURE_LIMIT = LIMIT
    settings.AXES_COOLOFF_TIME = datetime.timedelta(minutes=15)


def sign_in(username: str, password: str, address: str = "203.0.113.7"):
    return Client(REMOTE_ADDR=address).post(
        LOGIN, {"username": username, "password": password, "next": "/admin/"}
    )


def fail(times: int, username: str = "edna", address: str = "203.0.113.7") -> list[int]:
    """Sign in with a wrong password ``times`` times; the status of each answer."""
    return [sign_in(username, "wrong-password-guess", address).status_code for _ in range(times)]


def test_edna_signs_in_with_her_password(edna_account):
    assert sign_in("edna", EDNAS_PASSWORD).status_code == 302


def test_after_the_limit_even_the_right_password_is_refused_with_a_clear_message(edna_account):
    assert fail(LIMIT - 1) == [200] * (LIMIT - 1)  # The form again, saying the password is wrong.
    response = sign_in("edna", "wrong-password-guess")

    assert response.status_code == 429
    page = response.content.decode()
    assert "Too many failed sign-ins (3) for this username or from this address" in page
    assert "locked for 15 minutes" in page
    assert " style=" not in page and "<style" not in page  # The strict CSP would block it.
    assert sign_in("edna", EDNAS_PASSWORD).status_code == 429


def test_the_username_is_locked_whatever_address_the_guesses_come_from(edna_account):
    for number in range(LIMIT):
        fail(1, address=f"198.51.100.{number + 1}")

    assert sign_in("edna", EDNAS_PASSWORD, address="192.0.2.200").status_code == 429


def test_one_address_guessing_many_usernames_is_locked_for_every_username(edna_account):
    for name in ["root", "admin", "ada"][:LIMIT]:
        fail(1, username=name, address="203.0.113.66")

    assert sign_in("edna", EDNAS_PASSWORD, address="203.0.113.66").status_code == 429
    assert sign_in("edna", EDNAS_PASSWORD, address="192.0.2.1").status_code == 302


def test_the_lockout_ends_after_the_cool_off(edna_account):
    fail(LIMIT)
    assert sign_in("edna", EDNAS_PASSWORD).status_code == 429

    # The cool-off counts from the last failure; move every failure 16 minutes into the past.
    last = AccessAttempt.objects.get(username="edna").attempt_time
    AccessAttempt.objects.update(attempt_time=last - datetime.timedelta(minutes=16))

    assert sign_in("edna", EDNAS_PASSWORD).status_code == 302


def test_an_administrator_lifts_a_lockout_with_a_command(edna_account):
    fail(LIMIT)
    out = StringIO()

    call_command("axes_reset_username", "edna", stdout=out)

    assert sign_in("edna", EDNAS_PASSWORD, address="192.0.2.9").status_code == 302


def test_ada_sees_the_lockouts_in_the_admin(ada, edna_account):
    fail(LIMIT)

    response = ada.get(reverse("admin:axes_accessattempt_changelist"))

    assert response.status_code == 200
    assert [attempt.username for attempt in response.context["cl"].result_list] == ["edna"]


def test_edna_the_editor_cannot_see_or_lift_lockouts(edna):
    assert edna.get(reverse("admin:axes_accessattempt_changelist")).status_code == 403


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (0, "198.51.100.1", "127.0.0.1"),  # No proxy: a client's own header is ignored.
        (1, "198.51.100.1", "198.51.100.1"),
        (1, "6.6.6.6, 198.51.100.1", "198.51.100.1"),  # The client's forged entry is left of ours.
        (1, "", "127.0.0.1"),
    ],
)
def test_the_client_address_is_what_our_own_proxy_saw(rf, settings, proxies, forwarded, expected):
    settings.PROXY_COUNT = proxies
    request = rf.get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=forwarded)

    assert client_ip(request) == expected


@pytest.mark.django_db
def test_staff_passwords_need_at_least_twelve_characters(edna_account):
    with pytest.raises(ValidationError, match="at least 12 characters"):
        validate_password("Tr0ub4dor&3", user=edna_account)

    validate_password("correct horse battery staple", user=edna_account)
