"""Imports in the administration site: "Import from a file" on the lists of
units and of participations, for administrators.

The same code as the commands and the upload pages: the file is stored, its
check (`participants.services.imports.import_job_check`) runs in the
background and writes nothing; the page shows the counts, the first rows and
every bad row with its line; "Confirm import" imports it — all or nothing,
idempotent — if it is still the file that was checked. A participants file is
written by the system, as by `import_participants` (any unit), and each
preview and import is written to the access log of every unit it names.
The administration site of participants stays read-only otherwise.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext as _

from accounts.access import scope_for
from participants.admin import ParticipationAdmin
from participants.constants import AccessAction
from participants.constants_imports import ImportKind
from participants.forms_imports import ImportUploadForm
from participants.models import Participation
from participants.models_imports import ImportJob
from participants.services.imports import (
    import_job_confirm,
    import_job_create,
    log_import_access,
)
from participants.views_imports import detail_context, job_units
from units.admin import UnitAdmin
from units.models import Unit


class ImportAdminMixin:
    """Adds the import views to a model's administration."""

    import_kind: str = ImportKind.UNITS
    change_list_template = "admin/imports/change_list.html"

    def get_urls(self) -> list[URLPattern]:
        opts = self.model._meta  # type: ignore[attr-defined]
        name = f"{opts.app_label}_{opts.model_name}"
        wrap = self.admin_site.admin_view  # type: ignore[attr-defined]
        return [
            path("import/", wrap(self.import_view), name=f"{name}_import"),
            path(
                "import/<int:job_id>/",
                wrap(self.import_job_view),
                name=f"{name}_import_job",
            ),
            *super().get_urls(),  # type: ignore[misc]
        ]

    def has_import_permission(self, request: HttpRequest) -> bool:
        return scope_for(request.user).is_admin

    def changelist_view(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        extra_context = {
            **(extra_context or {}),
            "has_import_permission": self.has_import_permission(request),
            "import_url": self._url("import"),
        }
        return super().changelist_view(request, extra_context)  # type: ignore[misc]

    def _url(self, view: str, **kwargs: Any) -> str:
        opts = self.model._meta  # type: ignore[attr-defined]
        return reverse(
            f"admin:{opts.app_label}_{opts.model_name}_{view}", kwargs=kwargs
        )

    def _context(self, request: HttpRequest, **extra: Any) -> dict[str, Any]:
        return {
            **self.admin_site.each_context(request),  # type: ignore[attr-defined]
            "opts": self.model._meta,  # type: ignore[attr-defined]
            "kind_label": ImportKind(self.import_kind).label,
            **extra,
        }

    def import_view(self, request: HttpRequest) -> HttpResponse:
        """Upload a file; its check starts in the background."""
        if not self.has_import_permission(request):
            raise PermissionDenied
        form = ImportUploadForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            job = import_job_create(
                actor=request.user,
                kind=self.import_kind,
                upload=form.cleaned_data["file"],
                administration=True,
            )
            return redirect(self._url("import_job", job_id=job.pk))
        return TemplateResponse(
            request,
            "admin/imports/upload.html",
            self._context(request, form=form, title=_("Import from a file")),
            status=400 if request.method == "POST" else 200,
        )

    def import_job_view(self, request: HttpRequest, job_id: int) -> HttpResponse:
        """The check's result (counts, first rows, every bad row), the
        confirmation (POST) and the result of the import."""
        if not self.has_import_permission(request):
            raise PermissionDenied
        job = get_object_or_404(
            ImportJob.objects.filter(
                uploaded_by=request.user, administration=True, kind=self.import_kind
            ),
            pk=job_id,
        )
        status = 200
        if request.method == "POST":
            try:
                import_job_confirm(actor=request.user, job=job)
            except ValidationError as exc:
                for message in exc.messages:
                    messages.error(request, message)
                status = 400
            else:
                messages.success(request, _("The import has started."))
                return redirect(self._url("import_job", job_id=job.pk))
        elif job.kind == ImportKind.PARTICIPANTS and job.preview:
            log_import_access(
                user=request.user,
                units=job_units(job),
                what=f"administration site, import preview: {job.original_name}",
                action=AccessAction.VIEW,
                request=request,
            )
        return TemplateResponse(
            request,
            "admin/imports/job.html",
            self._context(
                request,
                title=str(job),
                upload_url=self._url("import"),
                **detail_context(request, job),
            ),
            status=status,
        )


class UnitImportAdmin(ImportAdminMixin, UnitAdmin):
    import_kind = ImportKind.UNITS


class ParticipationImportAdmin(ImportAdminMixin, ParticipationAdmin):
    import_kind = ImportKind.PARTICIPANTS


# The units app may not depend on this one: its admin gains the import here.
admin.site.unregister(Unit)
admin.site.register(Unit, UnitImportAdmin)
admin.site.unregister(Participation)
admin.site.register(Participation, ParticipationImportAdmin)
