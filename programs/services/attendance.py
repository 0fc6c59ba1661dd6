"""Writes of the attendance register. Every change names the version of the
day it was read at: a change made meanwhile by someone else is never
overwritten unseen (the save is refused with the current value and who made
it). A month whose allowances the manager approved is locked."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from participants.constants import ParticipationState
from participants.models import Participation
from programs.constants import AllowanceMonthState, AttendanceStatus
from programs.models import AllowanceMonth, AttendanceEntry

ADMITTED_STATES = (ParticipationState.ACTIVE, ParticipationState.EXITED)


@dataclass(frozen=True)
class CellChange:
    """One day as the user left it: `status` "" clears the day; `version` is
    the version the user read (0: the day was empty)."""

    date: datetime.date
    status: str
    version: int


@dataclass(frozen=True)
class CellResult:
    change: CellChange
    entry: AttendanceEntry | None = None
    error: ValidationError | None = None


def _who(entry: AttendanceEntry) -> str:
    user = entry.updated_by
    if user is None:
        return _("an unknown user")
    return getattr(user, "full_name", "") or user.email


def _stale(entry: AttendanceEntry | None) -> ValidationError:
    if entry is None:
        return ValidationError(
            _(
                "Someone else has meanwhile cleared this day. Your change was not "
                "saved; check the day and enter it again."
            ),
            code="stale",
        )
    return ValidationError(
        _(
            "Someone else has meanwhile changed this day: it now reads "
            "“%(current)s” (changed by %(user)s on %(when)s). Your change was not "
            "saved; check the day and enter it again if needed."
        ),
        code="stale",
        params={
            "current": AttendanceStatus(entry.status).label,
            "user": _who(entry),
            "when": date_format(
                timezone.localtime(entry.updated_at), "SHORT_DATETIME_FORMAT"
            ),
        },
    )


def check_month_open(*, unit_id: int, day: datetime.date) -> None:
    """Refuse a change in a month the manager has approved. The month's row
    is locked, so an approval and a change of its register do not cross."""
    allowance_month = (
        AllowanceMonth.objects.select_for_update()
        .filter(unit_id=unit_id, month=day.replace(day=1))
        .first()
    )
    if (
        allowance_month is not None
        and allowance_month.state == AllowanceMonthState.APPROVED
    ):
        raise ValidationError(
            _(
                "The allowances of %(month)s are approved: the register of that "
                "month is locked. Ask the manager to reopen the month."
            ),
            code="month_locked",
            params={"month": date_format(day, "YEAR_MONTH_FORMAT")},
        )


def _check_day(participation: Participation, day: datetime.date) -> None:
    if (
        participation.state not in ADMITTED_STATES
        or participation.admitted_on is None
        or day < participation.admitted_on
        or (participation.exited_on is not None and day > participation.exited_on)
    ):
        raise ValidationError(
            _("The person was not in the programme on %(date)s."),
            code="not_in_programme",
            params={"date": date_format(day, "SHORT_DATE_FORMAT")},
        )


def attendance_set(
    *,
    actor: Any,
    participation: Participation,
    day: datetime.date,
    status: str,
    version: int,
    note: str = "",
) -> AttendanceEntry | None:
    """Record one day of one participant (``status=""`` clears it), if
    nobody changed the day since it was read at `version`. Returns the entry
    (None when cleared)."""
    if status and status not in AttendanceStatus.values:
        raise ValidationError(
            _("Choose a status from the legend."), code="invalid_status"
        )
    with transaction.atomic():
        check_month_open(unit_id=participation.unit_id, day=day)
        _check_day(participation, day)
        entry = (
            AttendanceEntry.objects.select_for_update(of=("self",))
            .select_related("updated_by")
            .filter(participation=participation, date=day)
            .first()
        )
        current = entry.version if entry else 0
        if current != version:
            raise _stale(entry)
        if entry is None:
            if not status:
                return None
            entry = AttendanceEntry(
                participation=participation,
                date=day,
                status=status,
                note=note,
                version=1,
                updated_by=actor,
                updated_at=timezone.now(),
            )
            entry.full_clean(validate_constraints=False, validate_unique=False)
            try:
                with transaction.atomic():
                    entry.save()
            except IntegrityError:
                # Another save created the day between our read and write.
                raise _stale(
                    AttendanceEntry.objects.select_related("updated_by")
                    .filter(participation=participation, date=day)
                    .first()
                ) from None
            return entry
        if not status:
            entry.delete()
            return None
        if entry.status == status and entry.note == note:
            return entry
        entry.status = status
        entry.note = note
        entry.version = current + 1
        entry.updated_by = actor
        entry.updated_at = timezone.now()
        entry.full_clean(validate_constraints=False, validate_unique=False)
        entry.save(
            update_fields=["status", "note", "version", "updated_by", "updated_at"]
        )
        return entry


def attendance_save_cells(
    *, actor: Any, participation: Participation, changes: Sequence[CellChange]
) -> list[CellResult]:
    """Save each changed day of one participant on its own: the days that
    can be saved are, those refused (stale, locked) are returned with their
    error, so a partial save loses nothing already accepted."""
    results = []
    for change in changes:
        try:
            entry = attendance_set(
                actor=actor,
                participation=participation,
                day=change.date,
                status=change.status,
                version=change.version,
            )
        except ValidationError as error:
            results.append(CellResult(change=change, error=error))
        else:
            results.append(CellResult(change=change, entry=entry))
    return results


def attendance_bulk_fill(
    *,
    actor: Any,
    unit_id: int,
    days: Iterable[tuple[int, datetime.date, str]],
) -> int:
    """Record many days at once for the unit's participations (the demo data,
    an import): (participation id, date, status). Days already recorded and
    days of locked months are left as they are; days outside a participation
    are refused. Returns how many days were added."""
    rows = list(days)
    if not rows:
        return 0
    ids = {participation_id for participation_id, _day, _status in rows}
    with transaction.atomic():
        participations = {
            p.pk: p for p in Participation.objects.filter(pk__in=ids, unit_id=unit_id)
        }
        if len(participations) != len(ids):
            raise ValidationError(
                _("Only participants of the unit can be recorded."), code="other_unit"
            )
        locked = set(
            AllowanceMonth.objects.select_for_update()
            .filter(unit_id=unit_id, state=AllowanceMonthState.APPROVED)
            .values_list("month", flat=True)
        )
        existing = set(
            AttendanceEntry.objects.filter(participation_id__in=ids).values_list(
                "participation_id", "date"
            )
        )
        now = timezone.now()
        new = []
        for participation_id, day, status in rows:
            if (participation_id, day) in existing or day.replace(day=1) in locked:
                continue
            if status not in AttendanceStatus.values:
                raise ValidationError(
                    _("Choose a status from the legend."), code="invalid_status"
                )
            _check_day(participations[participation_id], day)
            existing.add((participation_id, day))
            new.append(
                AttendanceEntry(
                    participation_id=participation_id,
                    date=day,
                    status=status,
                    version=1,
                    updated_by=actor,
                    updated_at=now,
                )
            )
        if new:
            bulk_create_with_history(
                new, AttendanceEntry, batch_size=2000, default_user=actor
            )
    return len(new)
