"""Enumerations of the register of social integration clubs (art. 18a of the
Act, since 15 February 2022)."""

import datetime

from django.db import models
from django.utils.translation import gettext_lazy as _

# The 2022 amendment that brought the notification and the register of KIS.
KIS_REGISTER_SINCE = datetime.date(2022, 2, 15)


class KisActivity(models.TextChoices):
    """What a club does for its participants (art. 18 ust. 2 of the Act)."""

    JOB_SEARCH = "job_search", _("help in finding a job")
    PUBLIC_WORKS = "public_works", _("public works")
    SOCIALLY_USEFUL_WORK = "socially_useful_work", _("socially useful work")
    LEGAL_ADVICE = "legal_advice", _("legal advice")
    INTERNSHIPS = "internships", _("internships and vocational training")
    SELF_HELP_GROUPS = "self_help_groups", _("self-help groups")
    OTHER = "other", _("other activities")


class KisNotificationKind(models.TextChoices):
    FOUNDING = "founding", _("founding of a club")
    CLOSURE = "closure", _("closure of a club")


class KisNotificationState(models.TextChoices):
    RECEIVED = "received", _("received")
    INCOMPLETE = "incomplete", _("called to complete")
    ENTERED = "entered", _("entered in the register")
    RECORDED = "recorded", _("closure recorded")


# States in which the voivode still has to enter the club (the clock runs in
# `received` only; a call to complete suspends it).
KIS_PENDING_STATES = (KisNotificationState.RECEIVED, KisNotificationState.INCOMPLETE)
