"""Report jobs: a user asks for the PDF of a year's statistics (or of a
comparison of years), a job is recorded, and the task worker renders it,
telling its progress as it goes (DESIGN section 6: long jobs run outside the
request)."""

from __future__ import annotations

import logging
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from reporting.constants import JobState, OutputFormat
from reporting.models import ReportJob
from reporting.pdf_statistics import render_comparison_pdf, render_statistics_pdf
from reporting.statistics import StatisticsScope
from reporting.statistics.comparison import year_range
from reporting.statistics.scopes import FIRST_YEAR, job_file_stem, job_scope

logger = logging.getLogger(__name__)

PENDING = (JobState.QUEUED, JobState.RUNNING)


def report_job_request(
    *, actor: Any, scope: StatisticsScope, year: int, to_year: int | None = None
) -> ReportJob:
    """Queue the PDF of `year` in `scope`, or with `to_year` the comparison
    of the years from `year` to `to_year` (the caller has checked that the
    actor sees the scope). A job for the same report still pending is
    returned instead of a second one."""
    if to_year is not None:
        year_range(year, to_year)
    elif not FIRST_YEAR <= year <= timezone.localdate().year:
        raise ValidationError(_("Choose a year from the list."), code="invalid_year")
    with transaction.atomic():
        pending = (
            ReportJob.objects.select_for_update()
            .of_report(scope=scope, year=year, to_year=to_year)
            .filter(format=OutputFormat.PDF, state__in=PENDING)
            .order_by("pk")
            .first()
        )
        if pending is not None:
            return pending
        job = ReportJob(
            scope=scope.kind,
            voivodeship=scope.voivodeship,
            unit=scope.unit,
            year=year,
            to_year=to_year,
            format=OutputFormat.PDF,
            requested_by=actor,
        )
        job.full_clean()
        job.save()
        transaction.on_commit(lambda: render_statistics_pdf_task.enqueue(job.pk))
    return job


def _set_progress(job_id: int, percent: int) -> None:
    # Outside any transaction, so that the page polling the job sees it.
    ReportJob.objects.filter(pk=job_id, state=JobState.RUNNING).update(progress=percent)


@task()
def render_statistics_pdf_task(job_id: int) -> None:
    """Render a queued job's PDF and store it; a failure is kept on the job."""
    with transaction.atomic():
        job = (
            ReportJob.objects.select_for_update(of=("self",))
            .select_related("voivodeship", "unit")
            .filter(pk=job_id, state=JobState.QUEUED)
            .first()
        )
        if job is None:
            return
        job.state = JobState.RUNNING
        job.progress = 5
        job.save(update_fields=["state", "progress"])
    try:
        if job.to_year is not None:
            content = render_comparison_pdf(
                scope=job_scope(job),
                first=job.year,
                last=job.to_year,
                progress=lambda percent: _set_progress(job_id, percent),
            )
        else:
            content = render_statistics_pdf(
                scope=job_scope(job),
                year=job.year,
                progress=lambda percent: _set_progress(job_id, percent),
            )
    except Exception as exc:  # any failure is shown on the job
        logger.exception("Report job %s failed", job_id)
        ReportJob.objects.filter(pk=job_id).update(
            state=JobState.FAILED,
            error=(str(exc) or exc.__class__.__name__)[:2000],
            finished_at=timezone.now(),
        )
        return
    with transaction.atomic():
        job = ReportJob.objects.select_for_update().get(pk=job_id)
        job.file.save(
            f"{job_file_stem(job)}-{job.pk}.pdf",
            ContentFile(content),
            save=False,
        )
        job.state = JobState.DONE
        job.progress = 100
        job.finished_at = timezone.now()
        job.save(update_fields=["file", "state", "progress", "finished_at"])
