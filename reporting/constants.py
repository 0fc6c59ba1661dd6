"""Enumerations of the reporting app."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class ReportState(models.TextChoices):
    """A unit's annual report on its way to the voivode."""

    DRAFT = "draft", _("draft")
    SUBMITTED = "submitted", _("submitted")
    RETURNED = "returned", _("returned for correction")
    ACCEPTED = "accepted", _("accepted")


class ReviewOutcome(models.TextChoices):
    SUBMITTED = "submitted", _("submitted")
    RETURNED = "returned", _("returned with comments")
    ACCEPTED = "accepted", _("accepted")


class JobState(models.TextChoices):
    QUEUED = "queued", _("queued")
    RUNNING = "running", _("in progress")
    DONE = "done", _("ready")
    FAILED = "failed", _("failed")


class ScopeKind(models.TextChoices):
    NATIONAL = "national", _("whole country")
    VOIVODESHIP = "voivodeship", _("voivodeship")
    UNIT = "unit", _("unit")


class OutputFormat(models.TextChoices):
    PDF = "pdf", "PDF"
    XLSX = "xlsx", "XLSX"
    CSV = "csv", "CSV"
    JSON = "json", "JSON"
