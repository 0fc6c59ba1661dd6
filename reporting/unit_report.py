"""A unit's annual report to the voivode, section by section, as the ministry's
statistical forms have it: MRiPS CAS 02 for a CIS (art. 5 ust. 4 pkt 2 and
ust. 6 of the Act) and MRiPS CAS 01 for a KIS (art. 18a ust. 6).

The figures the records hold are counted by the database (aggregate queries,
a handful per report, whatever the number of participants) and only counts
leave the unit. The figures the records do not hold (finance by source, staff,
volunteers, grants) are entered by the unit. Both are kept as plain values
(`compute_values`, the `entered` JSON), and `build_report` turns values into
typed sections with their labels and definitions, so that a live draft, a
frozen snapshot, the HTML page and the PDF all render the same object.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import (
    Case,
    CharField,
    Count,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.text import format_lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from participants.constants import EMPLOYED_OUTCOMES, ExitReason, Outcome, Sex
from participants.models import (
    ExclusionGround,
    FollowUp,
    Participation,
    ParticipationGround,
)
from programs.constants import ActivityKind, AllowanceMonthState
from programs.models import Enrolment, MonthlyAllowance
from units.constants import UnitKind
from units.models import Unit

SNAPSHOT_VERSION = 1
CENT = Decimal("0.01")
MAX_MONEY = Decimal("9999999999.99")
MAX_PEOPLE = 100_000

NO_GROUND = "none"
NOT_RECORDED = "not_recorded"
TOTAL = "total"

FORMS = {UnitKind.CIS: "MRiPS CAS 02", UnitKind.KIS: "MRiPS CAS 01"}

# Service categories of a CIS (art. 13: social and vocational reintegration).
CIS_CATEGORIES = (ActivityKind.SOCIAL, ActivityKind.VOCATIONAL)
# A club's activities (art. 18 ust. 2), as social or vocational reintegration.
KIS_SOCIAL_KINDS = (
    ActivityKind.SOCIAL,
    ActivityKind.SELF_HELP,
    ActivityKind.LEGAL_ADVICE,
    ActivityKind.OTHER,
)
KIS_VOCATIONAL_KINDS = (
    ActivityKind.VOCATIONAL,
    ActivityKind.JOB_SEARCH,
    ActivityKind.INTERNSHIP,
    ActivityKind.PUBLIC_WORKS,
    ActivityKind.SOCIALLY_USEFUL_WORK,
    ActivityKind.SUPPORTED_EMPLOYMENT,
)

# What the unit enters (the keys of `UnitAnnualReport.entered`). The finance
# keys are a contract with the statistics (they read snapshot.entered.finance).
FINANCE_KEYS = ("local_government", "esf", "labour_fund", "own_revenue", "other")
STAFF_KEYS = ("employment_contract", "civil_law_contract", "other")
VOLUNTEER_KEYS = ("F", "M")
GRANT_RECEIVED_KEYS = ("local_government", "labour_fund", "eu_funds", "other")
GRANT_USED_KEYS = ("allowances", "staff", "reintegration", "other")

FINANCE_LABELS = {
    "local_government": _("local-government own funds"),
    "esf": _("European Social Fund"),
    "labour_fund": _("Labour Fund"),
    "own_revenue": _("own revenue from the unit's activity"),
    "other": _("other sources"),
}
STAFF_LABELS = {
    "employment_contract": _("employed under an employment contract"),
    "civil_law_contract": _("working under a civil-law contract"),
    "other": _("other forms (secondment, self-employment)"),
}
GRANT_RECEIVED_LABELS = {
    "local_government": _("grants from local government"),
    "labour_fund": _("grants from the Labour Fund"),
    "eu_funds": _("grants from European Union funds"),
    "other": _("other grants"),
}
GRANT_USED_LABELS = {
    "allowances": _("integration allowances and motivational bonuses"),
    "staff": _("pay of the staff"),
    "reintegration": _("social and vocational reintegration services"),
    "other": _("other purposes"),
}


def money(value: Any) -> Decimal:
    """An amount in PLN with two places, rounded half up (the one place that
    rounds money in the reports)."""
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


# --- the typed report ------------------------------------------------------


@dataclass(frozen=True)
class Column:
    code: str
    label: str


@dataclass(frozen=True)
class Row:
    code: str
    label: str
    values: tuple[Any, ...]


@dataclass(frozen=True)
class Section:
    """One table of the report: rows by a grouping, columns by another."""

    code: str
    title: str
    definition: str
    source: str
    columns: tuple[Column, ...]
    rows: tuple[Row, ...]
    total: Row | None = None
    money: bool = False


@dataclass(frozen=True)
class UnitReport:
    """Everything a report shows, from the records or from a snapshot."""

    year: int
    form: str
    unit_name: str
    unit_kind: str
    voivodeship: str
    founder_name: str
    founder_type: str
    computed: tuple[Section, ...]
    entered: tuple[Section, ...]
    narrative: str
    as_of: datetime.datetime
    frozen: bool

    @property
    def sections(self) -> tuple[Section, ...]:
        return self.computed + self.entered


# --- the records' figures -------------------------------------------------


def year_bounds(year: int) -> tuple[datetime.date, datetime.date]:
    return datetime.date(year, 1, 1), datetime.date(year, 12, 31)


def _group() -> Coalesce:
    """The participation's primary ground of exclusion (its group)."""
    primary = ParticipationGround.objects.filter(
        participation=OuterRef("pk"), is_primary=True
    ).values("ground__code")[:1]
    return Coalesce(Subquery(primary), Value(NO_GROUND), output_field=CharField())


