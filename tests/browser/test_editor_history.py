"""Edna the editor corrects a provision's summary in the admin, finds it in the history, and reverts it."""

import pytest
from playwright.sync_api import Page, expect

from bills.models import Provision

from .helpers import EDNA_PASSWORD, expect_admin_success, sign_in_to_admin, words

pytestmark = pytest.mark.browser

CORRECTED = "Agencies need a warrant before they track someone with face recognition (corrected by Edna)."


def test_edna_corrects_a_summary_then_reverts_it_from_the_history(edna: Page, vera: Page, edna_account):
    provision = Provision.objects.select_related("bill").get(
        bill__slug="wa-sb-6280-2020", category__slug="warrant"
    )
    original = provision.plain
    versions_before = provision.history.count()
    bill_page = provision.bill.get_absolute_url()
    on_the_bill_page = vera.locator(f"#provision-{provision.pk} .provision__plain")

    vera.goto(bill_page)
    expect(on_the_bill_page).to_have_text(words(original))

    # Edna signs in and rewrites the summary on the provision's change page.
    sign_in_to_admin(edna, edna_account.username, EDNA_PASSWORD)
    edna.goto(f"/admin/bills/provision/{provision.pk}/change/")
    summary_field = edna.get_by_label("Plain-language summary")
    expect(summary_field).to_have_value(original)
    summary_field.fill(CORRECTED)
    edna.get_by_role("button", name="Save", exact=True).first.click()
    expect_admin_success(edna)

    # The public page shows the correction.
    vera.reload()
    expect(on_the_bill_page).to_have_text(CORRECTED)

    # The provision's history lists Edna's change first, above the versions the data load made.
    edna.goto(f"/admin/bills/provision/{provision.pk}/change/")
    edna.get_by_role("link", name="History").click()
    history = edna.locator("#change-history tbody tr")
    expect(history).to_have_count(versions_before + 1)
    her_change = history.first
    expect(her_change).to_contain_text("Changed")
    expect(her_change).to_contain_text(edna_account.username)
    expect(her_change).to_contain_text("Plain-language summary:")

    # She opens the version just before hers and reverts to it.
    history.nth(1).get_by_role("link").first.click()
    expect(edna.get_by_label("Plain-language summary")).to_have_value(original)
    edna.get_by_role("button", name="Revert").first.click()
    expect_admin_success(edna)

    # The public page shows the old text again, and the revert is itself in the history.
    vera.reload()
    expect(on_the_bill_page).to_have_text(words(original))
    provision.refresh_from_db()
    assert provision.plain == original
    assert provision.history.count() == versions_before + 2
