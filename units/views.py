from typing import Any

from django.db.models import QuerySet
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.views.generic import DetailView

from accounts.access import Level, Scope, ScopeRequiredMixin
from cis_kis.listing import FilteredTableView
from units.constants import CisStatus, UnitKind
from units.filters import UnitFilter
from units.forms import ClosureForm, InspectionForm, KisClosureForm, LossForm
from units.models import Unit
from units.selectors import (
    decision_list_for_user,
    kis_notification_list_for_user,
    unit_key_figures,
    unit_list_for_user,
)
from units.selectors_contents import promises_vs_done
from units.services.supervision import unit_inspections
from units.tables import UnitTable


class UnitListView(ScopeRequiredMixin, FilteredTableView):
    """Units in the user's scope."""

    model = Unit
    table_class = UnitTable
    filterset_class = UnitFilter
    template_name = "units/unit_list.html"
    export_name = "jednostki"

    def get_queryset(self) -> QuerySet[Unit]:
        return unit_list_for_user(user=self.request.user).with_status()


class UnitDetailView(ScopeRequiredMixin, DetailView):
    """One unit in the user's scope; anything else is 404."""

    template_name = "units/unit_detail.html"
    context_object_name = "unit"

    def get_queryset(self) -> QuerySet[Unit]:
        return unit_list_for_user(user=self.request.user)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        unit = self.object
        context["is_manager"] = self.scope.manages(unit.pk)
        context["figures"] = unit_key_figures(unit=unit)
        if unit.kind == UnitKind.CIS:
            context["status"] = unit.status_on()
            context["decisions"] = list(
                decision_list_for_user(user=self.request.user).filter(unit=unit)
            )
            can_decide = (
                self.scope.level is Level.VOIVODESHIP
                and self.scope.voivodeship_id == unit.voivodeship_id
                and context["status"].status == CisStatus.ACTIVE
            )
            context["can_decide"] = can_decide
            if can_decide:
                context.setdefault("loss_form", LossForm(prefix="loss"))
                context.setdefault("closure_form", ClosureForm(prefix="closure"))
            # Supervision (art. 5b): read by everyone who sees the centre,
            # recorded by an official of its voivodeship.
            context["inspections"] = unit_inspections(user=self.request.user, unit=unit)
            can_supervise = (
                self.scope.level is Level.VOIVODESHIP
                and self.scope.voivodeship_id == unit.voivodeship_id
            )
            context["can_supervise"] = can_supervise
            # What the applications stated against the accepted reports
            # (art. 6 ust. 1), for the offices only: the centre's own staff
            # have their reports.
            if self.scope.level in (Level.VOIVODESHIP, Level.NATIONAL):
                context["promises"] = promises_vs_done(
                    unit=unit, decisions=context["decisions"]
                )
            if can_supervise:
                context.setdefault(
                    "inspection_form", InspectionForm(prefix="inspection")
                )
        elif unit.kind == UnitKind.KIS:
            # The register of KIS (art. 18a): the club's notifications, and
            # its closure recorded by an official of its voivodeship.
            context["kis_notifications"] = list(
                kis_notification_list_for_user(user=self.request.user)
                .filter(unit=unit)
                .order_by("received_on", "pk")
            )
            can_close = (
                self.scope.level is Level.VOIVODESHIP
                and self.scope.voivodeship_id == unit.voivodeship_id
                and unit.closed_on is None
            )
            context["can_close_kis"] = can_close
            if can_close:
                context.setdefault(
                    "kis_closure_form", KisClosureForm(prefix="kis_closure")
                )
        return context


def render_unit_page(
    request: HttpRequest, scope: Scope, unit: Unit, **forms: Form
) -> HttpResponse:
    """The unit's page again, with a form that failed (status 400)."""
    view = UnitDetailView()
    view.setup(request, pk=unit.pk)
    view.scope = scope
    view.object = unit
    return view.render_to_response(view.get_context_data(**forms), status=400)
