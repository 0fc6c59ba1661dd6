"""Statistics pages: the dashboard of a year and a scope (tables and SVG
charts), the tables as CSV, XLSX and JSON, and the PDF made by a report job
with its progress (the comparison of years: views_comparison.py). Everyone
sees aggregates only, within their scope (reporting.statistics.scopes);
counts of persons are suppressed below national level."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django import forms
from django.core.exceptions import ValidationError
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseRedirect,
    JsonResponse,
)
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView

from accounts.access import ScopeRequiredMixin
from participants.views_common import serve_file
from reporting.charts import chart_svg
from reporting.constants import JobState
from reporting.outputs import scope_title, statistics_json, statistics_xlsx, table_csv
from reporting.statistics import StatisticsScope
from reporting.statistics.cache import cached_annual_statistics
from reporting.statistics.comparison import default_range
from reporting.statistics.scopes import (
    default_year,
    job_file_stem,
    job_scope,
    recent_report_jobs,
    report_jobs_for_user,
    resolve_scope,
    scope_code,
    scope_options,
    year_choices,
)
from reporting.statistics.tables import statistics_tables, table_by_key
from reporting.suppression import threshold
from reporting.tasks_statistics import report_job_request

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class YearForm(forms.Form):
    year = forms.TypedChoiceField(
        label=gettext_lazy("Year"), coerce=int, choices=(), required=False
    )
    scope = forms.ChoiceField(label=gettext_lazy("Area"), choices=(), required=False)

    def __init__(self, *args: Any, scopes: list[tuple[str, str]], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(y, str(y)) for y in year_choices()]
        self.fields["scope"].choices = scopes


class RequestParamsMixin(ScopeRequiredMixin):
    """Reads the statistics' parameters of a GET or of the POSTed form."""

    def param(self, name: str) -> str | None:
        """A form field of the POST, else the query string's."""
        if self.request.method == "POST" and self.request.POST.get(name):
            return self.request.POST[name]
        return self.request.GET.get(name)


class StatisticsMixin(RequestParamsMixin):
    """The scope and year of the request (GET, or the POSTed form)."""

    def get_scope(self) -> StatisticsScope:
        if not hasattr(self, "_statistics_scope"):
            self._statistics_scope = resolve_scope(
                user=self.request.user, code=self.param("scope")
            )
        return self._statistics_scope

    def get_year(self) -> int:
        """The year asked for; Http404 for one that is not offered."""
        raw = self.param("year")
        if not raw:
            return default_year()
        if not raw.isdecimal() or int(raw) not in year_choices():
            raise Http404
        return int(raw)

    def query(self, scope: StatisticsScope, year: int) -> str:
        return urlencode({"year": year, "scope": scope_code(scope)})

    def comparison_query(self, scope: StatisticsScope, year: int) -> str:
        """The comparison of the years up to `year` in the same area."""
        years = default_range(year)
        return urlencode(
            {"from": years.first, "to": years.last, "scope": scope_code(scope)}
        )

    def file_name(self, scope: StatisticsScope, year: int, suffix: str) -> str:
        return f"statystyka-{year}-{scope.slug}{suffix}"


class StatisticsDashboardView(StatisticsMixin, TemplateView):
    template_name = "reporting/statistics/dashboard.html"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        scope = self.get_scope()
        form = YearForm(
            request.GET or None,
            scopes=scope_options(user=request.user, current=scope),
            initial={"year": default_year(), "scope": scope_code(scope)},
        )
        if request.GET and not form.is_valid():
            context = self.get_context_data(form=form, scope=scope, invalid=True)
            return self.render_to_response(context, status=400)
        year = (form.cleaned_data.get("year") if form.is_bound else None) or (
            default_year()
        )
        stats = cached_annual_statistics(scope=scope, year=year)
        context = self.get_context_data(
            form=form,
            scope=scope,
            stats=stats,
            year=year,
            tables=statistics_tables(stats),
            title=scope_title(stats),
            query=self.query(scope, year),
            scope_value=scope_code(scope),
            comparison_query=self.comparison_query(scope, year),
            threshold=threshold(),
            jobs=recent_report_jobs(user=request.user, scope=scope, year=year),
        )
        return self.render_to_response(context)


