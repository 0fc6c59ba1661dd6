"""Reads of the activities, the timetable, enrolments, the attendance register
and supported employment. Only the staff of the unit see any of it (the
register is personal data); everything a request reaches is scoped here.

For the allowance (programs/selectors_allowances.py and the services that
compute it) two reads are kept stable:

- ``attendance_counts(*, unit, month) -> dict[int, dict[str, int]]``
- ``attendance_days(*, participation_ids, month) -> dict[int, dict[date, str]]``
"""

from __future__ import annotations

import calendar
import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from accounts.access import filter_personal_data
from participants.constants import ParticipationState
from participants.models import Participation
from participants.selectors import participation_list_for_user, unit_staff_units
from programs.constants import AllowanceMonthState, AttendanceStatus
from programs.models import (
    Activity,
    AllowanceMonth,
    AttendanceEntry,
    Enrolment,
    Session,
    SupportedEmployment,
    TimetableSlot,
)
from units.deadlines import is_public_holiday
from units.models import Unit


def month_bounds(month: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The first and the last day of the month of `month`."""
    first = month.replace(day=1)
    last = first.replace(day=calendar.monthrange(first.year, first.month)[1])
    return first, last


# --- activities, sessions, enrolments ----------------------------------------


def activity_list_for_user(*, user: Any) -> QuerySet[Activity]:
    """Activities of the user's units with their open enrolments counted."""
    today = timezone.localdate()
    return (
        filter_personal_data(Activity.objects.all(), user, unit_field="unit")
        .select_related("unit")
        .annotate(
            enrolled=Count(
                "enrolments",
                filter=Q(enrolments__starts_on__lte=today)
                & (
                    Q(enrolments__ends_on__isnull=True)
                    | Q(enrolments__ends_on__gte=today)
                ),
                distinct=True,
            ),
        )
    )


def activity_detail_queryset(*, user: Any) -> QuerySet[Activity]:
    """One activity with its timetable."""
    return (
        filter_personal_data(Activity.objects.all(), user, unit_field="unit")
        .select_related("unit")
        .prefetch_related(
            Prefetch("slots", queryset=TimetableSlot.objects.order_by("weekday"))
        )
    )


def session_list_for_user(*, user: Any) -> QuerySet[Session]:
    return filter_personal_data(
        Session.objects.all(), user, unit_field="activity__unit"
    ).select_related("activity__unit")


def enrolment_list_for_user(*, user: Any) -> QuerySet[Enrolment]:
    return filter_personal_data(
        Enrolment.objects.all(), user, unit_field="activity__unit"
    ).select_related("activity__unit", "participation__participant")


def activity_sessions(*, activity: Activity, month: datetime.date) -> QuerySet[Session]:
    first, last = month_bounds(month)
    return activity.sessions.filter(date__range=(first, last)).order_by(
        "date", "starts_at"
    )


def activity_enrolments(*, activity: Activity) -> QuerySet[Enrolment]:
    return activity.enrolments.select_related("participation__participant").order_by(
        "participation__participant__last_name",
        "participation__participant__first_name",
        "starts_on",
        "pk",
    )


def enrolable_participations(*, user: Any, unit: Unit) -> QuerySet[Participation]:
    """Participations of `unit` taking part now (trial or programme): the
    only ones that may be enrolled in its activities."""
    return (
        participation_list_for_user(user=user)
        .filter(unit=unit, state=ParticipationState.ACTIVE)
        .order_by("participant__last_name", "participant__first_name", "pk")
    )


def workshops_of(*, unit: Unit) -> QuerySet[Activity]:
    return Activity.objects.filter(unit=unit, is_workshop=True).order_by("name")


# --- the attendance register --------------------------------------------------


def month_locked(*, unit: Unit, month: datetime.date) -> AllowanceMonth | None:
    """The unit's approved allowance month of `month`, if there is one."""
    return (
        AllowanceMonth.objects.filter(
            unit=unit, month=month.replace(day=1), state=AllowanceMonthState.APPROVED
        )
        .select_related("approved_by")
        .first()
    )


def attendance_counts(*, unit: Unit, month: datetime.date) -> dict[int, dict[str, int]]:
    """Days of each status in `month`, per participation id of `unit`:
    ``{participation_id: {AttendanceStatus value: days}}`` with every status
    present (zeros included). One aggregate query."""
    first, last = month_bounds(month)
    rows = (
        AttendanceEntry.objects.filter(
            participation__unit=unit, date__range=(first, last)
        )
        .values("participation_id", "status")
        .annotate(days=Count("pk"))
        .order_by()
    )
    counts: dict[int, dict[str, int]] = {}
    for row in rows:
        per = counts.setdefault(
            row["participation_id"], dict.fromkeys(AttendanceStatus.values, 0)
        )
        per[row["status"]] = row["days"]
    return counts


def attendance_days(
    *, participation_ids: Iterable[int], month: datetime.date | None = None
) -> dict[int, dict[datetime.date, str]]:
    """The dated statuses of the participations: ``{participation_id: {date:
    AttendanceStatus value}}``, for `month` or, with ``month=None``, for all
    time (the allowance counts days off and sick days across a year). One
    query."""
    rows = AttendanceEntry.objects.filter(participation_id__in=list(participation_ids))
    if month is not None:
        rows = rows.filter(date__range=month_bounds(month))
    days: dict[int, dict[datetime.date, str]] = defaultdict(dict)
    for participation_id, day, status in rows.values_list(
        "participation_id", "date", "status"
    ).order_by("participation_id", "date"):
        days[participation_id][day] = status
    return dict(days)


@dataclass(frozen=True)
class GridDay:
    date: datetime.date
    is_holiday: bool
    is_weekend: bool


@dataclass
class GridCell:
    participation_id: int
    date: datetime.date
    status: str = ""
    version: int = 0
    in_programme: bool = True
    locked: bool = False
    label: str = ""


@dataclass
class GridRow:
    participation: Participation
    name: str
    cells: list[GridCell] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)


