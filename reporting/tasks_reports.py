"""Background tasks of the unit annual reports (run by `manage.py db_worker`):
the printable report, rendered once per submission and stored."""

from __future__ import annotations

from django.core.files.base import ContentFile
from django.db import transaction
from django_tasks import task

from reporting.constants import ReportState
from reporting.models import UnitAnnualReport
from reporting.pdf_reports import render_report_pdf

PRINTABLE = (ReportState.SUBMITTED, ReportState.RETURNED, ReportState.ACCEPTED)


@task()
def render_report_pdf_task(report_id: int) -> None:
    """Render the submitted report's PDF once and store it on the report."""
    with transaction.atomic():
        report = (
            UnitAnnualReport.objects.select_for_update(of=("self",))
            .select_related("unit")
            .filter(pk=report_id)
            .first()
        )
        if report is None or report.pdf or report.state not in PRINTABLE:
            return
        if not report.snapshot:
            return
        content = render_report_pdf(report)
        stamp = report.submitted_at.strftime("%Y%m%d%H%M%S")
        report.pdf.save(
            f"sprawozdanie-{report.unit_id}-{report.year}-{stamp}.pdf",
            ContentFile(content),
            save=False,
        )
        report.save(update_fields=["pdf"])


def enqueue_report_pdf(report_id: int) -> None:
    render_report_pdf_task.enqueue(report_id)
