"""What every write of the participants app checks first."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.access import Level, scope_for
from participants.models import Participation


def require_staff_of(actor: Any, unit_id: int) -> None:
    """Only the unit's own staff write its participants' data. `actor` None is
    the system itself (an import command, the demo data)."""
    if actor is None:
        return
    scope = scope_for(actor)
    if scope.level is not Level.UNITS or unit_id not in scope.unit_ids:
        raise PermissionDenied


def require_manager_of(actor: Any, unit_id: int) -> None:
    """Decisions of the head of the unit (art. 13 ust. 4a), anonymisation."""
    if actor is None:
        return
    require_staff_of(actor, unit_id)
    if not scope_for(actor).manages(unit_id):
        raise PermissionDenied


def lock_participation(participation: Participation, actor: Any) -> Participation:
    """The participation's row, locked until the end of the transaction."""
    locked = (
        Participation.objects.select_for_update(of=("self",))
        .select_related("participant", "unit")
        .get(pk=participation.pk)
    )
    locked._history_user = actor
    return locked


def invalid_transition(message: str) -> ValidationError:
    return ValidationError(message, code="invalid_transition")


def not_in_future(field: str, day: datetime.date | None) -> None:
    """A day the unit records as past (an admission, an exit, a check)."""
    if day is not None and day > timezone.localdate():
        raise ValidationError(
            {
                field: ValidationError(
                    _("The date cannot be in the future."), code="future_date"
                )
            }
        )


def field_error(
    field: str, message: str, code: str, params: dict[str, Any] | None = None
) -> ValidationError:
    """An error on one field, with its code (for forms and tests alike)."""
    return ValidationError({field: ValidationError(message, code=code, params=params)})


def delete_file_on_commit(storage: Any, name: str) -> None:
    """Delete a stored file once the transaction that replaced or erased it
    commits (a scan is personal data: it does not outlive its record)."""
    transaction.on_commit(lambda: storage.delete(name))
