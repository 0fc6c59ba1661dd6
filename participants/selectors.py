"""Reads of participants' data. Only the staff of the participant's own unit
see it (accounts.access.filter_personal_data); everything here is scoped."""

from __future__ import annotations

import datetime
import difflib
import unicodedata
from dataclasses import dataclass
from typing import Any

from django.db.models import (
    Case,
    CharField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.access import Level, filter_personal_data, scope_for
from participants.constants import ParticipationState, Stage
from participants.identity import pesel_hash
from participants.models import (
    AccessLog,
    DataExport,
    FollowUp,
    IndividualProgramme,
    Participant,
    Participation,
    ParticipationGround,
)
from participants.validators import compact_pesel, pesel_birth_date
from units.constants import UnitKind
from units.models import Unit

# Names at least this similar (difflib ratio) with the same date of birth are
# shown to staff as a possible duplicate.
NAME_SIMILARITY = 0.8
FOLLOW_UP_SOON_DAYS = 14


def participant_list_for_user(*, user: Any) -> QuerySet[Participant]:
    return filter_personal_data(
        Participant.objects.all(), user, unit_field="unit"
    ).select_related("unit")


def _primary_ground() -> QuerySet[ParticipationGround]:
    return ParticipationGround.objects.filter(
        participation=OuterRef("pk"), is_primary=True
    )


def participation_list_for_user(*, user: Any) -> QuerySet[Participation]:
    """Participations of the user's units, with what the lists show."""
    return (
        filter_personal_data(Participation.objects.all(), user, unit_field="unit")
        .select_related("participant__unit", "unit", "referral")
        .annotate(
            primary_ground_code=Subquery(_primary_ground().values("ground__code")[:1]),
            primary_ground_name_pl=Subquery(
                _primary_ground().values("ground__name_pl")[:1]
            ),
            primary_ground_name_en=Subquery(
                _primary_ground().values("ground__name_en")[:1]
            ),
            workshop=Subquery(
                IndividualProgramme.objects.filter(participation=OuterRef("pk"))
                .order_by("-version")
                .values("workshop")[:1]
            ),
            programme_ends_on=Subquery(
                IndividualProgramme.objects.filter(participation=OuterRef("pk"))
                .order_by("-version")
                .values("ends_on")[:1]
            ),
        )
    )


def stage_q(stage: str, day: datetime.date) -> Q:
    """The participations in `stage` on `day`: the trial period runs to its
    last day inclusive; an active participation after it (or in a KIS, which
    has none) is in the programme."""
    active = Q(state=ParticipationState.ACTIVE)
    conditions = {
        Stage.REFERRED: Q(state=ParticipationState.REFERRED),
        Stage.TRIAL: active & Q(trial_ends_on__gte=day),
        Stage.PROGRAMME: active
        & (Q(trial_ends_on__isnull=True) | Q(trial_ends_on__lt=day)),
        Stage.EXITED: Q(state=ParticipationState.EXITED),
        Stage.NOT_ADMITTED: Q(state=ParticipationState.NOT_ADMITTED),
    }
    return conditions[Stage(stage)]


def with_stage(
    queryset: QuerySet[Participation], day: datetime.date | None = None
) -> QuerySet[Participation]:
    """The participations annotated with their `stage` (a Stage value) on `day`."""
    day = day or timezone.localdate()
    return queryset.annotate(
        stage=Case(
            *(When(stage_q(stage, day), then=Value(stage.value)) for stage in Stage),
            default=Value(""),
            output_field=CharField(),
        )
    )


def participation_detail_queryset(*, user: Any) -> QuerySet[Participation]:
    """One participation with everything its page shows, in a few queries."""
    return (
        participation_list_for_user(user=user)
        .select_related("override_by", "exit_recorded_by")
        .prefetch_related(
            Prefetch(
                "grounds", queryset=ParticipationGround.objects.select_related("ground")
            ),
            Prefetch(
                "programmes", queryset=IndividualProgramme.objects.order_by("version")
            ),
            Prefetch("follow_ups", queryset=FollowUp.objects.order_by("months_after")),
        )
    )


def unit_staff_units(*, user: Any) -> QuerySet[Unit]:
    """The units whose participants the user works with."""
    scope = scope_for(user)
    if scope.level is not Level.UNITS:
        return Unit.objects.none()
    return Unit.objects.filter(pk__in=scope.unit_ids).order_by("name")


def _normalise(name: str) -> str:
    decomposed = unicodedata.normalize("NFKD", name.replace("ł", "l").replace("Ł", "L"))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def possible_duplicates(
    *,
    unit: Unit,
    first_name: str,
    last_name: str,
    birth_date: datetime.date | None,
    pesel: str = "",
    document_number: str = "",
    exclude_pk: int | None = None,
) -> list[Participant]:
    """Participants of the unit who may be the same person: the same PESEL or
    document, or (for people without PESEL) the same date of birth and a
    similar name."""
    rows = Participant.objects.filter(unit=unit, anonymised_at__isnull=True)
    if exclude_pk:
        rows = rows.exclude(pk=exclude_pk)
    pesel = compact_pesel(pesel)
    if pesel and birth_date is None:
        try:
            birth_date = pesel_birth_date(pesel)
        except ValueError:
            birth_date = None
    found: dict[int, Participant] = {}
    if pesel:
        found.update((p.pk, p) for p in rows.filter(pesel=pesel))
    if document_number:
        found.update(
            (p.pk, p)
            for p in rows.filter(document_number=document_number.strip().upper())
        )
    if birth_date:
        wanted = _normalise(f"{first_name} {last_name}")
        for candidate in rows.filter(birth_date=birth_date):
            name = _normalise(f"{candidate.first_name} {candidate.last_name}")
            ratio = difflib.SequenceMatcher(None, wanted, name).ratio()
            if ratio >= NAME_SIMILARITY:
                found.setdefault(candidate.pk, candidate)
    return list(found.values())


def in_another_cis(*, pesel: str, unit: Unit) -> bool:
    """Whether a person with this PESEL takes part now in a centre other than
    `unit`. Only yes or no: never which centre, nor anything about them."""
    key = pesel_hash(compact_pesel(pesel))
    if not key:
        return False
    return (
        Participation.objects.filter(
            participant__pesel_hash=key,
            unit__kind=UnitKind.CIS,
            state=ParticipationState.ACTIVE,
        )
        .exclude(unit=unit)
        .exists()
    )


def follow_ups_due(
    *,
    user: Any,
    day: datetime.date | None = None,
    within_days: int = FOLLOW_UP_SOON_DAYS,
) -> QuerySet[FollowUp]:
    """Checks not yet done that are overdue or due within `within_days`."""
    day = day or timezone.localdate()
    return (
        filter_personal_data(
            FollowUp.objects.all(), user, unit_field="participation__unit"
        )
        .filter(
            checked_on__isnull=True,
            due_on__lte=day + datetime.timedelta(days=within_days),
        )
        .select_related("participation__participant", "participation__unit")
        .order_by("due_on", "pk")
    )


def managed_participant_list(*, user: Any) -> QuerySet[Participant]:
    """Participants, not anonymised, of the units the user manages."""
    return participant_list_for_user(user=user).filter(
        unit__in=scope_for(user).managed_unit_ids, anonymised_at__isnull=True
    )


def data_export_list_for_user(*, user: Any) -> QuerySet[DataExport]:
    """Exports of the participants of the units the user manages."""
    return DataExport.objects.filter(
        participant__in=managed_participant_list(user=user)
    ).select_related("participant__unit", "requested_by")


def access_log_for_user(*, user: Any) -> QuerySet[AccessLog]:
    """The access log of the units the user manages."""
    scope = scope_for(user)
    if scope.level is not Level.UNITS:
        return AccessLog.objects.none()
    return AccessLog.objects.filter(unit__in=scope.managed_unit_ids).select_related(
        "participant", "unit"
    )


@dataclass(frozen=True)
class TimelineEvent:
    day: datetime.date
    title: str
    detail: str = ""


def participation_timeline(participation: Participation) -> list[TimelineEvent]:
    """What happened in the participation, in order: referral, admission, trial
    period, programme versions, exit and checks (from the prefetched rows)."""
    events: list[TimelineEvent] = []
    referral = getattr(participation, "referral", None)
    if referral is not None:
        events.append(
            TimelineEvent(
                referral.referred_on,
                _("Referral"),
                f"{referral.get_issued_by_display()} {referral.issuer_name}".strip(),
            )
        )
    if participation.admitted_on:
        events.append(TimelineEvent(participation.admitted_on, _("Admitted")))
    if participation.trial_ends_on:
        events.append(
            TimelineEvent(participation.trial_ends_on, _("End of the trial period"))
        )
    for programme in participation.programmes.all():
        events.append(
            TimelineEvent(
                programme.signed_on or programme.starts_on,
                str(programme),
                f"{programme.get_change_display()}: "
                f"{programme.starts_on:%d.%m.%Y}–{programme.ends_on:%d.%m.%Y}",
            )
        )
    if participation.exited_on:
        events.append(
            TimelineEvent(
                participation.exited_on,
                _("Exit"),
                str(participation.get_exit_reason_display()),
            )
        )
    for follow_up in participation.follow_ups.all():
        events.append(
            TimelineEvent(
                follow_up.checked_on or follow_up.due_on,
                str(follow_up),
                str(follow_up.get_outcome_display())
                if follow_up.done
                else _("due on %(date)s") % {"date": f"{follow_up.due_on:%d.%m.%Y}"},
            )
        )
    return sorted(events, key=lambda event: event.day)
