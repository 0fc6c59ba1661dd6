"""The comparison of years (`?from=2022&to=2025&scope=national`): the key
figures of 2 to 10 years side by side with their change, line charts over
the years, the tables as CSV and XLSX, and the PDF made by a report job. The
same scopes as the dashboard (reporting.statistics.scopes); counts of
persons are suppressed below national level, as in each year's statistics.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlencode

from django import forms
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView

from reporting.charts import line_chart_svg
from reporting.outputs import comparison_xlsx, scope_title, table_csv
from reporting.statistics import StatisticsScope
from reporting.statistics.comparison import (
    MAX_YEARS,
    YearComparison,
    YearRange,
    default_range,
    year_comparison,
    year_range,
)
from reporting.statistics.comparison_tables import (
    comparison_charts,
    comparison_table_by_key,
    comparison_tables,
)
from reporting.statistics.scopes import (
    FIRST_YEAR,
    default_scope,
    recent_report_jobs,
    resolve_scope,
    scope_code,
    scope_options,
    year_choices,
)
from reporting.suppression import threshold
from reporting.tasks_statistics import report_job_request
from reporting.views_statistics import CSV, XLSX, RequestParamsMixin, attachment

# What a scope code looks like (reporting.statistics.scopes); anything else
# names no area and is a form error, not a page that is not found.
SCOPE_CODE = re.compile(r"^(national|v[0-9]{2}|u[0-9]{1,18})$")


class YearRangeForm(forms.Form):
    """The years (from, to) and the area of a comparison."""

    def __init__(self, *args: Any, scopes: list[tuple[str, str]], **kwargs: Any):
        super().__init__(*args, **kwargs)
        years = [(year, str(year)) for year in year_choices()]
        bad_year = _("Choose years from %(first)s to %(last)s.") % {
            "first": FIRST_YEAR,
            "last": year_choices()[0],
        }
        messages = {"invalid_choice": bad_year, "required": bad_year}
        self.fields["from"] = forms.TypedChoiceField(
            label=gettext_lazy("From year"),
            coerce=int,
            choices=years,
            error_messages=messages,
        )
        self.fields["to"] = forms.TypedChoiceField(
            label=gettext_lazy("To year"),
            coerce=int,
            choices=years,
            error_messages=messages,
        )
        area = _("Choose an area from the list.")
        self.fields["scope"] = forms.ChoiceField(
            label=gettext_lazy("Area"),
            choices=scopes,
            error_messages={"invalid_choice": area, "required": area},
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        first, last = data.get("from"), data.get("to")
        if first is not None and last is not None:
            try:
                data["range"] = year_range(first, last)
            except ValidationError as error:
                self.add_error(None, error)
        return data


class ComparisonMixin(RequestParamsMixin):
    """The scope and years of the request (GET, or the POSTed form)."""

    def get_scope(self) -> StatisticsScope:
        """The area asked for (Http404 outside the user's, as on the
        dashboard); the user's own for a code that names no area, which the
        form then refuses."""
        code = (self.param("scope") or "").strip()
        if code and not SCOPE_CODE.match(code):
            return default_scope(user=self.request.user)
        return resolve_scope(user=self.request.user, code=code)

    def get_form(self, scope: StatisticsScope) -> YearRangeForm:
        """The form bound to the request, the default years filling in
        what is not given."""
        default = default_range()
        data = {"from": default.first, "to": default.last, "scope": scope_code(scope)}
        for name in data:
            value = self.param(name)
            if value is not None:
                data[name] = value
        return YearRangeForm(
            data, scopes=scope_options(user=self.request.user, current=scope)
        )

    def get_range(self, scope: StatisticsScope) -> YearRange:
        """The years of a download; Http404 for years the form refuses."""
        form = self.get_form(scope)
        if not form.is_valid():
            raise Http404
        return form.cleaned_data["range"]

    def query(self, scope: StatisticsScope, years: YearRange) -> str:
        return urlencode(
            {"from": years.first, "to": years.last, "scope": scope_code(scope)}
        )

    def file_name(self, scope: StatisticsScope, years: YearRange, suffix: str) -> str:
        return f"statystyka-{years.first}-{years.last}-{scope.slug}{suffix}"

    def comparison(self, scope: StatisticsScope, years: YearRange) -> YearComparison:
        return year_comparison(scope=scope, first=years.first, last=years.last)


class ComparisonView(ComparisonMixin, TemplateView):
    template_name = "reporting/statistics/comparison.html"
    http_method_names = ["get", "head"]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(max_years=MAX_YEARS, **kwargs)

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        scope = self.get_scope()
        form = self.get_form(scope)
        if not form.is_valid():
            context = self.get_context_data(form=form, scope=scope, invalid=True)
            return self.render_to_response(context, status=400)
        years: YearRange = form.cleaned_data["range"]
        comparison = self.comparison(scope, years)
        charts = comparison_charts()
        tables = comparison_tables(comparison)
        context = self.get_context_data(
            form=form,
            scope=scope,
            comparison=comparison,
            items=[{"table": t, "chart": charts.get(t.key)} for t in tables],
            title=scope_title(comparison),
            query=self.query(scope, years),
            dashboard_query=urlencode({"year": years.last, "scope": scope_code(scope)}),
            scope_value=scope_code(scope),
            threshold=threshold(),
            jobs=recent_report_jobs(
                user=request.user, scope=scope, year=years.first, to_year=years.last
            ),
        )
        return self.render_to_response(context)


class ComparisonChartView(ComparisonMixin, View):
    """One line chart over the years as SVG (an <img> of the page)."""

    http_method_names = ["get", "head"]

    def get(self, request: HttpRequest, key: str) -> HttpResponse:
        scope = self.get_scope()
        years = self.get_range(scope)
        chart = comparison_charts().get(key)
        if chart is None:
            raise Http404
        table = comparison_table_by_key(self.comparison(scope, years), chart.table)
        response = HttpResponse(
            line_chart_svg(table, chart.rows), content_type="image/svg+xml"
        )
        response["Cache-Control"] = "private, max-age=300"
        return response


class ComparisonCsvView(ComparisonMixin, View):
    http_method_names = ["get", "head"]

    def get(self, request: HttpRequest, key: str) -> HttpResponse:
        scope = self.get_scope()
        years = self.get_range(scope)
        table = comparison_table_by_key(self.comparison(scope, years), key)
        if table is None:
            raise Http404
        return attachment(
            table_csv(table), CSV, self.file_name(scope, years, f"-{key}.csv")
        )


class ComparisonXlsxView(ComparisonMixin, View):
    http_method_names = ["get", "head"]

    def get(self, request: HttpRequest) -> HttpResponse:
        scope = self.get_scope()
        years = self.get_range(scope)
        return attachment(
            comparison_xlsx(self.comparison(scope, years)),
            XLSX,
            self.file_name(scope, years, ".xlsx"),
        )


class ComparisonPdfView(ComparisonMixin, View):
    """POST: queue the PDF of the comparison, then show the job."""

    http_method_names = ["post"]

    def post(self, request: HttpRequest) -> HttpResponse:
        scope = self.get_scope()
        form = self.get_form(scope)
        if not form.is_valid():
            # Back to the page of the same years, which shows the form's errors.
            params = {
                name: request.POST[name]
                for name in ("from", "to", "scope")
                if name in request.POST
            }
            return HttpResponseRedirect(
                f"{reverse('reporting:statistics_years')}?{urlencode(params)}"
            )
        years: YearRange = form.cleaned_data["range"]
        job = report_job_request(
            actor=request.user, scope=scope, year=years.first, to_year=years.last
        )
        return HttpResponseRedirect(reverse("reporting:job_detail", args=[job.pk]))