def _enrolment_group() -> Coalesce:
    primary = ParticipationGround.objects.filter(
        participation=OuterRef("participation"), is_primary=True
    ).values("ground__code")[:1]
    return Coalesce(Subquery(primary), Value(NO_GROUND), output_field=CharField())


def populations(unit: Unit, year: int) -> dict[str, QuerySet[Participation]]:
    """The unit's admitted participations: in the year (overlapping it),
    starters (admitted in it) and completers (exited in it)."""
    start, end = year_bounds(year)
    admitted = Participation.objects.filter(unit=unit, admitted_on__isnull=False)
    return {
        "total": admitted.overlapping(start, end),
        "started": admitted.filter(admitted_on__range=(start, end)),
        "completed": admitted.filter(exited_on__range=(start, end)),
    }


def _enrolments_in_year(
    population: QuerySet[Participation], year: int, kinds: Iterable[str]
) -> QuerySet[Enrolment]:
    start, end = year_bounds(year)
    return Enrolment.objects.filter(
        participation__in=population.values("pk"),
        activity__kind__in=list(kinds),
        starts_on__lte=end,
    ).filter(Q(ends_on__isnull=True) | Q(ends_on__gte=start))


def _people() -> Count:
    return Count("participant", distinct=True)


def _by_sex(queryset: QuerySet, person: str = "participant") -> dict[str, Any]:
    return queryset.aggregate(
        F_=Count(person, distinct=True, filter=Q(**{f"{person}__sex": Sex.F})),
        M_=Count(person, distinct=True, filter=Q(**{f"{person}__sex": Sex.M})),
        total=Count(person, distinct=True),
    )


def _sex_cells(row: Mapping[str, Any]) -> dict[str, int]:
    return {"F": row["F_"], "M": row["M_"], TOTAL: row["total"]}


def _economically_independent(completed: QuerySet[Participation]) -> dict[str, int]:
    """Completers working at the exit or at a later check, by kind of work."""
    employed = [o.value for o in EMPLOYED_OUTCOMES]
    first_check = (
        FollowUp.objects.filter(
            participation=OuterRef("pk"),
            checked_on__isnull=False,
            outcome__in=employed,
        )
        .order_by("months_after", "pk")
        .values("outcome")[:1]
    )
    rows = (
        completed.annotate(
            check_outcome=Subquery(first_check),
            independence=Case(
                When(outcome__in=employed, then=F("outcome")),
                default=F("check_outcome"),
                output_field=CharField(),
            ),
        )
        .filter(independence__isnull=False)
        .values("independence")
        .annotate(n=_people())
        .order_by()
    )
    return {row["independence"]: row["n"] for row in rows}


