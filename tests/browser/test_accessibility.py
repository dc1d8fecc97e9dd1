"""axe-core finds no serious or critical accessibility problem on the pages visitors use most."""

import pytest
from playwright.sync_api import Page, expect

from .helpers import blocking_violations, describe_violations

pytestmark = pytest.mark.browser

PAGES = {
    "home": "/",
    "bill-list": "/bills/",
    "bill-page": "/bills/wa-sb-6280-2020/",
    "comparison-grid": "/compare/",
    "definitions": "/definitions/?bills=wa-sb-6280-2020&bills=il-bipa-740-ilcs-14-2008",
    "topic-page": "/topics/warrant/",
    "party-page": "/affected/developers/",
}


def open_the_bill_picker(page: Page) -> None:
    # The picker is folded away above a working grid, and axe skips what is hidden: open it first.
    page.locator("summary", has_text="Choose bills and options").click()
    expect(page.get_by_role("button", name="Compare", exact=True)).to_be_visible()


def test_vera_meets_no_serious_accessibility_barrier(open_window, subtests):
    # One test with a subtest per page, so the real data is loaded once for all of them. Each page
    # has its own window, closed once it passes, so a failure leaves a screenshot of just that page.
    checks = [(name, url, None) for name, url in PAGES.items()]
    checks.append(("bill-picker", "/compare/", open_the_bill_picker))
    for name, url, prepare in checks:
        with subtests.test(msg=name, url=url):
            vera = open_window(f"vera-{name}")
            response = vera.goto(url)
            assert response is not None and response.status == 200
            expect(vera.get_by_role("heading", level=1)).to_have_count(1)
            if prepare:
                prepare(vera)

            violations = blocking_violations(vera)

            assert not violations, describe_violations(f"{url} ({name})", violations)
            vera.context.close()
