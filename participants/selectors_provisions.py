"""Reads of what centres have provided to their participants (art. 14 ust.
2-4). Scoped like every read of personal data: only the staff of the
participant's own unit. What counts as missing is defined once here, for the
participation page and the list alike."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from accounts.access import filter_personal_data
from participants.constants import ParticipationState
from participants.constants_provisions import (
    EXPIRY_WARNING_DAYS,
    REQUIRED_KINDS,
    ExaminationResult,
    MissingProvision,
    ProvisionKind,
)
from participants.models import Participation, Provision
from participants.selectors import participation_list_for_user
from units.constants import UnitKind


def provision_list_for_user(*, user: Any) -> QuerySet[Provision]:
    """Entries of the participants of the user's units."""
    return filter_personal_data(
        Provision.objects.all(), user, unit_field="participation__unit"
    ).select_related("participation__participant", "participation__unit")


def provisions_of(participation: Participation) -> list[Provision]:
    """Every entry of one participation, voided ones too, newest first."""
    return list(
        Provision.objects.filter(participation=participation)
        .select_related("recorded_by", "voided_by")
        .order_by("-provided_on", "-pk")
    )


def _latest(kind: str) -> QuerySet[Provision]:
    return (
        Provision.objects.in_force()
        .filter(participation=OuterRef("pk"), kind=kind)
        .order_by("-provided_on", "-pk")
    )


def with_provision_status(
    queryset: QuerySet[Participation],
) -> QuerySet[Participation]:
    """The participations with the day of the latest entry in force of each
    kind, and the validity and result of the latest medical examination."""
    exam = _latest(ProvisionKind.MEDICAL_EXAMINATION)
    return queryset.annotate(
        ohs_training_on=Subquery(
            _latest(ProvisionKind.OHS_TRAINING).values("provided_on")[:1]
        ),
        examination_on=Subquery(exam.values("provided_on")[:1]),
        examination_valid_until=Subquery(exam.values("valid_until")[:1]),
        examination_result=Subquery(exam.values("result")[:1]),
        work_clothing_on=Subquery(
            _latest(ProvisionKind.WORK_CLOTHING).values("provided_on")[:1]
        ),
        protective_equipment_on=Subquery(
            _latest(ProvisionKind.PROTECTIVE_EQUIPMENT).values("provided_on")[:1]
        ),
    )


def missing_q(what: str, day: datetime.date) -> Q:
    """The participations (annotated by `with_provision_status`) that lack
    `what` (a MissingProvision value) on `day`. An examination is valid to
    its last day inclusive; one without a validity does not expire."""
    soon = day + datetime.timedelta(days=EXPIRY_WARNING_DAYS)
    conditions = {
        MissingProvision.OHS_TRAINING: Q(ohs_training_on__isnull=True),
        MissingProvision.MEDICAL_EXAMINATION: Q(examination_on__isnull=True),
        MissingProvision.EXAMINATION_EXPIRED: Q(examination_valid_until__lt=day),
        MissingProvision.EXAMINATION_EXPIRING: Q(
            examination_valid_until__gte=day, examination_valid_until__lte=soon
        ),
        MissingProvision.WORK_CLOTHING: Q(work_clothing_on__isnull=True),
        MissingProvision.EXAMINATION_UNFIT: Q(
            examination_result=ExaminationResult.UNFIT
        ),
    }
    return conditions[MissingProvision(what)]


def any_missing_q(day: datetime.date) -> Q:
    condition = Q()
    for what in MissingProvision:
        condition |= missing_q(what, day)
    return condition


def missing_provisions_for_user(
    *, user: Any, day: datetime.date | None = None
) -> QuerySet[Participation]:
    """Participations under way in the user's centres that lack the health and
    safety training, the medical examination or work clothing, or whose
    examination has expired or expires within EXPIRY_WARNING_DAYS."""
    day = day or timezone.localdate()
    return with_provision_status(
        participation_list_for_user(user=user).filter(
            unit__kind=UnitKind.CIS,
            state=ParticipationState.ACTIVE,
            participant__anonymised_at__isnull=True,
        )
    ).filter(any_missing_q(day))


@dataclass(frozen=True)
class ProvisionStatus:
    """What the participation page warns about, from the annotations."""

    missing: list[str]
    examination_valid_until: datetime.date | None
    examination_expired: bool
    examination_expiring: bool
    examination_unfit: bool

    @property
    def complete(self) -> bool:
        return not (
            self.missing
            or self.examination_expired
            or self.examination_expiring
            or self.examination_unfit
        )


def provision_status(
    participation: Participation, day: datetime.date | None = None
) -> ProvisionStatus:
    """The warnings of one participation annotated by `with_provision_status`,
    by the same rules as `missing_q`."""
    day = day or timezone.localdate()
    valid_until = participation.examination_valid_until
    provided = {
        ProvisionKind.OHS_TRAINING: participation.ohs_training_on,
        ProvisionKind.MEDICAL_EXAMINATION: participation.examination_on,
        ProvisionKind.WORK_CLOTHING: participation.work_clothing_on,
    }
    missing = [str(kind.label) for kind in REQUIRED_KINDS if provided[kind] is None]
    soon = day + datetime.timedelta(days=EXPIRY_WARNING_DAYS)
    return ProvisionStatus(
        missing=missing,
        examination_valid_until=valid_until,
        examination_expired=valid_until is not None and valid_until < day,
        examination_expiring=valid_until is not None and day <= valid_until <= soon,
        examination_unfit=participation.examination_result == ExaminationResult.UNFIT,
    )