def _cis_values(unit: Unit, year: int) -> dict[str, Any]:
    groups = populations(unit, year)
    values: dict[str, Any] = {}
    for name, population in groups.items():
        cells: dict[str, dict[str, int]] = {}
        rows = (
            population.annotate(group=_group())
            .values("group")
            .annotate(n=_people())
            .order_by()
        )
        for row in rows:
            cells.setdefault(row["group"], {})[TOTAL] = row["n"]
        by_category = (
            _enrolments_in_year(population, year, CIS_CATEGORIES)
            .annotate(group=_enrolment_group())
            .values("group", "activity__kind")
            .annotate(n=Count("participation__participant", distinct=True))
            .order_by()
        )
        for row in by_category:
            cells.setdefault(row["group"], {})[row["activity__kind"]] = row["n"]
        totals = population.aggregate(n=_people())
        category_totals = (
            _enrolments_in_year(population, year, CIS_CATEGORIES)
            .values("activity__kind")
            .annotate(n=Count("participation__participant", distinct=True))
            .order_by()
        )
        total_row = {TOTAL: totals["n"]}
        total_row.update({r["activity__kind"]: r["n"] for r in category_totals})
        values[f"participants_{name}"] = {"rows": cells, "total": total_row}
    exits = groups["completed"].values("exit_reason").annotate(n=_people()).order_by()
    values["exits_by_reason"] = {
        "rows": {r["exit_reason"] or NOT_RECORDED: {TOTAL: r["n"]} for r in exits},
        "total": {TOTAL: groups["completed"].aggregate(n=_people())["n"]},
    }
    independent = _economically_independent(groups["completed"])
    values["economically_independent"] = {
        "rows": {kind: {TOTAL: n} for kind, n in independent.items()},
        "total": {TOTAL: sum(independent.values())},
    }
    paid = MonthlyAllowance.objects.filter(
        allowance_month__unit=unit,
        allowance_month__month__year=year,
        allowance_month__state=AllowanceMonthState.APPROVED,
    ).aggregate(
        amount=Sum("amount"),
        bonus=Sum("bonus_amount"),
        people=Count("participation__participant", distinct=True),
    )
    values["allowances"] = {
        "rows": {
            "allowances_paid": {TOTAL: str(money(paid["amount"] or 0))},
            "bonuses_paid": {TOTAL: str(money(paid["bonus"] or 0))},
            "people_paid": {TOTAL: paid["people"]},
        },
        "total": None,
    }
    return values


def _kis_values(unit: Unit, year: int) -> dict[str, Any]:
    groups = populations(unit, year)
    values: dict[str, Any] = {}
    values["participants_total"] = {
        "rows": {"participants": _sex_cells(_by_sex(groups["total"]))},
        "total": None,
    }
    rows = (
        groups["started"]
        .annotate(group=_group())
        .values("group")
        .annotate(
            F_=Count("participant", distinct=True, filter=Q(participant__sex=Sex.F)),
            M_=Count("participant", distinct=True, filter=Q(participant__sex=Sex.M)),
            total=_people(),
        )
        .order_by()
    )
    values["participants_started"] = {
        "rows": {row["group"]: _sex_cells(row) for row in rows},
        "total": _sex_cells(_by_sex(groups["started"])),
    }
    rows = (
        groups["completed"]
        .values("outcome")
        .annotate(
            F_=Count("participant", distinct=True, filter=Q(participant__sex=Sex.F)),
            M_=Count("participant", distinct=True, filter=Q(participant__sex=Sex.M)),
            total=_people(),
        )
        .order_by()
    )
    values["participants_completed"] = {
        "rows": {row["outcome"] or NOT_RECORDED: _sex_cells(row) for row in rows},
        "total": _sex_cells(_by_sex(groups["completed"])),
    }
    person = "participation__participant"
    rows = (
        _enrolments_in_year(
            groups["total"], year, KIS_SOCIAL_KINDS + KIS_VOCATIONAL_KINDS
        )
        .values("activity__kind")
        .annotate(
            F_=Count(person, distinct=True, filter=Q(**{f"{person}__sex": Sex.F})),
            M_=Count(person, distinct=True, filter=Q(**{f"{person}__sex": Sex.M})),
            total=Count(person, distinct=True),
        )
        .order_by()
    )
    by_kind = {row["activity__kind"]: _sex_cells(row) for row in rows}
    for code, kinds in (
        ("social_reintegration", KIS_SOCIAL_KINDS),
        ("vocational_reintegration", KIS_VOCATIONAL_KINDS),
    ):
        values[code] = {
            "rows": {kind: by_kind[kind] for kind in kinds if kind in by_kind},
            "total": _sex_cells(
                _by_sex(_enrolments_in_year(groups["total"], year, kinds), person)
            ),
        }
    return values


