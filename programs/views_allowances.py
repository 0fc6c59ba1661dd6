"""Pages of the integration allowance: the list of a user's allowance months,
opening (computing) a month, the month's review with its actions, the bonus,
approval and reopening, the payroll list and the refund request (PDF and
XLSX), and the benefit rates. Unit staff only; the managers approve, reopen
and enter bonuses. Everything else logged in gets 404."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import FormView, TemplateView

from accounts.access import Level, ScopeRequiredMixin
from cis_kis.listing import FilteredTableView
from participants.views_common import log_export, serve_file
from programs.allowance import Step
from programs.constants import AllowanceMonthState
from programs.forms_allowances import (
    AllowanceMonthFilter,
    ApproveForm,
    BenefitRateFilter,
    BonusForm,
    OpenMonthForm,
    ReopenForm,
)
from programs.models import AllowanceMonth, MonthlyAllowance
from programs.pdf_allowances import document_path
from programs.selectors_allowances import (
    allowance_list_for_user,
    allowance_month_for_user,
    allowance_month_list_for_user,
    allowance_rows,
    allowance_units_for_user,
    benefit_rate_list,
    month_totals,
    user_manages,
)
from programs.services.allowances import (
    allowance_bonus_set,
    allowance_month_approve,
    allowance_month_open,
    allowance_month_recompute,
    allowance_month_reopen,
)
from programs.tables_allowances import AllowanceMonthTable, BenefitRateTable
from programs.tasks_allowances import enqueue_allowance_pdf
from programs.xlsx_allowances import payroll_xlsx, refund_xlsx
from units.views_actions import apply_errors

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PDF_PENDING = gettext_lazy(
    "The PDF is being prepared; refresh the page in a moment to download it."
)
ONLY_APPROVED = gettext_lazy(
    "The payroll list and the refund request are issued for approved months only."
)
ATTENDANCE_URL_NAME = "programs:attendance"


class AllowanceStaffMixin(ScopeRequiredMixin):
    """Unit staff and managers of the month's unit only."""

    allowed_levels = (Level.UNITS,)
    manager_only = False

    def get_month(self) -> AllowanceMonth:
        month = get_object_or_404(
            allowance_month_for_user(user=self.request.user), pk=self.kwargs["pk"]
        )
        if self.manager_only and not user_manages(
            user=self.request.user, unit_id=month.unit_id
        ):
            raise Http404
        return month


class AllowanceMonthListView(AllowanceStaffMixin, FilteredTableView):
    model = AllowanceMonth
    table_class = AllowanceMonthTable
    filterset_class = AllowanceMonthFilter
    template_name = "programs/allowances/month_list.html"
    export_name = "swiadczenia-miesiace"

    def get_queryset(self) -> QuerySet[AllowanceMonth]:
        return allowance_month_list_for_user(user=self.request.user)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["open_form"] = OpenMonthForm(user=self.request.user)
        context["has_centres"] = allowance_units_for_user(
            user=self.request.user
        ).exists()
        return context


class AllowanceMonthOpenView(AllowanceStaffMixin, FormView):
    """Compute a unit's month (creating its draft), then show it."""

    template_name = "programs/allowances/month_open.html"
    form_class = OpenMonthForm

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "user": self.request.user}

    def form_valid(self, form: OpenMonthForm) -> HttpResponse:
        try:
            month = allowance_month_open(
                unit=form.cleaned_data["unit"],
                month=form.cleaned_data["month"],
                actor=self.request.user,
            )
        except ValidationError as error:
            apply_errors(form, error)
            return self.render_to_response(self.get_context_data(form=form), status=400)
        except PermissionDenied as error:
            raise Http404 from error
        return redirect("programs:allowance_month", month.pk)

    def form_invalid(self, form: OpenMonthForm) -> HttpResponse:
        return self.render_to_response(self.get_context_data(form=form), status=400)


def attendance_link(month: AllowanceMonth) -> str:
    """The attendance grid of the month (the activities' page)."""
    try:
        base = reverse(ATTENDANCE_URL_NAME)
    except Exception:  # noqa: BLE001 - the grid may not be deployed yet
        return ""
    return f"{base}?unit={month.unit_id}&month={month.month:%Y-%m}"


class AllowanceMonthDetailView(AllowanceStaffMixin, TemplateView):
    """The month's review: every participant with days, amounts and flags."""

    template_name = "programs/allowances/month_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        month = kwargs.get("month") or self.get_month()
        rows = list(allowance_rows(allowance_month=month))
        for row in rows:
            row.step_rows = [
                step
                for step in row.breakdown.get("steps", [])
                if step["code"] not in (Step.CONTRIBUTION, Step.REFUND)
            ]
        approved = month.state == AllowanceMonthState.APPROVED
        documents = {}
        if approved:
            for kind in ("payroll", "refund"):
                documents[kind] = default_storage.exists(
                    document_path(month, kind, "pdf")
                )
        context.update(
            month=month,
            rows=rows,
            totals=month_totals(rows),
            flagged=sum(1 for row in rows if row.flags),
            is_manager=user_manages(user=self.request.user, unit_id=month.unit_id),
            approved=approved,
            documents=documents,
            attendance_url=attendance_link(month),
            history=list(
                month.history.select_related("history_user").order_by("-history_date")[
                    :20
                ]
            ),
        )
        return context


