"""The return of unused subsidies after a decision on loss of status (art. 6
ust. 3 of the Act): the voivodeship office records the unused amount and the
subsidies each body granted; the shares to return are computed by
units.subsidies.proportional_returns. Recording again replaces the lines
(the history keeps the earlier ones)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from units.constants import DecisionKind, GrantorKind
from units.models import StatusDecision, SubsidyReturn, SubsidyReturnLine
from units.services.common import invalid_transition, require_official_of
from units.subsidies import SubsidyError, proportional_returns


@dataclass(frozen=True)
class Subsidy:
    grantor: str
    grantor_kind: str
    granted: Decimal


def _messages() -> dict[str, str]:
    return {
        "no_subsidies": _("Enter at least one subsidy the centre received."),
        "subsidy_not_positive": _("A subsidy is an amount above zero."),
        "unused_negative": _("The unused amount cannot be negative."),
        "unused_above_granted": _(
            "The unused amount cannot exceed the subsidies granted together."
        ),
    }


def subsidy_return_record(
    *,
    actor: Any,
    decision: StatusDecision,
    unused_amount: Decimal,
    established_on: datetime.date,
    subsidies: list[Subsidy],
    note: str = "",
) -> SubsidyReturn:
    """Record (or correct) what the centre returns to each grantor."""
    with transaction.atomic():
        decision = StatusDecision.objects.select_for_update().get(pk=decision.pk)
        require_official_of(actor, decision.voivodeship_id)
        if decision.kind != DecisionKind.LOSS:
            raise invalid_transition(
                _("Unused subsidies are returned after a decision on loss of status.")
            )
        errors: dict[str, list[ValidationError]] = {}
        if established_on < decision.issued_on:
            errors.setdefault("established_on", []).append(
                ValidationError(
                    _("The amount is established on or after the decision's date."),
                    code="before_decision",
                )
            )
        if established_on > timezone.localdate():
            errors.setdefault("established_on", []).append(
                ValidationError(_("The date cannot be in the future."), code="future")
            )
        names = [s.grantor.strip().casefold() for s in subsidies]
        if any(not name for name in names):
            errors.setdefault("subsidies", []).append(
                ValidationError(_("Name every grantor."), code="grantor_required")
            )
        if len(set(names)) != len(names):
            errors.setdefault("subsidies", []).append(
                ValidationError(
                    _("Each grantor once: add up its subsidies."),
                    code="grantor_twice",
                )
            )
        if any(s.grantor_kind not in GrantorKind.values for s in subsidies):
            errors.setdefault("subsidies", []).append(
                ValidationError(_("Choose the kind of grantor."), code="grantor_kind")
            )
        try:
            shares = proportional_returns(unused_amount, [s.granted for s in subsidies])
        except SubsidyError as error:
            field = "unused_amount" if error.code.startswith("unused") else "subsidies"
            errors.setdefault(field, []).append(
                ValidationError(_messages()[error.code], code=error.code)
            )
            shares = []
        if errors:
            raise ValidationError(errors)
        settlement, _created = SubsidyReturn.objects.update_or_create(
            decision=decision,
            defaults={
                "unused_amount": unused_amount,
                "established_on": established_on,
                "note": note.strip(),
                "recorded_by": actor,
                "recorded_at": timezone.now(),
            },
        )
        settlement.lines.all().delete()
        bulk_create_with_history(
            [
                SubsidyReturnLine(
                    settlement=settlement,
                    position=position,
                    grantor=subsidy.grantor.strip(),
                    grantor_kind=subsidy.grantor_kind,
                    granted=subsidy.granted,
                    to_return=share,
                )
                for position, (subsidy, share) in enumerate(
                    zip(subsidies, shares, strict=True), start=1
                )
            ],
            SubsidyReturnLine,
        )
    return settlement
