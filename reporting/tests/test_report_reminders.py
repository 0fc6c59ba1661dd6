"""Reminders of the annual reports: managers before the deadline (the days of
REPORT_REMINDER_DAYS), officials on the day after it; once a day at most;
unit names and counts only."""

import datetime
from io import StringIO

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.utils import translation

from accounts.constants import MembershipRole
from accounts.tests.factories import MembershipFactory
from reporting.models import ReportReminder
from reporting.notifications import reminder_messages, send_report_reminders
from reporting.tests.reports_helpers import stint, submitted_report
from units.tests.factories import UnitFactory

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def units(manager_a, unit_a, unit_b, unit_other, official_a, official_other, staff_a):
    """Unit A (its manager has not submitted), unit B (its manager has) and
    the KIS of the other voivodeship (its manager has not)."""
    stint(unit_a, admitted=D(2025, 1, 2), last_name="Zielińska")
    manager_b = MembershipFactory(
        user__email="manager.b@example.org", unit=unit_b, role=MembershipRole.MANAGER
    ).user
    submitted_report(manager_b, unit_b, 2025)
    manager_c = MembershipFactory(
        user__email="manager.c@example.org",
        unit=unit_other,
        role=MembershipRole.MANAGER,
    ).user
    return {"a": manager_a, "b": manager_b, "c": manager_c}


def sent_to():
    return sorted(address for message in mail.outbox for address in message.to)


def test_managers_are_reminded_fourteen_and_three_days_before(units):
    assert send_report_reminders(day=D(2026, 3, 17)) == 2
    assert sent_to() == ["manager.a@example.org", "manager.c@example.org"]
    message = next(m for m in mail.outbox if m.to == ["manager.a@example.org"])
    with translation.override("en"):
        expected = reminder_messages(day=D(2026, 3, 17))
    assert "CIS A" in message.body
    assert "CIS B" not in message.body
    assert "Zielińska" not in message.body
    assert len(expected) == 2
    # Once a day: a second run sends nothing and records nothing more.
    assert send_report_reminders(day=D(2026, 3, 17)) == 0
    assert ReportReminder.objects.count() == 2
    assert send_report_reminders(day=D(2026, 3, 18)) == 0
    assert send_report_reminders(day=D(2026, 3, 28)) == 2
    assert send_report_reminders(day=D(2026, 3, 31)) == 0
    assert len(mail.outbox) == 4


def test_the_reminder_text(units, settings):
    settings.LANGUAGE_CODE = "en"
    send_report_reminders(day=D(2026, 3, 28))
    message = next(m for m in mail.outbox if m.to == ["manager.a@example.org"])
    assert message.subject == "cis-kis: the annual report for 2025 is due by 2026-03-31"
    assert (
        "The annual report for 2025 is due to the voivode by 2026-03-31, in 3 days."
        in message.body
    )
    assert "- CIS A\n" in message.body


def test_officials_hear_of_the_missing_reports_the_day_after_the_deadline(
    units, settings, official_a
):
    settings.LANGUAGE_CODE = "en"
    assert send_report_reminders(day=D(2026, 4, 1)) == 2
    assert sent_to() == ["official.a@example.org", "official.other@example.org"]
    to_a = next(m for m in mail.outbox if m.to == [official_a.email])
    assert to_a.subject == "cis-kis: 1 annual report for 2025 not submitted"
    assert "- CIS A (CIS)\n" in to_a.body
    assert "CIS B" not in to_a.body
    assert "Zielińska" not in to_a.body
    reminder = ReportReminder.objects.get(user=official_a)
    assert reminder.kind == "overdue"
    assert reminder.units == [units["a"].memberships.get().unit_id]
    assert send_report_reminders(day=D(2026, 4, 1)) == 0
    assert send_report_reminders(day=D(2026, 4, 2)) == 0


def test_a_manager_of_two_units_gets_one_message(units, manager_a):
    other = UnitFactory(name="CIS D")
    MembershipFactory(user=manager_a, unit=other, role=MembershipRole.MANAGER)
    send_report_reminders(day=D(2026, 3, 17))
    to_a = [m for m in mail.outbox if m.to == [manager_a.email]]
    assert len(to_a) == 1
    assert "- CIS A\n" in to_a[0].body
    assert "- CIS D\n" in to_a[0].body


def test_the_days_come_from_the_setting(units, settings):
    settings.REPORT_REMINDER_DAYS = [7]
    assert send_report_reminders(day=D(2026, 3, 17)) == 0
    assert send_report_reminders(day=D(2026, 3, 24)) == 2


def test_units_closed_before_the_year_are_not_reminded(units, unit_a):
    unit_a.closed_on = D(2024, 12, 31)
    unit_a.save()
    send_report_reminders(day=D(2026, 3, 17))
    assert sent_to() == ["manager.c@example.org"]


def test_the_command(units):
    out = StringIO()
    call_command("send_report_reminders", "--today", "2026-03-17", stdout=out)
    assert out.getvalue() == "Messages sent: 2\n"
    out = StringIO()
    call_command("send_report_reminders", "--today", "2026-03-17", stdout=out)
    assert out.getvalue() == "Messages sent: 0\n"


def test_the_command_refuses_bad_input(settings):
    with pytest.raises(CommandError, match="--today must be a date"):
        call_command("send_report_reminders", "--today", "2026-02-30")
    settings.REPORT_REMINDER_DAYS = ["soon"]
    with pytest.raises(CommandError, match="REPORT_REMINDER_DAYS"):
        call_command("send_report_reminders")
