"""What every write of the units app checks first."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError

from accounts.access import Level, scope_for


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
