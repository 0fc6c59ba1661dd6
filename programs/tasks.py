"""Background tasks of the activities (run by `manage.py db_worker`): the
signed attendance list of a month and the monthly programme of activities,
each rendered once for each state and kept under a name that says which."""

from __future__ import annotations

import datetime

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django_tasks import task

from programs.models import Activity
from programs.pdf import attendance_pdf_name, render_attendance_pdf
from programs.pdf_programme import programme_pdf_name, render_programme_pdf
from programs.selectors import build_attendance_grid
from programs.selectors_programme import build_monthly_programme
from units.models import Unit


@task()
def render_attendance_pdf_task(
    unit_id: int, month: str, activity_id: int | None = None
) -> str:
    """Render the list of the register as it is now; returns its file name."""
    unit = Unit.objects.filter(pk=unit_id).first()
    if unit is None:
        return ""
    activity = (
        Activity.objects.filter(pk=activity_id, unit=unit).first()
        if activity_id
        else None
    )
    grid = build_attendance_grid(
        unit=unit, month=datetime.date.fromisoformat(month), activity=activity
    )
    name = attendance_pdf_name(grid)
    if not default_storage.exists(name):
        default_storage.save(name, ContentFile(render_attendance_pdf(grid)))
    return name


def enqueue_attendance_pdf(
    *, unit_id: int, month: datetime.date, activity_id: int | None
) -> None:
    render_attendance_pdf_task.enqueue(unit_id, month.isoformat(), activity_id)


@task()
def render_programme_pdf_task(unit_id: int, month: str) -> str:
    """Render the month's programme as it is now; returns its file name."""
    unit = Unit.objects.filter(pk=unit_id).first()
    if unit is None:
        return ""
    programme = build_monthly_programme(
        unit=unit, month=datetime.date.fromisoformat(month)
    )
    name = programme_pdf_name(programme)
    if not default_storage.exists(name):
        default_storage.save(name, ContentFile(render_programme_pdf(programme)))
    return name


def enqueue_programme_pdf(*, unit_id: int, month: datetime.date) -> None:
    render_programme_pdf_task.enqueue(unit_id, month.isoformat())
