"""What every write of the units app checks first."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError

from accounts.access import Level, scope_for
from units.models import StatusApplication


def require_official_of(actor: Any, voivodeship_id: int) -> None:
    """Only an official of the voivodeship (or an administrator) acts on its cases."""
    scope = scope_for(actor)
    if scope.is_admin:
        return
    if scope.level is not Level.VOIVODESHIP or scope.voivodeship_id != voivodeship_id:
        raise PermissionDenied


def invalid_transition(message: str) -> ValidationError:
    """The error of a state change that is not allowed from the current state."""
    return ValidationError(message, code="invalid_transition")


def lock_application(
    application: StatusApplication, actor: Any = None
) -> StatusApplication:
    """The application again, locked for the rest of the transaction."""
    locked = (
        StatusApplication.objects.select_for_update(of=("self",))
        .select_related("founding_body", "unit")
        .get(pk=application.pk)
    )
    # The application's history names the official, also outside a request.
    locked._history_user = actor
    return locked
