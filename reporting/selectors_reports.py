"""Reads of the unit annual reports, scoped by accounts.access:

- unit staff and managers: their own units' reports, drafts included;
- voivodeship officials: the reports their voivodeship's units have sent
  (submitted, returned, accepted), never a unit's draft;
- ministry analysts and administrators: submitted and accepted reports of the
  whole country (counts only: a report holds no personal data).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from accounts.access import Level, filter_by_scope, scope_for
from reporting.constants import ReportState
from reporting.models import UnitAnnualReport
from units.constants import RuleCode
from units.models import LegalRule, Unit

SENT_STATES = (ReportState.SUBMITTED, ReportState.RETURNED, ReportState.ACCEPTED)
PUBLISHED_STATES = (ReportState.SUBMITTED, ReportState.ACCEPTED)
DONE_STATES = (ReportState.SUBMITTED, ReportState.ACCEPTED)
NOT_OPENED = "not_opened"


def report_list_for_user(*, user: Any) -> QuerySet[UnitAnnualReport]:
    """The reports the user may see, with what the lists and pages show."""
    scope = scope_for(user)
    reports = filter_by_scope(
        UnitAnnualReport.objects.all(),
        user,
        unit_field="unit",
        voivodeship_field="unit__voivodeship",
    )
    if scope.level is Level.VOIVODESHIP:
        reports = reports.filter(state__in=SENT_STATES)
    elif scope.level is Level.NATIONAL:
        reports = reports.filter(state__in=PUBLISHED_STATES)
    return reports.select_related(
        "unit__voivodeship", "unit__founding_body", "submitted_by", "reviewed_by"
    )


def _rule_rows() -> list[LegalRule]:
    return list(LegalRule.objects.filter(code=RuleCode.ANNUAL_REPORT_DEADLINE))


def _deadline(rows: list[LegalRule], year: int) -> datetime.date:
    end = datetime.date(year, 12, 31)
    applying = [r for r in rows if r.valid_from is None or r.valid_from <= end]
    if not applying:
        # The same failure as LegalRule.objects.value for a missing rule.
        LegalRule.objects.in_force(RuleCode.ANNUAL_REPORT_DEADLINE, on=end)
    rule = max(applying, key=lambda r: r.valid_from or datetime.date.min)
    return datetime.date(year + 1, int(rule.value["month"]), int(rule.value["day"]))


def report_deadline(year: int) -> datetime.date:
    """The day of the following year by which the report for `year` is due
    (art. 5 ust. 4 pkt 2 and art. 18a ust. 6: 31 March), as the rule in force
    at the end of the year has it."""
    return _deadline(_rule_rows(), year)


def report_deadlines(years: list[int]) -> dict[int, datetime.date]:
    """The deadlines of several years, with one query."""
    rows = _rule_rows()
    return {year: _deadline(rows, year) for year in years}


def last_complete_year(today: datetime.date | None = None) -> int:
    return (today or timezone.localdate()).year - 1


def open_in_year_q(year: int, prefix: str = "") -> Q:
    """The unit (through `prefix`) was open on at least one day of the year."""
    return Q(**{f"{prefix}opened_on__lte": datetime.date(year, 12, 31)}) & (
        Q(**{f"{prefix}closed_on__isnull": True})
        | Q(**{f"{prefix}closed_on__gte": datetime.date(year, 1, 1)})
    )


def units_without_report(*, user: Any, year: int) -> QuerySet[Unit]:
    """Units in the user's scope, open in the year, whose report for it has
    not been submitted (none opened, a draft, or returned for correction),
    annotated with `report_state` ("not_opened" when there is none) and
    `report_id`."""
    scope = scope_for(user)
    if scope.level not in (Level.VOIVODESHIP, Level.NATIONAL):
        return Unit.objects.none()
    reports = UnitAnnualReport.objects.filter(unit=OuterRef("pk"), year=year)
    return (
        Unit.objects.visible_to(user)
        .filter(open_in_year_q(year))
        .exclude(annual_reports__year=year, annual_reports__state__in=DONE_STATES)
        .annotate(
            report_state=Coalesce(
                Subquery(reports.values("state")[:1]), Value(NOT_OPENED)
            ),
            report_id=Subquery(reports.values("pk")[:1]),
        )
        .select_related("voivodeship", "founding_body")
    )


@dataclass(frozen=True)
class YearRow:
    """One year of a unit in its list of reports."""

    unit: Unit
    year: int
    report: UnitAnnualReport | None
    deadline: datetime.date
    overdue: bool

    @property
    def state_label(self) -> str:
        return self.report.get_state_display() if self.report else ""


def report_years_open(unit: Unit, *, today: datetime.date | None = None) -> list[int]:
    """The years a report can be opened for: the unit was open in them, and
    they are not in the future. Newest first."""
    today = today or timezone.localdate()
    first = unit.opened_on.year
    last = min(today.year, unit.closed_on.year if unit.closed_on else today.year)
    return list(range(last, first - 1, -1))


def unit_report_years(
    *, user: Any, today: datetime.date | None = None
) -> list[YearRow]:
    """For each unit of the user, every year it was open (newest first) with
    its report, if one was opened. Two queries, and the deadline rule once."""
    today = today or timezone.localdate()
    scope = scope_for(user)
    if scope.level is not Level.UNITS:
        return []
    units = list(Unit.objects.filter(pk__in=scope.unit_ids).order_by("name", "pk"))
    reports = {
        (r.unit_id, r.year): r for r in UnitAnnualReport.objects.filter(unit__in=units)
    }
    years = {unit.pk: report_years_open(unit, today=today) for unit in units}
    deadlines = report_deadlines(sorted({y for ys in years.values() for y in ys}))
    rows = []
    for unit in units:
        for year in years[unit.pk]:
            report = reports.get((unit.pk, year))
            done = report is not None and report.state in DONE_STATES
            rows.append(
                YearRow(
                    unit=unit,
                    year=year,
                    report=report,
                    deadline=deadlines[year],
                    overdue=not done and today > deadlines[year],
                )
            )
    return rows
