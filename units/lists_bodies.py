"""The list of founding bodies: table, filters and view."""

import django_filters
import django_tables2 as tables
from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from accounts.access import Level, ScopeRequiredMixin
from cis_kis.listing import FilteredTableView
from units.constants import LOCAL_GOVERNMENT_TYPES, FounderGroup, FounderType
from units.filters import ScopedVoivodeshipMixin
from units.models import FoundingBody, Voivodeship
from units.selectors import founding_body_list_for_user


class FoundingBodyFilter(ScopedVoivodeshipMixin, django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Search"),
        method="filter_search",
        widget=django_filters.widgets.forms.TextInput(
            attrs={"type": "search", "placeholder": _("name, NIP, REGON, KRS")}
        ),
    )
    founder_type = django_filters.ChoiceFilter(
        label=_("Founder type"), choices=FounderType.choices, empty_label=_("all")
    )
    founder_group = django_filters.ChoiceFilter(
        label=_("Founder group"),
        choices=FounderGroup.choices,
        method="filter_group",
        empty_label=_("all"),
    )
    voivodeship = django_filters.ModelChoiceFilter(
        label=_("Voivodeship"),
        queryset=Voivodeship.objects.all(),
        empty_label=_("all"),
    )

    class Meta:
        model = FoundingBody
        fields: list[str] = []

    def filter_search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        compact = value.replace("-", "").replace(" ", "")
        return queryset.filter(
            Q(name__icontains=value)
            | Q(nip=compact)
            | Q(regon=compact)
            | Q(krs=compact)
        )

    def filter_group(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        local = Q(founder_type__in=LOCAL_GOVERNMENT_TYPES)
        if value == FounderGroup.LOCAL_GOVERNMENT:
            return queryset.filter(local)
        return queryset.exclude(local)


class FoundingBodyTable(tables.Table):
    name = tables.Column(verbose_name=_("Name"))
    founder_type = tables.Column(verbose_name=_("Founder type"))
    founder_group = tables.Column(
        verbose_name=_("Founder group"),
        accessor="get_founder_group_display",
        order_by=("founder_type",),
    )
    nip = tables.Column(verbose_name="NIP", default="—")
    regon = tables.Column(verbose_name="REGON", default="—")
    krs = tables.Column(verbose_name="KRS", default="—")
    voivodeship = tables.Column(
        verbose_name=_("Voivodeship"), order_by=("voivodeship__teryt",)
    )
    unit_count = tables.Column(verbose_name=_("Units"))

    class Meta:
        model = FoundingBody
        fields = (
            "name",
            "founder_type",
            "founder_group",
            "nip",
            "regon",
            "krs",
            "voivodeship",
            "unit_count",
        )
        order_by = ("name",)
        empty_text = _("No founding bodies match these criteria.")


class FoundingBodyListView(ScopeRequiredMixin, FilteredTableView):
    """Founding bodies of the official's voivodeship (all for national scope)."""

    allowed_levels = (Level.VOIVODESHIP, Level.NATIONAL)
    model = FoundingBody
    table_class = FoundingBodyTable
    filterset_class = FoundingBodyFilter
    template_name = "units/founding_body_list.html"
    export_name = "podmioty-tworzace"

    def get_queryset(self) -> QuerySet[FoundingBody]:
        return founding_body_list_for_user(user=self.request.user).annotate(
            unit_count=Count("units", distinct=True)
        )
