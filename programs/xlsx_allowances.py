"""The payroll list and the refund request of an approved month as XLSX
(openpyxl): a header row, amounts with the format #,##0.00, a totals row.
Column headings are in Polish, like the PDFs, for the labour office."""

from __future__ import annotations

import io
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from programs.documents_allowances import PayrollDocument, payroll_document
from programs.models import AllowanceMonth

MONEY = "#,##0.00"

PAYROLL_COLUMNS = [
    # (heading, attribute or days key, is money)
    ("Lp.", "number", False),
    ("Nazwisko i imię", "name", False),
    ("PESEL", "pesel", False),
    ("Dni udziału", "days:participation", False),
    ("Nieobecność nieusprawiedliwiona (dni)", "days:unexcused", False),
    ("Choroba z zaświadczeniem (dni)", "days:sick_certified", False),
    ("Dni wolne (dni)", "days:day_off", False),
    ("Zasiłek dla bezrobotnych (zł)", "benefit_rate", True),
    ("Świadczenie przed potrąceniami (zł)", "base_amount", True),
    ("Potrącenia (zł)", "deductions", True),
    ("Premia (%)", "bonus_percent", True),
    ("Premia (zł)", "bonus_amount", True),
    ("Do wypłaty (zł)", "amount", True),
    ("Składka emerytalna (zł)", "pension", True),
    ("Składka rentowa (zł)", "disability", True),
]
REFUND_COLUMNS = [
    ("Lp.", "number", False),
    ("Nazwisko i imię", "name", False),
    ("PESEL", "pesel", False),
    ("Dni udziału", "days:participation", False),
    ("Świadczenie integracyjne (zł)", "allowance", True),
    ("Składka emerytalna (zł)", "pension", True),
    ("Składka rentowa (zł)", "disability", True),
    ("Razem do refundacji (zł)", "refund", True),
]
TOTALS = {"number", "name", "pesel", "bonus_percent", "benefit_rate"}


def _value(row, key: str):
    if key.startswith("days:"):
        return row.days.get(key[5:], 0)
    return getattr(row, key)


def _sheet(doc: PayrollDocument, title: str, columns) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = title[:31]
    sheet.append([f"{title} — {doc.unit_name} — {doc.month:%Y-%m}"])
    sheet["A1"].font = Font(bold=True)
    sheet.append([heading for heading, _, _ in columns])
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for row in doc.rows:
        values = []
        for _, key, money in columns:
            value = _value(row, key)
            values.append(
                float(value) if money and isinstance(value, Decimal) else value
            )
        sheet.append(values)
    totals = ["Razem", f"{doc.totals.participants} os.", ""]
    for _, key, _money in columns[3:]:
        if key in TOTALS:
            totals.append("")
        else:
            total = sum((_value(row, key) for row in doc.rows), Decimal(0))
            totals.append(float(total) if isinstance(total, Decimal) else total)
    sheet.append(totals)
    last = sheet.max_row
    for cell in sheet[last]:
        cell.font = Font(bold=True)
    for index, (_, _, money) in enumerate(columns, start=1):
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = 14 if index != 2 else 28
        if money:
            for cells in sheet.iter_rows(
                min_row=3, max_row=last, min_col=index, max_col=index
            ):
                for cell in cells:
                    cell.number_format = MONEY
    sheet.freeze_panes = "A3"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def payroll_xlsx(allowance_month: AllowanceMonth) -> bytes:
    return _sheet(payroll_document(allowance_month), "Lista wypłat", PAYROLL_COLUMNS)


def refund_xlsx(allowance_month: AllowanceMonth) -> bytes:
    return _sheet(
        payroll_document(allowance_month), "Wniosek o refundację", REFUND_COLUMNS
    )
