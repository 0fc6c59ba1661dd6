"""The payroll list and the refund request of one approved month, as one
typed object that the PDF and the XLSX both render."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from programs.models import AllowanceMonth
from programs.selectors_allowances import MonthTotals, allowance_rows, month_totals


@dataclass(frozen=True)
class PayrollRow:
    number: int
    name: str
    pesel: str
    days: dict[str, int]
    benefit_rate: Decimal
    base_amount: Decimal
    deductions: Decimal
    bonus_percent: Decimal
    bonus_amount: Decimal
    amount: Decimal
    allowance: Decimal  # without the bonus: what the labour office refunds
    pension: Decimal
    disability: Decimal
    refund: Decimal


@dataclass(frozen=True)
class PayrollDocument:
    unit_name: str
    unit_address: str
    month: datetime.date
    approved_at: datetime.datetime | None
    approved_by: str
    rows: list[PayrollRow]
    totals: MonthTotals

    @property
    def allowance_total(self) -> Decimal:
        return sum((row.allowance for row in self.rows), Decimal(0))

    @property
    def pension_total(self) -> Decimal:
        return sum((row.pension for row in self.rows), Decimal(0))

    @property
    def disability_total(self) -> Decimal:
        return sum((row.disability for row in self.rows), Decimal(0))


def payroll_document(allowance_month: AllowanceMonth) -> PayrollDocument:
    rows = list(allowance_rows(allowance_month=allowance_month))
    document_rows = []
    for number, row in enumerate(rows, start=1):
        person = row.participation.participant
        contributions = {k: Decimal(v) for k, v in row.contributions.items()}
        document_rows.append(
            PayrollRow(
                number=number,
                name=f"{person.last_name} {person.first_name}".strip(),
                pesel=person.pesel or "",
                days=row.breakdown.get("days", {}),
                benefit_rate=row.benefit_rate,
                base_amount=row.base_amount,
                deductions=row.deductions,
                bonus_percent=row.bonus_percent,
                bonus_amount=row.bonus_amount,
                amount=row.amount,
                allowance=row.amount - row.bonus_amount,
                pension=contributions.get("pension", Decimal(0)),
                disability=contributions.get("disability", Decimal(0)),
                refund=Decimal(row.breakdown.get("refund", "0")),
            )
        )
    unit = allowance_month.unit
    approver = allowance_month.approved_by
    return PayrollDocument(
        unit_name=unit.name,
        unit_address=getattr(unit, "address", "") or "",
        month=allowance_month.month,
        approved_at=allowance_month.approved_at,
        approved_by=(approver.get_full_name() or approver.email) if approver else "",
        rows=document_rows,
        totals=month_totals(rows),
    )
