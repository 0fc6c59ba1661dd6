"""Administration of activities, sessions, enrolments, the attendance
register and supported employment. Activities and sessions are the unit's
organisation; enrolments, attendance and supported employment name people,
so they are read-only here and every record opened is written to the access
log (participants.admin.ReadOnlyAdmin)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from participants.admin import ReadOnlyAdmin
from participants.models import Participant
from programs.models import (
    Activity,
    AttendanceEntry,
    Enrolment,
    MonthlyProgramme,
    Session,
    SupportedEmployment,
    SupportedEmploymentRefund,
    TimetableSlot,
)


class TimetableSlotInline(admin.TabularInline):
    model = TimetableSlot
    extra = 0


@admin.register(Activity)
class ActivityAdmin(SimpleHistoryAdmin):
    list_display = ("name", "unit", "kind", "is_workshop", "starts_on", "ends_on")
    list_filter = ("kind", "is_workshop")
    search_fields = ("name", "unit__name", "instructor")
    list_select_related = ("unit",)
    inlines = [TimetableSlotInline]


@admin.register(Session)
class SessionAdmin(SimpleHistoryAdmin):
    list_display = ("activity", "date", "starts_at", "ends_at", "cancelled")
    list_filter = ("cancelled",)
    search_fields = ("activity__name", "activity__unit__name")
    list_select_related = ("activity",)
    date_hierarchy = "date"


@admin.register(MonthlyProgramme)
class MonthlyProgrammeAdmin(SimpleHistoryAdmin):
    """Adopted by the unit's manager on the unit's page; shown here with its
    history, not edited."""

    list_display = ("unit", "month", "sessions", "adopted_at", "adopted_by")
    list_filter = ("month",)
    search_fields = ("unit__name",)
    list_select_related = ("unit", "adopted_by")
    readonly_fields = (
        "unit",
        "month",
        "fingerprint",
        "sessions",
        "adopted_at",
        "adopted_by",
        "note",
    )

    def has_add_permission(self, request: Any) -> bool:
        return False

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return False


@admin.register(Enrolment)
class EnrolmentAdmin(ReadOnlyAdmin):
    list_display = ("participation", "activity", "starts_on", "ends_on")
    list_select_related = ("participation__participant__unit", "activity")

    def participant_of(self, obj: Any) -> Participant:
        return obj.participation.participant


@admin.register(AttendanceEntry)
class AttendanceEntryAdmin(ReadOnlyAdmin):
    list_display = ("participation", "date", "status", "version", "updated_by")
    list_filter = ("status",)
    list_select_related = ("participation__participant__unit", "updated_by")
    date_hierarchy = "date"

    def participant_of(self, obj: Any) -> Participant:
        return obj.participation.participant


@admin.register(SupportedEmployment)
class SupportedEmploymentAdmin(ReadOnlyAdmin):
    list_display = ("participation", "form", "employer_name", "starts_on", "ends_on")
    list_filter = ("form",)
    list_select_related = ("participation__participant__unit",)

    def participant_of(self, obj: Any) -> Participant:
        return obj.participation.participant


@admin.register(SupportedEmploymentRefund)
class SupportedEmploymentRefundAdmin(ReadOnlyAdmin):
    list_display = ("employment", "month", "amount", "contributions", "voided_at")
    list_select_related = ("employment__participation__participant__unit",)

    def participant_of(self, obj: Any) -> Participant:
        return obj.employment.participation.participant
