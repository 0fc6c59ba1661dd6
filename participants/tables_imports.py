"""The table of a user's import files."""

from __future__ import annotations

import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from participants.models_imports import ImportJob


class ImportJobTable(tables.Table):
    created_at = tables.DateTimeColumn(
        verbose_name=_("Uploaded at"),
        format="d.m.Y H:i",
        order_by=("created_at", "pk"),
        linkify=True,
    )
    kind = tables.Column(verbose_name=_("Import"))
    original_name = tables.Column(verbose_name=_("File"))
    state = tables.Column(verbose_name=_("State"))
    progress = tables.Column(verbose_name=_("Progress (%)"))
    finished_at = tables.DateTimeColumn(
        verbose_name=_("Imported at"), format="d.m.Y H:i", default="—"
    )

    class Meta:
        model = ImportJob
        fields = (
            "created_at",
            "kind",
            "original_name",
            "state",
            "progress",
            "finished_at",
        )
        order_by = ("-created_at",)
        empty_text = _("No file has been uploaded yet.")
