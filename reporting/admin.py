"""Administration of the reporting app: read-only views of the unit annual
reports, their review steps, the report jobs and the reminders sent. Reports
change only through the unit's and the voivode's pages (the services lock
and check every transition); the records hold counts, no personal data."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from simple_history.admin import SimpleHistoryAdmin

from reporting.models import ReportJob, ReportReminder, ReportReview, UnitAnnualReport


class ReadOnlyMixin:
    """Viewing only: no adding, changing or deleting from the admin."""

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ReportReviewInline(ReadOnlyMixin, admin.TabularInline):
    model = ReportReview
    extra = 0
    fields = ("outcome", "comments", "at", "by")
    readonly_fields = fields


@admin.register(UnitAnnualReport)
class UnitAnnualReportAdmin(ReadOnlyMixin, SimpleHistoryAdmin):
    list_display = ("unit", "year", "state", "submitted_at", "reviewed_at")
    list_filter = ("state", "year", "unit__kind", "unit__voivodeship")
    search_fields = ("unit__name", "unit__registry_id")
    list_select_related = ("unit",)
    readonly_fields = (
        "unit",
        "year",
        "state",
        "entered",
        "narrative",
        "snapshot",
        "submitted_at",
        "submitted_by",
        "reviewed_at",
        "reviewed_by",
        "created_at",
        "pdf",
    )
    inlines = (ReportReviewInline,)


@admin.register(ReportReview)
class ReportReviewAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ("report", "outcome", "at", "by")
    list_filter = ("outcome",)
    search_fields = ("report__unit__name", "comments")
    list_select_related = ("report__unit", "by")


@admin.register(ReportJob)
class ReportJobAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = (
        "scope",
        "voivodeship",
        "year",
        "to_year",
        "format",
        "state",
        "requested_at",
    )
    list_filter = ("state", "scope", "format")
    list_select_related = ("voivodeship", "unit", "requested_by")


@admin.register(ReportReminder)
class ReportReminderAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ("kind", "year", "user", "sent_on")
    list_filter = ("kind", "year")
    search_fields = ("user__email",)
    list_select_related = ("user",)
