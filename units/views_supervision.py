"""Supervision of a CIS (art. 5b): officials of the centre's voivodeship record
inspections and recommendations; other officials, analysts and the centre's
own staff read them."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.generic import DetailView, View

from accounts.access import Level, ScopeRequiredMixin
from units import forms, services
from units.models import Inspection
from units.selectors import unit_list_for_user
from units.views import render_unit_page
from units.views_actions import ActionFormsMixin, apply_errors


class InspectionCreateView(ScopeRequiredMixin, View):
    """Record an inspection from the centre's page (POST); a GET goes back there."""

    allowed_levels = (Level.VOIVODESHIP,)

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        unit = get_object_or_404(unit_list_for_user(user=request.user), pk=pk)
        return redirect(f"{unit.get_absolute_url()}#supervision")

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        unit = get_object_or_404(unit_list_for_user(user=request.user), pk=pk)
        form = forms.InspectionForm(request.POST, prefix="inspection")
        if form.is_valid():
            try:
                inspection = services.inspection_record(
                    actor=request.user, unit=unit, **form.cleaned_data
                )
            except ValidationError as error:
                apply_errors(form, error)
            except PermissionDenied as error:
                raise Http404 from error
            else:
                messages.success(request, _("The inspection has been recorded."))
                return redirect(inspection)
        messages.error(request, _("The inspection could not be recorded; see below."))
        return render_unit_page(request, self.scope, unit, inspection_form=form)


class InspectionDetailView(ScopeRequiredMixin, ActionFormsMixin, DetailView):
    """An inspection with its recommendations; an official of the centre's
    voivodeship issues recommendations and marks them fulfilled here (POST
    with an `action`)."""

    template_name = "units/inspection_detail.html"
    context_object_name = "inspection"

    ACTIONS = {
        "recommend": forms.RecommendationForm,
        "met": forms.RecommendationMetForm,
    }

    def get_queryset(self) -> QuerySet[Inspection]:
        return services.inspection_list_for_user(user=self.request.user)

    def can_act(self) -> bool:
        return (
            self.scope.level is Level.VOIVODESHIP
            and self.object.voivodeship_id == self.scope.voivodeship_id
        )

    def make_form(self, action: str, data: Any = None, files: Any = None) -> Form:
        if action == "met":
            return forms.RecommendationMetForm(
                data, prefix=action, inspection=self.object
            )
        return self.ACTIONS[action](data, prefix=action)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        recommendations = list(
            services.recommendation_list_for_user(user=self.request.user)
            .filter(inspection=self.object)
            .order_by("delivered_on", "pk")
        )
        context["recommendations"] = recommendations
        context["has_open"] = any(r.met_on is None for r in recommendations)
        context["can_act"] = can_act = self.can_act()
        if can_act:
            context.update(self.action_forms(kwargs.get("bound_action")))
        return context

    def run(self, action: str, data: dict[str, Any]) -> None:
        actor, inspection = self.request.user, self.object
        if action == "recommend":
            services.recommendation_issue(actor=actor, inspection=inspection, **data)
            messages.success(self.request, _("The recommendation has been recorded."))
        elif action == "met":
            services.recommendation_mark_met(actor=actor, **data)
            messages.success(
                self.request, _("The recommendation has been marked fulfilled.")
            )
