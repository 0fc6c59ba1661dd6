"""The payroll list and the PUP refund request of an approved month as PDF
(WeasyPrint), in Polish whatever language the user reads. Rendered by the
task worker (tasks_allowances.py) and kept in the file storage under a name
that changes with every approval, so a reopened and re-approved month never
serves an outdated file."""

from __future__ import annotations

import weasyprint
from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation

from programs.documents_allowances import PayrollDocument, payroll_document
from programs.models import AllowanceMonth
from units.pdf import polish_date

MONTHS_NOMINATIVE = [
    "styczeń", "luty", "marzec", "kwiecień", "maj", "czerwiec",
    "lipiec", "sierpień", "wrzesień", "październik", "listopad", "grudzień",
]  # fmt: skip

KINDS = {"payroll": "lista-wyplat", "refund": "wniosek-refundacja"}
TEMPLATES = {
    "payroll": "programs/allowances/pdf/payroll.html",
    "refund": "programs/allowances/pdf/refund.html",
}


def document_path(allowance_month: AllowanceMonth, kind: str, ext: str) -> str:
    """Where the month's document of `kind` lives in the storage."""
    stamp = (
        allowance_month.approved_at.strftime("%Y%m%d%H%M%S%f")
        if allowance_month.approved_at
        else "draft"
    )
    return (
        f"allowances/{allowance_month.unit_id}/{allowance_month.month:%Y-%m}/"
        f"{KINDS[kind]}-{allowance_month.month:%Y-%m}-{stamp}.{ext}"
    )


def _context(doc: PayrollDocument) -> dict[str, object]:
    approved = timezone.localtime(doc.approved_at).date() if doc.approved_at else None
    return {
        "doc": doc,
        "month_pl": f"{MONTHS_NOMINATIVE[doc.month.month - 1]} {doc.month.year} r.",
        "approved_pl": polish_date(approved) if approved else "—",
        "today_pl": polish_date(timezone.localdate()),
    }


def render_pdf(allowance_month: AllowanceMonth, kind: str) -> bytes:
    doc = payroll_document(allowance_month)
    with translation.override("pl"):
        html = render_to_string(TEMPLATES[kind], _context(doc))
    return weasyprint.HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()
