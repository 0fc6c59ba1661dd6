"""A staff member fills a participant's month in the attendance register
with the keyboard only: letters of the legend (each saved at once, the focus
moving on), an arrow key back to correct a day; after a reload the days are
there, saved — through the real page, in Polish."""

import datetime

import pytest
from playwright.sync_api import Page, expect

from programs.models import AttendanceEntry
from programs.selectors import working_days
from programs.tests.factories import ParticipationFactory
from tests.e2e.a11y import check_accessibility
from tests.e2e.journeys import log_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("reference_data"),
]

MONTH = datetime.date(2026, 3, 1)
# One letter per working day of March 2026 (22 days).
LETTERS = "OOOOOCCOOOBOOOUOONOOWO"


def test_staff_fills_a_month_with_the_keyboard(
    page: Page, live_server, staff_a, unit_a
):
    person = ParticipationFactory.for_unit(
        unit_a,
        participant__first_name="Anna",
        participant__last_name="Kowalska",
        admitted_on=datetime.date(2025, 9, 1),
    )
    days = [day.date for day in working_days(month=MONTH)]
    assert len(days) == len(LETTERS)
    log_in(page, live_server.url, staff_a)
    page.goto(f"{live_server.url}/programs/attendance/?unit={unit_a.pk}&month=2026-03")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Lista obecności · Marzec 2026"
    )
    expect(page.get_by_role("region", name="Legenda", exact=True)).to_be_visible()
    check_accessibility(page, "attendance-empty")

    first = page.get_by_label("Kowalska Anna, 02.03.2026", exact=True)
    first.focus()
    for day, letter in zip(days, LETTERS, strict=True):
        page.keyboard.press(f"Key{letter}")
        # The day is saved and drawn again with its first version.
        expect(page.locator(f'input[name="v-{day:%Y%m%d}"]')).to_have_value(
            f"1:{letter}"
        )
    # Back to 31 March (the focus stayed on the last day) and corrected.
    last = page.get_by_label("Kowalska Anna, 31.03.2026", exact=True)
    expect(last).to_be_focused()
    page.keyboard.press("ArrowLeft")
    expect(page.get_by_label("Kowalska Anna, 30.03.2026", exact=True)).to_be_focused()
    page.keyboard.press("KeyN")
    expect(page.locator('input[name="v-20260330"]')).to_have_value("2:N")
    check_accessibility(page, "attendance-filled")

    page.reload()
    for day, letter in zip(days, LETTERS[:-2] + "NO", strict=True):
        expect(
            page.get_by_label(f"Kowalska Anna, {day:%d.%m.%Y}", exact=True)
        ).to_have_value(letter)
    check_accessibility(page, "attendance-reloaded")
    saved = dict(
        AttendanceEntry.objects.filter(participation=person).values_list(
            "date", "status"
        )
    )
    assert len(saved) == 22
    assert saved[datetime.date(2026, 3, 9)] == "sick_certified"
    assert saved[datetime.date(2026, 3, 30)] == "unexcused"
    assert saved[datetime.date(2026, 3, 20)] == "excused"