def compute_values(unit: Unit, year: int) -> dict[str, Any]:
    """The figures of the unit's records for the year, as plain values."""
    if unit.kind == UnitKind.KIS:
        return _kis_values(unit, year)
    return _cis_values(unit, year)


# --- what the unit enters --------------------------------------------------


def entered_fields(kind: str) -> list[tuple[str, str, str]]:
    """(section, key, "money" or "people") of every figure the unit enters."""
    fields = [("finance", key, "money") for key in FINANCE_KEYS]
    fields += [("staff", key, "people") for key in STAFF_KEYS]
    if kind == UnitKind.KIS:
        fields += [("volunteers", key, "people") for key in VOLUNTEER_KEYS]
    else:
        fields += [("grants_received", key, "money") for key in GRANT_RECEIVED_KEYS]
        fields += [("grants_used", key, "money") for key in GRANT_USED_KEYS]
    return fields


def field_name(section: str, key: str) -> str:
    return f"{section}_{key}"


def _stored(entered: Mapping[str, Any], section: str, key: str) -> Any:
    if section.startswith("grants_"):
        part = section.removeprefix("grants_")
        return entered.get("grants", {}).get(part, {}).get(key)
    return entered.get(section, {}).get(key)


def entered_initial(kind: str, entered: Mapping[str, Any]) -> dict[str, Any]:
    """The form's initial data from a report's `entered`."""
    initial = {}
    for section, key, _unit in entered_fields(kind):
        value = _stored(entered, section, key)
        if value is not None:
            initial[field_name(section, key)] = value
    return initial


def entered_missing(kind: str, entered: Mapping[str, Any]) -> list[str]:
    """Form field names of the figures not entered yet."""
    return [
        field_name(section, key)
        for section, key, _unit in entered_fields(kind)
        if _stored(entered, section, key) is None
    ]


def _error(field: str, message: str, code: str) -> ValidationError:
    return ValidationError({field: ValidationError(message, code=code)})


def _parse_money(raw: Any) -> str:
    try:
        amount = Decimal(str(raw))
    except InvalidOperation:
        amount = None
    if amount is None or not amount.is_finite():
        raise ValidationError(_("Enter an amount in PLN."), code="invalid")
    if amount < 0:
        raise ValidationError(_("The amount cannot be negative."), code="negative")
    if amount > MAX_MONEY:
        raise ValidationError(_("The amount is too large."), code="too_large")
    return str(money(amount))


def _parse_people(raw: Any) -> int:
    if isinstance(raw, bool) or not isinstance(raw, int | str):
        raise ValidationError(_("Enter a whole number."), code="invalid")
    try:
        number = int(raw)
    except ValueError:
        raise ValidationError(_("Enter a whole number."), code="invalid") from None
    if number < 0:
        raise ValidationError(_("The number cannot be negative."), code="negative")
    if number > MAX_PEOPLE:
        raise ValidationError(_("The number is too large."), code="too_large")
    return number


def _check_grants(entered: Mapping[str, Any]) -> None:
    grants = entered["grants"]
    received = sum(Decimal(v) for v in grants["received"].values() if v)
    used = sum(Decimal(v) for v in grants["used"].values() if v)
    if used > received:
        raise _error(
            field_name("grants_used", "other"),
            gettext(
                "The grants used (%(used)s PLN) cannot exceed the grants "
                "received (%(received)s PLN)."
            )
            % {"used": money(used), "received": money(received)},
            "grants_over_received",
        )


