"""Administration of participants' data.

The grounds of exclusion are reference data that administrators keep up to
date with the Act. Participants' records are read-only here (they change
through the unit's pages and services), and every record an administrator
opens is written to the access log, as in the unit's pages."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest, HttpResponse
from simple_history.admin import SimpleHistoryAdmin

from participants.constants import AccessAction
from participants.models import (
    AccessLog,
    ExclusionGround,
    FollowUp,
    IndividualProgramme,
    Participant,
    Participation,
    ParticipationGround,
    Provision,
    Referral,
)
from participants.services import access_log_record


@admin.register(ExclusionGround)
class ExclusionGroundAdmin(SimpleHistoryAdmin):
    list_display = (
        "code",
        "name_pl",
        "article",
        "special_category",
        "valid_from",
        "valid_until",
        "order",
    )
    list_filter = ("special_category",)
    search_fields = ("code", "name_pl", "name_en", "article")
    ordering = ("order", "code")

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # Participations refer to the grounds; an amendment closes a ground
        # with `valid_until` instead.
        return False


class ReadOnlyAdmin(SimpleHistoryAdmin):
    """Viewing only: writes go through the services of the unit's pages.
    Every record opened is written to the access log."""

    def participant_of(self, obj: Any) -> Participant:
        raise NotImplementedError

    def log_record(
        self, request: HttpRequest, object_id: str, response: HttpResponse, what: str
    ) -> None:
        obj = self.get_object(request, object_id)
        if obj is not None and response.status_code == 200:
            participant = self.participant_of(obj)
            access_log_record(
                user=request.user,
                unit=participant.unit,
                action=AccessAction.VIEW,
                participant=participant,
                what=what,
                request=request,
            )

    def change_view(
        self,
        request: HttpRequest,
        object_id: str,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        response = super().change_view(request, object_id, form_url, extra_context)
        self.log_record(request, object_id, response, "administration site")
        return response

    def history_view(
        self,
        request: HttpRequest,
        object_id: str,
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        response = super().history_view(request, object_id, extra_context)
        self.log_record(request, object_id, response, "administration site, history")
        return response

    def history_form_view(
        self,
        request: HttpRequest,
        object_id: str,
        version_id: str,
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        response = super().history_form_view(
            request, object_id, version_id, extra_context
        )
        self.log_record(
            request, object_id, response, "administration site, earlier version"
        )
        return response

    def changelist_view(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        """The list names people: one entry per unit whose records it shows."""
        response = super().changelist_view(request, extra_context)
        changelist = getattr(response, "context_data", {}).get("cl")
        if changelist is not None:
            shown = {self.participant_of(obj).unit for obj in changelist.result_list}
            for unit in sorted(shown, key=lambda unit: unit.pk):
                access_log_record(
                    user=request.user,
                    unit=unit,
                    action=AccessAction.VIEW,
                    what="administration site, list",
                    request=request,
                )
        return response

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ParticipationInline(admin.TabularInline):
    model = Participation
    fields = ("state", "admitted_on", "trial_ends_on", "exited_on", "exit_reason")
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Participant)
class ParticipantAdmin(ReadOnlyAdmin):
    list_display = ("last_name", "first_name", "pesel", "unit", "anonymised_at")
    list_filter = ("unit__kind", "unit__voivodeship")
    search_fields = ("last_name", "first_name", "pesel", "document_number")
    list_select_related = ("unit",)
    exclude = ("pesel_hash",)
    inlines = (ParticipationInline,)

    def participant_of(self, obj: Participant) -> Participant:
        return obj


class GroundInline(admin.TabularInline):
    model = ParticipationGround
    fields = ("ground", "is_primary", "evidence_kind", "evidence_date")
    readonly_fields = fields
    extra = 0
    can_delete = False


class ProgrammeInline(admin.TabularInline):
    model = IndividualProgramme
    fields = ("version", "change", "starts_on", "ends_on", "signed_on")
    readonly_fields = fields
    extra = 0
    can_delete = False


class FollowUpInline(admin.TabularInline):
    model = FollowUp
    fields = ("months_after", "due_on", "checked_on", "outcome")
    readonly_fields = fields
    extra = 0
    can_delete = False


class ProvisionInline(admin.TabularInline):
    model = Provision
    fields = ("kind", "provided_on", "valid_until", "result", "voided_at")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ReferralInline(admin.StackedInline):
    model = Referral
    extra = 0
    can_delete = False


@admin.register(Participation)
class ParticipationAdmin(ReadOnlyAdmin):
    list_display = ("participant", "unit", "state", "admitted_on", "exited_on")
    list_filter = ("state", "exit_reason", "unit__kind")
    search_fields = ("participant__last_name", "participant__pesel", "ref")
    list_select_related = ("participant__unit", "unit")
    inlines = (
        ReferralInline,
        GroundInline,
        ProgrammeInline,
        FollowUpInline,
        ProvisionInline,
    )

    def participant_of(self, obj: Participation) -> Participant:
        return obj.participant


@admin.register(Provision)
class ProvisionAdmin(ReadOnlyAdmin):
    """What centres provided to participants (art. 14 ust. 2), read only."""

    list_display = (
        "participation",
        "kind",
        "provided_on",
        "valid_until",
        "result",
        "voided_at",
    )
    list_filter = ("kind", "result", "participation__unit")
    search_fields = ("participation__participant__last_name", "participation__ref")
    list_select_related = ("participation__participant__unit", "participation__unit")
    date_hierarchy = "provided_on"

    def participant_of(self, obj: Provision) -> Participant:
        return obj.participation.participant


@admin.register(AccessLog)
class AccessLogAdmin(admin.ModelAdmin):
    list_display = ("at", "user_email", "unit", "participant", "action", "what")
    list_filter = ("action", "unit")
    search_fields = ("user_email", "what")
    list_select_related = ("unit", "participant")
    date_hierarchy = "at"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


# Imports from files in the administration site (units and participations).
from participants import admin_imports  # noqa: E402, F401
