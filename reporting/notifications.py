"""E-mails about the unit annual reports.

- `send_report_reminders` (the daily command): N days before the deadline
  (the setting REPORT_REMINDER_DAYS, 14 and 3 by default) each manager of a
  unit whose report for the previous year is not submitted is reminded; on
  the day after the deadline each official of a voivodeship with reports
  missing is told how many and which units. Each person gets one message of a
  kind a day: a second run on the same day sends nothing (ReportReminder).
- When a unit submits, the officials of its voivodeship are told; when an
  official returns a report, the unit's managers are.

The messages hold unit names and counts only, never a participant's data.
"""

from __future__ import annotations

import datetime
from collections import defaultdict

from django.conf import settings
from django.core.mail import send_mass_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from accounts.constants import MembershipRole, Role
from accounts.models import Membership, User
from reporting.models import ReminderKind, ReportReminder, UnitAnnualReport
from reporting.selectors_reports import DONE_STATES, open_in_year_q, report_deadline
from units.models import Unit
from units.notifications import Message

DEFAULT_REMINDER_DAYS = (14, 3)


def reminder_days() -> tuple[int, ...]:
    """How many days before the deadline managers are reminded."""
    days = getattr(settings, "REPORT_REMINDER_DAYS", DEFAULT_REMINDER_DAYS)
    return tuple(sorted({int(d) for d in days}, reverse=True))


def units_not_submitted(year: int) -> list[Unit]:
    """Units open in the year whose report for it is not submitted."""
    return list(
        Unit.objects.filter(open_in_year_q(year))
        .exclude(annual_reports__year=year, annual_reports__state__in=DONE_STATES)
        .select_related("voivodeship")
        .order_by("voivodeship__teryt", "name", "pk")
    )


def _render(template: str, context: dict) -> tuple[str, str]:
    subject = render_to_string(
        f"reporting/reports/email/{template}_subject.txt", context
    )
    body = render_to_string(f"reporting/reports/email/{template}.txt", context)
    return subject.strip(), body


def _before_deadline(
    units: list[Unit], year: int, deadline: datetime.date, day: datetime.date
) -> list[tuple[User, Message, list[int]]]:
    by_manager: dict[int, list[Unit]] = defaultdict(list)
    users: dict[int, User] = {}
    memberships = (
        Membership.objects.filter(
            unit__in=units, role=MembershipRole.MANAGER, user__is_active=True
        )
        .select_related("user", "unit")
        .order_by("user__email", "unit__name")
    )
    for membership in memberships:
        users[membership.user_id] = membership.user
        by_manager[membership.user_id].append(membership.unit)
    out = []
    for user_id, managed in by_manager.items():
        user = users[user_id]
        context = {
            "user": user,
            "units": managed,
            "year": year,
            "deadline": deadline,
            "days": (deadline - day).days,
        }
        subject, body = _render("reminder", context)
        out.append((user, Message(user.email, subject, body), [u.pk for u in managed]))
    return out


def _overdue(
    units: list[Unit], year: int, deadline: datetime.date
) -> list[tuple[User, Message, list[int]]]:
    by_voivodeship: dict[int, list[Unit]] = defaultdict(list)
    for unit in units:
        by_voivodeship[unit.voivodeship_id].append(unit)
    officials = User.objects.filter(
        is_active=True,
        role=Role.VOIVODESHIP_OFFICIAL,
        voivodeship__in=list(by_voivodeship),
    ).order_by("email")
    out = []
    for official in officials:
        missing = by_voivodeship[official.voivodeship_id]
        context = {
            "user": official,
            "units": missing,
            "count": len(missing),
            "year": year,
            "deadline": deadline,
        }
        subject, body = _render("overdue", context)
        out.append(
            (official, Message(official.email, subject, body), [u.pk for u in missing])
        )
    return out


def reminder_messages(
    *, day: datetime.date | None = None
) -> list[tuple[ReminderKind, int, User, Message, list[int]]]:
    """The day's reminders (nothing is sent or recorded here)."""
    day = day or timezone.localdate()
    year = day.year - 1
    deadline = report_deadline(year)
    out: list[tuple[ReminderKind, int, User, Message, list[int]]] = []
    before = (deadline - day).days in reminder_days()
    overdue = day == deadline + datetime.timedelta(days=1)
    if not (before or overdue):
        return out
    units = units_not_submitted(year)
    if not units:
        return out
    with translation.override(settings.LANGUAGE_CODE):
        if before:
            for user, message, ids in _before_deadline(units, year, deadline, day):
                out.append((ReminderKind.BEFORE_DEADLINE, year, user, message, ids))
        if overdue:
            for user, message, ids in _overdue(units, year, deadline):
                out.append((ReminderKind.OVERDUE, year, user, message, ids))
    return out


def send_report_reminders(*, day: datetime.date | None = None) -> int:
    """Send the day's reminders not sent yet today; return how many went out."""
    day = day or timezone.localdate()
    with transaction.atomic():
        sent_today = set(
            ReportReminder.objects.filter(sent_on=day).values_list("kind", "user_id")
        )
        to_send = []
        for kind, year, user, message, ids in reminder_messages(day=day):
            if (kind, user.pk) in sent_today:
                continue
            ReportReminder.objects.create(
                kind=kind, year=year, user=user, sent_on=day, units=ids
            )
            to_send.append(message)
        # A failure to send rolls the records back, so the next run retries.
        return send_mass_mail(
            [(m.subject, m.body, settings.DEFAULT_FROM_EMAIL, [m.to]) for m in to_send]
        )


def _send(messages: list[Message]) -> int:
    return send_mass_mail(
        [(m.subject, m.body, settings.DEFAULT_FROM_EMAIL, [m.to]) for m in messages]
    )


def notify_officials_submitted(report_id: int) -> int:
    """Tell the officials of the unit's voivodeship that a report came in."""
    report = (
        UnitAnnualReport.objects.select_related("unit__voivodeship")
        .filter(pk=report_id)
        .first()
    )
    if report is None:
        return 0
    officials = User.objects.filter(
        is_active=True,
        role=Role.VOIVODESHIP_OFFICIAL,
        voivodeship=report.unit.voivodeship_id,
    ).order_by("email")
    messages = []
    with translation.override(settings.LANGUAGE_CODE):
        for official in officials:
            subject, body = _render(
                "submitted", {"user": official, "report": report, "unit": report.unit}
            )
            messages.append(Message(official.email, subject, body))
    return _send(messages)


def notify_managers_returned(report_id: int) -> int:
    """Tell the unit's managers that the voivode returned their report."""
    report = (
        UnitAnnualReport.objects.select_related("unit").filter(pk=report_id).first()
    )
    if report is None:
        return 0
    managers = (
        Membership.objects.filter(
            unit=report.unit_id, role=MembershipRole.MANAGER, user__is_active=True
        )
        .select_related("user")
        .order_by("user__email")
    )
    messages = []
    with translation.override(settings.LANGUAGE_CODE):
        for membership in managers:
            subject, body = _render(
                "returned",
                {"user": membership.user, "report": report, "unit": report.unit},
            )
            messages.append(Message(membership.user.email, subject, body))
    return _send(messages)
