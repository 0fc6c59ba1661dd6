"""What a centre provides to each participant (art. 14 ust. 2-4): recording an
entry, voiding a wrong one, the daily meal, and the list of participants
under way who lack the health and safety training, a valid medical
examination or work clothing. Only the staff of the participant's centre
reach these pages; every read and change is written to the access log."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from cis_kis.listing import FilteredTableView
from participants import services
from participants.constants import OPEN_STATES, AccessAction
from participants.constants_provisions import PROVISION_POINTS, ProvisionKind
from participants.filters_provisions import MissingProvisionFilter
from participants.forms_provisions import MealForm, ProvisionForm, ProvisionVoidForm
from participants.models import Participation, Provision
from participants.selectors import participation_list_for_user, unit_staff_units
from participants.selectors_provisions import (
    missing_provisions_for_user,
    provision_list_for_user,
    provisions_of,
)
from participants.tables_provisions import MissingProvisionTable
from participants.views import UnitStaffMixin
from participants.views_common import log_access, log_export
from units.constants import UnitKind
from units.views_actions import apply_errors

PANEL = "#p-provisions"


def centre_participations(user: Any) -> QuerySet[Participation]:
    """Participations of the user's centres whose person is not anonymised."""
    return participation_list_for_user(user=user).filter(
        unit__kind=UnitKind.CIS, participant__anonymised_at__isnull=True
    )


class ProvisionFormView(UnitStaffMixin, TemplateView):
    """A form about one participation of the user's centres: shown, then the
    service's errors on it with the input kept (status 400)."""

    form_class: type[Form]
    what = "provisions"
    participation: Participation

    def get_participation(self) -> Participation:
        raise NotImplementedError

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        if request.user.is_authenticated:
            self.participation = self.get_participation()
        return super().dispatch(request, *args, **kwargs)

    def initial(self) -> dict[str, Any]:
        return {}

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        log_access(
            request, self.participation.participant, AccessAction.VIEW, self.what
        )
        form = self.form_class(initial=self.initial())
        return self.render_to_response(self.get_context_data(form=form))

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = self.form_class(request.POST)
        if form.is_valid():
            try:
                message = self.save(form.cleaned_data)
            except ValidationError as error:
                apply_errors(form, error)
            except PermissionDenied as error:
                raise Http404 from error
            else:
                log_access(
                    request,
                    self.participation.participant,
                    AccessAction.EDIT,
                    self.what,
                )
                messages.success(request, message)
                return redirect(self.participation.get_absolute_url() + PANEL)
        log_access(
            request, self.participation.participant, AccessAction.VIEW, self.what
        )
        return self.render_to_response(self.get_context_data(form=form), status=400)

    def save(self, data: dict[str, Any]) -> str:
        raise NotImplementedError

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(
            {
                "participation": self.participation,
                "participant": self.participation.participant,
                "unit": self.participation.unit,
            }
        )
        return context


class ProvisionCreateView(ProvisionFormView):
    """Record what the centre provided: `?kind=` chooses what the form starts
    with (the panel's links for what is missing)."""

    form_class = ProvisionForm
    template_name = "participants/provision_form.html"
    what = "provision"

    def get_participation(self) -> Participation:
        return get_object_or_404(
            centre_participations(self.request.user), pk=self.kwargs["pk"]
        )

    def initial(self) -> dict[str, Any]:
        kind = self.request.GET.get("kind", "")
        return {
            "kind": kind if kind in ProvisionKind.values else "",
            "provided_on": timezone.localdate(),
        }

    def save(self, data: dict[str, Any]) -> str:
        provision = services.provision_record(
            actor=self.request.user,
            participation=self.participation,
            kind=data["kind"],
            provided_on=data["provided_on"],
            valid_until=data["valid_until"],
            result=data["result"],
            note=data["note"],
        )
        return _("Recorded: %(what)s on %(day)s.") % {
            "what": provision.get_kind_display(),
            "day": f"{provision.provided_on:%d.%m.%Y}",
        }

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["provisions"] = provisions_of(self.participation)
        context["points"] = [
            (kind.label, PROVISION_POINTS[kind]) for kind in ProvisionKind
        ]
        return context


class ProvisionVoidView(ProvisionFormView):
    """Void a wrong entry with the reason; it stays in the history."""

    form_class = ProvisionVoidForm
    template_name = "participants/provision_void.html"
    what = "provision (void)"
    provision: Provision

    def get_participation(self) -> Participation:
        self.provision = get_object_or_404(
            provision_list_for_user(user=self.request.user)
            .in_force()
            .filter(
                participation__unit__kind=UnitKind.CIS,
                participation__participant__anonymised_at__isnull=True,
            ),
            pk=self.kwargs["pk"],
        )
        return self.provision.participation

    def save(self, data: dict[str, Any]) -> str:
        services.provision_void(
            actor=self.request.user, provision=self.provision, reason=data["reason"]
        )
        return _("The entry has been voided.")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["provision"] = self.provision
        return context


class MealUpdateView(ProvisionFormView):
    """Whether the participant takes the free daily meal (art. 14 ust. 4)."""

    form_class = MealForm
    template_name = "participants/meal_form.html"
    what = "daily meal"

    def get_participation(self) -> Participation:
        return get_object_or_404(
            centre_participations(self.request.user).filter(state__in=OPEN_STATES),
            pk=self.kwargs["pk"],
        )

    def initial(self) -> dict[str, Any]:
        return {
            "takes_meal": self.participation.takes_meal,
            "meal_note": self.participation.meal_note,
        }

    def save(self, data: dict[str, Any]) -> str:
        services.participation_meal_set(
            actor=self.request.user,
            participation=self.participation,
            takes_meal=data["takes_meal"],
            note=data["meal_note"],
        )
        return _("The daily meal has been saved.")


class MissingProvisionListView(UnitStaffMixin, FilteredTableView):
    """Participants under way in the user's centres who lack the health and
    safety training, the medical examination or work clothing, or whose
    examination has expired or expires soon."""

    model = Participation
    table_class = MissingProvisionTable
    filterset_class = MissingProvisionFilter
    template_name = "participants/provision_missing_list.html"
    export_name = "braki-bhp-badania-odziez"

    def get_queryset(self) -> QuerySet[Participation]:
        return missing_provisions_for_user(user=self.request.user)

    def create_export(self, export_format: str) -> HttpResponse:
        """The filtered rows as a file, noted in the access log of every
        centre whose participants the list may hold."""
        log_export(
            self.request,
            unit_staff_units(user=self.request.user).filter(kind=UnitKind.CIS),
            "missing provisions list",
        )
        return super().create_export(export_format)
