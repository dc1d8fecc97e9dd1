"""The tailored grid in Chromium: cards on small screens, the wide table on large ones and on paper,
column order controls that work without JavaScript (rendering cost: test_grid_rendering.py)."""

from __future__ import annotations

import datetime

import pytest
from django.db.models import Count
from playwright.sync_api import Page, expect

from bills.grid import MAX_COMPARE_COLUMNS
from bills.links import compare_url
from bills.models import Bill

pytestmark = pytest.mark.browser

THREE_LAWS = ["wa-sb-6280-2020", "co-sb-22-113-2022", "eu-ai-act-2024"]
VENDORS_AND_BUSINESSES = ["developers", "private-entities"]
# Sub-pixel rounding and the scroll box's 1 px border.
TOLERANCE_PX = 2


def laws(slugs: list[str]) -> list[Bill]:
    by_slug = Bill.objects.select_related("jurisdiction").in_bulk(slugs, field_name="slug")
    return [by_slug[slug] for slug in slugs]


def the_24_fullest_laws() -> list[Bill]:
    """The widest, longest grid allowed: the bills with the most provisions."""
    fullest = Bill.objects.published().annotate(rules=Count("provisions")).order_by("-rules", "slug")
    return list(fullest.select_related("jurisdiction")[:MAX_COMPARE_COLUMNS])


def column_labels(page: Page) -> list[str]:
    return page.locator(".compare-grid__bill-name").all_inner_texts()


def expect_readable(page: Page, selector: str, width: int) -> None:
    """Every element matched is inside the screen and shows its whole text (nothing cut off)."""
    clipped = page.evaluate(
        """([selector, width]) => [...document.querySelectorAll(selector)].filter((el) => {
            const box = el.getBoundingClientRect();
            return box.left < -1 || box.right > width + 1 || el.scrollWidth > el.clientWidth + 1;
        }).map((el) => el.textContent.trim())""",
        [selector, width],
    )
    assert clipped == [], f"cut off at {width} px: {clipped[:5]}"


@pytest.mark.parametrize("width", [360, 390, 768])
def test_small_screens_get_one_card_per_topic_naming_every_chosen_bill(open_window, width):
    page = open_window(
        f"vera-{width}", viewport={"width": width, "height": 800}, is_mobile=True, has_touch=True
    )
    bills = laws(THREE_LAWS)

    page.goto(compare_url(bills, party=VENDORS_AND_BUSINESSES))

    assert page.evaluate("document.documentElement.scrollWidth") <= width, "the page scrolls sideways"
    grid = page.get_by_role("region", name="Topic by topic")
    metrics = grid.evaluate("(el) => [el.scrollWidth - el.clientWidth, el.scrollHeight - el.clientHeight]")
    assert metrics == [0, 0], "the grid scrolls inside a box of its own"
    cards = grid.locator("tr.compare-grid__row")
    assert cards.count() > 0
    for card in cards.all():
        expect(card.locator(".compare-grid__cell-bill")).to_have_text([bill.label for bill in bills])
    for selector in [".compare-grid__topic a", ".compare-grid__bill-name", ".compare-grid__cell-bill"]:
        expect_readable(page, selector, width)


def test_the_default_grid_of_every_law_in_force_is_cards_on_a_phone_too(open_window):
    page = open_window("vera-phone", viewport={"width": 390, "height": 800}, is_mobile=True, has_touch=True)

    page.goto("/compare/")

    columns = len(column_labels(page))
    assert columns > 2
    first_card = page.locator("tr.compare-grid__row").first
    expect(first_card.locator(".compare-grid__cell-bill")).to_have_count(columns)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


