"""axe-core finds no serious or critical accessibility problem on the pages visitors use most."""

import pytest
from playwright.sync_api import Page, expect

from .helpers import blocking_violations, describe_violations

pytestmark = pytest.mark.browser

PAGES = {
    "home": "/",
    "bill list": "/bills/",
    "bill page": "/bills/wa-sb-6280-2020/",
    "comparison grid": "/compare/",
    "topic page": "/topics/warrant/",
    "party page": "/affected/developers/",
}


@pytest.mark.parametrize("url", PAGES.values(), ids=PAGES.keys())
def test_vera_meets_no_serious_accessibility_barrier(vera: Page, url: str):
    response = vera.goto(url)
    assert response is not None and response.status == 200
    expect(vera.get_by_role("heading", level=1)).to_have_count(1)

    violations = blocking_violations(vera)

    assert not violations, describe_violations(url, violations)


def test_the_open_bill_picker_meets_no_serious_accessibility_barrier(vera: Page):
    # The picker is folded away on a working grid, and axe skips what is hidden: open it first.
    vera.goto("/compare/")
    vera.locator("summary", has_text="Choose bills and options").click()
    expect(vera.get_by_role("button", name="Compare", exact=True)).to_be_visible()

    violations = blocking_violations(vera)

    assert not violations, describe_violations(vera.url + " (bill picker open)", violations)
