"""Filters of the list of missing provisions (art. 14 ust. 2)."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from participants.constants_provisions import MissingProvision
from participants.filters import ParticipationFilter
from participants.models import Participation
from participants.selectors import unit_staff_units
from participants.selectors_provisions import missing_q
from units.constants import UnitKind


def _centres(request: Any) -> QuerySet:
    return unit_staff_units(user=getattr(request, "user", None)).filter(
        kind=UnitKind.CIS
    )


class MissingProvisionFilter(django_filters.FilterSet):
    """Search by name, PESEL, document or reference; the centre; what is
    missing."""

    q = django_filters.CharFilter(
        label=_("Search"),
        method="filter_search",
        widget=django_filters.widgets.forms.TextInput(
            attrs={
                "type": "search",
                "placeholder": _("name, PESEL, document, reference"),
            }
        ),
    )
    unit = django_filters.ModelChoiceFilter(
        label=_("Unit"), queryset=_centres, empty_label=_("all")
    )
    missing = django_filters.ChoiceFilter(
        label=_("What is missing"),
        choices=MissingProvision.choices,
        method="filter_missing",
        empty_label=_("anything"),
    )

    class Meta:
        model = Participation
        fields: list[str] = []

    # The same search as the list of participants.
    filter_search = ParticipationFilter.filter_search

    def filter_missing(
        self, queryset: QuerySet[Participation], name: str, value: str
    ) -> QuerySet[Participation]:
        return queryset.filter(missing_q(value, timezone.localdate()))
