"""Vera reads what Washington's law means by face recognition, then lays it beside Illinois'."""

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser

WASHINGTON = "wa-sb-6280-2020"
ILLINOIS = "il-bipa-740-ilcs-14-2008"
PHONE_WIDTH = 390


def test_vera_follows_a_rule_to_its_defined_term_and_compares_the_definitions(vera: Page):
    vera.goto(f"/bills/{WASHINGTON}/")
    section = vera.locator("#definitions")
    expect(section.get_by_role("heading", name="What this law means by…")).to_be_visible()
    central = section.locator(".definition").first
    expect(central.get_by_role("heading", level=3)).to_have_text("“Facial recognition service”")
    expect(central).to_contain_text("using a face to unlock or lock an electronic device")

    vera.goto(f"/definitions/?bills={WASHINGTON}&bills={ILLINOIS}")
    expect(vera.get_by_role("heading", level=1)).to_have_text("Definitions side by side")
    table = vera.get_by_role("table")
    expect(table.get_by_role("link", name="“Facial recognition service”")).to_be_visible()
    expect(table.get_by_role("link", name="“Biometric identifier”")).to_be_visible()
    businesses = table.get_by_role("row").filter(has_text="Covers private businesses?")
    expect(businesses.locator("td").first).to_contain_text("No")
    expect(businesses.locator("td").nth(1)).to_have_text("Not stated")

    # Its term links back to the definition on the law's page.
    table.get_by_role("link", name="“Biometric identifier”").click()
    expect(vera).to_have_url(f"/bills/{ILLINOIS}/#definition-" + vera.url.split("#definition-")[-1])
    expect(vera.locator(".definition:target")).to_contain_text("photographs")


def test_on_her_phone_the_definitions_scroll_in_their_own_box(vera_on_her_phone: Page):
    vera_on_her_phone.goto(f"/definitions/?bills={WASHINGTON}&bills={ILLINOIS}")

    assert vera_on_her_phone.evaluate("document.documentElement.scrollWidth") <= PHONE_WIDTH
    box = vera_on_her_phone.locator(".grid-scroll")
    assert box.evaluate("(el) => el.scrollWidth > el.clientWidth")
