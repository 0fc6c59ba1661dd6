"""After a centre has lost its status, an official of its voivodeship records
the return of its unused subsidies from the decision's page: the unused
amount and two grantors; the page then shows each grantor's share to the
grosz (art. 6 ust. 3) — through the real pages, in Polish."""

import datetime

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.a11y import check_accessibility
from tests.e2e.journeys import log_in
from units.services import decision_record_existing

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("reference_data"),
]


def test_official_records_the_return_of_unused_subsidies(
    page: Page, live_server, official_a, unit_a
):
    loss = decision_record_existing(
        unit=unit_a,
        kind="loss",
        number="WPS-II.9421.7.2026",
        issued_on=datetime.date(2026, 6, 1),
        loss_ground="founder_request",
    )
    log_in(page, live_server.url, official_a)
    page.goto(f"{live_server.url}/units/decisions/{loss.pk}/")
    expect(page.get_by_text("Jeszcze nie zapisano.")).to_be_visible()
    check_accessibility(page, "loss-decision")
    page.get_by_role("link", name="Zapisz zwrot").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Zwrot niewykorzystanych dotacji"
    )
    check_accessibility(page, "subsidy-return-form")

    page.get_by_label("Niewykorzystane środki z dotacji (zł)").fill("1234,56")
    page.get_by_label("Ustalono dnia").fill("2026-06-30")
    page.get_by_label("Udzielający dotacji (wiersz 1)").fill("Gmina Radom")
    page.get_by_label("Rodzaj udzielającego (wiersz 1)").select_option("gmina")
    page.get_by_label("Udzielona dotacja (zł) (wiersz 1)").fill("12345,67")
    page.get_by_label("Udzielający dotacji (wiersz 2)").fill("Powiat radomski")
    page.get_by_label("Rodzaj udzielającego (wiersz 2)").select_option("powiat")
    page.get_by_label("Udzielona dotacja (zł) (wiersz 2)").fill("2000")
    page.get_by_role("button", name="Oblicz i zapisz").click()

    expect(
        page.get_by_text("Zwrot niewykorzystanych dotacji został zapisany.")
    ).to_be_visible()
    table = page.get_by_role("table")
    expect(table.get_by_role("row", name="Gmina Radom")).to_contain_text("1\xa0062,44")
    expect(table.get_by_role("row", name="Powiat radomski")).to_contain_text("172,12")
    check_accessibility(page, "loss-decision-with-return")
