"""Edna unpublishes a law in the admin; for Vera it is gone from its page, the list and the grid."""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from bills.grid import MAX_COMPARE_COLUMNS
from bills.models import Bill

from .helpers import EDNA_PASSWORD, expect_admin_success, read_grid, sign_in_to_admin

pytestmark = pytest.mark.browser

# A law in force, so until it is unpublished it counts toward the default comparison.
WITHDRAWN = "vt-s-124-2020"


def test_a_bill_edna_unpublishes_disappears_for_visitors(edna: Page, vera: Page, edna_account):
    bill = Bill.objects.select_related("jurisdiction").get(slug=WITHDRAWN)
    assert bill.is_published and bill.is_enacted
    enacted_before = Bill.objects.published().enacted().count()
    in_force_before = Bill.objects.published().in_force(on=timezone.localdate()).count()
    assert bill.is_in_force(timezone.localdate())
    public_before = Bill.objects.published().count()
    bill_page = bill.get_absolute_url()

    # Edna unticks "Published" on the bill's change form and saves it.
    sign_in_to_admin(edna, edna_account.username, EDNA_PASSWORD)
    edna.goto(f"/admin/bills/bill/{bill.pk}/change/")
    # The bill's own box, in its "On the public site" fieldset (each provision inline has one too).
    published = edna.get_by_role("group", name="On the public site").get_by_role("checkbox", name="Published")
    expect(published).to_be_checked()
    published.uncheck()
    edna.get_by_role("button", name="Save", exact=True).first.click()
    expect_admin_success(edna)
    bill.refresh_from_db()
    assert not bill.is_published

    # Vera, who is not signed in, is told the page does not exist.
    response = vera.goto(bill_page)
    assert response is not None and response.status == 404

    # It is not in the bill list: not among all bills, nor among the enacted laws.
    vera.goto("/bills/")
    expect(vera.locator(".result-summary")).to_have_text(f"{public_before - 1} results: All bills.")
    _expect_not_listed(vera, bill_page)
    vera.goto("/bills/?status=enacted")
    expect(vera.locator(".result-summary")).to_have_text(f"{enacted_before - 1} results: Enacted bills.")
    _expect_not_listed(vera, bill_page)

    # The default comparison, the newest laws in force, counts and shows it no more; asking for it by name
    # finds nothing.
    vera.goto("/compare/")
    expect(vera.locator(".lede")).to_contain_text(f"of the {in_force_before - 1} laws in force today")
    columns = read_grid(vera.locator("table.compare-grid")).slugs
    assert len(columns) == min(MAX_COMPARE_COLUMNS, in_force_before - 1)
    assert WITHDRAWN not in columns
    response = vera.goto(f"/compare/?bills={WITHDRAWN}&bills=wa-sb-6280-2020")
    assert response is not None and response.status == 404
    expect(vera.locator(".form-errors")).to_contain_text(
        f"We could not find a bill with the address “{WITHDRAWN}”"
    )
    expect(vera.locator("table.compare-grid")).to_have_count(0)

    # Edna, as staff, can still preview it, clearly marked.
    edna.goto(bill_page)
    expect(edna.get_by_role("status")).to_contain_text("Unpublished preview")


def _expect_not_listed(page: Page, bill_page: str) -> None:
    """Check every page of the (possibly paginated) list for a link to the bill."""
    while True:
        expect(page.locator(f'.bill-rows a[href="{bill_page}"]')).to_have_count(0)
        next_page = page.get_by_role("link", name=re.compile("Next"))
        if next_page.count() == 0:
            return
        query = next_page.get_attribute("href")
        next_page.click()
        expect(page).to_have_url(re.compile(re.escape(query) + "$"))
