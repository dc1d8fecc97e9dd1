"""Browser tests: Playwright (sync API) drives Debian's Chromium against pytest-django's live server.

Every test starts from the real data set (the live server's database is emptied after each test, so
it is loaded afresh) and opens one browser window per persona. When a test fails, each window it
opened is photographed into ``test-artifacts/``.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import Browser, Error, Page, expect, sync_playwright

from bills.loading import load_bills

from ..factories import make_editor
from .helpers import EDNA_PASSWORD

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]

# Long enough for a slow CI machine, short enough that a broken step fails fast instead of in 30 s.
ACTION_TIMEOUT_MS = 10_000
EXPECT_TIMEOUT_MS = 5_000

DESKTOP = {"viewport": {"width": 1280, "height": 900}}
# An iPhone 12-14 sized phone, as the issue asks: 390 CSS pixels wide, touch, mobile viewport rules.
PHONE = {
    "viewport": {"width": 390, "height": 844},
    "device_scale_factor": 3,
    "is_mobile": True,
    "has_touch": True,
}

ARTIFACTS_DIR = "test-artifacts"

# Set on a test's item when its body, or any of its subtests, failed.
call_failed_key = pytest.StashKey[bool]()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo) -> Iterator[pytest.TestReport]:
    """Note on the item whether the test failed, so fixture teardown can photograph its windows.

    Subtests report through here too, so a failed one leaves the flag set for the later ones.
    """
    report = yield
    if report.when == "call" and report.failed:
        item.stash[call_failed_key] = True
    return report


def _chromium_or_stop() -> None:
    """Fail loudly on CI when the browser is missing (a silent skip would hide the whole suite)."""
    if CHROMIUM.exists():
        return
    message = (
        f"The browser tests need Debian's Chromium at {CHROMIUM} (apt-get install chromium); "
        "Playwright's own browser download is not used."
    )
    if os.environ.get("CI"):
        pytest.fail(message, pytrace=False)
    pytest.skip(message)


@pytest.fixture(scope="session")
def chromium() -> Iterator[Browser]:
    """One headless Chromium for the whole run; each persona gets a fresh context (cookies) in it."""
    _chromium_or_stop()
    # Playwright's sync API keeps an asyncio loop running in the main thread, and Django then refuses
    # ORM calls from that thread. The tests' own ORM calls (loading data, reading what to expect, the
    # flush after each test) happen while the browser waits, so the guard is lifted for this session
    # only, and put back afterwards so the rest of the suite keeps it.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    expect.set_options(timeout=EXPECT_TIMEOUT_MS)
    try:
        with sync_playwright() as playwright:
            try:
                browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            except Error as error:
                pytest.fail(f"Chromium at {CHROMIUM} would not start: {error}", pytrace=False)
            yield browser
            browser.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture(autouse=True)
def real_bills(live_server) -> None:
    """The 28 researched bills from bills/data, as the public site shows them."""
    load_bills()


@pytest.fixture
def open_window(
    chromium: Browser, live_server, request: pytest.FixtureRequest
) -> Iterator[Callable[..., Page]]:
    """Open a browser window with its own cookies for a persona; photographed if the test fails.

    The screenshot is ``test-artifacts/<test-name>.png``, or ``<test-name>-<persona>.png`` for each
    window of a test that opened several.
    """
    windows: list[tuple[str, Page]] = []

    def open_(persona: str, **context_options) -> Page:
        context = chromium.new_context(base_url=live_server.url, **{**DESKTOP, **context_options})
        context.set_default_timeout(ACTION_TIMEOUT_MS)
        page = context.new_page()
        windows.append((persona, page))
        return page

    yield open_

    failed = request.node.stash.get(call_failed_key, False)
    for persona, page in windows:
        if page.is_closed():  # closed by the test: nothing left to photograph
            continue
        if failed:
            suffix = f"-{persona}" if len(windows) > 1 else ""
            _save_screenshot(page, request.config.rootpath / ARTIFACTS_DIR, request.node.name + suffix)
        page.context.close()


def _save_screenshot(page: Page, directory: Path, name: str) -> None:
    path = directory / (re.sub(r"[^\w.-]+", "-", name).strip("-") + ".png")
    directory.mkdir(exist_ok=True)
    try:
        page.screenshot(path=path, full_page=True)
    except Error as error:  # A crashed or closed page must not hide the test's own failure.
        print(f"Could not save a screenshot to {path}: {error}")
    else:
        print(f"Screenshot of the failed page: {path}")


@pytest.fixture
def vera(open_window) -> Page:
    """Vera, a visitor on a desktop browser: not signed in."""
    return open_window("vera")


@pytest.fixture
def vera_on_her_phone(open_window) -> Page:
    """Vera again, on a 390 px wide touch-screen phone."""
    return open_window("vera-phone", **PHONE)


@pytest.fixture
def edna_account(fast_password_hashing) -> User:
    """Edna the editor's account (staff, in the Editors group); she signs in with ``EDNA_PASSWORD``."""
    return make_editor("edna", password=EDNA_PASSWORD)


@pytest.fixture
def edna(open_window, edna_account) -> Page:
    """A browser window for Edna the editor, not yet signed in: she uses the admin's login form."""
    return open_window("edna")