class StatisticsChartView(StatisticsMixin, View):
    """One table's chart as SVG (an <img> of the dashboard)."""

    http_method_names = ["get", "head"]

    def get(self, request: HttpRequest, key: str) -> HttpResponse:
        scope, year = self.get_scope(), self.get_year()
        table = table_by_key(cached_annual_statistics(scope=scope, year=year), key)
        if table is None or not table.chart_columns:
            raise Http404
        response = HttpResponse(chart_svg(table), content_type="image/svg+xml")
        response["Cache-Control"] = "private, max-age=300"
        return response


def attachment(content: bytes | str, content_type: str, name: str) -> HttpResponse:
    """A download named `name`; a CSV text gets the byte-order mark that
    spreadsheets need to read the Polish letters."""
    if content_type.startswith("text/csv"):
        content = "\ufeff" + str(content)
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


CSV = "text/csv; charset=utf-8"


class StatisticsCsvView(StatisticsMixin, View):
    http_method_names = ["get", "head"]

    def get(self, request: HttpRequest, key: str) -> HttpResponse:
        scope, year = self.get_scope(), self.get_year()
        table = table_by_key(cached_annual_statistics(scope=scope, year=year), key)
        if table is None:
            raise Http404
        return attachment(
            table_csv(table), CSV, self.file_name(scope, year, f"-{key}.csv")
        )


class StatisticsXlsxView(StatisticsMixin, View):
    http_method_names = ["get", "head"]

    def get(self, request: HttpRequest) -> HttpResponse:
        scope, year = self.get_scope(), self.get_year()
        return attachment(
            statistics_xlsx(cached_annual_statistics(scope=scope, year=year)),
            XLSX,
            self.file_name(scope, year, ".xlsx"),
        )


class StatisticsJsonView(StatisticsMixin, View):
    http_method_names = ["get", "head"]

    def get(self, request: HttpRequest) -> HttpResponse:
        scope, year = self.get_scope(), self.get_year()
        data = statistics_json(cached_annual_statistics(scope=scope, year=year))
        response = JsonResponse(
            data, json_dumps_params={"ensure_ascii": False, "indent": 2}
        )
        name = self.file_name(scope, year, ".json")
        response["Content-Disposition"] = f'inline; filename="{name}"'
        return response


class StatisticsPdfView(StatisticsMixin, View):
    """POST: queue the PDF of the year and scope, then show the job."""

    http_method_names = ["post"]

    def post(self, request: HttpRequest) -> HttpResponse:
        scope, year = self.get_scope(), self.get_year()
        try:
            job = report_job_request(actor=request.user, scope=scope, year=year)
        except ValidationError as error:
            return HttpResponse(" ".join(error.messages), status=400)
        return HttpResponseRedirect(reverse("reporting:job_detail", args=[job.pk]))


class JobMixin(ScopeRequiredMixin):
    def get_job(self, pk: int) -> Any:
        return get_object_or_404(report_jobs_for_user(user=self.request.user), pk=pk)


class JobDetailView(JobMixin, TemplateView):
    template_name = "reporting/statistics/job_detail.html"
    http_method_names = ["get", "head"]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        job = self.get_job(kwargs["pk"])
        scope = job_scope(job)
        if job.is_comparison:
            back = (
                reverse("reporting:statistics_years")
                + "?"
                + urlencode(
                    {"from": job.year, "to": job.to_year, "scope": scope_code(scope)}
                )
            )
        else:
            back = (
                reverse("reporting:statistics")
                + "?"
                + urlencode({"year": job.year, "scope": scope_code(scope)})
            )
        context.update(job=job, scope=scope, back_url=back)
        return context


class JobProgressView(JobDetailView):
    """The job's state alone, polled by the job page every 2 seconds."""

    template_name = "reporting/statistics/includes/job_progress.html"


class JobDownloadView(JobMixin, View):
    http_method_names = ["get", "head"]

    def get(self, request: HttpRequest, pk: int) -> FileResponse:
        job = self.get_job(pk)
        if job.state != JobState.DONE or not job.file:
            raise Http404
        return serve_file(
            job.file, "application/pdf", filename=f"{job_file_stem(job)}.pdf"
        )
