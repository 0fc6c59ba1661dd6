"""Background tasks of the allowances (run by `manage.py db_worker`): the
payroll list and the refund request of an approved month as PDF, rendered
once per approval and stored."""

from __future__ import annotations

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django_tasks import task

from programs.constants import AllowanceMonthState
from programs.models import AllowanceMonth
from programs.pdf_allowances import document_path, render_pdf


@task()
def render_allowance_pdf_task(allowance_month_id: int, kind: str) -> None:
    with transaction.atomic():
        month = (
            AllowanceMonth.objects.select_for_update(of=("self",))
            .select_related("unit", "approved_by")
            .filter(pk=allowance_month_id, state=AllowanceMonthState.APPROVED)
            .first()
        )
        if month is None:
            return
        path = document_path(month, kind, "pdf")
        if default_storage.exists(path):
            return
        default_storage.save(path, ContentFile(render_pdf(month, kind)))


def enqueue_allowance_pdf(allowance_month_id: int, kind: str) -> None:
    render_allowance_pdf_task.enqueue(allowance_month_id, kind)
