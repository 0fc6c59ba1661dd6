"""An official takes an application from receipt to a granted status, and the
centre appears in the public register — through the real pages, in Polish."""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from accounts.tests.factories import TEST_PASSWORD
from tests.e2e.a11y import check_accessibility
from units.tests.factories import FoundingBodyFactory, voivodeship

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("reference_data"),
]


def test_official_grants_status_and_the_register_shows_it(
    page: Page, live_server, official_a
):
    FoundingBodyFactory(name="Stowarzyszenie Przystań", voivodeship=voivodeship("14"))
    today = timezone.localdate().isoformat()
    base = live_server.url
    page.goto(f"{base}/accounts/login/")
    check_accessibility(page, "login")
    page.get_by_label("Adres e-mail").fill(official_a.email)
    page.get_by_label("Hasło").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Zaloguj się").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Województwo mazowieckie")
    check_accessibility(page, "home")

    page.get_by_role("link", name="Wnioski o status").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Wnioski o status CIS")
    check_accessibility(page, "applications")
    page.get_by_role("link", name="Zarejestruj wniosek").click()
    expect(page.get_by_label("Data wpływu")).to_be_visible()
    check_accessibility(page, "application-form")
    page.get_by_label("Podmiot tworzący").select_option(label="Stowarzyszenie Przystań")
    page.get_by_label("Data wpływu").fill(today)
    page.get_by_label("Nazwa centrum").fill("CIS Przystań")
    page.get_by_label("Adres centrum").fill("ul. Portowa 1")
    page.get_by_label("Gmina").fill("Płock")
    page.get_by_label("Liczba miejsc").fill("30")
    # A few items of what the application states (art. 4 ust. 2), in Polish
    # notation; the rest is left for later.
    page.locator("input[name='expected_participants']").fill("40")
    page.locator("input[name='target_groups'][value='long_term_unemployed']").check()
    page.locator("input[name='target_groups'][value='homeless']").check()
    page.locator("input[name='annual_budget']").fill("650 000,50")
    page.locator("input[name='reintegration_costs']").fill("210000")
    page.get_by_role("button", name="Zarejestruj").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("CIS Przystań")
    expect(page.get_by_text("Wniosek został zarejestrowany.")).to_be_visible()
    contents = page.locator("section[aria-labelledby='app-contents']")
    expect(contents).to_contain_text("650\u00a0000,50")
    expect(page.locator("#app-not-stated")).to_be_visible()
    check_accessibility(page, "application")

    # The official completes the expected results before the decision.
    page.locator("a[href$='/contents/']").click()
    expect(page.locator("input[name='expected_participants']")).to_have_value("40")
    expect(page.locator("input[name='annual_budget']")).to_have_value("650000,50")
    check_accessibility(page, "application-contents")
    page.locator("input[name='expected_trained']").fill("45")
    page.get_by_role("button", name="Zapisz").click()
    expect(page.locator("input[name='expected_trained']")).to_have_class(
        re.compile(r"is-invalid")
    )
    check_accessibility(page, "application-contents-error")
    page.locator("input[name='expected_trained']").fill("30")
    page.locator("input[name='expected_employed']").fill("10")
    page.get_by_role("button", name="Zapisz").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("CIS Przystań")
    expect(contents).to_contain_text("30")
    check_accessibility(page, "application-contents-saved")

    document_select = page.locator("select[name='document-kind']")
    options = document_select.locator("option").all_inner_texts()
    assert len(options) == 5
    for number, option in enumerate(options, start=1):
        document_select.select_option(label=option)
        page.locator("input[name='document-delivered_on']").fill(today)
        page.locator("input[name='document-on_paper']").check()
        page.get_by_role("button", name="Zapisz dokument").click()
        expect(page.get_by_text("Dokument został odnotowany.")).to_be_visible()
        check_accessibility(page, f"application-document-{number}")

    page.get_by_role("button", name="Potwierdź kompletność").click()
    expect(page.get_by_text("Wniosek jest kompletny.")).to_be_visible()
    check_accessibility(page, "application-complete")

    page.get_by_label("przyznać status").check()
    page.locator("input[name='decide-issued_on']").fill(today)
    page.get_by_role("button", name="Wydaj decyzję").click()
    expect(
        page.get_by_text(re.compile(r"Wydano decyzję CIS-14\.1\.\d{4}\."))
    ).to_be_visible()
    # Decided: what the application states can no longer be corrected.
    expect(page.locator("a[href$='/contents/']")).to_have_count(0)
    check_accessibility(page, "application-decided")

    # On the centre's page the official compares the application with the
    # reports; this year is not over yet.
    page.locator("section[aria-labelledby='app-data']").get_by_role(
        "link", name="CIS Przystań"
    ).click()
    promises = page.locator("#promises")
    expect(promises).to_contain_text("650\u00a0000,50")
    expect(promises).to_contain_text(str(timezone.localdate().year))
    check_accessibility(page, "centre")

    page.get_by_role("link", name="Rejestr publiczny").first.click()
    row = page.get_by_role("row").filter(has_text="CIS Przystań")
    expect(row).to_contain_text("aktywny")
    expect(row).to_contain_text("CIS-14.1.")
    check_accessibility(page, "register")
