import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from units.constants import ApplicationKind, ApplicationState
from units.due import DUE_CHOICES, filter_due
from units.models import StatusApplication


class ApplicationFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Search"),
        method="filter_search",
        widget=django_filters.widgets.forms.TextInput(
            attrs={"type": "search", "placeholder": _("centre, founder, case number")}
        ),
    )
    state = django_filters.ChoiceFilter(
        label=_("State"), choices=ApplicationState.choices, empty_label=_("all")
    )
    kind = django_filters.ChoiceFilter(
        label=_("Application"), choices=ApplicationKind.choices, empty_label=_("all")
    )
    due = django_filters.ChoiceFilter(
        label=_("Deadline"),
        choices=DUE_CHOICES,
        method="filter_due",
        empty_label=_("all"),
    )

    class Meta:
        model = StatusApplication
        fields: list[str] = []

    def filter_search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(
            Q(proposed_name__icontains=value)
            | Q(founding_body__name__icontains=value)
            | Q(case_number__icontains=value)
        )

    def filter_due(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        waiting = queryset.filter(state=ApplicationState.COMPLETE)
        return filter_due(waiting, value, field="decision_due_on")
