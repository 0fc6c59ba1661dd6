"""Writes of supported employment (art. 15b-17 of the Act): the support a
former participant gets after the programme, and the refund an employer
receives where the Act provides one (art. 16: entered with its basis, and no
higher than the dated rule allows)."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from stdnum.pl import nip as stdnum_nip

from participants.constants import ParticipationState
from participants.models import Participation
from programs.constants import SupportedEmploymentForm
from programs.models import SupportedEmployment, SupportedEmploymentRefund
from programs.refund_schedule import (
    RefundMonth,
    RefundRule,
    RefundRuleError,
    highest_refund,
    month_begins,
)
from programs.selectors_allowances import (
    rate_points,
    refund_rule_on,
    supported_refund_schedule,
)
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
    if record.pk is not None:
        _check_recorded_refunds(record, errors)
    if errors:
        raise ValidationError(errors)


def _check_recorded_refunds(
    record: SupportedEmployment, errors: dict[str, list[ValidationError]]
) -> None:
    """Refunds already recorded keep the form, the first day and the months
    they were checked against: the period may not end before one of them."""
    refunded = list(
        record.refunds.filter(voided_at__isnull=True)
        .order_by("month")
        .values_list("month", flat=True)
    )
    if not refunded:
        return
    stored = SupportedEmployment.objects.only("form", "starts_on").get(pk=record.pk)
    message = _(
        "Refunds are recorded for this employment; void them before changing "
        "the form of support or the first day."
    )
    if record.form != stored.form:
        errors.setdefault("form", []).append(
            ValidationError(message, code="refunds_recorded")
        )
    if record.starts_on != stored.starts_on:
        errors.setdefault("starts_on", []).append(
            ValidationError(message, code="refunds_recorded")
        )
        return
    if record.ends_on and record.starts_on:
        last = refunded[-1]
        begins = month_begins(record.starts_on, last)
        if begins > record.ends_on:
            errors.setdefault("ends_on", []).append(
                ValidationError(
                    _(
                        "A refund is recorded for month %(month)s of the "
                        "employment, which begins on %(day)s; the period cannot "
                        "end before it."
                    ),
                    code="refunds_after_end",
                    params={
                        "month": last,
                        "day": date_format(begins, "SHORT_DATE_FORMAT"),
                    },
                )
            )


def _unreadable_rule() -> ValidationError:
    return ValidationError(
        _(
            "The rule of the refund in force on that day cannot be read; "
            "ask the administrator to correct it (Legal rules)."
        ),
        code="refund_rule_unreadable",
    )


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
        errors.setdefault("refund_monthly", []).append(_unreadable_rule())
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
            Participation.objects.select_for_update(of=("self", "participant"))
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
            SupportedEmployment.objects.select_for_update(
                of=("self", "participation__participant")
            )
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


# --- refunds to the employer, month by month (art. 16) -------------------------


def _schedule_of(record: SupportedEmployment) -> tuple[RefundRule, list[RefundMonth]]:
    try:
        return supported_refund_schedule(starts_on=record.starts_on)
    except RefundRuleError:
        raise _unreadable_rule() from None


def _lock_for_refunds(record: SupportedEmployment) -> SupportedEmployment:
    # The person's row too, so that an anonymisation under way is waited for.
    record = (
        SupportedEmployment.objects.select_for_update(
            of=("self", "participation__participant")
        )
        .select_related("participation__participant")
        .get(pk=record.pk)
    )
    if record.participation.participant.is_anonymised:
        raise ValidationError(
            _("An anonymised record cannot be changed."), code="anonymised"
        )
    return record


def _check_refund_month(
    *,
    record: SupportedEmployment,
    rule: RefundRule,
    schedule: list[RefundMonth],
    month: int,
    amount: Decimal,
    contributions: Decimal,
) -> None:
    errors: dict[str, list[ValidationError]] = {}

    def refuse(field: str, message: str, code: str, **params: Any) -> None:
        errors.setdefault(field, []).append(
            ValidationError(message, code=code, params=params or None)
        )

    if not 1 <= month <= len(schedule):
        refuse(
            "month",
            _("The refund covers months 1 to %(last)s of the employment."),
            "month_outside",
            last=len(schedule),
        )
    else:
        scheduled = schedule[month - 1]
        if scheduled.first_day > timezone.localdate():
            refuse(
                "month",
                _("This month of employment has not begun yet (it begins on %(day)s)."),
                "month_not_begun",
                day=date_format(scheduled.first_day, "SHORT_DATE_FORMAT"),
            )
        elif record.ends_on and scheduled.first_day > record.ends_on:
            refuse(
                "month",
                _("The employment ended on %(day)s, before this month began."),
                "month_after_end",
                day=date_format(record.ends_on, "SHORT_DATE_FORMAT"),
            )
        if scheduled.maximum is None:
            refuse(
                "amount",
                _(
                    "No unemployment benefit is recorded for %(day)s, so the "
                    "highest refund of this month is not known; ask the "
                    "administrator to add the amount (Unemployment-benefit rates)."
                ),
                "no_benefit_rate",
                day=date_format(scheduled.first_day, "SHORT_DATE_FORMAT"),
            )
        elif amount > scheduled.maximum:
            refuse(
                "amount",
                _(
                    "In month %(month)s the refund cannot exceed %(amount)s zł: "
                    "%(percent)s%% of the unemployment benefit (%(article)s)."
                ),
                "refund_above_limit",
                month=month,
                amount=pln_text(scheduled.maximum),
                percent=f"{scheduled.percent.normalize():f}",
                article=rule.article,
            )
    if amount < 0:
        refuse("amount", _("The refund cannot be negative."), "negative_refund")
    if contributions < 0:
        refuse("contributions", _("The refund cannot be negative."), "negative_refund")
    elif contributions > 0 and not rule.with_contributions:
        refuse(
            "contributions",
            _("The rule in force does not refund the contributions."),
            "contributions_not_refunded",
        )
    if errors:
        raise ValidationError(errors)


def supported_refund_record(
    *,
    actor: Any,
    record: SupportedEmployment,
    month: int,
    amount: Decimal,
    contributions: Decimal = Decimal(0),
) -> SupportedEmploymentRefund:
    """Record (or correct) the refund of one month of employment, no higher
    than that month's share of the benefit under the rule in force on the
    first day of the employment."""
    with transaction.atomic():
        record = _lock_for_refunds(record)
        if record.form != SupportedEmploymentForm.EMPLOYER:
            raise ValidationError(
                _("The Act provides a refund only to an employer."),
                code="refund_not_employer",
            )
        rule, schedule = _schedule_of(record)
        amount, contributions = pln(amount), pln(contributions)
        _check_refund_month(
            record=record,
            rule=rule,
            schedule=schedule,
            month=month,
            amount=amount,
            contributions=contributions,
        )
        refund = SupportedEmploymentRefund.objects.filter(
            employment=record, month=month, voided_at__isnull=True
        ).first() or SupportedEmploymentRefund(employment=record, month=month)
        refund.amount = amount
        refund.contributions = contributions
        refund.recorded_by = actor
        refund.recorded_at = timezone.now()
        refund.full_clean()
        refund._history_user = actor
        refund.save()
    return refund


def supported_refund_void(
    *, actor: Any, refund: SupportedEmploymentRefund, reason: str
) -> SupportedEmploymentRefund:
    """Void a month entered by mistake: it stays, marked, with the reason;
    the month can then be recorded anew."""
    if not reason.strip():
        raise ValidationError(
            {
                "reason": ValidationError(
                    _("Say why the entry is voided."), code="reason_required"
                )
            }
        )
    with transaction.atomic():
        _lock_for_refunds(refund.employment)
        refund = SupportedEmploymentRefund.objects.get(pk=refund.pk)
        if refund.voided_at is not None:
            raise ValidationError(
                _("The entry is already voided."), code="already_voided"
            )
        refund.voided_at = timezone.now()
        refund.voided_by = actor
        refund.void_reason = reason.strip()
        refund.full_clean()
        refund._history_user = actor
        refund.save()
    return refund
