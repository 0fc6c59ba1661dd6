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


# The letter staff type for each status in the attendance register (the
# initials of the Polish names: obecny, chorobowe z L4, chorobowe bez
# zaświadczenia, usprawiedliwiona, nieusprawiedliwiona, dzień wolny).
ATTENDANCE_LETTERS = {
    AttendanceStatus.PRESENT: "O",
    AttendanceStatus.SICK_CERTIFIED: "C",
    AttendanceStatus.SICK_UNCERTIFIED: "B",
    AttendanceStatus.EXCUSED: "U",
    AttendanceStatus.UNEXCUSED: "N",
    AttendanceStatus.DAY_OFF: "W",
}
LETTER_STATUSES = {letter: status for status, letter in ATTENDANCE_LETTERS.items()}

# Which kinds of activity each kind of unit runs: a CIS its social and
# vocational reintegration (art. 13-14 of the Act), a KIS the activities of
# art. 18 ust. 2; both may run social reintegration and others.
CIS_ACTIVITY_KINDS = (
    ActivityKind.SOCIAL,
    ActivityKind.VOCATIONAL,
    ActivityKind.SUPPORTED_EMPLOYMENT,
    ActivityKind.OTHER,
)
KIS_ACTIVITY_KINDS = (
    ActivityKind.SOCIAL,
    ActivityKind.JOB_SEARCH,
    ActivityKind.PUBLIC_WORKS,
    ActivityKind.SOCIALLY_USEFUL_WORK,
    ActivityKind.LEGAL_ADVICE,
    ActivityKind.INTERNSHIP,
    ActivityKind.SELF_HELP,
    ActivityKind.OTHER,
)
