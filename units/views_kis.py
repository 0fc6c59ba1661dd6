"""Officials' pages for the register of KIS (art. 18a of the Act): founders'
notifications of new clubs, calls to complete them, entries into the
register, and the closure of a club, notified from its page."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.generic import DetailView, FormView, View

from accounts.access import Level, ScopeRequiredMixin
from cis_kis.listing import FilteredTableView
from units import forms, services
from units.constants import UnitKind
from units.constants_kis import KisNotificationKind, KisNotificationState
from units.filters_kis import KisNotificationFilter
from units.models import KisNotification
from units.selectors import kis_notification_list_for_user, unit_list_for_user
from units.tables_kis import KisNotificationTable
from units.views import render_unit_page
from units.views_actions import ActionFormsMixin, apply_errors
from units.views_status import OFFICES, OFFICIALS, OfficialVoivodeshipMixin


class KisNotificationListView(ScopeRequiredMixin, FilteredTableView):
    allowed_levels = OFFICES
    model = KisNotification
    table_class = KisNotificationTable
    filterset_class = KisNotificationFilter
    template_name = "units/kis_notification_list.html"
    export_name = "zgloszenia-kis"

    def get_queryset(self) -> QuerySet[KisNotification]:
        return kis_notification_list_for_user(user=self.request.user)


class KisNotificationCreateView(OfficialVoivodeshipMixin, FormView):
    form_class = forms.KisNotificationForm
    template_name = "units/kis_notification_form.html"

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "voivodeship": self.voivodeship}

    def form_valid(self, form: forms.KisNotificationForm) -> HttpResponse:
        try:
            notification = services.kis_notification_register(
                actor=self.request.user,
                voivodeship=self.voivodeship,
                **form.cleaned_data,
            )
        except ValidationError as error:
            apply_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("The notification has been registered."))
        return redirect(notification)


class KisNotificationDetailView(ScopeRequiredMixin, ActionFormsMixin, DetailView):
    """A notification with its history; officials of its voivodeship call for
    completion, record the completion and enter the club here (POST with an
    `action`)."""

    allowed_levels = OFFICES
    template_name = "units/kis_notification_detail.html"
    context_object_name = "notification"

    ACTIONS = {
        "completion": forms.KisCompletionRequestForm,
        "completed": forms.KisCompletedForm,
        "enter": forms.KisEntryForm,
    }

    def get_queryset(self) -> QuerySet[KisNotification]:
        return kis_notification_list_for_user(user=self.request.user)

    def can_act(self) -> bool:
        return (
            self.scope.level is Level.VOIVODESHIP
            and self.object.voivodeship_id == self.scope.voivodeship_id
            and self.object.kind == KisNotificationKind.FOUNDING
            and self.object.state
            in (KisNotificationState.RECEIVED, KisNotificationState.INCOMPLETE)
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        notification = self.object
        context["history"] = notification.history.select_related("history_user")[:50]
        context["can_act"] = can_act = self.can_act()
        if can_act:
            context.update(self.action_forms(kwargs.get("bound_action")))
        return context

    def run(self, action: str, data: dict[str, Any]) -> None:
        actor, notification = self.request.user, self.object
        if action == "completion":
            services.kis_notification_request_completion(
                actor=actor, notification=notification, **data
            )
            messages.success(
                self.request,
                _("The call has been recorded; the entry deadline is suspended."),
            )
        elif action == "completed":
            services.kis_notification_completed(
                actor=actor, notification=notification, **data
            )
            messages.success(
                self.request, _("The notification is complete; the 30 days run again.")
            )
        elif action == "enter":
            unit = services.kis_register_entry(
                actor=actor, notification=notification, **data
            )
            messages.success(
                self.request,
                _("“%(name)s” has been entered in the register of KIS.")
                % {"name": unit.name},
            )


class KisClosureCreateView(ScopeRequiredMixin, View):
    """Record a club's closure, notified by its founder (art. 18a ust. 4) or
    found by the voivode (ust. 5), from the club's page (POST); a GET goes
    back there."""

    allowed_levels = OFFICIALS

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        unit = get_object_or_404(unit_list_for_user(user=request.user), pk=pk)
        return redirect(f"{unit.get_absolute_url()}#kis-register")

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        unit = get_object_or_404(
            unit_list_for_user(user=request.user).filter(kind=UnitKind.KIS), pk=pk
        )
        form = forms.KisClosureForm(request.POST, prefix="kis_closure")
        if form.is_valid():
            try:
                notification = services.kis_closure_record(
                    actor=request.user, unit=unit, **form.cleaned_data
                )
            except ValidationError as error:
                apply_errors(form, error)
            except PermissionDenied as error:
                raise Http404 from error
            else:
                messages.success(request, _("The closure of the club is recorded."))
                return redirect(notification)
        messages.error(request, _("The closure could not be recorded; see below."))
        return render_unit_page(request, self.scope, unit, kis_closure_form=form)