@dataclass
class AttendanceGrid:
    """A unit's (or one workshop's) month: participants × working days."""

    unit: Unit
    month: datetime.date
    activity: Activity | None
    days: list[GridDay]
    rows: list[GridRow]
    locked: AllowanceMonth | None

    @property
    def is_locked(self) -> bool:
        return self.locked is not None


def working_days(
    *, month: datetime.date, session_days: Iterable[datetime.date] = ()
) -> list[GridDay]:
    """Monday to Friday that are not public holidays, and every day with a
    session, in order."""
    first, last = month_bounds(month)
    extra = set(session_days)
    days = []
    day = first
    while day <= last:
        holiday = is_public_holiday(day)
        weekend = day.weekday() >= 5
        if (not weekend and not holiday) or day in extra:
            days.append(GridDay(date=day, is_holiday=holiday, is_weekend=weekend))
        day += datetime.timedelta(days=1)
    return days


def grid_participations(
    *, unit: Unit, month: datetime.date, activity: Activity | None = None
) -> QuerySet[Participation]:
    """Participations of `unit` admitted and in the programme on some day of
    the month (or, for a workshop, enrolled in it on some day)."""
    first, last = month_bounds(month)
    rows = (
        Participation.objects.filter(
            unit=unit,
            state__in=[ParticipationState.ACTIVE, ParticipationState.EXITED],
        )
        .overlapping(first, last)
        .select_related("participant")
    )
    if activity is not None:
        enrolled = Enrolment.objects.filter(
            activity=activity, starts_on__lte=last
        ).filter(Q(ends_on__isnull=True) | Q(ends_on__gte=first))
        rows = rows.filter(pk__in=enrolled.values("participation_id"))
    return rows.order_by("participant__last_name", "participant__first_name", "pk")


def build_attendance_grid(
    *, unit: Unit, month: datetime.date, activity: Activity | None = None
) -> AttendanceGrid:
    """The register of the month for `unit` (already scoped by the caller),
    in a constant number of queries whatever its size."""
    month = month.replace(day=1)
    first, last = month_bounds(month)
    sessions = Session.objects.filter(
        activity__unit=unit, date__range=(first, last), cancelled=False
    )
    if activity is not None:
        sessions = sessions.filter(activity=activity)
    days = working_days(
        month=month,
        session_days=sessions.values_list("date", flat=True).distinct(),
    )
    participations = list(
        grid_participations(unit=unit, month=month, activity=activity)
    )
    # Plain tuples, not model instances: a month has over a thousand days.
    entries: dict[tuple[int, datetime.date], tuple[str, int]] = {
        (participation_id, day): (status, version)
        for participation_id, day, status, version in AttendanceEntry.objects.filter(
            participation_id__in=[p.pk for p in participations],
            date__range=(first, last),
        ).values_list("participation_id", "date", "status", "version")
    }
    locked = month_locked(unit=unit, month=month)
    is_locked = locked is not None
    shown = [(day.date, f"{day.date:%d.%m.%Y}") for day in days]
    rows = []
    for participation in participations:
        name = str(participation.participant)
        counts = dict.fromkeys(AttendanceStatus.values, 0)
        row = GridRow(participation=participation, name=name, counts=counts)
        admitted, exited = participation.admitted_on, participation.exited_on
        pk = participation.pk
        for day, text in shown:
            status, version = entries.get((pk, day), ("", 0))
            if status:
                counts[status] += 1
            row.cells.append(
                GridCell(
                    participation_id=pk,
                    date=day,
                    status=status,
                    version=version,
                    in_programme=admitted <= day and (exited is None or day <= exited),
                    locked=is_locked,
                    label=f"{name}, {text}",
                )
            )
        rows.append(row)
    return AttendanceGrid(
        unit=unit, month=month, activity=activity, days=days, rows=rows, locked=locked
    )


def attendance_entry_for_user(*, user: Any) -> QuerySet[AttendanceEntry]:
    return filter_personal_data(
        AttendanceEntry.objects.all(), user, unit_field="participation__unit"
    )


def attendance_participations_for_user(*, user: Any) -> QuerySet[Participation]:
    """Participations whose register the user may fill (their own units)."""
    return filter_personal_data(
        Participation.objects.all(), user, unit_field="unit"
    ).select_related("participant", "unit")


def attendance_units(*, user: Any) -> QuerySet[Unit]:
    return unit_staff_units(user=user)


# --- supported employment -----------------------------------------------------


def supported_employment_list_for_user(*, user: Any) -> QuerySet[SupportedEmployment]:
    return filter_personal_data(
        SupportedEmployment.objects.all(), user, unit_field="participation__unit"
    ).select_related("participation__participant", "participation__unit")
