"""Helpers of the allowance tests: participations admitted straight into a
unit and attendance written in bulk (the attendance service has its own
tests)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from participants.constants import ParticipationState
from participants.models import Participation
from participants.tests.factories import ParticipantFactory
from programs.constants import AttendanceStatus
from programs.models import AttendanceEntry

D = datetime.date
ADMITTED = D(2025, 6, 2)
TRIAL_ENDS = D(2025, 7, 1)


def participation(
    unit,
    *,
    admitted_on=ADMITTED,
    trial_ends_on=TRIAL_ENDS,
    exited_on=None,
    last_name=None,
    first_name=None,
) -> Participation:
    extra = {}
    if last_name:
        extra["last_name"] = last_name
    if first_name:
        extra["first_name"] = first_name
    person = ParticipantFactory(unit=unit, **extra)
    return Participation.objects.create(
        participant=person,
        unit=unit,
        state=ParticipationState.EXITED if exited_on else ParticipationState.ACTIVE,
        admitted_on=admitted_on,
        trial_ends_on=trial_ends_on,
        exited_on=exited_on,
        exit_reason="completed" if exited_on else "",
    )


def attendance(
    participation: Participation,
    month: datetime.date,
    statuses: dict[int, str] | None = None,
    *,
    workdays: Iterable[int] = (),
) -> None:
    """Present on `workdays` of the month, and the given statuses by day."""
    entries = dict.fromkeys(workdays, AttendanceStatus.PRESENT)
    entries.update(statuses or {})
    AttendanceEntry.objects.bulk_create(
        AttendanceEntry(
            participation=participation, date=month.replace(day=day), status=status
        )
        for day, status in entries.items()
    )
