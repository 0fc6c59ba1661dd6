"""A ministry analyst opens the national statistics, starts the national PDF,
sees it ready and downloads it — through the real pages, in Polish. The
live server runs tasks at once, so the job is done when its page opens."""

import re

import pytest
from playwright.sync_api import Page, expect

from accounts.tests.factories import TEST_PASSWORD
from reporting.tests.statistics_factories import build_world
from tests.e2e.a11y import check_accessibility

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("reference_data"),
]


def test_analyst_prepares_and_downloads_the_national_pdf(
    page: Page, live_server, analyst, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    build_world()
    base = live_server.url
    page.goto(f"{base}/accounts/login/")
    check_accessibility(page, "login")
    page.get_by_label("Adres e-mail").fill(analyst.email)
    page.get_by_label("Hasło").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Zaloguj się").click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    check_accessibility(page, "home")

    page.goto(f"{base}/reports/statistics/?year=2025")
    expect(page.get_by_role("heading", level=1)).to_contain_text("2025")
    table = page.locator("#table-participants_by_primary_ground")
    # X, Y and V (reporting/tests/test_statistics.py): 3 CIS participants.
    expect(table.locator("tbody tr").last).to_contain_text("3")
    # Every chart has loaded (an SVG from the server, with a text alternative).
    charts = page.locator("img.figure-img")
    expect(charts.first).to_be_visible()
    for index in range(charts.count()):
        chart = charts.nth(index)
        chart.scroll_into_view_if_needed()
        assert chart.get_attribute("alt")
        page.wait_for_function(
            "(img) => img.complete && img.naturalWidth > 0", arg=chart.element_handle()
        )
    check_accessibility(page, "dashboard")

    page.locator("form[action='/reports/statistics/pdf/'] button").click()
    expect(page).to_have_url(re.compile(r"/reports/jobs/\d+/$"), timeout=60_000)
    download_link = page.locator("a[href$='/download/']")
    expect(download_link).to_be_visible()
    check_accessibility(page, "job-ready")
    with page.expect_download() as info:
        download_link.click()
    download = info.value
    assert download.suggested_filename == "statystyka-2025-polska.pdf"
    path = tmp_path / "pobrany.pdf"
    download.save_as(path)
    assert path.read_bytes().startswith(b"%PDF")
