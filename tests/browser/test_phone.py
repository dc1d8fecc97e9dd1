"""Vera on her phone: nothing spills sideways, the grid is stacked cards, every control is tappable."""

import warnings

import pytest
from playwright.sync_api import Locator, Page, expect

from bills.models import Bill

pytestmark = pytest.mark.browser

PHONE_WIDTH = 390
# The smallest comfortable touch target (WCAG 2.5.5, Apple's and Google's guidelines): 44 × 44 CSS px.
TAP_TARGET_PX = 44
# The hard floor: WCAG 2.2's level AA target size (2.5.8).
MINIMUM_TARGET_PX = 24

BILLS_SHE_COMPARES = ["wa-sb-6280-2020", "mt-sb-397-2023", "il-bipa-740-ilcs-14-2008"]
NAV_LINKS = ["Bills", "Compare", "Definitions", "Topics", "Who’s affected", "About"]


def page_width(page: Page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


def expect_no_sideways_scrolling(page: Page) -> None:
    assert page_width(page) <= PHONE_WIDTH, f"{page.url} is {page_width(page)} px wide on a 390 px phone"


class SmallTapTargetWarning(UserWarning):
    """A control a finger can hit, but smaller than the comfortable 44 × 44 px."""


def expect_easy_to_tap(control: Locator, what: str) -> None:
    """Visible, and at least 44 × 44 px; anything smaller must still clear WCAG 2.5.8's 24 × 24 px.

    A target between the two is reported as a warning (the test goes on to tap it).
    """
    expect(control).to_be_visible()
    box = control.bounding_box()
    assert box is not None
    size = f"{box['width']:.0f} × {box['height']:.0f} px"
    assert min(box["width"], box["height"]) >= MINIMUM_TARGET_PX, f"{what} is only {size}"
    if min(box["width"], box["height"]) < TAP_TARGET_PX:
        warnings.warn(
            f"{what} on {control.page.url} is {size}, under {TAP_TARGET_PX} × {TAP_TARGET_PX}",
            SmallTapTargetWarning,
            stacklevel=2,
        )


def box_metrics(box: Locator) -> dict:
    return box.evaluate(
        """(el) => ({
            scrollWidth: el.scrollWidth, clientWidth: el.clientWidth,
            scrollHeight: el.scrollHeight, clientHeight: el.clientHeight,
            scrollLeft: el.scrollLeft, scrollTop: el.scrollTop,
            clientLeft: el.clientLeft, clientTop: el.clientTop,
        })"""
    )


def test_vera_uses_the_site_and_the_grid_on_her_phone(vera_on_her_phone: Page):
    phone = vera_on_her_phone
    # In the bill list's own order (newest first), which the grid keeps for its columns.
    chosen = Bill.objects.select_related("jurisdiction").filter(slug__in=BILLS_SHE_COMPARES)
    compared = list(chosen.in_list_order())

    phone.goto("/")
    expect_no_sideways_scrolling(phone)
    # Every link of the main navigation can be tapped, and takes her where it says.
    for name in NAV_LINKS:
        link = phone.get_by_role("navigation", name="Main").get_by_role("link", name=name, exact=True)
        expect_easy_to_tap(link, f"The “{name}” link in the main navigation")
        link.tap()
        expect(link).to_have_attribute("aria-current", "page")
        expect_no_sideways_scrolling(phone)

    # The bill list: its filters fold away behind a toggle she can tap open.
    phone.get_by_role("navigation", name="Main").get_by_role("link", name="Bills", exact=True).tap()
    expect(phone.get_by_role("heading", level=1)).to_have_text("Bills and laws")
    expect_no_sideways_scrolling(phone)
    toggle = phone.locator("summary", has_text="Filter and sort")
    expect_easy_to_tap(toggle, "The “Filter and sort” toggle")
    expect(phone.get_by_role("button", name="Show bills")).to_be_hidden()
    toggle.tap()
    expect(phone.get_by_role("button", name="Show bills")).to_be_visible()
    expect_no_sideways_scrolling(phone)

    # Each bill page fits the screen, however long its name, title or sources.
    for slug in Bill.objects.published().order_by("slug").values_list("slug", flat=True):
        phone.goto(f"/bills/{slug}/")
        expect_no_sideways_scrolling(phone)

    # She ticks three state laws by tapping their boxes and compares them (they share one page).
    phone.goto("/bills/?status=enacted&level=state")
    for bill in compared:
        checkbox = phone.get_by_label(f"Compare {bill.label}", exact=True)
        # The label around the box is what a finger hits.
        expect_easy_to_tap(checkbox.locator("xpath=.."), f"The checkbox to compare {bill.identifier}")
        checkbox.tap()
        expect(checkbox).to_be_checked()
    compare_button = phone.get_by_role("button", name="Compare selected")
    expect_easy_to_tap(compare_button, "The “Compare selected” button")
    compare_button.tap()
    expect(phone.locator(".lede")).to_have_text("Comparing 3 bills.")
    expect_no_sideways_scrolling(phone)

    # On a phone the grid is stacked cards with no scroll box of its own: one card per topic,
    # listing every bill she chose under its label.
    expect_cards_with_every_bill(phone, [bill.label for bill in compared])

    # The picker on /compare/ opens, and its submit button can be tapped.
    picker = phone.locator("summary", has_text="Choose bills and options")
    expect_easy_to_tap(picker, "The “Choose bills and options” toggle")
    picker.tap()
    submit = phone.get_by_role("button", name="Compare", exact=True)
    expect_easy_to_tap(submit, "The picker’s “Compare” button")
    submit.tap()
    expect(phone.locator(".lede")).to_have_text("Comparing 3 bills.")
    expect_no_sideways_scrolling(phone)


def expect_cards_with_every_bill(page: Page, labels: list[str]) -> None:
    """The grid is stacked cards: nothing scrolls inside it, and each topic's card names every bill."""
    scroll_box = page.get_by_role("region", name="Topic by topic")
    metrics = box_metrics(scroll_box)
    assert metrics["scrollWidth"] <= metrics["clientWidth"], "the grid scrolls sideways in its own box"
    assert metrics["scrollHeight"] <= metrics["clientHeight"], "the grid scrolls up and down in its own box"
    cards = scroll_box.locator("tr.compare-grid__row")
    assert cards.count() > 0
    for card in cards.all():
        assert card.locator(".compare-grid__cell-bill").all_inner_texts() == labels
    expect_no_sideways_scrolling(page)
