"""Factories of the programs app: participations taking part, activities
with a timetable, enrolments, sessions, and a helper that fills a month of
a participation's attendance (for the allowance's tests too)."""

from __future__ import annotations

import datetime
from collections.abc import Mapping

import factory
from factory.django import DjangoModelFactory

from participants.constants import ParticipationState
from participants.models import Participation
from participants.tests.factories import ParticipantFactory
from programs.constants import ActivityKind, AttendanceStatus
from programs.models import (
    Activity,
    AllowanceMonth,
    AttendanceEntry,
    Enrolment,
    Session,
    SupportedEmployment,
    TimetableSlot,
)
from programs.selectors import working_days
from units.tests.factories import UnitFactory

D = datetime.date


class ParticipationFactory(DjangoModelFactory):
    """A participation taking part (admitted, trial period of a month over)."""

    class Meta:
        model = Participation

    participant = factory.SubFactory(ParticipantFactory)
    unit = factory.SelfAttribute("participant.unit")
    state = ParticipationState.ACTIVE
    admitted_on = D(2025, 9, 1)
    trial_ends_on = factory.LazyAttribute(
        lambda o: o.admitted_on + datetime.timedelta(days=29)
    )

    @classmethod
    def for_unit(cls, unit, **kwargs) -> Participation:
        return cls(participant__unit=unit, **kwargs)


class ActivityFactory(DjangoModelFactory):
    class Meta:
        model = Activity

    unit = factory.SubFactory(UnitFactory)
    name = factory.Sequence(lambda n: f"Warsztat nr {n}")
    kind = ActivityKind.VOCATIONAL
    is_workshop = True
    instructor = "Jan Nowak"
    place = "sala 1"
    starts_on = D(2025, 1, 1)


class TimetableSlotFactory(DjangoModelFactory):
    class Meta:
        model = TimetableSlot

    activity = factory.SubFactory(ActivityFactory)
    weekday = 0
    starts_at = datetime.time(8, 0)
    ends_at = datetime.time(14, 0)


def weekday_slots(activity: Activity, start=datetime.time(8), end=datetime.time(14)):
    """Monday to Friday, `start` to `end`."""
    return [
        TimetableSlotFactory(
            activity=activity, weekday=day, starts_at=start, ends_at=end
        )
        for day in range(5)
    ]


class SessionFactory(DjangoModelFactory):
    class Meta:
        model = Session

    activity = factory.SubFactory(ActivityFactory)
    date = D(2026, 3, 2)
    starts_at = datetime.time(8, 0)
    ends_at = datetime.time(14, 0)


class EnrolmentFactory(DjangoModelFactory):
    class Meta:
        model = Enrolment

    activity = factory.SubFactory(ActivityFactory)
    participation = factory.SubFactory(
        ParticipationFactory,
        participant__unit=factory.SelfAttribute("...activity.unit"),
    )
    starts_on = factory.SelfAttribute("participation.admitted_on")


class SupportedEmploymentFactory(DjangoModelFactory):
    class Meta:
        model = SupportedEmployment

    participation = factory.SubFactory(
        ParticipationFactory,
        state=ParticipationState.EXITED,
        exited_on=D(2026, 2, 27),
        exit_reason="employment",
    )
    form = "employer"
    employer_name = "Piekarnia Kłos sp. z o.o."
    starts_on = D(2026, 3, 2)


def fill_month(
    participation: Participation,
    month: datetime.date,
    *,
    default: str = AttendanceStatus.PRESENT,
    days: Mapping[datetime.date, str] | None = None,
    user=None,
) -> list[AttendanceEntry]:
    """Record every working day of `month` on which the participation is in
    the programme: `default`, except the days named in `days`."""
    days = dict(days or {})
    rows = []
    for day in working_days(month=month):
        when = day.date
        if when < participation.admitted_on or (
            participation.exited_on and when > participation.exited_on
        ):
            continue
        rows.append(
            AttendanceEntry(
                participation=participation,
                date=when,
                status=days.pop(when, default),
                updated_by=user,
            )
        )
    for when, status in days.items():  # days off the working calendar
        rows.append(
            AttendanceEntry(
                participation=participation, date=when, status=status, updated_by=user
            )
        )
    return AttendanceEntry.objects.bulk_create(rows)


def approve_month(unit, month: datetime.date) -> AllowanceMonth:
    """The unit's allowance month as a manager leaves it: approved, locked."""
    return AllowanceMonth.objects.create(
        unit=unit, month=month.replace(day=1), state="approved"
    )