def clean_entered(kind: str, data: Mapping[str, Any]) -> dict[str, Any]:
    """The figures a unit enters, checked and shaped for `entered`.

    `data` maps form field names (`finance_esf`, `staff_other`, …) to numbers;
    amounts are non-negative PLN with two places, people non-negative whole
    numbers, and the grants used cannot exceed the grants received. A field
    left out stays unentered (None)."""
    errors: dict[str, ValidationError] = {}
    entered: dict[str, Any] = {"finance": {}, "staff": {}}
    if kind == UnitKind.KIS:
        entered["volunteers"] = {}
    else:
        entered["grants"] = {"received": {}, "used": {}}
    for section, key, unit in entered_fields(kind):
        name = field_name(section, key)
        raw = data.get(name)
        value: Any = None
        if raw is not None and raw != "":
            try:
                value = _parse_money(raw) if unit == "money" else _parse_people(raw)
            except ValidationError as error:
                errors[name] = error
                continue
        if section.startswith("grants_"):
            entered["grants"][section.removeprefix("grants_")][key] = value
        else:
            entered[section][key] = value
    if errors:
        raise ValidationError(errors)
    if kind != UnitKind.KIS:
        _check_grants(entered)
    return entered


# --- labels and definitions ------------------------------------------------

SEX_COLUMNS = (
    ("F", _("women")),
    ("M", _("men")),
    (TOTAL, _("total")),
)
CIS_COLUMNS = (
    (TOTAL, _("participants")),
    (ActivityKind.SOCIAL.value, _("of whom in social reintegration")),
    (ActivityKind.VOCATIONAL.value, _("of whom in vocational reintegration")),
)
COUNT_COLUMN = ((TOTAL, _("persons")),)
MONEY_COLUMN = ((TOTAL, _("PLN")),)
VALUE_COLUMN = ((TOTAL, _("value")),)

_POPULATION_DEFINITIONS = {
    "participants_total": _(
        "Persons admitted to the unit whose participation overlaps the year: "
        "admitted on or before 31 December and not exited before 1 January. "
        "Each person is counted once in a row."
    ),
    "participants_started": _(
        "Persons admitted to the unit between 1 January and 31 December."
    ),
    "participants_completed": _(
        "Persons whose participation ended between 1 January and 31 December, "
        "whatever the reason for the exit."
    ),
}
_GROUP_RULE = _(
    "Rows: the participant's group, that is the primary ground of social "
    "exclusion (art. 1 ust. 2 of the Act) recorded for the participation."
)
_CIS_CATEGORY_RULE = _(
    "Columns: of these, the persons enrolled during the year in at least one "
    "social-reintegration or vocational-reintegration (workshop) activity."
)
_SEX_RULE = _("Columns: the participant's sex.")


def _cis_definition(population: str) -> Any:
    return format_lazy(
        "{} {} {}",
        _POPULATION_DEFINITIONS[population],
        _GROUP_RULE,
        _CIS_CATEGORY_RULE,
    )


def _kis_definition(population: str, *rules: Any) -> Any:
    return format_lazy(
        " ".join(["{}"] * (1 + len(rules))), _POPULATION_DEFINITIONS[population], *rules
    )


@dataclass(frozen=True)
class SectionSpec:
    title: Any
    definition: Any
    source: Any
    columns: tuple[tuple[str, Any], ...]
    rows: str  # how row codes are named: groups, exit_reasons, outcomes, …
    money: bool = False


