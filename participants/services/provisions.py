"""What a centre provides to each participant (art. 14 ust. 2-4): the health
and safety training, the medical examination, work clothing and footwear,
personal protective equipment, and the free daily meal. Accident cover
(ust. 3) follows from the law itself and is not recorded."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from participants.constants import OPEN_STATES, ParticipationState
from participants.constants_provisions import ExaminationResult, ProvisionKind
from participants.models import Participation, Provision
from participants.services.common import (
    field_error,
    invalid_transition,
    lock_participation,
    not_in_future,
    require_staff_of,
)
from units.constants import UnitKind


def _require_centre(participation: Participation) -> None:
    if participation.unit.kind != UnitKind.CIS:
        raise ValidationError(
            _("Art. 14 ust. 2–4 applies to the participants of a centre (CIS)."),
            code="not_cis",
        )


def provision_start(participation: Participation) -> datetime.date | None:
    """The first day a provision can be dated: the referral, or without one
    the admission."""
    referral = getattr(participation, "referral", None)
    if referral is not None:
        return referral.referred_on
    return participation.admitted_on


def provision_check(
    *,
    participation: Participation,
    kind: str,
    provided_on: datetime.date,
    valid_until: datetime.date | None = None,
    result: str = "",
    note: str = "",
) -> None:
    """The rules of one entry, raising `ValidationError` with a code: a centre's
    participation, neither closed without admission nor anonymised; the day
    between the referral and the exit, and not in the future; a result (and
    only there a validity) for a medical examination."""
    _require_centre(participation)
    if participation.participant.is_anonymised:
        raise invalid_transition(_("An anonymised record cannot be changed."))
    if participation.state == ParticipationState.NOT_ADMITTED:
        raise invalid_transition(_("The person was not admitted; nothing is provided."))
    not_in_future("provided_on", provided_on)
    start = provision_start(participation)
    if start is not None and provided_on < start:
        raise field_error(
            "provided_on",
            _("The date cannot precede the referral (%(date)s)."),
            "before_referral",
            {"date": start.strftime("%d.%m.%Y")},
        )
    if participation.exited_on and provided_on > participation.exited_on:
        raise field_error(
            "provided_on",
            _("The date cannot follow the exit (%(date)s)."),
            "after_exit",
            {"date": participation.exited_on.strftime("%d.%m.%Y")},
        )
    examination = kind == ProvisionKind.MEDICAL_EXAMINATION
    errors: dict[str, list[ValidationError]] = {}
    if examination and not result:
        errors.setdefault("result", []).append(
            ValidationError(
                _("Give the result of the examination."), code="result_required"
            )
        )
    if not examination and result:
        errors.setdefault("result", []).append(
            ValidationError(
                _("A result is given only for a medical examination."),
                code="result_not_examination",
            )
        )
    if not examination and valid_until is not None:
        errors.setdefault("valid_until", []).append(
            ValidationError(
                _("Only a medical examination has a validity."),
                code="valid_until_not_examination",
            )
        )
    if examination and valid_until is not None and valid_until <= provided_on:
        errors.setdefault("valid_until", []).append(
            ValidationError(
                _("The examination is valid until a day after it."),
                code="valid_until_not_after_examination",
            )
        )
    if result == ExaminationResult.FIT_WITH_RESTRICTIONS and not note.strip():
        errors.setdefault("note", []).append(
            ValidationError(
                _("Note the restrictions the doctor set."),
                code="restrictions_required",
            )
        )
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def provision_record(
    *,
    actor: Any,
    participation: Participation,
    kind: str,
    provided_on: datetime.date,
    valid_until: datetime.date | None = None,
    result: str = "",
    note: str = "",
) -> Provision:
    """Record what the centre provided to the participant and when."""
    participation = lock_participation(participation, actor)
    require_staff_of(actor, participation.unit_id)
    note = note.strip()
    provision_check(
        participation=participation,
        kind=kind,
        provided_on=provided_on,
        valid_until=valid_until,
        result=result,
        note=note,
    )
    provision = Provision(
        participation=participation,
        kind=kind,
        provided_on=provided_on,
        valid_until=valid_until,
        result=result,
        note=note,
        recorded_by=actor,
    )
    # The rules were checked above; the database enforces them again.
    provision.full_clean(exclude=["participation"], validate_constraints=False)
    provision._history_user = actor
    provision.save()
    return provision


@transaction.atomic
def provision_void(*, actor: Any, provision: Provision, reason: str) -> Provision:
    """Void a wrong entry with the reason; it stays on the page and in the
    history, and no longer counts."""
    participation = lock_participation(provision.participation, actor)
    require_staff_of(actor, participation.unit_id)
    provision = Provision.objects.select_for_update().get(pk=provision.pk)
    if participation.participant.is_anonymised:
        raise invalid_transition(_("An anonymised record cannot be changed."))
    if provision.is_voided:
        raise invalid_transition(_("This entry is already voided."))
    if not reason.strip():
        raise field_error(
            "reason", _("Give the reason for voiding the entry."), "reason_required"
        )
    provision.voided_at = timezone.now()
    provision.voided_by = actor
    provision.void_reason = reason.strip()
    provision._history_user = actor
    provision.save(update_fields=["voided_at", "voided_by", "void_reason"])
    return provision


@transaction.atomic
def participation_meal_set(
    *, actor: Any, participation: Participation, takes_meal: bool, note: str = ""
) -> Participation:
    """Whether the participant takes the free daily meal (art. 14 ust. 4),
    and a note such as a diet; while the participation is open."""
    participation = lock_participation(participation, actor)
    require_staff_of(actor, participation.unit_id)
    _require_centre(participation)
    if participation.participant.is_anonymised:
        raise invalid_transition(_("An anonymised record cannot be changed."))
    if participation.state not in OPEN_STATES:
        raise invalid_transition(
            _("The meal is arranged while the participation is open.")
        )
    participation.takes_meal = takes_meal
    participation.meal_note = note.strip()
    participation.full_clean(validate_constraints=False)
    participation.save(update_fields=["takes_meal", "meal_note"])
    return participation
