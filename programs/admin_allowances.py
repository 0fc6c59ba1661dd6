"""Django admin of the allowances: benefit rates are entered here (with
history); allowance months and monthly allowances are read-only, as they are
written only by the services (programs/services/allowances.py)."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from programs.models import AllowanceMonth, BenefitRate, MonthlyAllowance


@admin.register(BenefitRate)
class BenefitRateAdmin(SimpleHistoryAdmin):
    list_display = ("valid_from", "amount", "source")
    search_fields = ("source",)
    date_hierarchy = "valid_from"


class ReadOnlyAdmin(SimpleHistoryAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AllowanceMonth)
class AllowanceMonthAdmin(ReadOnlyAdmin):
    list_display = ("unit", "month", "state", "approved_at", "approved_by")
    list_filter = ("state",)
    list_select_related = ("unit", "approved_by")
    search_fields = ("unit__name",)
    date_hierarchy = "month"


@admin.register(MonthlyAllowance)
class MonthlyAllowanceAdmin(ReadOnlyAdmin):
    list_display = ("allowance_month", "participation", "amount", "computed_at")
    list_select_related = (
        "allowance_month__unit",
        "participation__participant",
        "participation__unit",
    )
    search_fields = ("allowance_month__unit__name",)
