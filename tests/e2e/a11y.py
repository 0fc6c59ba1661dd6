"""Accessibility checks and screenshots for the browser journeys.

`check_accessibility(page)` runs axe-core (bundled with axe-playwright-python,
injected through Playwright, so nothing is fetched) on the page as it is and
fails on every violation of impact "serious" or "critical". Before it does, it
saves a full-page screenshot under test-artifacts/screenshots/<test>/.

A `PageJournal` (one per test, set up by tests/e2e/conftest.py) watches the
browser contexts of the test: each page loaded must be checked before the
next one loads in its tab (after an htmx swap, where the test says so), no
request may leave the live server, and no page may log an error (a script,
style or connection blocked by the CSP shows up there).
"""

from __future__ import annotations

import contextlib
import re
import shutil
import weakref
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from axe_playwright_python.sync_playwright import Axe
from django.utils.text import slugify
from playwright.sync_api import BrowserContext, ConsoleMessage, Page, Request
from playwright.sync_api import Error as PlaywrightError

BLOCKING_IMPACTS = ("serious", "critical")
TARGETS_SHOWN = 3
# Requests a page makes without a server (inline data, the blank page).
LOCAL_SCHEMES = ("data:", "blob:", "about:")

_axe = Axe()
_journals: weakref.WeakKeyDictionary[BrowserContext, PageJournal] = (
    weakref.WeakKeyDictionary()
)


@dataclass
class PageJournal:
    """What happened in the browser during one test."""

    folder: Path
    origin: str
    shots: int = 0
    unchecked: dict[Page, str] = field(default_factory=dict)
    missed: list[str] = field(default_factory=list)
    foreign_requests: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    pages: list[Page] = field(default_factory=list)

    def start(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)
        self.folder.mkdir(parents=True)

    def watch(self, context: BrowserContext) -> None:
        _journals[context] = self
        context.on("page", self._watch_page)
        context.on("request", self._request)
        for page in context.pages:
            self._watch_page(page)

    def _watch_page(self, page: Page) -> None:
        self.pages.append(page)
        page.on("domcontentloaded", self._loaded)
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.console_errors.append(str(error)))

    def _loaded(self, page: Page) -> None:
        if page.url.startswith(LOCAL_SCHEMES):
            return
        previous = self.unchecked.get(page)
        if previous is not None:
            self.missed.append(previous)
        self.unchecked[page] = page.url

    def _request(self, request: Request) -> None:
        url = request.url
        if not (url.startswith(LOCAL_SCHEMES) or url.startswith(f"{self.origin}/")):
            self.foreign_requests.append(url)

    def _console(self, message: ConsoleMessage) -> None:
        if message.type == "error":
            source = message.location.get("url")
            self.console_errors.append(
                f"{message.text} ({source})" if source else message.text
            )

    def screenshot(self, page: Page, step: str | None) -> Path:
        self.shots += 1
        slug = slugify(step or urlsplit(page.url).path) or "home"
        path = self.folder / f"{self.shots:02d}-{slug}.png"
        page.screenshot(path=path, full_page=True)
        return path

    def checked(self, page: Page) -> None:
        self.unchecked.pop(page, None)

    def screenshot_open_pages(self) -> None:
        """The state each page was left in when the test failed."""
        for page in self.pages:
            # A crashed page has no picture; the test's own failure says more.
            if not page.is_closed():
                with contextlib.suppress(PlaywrightError):
                    self.screenshot(page, "failed")

    def problems(self) -> list[str]:
        """Everything the test should have failed on but did not."""
        problems = [
            f"visited without an accessibility check: {url}"
            for url in [*self.missed, *self.unchecked.values()]
        ]
        problems += [
            f"request to another server: {url}" for url in self.foreign_requests
        ]
        problems += [
            f"error in the browser console: {line}" for line in self.console_errors
        ]
        return problems


def folder_for(root: Path, test_name: str) -> Path:
    """test-artifacts/screenshots/<test name> under the project's root."""
    name = re.sub(r"[^\w.-]+", "-", test_name).strip("-")
    return root / "test-artifacts" / "screenshots" / name


def describe(violation: dict) -> str:
    """One line for an axe violation: rule, impact, help, first targets."""
    targets = [
        " ".join(str(part) for part in node["target"])
        for node in violation["nodes"][:TARGETS_SHOWN]
    ]
    more = len(violation["nodes"]) - TARGETS_SHOWN
    if more > 0:
        targets.append(f"and {more} more")
    return (
        f"{violation['id']} ({violation['impact']}): {violation['help']}"
        f" [{', '.join(targets)}]"
    )


def check_accessibility(page: Page, step: str | None = None) -> None:
    """Fail on every serious or critical axe violation of the page as it is
    now; `step` names its screenshot (the URL's path by default)."""
    page.wait_for_load_state("load")
    shot = None
    journal = _journals.get(page.context)
    if journal is not None:
        journal.checked(page)
        shot = journal.screenshot(page, step)
    violations = _axe.run(page).response["violations"]
    blocking = [v for v in violations if v["impact"] in BLOCKING_IMPACTS]
    if blocking:
        lines = [f"Accessibility violations on {page.url}:"]
        lines += [f"- {describe(violation)}" for violation in blocking]
        if shot is not None:
            lines.append(f"Screenshot: {shot}")
        raise AssertionError("\n".join(lines))