class AllowanceRecomputeView(AllowanceStaffMixin, View):
    http_method_names = ["post"]

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        month = self.get_month()
        try:
            allowance_month_recompute(allowance_month=month, actor=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        except PermissionDenied as error:
            raise Http404 from error
        else:
            messages.success(request, _("The month was computed again."))
        return redirect("programs:allowance_month", month.pk)


class MonthFormView(AllowanceStaffMixin, FormView):
    """A manager's form about one month (approve, reopen)."""

    manager_only = True

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["month"] = self.month
        return context

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.month = self.get_month()
        return super().get(request, *args, **kwargs)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.month = self.get_month()
        return super().post(request, *args, **kwargs)

    def act(self, form: Any) -> None:
        raise NotImplementedError

    success_message = ""

    def form_valid(self, form: Any) -> HttpResponse:
        try:
            self.act(form)
        except ValidationError as error:
            apply_errors(form, error)
            return self.form_invalid(form)
        except PermissionDenied as error:
            raise Http404 from error
        messages.success(self.request, str(self.success_message))
        return redirect("programs:allowance_month", self.month.pk)

    def form_invalid(self, form: Any) -> HttpResponse:
        return self.render_to_response(self.get_context_data(form=form), status=400)


class AllowanceApproveView(MonthFormView):
    template_name = "programs/allowances/month_approve.html"
    form_class = ApproveForm
    success_message = gettext_lazy("The month is approved and locked.")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        rows = list(allowance_rows(allowance_month=self.month))
        context["totals"] = month_totals(rows)
        context["flagged"] = sum(1 for row in rows if row.flags)
        return context

    def act(self, form: ApproveForm) -> None:
        allowance_month_approve(allowance_month=self.month, actor=self.request.user)


class AllowanceReopenView(MonthFormView):
    template_name = "programs/allowances/month_reopen.html"
    form_class = ReopenForm
    success_message = gettext_lazy(
        "The month is reopened: attendance, amounts and bonuses can be changed."
    )

    def act(self, form: ReopenForm) -> None:
        allowance_month_reopen(
            allowance_month=self.month,
            actor=self.request.user,
            reason=form.cleaned_data["reason"],
        )


class AllowanceBonusView(AllowanceStaffMixin, FormView):
    """The manager's motivational bonus for one participant's month."""

    template_name = "programs/allowances/bonus_form.html"
    form_class = BonusForm

    def get_allowance(self) -> MonthlyAllowance:
        allowance = get_object_or_404(
            allowance_list_for_user(user=self.request.user), pk=self.kwargs["pk"]
        )
        if not user_manages(
            user=self.request.user, unit_id=allowance.allowance_month.unit_id
        ):
            raise Http404
        return allowance

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.allowance = self.get_allowance()
        return super().get(request, *args, **kwargs)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.allowance = self.get_allowance()
        return super().post(request, *args, **kwargs)

    def get_initial(self) -> dict[str, Any]:
        return {"bonus_percent": self.allowance.bonus_percent}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["allowance"] = self.allowance
        context["month"] = self.allowance.allowance_month
        return context

    def form_valid(self, form: BonusForm) -> HttpResponse:
        try:
            allowance_bonus_set(
                allowance=self.allowance,
                percent=form.cleaned_data["bonus_percent"],
                actor=self.request.user,
            )
        except ValidationError as error:
            apply_errors(form, error)
            return self.form_invalid(form)
        except PermissionDenied as error:
            raise Http404 from error
        messages.success(self.request, _("The bonus is saved."))
        return redirect("programs:allowance_month", self.allowance.allowance_month_id)

    def form_invalid(self, form: BonusForm) -> HttpResponse:
        return self.render_to_response(self.get_context_data(form=form), status=400)


class DocumentView(AllowanceStaffMixin, View):
    """A document of an approved month; downloads are in the access log."""

    kind = "payroll"
    fmt = "pdf"
    what = ""

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        month = self.get_month()
        if month.state != AllowanceMonthState.APPROVED:
            messages.warning(request, str(ONLY_APPROVED))
            return redirect("programs:allowance_month", month.pk)
        filename = document_path(month, self.kind, self.fmt).rsplit("/", 1)[-1]
        if self.fmt == "xlsx":
            builder = payroll_xlsx if self.kind == "payroll" else refund_xlsx
            content = builder(month)
            log_export(request, [month.unit], f"{self.what} XLSX {month.month:%Y-%m}")
            response = HttpResponse(content, content_type=XLSX)
            response["Content-Disposition"] = f'attachment; filename="{filename}"'
            return response
        path = document_path(month, self.kind, "pdf")
        if not default_storage.exists(path):
            enqueue_allowance_pdf(month.pk, self.kind)
            messages.info(request, str(PDF_PENDING))
            return redirect("programs:allowance_month", month.pk)
        log_export(request, [month.unit], f"{self.what} PDF {month.month:%Y-%m}")
        return serve_file(path, "application/pdf", filename=filename)


class PayrollPdfView(DocumentView):
    kind, fmt, what = "payroll", "pdf", "allowance payroll list"


class PayrollXlsxView(DocumentView):
    kind, fmt, what = "payroll", "xlsx", "allowance payroll list"


class RefundPdfView(DocumentView):
    kind, fmt, what = "refund", "pdf", "allowance refund request"


class RefundXlsxView(DocumentView):
    kind, fmt, what = "refund", "xlsx", "allowance refund request"


class BenefitRateListView(AllowanceStaffMixin, FilteredTableView):
    """The unemployment-benefit amounts the allowance is a share of
    (read-only; administrators add rows in the administration site)."""

    table_class = BenefitRateTable
    filterset_class = BenefitRateFilter
    template_name = "programs/allowances/benefit_rates.html"
    export_name = "zasilek-dla-bezrobotnych"

    def get_queryset(self):
        return benefit_rate_list()
