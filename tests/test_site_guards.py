"""Site-wide guards: every page answers, has one <h1>, keeps a strict CSP, and 404s unknown slugs."""

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from .factories import make_bill, make_provision

pytestmark = pytest.mark.usefixtures("taxonomy")

SLUG_PAGES = ["bills:bill_detail", "bills:category", "bills:party", "bills:jurisdiction"]


def public_url_names() -> list[str]:
    """Names of every public URL that takes no argument, read from the URLconf itself."""
    names = []
    for entry in get_resolver().url_patterns:
        if isinstance(entry, URLResolver) and entry.namespace == "bills":
            for pattern in entry.url_patterns:
                if isinstance(pattern, URLPattern) and not pattern.pattern.converters:
                    names.append(f"bills:{pattern.name}")
    return names


@pytest.fixture
def a_bill():
    bill = make_bill(slug="wa-sb-6280-2020")
    make_provision(bill, category="warrant", parties=["law-enforcement"])
    return bill


# Files, not pages: a CSV, a feed, downloads.
NOT_PAGES = {
    "bills:compare_csv",
    "bills:feed",
    "bills:data_bills_zip",
    "bills:data_bills_csv",
    "bills:data_provisions_csv",
}


def every_page(bill) -> list[str]:
    urls = [reverse(name) for name in public_url_names() if name not in NOT_PAGES]
    urls += [
        bill.get_absolute_url(),
        reverse("bills:category", args=["warrant"]),
        reverse("bills:party", args=["law-enforcement"]),
        reverse("bills:jurisdiction", args=["washington"]),
        reverse("bills:compare") + f"?bills={bill.slug}&bills={make_bill().slug}",
    ]
    return urls


def test_the_urlconf_has_the_pages_we_expect():
    assert set(public_url_names()) >= {
        "bills:home",
        "bills:bill_list",
        "bills:compare",
        "bills:compare_csv",
        "bills:category_list",
        "bills:party_list",
        "bills:jurisdiction_list",
        "bills:about",
    }


def test_every_argument_free_url_answers_200(vera, a_bill):
    for name in public_url_names():
        response = vera.get(reverse(name))
        assert response.status_code == 200, name


def test_every_page_has_exactly_one_h1(vera, a_bill):
    for url in every_page(a_bill):
        page = vera.get(url).content.decode()
        assert len(re.findall(r"<h1[\s>]", page)) == 1, url


def test_no_page_has_inline_scripts_or_styles(vera, a_bill):
    for url in every_page(a_bill):
        page = vera.get(url).content.decode()
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", page), f"inline <script> on {url}"
        assert " style=" not in page and "<style" not in page, f"inline style on {url}"


def test_no_page_has_inline_event_handlers(vera, a_bill):
    for url in every_page(a_bill):
        tags = re.findall(r"<[a-z][^>]*>", vera.get(url).content.decode())
        handlers = [tag for tag in tags if re.search(r"\son[a-z]+=", tag)]
        assert handlers == [], url


def test_every_response_carries_a_strict_content_security_policy(vera, a_bill):
    response = vera.get(a_bill.get_absolute_url())

    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "style-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize("name", SLUG_PAGES)
def test_every_slug_url_answers_404_for_an_unknown_slug(vera, name):
    response = vera.get(reverse(name, args=["no-such-thing"]))

    assert response.status_code == 404
    assert "We could not find that page" in response.content.decode()


def test_no_page_links_to_another_host_for_scripts_styles_or_fonts(vera, a_bill):
    for url in every_page(a_bill):
        page = vera.get(url).content.decode()
        assert not re.search(r'<(script|link)[^>]+(src|href)="(https?:)?//', page), url


@pytest.mark.django_db
def test_no_model_change_lacks_a_migration():
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    try:
        call_command("makemigrations", "--check", "--dry-run", stdout=out, stderr=out)
    except SystemExit as exit_:  # --check exits non-zero when a migration is missing
        pytest.fail(f"Missing migration:\n{out.getvalue()} (exit {exit_.code})")


def test_posting_to_a_public_page_gets_a_plain_403_page_without_inline_styles(a_bill):
    from django.test import Client

    response = Client(enforce_csrf_checks=True).post(reverse("bills:bill_list"), {"q": "x"})

    page = response.content.decode()
    assert response.status_code == 403
    assert "That form could not be sent" in page
    assert "<style" not in page


def test_no_page_shows_raw_template_syntax(vera, a_bill):
    # A "{# … #}" comment spanning lines is not a comment in Django: it is printed as text.
    for url in every_page(a_bill):
        page = vera.get(url).content.decode()
        for marker in ("{#", "#}", "{%", "%}", "{{", "}}"):
            assert marker not in page, f"{marker!r} on {url}"
