from django.contrib import admin
from django.http import HttpRequest
from simple_history.admin import SimpleHistoryAdmin

from units.constants import ApplicationState
from units.models import (
    ApplicationDocument,
    DecisionCounter,
    FoundingBody,
    Inspection,
    KisNotification,
    LegalRule,
    Recommendation,
    StatusApplication,
    StatusDecision,
    SubsidyReturn,
    SubsidyReturnLine,
    SupplementRequest,
    Unit,
    Voivodeship,
)


@admin.register(Voivodeship)
class VoivodeshipAdmin(admin.ModelAdmin):
    list_display = ("teryt", "name", "office_name", "decision_number_format")
    search_fields = ("name", "teryt")
    ordering = ("teryt",)


@admin.register(FoundingBody)
class FoundingBodyAdmin(SimpleHistoryAdmin):
    list_display = ("name", "founder_type", "founder_group_label", "nip", "voivodeship")
    list_filter = ("founder_type", "voivodeship")
    search_fields = ("name", "nip", "regon", "krs")
    list_select_related = ("voivodeship",)
    autocomplete_fields = ("voivodeship",)

    @admin.display(
        description=FoundingBody._meta.get_field("founder_type").verbose_name
    )
    def founder_group_label(self, obj: FoundingBody) -> str:
        return obj.get_founder_group_display()


@admin.register(Unit)
class UnitAdmin(SimpleHistoryAdmin):
    list_display = (
        "name",
        "kind",
        "voivodeship",
        "founding_body",
        "municipality",
        "opened_on",
        "closed_on",
    )
    list_filter = ("kind", "voivodeship", "founding_body__founder_type")
    search_fields = ("name", "registry_id", "municipality", "founding_body__name")
    list_select_related = ("voivodeship", "founding_body")
    autocomplete_fields = ("voivodeship", "founding_body")
    date_hierarchy = "opened_on"


@admin.register(LegalRule)
class LegalRuleAdmin(SimpleHistoryAdmin):
    list_display = ("code", "valid_from", "value", "article")
    list_filter = ("code",)
    search_fields = ("code", "article", "note")


class ApplicationDocumentInline(admin.TabularInline):
    model = ApplicationDocument
    extra = 0


class SupplementRequestInline(admin.TabularInline):
    model = SupplementRequest
    extra = 0
    autocomplete_fields = ("requested_by",)


@admin.register(StatusApplication)
class StatusApplicationAdmin(SimpleHistoryAdmin):
    list_display = (
        "proposed_name",
        "kind",
        "voivodeship",
        "founding_body",
        "received_on",
        "state",
        "decision_due_on",
    )
    list_filter = ("state", "kind", "voivodeship")
    search_fields = ("proposed_name", "case_number", "founding_body__name")
    list_select_related = ("voivodeship", "founding_body")
    autocomplete_fields = ("voivodeship", "founding_body", "unit", "handled_by")
    readonly_fields = ("state", "complete_on", "decision_due_on")
    date_hierarchy = "received_on"
    inlines = (ApplicationDocumentInline, SupplementRequestInline)

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        # An application is a case file: it is decided or withdrawn, never erased.
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        # Decided, it stays as the decision found it (as on the official's
        # pages); it can still be viewed.
        if obj is not None and getattr(obj, "state", None) == ApplicationState.DECIDED:
            return False
        return super().has_change_permission(request, obj)


@admin.register(StatusDecision)
class StatusDecisionAdmin(SimpleHistoryAdmin):
    list_display = ("number", "kind", "voivodeship", "unit", "issued_on", "valid_until")
    list_filter = ("kind", "voivodeship", "year")
    search_fields = ("number", "unit__name")
    list_select_related = ("voivodeship", "unit")
    date_hierarchy = "issued_on"
    # Decisions are administrative acts: issued through the officials' pages,
    # never edited or deleted here.
    readonly_fields = [f.name for f in StatusDecision._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


class SubsidyReturnLineInline(admin.TabularInline):
    model = SubsidyReturnLine
    extra = 0
    can_delete = False
    readonly_fields = ("position", "grantor", "grantor_kind", "granted", "to_return")

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(SubsidyReturn)
class SubsidyReturnAdmin(SimpleHistoryAdmin):
    """Recorded by the officials on the decision's page (art. 6 ust. 3)."""

    list_display = ("decision", "unused_amount", "established_on", "recorded_by")
    search_fields = ("decision__number", "decision__unit__name")
    list_select_related = ("decision", "recorded_by")
    readonly_fields = [f.name for f in SubsidyReturn._meta.fields]
    inlines = [SubsidyReturnLineInline]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(DecisionCounter)
class DecisionCounterAdmin(admin.ModelAdmin):
    list_display = ("voivodeship", "year", "last")
    list_filter = ("voivodeship",)
    readonly_fields = ("voivodeship", "year", "last")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


class RecommendationInline(admin.TabularInline):
    model = Recommendation
    extra = 0
    can_delete = False
    # Kind, dates and fulfilment go through the officials' pages, where the
    # statutory minimum deadlines are checked; only wording can be corrected.
    readonly_fields = (
        "kind",
        "delivered_on",
        "deadline",
        "met_on",
        "issued_by",
        "created_at",
    )

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(Inspection)
class InspectionAdmin(SimpleHistoryAdmin):
    list_display = ("unit", "voivodeship", "started_on", "ended_on", "created_by")
    list_filter = ("voivodeship",)
    search_fields = ("unit__name", "scope", "findings")
    list_select_related = ("unit", "voivodeship", "created_by")
    readonly_fields = ("unit", "voivodeship", "created_by", "created_at")
    date_hierarchy = "started_on"
    inlines = (RecommendationInline,)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(Recommendation)
class RecommendationAdmin(SimpleHistoryAdmin):
    list_display = (
        "inspection",
        "kind",
        "delivered_on",
        "deadline",
        "met_on",
    )
    list_filter = ("kind", "inspection__voivodeship")
    search_fields = ("inspection__unit__name", "text", "note")
    list_select_related = ("inspection__unit",)
    readonly_fields = (*RecommendationInline.readonly_fields, "inspection")
    date_hierarchy = "deadline"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(KisNotification)
class KisNotificationAdmin(SimpleHistoryAdmin):
    """Read-mostly: notifications are registered and entered by officials
    through the services, which keep the deadlines and the register right."""

    list_display = (
        "club_name",
        "kind",
        "state",
        "voivodeship",
        "received_on",
        "register_due_on",
        "entered_on",
        "late",
    )
    list_filter = ("kind", "state", "voivodeship")
    search_fields = ("club_name", "founding_body__name", "municipality")
    list_select_related = ("voivodeship", "founding_body", "unit")
    readonly_fields = (
        "kind",
        "voivodeship",
        "founding_body",
        "unit",
        "state",
        "register_due_on",
        "entered_on",
        "late",
        "found_by_voivode",
        "finding",
        "handled_by",
        "created_at",
    )
    date_hierarchy = "received_on"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
