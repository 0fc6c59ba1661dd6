"""Filters of the officials' lists of unit annual reports."""

from __future__ import annotations

import django_filters
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from reporting.constants import ReportState
from reporting.models import UnitAnnualReport
from reporting.selectors_reports import NOT_OPENED, SENT_STATES
from units.constants import UnitKind
from units.models import Unit, Voivodeship

FIRST_YEAR = 2004


def year_choices() -> list[tuple[str, str]]:
    """The years the Act has been in force, newest first."""
    return [
        (str(y), str(y)) for y in range(timezone.localdate().year, FIRST_YEAR - 1, -1)
    ]


def _search_widget(placeholder: str) -> django_filters.widgets.forms.TextInput:
    return django_filters.widgets.forms.TextInput(
        attrs={"type": "search", "placeholder": placeholder}
    )


class ReportFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Search"),
        method="filter_search",
        widget=_search_widget(_("unit, founding body")),
    )
    year = django_filters.ChoiceFilter(
        label=_("Year"), choices=year_choices, empty_label=_("all")
    )
    state = django_filters.ChoiceFilter(
        label=_("State"),
        choices=[(s.value, s.label) for s in SENT_STATES],
        empty_label=_("all"),
    )
    kind = django_filters.ChoiceFilter(
        label=_("Kind"),
        field_name="unit__kind",
        choices=UnitKind.choices,
        empty_label=_("all"),
    )
    voivodeship = django_filters.ModelChoiceFilter(
        label=_("Voivodeship"),
        field_name="unit__voivodeship",
        queryset=Voivodeship.objects.order_by("teryt"),
        empty_label=_("all"),
    )

    class Meta:
        model = UnitAnnualReport
        fields: list[str] = []

    def filter_search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(
            Q(unit__name__icontains=value)
            | Q(unit__founding_body__name__icontains=value)
        )


MISSING_STATES = [
    (NOT_OPENED, _("not opened")),
    (ReportState.DRAFT.value, ReportState.DRAFT.label),
    (ReportState.RETURNED.value, ReportState.RETURNED.label),
]


class MissingFilter(django_filters.FilterSet):
    """Filters of the units without a submitted report; the year itself is
    read by the view (it chooses the units), and is in the form here."""

    year = django_filters.ChoiceFilter(
        label=_("Year"),
        choices=year_choices,
        method="filter_year",
        empty_label=None,
    )
    q = django_filters.CharFilter(
        label=_("Search"),
        method="filter_search",
        widget=_search_widget(_("unit, founding body")),
    )
    report_state = django_filters.ChoiceFilter(
        label=_("Report"), choices=MISSING_STATES, empty_label=_("all")
    )
    kind = django_filters.ChoiceFilter(
        label=_("Kind"), choices=UnitKind.choices, empty_label=_("all")
    )
    voivodeship = django_filters.ModelChoiceFilter(
        label=_("Voivodeship"),
        queryset=Voivodeship.objects.order_by("teryt"),
        empty_label=_("all"),
    )

    class Meta:
        model = Unit
        fields: list[str] = []

    def filter_year(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset

    def filter_search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(
            Q(name__icontains=value) | Q(founding_body__name__icontains=value)
        )
