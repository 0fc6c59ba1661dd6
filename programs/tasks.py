"""Background tasks of the activities (run by `manage.py db_worker`): the
signed attendance list of a month, rendered once for each state of the
register and kept under a name that says which state."""

from __future__ import annotations

import datetime

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django_tasks import task

from programs.models import Activity
from programs.pdf import attendance_pdf_name, render_attendance_pdf
from programs.selectors import build_attendance_grid
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
