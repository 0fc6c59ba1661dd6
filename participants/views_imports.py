"""The upload pages of the imports: upload a file, watch its check, read the
preview of its rows and every bad row, confirm the import, read its result.

The register of units: voivodeship officials and administrators. The
participants of a unit: its managers (officials never handle participants'
personal data, DESIGN section 3). A file is its uploader's only: anyone else
gets 404."""

from __future__ import annotations

import csv
import io
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import DetailView, FormView

from accounts.access import Level, ScopeRequiredMixin
from cis_kis.listing import FilteredTableView
from participants.constants import AccessAction
from participants.constants_imports import ImportKind, ImportState
from participants.filters_imports import ImportJobFilter
from participants.forms_imports import ImportUploadForm
from participants.models_imports import ImportJob
from participants.selectors_imports import (
    import_job_detail_for_user,
    import_job_list_for_user,
)
from participants.services.imports import (
    can_upload,
    import_job_confirm,
    import_job_create,
    log_import_access,
)
from participants.tables_imports import ImportJobTable
from units.models import Unit

ERRORS_PER_PAGE = 50


class ImportUserMixin(ScopeRequiredMixin):
    """Users who may upload a file of some kind (`upload_kinds`); anyone else
    logged in gets 404."""

    def upload_kinds(self) -> tuple[str, ...]:
        return tuple(ImportKind.values)

    def dispatch(
        self, request: HttpRequest, *args: Any, **kwargs: Any
    ) -> HttpResponseBase:
        if request.user.is_authenticated and not any(
            can_upload(request.user, kind) for kind in self.upload_kinds()
        ):
            raise Http404
        return super().dispatch(request, *args, **kwargs)


class ImportJobListView(ImportUserMixin, FilteredTableView):
    """The files the user uploaded, newest first."""

    model = ImportJob
    table_class = ImportJobTable
    filterset_class = ImportJobFilter
    template_name = "imports/job_list.html"
    export_formats = ()

    def get_queryset(self) -> QuerySet[ImportJob]:
        return import_job_list_for_user(user=self.request.user)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context["can_upload_units"] = can_upload(user, ImportKind.UNITS)
        context["can_upload_participants"] = can_upload(user, ImportKind.PARTICIPANTS)
        return context


class ImportUploadView(ImportUserMixin, FormView):
    """Upload a file of one kind; its check starts in the background."""

    form_class = ImportUploadForm
    template_name = "imports/upload.html"
    kind: str = ImportKind.UNITS

    def upload_kinds(self) -> tuple[str, ...]:
        return (self.kind,)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["kind"] = self.kind
        context["kind_label"] = ImportKind(self.kind).label
        return context

    def form_invalid(self, form: ImportUploadForm) -> HttpResponse:
        return self.render_to_response(self.get_context_data(form=form), status=400)

    def form_valid(self, form: ImportUploadForm) -> HttpResponse:
        try:
            job = import_job_create(
                actor=self.request.user,
                kind=self.kind,
                upload=form.cleaned_data["file"],
            )
        except PermissionDenied as exc:
            raise Http404 from exc
        messages.success(
            self.request,
            _("The file is uploaded; it is being checked. Nothing is imported yet."),
        )
        return redirect(job)


class UnitsUploadView(ImportUploadView):
    kind = ImportKind.UNITS


class ParticipantsUploadView(ImportUploadView):
    kind = ImportKind.PARTICIPANTS


class _JobMixin(ScopeRequiredMixin):
    """One of the user's own files."""

    allowed_levels = (Level.UNITS, Level.VOIVODESHIP, Level.NATIONAL)

    def dispatch(
        self, request: HttpRequest, *args: Any, **kwargs: Any
    ) -> HttpResponseBase:
        if request.user.is_authenticated:
            # Someone else's file is 404 whatever the method.
            get_object_or_404(
                import_job_list_for_user(user=request.user).only("pk"),
                pk=kwargs["pk"],
            )
        return super().dispatch(request, *args, **kwargs)

    def get_job(self) -> ImportJob:
        return get_object_or_404(
            import_job_detail_for_user(user=self.request.user), pk=self.kwargs["pk"]
        )


def job_units(job: ImportJob) -> QuerySet[Unit]:
    """The units whose participants a participants file names."""
    ids = set(job.summary.get("unit_ids", []))
    if not job.administration:
        ids &= set(job.unit_ids)
    return Unit.objects.filter(pk__in=sorted(ids)).order_by("pk")


class ImportJobDetailView(_JobMixin, DetailView):
    """The check's progress, then the preview (counts, first rows, every bad
    row), the confirmation, and the result."""

    template_name = "imports/job_detail.html"
    context_object_name = "job"

    def get_object(self, queryset: Any = None) -> ImportJob:
        return self.get_job()

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.object = self.get_object()
        job = self.object
        if job.kind == ImportKind.PARTICIPANTS and job.preview:
            # The preview shows persons of the manager's units.
            log_import_access(
                user=request.user,
                units=job_units(job),
                what=f"import preview: {job.original_name}",
                action=AccessAction.VIEW,
                request=request,
            )
        return self.render_to_response(self.get_context_data(object=job))

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(detail_context(self.request, self.object))
        return context


def detail_context(request: HttpRequest, job: ImportJob) -> dict[str, Any]:
    paginator = Paginator(job.errors, ERRORS_PER_PAGE)
    return {
        "job": job,
        "errors_page": paginator.get_page(request.GET.get("page")),
        "can_confirm": job.state == ImportState.VALID,
        "checked": job.state not in (ImportState.QUEUED, ImportState.VALIDATING),
        "summary_rows": _summary_rows(job),
    }


def _summary_rows(job: ImportJob) -> list[tuple[str, dict[str, int]]]:
    labels = {
        "units": _("Units"),
        "founders": _("Founding bodies"),
        "decisions": _("Status decisions"),
        "participations": _("Participations"),
        "persons": _("Persons"),
    }
    return [
        (label, job.summary[key]) for key, label in labels.items() if key in job.summary
    ]


class ImportJobProgressView(_JobMixin, View):
    """The progress fragment the page polls (htmx, every 2 s); once the job
    has moved on, htmx reloads the page."""

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        job = self.get_job()
        response = TemplateResponse(
            request, "imports/includes/progress.html", {"job": job}
        )
        if not job.running:
            response["HX-Refresh"] = "true"
        return response


class ImportJobConfirmView(_JobMixin, View):
    """Confirm the import of a checked file without errors (POST)."""

    http_method_names = ["post"]

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        job = self.get_job()
        try:
            import_job_confirm(actor=request.user, job=job)
        except PermissionDenied as exc:
            raise Http404 from exc
        except ValidationError as exc:
            # The page again, with the reason, and nothing started.
            for message in exc.messages:
                messages.error(request, message)
            return TemplateResponse(
                request,
                "imports/job_detail.html",
                detail_context(request, job),
                status=400,
            )
        messages.success(request, _("The import has started."))
        return redirect(job)


class ImportJobErrorsView(_JobMixin, View):
    """Every bad row of a file as a CSV download (line, reason)."""

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        job = self.get_job()
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow([_("line"), _("reason")])
        for error in job.errors:
            writer.writerow([error["line"], error["message"]])
        response = HttpResponse(
            "\ufeff" + out.getvalue(), content_type="text/csv; charset=utf-8"
        )
        response["Content-Disposition"] = (
            f'attachment; filename="import-{job.pk}-errors.csv"'
        )
        return response
