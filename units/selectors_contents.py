"""What an application for CIS status states (art. 4 ust. 2 of the Act), as
its page shows it, and what the centre then reported against it: the
comparison an official needs for art. 6 ust. 1 (a centre that does not carry
out what its application stated can lose its status).

The centres' annual reports belong to the reporting app, which sits above
units (DESIGN section 2). This module does not import it: it reads the
accepted reports through the app registry and only the figures of their
frozen snapshot that reporting keeps as a contract (`reporting/unit_report.py`:
the computed sections and `entered.finance`). Only counts and amounts leave
the reports, never a person.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from decimal import Decimal, InvalidOperation
from typing import Any

from django.apps import apps
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from units.constants import DecisionKind, DocumentKind
from units.models import (
    APPLICATION_CONTENTS_FIELDS,
    ApplicationDocument,
    StatusApplication,
    StatusDecision,
    Unit,
)
from units.target_groups import target_group_names

# --- what the application states -------------------------------------------

MONEY = "money"
PERCENT = "percent"
TEXT = "text"
NUMBER = "number"
DATE = "date"
LIST = "list"

_KINDS = {
    "planned_start_on": DATE,
    "target_groups": LIST,
    "annual_budget": MONEY,
    "reintegration_costs": MONEY,
    "founder_setup_funds": MONEY,
    "founder_running_share": PERCENT,
    "planned_activity": TEXT,
    "reintegration_programme": TEXT,
    "planned_staff": TEXT,
    "activity_schedule": TEXT,
    "other_funding": TEXT,
}


@dataclass(frozen=True)
class StatedItem:
    """One item of art. 4 ust. 2 as the application states it (or not)."""

    code: str
    label: str
    value: Any
    kind: str

    @property
    def stated(self) -> bool:
        return self.value not in (None, "", [])


def application_contents(
    *, application: StatusApplication, documents: Iterable[ApplicationDocument]
) -> tuple[list[StatedItem], list[str]]:
    """The items the application states, in the Act's order, and the labels
    of those not stated yet (the draft rules, an attachment, among them when
    not delivered). One query at most (the names of the target groups)."""
    items = []
    for name in APPLICATION_CONTENTS_FIELDS:
        value = getattr(application, name)
        if name == "target_groups":
            value = target_group_names(value)
        label = str(application._meta.get_field(name).verbose_name)
        items.append(StatedItem(name, label, value, _KINDS.get(name, NUMBER)))
    missing = application.contents_not_stated()
    draft_rules = [d for d in documents if d.kind == DocumentKind.DRAFT_RULES]
    if draft_rules and draft_rules[0].delivered_on is None:
        missing.append(str(DocumentKind.DRAFT_RULES.label))
    return items, missing


# --- what it stated and what the centre did ---------------------------------

# reporting.constants.ReportState.ACCEPTED: only reports the voivode accepted.
REPORT_ACCEPTED = "accepted"
# participants.constants.Outcome values of work or own business; the report's
# economically independent are these and work in a social cooperative.
WORK_OR_BUSINESS_OUTCOMES = ("open_market", "supported_employment", "own_business")
# programs.constants.ActivityKind.VOCATIONAL: the report's column of
# participants in vocational reintegration (workshops).
VOCATIONAL = "vocational"

ACCEPTED = "accepted"
MISSING = "missing"
IN_PROGRESS = "in_progress"

FIGURES = (
    ("participants", _("Participants"), "expected_participants", False),
    ("trained", _("Trained"), "expected_trained", False),
    ("employed", _("Found work or started a business"), "expected_employed", False),
    (
        "independent",
        _("Became economically independent"),
        "expected_independent",
        False,
    ),
    ("budget", _("Budget (PLN)"), "annual_budget", True),
)


@dataclass(frozen=True)
class Term:
    """A term of the centre's status and the application it was granted or
    extended on (None when that application is not in the system)."""

    start: datetime.date
    end: datetime.date
    application: StatusApplication | None


def status_terms(decisions: Iterable[StatusDecision]) -> list[Term]:
    """The centre's terms of status from its decisions (in any order): a
    grant starts one, an extension the next one the day after the current
    term ends, a loss of status or a closure cuts them the day before its
    date (the day the status is lost)."""
    terms: list[Term] = []
    for decision in sorted(decisions, key=lambda d: (d.issued_on, d.pk or 0)):
        kind, day = decision.kind, decision.issued_on
        if kind == DecisionKind.GRANT and decision.valid_until:
            terms.append(Term(day, decision.valid_until, decision.application))
        elif kind == DecisionKind.EXTENSION and decision.valid_until:
            start = day
            if terms and terms[-1].end >= day:
                start = terms[-1].end + datetime.timedelta(days=1)
            if start <= decision.valid_until:
                terms.append(Term(start, decision.valid_until, decision.application))
        elif kind in (DecisionKind.LOSS, DecisionKind.CLOSURE):
            # The status is lost (or ends) on the decision's day itself
            # (units.status.cis_status_on): the term ends the day before.
            last = day - datetime.timedelta(days=1)
            terms = [
                replace(term, end=min(term.end, last))
                for term in terms
                if term.start <= last
            ]
    return terms


def _count(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _amount(value: Any) -> Decimal | None:
    try:
        amount = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None
    return amount if amount.is_finite() else None


def _cells(section: Any, *path: str) -> Any:
    for key in path:
        if not isinstance(section, Mapping):
            return None
        section = section.get(key)
    return section


def reported_figures(snapshot: Mapping[str, Any]) -> dict[str, Any]:
    """The figures of an accepted report's snapshot that answer what an
    application states (None where the report does not hold one):

    - participants: persons taking part in the year;
    - trained: of them, persons in vocational reintegration (workshops);
    - employed: completers working at the exit or a later check on the open
      labour market, in supported employment or in their own business;
    - independent: the report's economically independent (those, and work
      in a social cooperative);
    - budget: the funding of the year by source, in all (PLN).
    """
    if not isinstance(snapshot, Mapping):
        return dict.fromkeys(code for code, *_rest in FIGURES)
    computed = snapshot.get("computed") or {}
    participants = _cells(computed, "participants_total", "total")
    trained = None
    if isinstance(participants, Mapping):
        # A column is left out of the total row when nobody is in it.
        trained = _count(participants.get(VOCATIONAL, 0))
    independent = _cells(computed, "economically_independent")
    employed = None
    if isinstance(independent, Mapping):
        rows = independent.get("rows") or {}
        employed = sum(
            _count(_cells(rows, outcome, "total")) or 0
            for outcome in WORK_OR_BUSINESS_OUTCOMES
        )
    finance = _cells(snapshot, "entered", "finance")
    amounts = []
    if isinstance(finance, Mapping):
        amounts = [
            amount
            for amount in (_amount(v) for v in finance.values() if v not in (None, ""))
            if amount is not None
        ]
    return {
        "participants": _count(_cells(participants, "total")),
        "trained": trained,
        "employed": employed,
        "independent": _count(_cells(independent, "total", "total")),
        "budget": sum(amounts, Decimal("0.00")) if amounts else None,
    }


@dataclass(frozen=True)
class Figure:
    code: str
    label: str
    stated: Any
    reported: Any
    money: bool

    @property
    def below(self) -> bool:
        """The centre reported less than its application stated."""
        return (
            self.stated is not None
            and self.reported is not None
            and self.reported < self.stated
        )


@dataclass(frozen=True)
class PromiseYear:
    """One year of the status: what the application of its term stated, and
    what the centre's accepted report for the year says."""

    year: int
    application: StatusApplication | None
    report: str  # ACCEPTED, MISSING or IN_PROGRESS (the year is not over)
    figures: tuple[Figure, ...]


