"""Activities, timetables, attendance, the integration allowance and
supported employment (art. 13-17 of the Act)."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from programs.constants import (
    ActivityKind,
    AllowanceMonthState,
    AttendanceStatus,
    SupportedEmploymentForm,
    Weekday,
)


class Activity(models.Model):
    """A reintegration activity of one unit: a workshop, a group, a KIS activity."""

    unit = models.ForeignKey(
        "units.Unit",
        verbose_name=_("unit"),
        on_delete=models.PROTECT,
        related_name="activities",
    )
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=32, choices=ActivityKind)
    is_workshop = models.BooleanField(
        _("workshop"),
        default=False,
        help_text=_(
            "A vocational workshop has its own attendance register and participants "
            "belong to one workshop at a time."
        ),
    )
    description = models.TextField(_("description"), blank=True)
    instructor = models.CharField(_("instructor"), max_length=150, blank=True)
    place = models.CharField(_("place"), max_length=200, blank=True)
    starts_on = models.DateField(_("runs from"))
    ends_on = models.DateField(_("runs until"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ["unit", "name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "name"], name="programs_activity_unit_name_unique"
            ),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")),
                name="programs_activity_dates_order",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("programs:activity_detail", args=[self.pk])


class TimetableSlot(models.Model):
    """A weekly hour block of an activity; sessions are generated from these."""

    activity = models.ForeignKey(
        Activity,
        verbose_name=_("activity"),
        on_delete=models.CASCADE,
        related_name="slots",
    )
    weekday = models.PositiveSmallIntegerField(_("day of the week"), choices=Weekday)
    starts_at = models.TimeField(_("from"))
    ends_at = models.TimeField(_("until"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("timetable slot")
        verbose_name_plural = _("timetable slots")
        ordering = ["activity", "weekday", "starts_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "weekday", "starts_at"],
                name="programs_slot_unique",
            ),
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")),
                name="programs_slot_times_order",
            ),
        ]

    def __str__(self) -> str:
        return (
            f"{self.get_weekday_display()} {self.starts_at:%H:%M}-{self.ends_at:%H:%M}"
        )


class Session(models.Model):
    """One dated meeting of an activity, generated from the timetable or added."""

    activity = models.ForeignKey(
        Activity,
        verbose_name=_("activity"),
        on_delete=models.CASCADE,
        related_name="sessions",
    )
    date = models.DateField(_("date"))
    starts_at = models.TimeField(_("from"))
    ends_at = models.TimeField(_("until"))
    cancelled = models.BooleanField(_("cancelled"), default=False)
    note = models.CharField(_("note"), max_length=300, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ["date", "starts_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "date", "starts_at"],
                name="programs_session_unique",
            ),
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")),
                name="programs_session_times_order",
            ),
        ]
        indexes = [
            models.Index(fields=["activity", "date"], name="programs_session_day_idx")
        ]

    def __str__(self) -> str:
        return f"{self.activity} {self.date:%Y-%m-%d} {self.starts_at:%H:%M}"


class Enrolment(models.Model):
    """A participation's place in an activity for a period."""

    activity = models.ForeignKey(
        Activity,
        verbose_name=_("activity"),
        on_delete=models.PROTECT,
        related_name="enrolments",
    )
    participation = models.ForeignKey(
        "participants.Participation",
        verbose_name=_("participation"),
        on_delete=models.PROTECT,
        related_name="enrolments",
    )
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        ordering = ["activity", "starts_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "participation", "starts_on"],
                name="programs_enrolment_unique",
            ),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")),
                name="programs_enrolment_dates_order",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.participation} → {self.activity}"


