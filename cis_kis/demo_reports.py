"""Annual reports of the demo units for the last complete year: most of them
accepted, one returned with the voivode's comment, one submitted and waiting
for review, and some units with none, so that the officials' list of units
that have not submitted shows something. Every write goes through
reporting.services as the system (actor None); a report that has left the
draft is kept as it is, so loading the demo again changes nothing.

Not wired into `load_demo` yet: call `load_reports(units)` after
`load_participants(units)` there (the figures are counted from the
participants loaded)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils import timezone

from reporting import services
from reporting.constants import ReportState
from reporting.models import UnitAnnualReport
from reporting.selectors_reports import report_years_open
from reporting.unit_report import field_name, money
from units.constants import UnitKind
from units.models import Unit

ACCEPTED = "accepted"
RETURNED = "returned"
SUBMITTED = "submitted"
NONE = "none"

# What happens to each demo unit's report; units not named are accepted.
PLAN = {
    "cis1": SUBMITTED,
    "kis1": RETURNED,
    "cis2": NONE,
    "kis-otwock": NONE,
}
RETURN_COMMENT = (
    "Proszę uzupełnić kwotę środków z Funduszu Pracy i liczbę wolontariuszy; "
    "suma źródeł finansowania nie zgadza się ze sprawozdaniem finansowym."
)
NARRATIVE = (
    "W roku sprawozdawczym prowadzono zajęcia reintegracji społecznej i "
    "zawodowej zgodnie z indywidualnymi programami uczestników; współpracowano "
    "z ośrodkiem pomocy społecznej i powiatowym urzędem pracy."
)


def _figures(unit: Unit, number: int) -> dict[str, Any]:
    """Plausible figures, different for each unit and the same every time."""
    places = unit.places or 20
    base = Decimal(places * 6000 + number * 1250)
    finance = {
        "local_government": money(base * Decimal("0.55")),
        "esf": money(base * Decimal("0.25")),
        "labour_fund": money(base * Decimal("0.12")),
        "own_revenue": money(base * Decimal("0.06")),
        "other": money(base * Decimal("0.02")),
    }
    figures: dict[str, Any] = {
        field_name("finance", key): str(value) for key, value in finance.items()
    }
    figures.update(
        {
            "staff_employment_contract": 2 + places // 10,
            "staff_civil_law_contract": 1 + number % 3,
            "staff_other": number % 2,
        }
    )
    if unit.kind == UnitKind.KIS:
        figures.update({"volunteers_F": 2 + number % 4, "volunteers_M": number % 3})
    else:
        received = finance["local_government"] + finance["labour_fund"] + finance["esf"]
        figures.update(
            {
                "grants_received_local_government": str(finance["local_government"]),
                "grants_received_labour_fund": str(finance["labour_fund"]),
                "grants_received_eu_funds": str(finance["esf"]),
                "grants_received_other": "0.00",
                "grants_used_allowances": str(money(received * Decimal("0.6"))),
                "grants_used_staff": str(money(received * Decimal("0.3"))),
                "grants_used_reintegration": str(money(received * Decimal("0.08"))),
                "grants_used_other": "0.00",
            }
        )
    return figures


def load_reports(units: dict[str, Unit]) -> list[UnitAnnualReport]:
    """The demo units' reports for the last complete year (see PLAN)."""
    year = timezone.localdate().year - 1
    reports = []
    for number, (key, unit) in enumerate(sorted(units.items()), start=1):
        plan = PLAN.get(key, ACCEPTED)
        if plan == NONE or year not in report_years_open(unit):
            continue
        report = services.report_open(actor=None, unit=unit, year=year)
        if report.state != ReportState.DRAFT:
            reports.append(report)
            continue
        services.report_save_entered(
            actor=None,
            report=report,
            figures=_figures(unit, number),
            narrative=NARRATIVE,
        )
        report = services.report_submit(actor=None, report=report)
        if plan == ACCEPTED:
            report = services.report_accept(actor=None, report=report)
        elif plan == RETURNED:
            report = services.report_return(
                actor=None, report=report, comments=RETURN_COMMENT
            )
        reports.append(report)
    return reports
