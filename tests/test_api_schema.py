"""The API's OpenAPI schema: it validates, its docs page works under the CSP, and the API keeps to it."""

from __future__ import annotations

import re

import pytest
import schemathesis
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.urls import reverse
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from openapi_spec_validator import validate
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from .factories import make_bill, make_provision

pytestmark = pytest.mark.usefixtures("taxonomy")

SCHEMA_URL = reverse("api:schema")
# Enough to try every option of every operation with good and bad values, and to stay quick.
EXAMPLES_PER_OPERATION = 25
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


@pytest.fixture
def some_bills():
    bill = make_bill(slug="wa-sb-6280-2020")
    make_provision(bill, category="warrant")
    make_provision(make_bill(slug="ny-ab-1"), category="ban", parties=["schools"])
    make_bill(slug="a-draft", is_published=False)


def test_the_openapi_schema_validates(vera):
    response = vera.get(SCHEMA_URL, {"format": "json"})

    assert response.status_code == 200
    schema = response.json()
    validate(schema)
    assert schema["openapi"].startswith("3.")
    assert {"/api/v1/bills/", "/api/v1/bills/{slug}/", "/api/v1/compare/"} <= set(schema["paths"])


def test_the_schema_documents_every_filter_of_the_bill_list(vera):
    operation = vera.get(SCHEMA_URL, {"format": "json"}).json()["paths"]["/api/v1/bills/"]["get"]

    names = {parameter["name"] for parameter in operation["parameters"]}
    assert names >= {
        "q",
        "jurisdiction",
        "level",
        "status",
        "on",
        "party",
        "category",
        "year",
        "sort",
        "page",
    }


def test_the_docs_are_served_from_our_own_files_without_inline_scripts_or_styles(vera):
    response = vera.get(reverse("api:docs"))

    page = response.content.decode()
    assert response.status_code == 200
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", page)
    assert "<style" not in page and " style=" not in page
    assert not re.search(r'(src|href)="(https?:)?//', page)
    script = re.search(r'<script src="([^"]+\?[^"]*script=[^"]*)"', page).group(1).replace("&amp;", "&")
    init = vera.get(script)
    assert init.status_code == 200
    assert init["Content-Type"].startswith("application/javascript")


@pytest.fixture
def connections_kept_open():
    """Calling the WSGI app directly would close the test's connection after each request, as Django's
    test client avoids doing: on PostgreSQL that ends the test's transaction, and every later request
    answers 503."""
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


def test_generated_requests_never_get_a_server_error_or_an_answer_that_breaks_the_schema(
    vera, some_bills, settings, connections_kept_open
):
    settings.API_ANONYMOUS_RATE = "100000/minute"
    settings.ALLOWED_HOSTS = ["testserver", "localhost"]
    schema = schemathesis.openapi.from_wsgi(SCHEMA_URL + "?format=json", get_wsgi_application())
    for result in schema.get_all_operations():
        operation = result.ok()

        @given(case=operation.as_strategy())
        @hypothesis_settings(
            max_examples=EXAMPLES_PER_OPERATION,
            deadline=None,
            database=None,
            derandomize=True,
            suppress_health_check=list(HealthCheck),
        )
        def check(case):
            cache.clear()
            case.call_and_validate(checks=CHECKS)

        check()