class AttendanceEntry(models.Model):
    """One participant's day in the unit's attendance register.

    `version` grows with every change; a save names the version it read, so
    two people editing one month cannot overwrite each other unseen.
    """

    participation = models.ForeignKey(
        "participants.Participation",
        verbose_name=_("participation"),
        on_delete=models.PROTECT,
        related_name="attendance",
    )
    date = models.DateField(_("date"))
    status = models.CharField(_("attendance"), max_length=20, choices=AttendanceStatus)
    note = models.CharField(_("note"), max_length=300, blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)
    updated_at = models.DateTimeField(_("changed at"), default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("changed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("attendance entry")
        verbose_name_plural = _("attendance entries")
        ordering = ["date", "participation"]
        constraints = [
            models.UniqueConstraint(
                fields=["participation", "date"], name="programs_attendance_day_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.participation} {self.date:%Y-%m-%d}: {self.status}"


class BenefitRate(models.Model):
    """The unemployment-benefit amount (first 90 days) in force from a date.

    Announced yearly by the minister and applying from 1 June; the allowance
    is a share of it (art. 15 of the Act). Administrators add new rows.
    """

    valid_from = models.DateField(_("applies from"), unique=True)
    amount = models.DecimalField(_("amount (PLN)"), max_digits=9, decimal_places=2)
    source = models.CharField(
        _("source"),
        max_length=300,
        help_text=_("The announcement (obwieszczenie) that set the amount."),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("unemployment-benefit rate")
        verbose_name_plural = _("unemployment-benefit rates")
        ordering = ["-valid_from"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gt=0), name="programs_benefitrate_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.amount} zł ({self.valid_from:%Y-%m-%d})"


class AllowanceMonth(models.Model):
    """A unit's month of allowances: drafted, reviewed, approved and locked."""

    unit = models.ForeignKey(
        "units.Unit",
        verbose_name=_("unit"),
        on_delete=models.PROTECT,
        related_name="allowance_months",
    )
    month = models.DateField(_("month"), help_text=_("The first day of the month."))
    state = models.CharField(
        _("state"),
        max_length=16,
        choices=AllowanceMonthState,
        default=AllowanceMonthState.DRAFT,
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    reopened_at = models.DateTimeField(_("last reopened at"), null=True, blank=True)
    reopened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("last reopened by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    reopen_reason = models.TextField(_("reason for reopening"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("allowance month")
        verbose_name_plural = _("allowance months")
        ordering = ["unit", "-month"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "month"], name="programs_allowancemonth_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit} {self.month:%Y-%m}"

    def clean(self) -> None:
        # Not a CheckConstraint: on SQLite a date transform in a constraint
        # calls a function only Django's connections define, and a plain
        # sqlite3 copy of the database (scripts/backup.sh) could not write
        # the table. The services always store the first day.
        if self.month and self.month.day != 1:
            raise ValidationError(
                {"month": _("Give the first day of the month.")}, code="not_first_day"
            )

    @property
    def is_locked(self) -> bool:
        return self.state == AllowanceMonthState.APPROVED


class MonthlyAllowance(models.Model):
    """One participant's integration allowance for one month (art. 15, 15a)."""

    allowance_month = models.ForeignKey(
        AllowanceMonth,
        verbose_name=_("allowance month"),
        on_delete=models.PROTECT,
        related_name="allowances",
    )
    participation = models.ForeignKey(
        "participants.Participation",
        verbose_name=_("participation"),
        on_delete=models.PROTECT,
        related_name="allowances",
    )
    benefit_rate = models.DecimalField(
        _("unemployment benefit (PLN)"), max_digits=9, decimal_places=2
    )
    base_amount = models.DecimalField(
        _("allowance before deductions (PLN)"), max_digits=9, decimal_places=2
    )
    deductions = models.DecimalField(
        _("deductions (PLN)"), max_digits=9, decimal_places=2, default=0
    )
    bonus_percent = models.DecimalField(
        # xgettext:no-python-format
        _("motivational bonus (% of the allowance)"),
        max_digits=5,
        decimal_places=2,
        default=0,
    )
    bonus_amount = models.DecimalField(
        _("motivational bonus (PLN)"), max_digits=9, decimal_places=2, default=0
    )
    amount = models.DecimalField(_("allowance (PLN)"), max_digits=9, decimal_places=2)
    contributions = models.JSONField(
        _("contributions"),
        default=dict,
        blank=True,
        help_text=_("Contributions on the allowance by kind, in PLN."),
    )
    breakdown = models.JSONField(
        _("calculation"),
        default=dict,
        blank=True,
        help_text=_("Days by kind and each step of the calculation with its article."),
    )
    flags = models.JSONField(_("points to review"), default=list, blank=True)
    computed_at = models.DateTimeField(_("computed at"), default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("monthly allowance")
        verbose_name_plural = _("monthly allowances")
        ordering = ["allowance_month", "participation"]
        constraints = [
            models.UniqueConstraint(
                fields=["allowance_month", "participation"],
                name="programs_allowance_unique",
            ),
            models.CheckConstraint(
                condition=Q(amount__gte=0), name="programs_allowance_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.participation} {self.allowance_month.month:%Y-%m}: {self.amount}"


class SupportedEmployment(models.Model):
    """Support after the programme: a job, socially useful work, a cooperative."""

    participation = models.ForeignKey(
        "participants.Participation",
        verbose_name=_("participation"),
        on_delete=models.PROTECT,
        related_name="supported_employment",
    )
    form = models.CharField(_("form"), max_length=32, choices=SupportedEmploymentForm)
    employer_name = models.CharField(_("employer"), max_length=300, blank=True)
    employer_nip = models.CharField(_("employer's NIP"), max_length=10, blank=True)
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"), null=True, blank=True)
    support = models.TextField(
        _("support given"),
        blank=True,
        help_text=_("Mentoring, help of the CIS staff, training, equipment."),
    )
    refund_monthly = models.DecimalField(
        _("monthly refund to the employer (PLN)"),
        max_digits=9,
        decimal_places=2,
        null=True,
        blank=True,
    )
    refund_basis = models.CharField(
        _("legal basis of the refund"), max_length=200, blank=True
    )
    created_at = models.DateTimeField(_("recorded at"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("supported employment")
        verbose_name_plural = _("supported employment")
        ordering = ["-starts_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")),
                name="programs_supported_dates_order",
            ),
        ]

    def __str__(self) -> str:
        return (
            f"{self.participation}: {self.get_form_display()}, "
            f"{self.starts_on:%d.%m.%Y}"
        )


class SupportedEmploymentRefund(models.Model):
    """What the county labour office refunded to the employer for one month
    of supported employment (art. 16 of the Act), as the centre learns it:
    the part of the pay and the social-insurance contributions on it. Each
    month is checked against its own share of the benefit, so the falling
    shares of an agreement made before 15 February 2022 are each kept."""

    employment = models.ForeignKey(
        SupportedEmployment,
        verbose_name=_("supported employment"),
        on_delete=models.PROTECT,
        related_name="refunds",
    )
    month = models.PositiveSmallIntegerField(_("month of employment"))
    amount = models.DecimalField(
        _("refunded pay (PLN)"), max_digits=9, decimal_places=2
    )
    contributions = models.DecimalField(
        _("refunded contributions (PLN)"), max_digits=9, decimal_places=2, default=0
    )
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    voided_at = models.DateTimeField(_("voided at"), null=True, blank=True)
    voided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("voided by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    void_reason = models.CharField(_("reason for voiding"), max_length=300, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("refund to the employer")
        verbose_name_plural = _("refunds to the employer")
        ordering = ["employment", "month"]
        constraints = [
            # One entry in force per month; voided ones stay beside it.
            models.UniqueConstraint(
                fields=["employment", "month"],
                condition=Q(voided_at__isnull=True),
                name="programs_refund_month_unique",
            ),
            models.CheckConstraint(
                condition=(Q(voided_at__isnull=True) & Q(void_reason=""))
                | (Q(voided_at__isnull=False) & ~Q(void_reason="")),
                name="programs_refund_void_reason",
            ),
            models.CheckConstraint(
                condition=Q(month__gte=1), name="programs_refund_month_positive"
            ),
            models.CheckConstraint(
                condition=Q(amount__gte=0) & Q(contributions__gte=0),
                name="programs_refund_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.employment}: {self.month}"


class MonthlyProgramme(models.Model):
    """The monthly programme of activities the head of a centre draws up
    (art. 14 ust. 1a of the Act): the month's sessions as they stood when the
    manager adopted it, named by their fingerprint; a later change to the
    sessions shows, and the manager adopts the programme again."""

    unit = models.ForeignKey(
        "units.Unit",
        verbose_name=_("unit"),
        on_delete=models.PROTECT,
        related_name="monthly_programmes",
    )
    month = models.DateField(_("month"), help_text=_("The first day of the month."))
    fingerprint = models.CharField(_("state of the sessions"), max_length=16)
    sessions = models.PositiveIntegerField(_("sessions"), default=0)
    adopted_at = models.DateTimeField(_("adopted at"), default=timezone.now)
    adopted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("adopted by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    note = models.TextField(_("note"), blank=True, max_length=2000)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("monthly programme of activities")
        verbose_name_plural = _("monthly programmes of activities")
        ordering = ["-month", "unit"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "month"], name="programs_monthly_programme_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit} {self.month:%Y-%m}"

    def clean(self) -> None:
        if self.month and self.month.day != 1:
            raise ValidationError(
                {"month": _("A month is given by its first day.")}, code="not_first"
            )
