"""Pages of the unit annual reports.

Unit staff and managers: the unit's reports by year, the report page, the
form of what the unit enters; managers submit. Voivodeship officials: the
reports of their voivodeship, the units that have not submitted, and the
review (accept, or return with comments). Ministry analysts: submitted and
accepted reports of the whole country, read only. A report holds counts
only, never a participant's personal data.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import DetailView, TemplateView

from accounts.access import Level, ScopeRequiredMixin
from cis_kis.listing import FilteredTableView
from participants.views_common import serve_file
from reporting import services
from reporting.constants import ReportState
from reporting.filters_reports import MissingFilter, ReportFilter
from reporting.forms_reports import (
    AcceptForm,
    AnnualReportForm,
    ReportOpenForm,
    ReturnForm,
    SubmitForm,
)
from reporting.models import UnitAnnualReport
from reporting.selectors_reports import (
    last_complete_year,
    report_deadline,
    report_list_for_user,
    unit_report_years,
    units_without_report,
)
from reporting.tables_reports import MissingTable, ReportTable
from reporting.tasks_reports import enqueue_report_pdf
from reporting.unit_report import UnitReport, frozen_report, live_report
from units.models import Unit
from units.views_actions import apply_errors

UNITS = (Level.UNITS,)
OFFICES = (Level.VOIVODESHIP, Level.NATIONAL)
EDITABLE = (ReportState.DRAFT, ReportState.RETURNED)


def report_document(report: UnitAnnualReport, scope: Any) -> UnitReport:
    """What the page shows: the unit's own draft (or returned report) with
    live figures; anything submitted exactly as it was submitted."""
    if report.state in EDITABLE and scope.level is Level.UNITS:
        return live_report(report)
    return frozen_report(report)


def unit_report_list_context(user: Any) -> dict[str, Any]:
    rows = unit_report_years(user=user)
    return {
        "rows": rows,
        "many_units": len({row.unit.pk for row in rows}) > 1,
    }


class UnitReportListView(ScopeRequiredMixin, TemplateView):
    """The unit's reports, one row per year it was open."""

    allowed_levels = UNITS
    template_name = "reporting/reports/unit_report_list.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(unit_report_list_context(self.request.user))
        return context


class UnitReportOpenView(ScopeRequiredMixin, View):
    """Open (or create) the draft of one unit and year."""

    allowed_levels = UNITS

    def post(self, request: HttpRequest) -> HttpResponse:
        units = Unit.objects.filter(pk__in=self.scope.unit_ids)
        form = ReportOpenForm(request.POST, units=units)
        if form.is_valid():
            try:
                report = services.report_open(
                    actor=request.user,
                    unit=form.cleaned_data["unit"],
                    year=form.cleaned_data["year"],
                )
            except ValidationError as error:
                apply_errors(form, error)
            except PermissionDenied as error:
                raise Http404 from error
            else:
                return redirect(report)
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return render(
            request,
            UnitReportListView.template_name,
            unit_report_list_context(request.user),
            status=400,
        )


class ReportObjectMixin(ScopeRequiredMixin):
    """A report the user may see (404 otherwise)."""

    def get_report(self, pk: int) -> UnitAnnualReport:
        return get_object_or_404(report_list_for_user(user=self.request.user), pk=pk)

    def is_staff_of(self, report: UnitAnnualReport) -> bool:
        return self.scope.level is Level.UNITS and report.unit_id in self.scope.unit_ids

    def is_manager_of(self, report: UnitAnnualReport) -> bool:
        return self.is_staff_of(report) and self.scope.manages(report.unit_id)

    def is_official_of(self, report: UnitAnnualReport) -> bool:
        return (
            self.scope.level is Level.VOIVODESHIP
            and report.unit.voivodeship_id == self.scope.voivodeship_id
        )


