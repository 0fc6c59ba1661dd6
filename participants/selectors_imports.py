"""Reads of the upload pages of the imports: a job is its uploader's only."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from participants.models_imports import ImportJob


def import_job_list_for_user(*, user: Any) -> QuerySet[ImportJob]:
    """The import files `user` uploaded (everyone else's answer 404)."""
    if not getattr(user, "is_authenticated", False):
        return ImportJob.objects.none()
    return ImportJob.objects.filter(uploaded_by=user).defer(
        "errors", "preview", "summary"
    )


def import_job_detail_for_user(*, user: Any) -> QuerySet[ImportJob]:
    """As `import_job_list_for_user`, with the results of the check."""
    if not getattr(user, "is_authenticated", False):
        return ImportJob.objects.none()
    return ImportJob.objects.filter(uploaded_by=user).select_related("voivodeship")
