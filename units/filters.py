"""Filters of the unit lists: the public register's, and the one of logged-in
users, which adds founder and municipality filters and offers only the
voivodeships in the user's scope."""

from __future__ import annotations

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
from units.models import Unit, Voivodeship, open_on_q


class RegisterFilter(django_filters.FilterSet):
    """Search, kind, voivodeship, CIS status and open/closed state.

    The queryset must be annotated with `cis_status` (`Unit.objects
    .with_status()` or `units.register.register_unit_list`).
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

    def search_q(self, value: str) -> Q:
        return (
            Q(name__icontains=value)
            | Q(municipality__icontains=value)
            | Q(founding_body__name__icontains=value)
        )

    def filter_search(
        self, queryset: QuerySet[Unit], name: str, value: str
    ) -> QuerySet[Unit]:
        return queryset.filter(self.search_q(value))

    def filter_status(
        self, queryset: QuerySet[Unit], name: str, value: str
    ) -> QuerySet[Unit]:
        # Only a centre has a status: "no status" must not list every KIS.
        return queryset.filter(kind=UnitKind.CIS, cis_status=value)

    def filter_state(
        self, queryset: QuerySet[Unit], name: str, value: str
    ) -> QuerySet[Unit]:
        is_open = open_on_q(timezone.localdate())
        if value == "open":
            return queryset.filter(is_open)
        return queryset.exclude(is_open)


class ScopedVoivodeshipMixin:
    """Offer in the `voivodeship` filter only the voivodeships the user's
    units are in (all of them for national scope)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        user = getattr(self.request, "user", None)
        if scope_for(user).level is not Level.NATIONAL:
            self.filters["voivodeship"].queryset = Voivodeship.objects.filter(
                pk__in=Unit.objects.visible_to(user).values("voivodeship")
            )


class UnitFilter(ScopedVoivodeshipMixin, RegisterFilter):
    """The register's filters, plus founder group and type and municipality;
    the search also finds a register identifier."""

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
    municipality = django_filters.CharFilter(
        label=_("Municipality"), lookup_expr="icontains"
    )

    def search_q(self, value: str) -> Q:
        return super().search_q(value) | Q(registry_id__iexact=value)

    def filter_group(
        self, queryset: QuerySet[Unit], name: str, value: str
    ) -> QuerySet[Unit]:
        local = Q(founding_body__founder_type__in=LOCAL_GOVERNMENT_TYPES)
        if value == FounderGroup.LOCAL_GOVERNMENT:
            return queryset.filter(local)
        return queryset.exclude(local)
