"""The monthly programme of activities (art. 14 ust. 1a of the Act): the
head of a unit adopts the month's programme as its sessions stand; adopting
again after a change records the new state (the history keeps each one)."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.access import scope_for
from programs.models import MonthlyProgramme
from programs.selectors_programme import build_monthly_programme
from units.models import Unit


def monthly_programme_adopt(
    *, actor: Any, unit: Unit, month: datetime.date, note: str = ""
) -> MonthlyProgramme:
    """The manager adopts the programme of `month` as it is now."""
    if actor is not None and not scope_for(actor).manages(unit.pk):
        raise PermissionDenied
    month = month.replace(day=1)
    with transaction.atomic():
        # The unit's row serialises two managers adopting at once.
        Unit.objects.select_for_update().filter(pk=unit.pk).first()
        programme = build_monthly_programme(unit=unit, month=month)
        if not programme.session_count:
            raise ValidationError(
                _(
                    "There are no sessions in this month: plan the activities and "
                    "their timetables first."
                ),
                code="no_sessions",
            )
        if programme.adopted and not programme.changed_since_adopted:
            raise ValidationError(
                _("This programme is already adopted and has not changed since."),
                code="unchanged",
            )
        record = programme.adopted or MonthlyProgramme(unit=unit, month=month)
        record.fingerprint = programme.fingerprint
        record.sessions = programme.session_count
        record.adopted_at = timezone.now()
        record.adopted_by = actor
        record.note = note.strip()
        record.full_clean()
        record.save()
    return record
