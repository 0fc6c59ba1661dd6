import re

import pytest
from playwright.sync_api import Page, expect

from accounts.tests.factories import TEST_PASSWORD

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("reference_data"),
]


def log_in(page: Page, base_url: str, email: str, password: str) -> None:
    page.goto(f"{base_url}/")
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next=/$"))
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


def test_official_logs_in_and_sees_their_voivodeship(
    page: Page, live_server, official_a
):
    log_in(page, live_server.url, official_a.email, TEST_PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_have_text("Województwo mazowieckie")


def test_wrong_password_is_explained(page: Page, live_server, analyst):
    log_in(page, live_server.url, analyst.email, "not-the-password")
    expect(page.get_by_role("alert")).to_contain_text(
        "Podaj poprawny adres e-mail i hasło."
    )


def test_unit_list_filters_with_htmx(
    page: Page, live_server, analyst, unit_a, unit_other
):
    log_in(page, live_server.url, analyst.email, TEST_PASSWORD)
    page.goto(f"{live_server.url}/units/")
    expect(page.get_by_role("link", name="KIS C")).to_be_visible()
    page.get_by_label("Rodzaj", exact=True).select_option("CIS")
    expect(page.get_by_role("link", name="KIS C")).to_have_count(0)
    expect(page.get_by_role("link", name="CIS A")).to_be_visible()
    expect(page).to_have_url(re.compile(r"kind=CIS"))
