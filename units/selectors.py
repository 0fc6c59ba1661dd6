"""Reads of units and founding bodies, scoped to the user (accounts.access)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from units.constants import (
    LOCAL_GOVERNMENT_TYPES,
    ApplicationState,
    CisStatus,
    UnitKind,
)
from units.constants_kis import KisNotificationState
from units.deadlines import add_months
from units.due import SOON_DAYS
from units.models import (
    FoundingBody,
    KisNotification,
    Recommendation,
    StatusApplication,
    StatusDecision,
    Unit,
    Voivodeship,
    open_on_q,
)

# Statuses ending within this many months are shown to officials and
# reminded to the centres' managers.
EXPIRY_WARNING_MONTHS = 6


def unit_list_for_user(*, user: Any) -> QuerySet[Unit]:
    """Units the user may see, with what their lists show."""
    return Unit.objects.visible_to(user).select_related("voivodeship", "founding_body")


def founding_body_list_for_user(*, user: Any) -> QuerySet[FoundingBody]:
    return FoundingBody.objects.visible_to(user).select_related("voivodeship")


def voivodeship_list() -> QuerySet[Voivodeship]:
    return Voivodeship.objects.all()


@dataclass(frozen=True)
class VoivodeshipUnitCounts:
    """Units open today in one voivodeship, by kind and founder group."""

    voivodeship: Voivodeship
    cis: int
    kis: int
    cis_local_government: int
    cis_social_economy: int
    kis_local_government: int
    kis_social_economy: int


def unit_counts_by_voivodeship(*, user: Any) -> list[VoivodeshipUnitCounts]:
    """Open units per voivodeship within the user's scope, counted by the database."""
    today = timezone.localdate()
    open_units = open_on_q(today, prefix="units__")
    visible = Q(units__in=Unit.objects.visible_to(user))
    local = Q(units__founding_body__founder_type__in=LOCAL_GOVERNMENT_TYPES)
    cis = Q(units__kind=UnitKind.CIS)
    kis = Q(units__kind=UnitKind.KIS)
    base = open_units & visible
    rows = Voivodeship.objects.annotate(
        n_cis=Count("units", filter=base & cis),
        n_kis=Count("units", filter=base & kis),
        n_cis_lg=Count("units", filter=base & cis & local),
        n_kis_lg=Count("units", filter=base & kis & local),
    ).order_by("teryt")
    return [
        VoivodeshipUnitCounts(
            voivodeship=row,
            cis=row.n_cis,
            kis=row.n_kis,
            cis_local_government=row.n_cis_lg,
            cis_social_economy=row.n_cis - row.n_cis_lg,
            kis_local_government=row.n_kis_lg,
            kis_social_economy=row.n_kis - row.n_kis_lg,
        )
        for row in rows
    ]


def application_list_for_user(*, user: Any) -> QuerySet[StatusApplication]:
    """Status applications in the user's scope, with what lists show."""
    return StatusApplication.objects.visible_to(user).select_related(
        "voivodeship", "founding_body", "unit", "handled_by"
    )


def decision_list_for_user(*, user: Any) -> QuerySet[StatusDecision]:
    return StatusDecision.objects.visible_to(user).select_related(
        "voivodeship", "unit", "application", "issued_by"
    )


def applications_due(
    *, user: Any, day: datetime.date | None = None, within_days: int = SOON_DAYS
) -> QuerySet[StatusApplication]:
    """Complete applications waiting for a decision that are overdue or due
    within `within_days` of `day` (today), soonest first."""
    day = day or timezone.localdate()
    return (
        application_list_for_user(user=user)
        .filter(
            state=ApplicationState.COMPLETE,
            decision_due_on__lte=day + datetime.timedelta(days=within_days),
        )
        .order_by("decision_due_on", "pk")
    )


def statuses_ending(
    units: QuerySet[Unit],
    *,
    day: datetime.date,
    within_months: int = EXPIRY_WARNING_MONTHS,
) -> QuerySet[Unit]:
    """The centres among `units` whose status is active on `day` and ends
    within `within_months`, soonest first."""
    return (
        units.filter(kind=UnitKind.CIS)
        .with_status(day)
        .filter(
            cis_status=CisStatus.ACTIVE,
            status_valid_until__lte=add_months(day, within_months),
        )
        .order_by("status_valid_until", "pk")
    )


def statuses_expiring(
    *,
    user: Any,
    day: datetime.date | None = None,
    within_months: int = EXPIRY_WARNING_MONTHS,
) -> QuerySet[Unit]:
    """Centres in the user's scope whose active status ends within
    `within_months` of `day` (today)."""
    return statuses_ending(
        unit_list_for_user(user=user),
        day=day or timezone.localdate(),
        within_months=within_months,
    )


def kis_notification_list_for_user(*, user: Any) -> QuerySet[KisNotification]:
    """KIS notifications in the user's scope, with what lists show."""
    return KisNotification.objects.visible_to(user).select_related(
        "voivodeship", "founding_body", "unit", "handled_by"
    )


def kis_notifications_due(
    *, user: Any, day: datetime.date | None = None, within_days: int = SOON_DAYS
) -> QuerySet[KisNotification]:
    """Received founding notifications whose entry into the register of KIS
    (art. 18a ust. 2) is overdue or due within `within_days` of `day` (today),
    soonest first."""
    day = day or timezone.localdate()
    return (
        kis_notification_list_for_user(user=user)
        .filter(
            state=KisNotificationState.RECEIVED,
            register_due_on__lte=day + datetime.timedelta(days=within_days),
        )
        .order_by("register_due_on", "pk")
    )


@dataclass(frozen=True)
class UnitKeyFigures:
    """What a unit's page sums up at the top (counted by the database)."""

    places: int | None
    years_open: int
    decisions: int
    inspections: int
    overdue_recommendations: int


def unit_key_figures(*, unit: Unit, day: datetime.date | None = None) -> UnitKeyFigures:
    """Key figures of one unit already fetched through a scoped selector."""
    day = day or timezone.localdate()
    counts = Unit.objects.filter(pk=unit.pk).aggregate(
        decisions=Count("status_decisions", distinct=True),
        inspections=Count("inspections", distinct=True),
    )
    overdue = (
        Recommendation.objects.filter(inspection__unit=unit).overdue_on(day).count()
    )
    end = unit.closed_on or day
    years = (
        end.year
        - unit.opened_on.year
        - ((end.month, end.day) < (unit.opened_on.month, unit.opened_on.day))
    )
    return UnitKeyFigures(
        places=unit.places,
        years_open=max(years, 0),
        decisions=counts["decisions"],
        inspections=counts["inspections"],
        overdue_recommendations=overdue,
    )
