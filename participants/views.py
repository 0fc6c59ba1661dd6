"""Unit staff's pages of the participants: the list of participations, the
person's page and the correction of their data, and the checks due after
an exit. Only the staff of the participant's own unit reach them; every read
of a record and every export of personal data is written to the access log."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.generic import DetailView, ListView, UpdateView
from django_tables2 import SingleTableMixin

from accounts.access import Level, ScopeRequiredMixin
from cis_kis.listing import FilteredTableView, PageSizePaginator
from participants import services
from participants.constants import AccessAction, Stage
from participants.filters import ParticipationFilter
from participants.forms import PersonForm
from participants.models import FollowUp, Participant, Participation
from participants.selectors import (
    TimelineEvent,
    follow_ups_due,
    participant_list_for_user,
    participation_detail_queryset,
    participation_list_for_user,
    participation_timeline,
    unit_staff_units,
    with_stage,
)
from participants.tables import FollowUpTable, ParticipationTable
from participants.views_common import log_access, log_export
from units.views_actions import apply_errors


class UnitStaffMixin(ScopeRequiredMixin):
    """Only unit staff see participants: anyone else logged in gets 404."""

    allowed_levels = (Level.UNITS,)


class ParticipationListView(UnitStaffMixin, FilteredTableView):
    """The participations of the user's units, one row each."""

    model = Participation
    table_class = ParticipationTable
    filterset_class = ParticipationFilter
    template_name = "participants/participation_list.html"
    export_name = "uczestnicy"

    def get_queryset(self) -> QuerySet[Participation]:
        return with_stage(participation_list_for_user(user=self.request.user))

    def get_table(self, **kwargs: Any) -> ParticipationTable:
        table = super().get_table(**kwargs)
        if not any(self.request.GET.get(name) for name in self.filterset.form.fields):
            table.empty_text = _(
                "No participants are recorded yet. Use “New participant” to "
                "record the first one."
            )
        return table

    def create_export(self, export_format: str) -> HttpResponse:
        """The filtered rows as a file, noted in the access log of every unit
        whose participants the list may hold."""
        log_export(
            self.request, unit_staff_units(user=self.request.user), "participant list"
        )
        return super().create_export(export_format)


@dataclass(frozen=True)
class ParticipationRow:
    """A participation on the person's page, with its stage and timeline."""

    participation: Participation
    stage: str
    timeline: list[TimelineEvent]


class ParticipantDetailView(UnitStaffMixin, DetailView):
    """The person's data and their participations, each with its timeline."""

    template_name = "participants/participant_detail.html"
    context_object_name = "participant"

    def get_queryset(self) -> QuerySet[Participant]:
        return participant_list_for_user(user=self.request.user)

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.object = self.get_object()
        log_access(request, self.object, AccessAction.VIEW, "participant record")
        return self.render_to_response(self.get_context_data(object=self.object))

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        participant = self.object
        participations = with_stage(
            participation_detail_queryset(user=self.request.user).filter(
                participant=participant
            )
        ).order_by("-created_at", "-pk")
        rows = [
            ParticipationRow(
                participation=participation,
                stage=str(Stage(participation.stage).label),
                timeline=participation_timeline(participation),
            )
            for participation in participations
        ]
        context["participations"] = rows
        context["has_open"] = any(row.participation.is_open for row in rows)
        context["is_manager"] = self.scope.manages(participant.unit_id)
        return context


class ParticipantUpdateView(UnitStaffMixin, UpdateView):
    """Correct the person's data; an anonymised record is not found."""

    form_class = PersonForm
    template_name = "participants/participant_form.html"
    context_object_name = "participant"

    def get_queryset(self) -> QuerySet[Participant]:
        return participant_list_for_user(user=self.request.user).filter(
            anonymised_at__isnull=True
        )

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.object = self.get_object()
        log_access(
            request, self.object, AccessAction.VIEW, "participant record (edit form)"
        )
        return self.render_to_response(self.get_context_data())

    def form_valid(self, form: PersonForm) -> HttpResponse:
        try:
            participant = services.participant_update(
                actor=self.request.user,
                participant=self.object,
                **form.cleaned_data,
            )
        except ValidationError as error:
            apply_errors(form, error)
            return self.form_invalid(form)
        except PermissionDenied as error:
            raise Http404 from error
        log_access(self.request, participant, AccessAction.EDIT, "participant record")
        messages.success(
            self.request,
            _("The data of %(name)s have been saved.") % {"name": participant},
        )
        return redirect(participant)

    def form_invalid(self, form: PersonForm) -> HttpResponse:
        log_access(
            self.request,
            self.object,
            AccessAction.VIEW,
            "participant record (edit form)",
        )
        return self.render_to_response(self.get_context_data(form=form), status=400)


class FollowUpDueListView(UnitStaffMixin, SingleTableMixin, ListView):
    """Checks after the exit that are overdue or due within two weeks."""

    table_class = FollowUpTable
    template_name = "participants/follow_up_list.html"
    partial_template_name = "includes/table_results.html"

    def get_queryset(self) -> QuerySet[FollowUp]:
        return follow_ups_due(user=self.request.user)

    def get_table_pagination(self, table: Any) -> dict[str, Any]:
        return {"per_page": settings.PAGE_SIZE, "paginator_class": PageSizePaginator}

    def get_template_names(self) -> list[str]:
        if getattr(self.request, "htmx", False):
            return [self.partial_template_name]
        return super().get_template_names()