class UnitReportDetailView(ReportObjectMixin, DetailView):
    """The report: its sections with definitions, what the unit entered, the
    description, the state and the review history."""

    template_name = "reporting/reports/unit_report_detail.html"
    context_object_name = "report"

    def get_queryset(self) -> QuerySet[UnitAnnualReport]:
        return report_list_for_user(user=self.request.user)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        report = self.object
        editable = report.state in EDITABLE
        context.update(
            document=report_document(report, self.scope),
            reviews=list(report.reviews.select_related("by").order_by("at", "pk")),
            deadline=report_deadline(report.year),
            can_edit=editable and self.is_staff_of(report),
            can_submit=editable and self.is_manager_of(report),
            can_review=report.state == ReportState.SUBMITTED
            and self.is_official_of(report),
            has_pdf=bool(report.snapshot),
        )
        return context


class UnitReportEditView(ReportObjectMixin, View):
    """What the unit enters: finance, staff, volunteers or grants, narrative."""

    allowed_levels = UNITS
    template_name = "reporting/reports/unit_report_form.html"

    def _report(self, pk: int) -> UnitAnnualReport | None:
        report = self.get_report(pk)
        if report.state not in EDITABLE:
            messages.info(
                self.request,
                _("A submitted report cannot be changed; the voivode reviews it."),
            )
            return None
        self.report = report
        return report

    def render_form(self, form: AnnualReportForm, status: int = 200) -> HttpResponse:
        return render(
            self.request,
            self.template_name,
            {"report": self.report, "form": form},
            status=status,
        )

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        report = self._report(pk)
        if report is None:
            return redirect(self.get_report(pk))
        form = AnnualReportForm(
            kind=report.unit.kind, entered=report.entered, narrative=report.narrative
        )
        return self.render_form(form)

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        report = self._report(pk)
        if report is None:
            return redirect(self.get_report(pk))
        form = AnnualReportForm(request.POST, kind=report.unit.kind)
        if form.is_valid():
            try:
                services.report_save_entered(
                    actor=request.user,
                    report=report,
                    figures=form.figures(),
                    narrative=form.cleaned_data["narrative"],
                )
            except ValidationError as error:
                apply_errors(form, error)
            except PermissionDenied as error:
                raise Http404 from error
            else:
                messages.success(request, _("The report has been saved."))
                return redirect(report)
        return self.render_form(form, status=400)


class UnitReportSubmitView(ReportObjectMixin, View):
    """The manager confirms and submits the report to the voivode."""

    allowed_levels = UNITS
    template_name = "reporting/reports/unit_report_submit.html"

    def _report(self, pk: int) -> UnitAnnualReport:
        report = self.get_report(pk)
        if not self.is_manager_of(report):
            raise Http404
        return report

    def render_page(
        self, report: UnitAnnualReport, form: Form, status: int = 200
    ) -> HttpResponse:
        context = {
            "report": report,
            "form": form,
            "document": report_document(report, self.scope),
            "deadline": report_deadline(report.year),
        }
        return render(self.request, self.template_name, context, status=status)

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        report = self._report(pk)
        if report.state not in EDITABLE:
            messages.info(request, _("This report has already been submitted."))
            return redirect(report)
        return self.render_page(report, SubmitForm())

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        report = self._report(pk)
        form = SubmitForm(request.POST)
        if form.is_valid():
            try:
                services.report_submit(actor=request.user, report=report)
            except ValidationError as error:
                apply_errors(form, error)
            except PermissionDenied as error:
                raise Http404 from error
            else:
                messages.success(
                    request, _("The report has been submitted to the voivode.")
                )
                return redirect(report)
        return self.render_page(report, form, status=400)


