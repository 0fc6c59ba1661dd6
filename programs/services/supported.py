"""Writes of supported employment (art. 15b-17 of the Act): the support a
former participant gets after the programme, and the refund an employer
receives where the Act provides one (art. 16: entered with its basis, and no
higher than the dated rule allows)."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from stdnum.pl import nip as stdnum_nip

from participants.constants import ParticipationState
from participants.models import Participation
from programs.constants import SupportedEmploymentForm
from programs.models import SupportedEmployment
from programs.refund_schedule import RefundRuleError, highest_refund
from programs.selectors_allowances import rate_points, refund_rule_on
from programs.templatetags.allowances import pln as pln_text

FIELDS = (
    "form",
    "employer_name",
    "employer_nip",
    "starts_on",
    "ends_on",
    "support",
    "refund_monthly",
    "refund_basis",
)
CENT = Decimal("0.01")


def pln(amount: Decimal | int | str) -> Decimal:
    """An amount in złoty rounded to the grosz, halves up."""
    return Decimal(amount).quantize(CENT, rounding=ROUND_HALF_UP)


def _normalise(record: SupportedEmployment) -> None:
    """The refund to the grosz and the NIP without separators, before the
    fields are validated."""
    if record.refund_monthly is not None:
        record.refund_monthly = pln(record.refund_monthly)
    if record.employer_nip:
        record.employer_nip = stdnum_nip.compact(record.employer_nip)


def _check(record: SupportedEmployment) -> None:
    participation = record.participation
    errors: dict[str, list[ValidationError]] = {}
    if participation.participant.is_anonymised:
        raise ValidationError(
            _("An anonymised record cannot be changed."), code="anonymised"
        )
    if participation.state != ParticipationState.EXITED or not participation.exited_on:
        raise ValidationError(
            _("Supported employment follows the end of the programme."),
            code="not_after_programme",
        )
    if record.starts_on and record.starts_on < participation.exited_on:
        errors.setdefault("starts_on", []).append(
            ValidationError(
                _("Supported employment starts after the exit from the programme."),
                code="before_exit",
            )
        )
    if record.ends_on and record.starts_on and record.ends_on < record.starts_on:
        errors.setdefault("ends_on", []).append(
            ValidationError(_("The period ends before it starts."), code="period_order")
        )
    if record.form == SupportedEmploymentForm.EMPLOYER and not record.employer_name:
        errors.setdefault("employer_name", []).append(
            ValidationError(_("Name the employer."), code="employer_required")
        )
    if record.employer_nip and not stdnum_nip.is_valid(record.employer_nip):
        errors.setdefault("employer_nip", []).append(
            ValidationError(_("This is not a valid NIP."), code="invalid_nip")
        )
    if record.refund_monthly is not None:
        if record.refund_monthly < 0:
            errors.setdefault("refund_monthly", []).append(
                ValidationError(
                    _("The refund cannot be negative."), code="negative_refund"
                )
            )
        _check_refund(record, errors)
        if not record.refund_basis.strip():
            errors.setdefault("refund_basis", []).append(
                ValidationError(
                    _("Give the legal basis of the refund (article and agreement)."),
                    code="refund_basis_required",
                )
            )
    if errors:
        raise ValidationError(errors)


def _check_refund(
    record: SupportedEmployment, errors: dict[str, list[ValidationError]]
) -> None:
    """Only an employer is refunded, and at most the share of the benefit the
    rule in force when the employment starts allows."""
    if record.form != SupportedEmploymentForm.EMPLOYER:
        errors.setdefault("refund_monthly", []).append(
            ValidationError(
                _(
                    "The Act provides a refund only to an employer who employs "
                    "the former participant; leave the amount empty for this "
                    "form of support."
                ),
                code="refund_not_employer",
            )
        )
        return
    if not record.starts_on or record.refund_monthly is None:
        return
    try:
        rule = refund_rule_on(record.starts_on)
    except RefundRuleError:
        errors.setdefault("refund_monthly", []).append(
            ValidationError(
                _(
                    "The rule of the refund in force on that day cannot be read; "
                    "ask the administrator to correct it (Legal rules)."
                ),
                code="refund_rule_unreadable",
            )
        )
        return
    ceiling = highest_refund(starts_on=record.starts_on, rule=rule, rates=rate_points())
    if ceiling is not None and record.refund_monthly > ceiling:
        errors.setdefault("refund_monthly", []).append(
            ValidationError(
                _(
                    "The refund cannot exceed %(amount)s zł a month: "
                    "%(percent)s%% of the unemployment benefit (%(article)s), "
                    "plus the social-insurance contributions on it."
                ),
                code="refund_above_limit",
                params={
                    "amount": pln_text(ceiling),
                    "percent": f"{rule.top_percent.normalize():f}",
                    "article": rule.article,
                },
            )
        )


def supported_employment_record(
    *, actor: Any, participation: Participation, **data: Any
) -> SupportedEmployment:
    """Record the support of a former participant."""
    with transaction.atomic():
        participation = (
            Participation.objects.select_for_update(of=("self",))
            .select_related("participant", "unit")
            .get(pk=participation.pk)
        )
        record = SupportedEmployment(
            participation=participation,
            created_by=actor,
            **{name: data[name] for name in FIELDS if name in data},
        )
        _normalise(record)
        record.full_clean(validate_constraints=False)
        _check(record)
        record.full_clean()
        record.save()
    return record


def supported_employment_update(
    *, actor: Any, record: SupportedEmployment, **data: Any
) -> SupportedEmployment:
    """Correct or complete a record of supported employment."""
    with transaction.atomic():
        record = (
            SupportedEmployment.objects.select_for_update(of=("self",))
            .select_related("participation__participant", "participation__unit")
            .get(pk=record.pk)
        )
        for name in FIELDS:
            if name in data:
                setattr(record, name, data[name])
        _normalise(record)
        record.full_clean(validate_constraints=False)
        _check(record)
        record.full_clean()
        record.save()
    return record
