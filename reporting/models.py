"""Unit annual reports to the voivode and report jobs rendered by the worker."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from reporting.constants import (
    JobState,
    OutputFormat,
    ReportState,
    ReviewOutcome,
    ScopeKind,
)


def _upload_to_report(report: UnitAnnualReport, filename: str) -> str:
    return f"reports/units/{report.year}/{filename}"


class UnitAnnualReport(models.Model):
    """A unit's report for one year (MRiPS CAS 02 for a CIS, CAS 01 for a KIS).

    `computed` holds the figures taken from the records; `entered` what the
    unit adds (finance by source, staff, volunteers, narrative). Both are
    frozen in `snapshot` on submission, so later edits to the records do
    not change a submitted report.
    """

    unit = models.ForeignKey(
        "units.Unit",
        verbose_name=_("unit"),
        on_delete=models.PROTECT,
        related_name="annual_reports",
    )
    year = models.PositiveSmallIntegerField(_("year"))
    state = models.CharField(
        _("state"), max_length=16, choices=ReportState, default=ReportState.DRAFT
    )
    entered = models.JSONField(_("figures entered by the unit"), default=dict)
    narrative = models.TextField(_("description of the year"), blank=True)
    snapshot = models.JSONField(
        _("submitted report"),
        default=dict,
        blank=True,
        help_text=_("The whole report as submitted; empty while a draft."),
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    pdf = models.FileField(
        _("printable report (PDF)"),
        upload_to=_upload_to_report,
        blank=True,
        max_length=300,
        help_text=_("Rendered from the submitted report by the task worker."),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("unit annual report")
        verbose_name_plural = _("unit annual reports")
        ordering = ["-year", "unit"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "year"], name="reporting_unitreport_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit} {self.year}"

    def get_absolute_url(self) -> str:
        return reverse("reporting:unit_report_detail", args=[self.pk])


class ReportReview(models.Model):
    """One step of a report's review: submission, return with comments, acceptance."""

    report = models.ForeignKey(
        UnitAnnualReport,
        verbose_name=_("report"),
        on_delete=models.PROTECT,
        related_name="reviews",
    )
    outcome = models.CharField(_("step"), max_length=16, choices=ReviewOutcome)
    comments = models.TextField(_("comments"), blank=True)
    at = models.DateTimeField(_("when"), default=timezone.now)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("report review step")
        verbose_name_plural = _("report review steps")
        ordering = ["report", "at", "pk"]

    def __str__(self) -> str:
        return f"{self.report}: {self.get_outcome_display()}"


def _upload_to_job(job: ReportJob, filename: str) -> str:
    return f"reports/{job.year}/{filename}"


class ReportJobQuerySet(models.QuerySet["ReportJob"]):
    def of_report(
        self, *, scope: Any, year: int, to_year: int | None = None
    ) -> ReportJobQuerySet:
        """The jobs of one report: the area of `scope` (a StatisticsScope)
        and the year, or with `to_year` the comparison of the years."""
        return self.filter(
            scope=scope.kind,
            voivodeship=scope.voivodeship,
            unit=scope.unit,
            year=year,
            to_year=to_year,
        )


class ReportJob(models.Model):
    """A statistics report rendered by the task worker (a national PDF, say)."""

    scope = models.CharField(_("scope"), max_length=16, choices=ScopeKind)
    voivodeship = models.ForeignKey(
        "units.Voivodeship",
        verbose_name=_("voivodeship"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    unit = models.ForeignKey(
        "units.Unit",
        verbose_name=_("unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    year = models.PositiveSmallIntegerField(_("year"))
    to_year = models.PositiveSmallIntegerField(
        _("last year compared"),
        null=True,
        blank=True,
        help_text=_(
            "Set for a comparison of years: the years from the year above to this "
            "one. Empty for the statistics of one year."
        ),
    )
    format = models.CharField(
        _("format"), max_length=8, choices=OutputFormat, default=OutputFormat.PDF
    )
    state = models.CharField(
        _("state"), max_length=16, choices=JobState, default=JobState.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    error = models.TextField(_("error"), blank=True)
    file = models.FileField(
        _("file"), upload_to=_upload_to_job, blank=True, max_length=300
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    requested_at = models.DateTimeField(_("requested at"), default=timezone.now)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    objects = ReportJobQuerySet.as_manager()

    class Meta:
        verbose_name = _("report job")
        verbose_name_plural = _("report jobs")
        ordering = ["-requested_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(scope=ScopeKind.NATIONAL, voivodeship__isnull=True)
                    | Q(scope=ScopeKind.VOIVODESHIP, voivodeship__isnull=False)
                    | Q(scope=ScopeKind.UNIT, unit__isnull=False)
                ),
                name="reporting_job_scope_matches",
            ),
            # A comparison covers 2 to 10 consecutive years
            # (reporting.statistics.comparison.MAX_YEARS).
            models.CheckConstraint(
                condition=Q(to_year__isnull=True)
                | Q(to_year__gt=F("year"), to_year__lte=F("year") + 9),
                name="reporting_job_year_range",
            ),
        ]

    def __str__(self) -> str:
        years = f"{self.year}–{self.to_year}" if self.to_year else str(self.year)
        return f"{self.get_scope_display()} {years} ({self.format})"

    @property
    def is_comparison(self) -> bool:
        return self.to_year is not None


class ReminderKind(models.TextChoices):
    BEFORE_DEADLINE = "before_deadline", _("reminder before the deadline")
    OVERDUE = "overdue", _("notice of reports not submitted by the deadline")


class ReportReminder(models.Model):
    """One reminder e-mail about the annual reports, so that a command run
    twice on one day sends nothing twice (send_report_reminders)."""

    kind = models.CharField(_("kind"), max_length=16, choices=ReminderKind)
    year = models.PositiveSmallIntegerField(_("report year"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    sent_on = models.DateField(_("sent on"))
    units = models.JSONField(
        _("units named"),
        default=list,
        blank=True,
        help_text=_("The units the message was about (their ids)."),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("annual-report reminder")
        verbose_name_plural = _("annual-report reminders")
        ordering = ["-sent_on", "kind", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "year", "user", "sent_on"],
                name="reporting_reminder_once_a_day",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.year} ({self.sent_on:%Y-%m-%d})"