CIS_SPECS: dict[str, SectionSpec] = {
    "participants_total": SectionSpec(
        _("Participants in the year"),
        _cis_definition("participants_total"),
        _("participations, primary grounds, enrolments in activities"),
        CIS_COLUMNS,
        "groups",
    ),
    "participants_started": SectionSpec(
        _("Participants who started in the year"),
        _cis_definition("participants_started"),
        _("admission dates, primary grounds, enrolments in activities"),
        CIS_COLUMNS,
        "groups",
    ),
    "participants_completed": SectionSpec(
        _("Participants who completed in the year"),
        _cis_definition("participants_completed"),
        _("exit dates, primary grounds, enrolments in activities"),
        CIS_COLUMNS,
        "groups",
    ),
    "exits_by_reason": SectionSpec(
        _("Completers by reason for the exit"),
        _(
            "The persons who completed in the year, by the reason for the exit "
            "recorded by the unit."
        ),
        _("exits of participations"),
        COUNT_COLUMN,
        "exit_reasons",
    ),
    "economically_independent": SectionSpec(
        _("Participants who became economically independent"),
        _(
            "Completers of the year who were working at the exit or at a later "
            "follow-up check recorded so far: on the open labour market, in "
            "supported employment, in a social cooperative or in their own "
            "business. A person is counted once, under the outcome at the exit "
            "or else under the first check that found them working."
        ),
        _("outcomes at exit and follow-up checks"),
        COUNT_COLUMN,
        "outcomes",
    ),
    "allowances": SectionSpec(
        _("Integration allowances paid"),
        _(
            "Integration allowances (art. 15) and motivational bonuses "
            "(art. 15a) of the months of the year approved by the manager, "
            "and the number of persons paid."
        ),
        _("approved allowance months"),
        VALUE_COLUMN,
        "allowances",
        money=True,
    ),
}

KIS_SPECS: dict[str, SectionSpec] = {
    "participants_total": SectionSpec(
        _("Participants of the club in the year"),
        _kis_definition("participants_total", _SEX_RULE),
        _("participations and the participants' sex"),
        SEX_COLUMNS,
        "single",
    ),
    "participants_started": SectionSpec(
        _("Participants who started in the year"),
        _kis_definition("participants_started", _GROUP_RULE, _SEX_RULE),
        _("admission dates, primary grounds, the participants' sex"),
        SEX_COLUMNS,
        "groups",
    ),
    "participants_completed": SectionSpec(
        _("Participants who completed, by what they did after the club"),
        _(
            "Persons whose participation ended in the year, by the outcome at "
            "the exit: work on the open labour market, supported employment, a "
            "social cooperative, own business, continued activation (for "
            "example in a CIS), or none."
        ),
        _("exit dates, outcomes at exit, the participants' sex"),
        SEX_COLUMNS,
        "outcomes",
    ),
    "social_reintegration": SectionSpec(
        _("Participants in social reintegration, by category"),
        _(
            "Participants of the year enrolled in at least one activity of the "
            "category during the year (social reintegration, self-help groups, "
            "legal advice, other activities). The total counts each person once."
        ),
        _("enrolments in the club's activities"),
        SEX_COLUMNS,
        "activities",
    ),
    "vocational_reintegration": SectionSpec(
        _("Participants in vocational reintegration, by category"),
        _(
            "Participants of the year enrolled in at least one activity of the "
            "category during the year (workshops, help in finding a job, "
            "internships, public works, socially useful work, supported "
            "employment). The total counts each person once."
        ),
        _("enrolments in the club's activities"),
        SEX_COLUMNS,
        "activities",
    ),
}

ENTERED_SPECS: dict[str, SectionSpec] = {
    "finance": SectionSpec(
        _("Funding by source"),
        _(
            "The unit's revenue in the year by source, in PLN: local-government "
            "own funds, the European Social Fund, the Labour Fund, own revenue "
            "from the unit's activity and other sources."
        ),
        _("entered by the unit"),
        MONEY_COLUMN,
        "finance",
        money=True,
    ),
    "staff": SectionSpec(
        _("Staff by form of employment"),
        _(
            "Persons who worked for the unit in the year (not participants), by "
            "the basis of their work."
        ),
        _("entered by the unit"),
        COUNT_COLUMN,
        "staff",
    ),
    "volunteers": SectionSpec(
        _("Volunteers"),
        _("Volunteers who worked with the club in the year, by sex."),
        _("entered by the unit"),
        COUNT_COLUMN,
        "sex",
    ),
    "grants_received": SectionSpec(
        _("Grants received"),
        _("Grants (dotacje) the centre received for the year, by giver, in PLN."),
        _("entered by the unit"),
        MONEY_COLUMN,
        "grants_received",
        money=True,
    ),
    "grants_used": SectionSpec(
        _("Grants used"),
        _(
            "How the grants of the year were used, by purpose, in PLN; together "
            "no more than the grants received."
        ),
        _("entered by the unit"),
        MONEY_COLUMN,
        "grants_used",
        money=True,
    ),
}

