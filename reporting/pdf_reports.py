"""The printable unit annual report, rendered with WeasyPrint from the
submitted snapshot (so the PDF shows exactly what was submitted). It is
written in Polish whatever language the user reads, as a document sent to
the voivode."""

from __future__ import annotations

import weasyprint
from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation

from reporting.models import UnitAnnualReport
from reporting.unit_report import frozen_report
from units.pdf import polish_date


def report_context(report: UnitAnnualReport) -> dict[str, object]:
    document = frozen_report(report)
    submitted = timezone.localtime(report.submitted_at) if report.submitted_at else None
    return {
        "report": report,
        "document": document,
        "submitted_on": polish_date(submitted.date()) if submitted else "",
        "as_of": timezone.localtime(document.as_of),
    }


def render_report_pdf(report: UnitAnnualReport) -> bytes:
    with translation.override("pl"):
        html = render_to_string(
            "reporting/reports/pdf/report.html", report_context(report)
        )
    return weasyprint.HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()
