"""The voivode's supervision of a CIS (art. 5b of the Act): inspections,
recommendations with their statutory minimum deadlines, and the overdue ones
that can ground a loss of status (art. 6 ust. 1a).

Writes lock the row they change (the centre, the inspection or the
recommendation) and check the transition, as in units.services.status.
The reads at the end are scoped selectors (units.selectors keeps the others).
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.db import transaction
from django.db.models import Prefetch, QuerySet
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from units.constants import UnitKind
from units.constants_supervision import MINIMUM_DEADLINE_RULE, RecommendationKind
from units.models import Inspection, LegalRule, Recommendation, Unit
from units.services.common import invalid_transition, require_official_of


def _field_error(field: str, message: str, code: str) -> ValidationError:
    """An error on one field that keeps its code (for the forms and tests)."""
    return ValidationError({field: ValidationError(message, code=code)})


def _not_in_future(field: str, day: datetime.date) -> None:
    if day > timezone.localdate():
        raise _field_error(field, _("The date cannot be in the future."), "future_date")


@transaction.atomic
def inspection_record(
    *,
    actor: Any,
    unit: Unit,
    started_on: datetime.date,
    ended_on: datetime.date | None = None,
    scope: str,
    findings: str = "",
) -> Inspection:
    """Record an inspection of a centre by an official of its voivodeship."""
    unit = Unit.objects.select_for_update().get(pk=unit.pk)
    require_official_of(actor, unit.voivodeship_id)
    if unit.kind != UnitKind.CIS:
        raise invalid_transition(
            _("Only a CIS is supervised by the voivode (art. 5b).")
        )
    _not_in_future("started_on", started_on)
    if ended_on is not None:
        _not_in_future("ended_on", ended_on)
    inspection = Inspection(
        unit=unit,
        voivodeship_id=unit.voivodeship_id,
        started_on=started_on,
        ended_on=ended_on,
        scope=scope,
        findings=findings,
        created_by=actor,
    )
    inspection.full_clean()
    inspection._history_user = actor
    inspection.save()
    return inspection


def minimum_deadline_days(
    kind: RecommendationKind | str, delivered_on: datetime.date
) -> tuple[int, str] | None:
    """The shortest deadline in days and its article for a recommendation
    delivered on `delivered_on`; None before art. 5b applied (15 Feb 2022)."""
    try:
        rule = LegalRule.objects.in_force(
            MINIMUM_DEADLINE_RULE[RecommendationKind(kind)], on=delivered_on
        )
    except ImproperlyConfigured:
        return None
    return int(rule.value), rule.article


@transaction.atomic
def recommendation_issue(
    *,
    actor: Any,
    inspection: Inspection,
    kind: RecommendationKind | str,
    text: str,
    delivered_on: datetime.date,
    deadline: datetime.date,
) -> Recommendation:
    """Record a demand for explanations or an order to remedy irregularities
    (art. 5b ust. 2); the deadline may not be shorter than the law's minimum
    in force on the day the centre received it."""
    inspection = Inspection.objects.select_for_update().get(pk=inspection.pk)
    require_official_of(actor, inspection.voivodeship_id)
    if kind not in RecommendationKind.values:
        raise _field_error("kind", _("Choose the kind of recommendation."), "kind")
    _not_in_future("delivered_on", delivered_on)
    if delivered_on < inspection.started_on:
        raise _field_error(
            "delivered_on",
            _("A recommendation cannot be delivered before the inspection started."),
            "delivered_before_inspection",
        )
    if deadline < delivered_on:
        raise _field_error(
            "deadline",
            _("The deadline cannot precede the delivery."),
            "deadline_before_delivery",
        )
    minimum = minimum_deadline_days(kind, delivered_on)
    if minimum is not None:
        days, article = minimum
        earliest = delivered_on + datetime.timedelta(days=days)
        if deadline < earliest:
            raise ValidationError(
                {
                    "deadline": ValidationError(
                        _(
                            "The deadline must be at least %(days)s days from "
                            "delivery (%(article)s), so not before %(earliest)s."
                        ),
                        code="deadline_too_short",
                        params={
                            "days": days,
                            "article": article,
                            "earliest": formats.date_format(earliest),
                        },
                    )
                }
            )
    recommendation = Recommendation(
        inspection=inspection,
        kind=kind,
        text=text,
        delivered_on=delivered_on,
        deadline=deadline,
        issued_by=actor,
    )
    recommendation.full_clean()
    recommendation._history_user = actor
    recommendation.save()
    return recommendation


@transaction.atomic
def recommendation_mark_met(
    *,
    actor: Any,
    recommendation: Recommendation,
    met_on: datetime.date,
    note: str = "",
) -> Recommendation:
    """Record that the centre gave the explanations or remedied the
    irregularities on `met_on` (late fulfilment is recorded as it was)."""
    recommendation = (
        Recommendation.objects.select_for_update(of=("self",))
        .select_related("inspection")
        .get(pk=recommendation.pk)
    )
    require_official_of(actor, recommendation.inspection.voivodeship_id)
    if recommendation.met_on is not None:
        raise invalid_transition(_("The recommendation has already been fulfilled."))
    _not_in_future("met_on", met_on)
    if met_on < recommendation.delivered_on:
        raise _field_error(
            "met_on",
            _("A recommendation cannot be fulfilled before delivery."),
            "met_before_delivery",
        )
    recommendation.met_on = met_on
    if note:
        recommendation.note = note
    recommendation.full_clean()
    recommendation._history_user = actor
    recommendation.save(update_fields=["met_on", "note"])
    return recommendation


# Reads.


def inspection_list_for_user(*, user: Any) -> QuerySet[Inspection]:
    """Inspections the user may see, with what their pages show."""
    return Inspection.objects.visible_to(user).select_related(
        "unit", "voivodeship", "created_by"
    )


def recommendation_list_for_user(
    *, user: Any, day: datetime.date | None = None
) -> QuerySet[Recommendation]:
    """Recommendations the user may see, with `is_overdue` on `day` (today)."""
    return (
        Recommendation.objects.visible_to(user)
        .with_overdue(day or timezone.localdate())
        .select_related("inspection__unit")
    )


def unit_inspections(
    *, user: Any, unit: Unit, day: datetime.date | None = None
) -> list[Inspection]:
    """A centre's inspections, newest first, each with its recommendations
    (annotated `is_overdue` on `day`): two queries whatever their number."""
    recommendations = Recommendation.objects.with_overdue(
        day or timezone.localdate()
    ).order_by("delivered_on", "pk")
    return list(
        inspection_list_for_user(user=user)
        .filter(unit=unit)
        .prefetch_related(Prefetch("recommendations", queryset=recommendations))
    )


def overdue_recommendations(
    *, user: Any, day: datetime.date | None = None
) -> QuerySet[Recommendation]:
    """Recommendations in the user's scope whose deadline passed before `day`
    (today) without being fulfilled: each can ground a loss of status
    (art. 6 ust. 1a). Oldest deadline first."""
    day = day or timezone.localdate()
    return (
        recommendation_list_for_user(user=user, day=day)
        .overdue_on(day)
        .select_related("inspection__unit__voivodeship")
        .order_by("deadline", "pk")
    )
