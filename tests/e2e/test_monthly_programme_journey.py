"""A centre's manager opens the month's programme of activities from the
activities list, reads it, adopts it with a note, sees it adopted, and
downloads the printed programme (the PDF prepared by a task) — through the
real pages, in Polish."""

import datetime

import pytest
from playwright.sync_api import Page, expect

from programs.models import MonthlyProgramme
from programs.tests.factories import ActivityFactory, SessionFactory
from tests.e2e.a11y import check_accessibility
from tests.e2e.journeys import log_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("reference_data"),
]


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def test_manager_adopts_and_prints_the_month(
    page: Page, live_server, manager_a, unit_a
):
    kitchen = ActivityFactory(unit=unit_a, name="Gastronomia", place="kuchnia")
    for day in (2, 3, 4):
        SessionFactory(activity=kitchen, date=datetime.date(2026, 3, day))
    log_in(page, live_server.url, manager_a)
    page.goto(f"{live_server.url}/programs/activities/")
    check_accessibility(page, "activities")
    page.get_by_role("link", name="Program miesięczny").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(
        "Miesięczny program zajęć"
    )
    check_accessibility(page, "programme-this-month")
    page.get_by_role("textbox", name="Miesiąc").fill("2026-03")
    page.get_by_role("button", name="Pokaż").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Miesięczny program zajęć · Marzec 2026"
    )
    draft = page.get_by_text("Ten program nie został jeszcze zatwierdzony.")
    expect(draft).to_be_visible()
    days = page.get_by_role("table").first
    expect(days.get_by_role("cell", name="Gastronomia")).to_have_count(3)
    check_accessibility(page, "programme-draft")

    page.get_by_label("Uwagi").fill("Program na marzec.")
    page.get_by_role("button", name="Zatwierdź program").click()
    expect(page.get_by_text("Program zajęć został zatwierdzony.")).to_be_visible()
    expect(page.get_by_text("Program na marzec.")).to_be_visible()
    check_accessibility(page, "programme-adopted")
    adopted = MonthlyProgramme.objects.get()
    assert (adopted.unit, adopted.sessions) == (unit_a, 3)
    assert adopted.adopted_by == manager_a

    with page.expect_download() as download:
        page.get_by_role("link", name="Program do druku (PDF)").click()
    path = download.value.path()
    with open(path, "rb") as handle:
        assert handle.read(5) == b"%PDF-"