@dataclass(frozen=True)
class Promises:
    years: tuple[PromiseYear, ...]  # newest first
    years_without_data: int  # years of status with neither in the system


def _accepted_reports(unit: Unit, years: Iterable[int]) -> dict[int, dict]:
    try:
        model = apps.get_model("reporting", "UnitAnnualReport")
    except LookupError:  # reporting not installed: nothing was reported
        return {}
    rows = model._default_manager.filter(
        unit=unit, state=REPORT_ACCEPTED, year__in=list(years)
    ).values_list("year", "snapshot")
    return {year: snapshot or {} for year, snapshot in rows}


def promises_vs_done(
    *,
    unit: Unit,
    decisions: Iterable[StatusDecision] | None = None,
    day: datetime.date | None = None,
) -> Promises:
    """For each year of the centre's status up to `day` (today), newest
    first: what the latest granting or extension application of that year's
    term stated, against the centre's accepted annual report. Years with
    neither in the system are only counted.

    `decisions` are the centre's decisions with their applications when the
    caller has them already. Two queries at most, whatever the years."""
    day = day or timezone.localdate()
    if decisions is None:
        decisions = StatusDecision.objects.filter(unit=unit).select_related(
            "application"
        )
    terms = status_terms(decisions)
    by_year: dict[int, Term] = {}
    for term in terms:
        for year in range(term.start.year, min(term.end.year, day.year) + 1):
            by_year[year] = term
    reports = _accepted_reports(unit, by_year)
    years = []
    empty = 0
    for year in sorted(by_year, reverse=True):
        application = by_year[year].application
        snapshot = reports.get(year)
        if application is None and snapshot is None:
            empty += 1
            continue
        reported = reported_figures(snapshot) if snapshot is not None else {}
        state = ACCEPTED if snapshot is not None else MISSING
        if snapshot is None and year == day.year:
            state = IN_PROGRESS
        figures = tuple(
            Figure(
                code=code,
                label=str(label),
                stated=getattr(application, field) if application else None,
                reported=reported.get(code),
                money=money,
            )
            for code, label, field, money in FIGURES
        )
        years.append(PromiseYear(year, application, state, figures))
    return Promises(years=tuple(years), years_without_data=empty)
