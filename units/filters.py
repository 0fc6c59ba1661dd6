from typing import Any

import django_filters
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.access import Level, scope_for
from units.constants import (
    LOCAL_GOVERNMENT_TYPES,
    CisStatus,
    FounderGroup,
    FounderType,
    UnitKind,
)
from units.models import Unit, Voivodeship


class UnitFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Search"),
        method="filter_search",
        widget=django_filters.widgets.forms.TextInput(
            attrs={"type": "search", "placeholder": _("name, municipality, founder")}
        ),
    )
    kind = django_filters.ChoiceFilter(
        label=_("Kind"), choices=UnitKind.choices, empty_label=_("all")
    )
    voivodeship = django_filters.ModelChoiceFilter(
        label=_("Voivodeship"),
        queryset=Voivodeship.objects.all(),
        empty_label=_("all"),
    )
    founder_group = django_filters.ChoiceFilter(
        label=_("Founder group"),
        choices=FounderGroup.choices,
        method="filter_group",
        empty_label=_("all"),
    )
    founder_type = django_filters.ChoiceFilter(
        label=_("Founder type"),
        choices=FounderType.choices,
        field_name="founding_body__founder_type",
        empty_label=_("all"),
    )
    status = django_filters.ChoiceFilter(
        label=_("CIS status"),
        choices=CisStatus.choices,
        method="filter_status",
        empty_label=_("all"),
    )
    municipality = django_filters.CharFilter(
        label=_("Municipality"), lookup_expr="icontains"
    )
    state = django_filters.ChoiceFilter(
        label=_("State"),
        choices=[("open", _("open")), ("closed", _("closed"))],
        method="filter_state",
        empty_label=_("all"),
    )

    class Meta:
        model = Unit
        fields: list[str] = []

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        user = getattr(self.request, "user", None)
        if scope_for(user).level is not Level.NATIONAL:
            # Offer only the voivodeships the user's units are in.
            self.filters["voivodeship"].queryset = Voivodeship.objects.filter(
                pk__in=Unit.objects.visible_to(user).values("voivodeship")
            )

    def filter_search(
        self, queryset: QuerySet[Unit], name: str, value: str
    ) -> QuerySet:
        return queryset.filter(
            Q(name__icontains=value)
            | Q(municipality__icontains=value)
            | Q(founding_body__name__icontains=value)
            | Q(registry_id__iexact=value)
        )

    def filter_group(self, queryset: QuerySet[Unit], name: str, value: str) -> QuerySet:
        local = Q(founding_body__founder_type__in=LOCAL_GOVERNMENT_TYPES)
        if value == FounderGroup.LOCAL_GOVERNMENT:
            return queryset.filter(local)
        return queryset.exclude(local)

    def filter_status(
        self, queryset: QuerySet[Unit], name: str, value: str
    ) -> QuerySet:
        # Only a CIS has a status; the list is annotated with `cis_status`.
        return queryset.filter(kind=UnitKind.CIS, cis_status=value)

    def filter_state(self, queryset: QuerySet[Unit], name: str, value: str) -> QuerySet:
        today = timezone.localdate()
        open_ids = Unit.objects.open_on(today).values("pk")
        if value == "open":
            return queryset.filter(pk__in=open_ids)
        return queryset.exclude(pk__in=open_ids)
