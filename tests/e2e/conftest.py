"""Playwright drives Debian's chromium package; it never downloads a browser."""

import os
import shutil

import pytest

from tests.e2e.a11y import PageJournal, folder_for

# Playwright's sync API runs an event loop in the test thread; the database
# work there is synchronous test set-up, which is safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "pl-PL"}


@pytest.fixture(autouse=True)
def page_journal(request):
    """Screenshots of the pages of this test, and what must not happen in
    them (see tests/e2e/a11y.py)."""
    live_server = request.getfixturevalue("live_server")
    journal = PageJournal(
        folder=folder_for(request.config.rootpath, request.node.name),
        origin=live_server.url,
    )
    journal.start()
    return journal


@pytest.fixture
def new_context(new_context, page_journal, request):
    """Every browser context of a test (the `page` fixture's too) is watched;
    after the test each page visited must have been checked, and nothing may
    have been requested from another server."""

    def watched(**kwargs):
        context = new_context(**kwargs)
        page_journal.watch(context)
        return context

    yield watched
    rep_call = getattr(request.node, "rep_call", None)
    if rep_call is None or rep_call.failed:
        page_journal.screenshot_open_pages()
        return
    problems = page_journal.problems()
    if problems:
        pytest.fail("\n".join(problems), pytrace=False)
