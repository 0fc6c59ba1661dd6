from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from units.models import FoundingBody, Unit, Voivodeship


@admin.register(Voivodeship)
class VoivodeshipAdmin(admin.ModelAdmin):
    list_display = ("teryt", "name")
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