ALLOWANCE_LABELS = {
    "allowances_paid": _("allowances paid, with bonuses (PLN)"),
    "bonuses_paid": _("of which motivational bonuses (PLN)"),
    "people_paid": _("persons paid"),
}


def _ground_names(year: int) -> dict[str, str]:
    """Names of the grounds of exclusion applying in the year, in order."""
    start, end = year_bounds(year)
    grounds = ExclusionGround.objects.filter(
        Q(valid_from__isnull=True) | Q(valid_from__lte=end),
        Q(valid_until__isnull=True) | Q(valid_until__gte=start),
    ).order_by("order", "code")
    return {ground.code: ground.name for ground in grounds}


class Labels:
    """Row labels of every kind of row, looked up once per report."""

    def __init__(self, year: int) -> None:
        self.year = year
        self._grounds: dict[str, str] | None = None

    @property
    def grounds(self) -> dict[str, str]:
        if self._grounds is None:
            self._grounds = _ground_names(self.year)
        return self._grounds

    def rows(self, kind: str) -> dict[str, Any]:
        """Row code -> label, in the order the rows are always shown."""
        if kind == "groups":
            return {**self.grounds, NO_GROUND: _("primary ground not recorded")}
        return {
            "exit_reasons": lambda: {
                **dict(ExitReason.choices),
                NOT_RECORDED: _("not recorded"),
            },
            "outcomes": lambda: {
                **dict(Outcome.choices),
                NOT_RECORDED: _("not recorded"),
            },
            "activities": lambda: dict(ActivityKind.choices),
            "allowances": lambda: ALLOWANCE_LABELS,
            "finance": lambda: FINANCE_LABELS,
            "staff": lambda: STAFF_LABELS,
            "sex": lambda: {"F": Sex.F.label, "M": Sex.M.label},
            "grants_received": lambda: GRANT_RECEIVED_LABELS,
            "grants_used": lambda: GRANT_USED_LABELS,
        }.get(kind, lambda: {"participants": _("participants")})()


def _known_rows(code: str, spec: SectionSpec, labels: Labels) -> dict[str, Any]:
    """Row code -> label of the rows a section always shows, in order."""
    if code == "economically_independent":
        return {o.value: o.label for o in EMPLOYED_OUTCOMES}
    if code == "social_reintegration":
        return {k.value: k.label for k in KIS_SOCIAL_KINDS}
    if code == "vocational_reintegration":
        return {k.value: k.label for k in KIS_VOCATIONAL_KINDS}
    return labels.rows(spec.rows)


def _section(
    code: str,
    spec: SectionSpec,
    labels: Labels,
    data: Mapping[str, Any] | None,
    zero: Any,
) -> Section:
    data = data or {}
    cells = data.get("rows") or {}
    known = _known_rows(code, spec, labels)
    # Rows that were in the records but are no longer known (a ground closed
    # later, say) are still shown, after the known ones.
    codes = list(known) + [c for c in cells if c not in known]
    columns = tuple(Column(c, str(label)) for c, label in spec.columns)
    rows = []
    for row_code in codes:
        row_cells = cells.get(row_code) or {}
        empty = 0 if row_code == "people_paid" else zero
        rows.append(
            Row(
                row_code,
                str(known.get(row_code, row_code)),
                tuple(row_cells.get(c.code, empty) for c in columns),
            )
        )
    total = None
    total_cells = data.get("total")
    if total_cells is not None:
        total = Row(
            TOTAL,
            gettext("total"),
            tuple(total_cells.get(c.code, zero) for c in columns),
        )
    return Section(
        code=code,
        title=str(spec.title),
        definition=str(spec.definition),
        source=str(spec.source),
        columns=columns,
        rows=tuple(rows),
        total=total,
        money=spec.money,
    )


