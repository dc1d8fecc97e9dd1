"""Settings come from the environment: safe defaults locally, loud failures for production.

Each test starts a fresh Python with a controlled environment, so nothing here changes the
settings of the test run itself.
"""

import secrets
import subprocess
import sys

import pytest
from django.conf import settings

BASE_DIR = settings.BASE_DIR
LONG_RANDOM_KEY = secrets.token_urlsafe(50)
PRODUCTION = {
    "DJANGO_SECRET_KEY": LONG_RANDOM_KEY,
    "DJANGO_HTTPS": "1",
    "DJANGO_ALLOWED_HOSTS": "example.org",
}


def run_python(*args: str, **env: str) -> subprocess.CompletedProcess:
    """Run the project's Python with only ``env`` set (plus PATH), from the project folder."""
    return subprocess.run(
        [sys.executable, *args],
        cwd=BASE_DIR,
        env={"PATH": "/usr/bin:/bin", "DJANGO_SETTINGS_MODULE": "billtracker.settings", **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def import_settings(**env: str) -> subprocess.CompletedProcess:
    return run_python("-c", "import billtracker.settings", **env)


def database_engine(**env: str) -> str:
    result = run_python(
        "-c", "from billtracker.settings import DATABASES; print(DATABASES['default']['ENGINE'])", **env
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_a_development_machine_needs_nothing_but_debug():
    assert import_settings(DJANGO_DEBUG="1").returncode == 0


def test_production_settings_start_up():
    assert import_settings(**PRODUCTION).returncode == 0


def test_a_debug_value_that_is_neither_yes_nor_no_stops_start_up_naming_the_variable():
    result = import_settings(DJANGO_DEBUG="yes-please", DJANGO_SECRET_KEY=LONG_RANDOM_KEY)

    assert result.returncode != 0
    assert "ImproperlyConfigured: DJANGO_DEBUG='yes-please' is not a yes/no value" in result.stderr


def test_a_missing_secret_key_with_debug_off_stops_start_up_naming_the_variable():
    result = import_settings(DJANGO_DEBUG="0")

    assert result.returncode != 0
    assert "ImproperlyConfigured: DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off" in result.stderr


def test_a_number_setting_that_is_not_a_number_stops_start_up_naming_the_variable():
    result = import_settings(**PRODUCTION, DJANGO_HSTS_SECONDS="a year")

    assert result.returncode != 0
    assert "ImproperlyConfigured: DJANGO_HSTS_SECONDS='a year' is not a whole number" in result.stderr


def test_a_postgres_database_url_selects_postgresql():
    engine = database_engine(**PRODUCTION, DATABASE_URL="postgres://tracker@db.example.org:5432/billtracker")

    assert engine == "django.db.backends.postgresql"


def test_without_a_database_url_the_database_is_sqlite():
    assert database_engine(DJANGO_DEBUG="1") == "django.db.backends.sqlite3"


def test_the_deploy_check_passes_with_production_settings():
    result = run_python("manage.py", "check", "--deploy", **PRODUCTION)

    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout
    assert "WARNINGS" not in result.stderr + result.stdout


def test_the_deploy_check_warns_when_https_is_off():
    result = run_python("manage.py", "check", "--deploy", **{**PRODUCTION, "DJANGO_HTTPS": "0"})

    assert "security.W008" in result.stderr  # SECURE_SSL_REDIRECT is not set.
    assert "security.W012" in result.stderr  # SESSION_COOKIE_SECURE is not set.


def test_an_api_rate_that_is_not_a_rate_stops_start_up_naming_the_variable():
    result = import_settings(**PRODUCTION, DJANGO_API_RATE="lots")

    assert result.returncode != 0
    assert "ImproperlyConfigured: DJANGO_API_RATE='lots' is not a rate" in result.stderr


def email_settings(**env: str) -> list[str]:
    code = (
        "from billtracker import settings as s; "
        "print(s.EMAIL_BACKEND); print(s.EMAIL_HOST, s.EMAIL_PORT, s.EMAIL_USE_TLS); "
        "print(s.DEFAULT_FROM_EMAIL); print(s.SITE_URL)"
    )
    result = run_python("-c", code, **env)
    assert result.returncode == 0, result.stderr
    return result.stdout.splitlines()


def test_without_a_mail_host_emails_are_printed_to_the_console():
    backend, _, sender, site = email_settings(DJANGO_DEBUG="1")

    assert backend == "django.core.mail.backends.console.EmailBackend"
    assert sender == "Face Recognition Law Tracker <alerts@localhost>"
    assert site == "http://127.0.0.1:8000"


def test_a_mail_host_sends_by_smtp_with_the_settings_given():
    backend, server, sender, _ = email_settings(
        **PRODUCTION,
        DJANGO_EMAIL_HOST="smtp.example.org",
        DJANGO_EMAIL_PORT="587",
        DJANGO_EMAIL_TLS="1",
        DJANGO_EMAIL_FROM="Law Tracker <alerts@example.org>",
    )

    assert backend == "django.core.mail.backends.smtp.EmailBackend"
    assert server == "smtp.example.org 587 True"
    assert sender == "Law Tracker <alerts@example.org>"


def test_behind_https_links_in_emails_default_to_the_first_allowed_host():
    *_, site = email_settings(**PRODUCTION)

    assert site == "https://example.org"


@pytest.mark.parametrize(
    ("name", "value", "says"),
    [
        ("DJANGO_EMAIL_FROM", "nobody", "DJANGO_EMAIL_FROM='nobody' is not an e-mail address"),
        ("DJANGO_FOLLOW_ADDRESS_RATE", "often", "DJANGO_FOLLOW_ADDRESS_RATE='often' is not a rate"),
        ("DJANGO_FOLLOW_CLIENT_RATE", "9/fortnight", "DJANGO_FOLLOW_CLIENT_RATE='9/fortnight' is not a rate"),
    ],
)
def test_a_bad_email_setting_stops_start_up_naming_the_variable(name, value, says):
    result = import_settings(**PRODUCTION, **{name: value})

    assert result.returncode != 0
    assert f"ImproperlyConfigured: {says}" in result.stderr


@pytest.mark.parametrize(
    ("env", "warning"),
    [
        ({"DJANGO_SITE_URL": "http://example.org"}, "bills.W002"),
        ({"DJANGO_SITE_URL": "https://elsewhere.example.net"}, "bills.W003"),
        ({"DJANGO_ADMINS": "ops@example.org"}, "bills.W004"),
    ],
)
def test_the_deploy_check_warns_when_email_links_or_reports_would_go_astray(env, warning):
    result = run_python("manage.py", "check", "--deploy", **{**PRODUCTION, **env})

    assert warning in result.stderr
