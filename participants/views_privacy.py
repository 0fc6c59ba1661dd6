"""Data protection pages of a unit's manager: the export of everything held
about a person (GDPR art. 15) as JSON or PDF, anonymisation, and the access
log of the units they manage."""

from __future__ import annotations

import json
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views import View

from accounts.access import Level, ScopeRequiredMixin, scope_for
from cis_kis.listing import FilteredTableView
from participants import services
from participants.constants import AccessAction
from participants.filters_privacy import AccessLogFilter
from participants.forms import AnonymiseForm
from participants.models import AccessLog, Participant
from participants.selectors import (
    access_log_for_user,
    data_export_list_for_user,
    managed_participant_list,
    unit_staff_units,
)
from participants.tables_privacy import AccessLogTable
from participants.views_common import log_access, log_export, serve_file
from units.views_actions import apply_errors

# --- pages -------------------------------------------------------------------


class ManagerRequiredMixin(ScopeRequiredMixin):
    """Pages of the head of a unit: other unit staff and everyone else get 404."""

    allowed_levels = (Level.UNITS,)

    def dispatch(
        self, request: HttpRequest, *args: Any, **kwargs: Any
    ) -> HttpResponseBase:
        if (
            request.user.is_authenticated
            and not scope_for(request.user).managed_unit_ids
        ):
            raise Http404
        return super().dispatch(request, *args, **kwargs)


def _participant(request: HttpRequest, pk: int) -> Participant:
    return get_object_or_404(managed_participant_list(user=request.user), pk=pk)


class DataExportView(ManagerRequiredMixin, View):
    """What the export of a person's data holds, the PDFs asked for so far,
    and the button that asks for a new one."""

    template_name = "participants/data_export.html"

    def render_page(
        self, request: HttpRequest, participant: Participant, status: int = 200
    ) -> HttpResponse:
        exports = data_export_list_for_user(user=request.user).filter(
            participant=participant
        )
        context = {"participant": participant, "exports": exports}
        return render(request, self.template_name, context, status=status)

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        return self.render_page(request, _participant(request, pk))

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        participant = _participant(request, pk)
        try:
            services.data_export_request(actor=request.user, participant=participant)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
            return self.render_page(request, participant, status=400)
        except PermissionDenied as error:
            raise Http404 from error
        messages.success(
            request,
            _("The PDF is being prepared; it will be listed below in a moment."),
        )
        return redirect("participants:data", pk=participant.pk)


class DataExportJsonView(ManagerRequiredMixin, View):
    """Everything held about the person, as a JSON file."""

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        participant = _participant(request, pk)
        log_access(request, participant, AccessAction.DATA_EXPORT, "JSON")
        data = services.participant_data(participant)
        response = HttpResponse(
            json.dumps(data, ensure_ascii=False, indent=2).encode(),
            content_type="application/json",
        )
        response["Content-Disposition"] = (
            f'attachment; filename="dane-uczestnika-{participant.pk}.json"'
        )
        return response


class DataExportPdfView(ManagerRequiredMixin, View):
    """One stored PDF of a person's data, once the worker has rendered it."""

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        export = get_object_or_404(data_export_list_for_user(user=request.user), pk=pk)
        participant = export.participant
        if not export.ready:
            messages.info(
                request, _("The PDF is being prepared; try again in a moment.")
            )
            return redirect("participants:data", pk=participant.pk)
        log_access(request, participant, AccessAction.DATA_EXPORT, "PDF")
        return serve_file(export.pdf, content_type="application/pdf")


class AnonymiseView(ManagerRequiredMixin, View):
    """Confirmation, then anonymisation of a record that keeps the statistics.
    An anonymised record answers 404: there is nothing left to erase."""

    template_name = "participants/anonymise.html"

    def render_page(
        self,
        request: HttpRequest,
        participant: Participant,
        form: AnonymiseForm,
        status: int = 200,
    ) -> HttpResponse:
        context = {
            "participant": participant,
            "form": form,
            "has_open_participation": participant.participations.open().exists(),
        }
        return render(request, self.template_name, context, status=status)

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        return self.render_page(request, _participant(request, pk), AnonymiseForm())

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        participant = _participant(request, pk)
        form = AnonymiseForm(request.POST)
        if form.is_valid():
            try:
                participant = services.participant_anonymise(
                    actor=request.user, participant=participant
                )
            except ValidationError as error:
                apply_errors(form, error)
            except PermissionDenied as error:
                raise Http404 from error
            else:
                messages.success(request, _("The record has been anonymised."))
                return redirect(participant)
        return self.render_page(request, participant, form, status=400)


class AccessLogListView(ManagerRequiredMixin, FilteredTableView):
    """Who read or exported which participant's data, in the units the user
    manages, newest first."""

    model = AccessLog
    table_class = AccessLogTable
    filterset_class = AccessLogFilter
    template_name = "participants/access_log.html"
    export_name = "rejestr-dostepu"

    def get_queryset(self) -> QuerySet[AccessLog]:
        return access_log_for_user(user=self.request.user)

    def create_export(self, export_format: str) -> HttpResponse:
        response = super().create_export(export_format)
        # The rows name participants: the download is itself logged, once
        # for each unit whose log it holds.
        log_export(
            self.request,
            unit_staff_units(user=self.request.user).filter(
                pk__in=self.scope.managed_unit_ids
            ),
            f"access log, {export_format.upper()}",
        )
        return response
