"""An upload of an import file (DESIGN section 5 and 6): the file, kept
privately under a random name, its check in the background, the preview of
its rows and errors, and the import once its uploader confirms it.

One model serves both imports: the register of units (`import_units`, for
voivodeship officials and administrators) and participants
(`import_participants`, for the managers of the units); participants depend
on units, so this app may use both."""

from __future__ import annotations

import pathlib
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from participants.constants_imports import RUNNING_STATES, ImportKind, ImportState


def _upload_to_import(instance: ImportJob, filename: str) -> str:
    """A random name: the uploaded one may name people, and is not trusted."""
    suffix = pathlib.PurePath(filename).suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        suffix = ""
    return f"imports/{instance.kind}/{uuid.uuid4().hex}{suffix}"


class ImportJob(models.Model):
    """One uploaded file of an import, from its check to its import."""

    kind = models.CharField(_("import"), max_length=16, choices=ImportKind)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    voivodeship = models.ForeignKey(
        "units.Voivodeship",
        verbose_name=_("voivodeship"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("An official's upload: the only voivodeship its rows may name."),
    )
    unit_ids = models.JSONField(
        _("units"),
        default=list,
        blank=True,
        help_text=_("A manager's upload: the only units its rows may name."),
    )
    administration = models.BooleanField(
        _("uploaded in the administration site"),
        default=False,
        help_text=_("An administrator's upload: any unit, written by the system."),
    )
    language = models.CharField(_("language"), max_length=10, default="pl")
    original_name = models.CharField(_("file name"), max_length=255)
    file = models.FileField(_("file"), upload_to=_upload_to_import, max_length=300)
    size = models.PositiveIntegerField(_("size in bytes"), default=0)
    sha256 = models.CharField(_("SHA-256 of the file"), max_length=64)
    state = models.CharField(
        _("state"), max_length=16, choices=ImportState, default=ImportState.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    message = models.TextField(_("message"), blank=True)
    summary = models.JSONField(_("summary"), default=dict, blank=True)
    errors = models.JSONField(_("rows with errors"), default=list, blank=True)
    preview = models.JSONField(_("first rows"), default=list, blank=True)
    created_at = models.DateTimeField(_("uploaded at"), default=timezone.now)
    checked_at = models.DateTimeField(_("checked at"), null=True, blank=True)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("imported at"), null=True, blank=True)

    class Meta:
        verbose_name = _("import file")
        verbose_name_plural = _("import files")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(
                fields=["uploaded_by", "-created_at"],
                name="participants_import_user_idx",
            ),
            models.Index(fields=["created_at"], name="participants_import_age_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(progress__lte=100), name="participants_import_progress"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.original_name}"

    def get_absolute_url(self) -> str:
        return reverse("participants:import_detail", kwargs={"pk": self.pk})

    @property
    def running(self) -> bool:
        return self.state in RUNNING_STATES

    @property
    def error_lines(self) -> int:
        return len({error["line"] for error in self.errors})
