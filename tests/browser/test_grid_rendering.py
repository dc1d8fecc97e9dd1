"""The comparison grid's rendering cost in Chromium: the default grid and the widest one paint in time,
and nothing in them makes the browser measure every cell's narrowest width."""

from __future__ import annotations

import pytest
from django.db.models import Count

from bills.grid import MAX_COMPARE_COLUMNS
from bills.links import compare_url
from bills.models import Bill

pytestmark = pytest.mark.browser

# The budget for the browser's part, from the page's first byte to its first paint, on these
# machines' headless Chromium. The server's own time is measured by bench/, not asserted here: it
# depends on what else the shared machine is running.
RENDER_BUDGET_MS = 2_000


def the_24_fullest_laws() -> list[Bill]:
    """The widest, longest grid allowed: the bills with the most provisions."""
    fullest = Bill.objects.published().annotate(rules=Count("provisions")).order_by("-rules", "slug")
    return list(fullest.select_related("jurisdiction")[:MAX_COMPARE_COLUMNS])


@pytest.mark.parametrize("viewport", [{"width": 1280, "height": 900}, {"width": 390, "height": 844}])
@pytest.mark.parametrize("grid", ["default", "24 columns"])
def test_the_grid_paints_within_two_seconds(open_window, grid, viewport):
    page = open_window(f"vera-{viewport['width']}", viewport=viewport)
    url = "/compare/" if grid == "default" else compare_url(the_24_fullest_laws())

    page.goto(url)
    # The paint entry can be recorded a moment after the load event: wait for it (a page that never
    # paints fails here).
    page.wait_for_function("() => performance.getEntriesByName('first-contentful-paint').length > 0")

    painted = page.evaluate(
        """() => performance.getEntriesByName('first-contentful-paint')[0].startTime
            - performance.getEntriesByType('navigation')[0].responseStart"""
    )
    width = viewport["width"]
    assert painted < RENDER_BUDGET_MS, (
        f"{grid} grid at {width} px: first paint {painted:.0f} ms after its first byte"
    )


def test_the_table_is_laid_out_from_its_header_row_and_never_breaks_anywhere(vera):
    """`overflow-wrap: anywhere` in an auto-sized table is what stalled Chromium on a 24-bill grid."""
    vera.goto(compare_url(the_24_fullest_laws()))

    styles = vera.evaluate(
        """() => ({
            layout: getComputedStyle(document.querySelector('.compare-grid')).tableLayout,
            anywhere: [...document.querySelectorAll('.compare-grid, .compare-grid *')]
                .filter((el) => getComputedStyle(el).overflowWrap === 'anywhere')
                .map((el) => el.className || el.tagName),
        })"""
    )
    assert styles == {"layout": "fixed", "anywhere": []}
