"""Filters of the public register (the same for the page and its CSV)."""

from __future__ import annotations

import django_filters
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from units.constants import CisStatus, UnitKind
from units.models import Unit, Voivodeship


class RegisterFilter(django_filters.FilterSet):
    """Search, kind, voivodeship, CIS status and open/closed state.

    The queryset must come from `units.register.register_unit_list`, which
    annotates the `cis_status` that the status filter reads.
    """

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
    status = django_filters.ChoiceFilter(
        label=_("CIS status"),
        choices=CisStatus.choices,
        method="filter_status",
        empty_label=_("all"),
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

    def filter_search(
        self, queryset: QuerySet[Unit], name: str, value: str
    ) -> QuerySet[Unit]:
        return queryset.filter(
            Q(name__icontains=value)
            | Q(municipality__icontains=value)
            | Q(founding_body__name__icontains=value)
        )

    def filter_status(
        self, queryset: QuerySet[Unit], name: str, value: str
    ) -> QuerySet[Unit]:
        # Only a centre has a status: "no status" must not list every KIS.
        return queryset.filter(kind=UnitKind.CIS, cis_status=value)

    def filter_state(
        self, queryset: QuerySet[Unit], name: str, value: str
    ) -> QuerySet[Unit]:
        today = timezone.localdate()
        is_open = Q(opened_on__lte=today) & (
            Q(closed_on__isnull=True) | Q(closed_on__gte=today)
        )
        if value == "open":
            return queryset.filter(is_open)
        return queryset.exclude(is_open)


class UwCis01Filter(django_filters.FilterSet):
    """The optional voivodeship of the UW CIS 01 export."""

    voivodeship = django_filters.ModelChoiceFilter(
        label=_("Voivodeship"), queryset=Voivodeship.objects.all()
    )

    class Meta:
        model = Unit
        fields: list[str] = []