class UnitReportReviewView(ReportObjectMixin, View):
    """An official of the unit's voivodeship accepts the report or returns
    it with comments."""

    allowed_levels = (Level.VOIVODESHIP,)
    template_name = "reporting/reports/unit_report_review.html"
    ACTIONS: dict[str, type[Form]] = {"accept": AcceptForm, "return": ReturnForm}

    def _report(self, pk: int) -> UnitAnnualReport:
        report = self.get_report(pk)
        if not self.is_official_of(report):
            raise Http404
        return report

    def render_page(
        self,
        report: UnitAnnualReport,
        bound: tuple[str, Form] | None = None,
        status: int = 200,
    ) -> HttpResponse:
        forms = {
            f"{action}_form": bound[1]
            if bound and bound[0] == action
            else form_class(prefix=action)
            for action, form_class in self.ACTIONS.items()
        }
        context = {
            "report": report,
            "document": frozen_report(report),
            "reviews": list(report.reviews.select_related("by").order_by("at", "pk")),
            "can_review": report.state == ReportState.SUBMITTED,
            "deadline": report_deadline(report.year),
            **forms,
        }
        return render(self.request, self.template_name, context, status=status)

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        return self.render_page(self._report(pk))

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        report = self._report(pk)
        action = request.POST.get("action", "")
        if action not in self.ACTIONS:
            messages.error(request, _("Choose to accept the report or to return it."))
            return self.render_page(report, status=400)
        form = self.ACTIONS[action](request.POST, prefix=action)
        if form.is_valid():
            try:
                if action == "accept":
                    services.report_accept(
                        actor=request.user,
                        report=report,
                        comments=form.cleaned_data["comments"],
                    )
                    messages.success(request, _("The report has been accepted."))
                else:
                    services.report_return(
                        actor=request.user,
                        report=report,
                        comments=form.cleaned_data["comments"],
                    )
                    messages.success(
                        request,
                        _("The report has been returned to the unit for correction."),
                    )
            except ValidationError as error:
                apply_errors(form, error)
            except PermissionDenied as error:
                raise Http404 from error
            else:
                return redirect(report)
        messages.error(request, _("The action could not be completed; see below."))
        return self.render_page(report, bound=(action, form), status=400)


class UnitReportPdfView(ReportObjectMixin, View):
    """The stored PDF of the submitted report, the same bytes every time."""

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        report = self.get_report(pk)
        if not report.snapshot:
            raise Http404
        if not report.pdf:
            enqueue_report_pdf(report.pk)
            messages.info(
                request, _("The PDF is being prepared; try again in a moment.")
            )
            return redirect(report)
        return serve_file(report.pdf, "application/pdf")


class ReportOfficialListView(ScopeRequiredMixin, FilteredTableView):
    """Officials: the reports of their voivodeship; analysts: of the country."""

    allowed_levels = OFFICES
    model = UnitAnnualReport
    table_class = ReportTable
    filterset_class = ReportFilter
    template_name = "reporting/reports/report_official_list.html"
    export_name = "sprawozdania-jednostek"

    def get_queryset(self) -> QuerySet[UnitAnnualReport]:
        return report_list_for_user(user=self.request.user)


class ReportMissingView(ScopeRequiredMixin, FilteredTableView):
    """Units open in the year whose report for it has not been submitted,
    with the statutory deadline and whether it has passed."""

    allowed_levels = OFFICES
    model = Unit
    table_class = MissingTable
    filterset_class = MissingFilter
    template_name = "reporting/reports/report_missing.html"
    export_name = "sprawozdania-niezlozone"

    @property
    def year(self) -> int:
        default = last_complete_year()
        raw = self.request.GET.get("year", "")
        try:
            year = int(raw)
        except ValueError:
            return default
        if not 2004 <= year <= timezone.localdate().year:
            return default
        return year

    def get_filterset_kwargs(self, filterset_class: Any) -> dict[str, Any]:
        kwargs = super().get_filterset_kwargs(filterset_class)
        # The form shows the year the list is of, the last complete one when
        # none (or a bad one) was asked for.
        data = (kwargs.get("data") or QueryDict()).copy()
        data["year"] = str(self.year)
        kwargs["data"] = data
        return kwargs

    def get_queryset(self) -> QuerySet[Unit]:
        return units_without_report(user=self.request.user, year=self.year)

    def get_table_kwargs(self) -> dict[str, Any]:
        return {
            "deadline": self.deadline,
            "today": timezone.localdate(),
        }

    @property
    def deadline(self) -> datetime.date:
        if not hasattr(self, "_deadline"):
            self._deadline = report_deadline(self.year)
        return self._deadline

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["year"] = self.year
        context["deadline"] = self.deadline
        context["overdue"] = timezone.localdate() > self.deadline
        return context
