"""Filters of the participants' lists."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from participants.constants import ReferralIssuer, Stage
from participants.forms import DATE_WIDGET
from participants.models import ExclusionGround, Participation
from participants.selectors import stage_q, unit_staff_units
from participants.validators import compact_pesel


def _units(request: Any) -> QuerySet:
    return unit_staff_units(user=getattr(request, "user", None))


class ParticipationFilter(django_filters.FilterSet):
    """Search, stage, unit, primary ground, workshop, referral issuer and the
    dates of admission and exit."""

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
    stage = django_filters.ChoiceFilter(
        label=_("Stage"),
        choices=Stage.choices,
        method="filter_stage",
        empty_label=_("all"),
    )
    unit = django_filters.ModelChoiceFilter(
        label=_("Unit"), queryset=_units, empty_label=_("all")
    )
    primary_ground = django_filters.ModelChoiceFilter(
        label=_("Primary ground"),
        queryset=ExclusionGround.objects.order_by("order", "code"),
        method="filter_primary_ground",
        empty_label=_("all"),
    )
    workshop = django_filters.CharFilter(
        label=_("Workshop"), field_name="workshop", lookup_expr="icontains"
    )
    referral_issuer = django_filters.ChoiceFilter(
        label=_("Referral issued by"),
        field_name="referral__issued_by",
        choices=ReferralIssuer.choices,
        empty_label=_("all"),
    )
    admitted_from = django_filters.DateFilter(
        label=_("Admitted from"),
        field_name="admitted_on",
        lookup_expr="gte",
        widget=DATE_WIDGET,
    )
    admitted_to = django_filters.DateFilter(
        label=_("Admitted until"),
        field_name="admitted_on",
        lookup_expr="lte",
        widget=DATE_WIDGET,
    )
    exited_from = django_filters.DateFilter(
        label=_("Exited from"),
        field_name="exited_on",
        lookup_expr="gte",
        widget=DATE_WIDGET,
    )
    exited_to = django_filters.DateFilter(
        label=_("Exited until"),
        field_name="exited_on",
        lookup_expr="lte",
        widget=DATE_WIDGET,
    )

    class Meta:
        model = Participation
        fields: list[str] = []

    def filter_search(
        self, queryset: QuerySet[Participation], name: str, value: str
    ) -> QuerySet[Participation]:
        """Every word in a name, the PESEL, a document number or the unit's
        reference; "Kowalska Anna" finds Anna Kowalska."""
        value = value.strip()
        if not value:
            return queryset
        whole = Q(participant__document_number__icontains=value) | Q(
            ref__icontains=value
        )
        pesel = compact_pesel(value)
        if pesel:  # never "": people without a PESEL would all match
            whole |= Q(participant__pesel=pesel)
        words = Q()
        for word in value.split():
            words &= (
                Q(participant__last_name__icontains=word)
                | Q(participant__first_name__icontains=word)
                | Q(participant__pesel=word)
                | Q(participant__document_number__icontains=word)
                | Q(ref__icontains=word)
            )
        return queryset.filter(whole | words)

    def filter_stage(
        self, queryset: QuerySet[Participation], name: str, value: str
    ) -> QuerySet[Participation]:
        return queryset.filter(stage_q(value, timezone.localdate()))

    def filter_primary_ground(
        self, queryset: QuerySet[Participation], name: str, value: ExclusionGround
    ) -> QuerySet[Participation]:
        # One primary ground per participation (a constraint): no duplicates.
        return queryset.filter(grounds__ground=value, grounds__is_primary=True)
