"""Officials' pages for CIS status: applications, their documents, calls to
supplement, decisions, and the loss or closure of a centre's status."""

from __future__ import annotations

import copy
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.forms import Form
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.generic import DetailView, FormView, View

from accounts.access import Level, ScopeRequiredMixin
from cis_kis.listing import FilteredTableView
from units import forms, services
from units.constants import ApplicationState, DocumentKind
from units.filters_status import ApplicationFilter
from units.models import (
    APPLICATION_CONTENTS_FIELDS,
    PROPOSED_CENTRE_FIELDS,
    StatusApplication,
    StatusDecision,
    Voivodeship,
)
from units.selectors import (
    application_list_for_user,
    decision_list_for_user,
    unit_list_for_user,
)
from units.selectors_contents import application_contents
from units.tables_status import ApplicationTable
from units.views import render_unit_page
from units.views_actions import ActionFormsMixin, apply_errors

OFFICIALS = (Level.VOIVODESHIP,)
OFFICES = (Level.VOIVODESHIP, Level.NATIONAL)


class ApplicationListView(ScopeRequiredMixin, FilteredTableView):
    allowed_levels = OFFICES
    model = StatusApplication
    table_class = ApplicationTable
    filterset_class = ApplicationFilter
    template_name = "units/application_list.html"
    export_name = "wnioski-o-status"

    def get_queryset(self) -> QuerySet[StatusApplication]:
        return application_list_for_user(user=self.request.user)


class OfficialVoivodeshipMixin(ScopeRequiredMixin):
    allowed_levels = OFFICIALS

    @property
    def voivodeship(self) -> Voivodeship:
        return Voivodeship.objects.get(pk=self.scope.voivodeship_id)


class FoundingBodyCreateView(OfficialVoivodeshipMixin, FormView):
    form_class = forms.FoundingBodyForm
    template_name = "units/founding_body_form.html"

    def form_valid(self, form: forms.FoundingBodyForm) -> HttpResponse:
        try:
            body = services.founding_body_create(
                actor=self.request.user,
                voivodeship=self.voivodeship,
                **form.cleaned_data,
            )
        except ValidationError as error:
            apply_errors(form, error)
            return self.form_invalid(form)
        messages.success(
            self.request, _("Founding body “%(name)s” saved.") % {"name": body.name}
        )
        next_url = self.request.GET.get("next", "")
        if not url_has_allowed_host_and_scheme(
            next_url,
            allowed_hosts={self.request.get_host()},
            require_https=self.request.is_secure(),
        ):
            next_url = reverse("units:application_create")
        return redirect(next_url)


class ApplicationCreateView(OfficialVoivodeshipMixin, FormView):
    form_class = forms.ApplicationForm
    template_name = "units/application_form.html"

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "voivodeship": self.voivodeship}

    def form_valid(self, form: forms.ApplicationForm) -> HttpResponse:
        data = {
            name: value
            for name, value in form.cleaned_data.items()
            if name not in APPLICATION_CONTENTS_FIELDS
        }
        try:
            application = services.application_register(
                actor=self.request.user,
                voivodeship=self.voivodeship,
                contents=services.ApplicationContents.from_data(form.cleaned_data),
                **data,
            )
        except ValidationError as error:
            apply_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("The application has been registered."))
        return redirect(application)


class ApplicationContentsView(OfficialVoivodeshipMixin, FormView):
    """What a pending application states (art. 4 ust. 2), corrected by an
    official of its voivodeship; once decided it is read-only."""

    form_class = forms.ApplicationContentsForm
    template_name = "units/application_contents_form.html"

    def setup(self, request: HttpRequest, *args: Any, **kwargs: Any) -> None:
        super().setup(request, *args, **kwargs)
        self.application: StatusApplication | None = None

    def get_application(self) -> StatusApplication:
        if self.application is None:
            self.application = get_object_or_404(
                application_list_for_user(user=self.request.user), pk=self.kwargs["pk"]
            )
        return self.application

    def closed(self) -> HttpResponse:
        messages.info(
            self.request,
            _(
                "The application has been decided; what it states can no "
                "longer be changed."
            ),
        )
        return redirect(self.get_application())

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if self.get_application().state == ApplicationState.DECIDED:
            return self.closed()
        return super().get(request, *args, **kwargs)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if self.get_application().state == ApplicationState.DECIDED:
            return self.closed()
        return super().post(request, *args, **kwargs)

    def get_form_kwargs(self) -> dict[str, Any]:
        # A copy: validating the form writes the input into its instance, and
        # the page shows the application as it is.
        instance = copy.copy(self.get_application())
        return {**super().get_form_kwargs(), "instance": instance}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {**super().get_context_data(**kwargs), "application": self.application}

    def form_valid(self, form: forms.ApplicationContentsForm) -> HttpResponse:
        data = form.cleaned_data
        try:
            application = services.application_contents_update(
                actor=self.request.user,
                application=self.get_application(),
                contents=services.ApplicationContents.from_data(data),
                **{name: data[name] for name in PROPOSED_CENTRE_FIELDS},
            )
        except ValidationError as error:
            if getattr(error, "code", None) == "invalid_transition":
                return self.closed()
            apply_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("What the application states has been saved."))
        return redirect(application)


