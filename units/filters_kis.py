import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from units.constants_kis import KisNotificationKind, KisNotificationState
from units.due import DUE_CHOICES, filter_due
from units.models import KisNotification


class KisNotificationFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Search"),
        method="filter_search",
        widget=django_filters.widgets.forms.TextInput(
            attrs={"type": "search", "placeholder": _("club, founder, municipality")}
        ),
    )
    kind = django_filters.ChoiceFilter(
        label=_("Notification"),
        choices=KisNotificationKind.choices,
        empty_label=_("all"),
    )
    state = django_filters.ChoiceFilter(
        label=_("State"), choices=KisNotificationState.choices, empty_label=_("all")
    )
    due = django_filters.ChoiceFilter(
        label=_("Deadline"),
        choices=DUE_CHOICES,
        method="filter_due",
        empty_label=_("all"),
    )

    class Meta:
        model = KisNotification
        fields: list[str] = []

    def filter_search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(
            Q(club_name__icontains=value)
            | Q(founding_body__name__icontains=value)
            | Q(municipality__icontains=value)
        )

    def filter_due(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        waiting = queryset.filter(state=KisNotificationState.RECEIVED)
        return filter_due(waiting, value, field="register_due_on")
