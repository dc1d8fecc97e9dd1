"""Production serving: a health check, a 503 page when the database is down, logs that reach someone.

Personas: Vera the visitor; the operator who runs the site and reads its logs; a load balancer.
"""

from __future__ import annotations

import json
import logging

import pytest
from django.core.management import call_command
from django.db import OperationalError
from django.db.backends.base.base import BaseDatabaseWrapper
from django.http import HttpResponse
from django.test import Client

from bills.health import server_error
from bills.logs import JsonLineFormatter, OneLineWarning
from bills.middleware import StaticFilesMiddleware

from .test_settings import PRODUCTION, run_python

LINE = logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s")


class Records(logging.Handler):
    """Collects what a logger emits, after its filters ran."""

    def __init__(self):
        super().__init__()
        self.records: list[logging.LogRecord] = []

    def emit(self, record):
        self.records.append(record)


@pytest.fixture
def log_of():
    """log_of("django") -> the records that logger (and its children) pass to their handlers."""
    attached = []

    def attach(name: str) -> Records:
        handler = Records()
        logging.getLogger(name).addHandler(handler)
        attached.append((name, handler))
        return handler

    yield attach
    for name, handler in attached:
        logging.getLogger(name).removeHandler(handler)


@pytest.fixture
def database_down(db):
    """Every attempt to reach the database fails, as it does while PostgreSQL restarts.

    Undone before the test database is cleaned up, which needs the database itself.
    """

    def refuse(self):
        raise OperationalError('connection to server at "127.0.0.1", port 5432 failed: Connection refused')

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(BaseDatabaseWrapper, "ensure_connection", refuse)
        yield


def test_the_health_check_says_ok_and_is_never_cached(vera, db):
    response = vera.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}
    assert "no-store" in response["Cache-Control"]


def test_the_health_check_answers_503_while_the_database_is_down(database_down):
    response = Client().get("/healthz")

    assert response.status_code == 503
    assert response.json()["database"] == "unreachable"
    assert response["Retry-After"] == "30"
    assert "no-store" in response["Cache-Control"]


def test_vera_gets_a_503_page_with_retry_after_while_the_database_is_down(database_down, log_of):
    errors = log_of("django")

    response = Client(raise_request_exception=False).get("/bills/")

    page = response.content.decode()
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "Back in a moment" in page
    assert " style=" not in page and "<script" not in page
    # One warning line for the operator, not a traceback mailed for every visitor.
    [record] = [r for r in errors.records if r.name == "django.request"]
    assert (record.levelname, record.exc_info) == ("WARNING", None)
    assert "Connection refused" in LINE.format(record)


def test_other_errors_are_still_500s(rf, db):
    try:
        raise ValueError("a bug")
    except ValueError:
        response = server_error(rf.get("/"))

    assert response.status_code == 500


def test_a_bad_host_header_is_a_400_and_one_warning_line(db, settings, log_of):
    settings.ALLOWED_HOSTS = ["frt-laws.example.org"]
    security = log_of("django.security")

    response = Client(raise_request_exception=False).get("/", HTTP_HOST="attacker.example")

    assert response.status_code == 400
    [record] = security.records
    line = LINE.format(record)
    assert record.levelname == "WARNING"
    assert "Invalid HTTP_HOST header: 'attacker.example'" in line
    assert "\n" not in line and "Traceback" not in line


def test_each_request_is_one_json_line_with_its_status_and_time(vera, db, log_of):
    requests = log_of("billtracker.requests")

    vera.get("/about/")
    vera.get("/bills/no-such-bill/")

    lines = [JsonLineFormatter().format(record) for record in requests.records]
    assert all("\n" not in line for line in lines)
    entries = [json.loads(line) for line in lines]
    assert [(e["method"], e["path"], e["status"]) for e in entries] == [
        ("GET", "/about/", 200),
        ("GET", "/bills/no-such-bill/", 404),
    ]
    assert all(isinstance(e["duration_ms"], float) and e["duration_ms"] >= 0 for e in entries)
    assert entries[0]["user_id"] is None


def test_the_one_line_filter_leaves_other_statuses_alone():
    record = logging.LogRecord(
        "django.request", logging.ERROR, __file__, 1, "Internal Server Error", (), None
    )
    record.status_code = 500

    OneLineWarning(status_code=503).filter(record)

    assert record.levelname == "ERROR"


def test_every_response_says_which_browser_features_and_embedding_it_allows(vera, db):
    response = vera.get("/about/")

    assert "camera=()" in response["Permissions-Policy"]
    assert response["Cross-Origin-Resource-Policy"] == "same-origin"


def test_static_files_are_served_but_the_manifest_listing_them_is_not(settings, tmp_path, rf):
    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
    }
    call_command("collectstatic", interactive=False, verbosity=0)
    manifest = json.loads((tmp_path / "staticfiles.json").read_text())
    static = StaticFilesMiddleware(lambda request: HttpResponse("not a static file", status=404))

    assert static(rf.get("/static/staticfiles.json")).status_code == 404
    assert static(rf.get("/static/" + manifest["paths"]["css/site.css"])).status_code == 200


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (
            "Ada Lovelace <ada@example.org>, ops@example.org",
            "[('Ada Lovelace', 'ada@example.org'), ('ops@example.org', 'ops@example.org')]",
        ),
        ("", "[]"),
    ],
)
def test_admins_who_get_error_mail_come_from_the_environment(value, expected):
    result = run_python(
        "-c", "from billtracker.settings import ADMINS; print(ADMINS)", **PRODUCTION, DJANGO_ADMINS=value
    )

    assert result.stdout.strip() == expected, result.stderr


def test_an_admin_address_that_is_not_an_address_stops_start_up_naming_the_variable():
    result = run_python("-c", "import billtracker.settings", **PRODUCTION, DJANGO_ADMINS="Ada Lovelace")

    assert "ImproperlyConfigured: DJANGO_ADMINS: 'Ada Lovelace' is not an e-mail address" in result.stderr


def test_postgresql_connections_give_up_after_a_connect_timeout():
    result = run_python(
        "-c",
        "from billtracker.settings import DATABASES; print(DATABASES['default']['OPTIONS'])",
        **PRODUCTION,
        DATABASE_URL="postgres://tracker@db.example.org:5432/billtracker",
        DATABASE_CONNECT_TIMEOUT="3",
    )

    assert result.stdout.strip() == "{'connect_timeout': 3}", result.stderr


def test_sentry_is_used_only_when_its_dsn_is_set():
    script = "import billtracker.settings, sys; print('sentry_sdk' in sys.modules)"
    without = run_python("-c", script, **PRODUCTION)
    with_dsn = run_python("-c", script, **PRODUCTION, SENTRY_DSN="https://key@sentry.example.org/1")

    assert without.stdout.strip() == "False"
    # sentry-sdk is optional (requirements-sentry.txt): without it, start-up says how to get it.
    assert with_dsn.stdout.strip() == "True" or "pip install -r requirements-sentry.txt" in with_dsn.stderr
