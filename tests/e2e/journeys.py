"""Steps every browser journey shares."""

from playwright.sync_api import Page, expect

from accounts.tests.factories import TEST_PASSWORD
from tests.e2e.a11y import check_accessibility


def log_in(page: Page, base_url: str, user) -> None:
    """Log in through the Polish log-in page, checking it and the home page."""
    page.goto(f"{base_url}/accounts/login/")
    check_accessibility(page, "login")
    page.get_by_label("Adres e-mail").fill(user.email)
    page.get_by_label("Hasło").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Zaloguj się").click()
    expect(page.get_by_role("button", name=user.full_name)).to_be_visible()
    check_accessibility(page, "home")
