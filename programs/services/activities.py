"""Writes of the activities: the activity and its weekly timetable, sessions
generated from it (public holidays skipped), cancelled, restored or added,
and enrolments of the unit's participants."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from participants.constants import ParticipationState
from participants.models import Participation
from programs.constants import (
    CIS_ACTIVITY_KINDS,
    KIS_ACTIVITY_KINDS,
    ActivityKind,
)
from programs.models import Activity, Enrolment, Session, TimetableSlot
from units.constants import UnitKind
from units.deadlines import is_public_holiday
from units.models import Unit

# The longest period sessions are generated for at once.
MAX_GENERATION_DAYS = 366

ACTIVITY_FIELDS = (
    "name",
    "kind",
    "is_workshop",
    "description",
    "instructor",
    "place",
    "starts_on",
    "ends_on",
)


@dataclass(frozen=True)
class SlotInput:
    weekday: int
    starts_at: datetime.time
    ends_at: datetime.time


def _check_activity(activity: Activity) -> None:
    allowed = (
        CIS_ACTIVITY_KINDS
        if activity.unit.kind == UnitKind.CIS
        else (KIS_ACTIVITY_KINDS)
    )
    if activity.kind not in allowed:
        raise ValidationError(
            {
                "kind": ValidationError(
                    _("A unit of this kind does not run this kind of activity."),
                    code="kind_not_for_unit",
                )
            }
        )
    if activity.is_workshop and activity.kind != ActivityKind.VOCATIONAL:
        raise ValidationError(
            {
                "is_workshop": ValidationError(
                    _("Only vocational reintegration runs as a workshop."),
                    code="workshop_kind",
                )
            }
        )
    duplicate = Activity.objects.filter(unit=activity.unit, name=activity.name)
    if activity.pk:
        duplicate = duplicate.exclude(pk=activity.pk)
    if duplicate.exists():
        raise ValidationError(
            {
                "name": ValidationError(
                    _("The unit already has an activity with this name."),
                    code="duplicate_name",
                )
            }
        )


def _check_slots(slots: Sequence[SlotInput]) -> None:
    seen: set[tuple[int, datetime.time]] = set()
    for slot in slots:
        if slot.ends_at <= slot.starts_at:
            raise ValidationError(
                _("A timetable hour must end after it starts."), code="slot_times"
            )
        key = (slot.weekday, slot.starts_at)
        if key in seen:
            raise ValidationError(
                _("The timetable has the same day and hour twice."),
                code="slot_duplicate",
            )
        seen.add(key)


def _replace_slots(activity: Activity, slots: Sequence[SlotInput]) -> None:
    """The timetable becomes `slots`: rows no longer wanted go, new ones come."""
    wanted = {(s.weekday, s.starts_at): s for s in slots}
    for existing in activity.slots.all():
        slot = wanted.pop((existing.weekday, existing.starts_at), None)
        if slot is None:
            existing.delete()
        elif existing.ends_at != slot.ends_at:
            existing.ends_at = slot.ends_at
            existing.full_clean()
            existing.save(update_fields=["ends_at"])
    for slot in wanted.values():
        row = TimetableSlot(
            activity=activity,
            weekday=slot.weekday,
            starts_at=slot.starts_at,
            ends_at=slot.ends_at,
        )
        row.full_clean()
        row.save()


def activity_create(
    *, actor: Any, unit: Unit, slots: Sequence[SlotInput] = (), **data: Any
) -> Activity:
    """A new activity of `unit` with its weekly timetable."""
    with transaction.atomic():
        activity = Activity(
            unit=unit, **{k: data[k] for k in data if k in ACTIVITY_FIELDS}
        )
        activity.full_clean(validate_unique=False, validate_constraints=False)
        _check_activity(activity)
        _check_slots(slots)
        activity.full_clean()
        activity.save()
        _replace_slots(activity, slots)
    return activity


def activity_update(
    *, actor: Any, activity: Activity, slots: Sequence[SlotInput], **data: Any
) -> Activity:
    """Change an activity and its timetable (sessions already generated stay)."""
    with transaction.atomic():
        activity = Activity.objects.select_for_update().get(pk=activity.pk)
        for name in ACTIVITY_FIELDS:
            if name in data:
                setattr(activity, name, data[name])
        activity.full_clean(validate_unique=False, validate_constraints=False)
        _check_activity(activity)
        _check_slots(slots)
        activity.full_clean()
        activity.save()
        _replace_slots(activity, slots)
    return activity


def _runs_on(activity: Activity, day: datetime.date) -> bool:
    return activity.starts_on <= day and (
        activity.ends_on is None or day <= activity.ends_on
    )


def sessions_generate(
    *, actor: Any, activity: Activity, starts_on: datetime.date, ends_on: datetime.date
) -> int:
    """Sessions from the timetable for every day of the period on which the
    activity runs, public holidays skipped. A session already there (also a
    cancelled one) is left as it is, so running it again adds nothing.
    Returns how many sessions were added."""
    if ends_on < starts_on:
        raise ValidationError(
            {
                "ends_on": ValidationError(
                    _("The end of the period is before its start."), code="period_order"
                )
            }
        )
    if (ends_on - starts_on).days >= MAX_GENERATION_DAYS:
        raise ValidationError(
            {
                "ends_on": ValidationError(
                    _("Generate sessions for at most a year at once."),
                    code="period_too_long",
                )
            }
        )
    with transaction.atomic():
        # The activity's row serialises two generations of one period.
        activity = Activity.objects.select_for_update().get(pk=activity.pk)
        slots = list(activity.slots.all())
        existing = set(
            activity.sessions.filter(date__range=(starts_on, ends_on)).values_list(
                "date", "starts_at"
            )
        )
        new = []
        day = starts_on
        while day <= ends_on:
            if _runs_on(activity, day) and not is_public_holiday(day):
                for slot in slots:
                    if slot.weekday == day.weekday() and (
                        (day, slot.starts_at) not in existing
                    ):
                        new.append(
                            Session(
                                activity=activity,
                                date=day,
                                starts_at=slot.starts_at,
                                ends_at=slot.ends_at,
                            )
                        )
            day += datetime.timedelta(days=1)
        if new:
            bulk_create_with_history(new, Session, default_user=actor)
    return len(new)


def session_add(
    *,
    actor: Any,
    activity: Activity,
    date: datetime.date,
    starts_at: datetime.time,
    ends_at: datetime.time,
    note: str = "",
) -> Session:
    """An extra session, on any day (a holiday or a weekend too)."""
    with transaction.atomic():
        session = Session(
            activity=activity,
            date=date,
            starts_at=starts_at,
            ends_at=ends_at,
            note=note,
        )
        session.full_clean(validate_constraints=False, validate_unique=False)
        if activity.sessions.filter(date=date, starts_at=starts_at).exists():
            raise ValidationError(
                _("The activity already has a session on this day at this hour."),
                code="session_exists",
            )
        if not _runs_on(activity, date):
            raise ValidationError(
                {
                    "date": ValidationError(
                        _("The activity does not run on this day."),
                        code="outside_activity",
                    )
                }
            )
        session.full_clean()
        session.save()
    return session


def _lock_session(session: Session) -> Session:
    return Session.objects.select_for_update().get(pk=session.pk)


def session_cancel(*, actor: Any, session: Session, note: str) -> Session:
    """Cancel a session (a holiday, the instructor's absence), with a note."""
    with transaction.atomic():
        session = _lock_session(session)
        if session.cancelled:
            raise ValidationError(
                _("The session is already cancelled."), code="invalid_transition"
            )
        session.cancelled = True
        session.note = note
        session.full_clean()
        session.save(update_fields=["cancelled", "note"])
    return session


def session_restore(*, actor: Any, session: Session, note: str = "") -> Session:
    """Bring a cancelled session back."""
    with transaction.atomic():
        session = _lock_session(session)
        if not session.cancelled:
            raise ValidationError(
                _("The session is not cancelled."), code="invalid_transition"
            )
        session.cancelled = False
        session.note = note
        session.full_clean()
        session.save(update_fields=["cancelled", "note"])
    return session


def _overlapping(
    rows: Any, starts_on: datetime.date, ends_on: datetime.date | None
) -> Any:
    rows = rows.filter(Q(ends_on__isnull=True) | Q(ends_on__gte=starts_on))
    if ends_on is not None:
        rows = rows.filter(starts_on__lte=ends_on)
    return rows


def enrolment_add(
    *,
    actor: Any,
    activity: Activity,
    participation: Participation,
    starts_on: datetime.date,
    ends_on: datetime.date | None = None,
) -> Enrolment:
    """Enrol a participation of the activity's unit that is taking part."""
    with transaction.atomic():
        # The participation's row serialises enrolments of one person.
        participation = (
            Participation.objects.select_for_update(of=("self",))
            .select_related("participant")
            .get(pk=participation.pk)
        )
        if participation.unit_id != activity.unit_id:
            raise ValidationError(
                {
                    "participation": ValidationError(
                        _("Only participants of the unit can be enrolled."),
                        code="other_unit",
                    )
                }
            )
        if participation.state != ParticipationState.ACTIVE:
            raise ValidationError(
                {
                    "participation": ValidationError(
                        _("Only a participant taking part can be enrolled."),
                        code="not_active",
                    )
                }
            )
        if ends_on is not None and ends_on < starts_on:
            raise ValidationError(
                {
                    "ends_on": ValidationError(
                        _("The enrolment ends before it starts."), code="period_order"
                    )
                }
            )
        if participation.admitted_on and starts_on < participation.admitted_on:
            raise ValidationError(
                {
                    "starts_on": ValidationError(
                        _("The enrolment cannot start before the admission."),
                        code="before_admission",
                    )
                }
            )
        if not _runs_on(activity, starts_on):
            raise ValidationError(
                {
                    "starts_on": ValidationError(
                        _("The activity does not run on this day."),
                        code="outside_activity",
                    )
                }
            )
        same = _overlapping(
            Enrolment.objects.filter(activity=activity, participation=participation),
            starts_on,
            ends_on,
        )
        if same.exists():
            raise ValidationError(
                _("The participant is already enrolled in this activity then."),
                code="already_enrolled",
            )
        if activity.is_workshop:
            other = _overlapping(
                Enrolment.objects.filter(
                    participation=participation, activity__is_workshop=True
                ).exclude(activity=activity),
                starts_on,
                ends_on,
            ).select_related("activity")
            clash = other.first()
            if clash is not None:
                raise ValidationError(
                    _(
                        "The participant is in the workshop “%(workshop)s” then; "
                        "end that enrolment first."
                    ),
                    code="other_workshop",
                    params={"workshop": clash.activity.name},
                )
        enrolment = Enrolment(
            activity=activity,
            participation=participation,
            starts_on=starts_on,
            ends_on=ends_on,
        )
        enrolment.full_clean()
        enrolment.save()
    return enrolment


def enrolment_end(
    *, actor: Any, enrolment: Enrolment, ends_on: datetime.date
) -> Enrolment:
    """End an enrolment on `ends_on` (its last day)."""
    with transaction.atomic():
        enrolment = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
        if enrolment.ends_on is not None and enrolment.ends_on <= ends_on:
            raise ValidationError(
                _("The enrolment has already ended."), code="invalid_transition"
            )
        if ends_on < enrolment.starts_on:
            raise ValidationError(
                {
                    "ends_on": ValidationError(
                        _("The enrolment cannot end before it starts."),
                        code="period_order",
                    )
                }
            )
        enrolment.ends_on = ends_on
        enrolment.full_clean()
        enrolment.save(update_fields=["ends_on"])
    return enrolment
