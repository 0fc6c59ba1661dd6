"""The statistics of one year and one scope, counted by the database.

Every figure comes from an aggregate query (a constant number of queries
whatever the number of rows); no participant row is loaded into Python.
Definitions are in docs/reporting.md:

- a participation counts when it was admitted (`admitted_on` set: referrals
  never admitted do not count) and overlaps the year: admitted on or before
  31 December and not exited before 1 January;
- a person is the keyed PESEL hash where a PESEL was recorded (it survives
  anonymisation), else the participant record; a person with several such
  participations in units of one kind counts once, with the data of the
  latest one (latest admission; the higher id on the same day);
- ages are on 31 December: the year minus the year of birth.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db import connection
from django.db.models import (
    Avg,
    Case,
    CharField,
    Count,
    DecimalField,
    F,
    FloatField,
    Func,
    Q,
    QuerySet,
    Sum,
    Value,
    When,
    Window,
)
from django.db.models.fields.json import KT
from django.db.models.functions import (
    Cast,
    Concat,
    DenseRank,
    RowNumber,
)

from participants.constants import (
    ExitReason,
    FollowUpOutcome,
    Outcome,
    ReferralRequester,
    Sex,
)
from participants.models import ExclusionGround, FollowUp, Participation
from reporting.constants import ReportState, ScopeKind
from reporting.models import UnitAnnualReport
from reporting.statistics.types import (
    AGE_BANDS,
    FINANCE_SOURCES,
    NOT_RECORDED,
    AnnualStatistics,
    Ground,
    KindFigures,
    StatisticsScope,
)
from units.constants import FounderGroup, FounderType, UnitKind, founder_group_of
from units.models import Unit, Voivodeship, open_on_q

KINDS = (UnitKind.CIS, UnitKind.KIS)
# A decimal string as the annual report stores it ("12345.67").
DECIMAL_TEXT = r"^-?[0-9]+(\.[0-9]+)?$"
ONE_PLACE = Decimal("0.1")


def _unit_q(scope: StatisticsScope, prefix: str = "") -> Q:
    """Rows of units in `scope`, reached through `prefix` (e.g. "unit__")."""
    if scope.kind == ScopeKind.VOIVODESHIP:
        return Q(**{f"{prefix}voivodeship": scope.voivodeship})
    if scope.kind == ScopeKind.UNIT:
        return Q(**{f"{prefix}pk": scope.unit.pk})
    return Q()


def overlapping_participations(
    scope: StatisticsScope, year: int
) -> QuerySet[Participation]:
    """Admitted participations in units of the scope that overlap the year."""
    return (
        Participation.objects.filter(_unit_q(scope, "unit__"))
        .filter(admitted_on__isnull=False, unit__kind__in=KINDS)
        .overlapping(datetime.date(year, 1, 1), datetime.date(year, 12, 31))
    )


def person_key() -> Case:
    """The person behind a participation: the PESEL hash, else the record."""
    return Case(
        When(~Q(participant__pesel_hash=""), then=F("participant__pesel_hash")),
        default=Concat(Value("#"), Cast("participant_id", CharField())),
        output_field=CharField(),
    )


def latest_participation_rows(scope: StatisticsScope, year: int, kind: str) -> QuerySet:
    """One row per ground of each person's latest overlapping participation,
    per kind of unit (a participation without grounds gives one row), with
    what the counts need. `person_row` is 1 on exactly one row per person;
    both ranks come from one Window sort over the person (DESIGN section 5)."""
    partition = [person_key()]
    latest_first = [F("admitted_on").desc(), F("pk").desc()]
    return (
        overlapping_participations(scope, year)
        .filter(unit__kind=kind)
        .annotate(
            sex=F("participant__sex"),
            birth_date=F("participant__birth_date"),
            requester=F("referral__requested_by"),
            ground_code=F("grounds__ground__code"),
            ground_primary=F("grounds__is_primary"),
            latest=Window(DenseRank(), partition_by=partition, order_by=latest_first),
            person_row=Window(
                RowNumber(),
                partition_by=partition,
                order_by=[*latest_first, F("grounds__is_primary").desc()],
            ),
        )
        .filter(latest=1)
    )


def _participant_figures(
    scope: StatisticsScope, year: int, ground_codes: list[str]
) -> dict[str, dict[str, Any]]:
    """Persons by sex, age, referral, primary and every ground: one query."""
    person = Q(person_row=1)
    counts: dict[str, Any] = {"total": Count("pk", filter=person)}
    for sex in Sex.values:
        counts[f"sex_{sex}"] = Count("pk", filter=person & Q(sex=sex))
    for code, low, high in AGE_BANDS:
        # Age on 31 December = year - year of birth, so a band is a range of
        # birth dates (compared as dates: no function call per row).
        band = Q()
        if high is not None:
            band &= Q(birth_date__gte=datetime.date(year - high, 1, 1))
        if low is not None:
            band &= Q(birth_date__lte=datetime.date(year - low, 12, 31))
        counts[f"age_{code}"] = Count("pk", filter=person & band)
    for source in ReferralRequester.values:
        counts[f"ref_{source}"] = Count("pk", filter=person & Q(requester=source))
    counts[f"ref_{NOT_RECORDED}"] = Count(
        "pk", filter=person & Q(requester__isnull=True)
    )
    for code in ground_codes:
        counts[f"any_{code}"] = Count("pk", filter=Q(ground_code=code))
        counts[f"primary_{code}"] = Count(
            "pk", filter=Q(ground_code=code, ground_primary=True)
        )
    figures: dict[str, dict[str, Any]] = {}
    for kind in KINDS:
        # One kind a query: each filter is evaluated on that kind's rows only.
        row = latest_participation_rows(scope, year, kind).aggregate(**counts)
        figures[kind] = {
            "participants": row["total"],
            "by_sex": {s: row[f"sex_{s}"] for s in Sex.values},
            "by_age_band": {c: row[f"age_{c}"] for c, _, _ in AGE_BANDS},
            "by_referral": {
                s: row[f"ref_{s}"] for s in [*ReferralRequester.values, NOT_RECORDED]
            },
            "by_ground": {code: row[f"any_{code}"] for code in ground_codes},
            "by_primary_ground": {
                code: row[f"primary_{code}"] for code in ground_codes
            },
        }
    return figures


class DaysBetween(Func):
    """Whole days from one date to another, in SQL the database evaluates
    itself (Django's date subtraction on SQLite calls back into Python for
    every row, which is slow and, on a connection shared between threads as
    in the test server, can deadlock)."""

    arity = 2
    output_field = FloatField()

    def as_sql(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        return super().as_sql(
            compiler, connection, template="(%(expressions)s)", arg_joiner=" - "
        )

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        return super().as_sql(
            compiler,
            connection,
            template="(julianday(%(expressions)s))",
            arg_joiner=") - julianday(",
        )


def _days(value: float | None) -> Decimal | None:
    """Average length, counting the days of admission and exit."""
    if value is None:
        return None
    days = Decimal(str(value)) + 1
    return days.quantize(ONE_PLACE, rounding=ROUND_HALF_UP)


def _flow_figures(scope: StatisticsScope, year: int) -> dict[str, dict[str, Any]]:
    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    admitted = Q(admitted_on__gte=start, admitted_on__lte=end)
    exited = Q(exited_on__gte=start, exited_on__lte=end)
    counts: dict[str, Any] = {
        "admissions": Count("pk", filter=admitted),
        "exits": Count("pk", filter=exited),
        "length": Avg(DaysBetween("exited_on", "admitted_on"), filter=exited),
    }
    for reason in ExitReason.values:
        counts[f"exit_{reason}"] = Count("pk", filter=exited & Q(exit_reason=reason))
    for outcome in Outcome.values:
        counts[f"out_{outcome}"] = Count("pk", filter=exited & Q(outcome=outcome))
    counts[f"out_{NOT_RECORDED}"] = Count("pk", filter=exited & Q(outcome=""))
    rows = (
        Participation.objects.filter(_unit_q(scope, "unit__"))
        .filter(admitted_on__isnull=False, unit__kind__in=KINDS)
        .filter(admitted | exited)
        .values("unit__kind")
        .annotate(**counts)
        .order_by()
    )
    figures: dict[str, dict[str, Any]] = {kind: {} for kind in KINDS}
    for row in rows:
        figures[row["unit__kind"]] = {
            "admissions": row["admissions"],
            "exits": row["exits"],
            "average_length_days": _days(row["length"]),
            "exits_by_reason": {r: row[f"exit_{r}"] for r in ExitReason.values},
            "outcomes_at_exit": {
                o: row[f"out_{o}"] for o in [*Outcome.values, NOT_RECORDED]
            },
        }
    checks = (
        FollowUp.objects.filter(_unit_q(scope, "participation__unit__"))
        .filter(
            participation__admitted_on__isnull=False,
            participation__unit__kind__in=KINDS,
            participation__exited_on__gte=start,
            participation__exited_on__lte=end,
            checked_on__isnull=False,
        )
        .values("participation__unit__kind", "months_after", "outcome")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for row in checks:
        follow_ups = figures[row["participation__unit__kind"]].setdefault(
            "follow_ups", {}
        )
        month = follow_ups.setdefault(row["months_after"], {})
        month[row["outcome"] or FollowUpOutcome.NO_CONTACT] = (
            month.get(row["outcome"] or FollowUpOutcome.NO_CONTACT, 0) + row["n"]
        )
    return figures


def _unit_figures(scope: StatisticsScope, year: int) -> dict[str, dict[str, Any]]:
    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    rows = (
        Unit.objects.filter(_unit_q(scope))
        .filter(kind__in=KINDS, opened_on__lte=end)
        .values("kind", "founding_body__founder_type", "voivodeship__teryt")
        .annotate(
            active=Count("pk", filter=open_on_q(end)),
            opened=Count("pk", filter=Q(opened_on__gte=start)),
            closed=Count("pk", filter=Q(closed_on__gte=start, closed_on__lte=end)),
        )
        .order_by()
    )
    figures: dict[str, dict[str, Any]] = {}
    for kind in KINDS:
        figures[kind] = {
            "active_units": 0,
            "units_opened": 0,
            "units_closed": 0,
            "units_by_founder_group": dict.fromkeys(FounderGroup.values, 0),
            "units_by_founder_type": dict.fromkeys(FounderType.values, 0),
            "units_by_voivodeship": defaultdict(int),
        }
    # These are aggregated rows (kind x founder type x voivodeship), at most
    # a few hundred, folded into the tables here.
    for row in rows:
        kind = figures[row["kind"]]
        founder_type = row["founding_body__founder_type"]
        kind["active_units"] += row["active"]
        kind["units_opened"] += row["opened"]
        kind["units_closed"] += row["closed"]
        kind["units_by_founder_type"][founder_type] += row["active"]
        kind["units_by_founder_group"][founder_group_of(founder_type)] += row["active"]
        kind["units_by_voivodeship"][row["voivodeship__teryt"]] += row["active"]
    return figures


def _finance_figures(scope: StatisticsScope, year: int) -> dict[str, dict[str, Any]]:
    """Sums by source of the accepted annual reports of the year."""
    money = DecimalField(max_digits=16, decimal_places=2)
    aliases = {
        f"fin_{source}": KT(f"snapshot__entered__finance__{source}")
        for source in FINANCE_SOURCES
    }
    if connection.vendor == "sqlite":
        # SQLite casts text that is not a number to 0; a regex would call back
        # into Python for every row.
        sums = {source: Sum(Cast(f"fin_{source}", money)) for source in FINANCE_SOURCES}
    else:
        # PostgreSQL refuses to cast "" or "abc": only decimal text is summed.
        sums = {
            source: Sum(
                Case(
                    When(
                        **{f"fin_{source}__regex": DECIMAL_TEXT},
                        then=Cast(f"fin_{source}", money),
                    ),
                    default=Value(Decimal("0.00")),
                    output_field=money,
                )
            )
            for source in FINANCE_SOURCES
        }
    rows = (
        UnitAnnualReport.objects.filter(_unit_q(scope, "unit__"))
        .filter(year=year, state=ReportState.ACCEPTED, unit__kind__in=KINDS)
        .alias(**aliases)
        .values("unit__kind")
        .annotate(reports=Count("pk"), **sums)
        .order_by()
    )
    figures: dict[str, dict[str, Any]] = {
        kind: {
            "finance": dict.fromkeys(FINANCE_SOURCES, Decimal("0.00")),
            "finance_reports": 0,
        }
        for kind in KINDS
    }
    for row in rows:
        figures[row["unit__kind"]] = {
            "finance_reports": row["reports"],
            "finance": {
                source: (row[source] or Decimal("0")).quantize(Decimal("0.01"))
                for source in FINANCE_SOURCES
            },
        }
    return figures


def _kind(
    kind: str,
    grounds: tuple[Ground, ...],
    teryts: list[str],
    *parts: dict[str, Any],
) -> KindFigures:
    data: dict[str, Any] = {}
    for part in parts:
        data.update(part.get(kind, {}))
    by_voivodeship = data.pop("units_by_voivodeship", {})
    codes = [g.code for g in grounds]
    primary = data.pop("by_primary_ground", {})
    any_ground = data.pop("by_ground", {})
    by_primary = {code: primary.get(code, 0) for code in codes}
    participants = data.get("participants", 0)
    follow_ups = data.pop("follow_ups", {})
    return KindFigures(
        kind=kind,
        by_primary_ground=by_primary,
        without_primary_ground=participants - sum(by_primary.values()),
        by_ground={code: any_ground.get(code, 0) for code in codes},
        by_sex=data.pop("by_sex", dict.fromkeys(Sex.values, 0)),
        by_age_band=data.pop("by_age_band", {c: 0 for c, _, _ in AGE_BANDS}),
        by_referral=data.pop(
            "by_referral", dict.fromkeys([*ReferralRequester.values, NOT_RECORDED], 0)
        ),
        exits_by_reason=data.pop(
            "exits_by_reason", dict.fromkeys(ExitReason.values, 0)
        ),
        outcomes_at_exit=data.pop(
            "outcomes_at_exit", dict.fromkeys([*Outcome.values, NOT_RECORDED], 0)
        ),
        follow_ups={
            months: {
                outcome: follow_ups.get(months, {}).get(outcome, 0)
                for outcome in FollowUpOutcome.values
            }
            for months in sorted({3, 6, *follow_ups})
        },
        units_by_voivodeship={teryt: by_voivodeship.get(teryt, 0) for teryt in teryts},
        **data,
    )


def annual_statistics(*, scope: StatisticsScope, year: int) -> AnnualStatistics:
    """Every figure of `year` in `scope` (the caller checks that the user may
    see the scope: see reporting.views_statistics)."""
    grounds = tuple(
        Ground(code, name_pl, name_en)
        for code, name_pl, name_en in ExclusionGround.objects.order_by(
            "order", "code"
        ).values_list("code", "name_pl", "name_en")
    )
    if scope.kind == ScopeKind.NATIONAL:
        voivodeships = Voivodeship.objects.order_by("teryt")
    elif scope.kind == ScopeKind.VOIVODESHIP:
        voivodeships = Voivodeship.objects.filter(pk=scope.voivodeship.pk)
    else:
        voivodeships = Voivodeship.objects.filter(pk=scope.unit.voivodeship_id)
    voivodeship_rows = tuple(voivodeships.values_list("teryt", "name"))
    teryts = [teryt for teryt, _ in voivodeship_rows]
    parts = (
        _unit_figures(scope, year),
        _participant_figures(scope, year, [g.code for g in grounds]),
        _flow_figures(scope, year),
        _finance_figures(scope, year),
    )
    return AnnualStatistics(
        year=year,
        scope=scope,
        cis=_kind(UnitKind.CIS, grounds, teryts, *parts),
        kis=_kind(UnitKind.KIS, grounds, teryts, *parts),
        grounds=grounds,
        voivodeships=voivodeship_rows,
    )
