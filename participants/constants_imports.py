"""Enumerations of the upload pages of the imports (participants/models_imports.py)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportKind(models.TextChoices):
    UNITS = "units", _("register of units")
    PARTICIPANTS = "participants", _("participants")


class ImportState(models.TextChoices):
    QUEUED = "queued", _("waiting to be checked")
    VALIDATING = "validating", _("being checked")
    VALID = "valid", _("checked, ready to import")
    INVALID = "invalid", _("has errors")
    IMPORTING = "importing", _("being imported")
    DONE = "done", _("imported")
    FAILED = "failed", _("not imported")


# The states in which a job's task is still to finish (the page polls).
RUNNING_STATES = (ImportState.QUEUED, ImportState.VALIDATING, ImportState.IMPORTING)
