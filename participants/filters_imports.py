import django_filters
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from participants.constants_imports import ImportKind, ImportState
from participants.models_imports import ImportJob


class ImportJobFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Search"),
        method="filter_search",
        widget=django_filters.widgets.forms.TextInput(
            attrs={"type": "search", "placeholder": _("file name")}
        ),
    )
    kind = django_filters.ChoiceFilter(
        label=_("Import"), choices=ImportKind.choices, empty_label=_("all")
    )
    state = django_filters.ChoiceFilter(
        label=_("State"), choices=ImportState.choices, empty_label=_("all")
    )

    class Meta:
        model = ImportJob
        fields: list[str] = []

    def filter_search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(original_name__icontains=value)
