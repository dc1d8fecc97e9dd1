"""Steps and readings the browser journeys share: signing in, reading the grid, checking with axe."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Download, Locator, Page, expect

from bills.models import Bill, Category, Coverage, Provision

NOT_ADDRESSED = "Not addressed"
NOT_RECORDED = "Not recorded"

# Edna the editor signs in to the admin with this (her account: the ``edna_account`` fixture).
EDNA_PASSWORD = "correct-horse-battery"

# axe-core's impact levels that block a release; "minor" and "moderate" are reviewed by hand.
BLOCKING_IMPACTS = ("serious", "critical")


def words(text: str) -> str:
    """Text with its white space collapsed, as a browser's innerText shows it."""
    return " ".join(text.split())


# --- Signing in ----------------------------------------------------------------------------------


def sign_in_to_admin(page: Page, username: str, password: str) -> None:
    """Sign in through the admin's own login form, as staff do."""
    page.goto("/admin/")
    expect(page).to_have_url(re.compile(r"/admin/login/"))
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Keep bills and provisions current")).to_be_visible()


def expect_admin_success(page: Page) -> None:
    """The green message the admin shows after a save."""
    expect(page.locator("ul.messagelist li.success")).to_contain_text("successfully")


# --- The comparison grid -------------------------------------------------------------------------

# Reads the table as the reader sees it: the bill in each column (by the address its name links
# to), and for each topic row the provisions' plain summaries per column, or None for "Not addressed".
_READ_GRID_JS = """
(table) => {
  const columns = [...table.querySelectorAll("thead .compare-grid__bill-name")]
    .map((link) => new URL(link.href).pathname);
  const rows = [];
  const topicRows = "tbody:not(.compare-grid__definitions) tr:not(.compare-grid__group)";
  for (const row of table.querySelectorAll(topicRows)) {
    const cells = [...row.querySelectorAll("td")].map((cell) =>
      cell.querySelector(".not-addressed")
        ? null
        : [...cell.querySelectorAll(".cell-provision__plain")].map((link) => link.innerText.trim())
    );
    rows.push({topic: row.querySelector("th[scope=row]").innerText.trim(), cells});
  }
  return {columns, rows};
}
"""


@dataclass(frozen=True)
class GridReading:
    """What the grid on the page shows: bill slugs across, topics down, summaries (or None) inside."""

    slugs: list[str]
    topics: list[str]
    cells: dict[str, dict[str, list[str] | None]]

    def cell(self, topic: str, slug: str) -> list[str] | None:
        return self.cells[topic][slug]


def read_grid(table: Locator) -> GridReading:
    raw = table.evaluate(_READ_GRID_JS)
    # "/bills/<slug>/" → "<slug>"
    slugs = [path.strip("/").split("/")[-1] for path in raw["columns"]]
    cells = {
        row["topic"]: {
            slug: None if cell is None else [words(text) for text in cell]
            for slug, cell in zip(slugs, row["cells"], strict=True)
        }
        for row in raw["rows"]
    }
    return GridReading(slugs=slugs, topics=[row["topic"] for row in raw["rows"]], cells=cells)


def expected_cells(bills: list[Bill]) -> dict[str, dict[str, list[str] | None]]:
    """Straight from the database: each topic's published provisions per bill, None where there are none.

    Provisions are in the order the bill lists them (display order, then id).
    """
    cells: dict[str, dict[str, list[str] | None]] = {
        category.name: dict.fromkeys((bill.slug for bill in bills), None)
        for category in Category.objects.all()
    }
    provisions = (
        Provision.objects.filter(bill__in=bills, is_published=True)
        .select_related("bill", "category")
        .order_by("display_order", "id")
    )
    for provision in provisions:
        row = cells[provision.category.name]
        row[provision.bill.slug] = [*(row[provision.bill.slug] or []), words(provision.plain)]
    return cells


def expected_effects(bills: list[Bill]) -> dict[str, dict[str, frozenset[str]]]:
    """Each topic's set of effects (requires, prohibits …) per bill; where it has none, the empty word."""
    effects = {
        category.name: {bill.slug: frozenset({empty_word(bill)}) for bill in bills}
        for category in Category.objects.all()
    }
    for name, slug, effect in Provision.objects.filter(bill__in=bills, is_published=True).values_list(
        "category__name", "bill__slug", "effect"
    ):
        effects[name][slug] = (effects[name][slug] - {NOT_ADDRESSED, NOT_RECORDED}) | {effect}
    return effects


def empty_word(bill: Bill) -> str:
    """What a grid cell says where the bill has no rule: it depends on how much of the law we read."""
    return NOT_ADDRESSED if bill.coverage == Coverage.COMPLETE else NOT_RECORDED


def read_csv_download(download: Download) -> list[list[str]]:
    """The rows of a downloaded CSV file, its byte-order mark removed."""
    text = download.path().read_text(encoding="utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


# --- Accessibility -------------------------------------------------------------------------------

_axe = Axe()


def blocking_violations(page: Page) -> list[dict]:
    """Run axe-core on the page as it is now and keep the serious and critical violations.

    axe is evaluated through Playwright's page.evaluate, which the site's strict CSP
    (script-src 'self') does not govern, so no CSP bypass is needed.
    """
    results = _axe.run(page)
    return [v for v in results.response["violations"] if v["impact"] in BLOCKING_IMPACTS]


def describe_violations(url: str, violations: list[dict]) -> str:
    lines = [f"{len(violations)} serious or critical accessibility violation(s) on {url}:"]
    for violation in violations:
        lines.append(
            f"- {violation['id']} ({violation['impact']}): {violation['help']} <{violation['helpUrl']}>"
        )
        for node in violation["nodes"]:
            target = " ".join(str(part) for part in node["target"])
            lines.append(f"    at {target}: {words(node.get('html', ''))[:200]}")
    return "\n".join(lines)
