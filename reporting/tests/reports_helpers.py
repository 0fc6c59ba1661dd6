"""Hand-built records for the unit annual report tests: participations with a
primary ground, exits, follow-up checks, enrolments and approved allowances,
created directly (test set-up), so each test states exactly what it counts."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from participants.models import FollowUp, Participation, ParticipationGround
from participants.tests.factories import ParticipantFactory, ground
from programs.models import Activity, AllowanceMonth, Enrolment, MonthlyAllowance
from reporting import services
from reporting.models import UnitAnnualReport
from units.models import Unit

D = datetime.date

CIS_FIGURES = {
    "finance_local_government": "120000.00",
    "finance_esf": "80000.50",
    "finance_labour_fund": "45000",
    "finance_own_revenue": "12500.25",
    "finance_other": "0",
    "staff_employment_contract": 6,
    "staff_civil_law_contract": 3,
    "staff_other": 1,
    "grants_received_local_government": "120000",
    "grants_received_labour_fund": "45000",
    "grants_received_eu_funds": "80000.50",
    "grants_received_other": "0",
    "grants_used_allowances": "150000",
    "grants_used_staff": "60000",
    "grants_used_reintegration": "30000",
    "grants_used_other": "5000.50",
}
KIS_FIGURES = {
    "finance_local_government": "30000",
    "finance_esf": "0",
    "finance_labour_fund": "0",
    "finance_own_revenue": "1500",
    "finance_other": "250.75",
    "staff_employment_contract": 2,
    "staff_civil_law_contract": 1,
    "staff_other": 0,
    "volunteers_F": 4,
    "volunteers_M": 1,
}


def figures_for(unit: Unit) -> dict[str, Any]:
    return dict(KIS_FIGURES if unit.kind == "KIS" else CIS_FIGURES)


def stint(
    unit: Unit,
    *,
    admitted: datetime.date,
    exited: datetime.date | None = None,
    sex: str = "F",
    primary: str | None = "long_term_unemployed",
    reason: str = "completed",
    outcome: str = "",
    last_name: str = "Kowalska",
    first_name: str | None = None,
) -> Participation:
    """A person admitted to the unit (and exited, when `exited` is given)."""
    names = {"last_name": last_name}
    if first_name:
        names["first_name"] = first_name
    person = ParticipantFactory(unit=unit, sex=sex, **names)
    participation = Participation.objects.create(
        participant=person,
        unit=unit,
        state="exited" if exited else "active",
        admitted_on=admitted,
        exited_on=exited,
        exit_reason=reason if exited else "",
        outcome=outcome if exited else "",
    )
    if primary:
        ParticipationGround.objects.create(
            participation=participation, ground=ground(primary), is_primary=True
        )
    return participation


def referred(unit: Unit) -> Participation:
    """A person referred but not admitted: never counted."""
    return Participation.objects.create(
        participant=ParticipantFactory(unit=unit), unit=unit, state="referred"
    )


def checked(
    participation: Participation, months: int, outcome: str, on: datetime.date
) -> FollowUp:
    return FollowUp.objects.create(
        participation=participation,
        months_after=months,
        due_on=on,
        checked_on=on,
        outcome=outcome,
    )


def activity(unit: Unit, kind: str, name: str | None = None) -> Activity:
    return Activity.objects.create(
        unit=unit, name=name or f"{kind} {unit.pk}", kind=kind, starts_on=D(2020, 1, 1)
    )


def enrol(
    act: Activity,
    participation: Participation,
    starts: datetime.date,
    ends: datetime.date | None = None,
) -> Enrolment:
    return Enrolment.objects.create(
        activity=act, participation=participation, starts_on=starts, ends_on=ends
    )


def allowance(
    participation: Participation,
    month: datetime.date,
    amount: str,
    bonus: str = "0",
    state: str = "approved",
) -> MonthlyAllowance:
    month_row, _created = AllowanceMonth.objects.get_or_create(
        unit=participation.unit, month=month, defaults={"state": state}
    )
    return MonthlyAllowance.objects.create(
        allowance_month=month_row,
        participation=participation,
        benefit_rate=Decimal("1662.20"),
        base_amount=Decimal(amount) - Decimal(bonus),
        bonus_amount=Decimal(bonus),
        amount=Decimal(amount),
    )


def submitted_report(
    manager: Any, unit: Unit, year: int, **kwargs: Any
) -> UnitAnnualReport:
    """A report of the unit for the year, filled in and submitted."""
    report = services.report_open(actor=manager, unit=unit, year=year)
    services.report_save_entered(
        actor=manager,
        report=report,
        figures=figures_for(unit),
        narrative=kwargs.get("narrative", "Rok pracy warsztatów."),
    )
    return services.report_submit(actor=manager, report=report)