class ApplicationDetailView(ScopeRequiredMixin, ActionFormsMixin, DetailView):
    """An application with its checklist, calls, decisions and history; officials
    of its voivodeship act on it from here (POST with an `action`)."""

    allowed_levels = OFFICES
    template_name = "units/application_detail.html"
    context_object_name = "application"

    ACTIONS = {
        "document": forms.DocumentForm,
        "supplement": forms.SupplementRequestForm,
        "supplement_received": forms.SupplementReceivedForm,
        "complete": forms.CompleteForm,
        "decide": forms.DecisionForm,
    }

    def get_queryset(self) -> QuerySet[StatusApplication]:
        return application_list_for_user(user=self.request.user)

    def can_act(self) -> bool:
        return (
            self.scope.level is Level.VOIVODESHIP
            and self.object.voivodeship_id == self.scope.voivodeship_id
            and self.object.state != ApplicationState.DECIDED
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        application = self.object
        context["documents"] = list(application.documents.all())
        context["contents"], context["not_stated"] = application_contents(
            application=application, documents=context["documents"]
        )
        context["supplements"] = list(application.supplement_requests.all())
        context["decisions"] = list(application.decisions.all())
        context["history"] = application.history.select_related("history_user")[:50]
        context["can_act"] = self.can_act()
        context["document_kinds"] = DocumentKind
        context.update(self.action_forms(kwargs.get("bound_action")))
        return context

    def make_form(self, action: str, data: Any = None, files: Any = None) -> Form:
        """The action's form; document forms offer only this founder's checklist."""
        form_class = self.ACTIONS[action]
        kwargs: dict[str, Any] = {"prefix": action}
        if action in {"document", "supplement"}:
            kwargs["kinds"] = self.object.required_documents()
        return form_class(data, files, **kwargs)

    def run(self, action: str, data: dict[str, Any]) -> None:
        actor, application = self.request.user, self.object
        if action == "document":
            services.application_record_document(
                actor=actor,
                application=application,
                kind=data["kind"],
                delivered_on=data["delivered_on"],
                on_paper=data["on_paper"],
                file=data["file"],
                note=data["note"],
            )
            messages.success(self.request, _("The document has been recorded."))
        elif action == "supplement":
            services.application_request_supplement(
                actor=actor, application=application, **data
            )
            messages.success(
                self.request,
                _("The call has been recorded; the decision deadline is suspended."),
            )
        elif action == "supplement_received":
            services.application_supplement_received(
                actor=actor, application=application, **data
            )
            messages.success(self.request, _("The application is now complete."))
        elif action == "complete":
            services.application_mark_complete(
                actor=actor, application=application, complete_on=data["complete_on"]
            )
            messages.success(self.request, _("The application is now complete."))
        elif action == "decide":
            decision = services.decision_issue_on_application(
                actor=actor,
                application=application,
                grant=data["outcome"] == "grant",
                issued_on=data["issued_on"],
                reasoning=data["reasoning"],
            )
            messages.success(
                self.request,
                _("Decision %(number)s has been issued.") % {"number": decision.number},
            )


class ApplicationDocumentFileView(ScopeRequiredMixin, View):
    """An uploaded attachment, served only to those who may see the application."""

    allowed_levels = OFFICES

    def get(self, request: HttpRequest, pk: int, kind: str) -> FileResponse:
        if kind not in DocumentKind.values:
            # Before any query: PostgreSQL refuses strings with NUL bytes.
            raise Http404
        application = get_object_or_404(
            application_list_for_user(user=request.user), pk=pk
        )
        document = get_object_or_404(application.documents, kind=kind)
        if not document.file:
            raise Http404
        return FileResponse(document.file.open("rb"), as_attachment=True)


class DecisionDetailView(ScopeRequiredMixin, DetailView):
    allowed_levels = OFFICES
    template_name = "units/decision_detail.html"
    context_object_name = "decision"

    def get_queryset(self) -> QuerySet[StatusDecision]:
        return decision_list_for_user(user=self.request.user)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["may_record_subsidies"] = (
            self.scope.level is Level.VOIVODESHIP
            and self.scope.voivodeship_id == self.object.voivodeship_id
        )
        settlement = getattr(self.object, "subsidy_return", None)
        context["settlement"] = settlement
        context["settlement_rows"] = settlement.rows() if settlement else []
        return context


class DecisionPdfView(ScopeRequiredMixin, View):
    """The stored PDF of a decision, the same bytes every time."""

    allowed_levels = OFFICES

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        decision = get_object_or_404(decision_list_for_user(user=request.user), pk=pk)
        if not decision.pdf:
            messages.info(
                request, _("The PDF is being prepared; try again in a moment.")
            )
            return redirect(decision)
        return FileResponse(
            decision.pdf.open("rb"),
            as_attachment=True,
            filename=decision.pdf.name.rsplit("/", 1)[-1],
            content_type="application/pdf",
        )


class UnitStatusActionView(OfficialVoivodeshipMixin, View):
    """Loss of status (art. 6) or closure of a centre, by decision."""

    ACTIONS = {"loss": forms.LossForm, "closure": forms.ClosureForm}

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        unit = get_object_or_404(unit_list_for_user(user=request.user), pk=pk)
        action = request.POST.get("action", "")
        form_class = self.ACTIONS.get(action)
        if form_class is None:
            raise Http404
        form = form_class(request.POST, prefix=action)
        if form.is_valid():
            data = form.cleaned_data
            try:
                if action == "loss":
                    decision = services.status_loss_decide(
                        actor=request.user, unit=unit, **data
                    )
                else:
                    decision = services.status_closure_decide(
                        actor=request.user, unit=unit, **data
                    )
            except ValidationError as error:
                apply_errors(form, error)
            except PermissionDenied as error:
                raise Http404 from error
            else:
                messages.success(
                    request,
                    _("Decision %(number)s has been issued.")
                    % {"number": decision.number},
                )
                return redirect(decision)
        messages.error(request, _("The decision could not be issued; see below."))
        return render_unit_page(request, self.scope, unit, **{f"{action}_form": form})
