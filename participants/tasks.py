"""Background tasks of the participants app (run by `manage.py db_worker`):
the printable programme and the certificate, rendered once and stored."""

from __future__ import annotations

from django.core.files.base import ContentFile
from django.db import transaction
from django_tasks import task

from participants.models import (
    DataExport,
    IndividualProgramme,
    Participant,
    Participation,
)
from participants.pdf import render_certificate_pdf, render_programme_pdf
from participants.pdf_privacy import render_data_export_pdf


@task()
def render_programme_pdf_task(programme_id: int) -> None:
    with transaction.atomic():
        programme = (
            IndividualProgramme.objects.select_for_update()
            .filter(pk=programme_id)
            .first()
        )
        if programme is None or programme.pdf:
            return
        content = render_programme_pdf(programme)
        programme.pdf.save(
            f"program-{programme.participation_id}-v{programme.version}.pdf",
            ContentFile(content),
            save=False,
        )
        programme.save(update_fields=["pdf"])


@task()
def render_certificate_pdf_task(participation_id: int) -> None:
    with transaction.atomic():
        participation = (
            Participation.objects.select_for_update(of=("self",))
            .filter(pk=participation_id)
            .first()
        )
        if participation is None or participation.certificate_pdf:
            return
        content = render_certificate_pdf(participation)
        participation.certificate_pdf.save(
            f"zaswiadczenie-{participation.pk}.pdf", ContentFile(content), save=False
        )
        participation.save(update_fields=["certificate_pdf"])


def enqueue_programme_pdf(programme_id: int) -> None:
    render_programme_pdf_task.enqueue(programme_id)


def enqueue_certificate_pdf(participation_id: int) -> None:
    render_certificate_pdf_task.enqueue(participation_id)


@task()
def render_data_export_pdf_task(export_id: int) -> None:
    """Render an export of everything held about a person (GDPR art. 15) once."""
    with transaction.atomic():
        participant_id = (
            DataExport.objects.filter(pk=export_id)
            .values_list("participant_id", flat=True)
            .first()
        )
        # The person's row first, as anonymisation locks it: an anonymisation
        # either waits for this PDF and erases it, or has already deleted the
        # export. Without it a PDF stored meanwhile would outlive the erasure.
        participant = (
            Participant.objects.select_for_update()
            .filter(pk=participant_id, anonymised_at__isnull=True)
            .first()
        )
        export = (
            DataExport.objects.select_for_update(of=("self",))
            .select_related("participant__unit__founding_body", "requested_by")
            .filter(pk=export_id)
            .first()
        )
        if participant is None or export is None or export.pdf:
            return
        content = render_data_export_pdf(export)
        export.pdf.save(
            f"dane-uczestnika-{export.participant_id}-{export.pk}.pdf",
            ContentFile(content),
            save=False,
        )
        export.save(update_fields=["pdf"])


def enqueue_data_export_pdf(export_id: int) -> None:
    render_data_export_pdf_task.enqueue(export_id)
