"""The individual programme: IPZS of a centre (art. 13, 14, 15), a plan or a
social contract of a club. Every change is a new version."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from participants.constants import ParticipationState, ProgrammeChange, ProgrammeKind
from participants.models import IndividualProgramme, Participation
from participants.services.common import (
    field_error,
    invalid_transition,
    lock_participation,
    not_in_future,
    require_staff_of,
)
from units.constants import RuleCode, UnitKind
from units.deadlines import months_period_end
from units.models import LegalRule

DAY = datetime.timedelta(days=1)


@dataclass(frozen=True)
class ParticipationLimits:
    """The longest a centre's participation may last, by the rules in force
    on the day of admission (art. 15)."""

    trial_ends_on: datetime.date
    basic_ends_on: datetime.date
    extended_ends_on: datetime.date
    participation_months: int
    extension_months: int
    participation_article: str
    extension_article: str


def participation_limits(participation: Participation) -> ParticipationLimits | None:
    """The end of the basic participation period and of the longest extension
    of an admitted centre participant (None for a club or before admission)."""
    admitted = participation.admitted_on
    trial_ends = participation.trial_ends_on
    if admitted is None or trial_ends is None:
        return None
    basic = LegalRule.objects.in_force(RuleCode.PARTICIPATION_MONTHS, on=admitted)
    extension = LegalRule.objects.in_force(RuleCode.EXTENSION_MONTHS, on=admitted)
    basic_end = months_period_end(trial_ends + DAY, basic.value)
    return ParticipationLimits(
        trial_ends_on=trial_ends,
        basic_ends_on=basic_end,
        extended_ends_on=months_period_end(basic_end + DAY, extension.value),
        participation_months=basic.value,
        extension_months=extension.value,
        participation_article=basic.article,
        extension_article=extension.article,
    )


def _check_kind(participation: Participation, kind: str) -> None:
    is_cis = participation.unit.kind == UnitKind.CIS
    if is_cis != (kind == ProgrammeKind.IPZS):
        raise field_error(
            "kind",
            _(
                "A centre draws up an IPZS; a club an individual plan or a "
                "social contract."
            ),
            "programme_kind",
        )


def _check_hours(hours: int | None, starts_on: datetime.date) -> None:
    rule = LegalRule.objects.in_force(RuleCode.WEEKLY_HOURS, on=starts_on)
    low, high = rule.value["min"], rule.value["max"]
    if hours is None:
        raise field_error(
            "hours_per_week", _("Give the hours a week."), "hours_required"
        )
    if hours < low or (high is not None and hours > high):
        message = (
            _("Between %(min)s and %(max)s hours a week (%(article)s).")
            if high is not None
            else _("At least %(min)s hours a week (%(article)s).")
        )
        raise ValidationError(
            {
                "hours_per_week": ValidationError(
                    message,
                    code="hours_out_of_range",
                    params={"min": low, "max": high, "article": rule.article},
                )
            }
        )


def _check_duration(
    participation: Participation,
    change: str,
    ends_on: datetime.date,
) -> None:
    limits = participation_limits(participation)
    if limits is None:
        return
    extended = change == ProgrammeChange.EXTENSION or (
        participation.programmes.filter(change=ProgrammeChange.EXTENSION).exists()
    )
    if not extended and ends_on > limits.basic_ends_on:
        raise ValidationError(
            {
                "ends_on": ValidationError(
                    _(
                        "The participation period ends on %(date)s "
                        "(%(months)s months after the trial period, "
                        "%(article)s); record an extension to go beyond it."
                    ),
                    code="beyond_participation_period",
                    params={
                        "date": limits.basic_ends_on.strftime("%d.%m.%Y"),
                        "months": limits.participation_months,
                        "article": limits.participation_article,
                    },
                )
            }
        )
    if ends_on > limits.extended_ends_on:
        raise ValidationError(
            {
                "ends_on": ValidationError(
                    _(
                        "The participation can be extended by at most %(months)s "
                        "months, to %(date)s (%(article)s)."
                    ),
                    code="beyond_extension",
                    params={
                        "date": limits.extended_ends_on.strftime("%d.%m.%Y"),
                        "months": limits.extension_months,
                        "article": limits.extension_article,
                    },
                )
            }
        )


@transaction.atomic
def programme_record(
    *,
    actor: Any,
    participation: Participation,
    starts_on: datetime.date,
    ends_on: datetime.date,
    goals: str,
    change: str = ProgrammeChange.INITIAL,
    kind: str = "",
    reason: str = "",
    signed_on: datetime.date | None = None,
    social_reintegration: str = "",
    vocational_reintegration: str = "",
    workshop: str = "",
    hours_per_week: int | None = None,
    social_worker: str = "",
) -> IndividualProgramme:
    """Record the first version of the programme, an amendment or an
    extension, within the limits of the Act in force on admission."""
    participation = lock_participation(participation, actor)
    require_staff_of(actor, participation.unit_id)
    if participation.state != ParticipationState.ACTIVE:
        raise invalid_transition(
            _("A programme is drawn up for an admitted participant.")
        )
    is_cis = participation.unit.kind == UnitKind.CIS
    kind = kind or (ProgrammeKind.IPZS if is_cis else ProgrammeKind.KIS_PLAN)
    _check_kind(participation, kind)
    previous = participation.programmes.order_by("-version").first()
    if (previous is None) != (change == ProgrammeChange.INITIAL):
        raise field_error(
            "change",
            _(
                "The first version is recorded once; later ones are "
                "amendments or extensions."
            ),
            "programme_change",
        )
    if change != ProgrammeChange.INITIAL and not reason.strip():
        raise field_error(
            "reason", _("Give the reason for the change."), "reason_required"
        )
    not_in_future("signed_on", signed_on)
    if starts_on < participation.admitted_on:
        raise field_error(
            "starts_on",
            _("The programme cannot start before the admission."),
            "programme_before_admission",
        )
    if ends_on < starts_on:
        raise field_error(
            "ends_on",
            _("The programme cannot end before it starts."),
            "programme_dates",
        )
    if change == ProgrammeChange.EXTENSION and (
        previous is None or ends_on <= previous.ends_on
    ):
        raise field_error(
            "ends_on",
            _("An extension ends later than the programme it extends."),
            "extension_not_later",
        )
    if is_cis:
        _check_hours(hours_per_week, starts_on)
        _check_duration(participation, change, ends_on)
    programme = IndividualProgramme(
        participation=participation,
        version=(previous.version + 1) if previous else 1,
        kind=kind,
        change=change,
        reason=reason.strip(),
        signed_on=signed_on,
        starts_on=starts_on,
        ends_on=ends_on,
        goals=goals,
        social_reintegration=social_reintegration,
        vocational_reintegration=vocational_reintegration,
        workshop=workshop,
        hours_per_week=hours_per_week,
        social_worker=social_worker,
        created_by=actor,
    )
    # The version is the next one under the participation's lock and the
    # dates were checked above; the database enforces both again.
    programme.full_clean(exclude=["participation"], validate_constraints=False)
    programme._history_user = actor
    programme.save()
    from participants.tasks import enqueue_programme_pdf  # noqa: PLC0415

    transaction.on_commit(lambda: enqueue_programme_pdf(programme.pk))
    return programme


@transaction.atomic
def programme_sign(
    *, actor: Any, programme: IndividualProgramme, signed_on: datetime.date
) -> IndividualProgramme:
    """Record the participant's signature on a printed version."""
    participation = lock_participation(programme.participation, actor)
    require_staff_of(actor, participation.unit_id)
    if participation.state != ParticipationState.ACTIVE:
        raise invalid_transition(
            _("A programme is signed while the participation is under way.")
        )
    programme = IndividualProgramme.objects.select_for_update().get(pk=programme.pk)
    if programme.signed_on is not None:
        raise invalid_transition(_("This version is already signed."))
    not_in_future("signed_on", signed_on)
    programme.signed_on = signed_on
    programme._history_user = actor
    programme.save(update_fields=["signed_on"])
    return programme
