"""Filters of the activities' and supported employment's lists."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from participants.selectors import unit_staff_units
from programs.constants import ActivityKind, SupportedEmploymentForm
from programs.models import Activity, SupportedEmployment

YES_NO = (("yes", _("yes")), ("no", _("no")))


def _units(request: Any) -> QuerySet:
    return unit_staff_units(user=getattr(request, "user", None))


class ActivityFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Search"),
        method="filter_search",
        widget=django_filters.widgets.forms.TextInput(
            attrs={"type": "search", "placeholder": _("name, instructor, place")}
        ),
    )
    unit = django_filters.ModelChoiceFilter(
        label=_("Unit"), queryset=_units, empty_label=_("all")
    )
    kind = django_filters.ChoiceFilter(
        label=_("Kind"), choices=ActivityKind.choices, empty_label=_("all")
    )
    workshop = django_filters.ChoiceFilter(
        label=_("Workshop"),
        choices=YES_NO,
        method="filter_workshop",
        empty_label=_("all"),
    )
    active = django_filters.ChoiceFilter(
        label=_("Runs today"),
        choices=YES_NO,
        method="filter_active",
        empty_label=_("all"),
    )

    class Meta:
        model = Activity
        fields: list[str] = []

    def filter_search(
        self, queryset: QuerySet[Activity], name: str, value: str
    ) -> QuerySet[Activity]:
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(name__icontains=value)
            | Q(instructor__icontains=value)
            | Q(place__icontains=value)
        )

    def filter_workshop(
        self, queryset: QuerySet[Activity], name: str, value: str
    ) -> QuerySet[Activity]:
        return queryset.filter(is_workshop=value == "yes")

    def filter_active(
        self, queryset: QuerySet[Activity], name: str, value: str
    ) -> QuerySet[Activity]:
        today = timezone.localdate()
        running = Q(starts_on__lte=today) & (
            Q(ends_on__isnull=True) | Q(ends_on__gte=today)
        )
        return queryset.filter(running) if value == "yes" else queryset.exclude(running)


class SupportedEmploymentFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Search"),
        method="filter_search",
        widget=django_filters.widgets.forms.TextInput(
            attrs={"type": "search", "placeholder": _("name, employer, NIP")}
        ),
    )
    unit = django_filters.ModelChoiceFilter(
        label=_("Unit"),
        queryset=_units,
        field_name="participation__unit",
        empty_label=_("all"),
    )
    form = django_filters.ChoiceFilter(
        label=_("Form"), choices=SupportedEmploymentForm.choices, empty_label=_("all")
    )
    current = django_filters.ChoiceFilter(
        label=_("Lasts today"),
        choices=YES_NO,
        method="filter_current",
        empty_label=_("all"),
    )

    class Meta:
        model = SupportedEmployment
        fields: list[str] = []

    def filter_search(
        self, queryset: QuerySet[SupportedEmployment], name: str, value: str
    ) -> QuerySet[SupportedEmployment]:
        words = Q()
        for word in value.split():
            words &= (
                Q(participation__participant__last_name__icontains=word)
                | Q(participation__participant__first_name__icontains=word)
                | Q(employer_name__icontains=word)
                | Q(employer_nip__icontains=word)
            )
        return queryset.filter(words)

    def filter_current(
        self, queryset: QuerySet[SupportedEmployment], name: str, value: str
    ) -> QuerySet[SupportedEmployment]:
        today = timezone.localdate()
        current = Q(starts_on__lte=today) & (
            Q(ends_on__isnull=True) | Q(ends_on__gte=today)
        )
        return queryset.filter(current) if value == "yes" else queryset.exclude(current)
