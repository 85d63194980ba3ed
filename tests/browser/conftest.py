"""A real browser for the review page (/ui): Debian's headless Chromium driven by
Playwright's Python package through ``executable_path`` (scripts/services.sh installs it;
`playwright install` is never run). One browser per session, one fresh context per test
(its own sessionStorage and cookie jar), every dialog, console error, uncaught exception
and request recorded, and screenshots at the key steps and on failure."""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from collections.abc import Generator, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Dialog, Page, Playwright, ViewportSize, expect, sync_playwright

SCREENSHOTS = Path(tempfile.gettempdir()) / "pagemill-screenshots"
# Wide enough for the page image and the blocks beside it.
VIEWPORT: ViewportSize = {"width": 1400, "height": 900}


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Generator[None, Any, None]:
    # The tab fixture's teardown reads whether the test body failed, to keep a screenshot.
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"report_{report.when}", report)


# Package scope, not session: Playwright's sync API keeps an event loop running in the
# main thread while it is started, and the tests after these (webhook delivery) call
# asyncio.run(), which refuses to run inside one.
@pytest.fixture(scope="package")
def playwright() -> Iterator[Playwright]:
    with sync_playwright() as p:
        yield p


@pytest.fixture(scope="package")
def browser(playwright: Playwright) -> Iterator[Browser]:
    executable = shutil.which("chromium")
    if executable is None:
        # Never a skip: a browser test that silently does not run is a review page that
        # silently goes untested.
        pytest.fail(
            "chromium is not installed: run scripts/services.sh (it installs Debian's chromium), "
            "then run the browser tests again",
            pytrace=False,
        )
    browser = playwright.chromium.launch(executable_path=executable, headless=True)
    yield browser
    browser.close()


@dataclass
class Tab:
    """A page in a fresh browser context and what it did: dialogs (each dismissed),
    console errors and uncaught exceptions, and every URL it requested."""

    page: Page
    name: str
    dialogs: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)

    def shot(self, step: str) -> Path:
        """A screenshot of the viewport as it is now, named after the test and the step."""
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS / f"{self.name}-{step}.png"
        self.page.screenshot(path=str(path))
        return path

    def sign_in(self, api_url: str, key: str) -> None:
        """Open /ui and paste ``key`` into the key form, as a person would."""
        self.page.goto(f"{api_url}/ui")
        self.page.get_by_test_id("key-input").fill(key)
        self.page.get_by_test_id("key-save").click()
        expect(self.page.get_by_test_id("key-forget")).to_be_visible()

    def open_document(self, api_url: str, doc_id: str) -> None:
        self.page.goto(f"{api_url}/ui#/documents/{doc_id}")


@pytest.fixture
def tab(browser: Browser, request: pytest.FixtureRequest) -> Iterator[Tab]:
    context = browser.new_context(viewport=VIEWPORT, accept_downloads=True)
    # Long enough for a page to render under a loaded machine, short enough to fail fast.
    context.set_default_timeout(15_000)
    page = context.new_page()
    tab = Tab(page, re.sub(r"[^A-Za-z0-9_.-]+", "_", request.node.name))

    def on_dialog(dialog: Dialog) -> None:
        tab.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    page.on("dialog", on_dialog)
    page.on("console", lambda msg: tab.errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: tab.errors.append(f"uncaught: {exc}"))
    page.on("request", lambda req: tab.requests.append(req.url))
    yield tab
    report = getattr(request.node, "report_call", None)
    if report is not None and report.failed:
        path = tab.shot("failed")
        print(f"screenshot of the failure: {path}")
    context.close()


def screenshot_dir() -> Path | None:
    """Where to write the README's screenshot of a real page view, when asked
    (PAGEMILL_SCREENSHOT_DIR=docs/)."""
    target = os.environ.get("PAGEMILL_SCREENSHOT_DIR")
    return Path(target) if target else None
