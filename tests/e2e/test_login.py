import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from accounts.tests.factories import TEST_PASSWORD
from tests.e2e.a11y import PageJournal, check_accessibility

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("reference_data"),
]


def log_in(page: Page, base_url: str, email: str, password: str) -> None:
    page.goto(f"{base_url}/")
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next=/$"))
    check_accessibility(page, "login")
    page.get_by_label("Adres e-mail").fill(email)
    page.get_by_label("Hasło").fill(password)
    page.get_by_role("button", name="Zaloguj się").click()


def test_unit_staff_logs_in_and_sees_their_unit(
    page: Page, live_server, staff_a, unit_b
):
    log_in(page, live_server.url, staff_a.email, TEST_PASSWORD)
    expect(page).to_have_url(f"{live_server.url}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Moje jednostki")
    expect(page.get_by_role("link", name="CIS A")).to_be_visible()
    expect(page.get_by_role("link", name="CIS B")).to_have_count(0)
    check_accessibility(page, "home")


def test_official_logs_in_and_sees_their_voivodeship(
    page: Page, live_server, official_a
):
    log_in(page, live_server.url, official_a.email, TEST_PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_have_text("Województwo mazowieckie")
    check_accessibility(page, "home")


def test_wrong_password_is_explained(page: Page, live_server, analyst):
    log_in(page, live_server.url, analyst.email, "not-the-password")
    expect(page.get_by_role("alert")).to_contain_text(
        "Podaj poprawny adres e-mail i hasło."
    )
    check_accessibility(page, "login-refused")


def test_unit_list_filters_with_htmx(
    page: Page, live_server, analyst, unit_a, unit_other
):
    log_in(page, live_server.url, analyst.email, TEST_PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    check_accessibility(page, "home")
    page.goto(f"{live_server.url}/units/")
    expect(page.get_by_role("link", name="KIS C")).to_be_visible()
    check_accessibility(page, "units")
    page.get_by_label("Rodzaj", exact=True).select_option("CIS")
    expect(page.get_by_role("link", name="KIS C")).to_have_count(0)
    expect(page.get_by_role("link", name="CIS A")).to_be_visible()
    expect(page).to_have_url(re.compile(r"kind=CIS"))
    check_accessibility(page, "units-cis")


# --- the checks themselves ---------------------------------------------------

PROBE = """<!doctype html>
<html lang="en"><head><title>Probe</title></head>
<body><main><h1>Probe</h1><img width="20" height="20">
<p style="color: #aaa">Faint text.</p></main><p>Outside every landmark.</p></body>
</html>"""


def test_the_accessibility_check_fails_on_serious_violations_without_a_request(
    page: Page, page_journal
):
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    page.set_content(PROBE)
    with pytest.raises(AssertionError) as failure:
        check_accessibility(page, "probe")
    assert str(failure.value).splitlines() == [
        "Accessibility violations on about:blank:",
        "- color-contrast (serious): Elements must meet minimum color contrast"
        " ratio thresholds [main > p]",
        "- image-alt (critical): Images must have alternative text [img]",
        f"Screenshot: {page_journal.folder / '01-probe.png'}",
    ]
    assert (page_journal.folder / "01-probe.png").is_file()
    # The text outside a landmark is a moderate violation: not a failure.
    assert "region" in {v["id"] for v in Axe().run(page).response["violations"]}
    assert requests == []


def test_the_journal_reports_unchecked_pages_and_other_servers(
    browser, live_server, tmp_path
):
    journal = PageJournal(folder=tmp_path / "shots", origin=live_server.url)
    journal.start()
    context = browser.new_context()
    journal.watch(context)
    # Refused in the browser itself: nothing leaves the machine.
    context.route("http://127.0.0.1:9/**", lambda route: route.abort())
    page = context.new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.goto(f"{live_server.url}/register/")
    check_accessibility(page, "register")
    page.evaluate("fetch('http://127.0.0.1:9/blocked-by-csp').catch(() => null)")
    blank = context.new_page()
    blank.evaluate("fetch('http://127.0.0.1:9/foreign').catch(() => null)")
    page.goto(f"{live_server.url}/accounts/login/?next=/")
    context.close()
    problems = journal.problems()
    assert problems[:3] == [
        f"visited without an accessibility check: {live_server.url}/accounts/login/",
        "visited without an accessibility check: "
        f"{live_server.url}/accounts/login/?next=/",
        "request to another server: http://127.0.0.1:9/foreign",
    ]
    # Console messages come as the browser sends them, not in a fixed order.
    console = sorted(problems[3:])
    assert len(console) == 3
    assert all(line.startswith("error in the browser console: ") for line in console)
    assert sum("Content Security Policy" in line for line in console) == 2
    assert (
        "error in the browser console: Failed to load resource: net::ERR_FAILED"
        " (http://127.0.0.1:9/foreign)"
    ) in console
    assert [shot.name for shot in journal.folder.iterdir()] == ["01-register.png"]