def test_on_a_large_screen_the_wide_table_keeps_bill_names_and_topics_in_view(vera: Page):
    vera.goto(compare_url(the_24_fullest_laws()))

    scroll_box = vera.get_by_role("region", name="Topic by topic")
    expect(vera.locator(".compare-grid__cell-bill").first).to_be_hidden()
    scroll_box.hover()
    vera.mouse.wheel(600, 0)
    vera.wait_for_function("(box) => box.scrollLeft > 0", arg=scroll_box.element_handle(), timeout=2_000)
    vera.mouse.wheel(0, 500)
    vera.wait_for_function("(box) => box.scrollTop > 0", arg=scroll_box.element_handle(), timeout=2_000)
    assert vera.evaluate("window.scrollX") == 0
    outer = scroll_box.bounding_box()
    inner = scroll_box.evaluate("(el) => [el.clientLeft, el.clientTop]")
    for header in scroll_box.locator("thead th").all()[:3]:
        assert abs(header.bounding_box()["y"] - (outer["y"] + inner[1])) <= TOLERANCE_PX, (
            "header scrolled away"
        )
    topic = scroll_box.locator("th[scope=row]").nth(8)
    assert abs(topic.bounding_box()["x"] - (outer["x"] + inner[0])) <= TOLERANCE_PX, "topics scrolled away"


def test_columns_move_and_the_picker_keeps_their_order_without_javascript(open_window):
    page = open_window("vera-no-js", java_script_enabled=False)
    washington, colorado, europe = laws(THREE_LAWS)
    page.goto(compare_url([washington, colorado, europe], party=VENDORS_AND_BUSINESSES))

    page.locator("thead th", has_text=washington.label).get_by_role("link", name="Right").click()

    assert column_labels(page) == [colorado.label, washington.label, europe.label]
    assert page.url.count("party=") == 2, "the parties survive the move"
    page.locator("thead th", has_text=europe.label).get_by_role("link", name="Left").click()
    assert column_labels(page) == [colorado.label, europe.label, washington.label]

    # Searching in the picker and pressing "Add" puts a bill at the end and keeps the order so far.
    page.locator("summary", has_text="Choose bills and options").click()
    page.locator("#id_find-q").fill("Illinois")
    page.get_by_role("button", name="Search", exact=True).click()
    page.locator('button.compare-picker__add[value="il-bipa-740-ilcs-14-2008"]').click()
    illinois = Bill.objects.select_related("jurisdiction").get(slug="il-bipa-740-ilcs-14-2008")
    assert column_labels(page) == [colorado.label, europe.label, washington.label, illinois.label]

    page.locator("thead th", has_text=washington.label).get_by_role("link", name="Remove").click()
    assert column_labels(page) == [colorado.label, europe.label, illinois.label]


def test_empty_topics_fold_into_one_line_that_opens(vera: Page):
    vera.goto(compare_url(laws(THREE_LAWS), party=VENDORS_AND_BUSINESSES))

    fold = vera.locator("details.compare-folded")
    topics = fold.locator(".compare-folded__topics li")
    expect(topics.first).to_be_hidden()
    fold.locator("summary").click()
    expect(topics.first).to_be_visible()
    expect(fold.locator("summary")).to_contain_text(f"{topics.count()} topics")


def test_a_printout_carries_the_date_the_address_the_day_shown_and_the_disclaimer(vera: Page):
    url = compare_url(laws(THREE_LAWS), on=datetime.date(2023, 1, 1))
    vera.goto(url)
    note = vera.locator(".print-note")
    expect(note).to_be_hidden()

    vera.emulate_media(media="print")

    expect(note).to_be_visible()
    today = datetime.date.today()
    expect(note).to_contain_text(f"Printed on {today.day} {today:%B %Y}")
    expect(note).to_contain_text(vera.url)
    expect(note).to_contain_text("Shows the law as it stood on 1 January 2023.")
    expect(note).to_contain_text("Not legal advice.")
    # Paper gets the wide table, never the phone's cards.
    expect(vera.locator(".compare-grid__cell-bill").first).to_be_hidden()
    expect(vera.locator("thead th").first).to_be_visible()
