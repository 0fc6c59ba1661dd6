"""Unit staff's pages of the activities: the list, the activity with its
timetable, sessions and enrolments, the attendance register of a month (with
its htmx cell saves, the plain row form and the printed list) and supported
employment. Only the staff of the unit reach them; everyone else gets 404.
The register and the enrolments are personal data: reads and changes go to
the unit's access log."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.db.models import QuerySet
from django.forms import Form
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBadRequest,
    HttpResponseRedirect,
)
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.generic import DetailView, TemplateView, View

from accounts.access import Level, ScopeRequiredMixin
from cis_kis.listing import FilteredTableView
from participants import services as participant_services
from participants.constants import AccessAction
from participants.models import Participation
from participants.selectors import unit_staff_units
from participants.views_common import log_access, log_export, serve_file
from programs import forms
from programs.constants import (
    ATTENDANCE_LETTERS,
    LETTER_STATUSES,
    AttendanceStatus,
)
from programs.filters import ActivityFilter, SupportedEmploymentFilter
from programs.models import Activity, AttendanceEntry, SupportedEmployment
from programs.pdf import attendance_pdf_name
from programs.refund_schedule import RefundRuleError
from programs.selectors import (
    GridCell,
    activity_detail_queryset,
    activity_enrolments,
    activity_list_for_user,
    activity_sessions,
    attendance_participations_for_user,
    build_attendance_grid,
    enrolable_participations,
    enrolment_list_for_user,
    month_locked,
    session_list_for_user,
    supported_employment_list_for_user,
)
from programs.selectors_allowances import supported_refund_schedule
from programs.services import activities as activity_services
from programs.services import attendance as attendance_services
from programs.services import supported as supported_services
from programs.tables import ActivityTable, SupportedEmploymentTable
from programs.tasks import enqueue_attendance_pdf
from programs.templatetags.programs_attendance import cell_html
from units.views_actions import ActionFormsMixin, apply_errors

PDF_PENDING = gettext_lazy(
    "The attendance list is being prepared; it will be ready in a moment."
)


class UnitStaffMixin(ScopeRequiredMixin):
    """Only the staff of a unit: anyone else logged in gets 404."""

    allowed_levels = (Level.UNITS,)


def _log_unit(request: HttpRequest, unit: Any, action: str, what: str) -> None:
    participant_services.access_log_record(
        user=request.user, unit=unit, action=action, what=what, request=request
    )


def pdf_or_waiting_page(
    request: HttpRequest,
    name: str,
    links: dict[str, Any],
    context: dict[str, Any],
    waiting_template: str,
    *,
    on_download: Callable[[], None] | None = None,
) -> HttpResponse:
    """The stored PDF `name` when the worker has made it; else the page that
    says it is being prepared and asks again (htmx gets only the part of it
    that changes: the link once ready, the waiting notice before).
    `on_download` runs when the file itself is served (not on the waiting
    page's checks), for the access log."""
    htmx = getattr(request, "htmx", False)
    if default_storage.exists(name):
        if htmx:
            return TemplateResponse(request, "programs/includes/pdf_ready.html", links)
        if on_download is not None:
            on_download()
        return serve_file(name, "application/pdf")
    template = "programs/includes/pdf_pending.html" if htmx else waiting_template
    return TemplateResponse(request, template, {**context, **links}, status=202)


def _month_from(request: HttpRequest) -> datetime.date:
    month = forms.parse_month(request.GET.get("month", ""))
    return month or timezone.localdate().replace(day=1)


def _shift(month: datetime.date, months: int) -> datetime.date:
    index = month.year * 12 + month.month - 1 + months
    return datetime.date(index // 12, index % 12 + 1, 1)


# --- activities ---------------------------------------------------------------


class ActivityListView(UnitStaffMixin, FilteredTableView):
    model = Activity
    table_class = ActivityTable
    filterset_class = ActivityFilter
    template_name = "programs/activity_list.html"
    export_name = "zajecia"

    def get_queryset(self) -> QuerySet[Activity]:
        return activity_list_for_user(user=self.request.user)

    def get_table(self, **kwargs: Any) -> ActivityTable:
        table = super().get_table(**kwargs)
        if not any(self.request.GET.get(name) for name in self.filterset.form.fields):
            table.empty_text = _(
                "No activities are recorded yet. Use “New activity” to add the "
                "first workshop or group."
            )
        return table


class ActivityFormView(UnitStaffMixin, TemplateView):
    """The activity and its weekly timetable (a formset of hours)."""

    template_name = "programs/activity_form.html"
    activity: Activity | None = None

    def units(self) -> QuerySet:
        return unit_staff_units(user=self.request.user)

    def initial_slots(self) -> list[dict[str, Any]]:
        if self.activity is None:
            return []
        return [
            {"weekday": s.weekday, "starts_at": s.starts_at, "ends_at": s.ends_at}
            for s in self.activity.slots.all()
        ]

    def initial(self) -> dict[str, Any]:
        if self.activity is None:
            return {"starts_on": timezone.localdate()}
        return {
            name: getattr(self.activity, name)
            for name in activity_services.ACTIVITY_FIELDS
        }

    def make_forms(self, data: Any = None) -> tuple[Form, Any]:
        form = forms.ActivityForm(
            data,
            units=self.units(),
            editing=self.activity is not None,
            initial=self.initial(),
        )
        formset = forms.SlotFormSet(data, prefix="slots", initial=self.initial_slots())
        return form, formset

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form, formset = self.make_forms()
        return self.render_to_response(
            self.get_context_data(form=form, formset=formset)
        )

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form, formset = self.make_forms(request.POST)
        if form.is_valid() and formset.is_valid():
            data = dict(form.cleaned_data)
            try:
                if self.activity is None:
                    activity = activity_services.activity_create(
                        actor=request.user, slots=formset.slots(), **data
                    )
                    messages.success(request, _("The activity has been added."))
                else:
                    activity = activity_services.activity_update(
                        actor=request.user,
                        activity=self.activity,
                        slots=formset.slots(),
                        **data,
                    )
                    messages.success(request, _("The activity has been saved."))
            except ValidationError as error:
                apply_errors(form, error)
            else:
                return redirect(activity)
        context = self.get_context_data(form=form, formset=formset)
        return self.render_to_response(context, status=400)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["activity"] = self.activity
        return context


class ActivityCreateView(ActivityFormView):
    pass


class ActivityUpdateView(ActivityFormView):
    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        if request.user.is_authenticated:
            self.activity = get_object_or_404(
                activity_detail_queryset(user=request.user), pk=kwargs["pk"]
            )
        return super().dispatch(request, *args, **kwargs)


class ActivityDetailView(UnitStaffMixin, ActionFormsMixin, DetailView):
    """The activity: timetable, sessions of a month, enrolments, and the
    forms to generate or add sessions and to enrol a participant."""

    template_name = "programs/activity_detail.html"
    context_object_name = "activity"
    ACTIONS = {
        "generate": forms.GenerateForm,
        "add_session": forms.SessionAddForm,
        "enrol": forms.EnrolForm,
    }

    def get_queryset(self) -> QuerySet[Activity]:
        return activity_detail_queryset(user=self.request.user)

    def can_act(self) -> bool:
        return True

    def get_success_url(self) -> str:
        return self.object.get_absolute_url()

    def make_form(self, action: str, data: Any = None, files: Any = None) -> Form:
        if action == "enrol":
            return forms.EnrolForm(
                data,
                prefix=action,
                participations=enrolable_participations(
                    user=self.request.user, unit=self.object.unit
                ),
            )
        initial: dict[str, Any] = {}
        if action == "generate":
            month = _month_from(self.request)
            initial = {
                "starts_on": month,
                "ends_on": _shift(month, 1) - datetime.timedelta(days=1),
            }
        return self.ACTIONS[action](data, prefix=action, initial=initial)

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.object = self.get_object()
        _log_unit(request, self.object.unit, AccessAction.VIEW, "activity enrolments")
        return self.render_to_response(self.get_context_data(object=self.object))

    def run(self, action: str, data: dict[str, Any]) -> None:
        activity = self.object
        if action == "generate":
            created = activity_services.sessions_generate(
                actor=self.request.user,
                activity=activity,
                starts_on=data["starts_on"],
                ends_on=data["ends_on"],
            )
            messages.success(
                self.request,
                ngettext(
                    "%(count)s session has been added.",
                    "%(count)s sessions have been added.",
                    created,
                )
                % {"count": created}
                if created
                else _("No session was missing in this period."),
            )
        elif action == "add_session":
            activity_services.session_add(
                actor=self.request.user, activity=activity, **data
            )
            messages.success(self.request, _("The session has been added."))
        elif action == "enrol":
            enrolment = activity_services.enrolment_add(
                actor=self.request.user, activity=activity, **data
            )
            log_access(
                self.request,
                enrolment.participation.participant,
                AccessAction.EDIT,
                f"enrolment in {activity.name}",
            )
            messages.success(self.request, _("The participant has been enrolled."))

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        month = _month_from(self.request)
        activity = self.object
        context.update(
            {
                "month": month,
                "previous_month": _shift(month, -1),
                "next_month": _shift(month, 1),
                "slots": list(activity.slots.all()),
                "sessions": list(activity_sessions(activity=activity, month=month)),
                "enrolments": list(activity_enrolments(activity=activity)),
                "today": timezone.localdate(),
            }
        )
        context.update(self.action_forms(kwargs.get("bound_action")))
        return context


class ConfirmView(UnitStaffMixin, TemplateView):
    """A page that asks before it acts: GET shows the form, POST acts."""

    template_name = "programs/confirm.html"
    form_class: type[Form]

    def get_object(self) -> Any:
        raise NotImplementedError

    def act(self, data: dict[str, Any]) -> None:
        raise NotImplementedError

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        if request.user.is_authenticated:
            self.object = self.get_object()
        return super().dispatch(request, *args, **kwargs)

    def initial(self) -> dict[str, Any]:
        return {}

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = self.form_class(initial=self.initial())
        return self.render_to_response(self.get_context_data(form=form))

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = self.form_class(request.POST)
        if form.is_valid():
            try:
                self.act(form.cleaned_data)
            except ValidationError as error:
                apply_errors(form, error)
            else:
                return redirect(self.success_url())
        return self.render_to_response(self.get_context_data(form=form), status=400)

    def success_url(self) -> str:
        raise NotImplementedError


class SessionCancelView(ConfirmView):
    form_class = forms.SessionCancelForm
    title = gettext_lazy("Cancel the session")
    button = gettext_lazy("Cancel the session")
    danger = True

    def get_object(self) -> Any:
        return get_object_or_404(
            session_list_for_user(user=self.request.user), pk=self.kwargs["pk"]
        )

    def act(self, data: dict[str, Any]) -> None:
        activity_services.session_cancel(
            actor=self.request.user, session=self.object, note=data["note"]
        )
        messages.success(self.request, _("The session has been cancelled."))

    def success_url(self) -> str:
        return (
            f"{self.object.activity.get_absolute_url()}?"
            f"{urlencode({'month': f'{self.object.date:%Y-%m}'})}"
        )


class SessionRestoreView(SessionCancelView):
    form_class = forms.SessionRestoreForm
    title = gettext_lazy("Restore the session")
    button = gettext_lazy("Restore the session")
    danger = False

    def act(self, data: dict[str, Any]) -> None:
        activity_services.session_restore(
            actor=self.request.user, session=self.object, note=data["note"]
        )
        messages.success(self.request, _("The session has been restored."))


class EnrolmentEndView(ConfirmView):
    form_class = forms.EnrolmentEndForm
    title = gettext_lazy("End the enrolment")
    button = gettext_lazy("End the enrolment")
    danger = True

    def get_object(self) -> Any:
        return get_object_or_404(
            enrolment_list_for_user(user=self.request.user), pk=self.kwargs["pk"]
        )

    def initial(self) -> dict[str, Any]:
        return {"ends_on": timezone.localdate()}

    def act(self, data: dict[str, Any]) -> None:
        activity_services.enrolment_end(
            actor=self.request.user, enrolment=self.object, ends_on=data["ends_on"]
        )
        log_access(
            self.request,
            self.object.participation.participant,
            AccessAction.EDIT,
            f"end of the enrolment in {self.object.activity.name}",
        )
        messages.success(self.request, _("The enrolment has ended."))

    def success_url(self) -> str:
        return self.object.activity.get_absolute_url()


# --- the attendance register ---------------------------------------------------


class AttendanceMixin(UnitStaffMixin):
    def grid_form(self) -> forms.GridForm:
        return forms.GridForm(
            self.request.GET or None, units=unit_staff_units(user=self.request.user)
        )

    def chosen(self) -> tuple[forms.GridForm, dict[str, Any] | None]:
        form = self.grid_form()
        if not form.is_bound:
            form = forms.GridForm({}, units=form.fields["unit"].queryset)
        if not form.is_valid() or form.cleaned_data.get("unit") is None:
            return form, None
        return form, form.cleaned_data


def grid_query(unit: Any, month: datetime.date, activity: Any) -> str:
    params = {"unit": unit.pk, "month": f"{month:%Y-%m}"}
    if activity is not None:
        params["activity"] = activity.pk
    return urlencode(params)


class AttendanceGridView(AttendanceMixin, TemplateView):
    """The register of a month: a row per participant, a column per working
    day. GET shows it; POST saves one row (the form that works without
    JavaScript) and comes back to it."""

    template_name = "programs/attendance_grid.html"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form, chosen = self.chosen()
        if chosen is None:
            return self.render_to_response(
                self.get_context_data(form=form, grid=None), status=400
            )
        grid = build_attendance_grid(
            unit=chosen["unit"], month=chosen["month"], activity=chosen["activity"]
        )
        _log_unit(
            request,
            grid.unit,
            AccessAction.VIEW,
            f"attendance register {grid.month:%Y-%m}",
        )
        query = grid_query(grid.unit, grid.month, grid.activity)
        context = self.get_context_data(
            form=form,
            grid=grid,
            query=query,
            previous_query=grid_query(grid.unit, _shift(grid.month, -1), grid.activity),
            next_query=grid_query(grid.unit, _shift(grid.month, 1), grid.activity),
            legend=[
                (ATTENDANCE_LETTERS[status], status.label)
                for status in AttendanceStatus
            ],
            letters="".join(ATTENDANCE_LETTERS.values()),
        )
        return self.render_to_response(context)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.POST.get("participation"):
            return HttpResponseBadRequest(_("The row could not be read."))
        participation = get_object_or_404(
            attendance_participations_for_user(user=request.user),
            pk=_int(request.POST.get("participation")),
        )
        changes = row_changes(request.POST)
        if changes is None:
            messages.error(request, _("The row could not be read; nothing was saved."))
            return redirect_to_grid(request, participation)
        results = attendance_services.attendance_save_cells(
            actor=request.user, participation=participation, changes=changes
        )
        saved = [r for r in results if r.error is None]
        if saved:
            log_access(
                request,
                participation.participant,
                AccessAction.EDIT,
                "attendance register",
            )
            messages.success(
                request,
                ngettext(
                    "%(count)s day of %(name)s has been saved.",
                    "%(count)s days of %(name)s have been saved.",
                    len(saved),
                )
                % {"count": len(saved), "name": participation.participant},
            )
        for result in results:
            if result.error is not None:
                messages.error(
                    request,
                    format_html(
                        "{}: {}",
                        date_format(result.change.date, "SHORT_DATE_FORMAT"),
                        " ".join(result.error.messages),
                    ),
                )
        if not results:
            messages.info(request, _("Nothing was changed in the row."))
        return redirect_to_grid(request, participation)


def row_changes(data: Any) -> list[attendance_services.CellChange] | None:
    """The days of the row that the user changed: for each `d-YYYYMMDD`
    letter, the hidden `v-YYYYMMDD` holds the version and letter read."""
    changes = []
    for key, read in data.items():
        if not key.startswith("v-"):
            continue
        stamp = key[2:]
        try:
            day = datetime.datetime.strptime(stamp, "%Y%m%d").date()  # noqa: DTZ007
            version_text, _sep, old_letter = read.partition(":")
            version = int(version_text)
        except ValueError:
            return None
        new_letter = data.get(f"d-{stamp}", "").strip().upper()
        if new_letter == old_letter:
            continue
        if new_letter and new_letter not in LETTER_STATUSES:
            return None
        changes.append(
            attendance_services.CellChange(
                date=day,
                status=LETTER_STATUSES.get(new_letter, ""),
                version=version,
            )
        )
    return sorted(changes, key=lambda change: change.date)


def redirect_to_grid(
    request: HttpRequest, participation: Participation
) -> HttpResponse:
    back = request.POST.get("back", "")
    query = (
        back if back.startswith("unit=") else urlencode({"unit": participation.unit_id})
    )
    return HttpResponseRedirect(f"{reverse('programs:attendance')}?{query}")


class AttendanceCellView(UnitStaffMixin, View):
    """One day saved from the grid (htmx): answers with the cell drawn anew
    and a status message for the screen reader's live region."""

    http_method_names = ["post"]

    def post(self, request: HttpRequest) -> HttpResponse:
        if not request.POST.get("participation"):
            return HttpResponseBadRequest(_("The day could not be read."))
        participation = get_object_or_404(
            attendance_participations_for_user(user=request.user),
            pk=_int(request.POST.get("participation")),
        )
        try:
            day = datetime.date.fromisoformat(request.POST.get("date", ""))
        except ValueError as error:
            raise Http404 from error
        row, col = _int(request.POST.get("row")), _int(request.POST.get("col"))
        stamp = f"{day:%Y%m%d}"
        version_text, _sep, _old = request.POST.get(f"v-{stamp}", "0:").partition(":")
        letter = request.POST.get(f"d-{stamp}", "").strip().upper()
        error: ValidationError | None = None
        if letter and letter not in LETTER_STATUSES:
            error = ValidationError(
                _("Type one of the letters of the legend: %(letters)s."),
                code="invalid_status",
                params={"letters": ", ".join(ATTENDANCE_LETTERS.values())},
            )
        else:
            try:
                attendance_services.attendance_set(
                    actor=request.user,
                    participation=participation,
                    day=day,
                    status=LETTER_STATUSES.get(letter, ""),
                    version=_int(version_text),
                )
            except ValidationError as refused:
                error = refused
            else:
                log_access(
                    request,
                    participation.participant,
                    AccessAction.EDIT,
                    f"attendance {day:%Y-%m-%d}",
                )
        cell = _current_cell(participation, day)
        if error is not None:
            message = " ".join(error.messages)
            status_html = format_html(
                '<div id="attendance-status" hx-swap-oob="true" role="status" '
                'class="alert alert-danger py-1 px-2 mb-2 small">{}: {}</div>',
                cell.label,
                message,
            )
        else:
            status_html = format_html(
                '<div id="attendance-status" hx-swap-oob="true" role="status" '
                'class="alert alert-success py-1 px-2 mb-2 small">{}: {}</div>',
                cell.label,
                AttendanceStatus(cell.status).label if cell.status else _("cleared"),
            )
        body = format_html(
            "{}{}", cell_html(cell, row, col, error=error is not None), status_html
        )
        return HttpResponse(body)


def _int(value: Any) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


def _current_cell(participation: Participation, day: datetime.date) -> GridCell:
    entry = AttendanceEntry.objects.filter(
        participation=participation, date=day
    ).first()
    return GridCell(
        participation_id=participation.pk,
        date=day,
        status=entry.status if entry else "",
        version=entry.version if entry else 0,
        in_programme=participation.admitted_on is not None
        and participation.admitted_on <= day
        and (participation.exited_on is None or day <= participation.exited_on),
        locked=month_locked(unit=participation.unit, month=day) is not None,
        label=f"{participation.participant}, {day:%d.%m.%Y}",
    )


class AttendancePdfView(AttendanceMixin, View):
    """The signed attendance list: rendered in the background, then served.
    While it is being prepared the page says so and checks again."""

    http_method_names = ["get"]

    def get(self, request: HttpRequest) -> HttpResponse:
        _form, chosen = self.chosen()
        if chosen is None:
            raise Http404
        grid = build_attendance_grid(
            unit=chosen["unit"], month=chosen["month"], activity=chosen["activity"]
        )
        name = attendance_pdf_name(grid)
        if not default_storage.exists(name):
            enqueue_attendance_pdf(
                unit_id=grid.unit.pk,
                month=grid.month,
                activity_id=grid.activity.pk if grid.activity else None,
            )
        query = grid_query(grid.unit, grid.month, grid.activity)
        links = {
            "pdf_url": f"{reverse('programs:attendance_pdf')}?{query}",
            "download_label": _("Download the attendance list (PDF)"),
            "ready_message": _("The attendance list is ready."),
        }
        return pdf_or_waiting_page(
            request,
            name,
            links,
            {"grid": grid, "query": query, "message": PDF_PENDING},
            "programs/attendance_pdf_pending.html",
            on_download=lambda: _log_unit(
                request,
                grid.unit,
                AccessAction.DOCUMENT,
                f"attendance list PDF {grid.month:%Y-%m}",
            ),
        )


# --- supported employment ------------------------------------------------------


class SupportedEmploymentListView(UnitStaffMixin, FilteredTableView):
    model = SupportedEmployment
    table_class = SupportedEmploymentTable
    filterset_class = SupportedEmploymentFilter
    template_name = "programs/supported_list.html"
    export_name = "zatrudnienie-wspierane"

    def get_queryset(self) -> QuerySet[SupportedEmployment]:
        return supported_employment_list_for_user(user=self.request.user)

    def get_table(self, **kwargs: Any) -> SupportedEmploymentTable:
        table = super().get_table(**kwargs)
        if not any(self.request.GET.get(name) for name in self.filterset.form.fields):
            table.empty_text = _(
                "No supported employment is recorded yet. Record it from the page "
                "of a participation that has ended."
            )
        return table

    def create_export(self, export_format: str) -> HttpResponse:
        log_export(
            self.request,
            unit_staff_units(user=self.request.user),
            "supported employment list",
        )
        return super().create_export(export_format)


class SupportedEmploymentFormView(UnitStaffMixin, TemplateView):
    template_name = "programs/supported_form.html"
    record: SupportedEmployment | None = None
    participation: Participation

    def initial(self) -> dict[str, Any]:
        if self.record is None:
            return {"starts_on": self.participation.exited_on}
        return {name: getattr(self.record, name) for name in supported_services.FIELDS}

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = forms.SupportedEmploymentForm(initial=self.initial())
        log_access(
            request,
            self.participation.participant,
            AccessAction.VIEW,
            "supported employment",
        )
        return self.render_to_response(self.get_context_data(form=form))

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = forms.SupportedEmploymentForm(request.POST)
        if form.is_valid():
            data = dict(form.cleaned_data)
            data["employer_nip"] = data.get("employer_nip", "").replace(" ", "")
            try:
                if self.record is None:
                    supported_services.supported_employment_record(
                        actor=request.user, participation=self.participation, **data
                    )
                else:
                    supported_services.supported_employment_update(
                        actor=request.user, record=self.record, **data
                    )
            except ValidationError as error:
                apply_errors(form, error)
            except PermissionDenied as error:
                raise Http404 from error
            else:
                log_access(
                    request,
                    self.participation.participant,
                    AccessAction.EDIT,
                    "supported employment",
                )
                messages.success(request, _("The supported employment has been saved."))
                return redirect(reverse("programs:supported_list"))
        return self.render_to_response(self.get_context_data(form=form), status=400)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        form = kwargs.get("form")
        typed = None
        if form is not None and form.is_bound:
            # The date as typed, even when the service refused it.
            try:
                typed = form.fields["starts_on"].clean(form["starts_on"].value())
            except ValidationError:
                typed = None
        # The schedule of the start date typed, else the record's, else the
        # first day after the programme it can start on.
        starts_on = typed or (
            self.record.starts_on
            if self.record is not None
            else self.participation.exited_on or timezone.localdate()
        )
        try:
            refund_rule, refund_months = supported_refund_schedule(starts_on=starts_on)
        except RefundRuleError:
            refund_rule, refund_months = None, []
        context.update(
            {
                "record": self.record,
                "participation": self.participation,
                "participant": self.participation.participant,
                "refund_starts_on": starts_on,
                "refund_rule": refund_rule,
                "refund_months": refund_months,
            }
        )
        return context


class SupportedEmploymentCreateView(SupportedEmploymentFormView):
    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        if request.user.is_authenticated:
            self.participation = get_object_or_404(
                attendance_participations_for_user(user=request.user),
                pk=kwargs["pk"],
            )
        return super().dispatch(request, *args, **kwargs)


class SupportedEmploymentUpdateView(SupportedEmploymentFormView):
    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        if request.user.is_authenticated:
            self.record = get_object_or_404(
                supported_employment_list_for_user(user=request.user), pk=kwargs["pk"]
            )
            self.participation = self.record.participation
        return super().dispatch(request, *args, **kwargs)
