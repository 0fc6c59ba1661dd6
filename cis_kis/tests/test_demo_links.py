"""No dead links: every demo login walks the pages it can reach from the home
page by following links, and each page answers without a server error and
each link found on a page leads somewhere (no 404). The walk only reads
(GET); it keeps to the application's own pages (not Django's administration
site, static files or log-out) and stops after a bounded number of pages per
login, taking the links in the order a user meets them."""

from __future__ import annotations

import re
from collections import Counter, deque
from html.parser import HTMLParser
from io import StringIO
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import Client

from accounts.models import User
from cis_kis.demo import LOGINS, demo_email

pytestmark = pytest.mark.django_db
PAGES_PER_LOGIN = 250
# Pages of one shape (the same path with other ids and the same query
# parameters) visited at most this often: the walk goes wide, not deep.
PER_SHAPE = 3
SKIPPED_PREFIXES = ("/admin/", "/static/", "/media/", "/accounts/logout/")
# Variants of a list that show the same rows in another order or format.
SKIPPED_PARAMETERS = {"sort", "_export", "per_page"}


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.hrefs.append(href)


def _internal(base: str, href: str) -> str | None:
    """The path and query of an application link, or None for any other."""
    if href.startswith(("mailto:", "tel:", "javascript:", "#")):
        return None
    parts = urlsplit(urljoin(base, href))
    if parts.scheme not in ("http", "https", "") or parts.netloc not in (
        "",
        "testserver",
    ):
        return None
    if parts.path.startswith(SKIPPED_PREFIXES):
        return None
    query = parse_qsl(parts.query, keep_blank_values=True)
    if any(name in SKIPPED_PARAMETERS for name, _value in query):
        return None
    page = dict(query).get("page")
    if page and page not in ("1", "2"):
        return None
    return parts.path + (f"?{urlencode(sorted(query))}" if query else "")


def _shape(url: str) -> str:
    parts = urlsplit(url)
    names = sorted(name for name, _value in parse_qsl(parts.query))
    return re.sub(r"\d+", "N", parts.path) + "?" + "&".join(names)


def walk(client: Client) -> tuple[int, list[tuple[str, int, str]]]:
    """(pages read, [(url, status, the page that linked to it)])."""
    queue: deque[tuple[str, str]] = deque([("/", "(start)")])
    seen: set[str] = set()
    shapes: Counter[str] = Counter()
    problems = []
    while queue and len(seen) < PAGES_PER_LOGIN:
        url, referrer = queue.popleft()
        if url in seen or shapes[_shape(url)] >= PER_SHAPE:
            continue
        seen.add(url)
        shapes[_shape(url)] += 1
        response = client.get(url)
        status = response.status_code
        if status >= 500 or status == 404:
            problems.append((url, status, referrer))
            continue
        content_type = response.get("Content-Type", "")
        if status != 200 or not content_type.startswith("text/html"):
            continue
        parser = _Links()
        parser.feed(response.content.decode())
        for href in parser.hrefs:
            target = _internal(url, href)
            if target is not None and target not in seen:
                queue.append((target, url))
    return len(seen), problems


@pytest.fixture(scope="module")
def demo_data(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_demo", "--password", "x-demo-pass", stdout=StringIO())
        yield
        transaction.set_rollback(True)


@pytest.mark.usefixtures("demo_data")
@pytest.mark.parametrize("login", LOGINS, ids=[login.email for login in LOGINS])
def test_every_link_of_a_demo_login_leads_somewhere(login, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path  # documents rendered on the way
    client = Client()
    client.force_login(User.objects.get(email=demo_email(login)))
    pages, problems = walk(client)
    assert pages > 5
    assert problems == []
