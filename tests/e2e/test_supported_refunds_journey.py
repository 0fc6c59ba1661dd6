"""Supported employment's refunds, through the real pages: a staff member
opens a former participant's record of employment, follows the link to the
refunds month by month, records the first month at its highest amount and
voids it with a reason after a confirmation page. Every page is checked for
accessibility; the steps find fields and links by ids and addresses, so they
hold in either language."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from programs.models import SupportedEmploymentRefund
from programs.selectors_allowances import supported_refund_schedule
from programs.tests.factories import ParticipationFactory, SupportedEmploymentFactory
from tests.e2e.a11y import check_accessibility
from tests.e2e.journeys import log_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("reference_data"),
]


def test_staff_record_and_void_a_months_refund(
    page: Page, live_server, staff_a, unit_a
):
    starts_on = timezone.localdate() - datetime.timedelta(days=70)
    record = SupportedEmploymentFactory(
        participation=ParticipationFactory.for_unit(
            unit_a,
            admitted_on=starts_on - datetime.timedelta(days=300),
            state="exited",
            exited_on=starts_on - datetime.timedelta(days=3),
            exit_reason="employment",
        ),
        starts_on=starts_on,
        employer_name="Piekarnia Kłos",
    )
    _rule, months = supported_refund_schedule(starts_on=starts_on)
    highest = months[0].maximum
    base = live_server.url
    log_in(page, base, staff_a)

    page.goto(f"{base}/programs/supported-employment/{record.pk}/edit/")
    check_accessibility(page, "supported-employment-edit")
    page.locator(
        f'a[href="/programs/supported-employment/{record.pk}/refunds/"]'
    ).click()
    expect(page.locator("#id_month")).to_have_value("1")
    check_accessibility(page, "supported-refunds-empty")

    page.locator("#id_amount").fill(f"{highest}")
    page.locator("form:has(#id_amount) button[type=submit]").click()
    expect(page.locator(".alert-success")).to_be_visible()
    # The next month that has begun is offered.
    expect(page.locator("#id_month")).to_have_value("2")
    check_accessibility(page, "supported-refunds-one-month")
    refund = SupportedEmploymentRefund.objects.get()
    assert (refund.month, refund.amount, refund.recorded_by) == (1, highest, staff_a)

    page.locator('a[href$="/refunds/1/void/"]').click()
    check_accessibility(page, "supported-refund-void")
    page.locator("#id_reason").fill("Kwota za inny miesiąc.")
    page.locator("form:has(#id_reason) button[type=submit]").click()
    expect(page.locator(".alert-success")).to_be_visible()
    expect(page.locator("#id_month")).to_have_value("1")
    expect(page.get_by_text("Kwota za inny miesiąc.")).to_be_visible()
    check_accessibility(page, "supported-refunds-voided")
    refund.refresh_from_db()
    assert refund.void_reason == "Kwota za inny miesiąc."
