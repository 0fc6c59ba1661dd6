"""The refunds an employer received for supported employment, month by
month (art. 16 of the Act), and the voiding of a month entered by mistake."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Sum
from django.db.models.functions import Coalesce
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from participants.constants import AccessAction
from participants.views_common import log_access
from programs import forms
from programs.constants import SupportedEmploymentForm
from programs.models import SupportedEmployment, SupportedEmploymentRefund
from programs.refund_schedule import RefundRuleError
from programs.selectors import supported_employment_list_for_user
from programs.selectors_allowances import supported_refund_schedule
from programs.services import supported as supported_services
from programs.views import ConfirmView, UnitStaffMixin
from units.views_actions import apply_errors


def refunds_url(record: SupportedEmployment) -> str:
    return reverse("programs:supported_refunds", args=[record.pk])


class SupportedRefundsView(UnitStaffMixin, TemplateView):
    """The months of the refund with what was refunded in each, and the form
    that records (or corrects) one month."""

    template_name = "programs/supported_refunds.html"
    record: SupportedEmployment

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        if request.user.is_authenticated:
            self.record = get_object_or_404(
                supported_employment_list_for_user(user=request.user),
                pk=kwargs["pk"],
            )
        return super().dispatch(request, *args, **kwargs)

    @cached_property
    def schedule(self) -> tuple[Any, list[Any]]:
        """The rule and the months of the refund (none when the rule cannot
        be read), computed once per request."""
        try:
            return supported_refund_schedule(starts_on=self.record.starts_on)
        except RefundRuleError:
            return None, []

    @cached_property
    def refunds_in_force(self) -> dict[int, SupportedEmploymentRefund]:
        """The entries not voided, by month, read once per request."""
        return {
            refund.month: refund
            for refund in self.record.refunds.filter(voided_at__isnull=True)
        }

    def make_form(self, data: Any = None) -> forms.SupportedRefundForm:
        _rule, months = self.schedule
        ends_on = self.record.ends_on
        # Only the months of the employment; offer the first that has begun
        # and has no entry yet.
        months = [m for m in months if ends_on is None or m.first_day <= ends_on]
        recorded = set(self.refunds_in_force)
        today = timezone.localdate()
        upcoming = next(
            (
                month.number
                for month in months
                if month.number not in recorded and month.first_day <= today
            ),
            None,
        )
        return forms.SupportedRefundForm(
            data, months=months, initial={"month": upcoming}
        )

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        log_access(
            request,
            self.record.participation.participant,
            AccessAction.VIEW,
            "supported employment refunds",
        )
        return self.render_to_response(self.get_context_data(form=self.make_form()))

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = self.make_form(request.POST)
        if form.is_valid():
            try:
                refund = supported_services.supported_refund_record(
                    actor=request.user, record=self.record, **form.cleaned_data
                )
            except ValidationError as error:
                apply_errors(form, error)
            else:
                log_access(
                    request,
                    self.record.participation.participant,
                    AccessAction.EDIT,
                    "supported employment refunds",
                )
                messages.success(
                    request,
                    _("The refund for month %(month)s has been saved.")
                    % {"month": refund.month},
                )
                return redirect(refunds_url(self.record))
        return self.render_to_response(self.get_context_data(form=form), status=400)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        rule, months = self.schedule
        refunds = self.refunds_in_force
        totals = self.record.refunds.filter(voided_at__isnull=True).aggregate(
            amount=Coalesce(Sum("amount"), Decimal(0)),
            contributions=Coalesce(Sum("contributions"), Decimal(0)),
        )
        voided = list(
            self.record.refunds.filter(voided_at__isnull=False)
            .select_related("voided_by")
            .order_by("month", "voided_at")
        )
        rows = [(month, refunds.get(month.number)) for month in months]
        context.update(
            {
                "record": self.record,
                "participation": self.record.participation,
                "participant": self.record.participation.participant,
                "is_employer": self.record.form == SupportedEmploymentForm.EMPLOYER,
                "refund_rule": rule,
                "rows": rows,
                "voided": voided,
                "total_amount": totals["amount"],
                "total_contributions": totals["contributions"],
                "can_record": not self.record.participation.participant.is_anonymised,
            }
        )
        return context


class SupportedRefundVoidView(ConfirmView):
    form_class = forms.SupportedRefundVoidForm
    template_name = "programs/supported_refund_void.html"
    title = gettext_lazy("Void the refund of a month")
    button = gettext_lazy("Void the entry")
    danger = True

    def get_object(self) -> Any:
        return get_object_or_404(
            SupportedEmploymentRefund.objects.select_related(
                "employment__participation__participant"
            ),
            employment__in=supported_employment_list_for_user(user=self.request.user),
            employment_id=self.kwargs["pk"],
            month=self.kwargs["month"],
            voided_at__isnull=True,
        )

    def act(self, data: dict[str, Any]) -> None:
        supported_services.supported_refund_void(
            actor=self.request.user, refund=self.object, reason=data["reason"]
        )
        log_access(
            self.request,
            self.object.employment.participation.participant,
            AccessAction.EDIT,
            "supported employment refunds",
        )
        messages.success(
            self.request,
            _("The refund for month %(month)s has been voided.")
            % {"month": self.object.month},
        )

    def success_url(self) -> str:
        return refunds_url(self.object.employment)
