"""What a centre provides (art. 14 ust. 2-4), through the real pages: a staff
member opens a new participant's page, records the health and safety
training from the panel's link and the medical examination, voids a wrong
entry, notes a diet, and finds the participant (no clothing issued yet) on
the list of missing provisions. Every page is checked for accessibility. The
steps find the fields and links by their ids and addresses, so they hold in
either language."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from participants.services import participation_admit
from participants.tests.test_services import refer, register
from tests.e2e.a11y import check_accessibility
from tests.e2e.journeys import log_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("reference_data"),
]


def submit(page: Page, field: str) -> None:
    """Send the form that holds the field `field` (an id)."""
    page.locator(f"form:has(#{field}) button[type=submit]").first.click()


def test_staff_record_what_the_centre_provided(
    page: Page, live_server, staff_a, unit_a
):
    today = timezone.localdate()
    participation = participation_admit(
        actor=staff_a,
        participation=refer(
            staff_a, register(staff_a, unit_a), on=today - datetime.timedelta(days=7)
        ),
        admitted_on=today,
    )
    base = live_server.url
    page_url = f"{base}/participants/participations/{participation.pk}/"
    missing_url = f"{base}/participants/provisions/missing/"
    log_in(page, base, staff_a)

    page.goto(page_url)
    panel = page.locator("#p-provisions")
    expect(panel.locator(".alert-warning li")).to_have_count(3)
    check_accessibility(page, "participation-nothing-provided")

    # The training, from the link next to the warning.
    panel.locator('a[href$="?kind=ohs_training"]').click()
    expect(page.locator("#id_kind")).to_have_value("ohs_training")
    expect(page.locator("#id_provided_on")).to_have_value(today.isoformat())
    check_accessibility(page, "provision-form")
    page.locator("#id_note").fill("Instruktaż ogólny i stanowiskowy.")
    submit(page, "id_note")
    expect(page.locator("#p-provisions tbody tr")).to_have_count(1)
    expect(page.locator("#p-provisions .alert-warning li")).to_have_count(2)
    check_accessibility(page, "participation-training-recorded")

    # The examination, with restrictions and a validity of 20 days. (A form
    # refused with 400 is tested through the client: the browser logs any
    # 400 response as a console error.)
    page.locator('#p-provisions a[href$="?kind=medical_examination"]').click()
    expect(page.locator("#id_kind")).to_have_value("medical_examination")
    check_accessibility(page, "provision-form-examination")
    page.locator("#id_note").fill("Bez dźwigania.")
    page.locator("#id_result").select_option("fit_with_restrictions")
    page.locator("#id_valid_until").fill(
        (today + datetime.timedelta(days=20)).isoformat()
    )
    submit(page, "id_note")
    expect(page.locator("#p-provisions tbody tr")).to_have_count(2)
    # Valid for 20 days: a warning that it expires soon.
    expect(page.locator("#p-provisions .alert-warning")).to_have_count(2)
    check_accessibility(page, "participation-examination-recorded")

    # The training was a mistake: voided with the reason, kept on the page.
    page.locator('#p-provisions a[href*="/void/"]').last.click()
    check_accessibility(page, "provision-void")
    page.locator("#id_reason").fill("Szkolenie odbyło się dzień później.")
    submit(page, "id_reason")
    expect(page.locator("#p-provisions del")).to_have_count(1)
    expect(page.locator("#p-provisions")).to_contain_text(
        "Szkolenie odbyło się dzień później."
    )
    check_accessibility(page, "participation-entry-voided")

    # The daily meal with a diet.
    page.locator('#p-provisions a[href$="/meal/"]').click()
    expect(page.locator("#id_takes_meal")).to_be_checked()
    check_accessibility(page, "meal-form")
    page.locator("#id_meal_note").fill("Dieta bezglutenowa.")
    submit(page, "id_meal_note")
    expect(page.locator("#p-provisions")).to_contain_text("Dieta bezglutenowa.")
    check_accessibility(page, "participation-meal-saved")

    # The list of missing provisions names the participant.
    page.goto(missing_url)
    rows = page.locator("#results tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first.locator("a")).to_have_attribute(
        "href", f"/participants/participations/{participation.pk}/"
    )
    check_accessibility(page, "missing-provisions")
