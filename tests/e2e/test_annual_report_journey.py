"""A centre's annual report goes to the voivode: the manager opens the
year's report, enters the finance and staff figures (with the keyboard only)
and submits it; the official of the voivodeship (signed in by session) reviews
it and accepts it — through the real pages, in Polish.

A report returned for correction, corrected and submitted again is left to
reporting/tests/test_report_views.py and test_report_services.py."""

import datetime
import re

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone
from playwright.sync_api import BrowserContext, Locator, Page, expect

from reporting.models import UnitAnnualReport
from reporting.tests.reports_helpers import activity, enrol, stint
from tests.e2e.a11y import check_accessibility
from tests.e2e.journeys import log_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("reference_data"),
]

YEAR = timezone.localdate().year - 1
NARRATIVE = "W maju otwarto nowy warsztat gastronomiczny."
# Every figure of a centre's form, in the order the form asks for them.
FIGURES = [
    "120000",  # local-government own funds
    "80000.50",  # European Social Fund
    "45000",  # Labour Fund
    "12500.25",  # own revenue
    "0",  # other sources
    "6",  # staff: employment contract
    "3",  # staff: civil-law contract
    "1",  # staff: other forms
    "120000",  # grants: local government
    "45000",  # grants: Labour Fund
    "80000.50",  # grants: EU funds
    "0",  # other grants
    "150000",  # used: allowances and bonuses
    "60000",  # used: staff
    "30000",  # used: reintegration
    "0",  # used: other
]


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    """The submitted report's PDF is rendered at once; it goes to a temporary
    directory, not the project's media."""
    settings.MEDIA_ROOT = tmp_path


def signed_in(context: BrowserContext, base_url: str, user) -> Page:
    """A page of `context` with `user` already signed in: the session of
    Django's test client, handed to the browser as its cookie. (Signing in
    through the form is the manager's part here, and test_login.py's.)"""
    client = Client()
    client.force_login(user)
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": base_url}]
    )
    return context.new_page()


def label(text: str) -> re.Pattern:
    """A field's label exactly, with or without the mark of a required one."""
    return re.compile(rf"^{re.escape(text)}( \*)?$")


def section(page: Page, title: str) -> Locator:
    return page.get_by_role("region", name=title, exact=True)


def expect_at(page: Page, url: str) -> None:
    """The page is `url`, with the skip link's #main after a keyboard visit."""
    expect(page).to_have_url(re.compile(rf"^{re.escape(url)}(#main)?$"))


def tab_to(page: Page, target: Locator, most: int = 60) -> None:
    """Press Tab until `target` has the focus."""
    for _press in range(most):
        page.keyboard.press("Tab")
        if target.evaluate("element => element === document.activeElement"):
            break
    expect(target).to_be_focused()


def test_manager_enters_the_figures_by_keyboard_submits_official_accepts(
    page: Page, live_server, new_context, manager_a, official_a, unit_a
):
    base = live_server.url
    workshop = activity(unit_a, "vocational", "Warsztat gastronomiczny")
    for month in (2, 5):
        admitted = datetime.date(YEAR, month, 1)
        enrol(workshop, stint(unit_a, admitted=admitted), admitted)

    # --- the manager opens the year's report -------------------------------
    log_in(page, base, manager_a)
    page.goto(f"{base}/reports/unit-reports/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sprawozdania roczne")
    check_accessibility(page, "reports")
    page.get_by_role("button", name=f"Otwórz sprawozdanie za {YEAR} r.").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"Sprawozdanie roczne za {YEAR} r.: CIS A"
    )
    expect(page.locator(".report-state")).to_have_text("projekt")
    expect(page.locator(".report-as-of")).to_contain_text(
        "obliczone teraz z ewidencji jednostki"
    )
    total = section(page, "Uczestnicy w roku")
    expect(total.locator("tfoot td")).to_have_text(["2", "0", "2"])
    check_accessibility(page, "report-draft")
    report_url = page.url

    # --- the figures, with the keyboard only --------------------------------
    page.get_by_role("link", name="Wprowadź dane").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"Dane sprawozdania za {YEAR} r.: CIS A"
    )
    check_accessibility(page, "report-form")
    fields = page.locator("form input[type='number']")
    expect(fields).to_have_count(len(FIGURES))
    # The skip link first (the first stop of the page), then into the form.
    page.keyboard.press("Tab")
    expect(page.locator("a[href='#main']")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("main#main")).to_be_focused()
    tab_to(page, fields.first, most=10)
    for value in FIGURES:
        page.keyboard.type(value)
        page.keyboard.press("Tab")
    narrative = page.locator("textarea[name='narrative']")
    expect(narrative).to_be_focused()
    page.keyboard.type(NARRATIVE)
    tab_to(page, page.get_by_role("button", name="Zapisz dane"), most=3)
    page.keyboard.press("Enter")
    expect_at(page, report_url)
    expect(page.get_by_text("Sprawozdanie zostało zapisane.")).to_be_visible()
    finance = section(page, "Źródła finansowania")
    expect(finance.locator("tfoot td")).to_have_text(["257500.75"])
    check_accessibility(page, "report-saved")

    # --- submitted to the voivode --------------------------------------------
    page.get_by_role("link", name="Złóż wojewodzie").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"Złożenie sprawozdania za {YEAR} r.: CIS A"
    )
    check_accessibility(page, "report-submit")
    page.get_by_label(
        label(
            "Potwierdzam, że sprawozdanie jest kompletne i prawidłowe, "
            "i składam je wojewodzie."
        )
    ).check()
    page.get_by_role("button", name="Złóż wojewodzie").click()
    expect(page).to_have_url(report_url)
    expect(page.get_by_text("Sprawozdanie zostało złożone wojewodzie.")).to_be_visible()
    expect(page.locator(".report-state")).to_have_text("złożone")
    expect(page.locator(".report-as-of")).to_contain_text(
        "utrwalone w chwili złożenia sprawozdania"
    )
    check_accessibility(page, "report-submitted")

    # --- the official reviews it and accepts it ------------------------------
    official = signed_in(new_context(), base, official_a)
    official.goto(f"{base}/reports/unit-reports/review/")
    expect(official.get_by_role("heading", level=1)).to_have_text(
        "Sprawozdania jednostek"
    )
    check_accessibility(official, "official-reports")
    official.get_by_role("link", name="CIS A").click()
    expect(official).to_have_url(report_url)
    check_accessibility(official, "official-report")
    official.get_by_role("link", name="Rozpatrz sprawozdanie").click()
    expect(official).to_have_url(f"{report_url}review/")
    check_accessibility(official, "official-review")
    accepting = official.locator("form").filter(
        has=official.get_by_role("heading", name="Przyjęcie sprawozdania")
    )
    accepting.get_by_role("button", name="Przyjmij").click()
    expect(official.get_by_text("Sprawozdanie zostało przyjęte.")).to_be_visible()
    expect(official.locator(".report-state")).to_have_text("przyjęte")
    history = section(official, "Przebieg rozpatrywania")
    expect(history.locator("li strong")).to_have_text(["złożone", "przyjęte"])
    check_accessibility(official, "official-accepted")

    report = UnitAnnualReport.objects.get()
    assert report.state == "accepted"
    assert report.reviewed_by == official_a
    assert report.snapshot["entered"]["finance"]["labour_fund"] == "45000.00"
    assert report.snapshot["narrative"] == NARRATIVE
    assert report.pdf
