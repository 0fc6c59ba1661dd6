"""The public register of CIS and KIS: open to everyone, no personal data."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.utils import timezone
from django.utils.functional import cached_property
from django.views import View
from django.views.generic import DetailView

from cis_kis.listing import FilteredTableView
from units.constants import CisStatus, UnitKind
from units.filters_register import RegisterFilter, UwCis01Filter
from units.models import Unit
from units.register import (
    REGISTER_CSV_COLUMNS,
    UW_CIS_01_COLUMNS,
    register_cis_list,
    register_csv_row,
    register_unit_detail_queryset,
    register_unit_list,
    uw_cis_01_row,
    write_csv,
)
from units.tables_register import RegisterTable

# Query parameters of the list that are not filters.
_NOT_FILTERS = ("page", "sort", "per_page")


class RegisterDayMixin:
    """The day on which the register states each centre's status: today."""

    @cached_property
    def day(self) -> datetime.date:
        return timezone.localdate()


class RegisterIndexView(RegisterDayMixin, FilteredTableView):
    """Every CIS and KIS, filterable, sortable and paginated."""

    model = Unit
    table_class = RegisterTable
    filterset_class = RegisterFilter
    template_name = "units/register/index.html"
    # The register has its own CSV with stable column names; XLSX for Excel.
    export_formats = ("xlsx",)
    export_name = "rejestr-cis-kis"

    def get_queryset(self) -> QuerySet[Unit]:
        return register_unit_list(day=self.day)

    def get_template_names(self) -> list[str]:
        # Sorting and paging links target #results and get the fragment; the
        # filter form swaps a wrapper that also holds the export links (they
        # carry the filters), so it gets the page and selects that wrapper.
        htmx = getattr(self.request, "htmx", None)
        if htmx and htmx.target == "results":
            return [self.partial_template_name]
        return [self.template_name]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        query = self.request.GET.copy()
        for key in _NOT_FILTERS:
            query.pop(key, None)
        context["export_query"] = query.urlencode()
        voivodeship = self.request.GET.get("voivodeship", "")
        context["uw_query"] = (
            # isdecimal, not isdigit: int() refuses digits such as "²".
            f"voivodeship={int(voivodeship)}" if voivodeship.isdecimal() else ""
        )
        context["day"] = self.day
        return context


class RegisterDetailView(RegisterDayMixin, DetailView):
    """One unit of the register with the public facts of its decisions."""

    template_name = "units/register/detail.html"
    context_object_name = "unit"

    def get_queryset(self) -> QuerySet[Unit]:
        return register_unit_detail_queryset(day=self.day)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["day"] = self.day
        context["is_cis"] = self.object.kind == UnitKind.CIS
        context["cis_status_label"] = CisStatus(self.object.cis_status).label
        return context


def _csv_response(filename: str) -> HttpResponse:
    # The whole register is a few thousand rows at most: built in memory.
    return HttpResponse(
        content_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


class RegisterCsvView(RegisterDayMixin, View):
    """The rows of the register page, with the same filters, as CSV."""

    def get(self, request: HttpRequest) -> HttpResponse:
        filterset = RegisterFilter(
            request.GET, queryset=register_unit_list(day=self.day), request=request
        )
        if not filterset.is_valid():
            return HttpResponseBadRequest(
                filterset.errors.as_text(), content_type="text/plain; charset=utf-8"
            )
        response = _csv_response(f"rejestr-cis-kis-{self.day.isoformat()}.csv")
        rows = (register_csv_row(unit) for unit in filterset.qs)
        write_csv(response, REGISTER_CSV_COLUMNS, rows)
        return response


class UwCis01CsvView(RegisterDayMixin, View):
    """The register of centres in the layout of the form UW CIS 01."""

    def get(self, request: HttpRequest) -> HttpResponse:
        filterset = UwCis01Filter(request.GET, queryset=Unit.objects.none())
        if not filterset.is_valid():
            return HttpResponseBadRequest(
                filterset.errors.as_text(), content_type="text/plain; charset=utf-8"
            )
        units = register_cis_list(
            day=self.day, voivodeship=filterset.form.cleaned_data.get("voivodeship")
        )
        response = _csv_response(f"uw-cis-01-{self.day.isoformat()}.csv")
        write_csv(response, UW_CIS_01_COLUMNS, (uw_cis_01_row(u) for u in units))
        return response
