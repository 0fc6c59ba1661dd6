"""The return of unused subsidies after a loss of status (art. 6 ust. 3 of
the Act), recorded by an official of the decision's voivodeship on a page of
its own and shown on the decision's page."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from units import forms
from units.constants import DecisionKind
from units.selectors import decision_list_for_user
from units.services.subsidies import Subsidy, subsidy_return_record
from units.views_actions import apply_errors
from units.views_status import OfficialVoivodeshipMixin


class SubsidyReturnView(OfficialVoivodeshipMixin, TemplateView):
    template_name = "units/subsidy_return_form.html"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        if request.user.is_authenticated:
            self.decision = get_object_or_404(
                decision_list_for_user(user=request.user).filter(
                    kind=DecisionKind.LOSS
                ),
                pk=kwargs["pk"],
            )
        return super().dispatch(request, *args, **kwargs)

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.require_own_voivodeship()
        settlement = getattr(self.decision, "subsidy_return", None)
        form = forms.SubsidyReturnForm(
            initial=(
                {
                    "unused_amount": settlement.unused_amount,
                    "established_on": settlement.established_on,
                    "note": settlement.note,
                }
                if settlement
                else {}
            )
        )
        recorded = list(settlement.lines.all()) if settlement else []
        lines = forms.subsidy_line_formset(self.extra_rows(len(recorded)))(
            prefix="lines",
            initial=[
                {
                    "grantor": line.grantor,
                    "grantor_kind": line.grantor_kind,
                    "granted": line.granted,
                }
                for line in recorded
            ],
        )
        return self.render_to_response(self.get_context_data(form=form, lines=lines))

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.require_own_voivodeship()
        form = forms.SubsidyReturnForm(request.POST)
        lines = forms.subsidy_line_formset()(request.POST, prefix="lines")
        subsidy_errors: list[str] = []
        if form.is_valid() and lines.is_valid():
            subsidies = [
                Subsidy(
                    grantor=line["grantor"],
                    grantor_kind=line["grantor_kind"],
                    granted=line["granted"],
                )
                for line in lines.cleaned_data
                if line and not line.get("DELETE")
            ]
            # A row removed, or one left empty, is not a subsidy.
            try:
                subsidy_return_record(
                    actor=request.user,
                    decision=self.decision,
                    unused_amount=form.cleaned_data["unused_amount"],
                    established_on=form.cleaned_data["established_on"],
                    subsidies=subsidies,
                    note=form.cleaned_data["note"],
                )
            except PermissionDenied as error:
                raise Http404 from error
            except ValidationError as error:
                if hasattr(error, "error_dict"):
                    subsidy_errors = [
                        message
                        for item in error.error_dict.pop("subsidies", [])
                        for message in item.messages
                    ]
                    if error.error_dict:
                        apply_errors(form, ValidationError(error.error_dict))
                else:
                    apply_errors(form, error)
            else:
                messages.success(
                    request, _("The return of unused subsidies has been recorded.")
                )
                return redirect(self.decision)
        context = self.get_context_data(
            form=form, lines=lines, subsidy_errors=subsidy_errors
        )
        return self.render_to_response(context, status=400)

    def extra_rows(self, recorded: int) -> int:
        """Three empty rows, or as many as `?rows=` asks for in all."""
        wanted = self.request.GET.get("rows", "")
        if wanted.isdigit():
            total = min(int(wanted), forms.MAX_SUBSIDY_LINES)
            return max(total - max(recorded, 1), 0)
        return 3

    def require_own_voivodeship(self) -> None:
        if self.decision.voivodeship_id != self.scope.voivodeship_id:
            raise Http404

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        lines = kwargs.get("lines")
        shown = lines.total_form_count() if lines is not None else 0
        more = min(shown + 5, forms.MAX_SUBSIDY_LINES)
        return super().get_context_data(
            decision=self.decision,
            more_rows=more if more > shown else None,
            **kwargs,
        )
