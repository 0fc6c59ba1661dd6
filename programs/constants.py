"""Enumerations of the programs app."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class ActivityKind(models.TextChoices):
    """What an activity is: CIS reintegration (art. 13) or a KIS activity (art. 18)."""

    SOCIAL = "social", _("social reintegration")
    VOCATIONAL = "vocational", _("vocational reintegration (workshop)")
    SUPPORTED_EMPLOYMENT = "supported_employment", _("supported employment")
    JOB_SEARCH = "job_search", _("help in finding a job")
    PUBLIC_WORKS = "public_works", _("public works")
    SOCIALLY_USEFUL_WORK = "socially_useful_work", _("socially useful work")
    LEGAL_ADVICE = "legal_advice", _("legal advice")
    INTERNSHIP = "internship", _("internship")
    SELF_HELP = "self_help", _("self-help group")
    OTHER = "other", _("other activity")


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("Monday")
    TUESDAY = 1, _("Tuesday")
    WEDNESDAY = 2, _("Wednesday")
    THURSDAY = 3, _("Thursday")
    FRIDAY = 4, _("Friday")
    SATURDAY = 5, _("Saturday")
    SUNDAY = 6, _("Sunday")


class AttendanceStatus(models.TextChoices):
    """One participant's day in the attendance register."""

    PRESENT = "present", _("present")
    SICK_CERTIFIED = "sick_certified", _("sick leave with a medical certificate")
    SICK_UNCERTIFIED = "sick_uncertified", _("sick leave without a certificate")
    EXCUSED = "excused", _("other excused absence")
    UNEXCUSED = "unexcused", _("unexcused absence")
    DAY_OFF = "day_off", _("day off")


class AllowanceMonthState(models.TextChoices):
    DRAFT = "draft", _("draft")
    APPROVED = "approved", _("approved")


class SupportedEmploymentForm(models.TextChoices):
    """Forms of support after the programme (art. 15b-17 of the Act)."""

    EMPLOYER = "employer", _("employment with an employer")
    SOCIALLY_USEFUL_WORK = "socially_useful_work", _("socially useful work")
    SOCIAL_COOPERATIVE = "social_cooperative", _("social cooperative")
    OWN_BUSINESS = "own_business", _("own business")
