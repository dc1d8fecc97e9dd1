"""Vera, a member of the public, finds the state laws in force, reads one, and compares three side by side."""

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from bills.exports import BILL_FACTS
from bills.models import Bill, Category, Provision, Status

from .helpers import (
    empty_word,
    expected_cells,
    expected_effects,
    read_csv_download,
    read_grid,
    words,
)

pytestmark = pytest.mark.browser

# The bill Vera reads, and the two she compares it with: a law that limits warrantless tracking
# (Washington), one that requires a warrant (Montana), and one that is silent on warrants (Illinois).
BILL_SHE_READS = "wa-sb-6280-2020"
BILLS_SHE_COMPARES = ["wa-sb-6280-2020", "mt-sb-397-2023", "il-bipa-740-ilcs-14-2008"]
WARRANT_ROW = "Warrant or court order"


def test_vera_finds_the_laws_in_force_reads_one_and_compares_three(vera: Page):
    in_force = list(
        Bill.objects.published()
        .in_force(on=timezone.localdate())
        .filter(jurisdiction__level="state")
        .select_related("jurisdiction")
    )
    read = Bill.objects.select_related("jurisdiction").get(slug=BILL_SHE_READS)
    compared = list(Bill.objects.select_related("jurisdiction").filter(slug__in=BILLS_SHE_COMPARES))
    assert read.status == Status.ENACTED and {b.status for b in compared} == {Status.ENACTED}

    # Home → the list of bills, from the main navigation.
    vera.goto("/")
    expect(vera.get_by_role("heading", level=1)).to_have_text("Compare facial-recognition laws side by side")
    vera.get_by_role("navigation", name="Main").get_by_role("link", name="Bills").click()
    expect(vera.get_by_role("heading", level=1)).to_have_text("Bills and laws")

    # She narrows the list to state laws in force, with the filter form (all of them fit on one page).
    vera.get_by_label("Status", exact=True).select_option(label="In force")
    vera.get_by_label("Level of government", exact=True).select_option(label="State")
    vera.get_by_role("button", name="Show bills").click()
    expect(vera.locator(".result-summary")).to_have_text(
        f"{len(in_force)} results: State laws in force today."
    )
    listed = vera.locator(".bill-row h3 a")
    expect(listed).to_have_count(len(in_force))
    assert sorted(listed.all_inner_texts()) == sorted(bill.label for bill in in_force)
    expect(vera.locator(".bill-row .badge--standing").filter(has_not_text="In force")).to_have_count(0)

    # She opens one law and reads it in plain words, then what it asks of government agencies.
    vera.get_by_role("link", name=read.label, exact=True).click()
    expect(vera.get_by_role("heading", level=1)).to_contain_text(read.label)
    summary = vera.get_by_role("region", name="In plain words")
    expect(summary).to_contain_text(words(read.plain_summary))
    agencies = vera.get_by_role("region", name="What it asks of government agencies")
    expected_rules = Provision.objects.filter(
        bill=read, is_published=True, parties__slug="government-agencies"
    ).order_by("category__group__display_order", "category__display_order", "display_order", "id")
    expect(agencies.locator(".provision__plain")).to_have_text([words(p.plain) for p in expected_rules])

    # Back on the list she ticks three laws and compares them.
    vera.go_back()
    expect(vera.locator(".result-summary")).to_contain_text("State laws in force today")
    for bill in compared:
        vera.get_by_label(f"Compare {bill.label}", exact=True).check()
    expect(vera.locator("[data-compare-count]")).to_have_text("3 bills picked.")
    vera.get_by_role("button", name="Compare selected").click()

    expect(vera.get_by_role("heading", level=1)).to_have_text("Compare bills side by side")
    expect(vera.locator(".lede")).to_have_text("Comparing 3 bills.")
    table = vera.locator("table.compare-grid")
    expect(table.locator("caption")).to_have_text("Topic by topic: 3 bills side by side")
    grid = read_grid(table)
    assert sorted(grid.slugs) == sorted(BILLS_SHE_COMPARES)
    expected = expected_cells(compared)
    assert grid.topics == list(expected), "one row per topic, in the order of the printed legend"
    assert grid.cells == expected, "every cell shows the bill's published provisions on that topic"

    # The warrant row, cell by cell: a provision where the law has one, else "Not addressed" for a law read
    # in full, "Not recorded" for one read in part.
    warrant_cells = expected[WARRANT_ROW]
    assert warrant_cells["wa-sb-6280-2020"] and warrant_cells["mt-sb-397-2023"]
    assert warrant_cells["il-bipa-740-ilcs-14-2008"] is None
    by_slug = {bill.slug: bill for bill in compared}
    warrant_row = table.locator("tbody tr").filter(has=vera.get_by_role("rowheader", name=WARRANT_ROW))
    for index, slug in enumerate(grid.slugs):
        cell = warrant_row.locator("td").nth(index)
        if warrant_cells[slug] is None:
            expect(cell.locator(".not-addressed")).to_have_text(empty_word(by_slug[slug]))
        else:
            expect(cell.locator(".cell-provision__plain")).to_have_text(warrant_cells[slug])

    # She keeps only the topics where the three differ, with the page's own option.
    vera.locator("summary", has_text="Choose bills and options").click()
    vera.get_by_label("Only show topics where the bills differ").check()
    vera.get_by_role("button", name="Compare", exact=True).click()
    expect(vera.locator(".lede")).to_have_text("Comparing 3 bills, and only the topics where they differ.")
    differing = [
        topic for topic, by_bill in expected_effects(compared).items() if len(set(by_bill.values())) > 1
    ]
    assert 0 < len(differing) < len(grid.topics), "the real data has rows that agree and rows that differ"
    only_differences = read_grid(table)
    assert only_differences.topics == differing
    assert WARRANT_ROW in only_differences.topics
    assert only_differences.cells == {topic: grid.cells[topic] for topic in differing}

    # She downloads the same grid as a spreadsheet.
    with vera.expect_download() as download_info:
        vera.get_by_role("link", name="Download CSV").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".csv")
    header, standing, definitions, *rows = read_csv_download(download)
    assert header == ["Category group", "Category", *(by_slug[slug].label for slug in grid.slugs)]
    assert standing[:2] == ["", "Standing"] and all(text.startswith("In force") for text in standing[2:])
    assert definitions[:2] == ["", "Definitions"]
    for slug, text in zip(grid.slugs, definitions[2:], strict=True):
        assert text.startswith(f"“{by_slug[slug].definitions.first().term}”")
    # Then each bill's facts (status, dates, coverage) and its link, before the topics.
    facts, rows = rows[: len(BILL_FACTS) + 1], rows[len(BILL_FACTS) + 1 :]
    assert [row[1] for row in facts] == [*(label for label, _ in BILL_FACTS), "Link"]
    group_of = dict(Category.objects.values_list("name", "group__name"))
    assert [row[:2] for row in rows] == [[group_of[topic], topic] for topic in only_differences.topics]
    for row in rows:
        topic, values = row[1], row[2:]
        for slug, value in zip(only_differences.slugs, values, strict=True):
            shown = only_differences.cell(topic, slug)
            if shown is None:
                assert value == empty_word(by_slug[slug]), f"{topic} / {slug}"
            else:
                for summary_text in shown:
                    assert summary_text in words(value), f"{topic} / {slug}"