def _entered_values(kind: str, entered: Mapping[str, Any]) -> dict[str, Any]:
    """The entered figures in the shape of computed ones, with totals."""
    sections: dict[str, Any] = {}
    parts = ["finance", "staff"]
    parts += (
        ["volunteers"] if kind == UnitKind.KIS else ["grants_received", "grants_used"]
    )
    for part in parts:
        if part.startswith("grants_"):
            raw = entered.get("grants", {}).get(part.removeprefix("grants_"), {})
        else:
            raw = entered.get(part, {})
        values = {k: v for k, v in raw.items() if v is not None}
        spec = ENTERED_SPECS[part]
        if spec.money:
            total: Any = str(money(sum((Decimal(v) for v in values.values()), 0)))
        else:
            total = sum(int(v) for v in values.values())
        sections[part] = {
            "rows": {k: {TOTAL: v} for k, v in values.items()},
            "total": {TOTAL: total} if values else None,
        }
    return sections


def build_report(
    *,
    year: int,
    meta: Mapping[str, Any],
    computed: Mapping[str, Any],
    entered: Mapping[str, Any],
    narrative: str,
    as_of: datetime.datetime,
    frozen: bool,
) -> UnitReport:
    """The typed report from plain values (live or from a snapshot)."""
    kind = meta["kind"]
    labels = Labels(year)
    specs = KIS_SPECS if kind == UnitKind.KIS else CIS_SPECS
    computed_sections = tuple(
        _section(code, spec, labels, computed.get(code), "0.00" if spec.money else 0)
        for code, spec in specs.items()
    )
    entered_data = _entered_values(kind, entered)
    entered_sections = tuple(
        _section(code, ENTERED_SPECS[code], labels, data, "—")
        for code, data in entered_data.items()
    )
    return UnitReport(
        year=year,
        form=FORMS.get(kind, ""),
        unit_name=meta["name"],
        unit_kind=kind,
        voivodeship=meta.get("voivodeship", ""),
        founder_name=meta.get("founder", {}).get("name", ""),
        founder_type=meta.get("founder", {}).get("type", ""),
        computed=computed_sections,
        entered=entered_sections,
        narrative=narrative,
        as_of=as_of,
        frozen=frozen,
    )


def unit_meta(unit: Unit) -> dict[str, Any]:
    """What the snapshot keeps of the unit as it was when submitted."""
    body = unit.founding_body
    return {
        "id": unit.pk,
        "name": unit.name,
        "kind": unit.kind,
        "registry_id": unit.registry_id or "",
        "voivodeship": unit.voivodeship.name,
        "voivodeship_teryt": unit.voivodeship.teryt,
        "founder": {
            "name": body.name,
            "type": body.founder_type,
            "group": str(body.founder_group.value),
            "nip": body.nip,
            "regon": body.regon,
        },
    }


def make_snapshot(report: Any, *, at: datetime.datetime | None = None) -> dict:
    """The whole report frozen: computed figures, entered figures, narrative
    and metadata (when it was computed; the unit, its kind and founder)."""
    at = at or timezone.now()
    unit = report.unit
    return {
        "version": SNAPSHOT_VERSION,
        "form": FORMS.get(unit.kind, ""),
        "year": report.year,
        "computed": compute_values(unit, report.year),
        "entered": report.entered,
        "narrative": report.narrative,
        "meta": {"computed_at": at.isoformat(), **unit_meta(unit)},
    }


def live_report(report: Any) -> UnitReport:
    """A draft: the figures as the records hold them now."""
    return build_report(
        year=report.year,
        meta=unit_meta(report.unit),
        computed=compute_values(report.unit, report.year),
        entered=report.entered,
        narrative=report.narrative,
        as_of=timezone.now(),
        frozen=False,
    )


def frozen_report(report: Any) -> UnitReport:
    """A submitted report exactly as it was submitted."""
    snapshot = report.snapshot
    meta = snapshot["meta"]
    as_of = parse_datetime(meta.get("computed_at", "")) or report.submitted_at
    return build_report(
        year=snapshot.get("year", report.year),
        meta=meta,
        computed=snapshot.get("computed", {}),
        entered=snapshot.get("entered", {}),
        narrative=snapshot.get("narrative", ""),
        as_of=as_of,
        frozen=True,
    )
