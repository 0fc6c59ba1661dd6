"""Retention: the records a unit no longer needs to keep, and their
anonymisation (docs/data-protection.md, "Retention").

A participant is past the retention period when every participation of theirs
has ended (exited, or closed without admission) and the latest of them ended
before the cut-off day, `years` years before today. The period is the unit's
choice as controller; the installation's default is the setting
PARTICIPANT_RETENTION_YEARS (10 years when it is not set). Nothing here reads
or returns a name: the rows carry the unit, the record's id and the end date.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import (
    Case,
    DateField,
    DateTimeField,
    Exists,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    When,
)
from django.db.models.functions import Coalesce, TruncDate
from django.utils import timezone

from participants.constants import OPEN_STATES, ParticipationState
from participants.models import Participant, Participation
from participants.services import participant_anonymise

DEFAULT_RETENTION_YEARS = 10


def retention_years() -> int:
    """The installation's default retention period, in whole years."""
    return getattr(settings, "PARTICIPANT_RETENTION_YEARS", DEFAULT_RETENTION_YEARS)


def retention_cutoff(
    *, years: int, today: datetime.date | None = None
) -> datetime.date:
    """The first day that is still within the period: a participation that
    ended before it ended more than `years` years ago."""
    if isinstance(years, bool) or not isinstance(years, int) or years < 1:
        raise ValueError("years")
    return (today or timezone.localdate()) - relativedelta(years=years)


def participations_with_end() -> QuerySet[Participation]:
    """Participations with `ended_on`: the exit date, or for a referral closed
    without admission the day it was closed (from the history; the day it was
    recorded when the history has no such row). Open ones have none."""
    closed_at = (
        Participation.history.filter(
            id=OuterRef("pk"), state=ParticipationState.NOT_ADMITTED
        )
        .order_by("history_date")
        .values("history_date")[:1]
    )
    return Participation.objects.annotate(
        ended_on=Case(
            When(state=ParticipationState.EXITED, then=F("exited_on")),
            When(
                state=ParticipationState.NOT_ADMITTED,
                then=Coalesce(
                    TruncDate(Subquery(closed_at, output_field=DateTimeField())),
                    TruncDate("created_at"),
                ),
            ),
            default=None,
            output_field=DateField(),
        )
    )


@dataclass(frozen=True)
class RetentionRow:
    """A record past its retention period, as the command lists it."""

    unit_registry_id: str
    unit_name: str
    participant_id: int
    ended_on: datetime.date


def _due_queryset(
    *, cutoff: datetime.date, unit_id: int | None = None
) -> QuerySet[Participant]:
    of_person = participations_with_end().filter(participant=OuterRef("pk"))
    still_kept = of_person.filter(
        Q(state__in=OPEN_STATES) | Q(ended_on__isnull=True) | Q(ended_on__gte=cutoff)
    )
    rows = (
        Participant.objects.filter(anonymised_at__isnull=True)
        .filter(Exists(of_person))
        .exclude(Exists(still_kept))
        .annotate(
            ended_on=Subquery(
                of_person.order_by("-ended_on").values("ended_on")[:1],
                output_field=DateField(),
            )
        )
    )
    if unit_id is not None:
        rows = rows.filter(unit_id=unit_id)
    return rows


def participants_past_retention(
    *, years: int, unit_id: int | None = None, today: datetime.date | None = None
) -> list[RetentionRow]:
    """Records not yet anonymised whose every participation ended more than
    `years` years before `today`, by unit and id. Names are never read."""
    cutoff = retention_cutoff(years=years, today=today)
    return [
        RetentionRow(
            unit_registry_id=registry_id or "",
            unit_name=unit_name,
            participant_id=pk,
            ended_on=ended_on,
        )
        for pk, registry_id, unit_name, ended_on in _due_queryset(
            cutoff=cutoff, unit_id=unit_id
        )
        .order_by("unit__registry_id", "unit_id", "pk")
        .values_list("pk", "unit__registry_id", "unit__name", "ended_on")
    ]


@dataclass
class RetentionResult:
    """What an anonymisation run did: ids anonymised, ids no longer due
    (a new referral since they were listed), and ids refused with why."""

    anonymised: list[int] = field(default_factory=list)
    skipped: list[int] = field(default_factory=list)
    failed: list[tuple[int, str]] = field(default_factory=list)


def retention_anonymise(
    *,
    participant_ids: list[int],
    years: int,
    today: datetime.date | None = None,
) -> RetentionResult:
    """Anonymise each listed record past its retention period, each in its own
    transaction, by the system (no acting user). A record is checked again
    under its lock, so one that took a new referral since it was listed is
    skipped; one refusal does not stop the others."""
    cutoff = retention_cutoff(years=years, today=today)
    result = RetentionResult()
    for pk in sorted(participant_ids):
        try:
            with transaction.atomic():
                participant = (
                    Participant.objects.select_for_update().filter(pk=pk).first()
                )
                if (
                    participant is None
                    or not _due_queryset(cutoff=cutoff).filter(pk=pk).exists()
                ):
                    result.skipped.append(pk)
                    continue
                participant_anonymise(actor=None, participant=participant)
        except ValidationError as error:
            result.failed.append((pk, " ".join(error.messages)))
        else:
            result.anonymised.append(pk)
    return result
