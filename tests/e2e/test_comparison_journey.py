"""A ministry analyst goes from the statistics to the comparison of years,
asks for a range the form refuses, corrects it, reads the tables and line
charts, downloads the workbook and prepares the PDF — through the real
pages. The live server runs tasks at once, so the job is done when its page
opens. Figures: reporting/tests/test_comparison.py."""

import re

import pytest
from playwright.sync_api import Page, expect

from reporting.tests.statistics_factories import build_years_world
from tests.e2e.a11y import check_accessibility
from tests.e2e.journeys import log_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("reference_data"),
]


def choose_years(page: Page, first: str, last: str) -> None:
    page.locator("#id_from").select_option(first)
    page.locator("#id_to").select_option(last)
    page.locator("form[method='get'] button[type='submit']").click()


def test_analyst_compares_years(
    page: Page, live_server, analyst, settings, tmp_path, page_journal
):
    settings.MEDIA_ROOT = tmp_path
    build_years_world()
    base = live_server.url
    log_in(page, base, analyst)

    page.goto(f"{base}/reports/statistics/?year=2025")
    expect(page.get_by_role("heading", level=1)).to_contain_text("2025")
    check_accessibility(page, "dashboard")
    page.locator("a[href^='/reports/statistics/years/']").click()
    expect(page).to_have_url(
        re.compile(r"/reports/statistics/years/\?from=2022&to=2025")
    )
    expect(page.get_by_role("heading", level=1)).to_contain_text("2022–2025")
    check_accessibility(page, "comparison-default")

    # The last year before the first: the form says so (answered with 400,
    # which the browser logs as an error: that one is expected) and keeps
    # the choice.
    choose_years(page, "2025", "2023")
    expect(page.get_by_role("alert")).to_contain_text("2025")
    expect(page.locator("#id_from")).to_have_value("2025")
    expect(page.locator("table")).to_have_count(0)
    check_accessibility(page, "comparison-error")
    refused = [line for line in page_journal.console_errors if "400" in line]
    assert len(refused) == 1
    assert "/reports/statistics/years/?from=2025&to=2023" in refused[0]
    page_journal.console_errors.remove(refused[0])

    choose_years(page, "2023", "2025")
    expect(page.get_by_role("heading", level=1)).to_contain_text("2023–2025")
    # CIS participants 2, 3, 4: +2, +100%.
    row = page.locator("#table-participants tbody tr").first
    expect(row.locator("td")).to_have_text(["2", "3", "4", "2", "100,0"])
    charts = page.locator("img.figure-img")
    expect(charts).to_have_count(2)
    for index in range(charts.count()):
        chart = charts.nth(index)
        chart.scroll_into_view_if_needed()
        assert chart.get_attribute("alt")
        page.wait_for_function(
            "(img) => img.complete && img.naturalWidth > 0", arg=chart.element_handle()
        )
    check_accessibility(page, "comparison")

    with page.expect_download() as info:
        page.locator("a[href^='/reports/statistics/years/comparison.xlsx']").click()
    assert info.value.suggested_filename == "statystyka-2023-2025-polska.xlsx"

    page.locator("form[action='/reports/statistics/years/pdf/'] button").click()
    expect(page).to_have_url(re.compile(r"/reports/jobs/\d+/$"), timeout=60_000)
    expect(page.get_by_role("heading", level=1)).to_contain_text("2023–2025")
    download_link = page.locator("a[href$='/download/']")
    expect(download_link).to_be_visible()
    check_accessibility(page, "job-ready")
    with page.expect_download() as info:
        download_link.click()
    assert info.value.suggested_filename == "statystyka-2023-2025-polska.pdf"
    path = tmp_path / "porownanie.pdf"
    info.value.save_as(path)
    assert path.read_bytes().startswith(b"%PDF")
