"""Background tasks of the units app (run by `manage.py db_worker`)."""

from __future__ import annotations

from django.core.files.base import ContentFile
from django.db import transaction
from django_tasks import task

from units.models import StatusDecision
from units.pdf import render_decision_pdf


@task()
def render_decision_pdf_task(decision_id: int) -> None:
    """Render a decision's PDF once and store it; later downloads reuse it."""
    with transaction.atomic():
        decision = StatusDecision.objects.select_for_update().get(pk=decision_id)
        if decision.pdf:
            return
        content = render_decision_pdf(decision)
        decision.pdf.save(
            f"{decision.number.replace('/', '-')}.pdf", ContentFile(content), save=False
        )
        decision.save(update_fields=["pdf"])


def enqueue_decision_pdf(decision_id: int) -> None:
    render_decision_pdf_task.enqueue(decision_id)
