"""Filters of the access log: the user, the action, the participant and the
period."""

from __future__ import annotations

from typing import Any

import django_filters
from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from participants.constants import AccessAction
from participants.models import AccessLog
from participants.validators import compact_pesel

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class AccessLogFilter(django_filters.FilterSet):
    user = django_filters.CharFilter(
        label=_("User's e-mail"),
        field_name="user_email",
        lookup_expr="icontains",
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    action = django_filters.ChoiceFilter(
        label=_("Action"), choices=AccessAction.choices, empty_label=_("all")
    )
    participant = django_filters.CharFilter(
        label=_("Participant"),
        method="filter_participant",
        widget=forms.TextInput(
            attrs={"type": "search", "placeholder": _("last name or PESEL")}
        ),
    )
    # The link from a person's page: that person's entries only.
    participant_id = django_filters.NumberFilter(
        method="filter_participant_id", widget=forms.HiddenInput
    )
    date_from = django_filters.DateFilter(
        label=_("From"), field_name="at", lookup_expr="date__gte", widget=DATE_INPUT
    )
    date_to = django_filters.DateFilter(
        label=_("To"), field_name="at", lookup_expr="date__lte", widget=DATE_INPUT
    )

    class Meta:
        model = AccessLog
        fields: list[str] = []

    def filter_participant_id(
        self, queryset: QuerySet[AccessLog], name: str, value: Any
    ) -> QuerySet[AccessLog]:
        # Only a whole number a database key can hold; anything else (1e30, a
        # fraction) matches nothing rather than overflowing the query.
        if value != int(value) or not 0 < value < 2**63:
            return queryset.none()
        return queryset.filter(participant=int(value))

    def filter_participant(
        self, queryset: QuerySet[AccessLog], name: str, value: str
    ) -> QuerySet[AccessLog]:
        value = value.strip()
        if not value:
            return queryset
        found = Q(participant__last_name__icontains=value)
        pesel = compact_pesel(value)
        if pesel.isdigit():
            found |= Q(participant__pesel=pesel)
        return queryset.filter(found)
