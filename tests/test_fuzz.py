"""Generated bad requests never end in a server error, on the public site or in the admin.

Every URL pattern is tried with bad ids (words, huge numbers, NUL bytes, odd digits) and bad
query strings (unknown filters, nonsense values). Hypothesis runs a fixed, derandomized set of
examples, so a failure always reproduces. Personas: Vera the visitor and Ada the administrator.
"""

from __future__ import annotations

import re
from urllib.parse import urlencode

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from .factories import make_action, make_bill, make_provision, make_related, make_source, make_sponsor

pytestmark = pytest.mark.usefixtures("fast_password_hashing")

# A placeholder for each captured part of a pattern: "<slug:slug>", "(?P<app_label>…)", "([^/]+)".
PARAMETER = re.compile(r"<[^>]+>|\((?:[^()]|\([^()]*\))*\)")

BAD_VALUES = [
    "1",
    "abc",
    "0",
    "-1",
    "1.5",
    "99999999999999999999",
    "9" * 60,
    "\x00",
    "a\x00b",
    "²",
    "٣",
    "' OR 1=1 --",
    "%",
    "..",
    "",
    " ",
    "2020-13-45",
    "true",
    "x" * 300,
]

# Tried in every part of every admin URL: a real id, a word, a huge number, a NUL, odd digits.
SWEEP_VALUES = ["1", "abc", "99999999999999999999", "a\x00b", "²"]

ADMIN_PARAMS = [
    "q",
    "o",
    "p",
    "e",
    "all",
    "_popup",
    "_to_field",
    "_changelist_filters",
    "term",
    "app_label",
    "model_name",
    "field_name",
    "status__exact",
    "is_published__exact",
    "jurisdiction__id__exact",
    "jurisdiction__level__exact",
    "jurisdiction",
    "review",
    "confidence__exact",
    "parties__id__exact",
    "category__id__exact",
    "introduced__year",
    "introduced__month",
    "date__year",
    "date__month",
    "date__day",
    "bill",
    "identifier",
]

PUBLIC_PARAMS = [
    "q",
    "jurisdiction",
    "level",
    "status",
    "party",
    "category",
    "year",
    "sort",
    "page",
    "bills",
    "differences",
]


def url_templates(prefix: str) -> list[str]:
    """Every URL pattern under ``prefix``, with each captured part replaced by "{}"."""
    templates: list[str] = []

    def walk(patterns, base: str) -> None:
        for entry in patterns:
            text = PARAMETER.sub("{}", str(entry.pattern)).strip("^$").replace("\\", "")
            if isinstance(entry, URLResolver):
                walk(entry.url_patterns, base + text)
            elif isinstance(entry, URLPattern):
                templates.append("/" + base + text)

    walk(get_resolver().url_patterns, "")
    return sorted({t for t in templates if t.startswith(prefix)})


ADMIN_URLS = url_templates("/admin/")
PUBLIC_URLS = [url for url in url_templates("/") if not url.startswith(("/admin/", "/static/"))]

bad_value = st.one_of(st.sampled_from(BAD_VALUES), st.text(max_size=12))


def requests_for(templates: list[str], param_names: list[str]):
    """A strategy for (path, query string): one URL pattern, bad parts, a few bad parameters."""
    return st.tuples(
        st.sampled_from(templates).flatmap(
            lambda template: st.tuples(*[bad_value] * template.count("{}")).map(
                lambda parts: template.format(*parts)
            )
        ),
        st.lists(st.tuples(st.sampled_from(param_names) | st.text(max_size=8), bad_value), max_size=4),
    )


FUZZ = settings(
    max_examples=200,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@pytest.fixture
def some_of_everything(taxonomy):
    """Two bills with one of every part, so real ids exist next to the bad ones."""
    first = make_bill(slug="wa-sb-6280-2020")
    second = make_bill(slug="wa-hb-1654-2019", is_published=False)
    for bill in (first, second):
        make_provision(bill)
        make_sponsor(bill)
        make_action(bill, bill.introduced)
        make_source(bill)
    make_related(first, second, "companion")


def status_of(client, path: str, query: list[tuple[str, str]]) -> int:
    response = client.get(path + "?" + urlencode(query) if query else path)
    return response.status_code


def test_the_url_lists_cover_every_admin_model_and_public_page():
    assert "/admin/bills/provision/{}/history/{}/" in ADMIN_URLS
    assert "/admin/bills/bill/{}/change/" in ADMIN_URLS
    assert "/admin/autocomplete/" in ADMIN_URLS
    assert "/bills/{}/" in PUBLIC_URLS
    assert "/compare/csv/" in PUBLIC_URLS


def test_every_admin_url_with_every_bad_id_answers_without_a_server_error(ada, some_of_everything):
    failures = {}
    for template in ADMIN_URLS:
        # A URL without parts to fill is asked for once.
        for value in SWEEP_VALUES if "{}" in template else SWEEP_VALUES[:1]:
            path = template.format(*[value] * template.count("{}"))
            if (status := status_of(ada, path, [])) >= 500:
                failures[path] = status

    assert failures == {}


@FUZZ
@given(generated=requests_for(ADMIN_URLS, ADMIN_PARAMS))
def test_generated_admin_requests_never_answer_a_server_error(ada, some_of_everything, generated):
    path, query = generated

    assert status_of(ada, path, query) < 500, (path, query)


@FUZZ
@given(generated=requests_for(PUBLIC_URLS, PUBLIC_PARAMS))
def test_generated_public_requests_never_answer_a_server_error(vera, some_of_everything, generated):
    path, query = generated

    assert status_of(vera, path, query) < 500, (path, query)


# The add and change forms staff send most, each sent back with one field replaced by a bad value.
ADMIN_FORMS = [
    "/admin/bills/bill/add/",
    "/admin/bills/bill/{bill}/change/",
    "/admin/bills/provision/add/",
    "/admin/bills/provision/{provision}/change/",
    "/admin/bills/action/add/",
    "/admin/bills/source/add/",
    "/admin/bills/sponsor/add/",
    "/admin/bills/relatedbill/add/",
]


@settings(FUZZ, max_examples=60)  # Each example is a whole form page and its POST.
@given(form=st.sampled_from(ADMIN_FORMS), seed=st.integers(0, 10_000), value=bad_value)
def test_admin_forms_sent_back_with_a_bad_value_never_answer_a_server_error(
    ada, some_of_everything, form, seed, value
):
    from bills.models import Bill, Provision

    from .factories import admin_form_data

    url = form.format(bill=Bill.objects.first().pk, provision=Provision.objects.first().pk)
    data = admin_form_data(ada.get(url))
    field = sorted(data)[seed % len(data)]
    data[field] = value

    assert ada.post(url, data).status_code < 500, (url, field, value)
