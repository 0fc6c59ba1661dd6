"""The monthly programme of activities (art. 14 ust. 1a of the Act): the
month's sessions of a unit day by day with the hours, adopted by the
manager, and printed for the notice board as a PDF made by the worker."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from accounts.access import scope_for
from participants.selectors import unit_staff_units
from programs import forms
from programs.pdf_programme import programme_pdf_name
from programs.selectors_programme import MonthProgramme, build_monthly_programme
from programs.services.programme import monthly_programme_adopt
from programs.tasks import enqueue_programme_pdf
from programs.views import UnitStaffMixin, _shift, pdf_or_waiting_page
from units.models import Unit
from units.views_actions import apply_errors

PDF_PENDING = gettext_lazy(
    "The programme of activities is being prepared; it will be ready in a moment."
)


def programme_query(unit: Unit, month: datetime.date) -> str:
    return urlencode({"unit": unit.pk, "month": f"{month:%Y-%m}"})


class ProgrammeMixin(UnitStaffMixin):
    def chosen(self) -> tuple[forms.UnitMonthForm, dict[str, Any] | None]:
        units = unit_staff_units(user=self.request.user)
        form = forms.UnitMonthForm(self.request.GET or {}, units=units)
        if not form.is_valid() or form.cleaned_data.get("unit") is None:
            return form, None
        return form, form.cleaned_data

    def managed_units(self) -> Any:
        scope = scope_for(self.request.user)
        return unit_staff_units(user=self.request.user).filter(
            pk__in=scope.managed_unit_ids
        )


class MonthlyProgrammeView(ProgrammeMixin, TemplateView):
    """GET: the month's programme; POST (managers): adopt it."""

    template_name = "programs/monthly_programme.html"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form, chosen = self.chosen()
        if chosen is None:
            return self.render_to_response(
                self.get_context_data(form=form, programme=None), status=400
            )
        programme = build_monthly_programme(unit=chosen["unit"], month=chosen["month"])
        return self.render_to_response(self.page_context(form, programme))

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        managed = self.managed_units()
        if not managed.exists():
            raise Http404
        adopt_form = forms.ProgrammeAdoptForm(request.POST, units=managed)
        if adopt_form.is_valid():
            data = adopt_form.cleaned_data
            try:
                monthly_programme_adopt(
                    actor=request.user,
                    unit=data["unit"],
                    month=data["month"],
                    note=data["note"],
                )
            except PermissionDenied as error:
                raise Http404 from error
            except ValidationError as error:
                apply_errors(adopt_form, error)
            else:
                messages.success(
                    request, _("The programme of activities has been adopted.")
                )
                return redirect(
                    f"{reverse('programs:monthly_programme')}?"
                    f"{programme_query(data['unit'], data['month'])}"
                )
        data = adopt_form.cleaned_data
        if data.get("unit") is None or data.get("month") is None:
            units = unit_staff_units(user=request.user)
            form = forms.UnitMonthForm({}, units=units)
            form.is_valid()
            return self.render_to_response(
                self.get_context_data(form=form, programme=None, adopt_form=adopt_form),
                status=400,
            )
        form = forms.UnitMonthForm(
            {"unit": data["unit"].pk, "month": f"{data['month']:%Y-%m}"},
            units=unit_staff_units(user=request.user),
        )
        form.is_valid()
        programme = build_monthly_programme(unit=data["unit"], month=data["month"])
        return self.render_to_response(
            self.page_context(form, programme, adopt_form=adopt_form), status=400
        )

    def page_context(
        self,
        form: forms.UnitMonthForm,
        programme: MonthProgramme,
        adopt_form: forms.ProgrammeAdoptForm | None = None,
    ) -> dict[str, Any]:
        may_adopt = scope_for(self.request.user).manages(programme.unit.pk)
        if adopt_form is None and may_adopt:
            adopt_form = forms.ProgrammeAdoptForm(
                initial={"unit": programme.unit.pk, "month": programme.month},
                units=self.managed_units(),
            )
        return self.get_context_data(
            form=form,
            programme=programme,
            adopt_form=adopt_form if may_adopt else None,
            query=programme_query(programme.unit, programme.month),
            previous_query=programme_query(programme.unit, _shift(programme.month, -1)),
            next_query=programme_query(programme.unit, _shift(programme.month, 1)),
        )


class MonthlyProgrammePdfView(ProgrammeMixin, TemplateView):
    """The printed programme: rendered in the background, then served."""

    http_method_names = ["get"]
    template_name = "programs/monthly_programme_pdf_pending.html"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        _form, chosen = self.chosen()
        if chosen is None:
            raise Http404
        programme = build_monthly_programme(unit=chosen["unit"], month=chosen["month"])
        name = programme_pdf_name(programme)
        if not default_storage.exists(name):
            enqueue_programme_pdf(unit_id=programme.unit.pk, month=programme.month)
        query = programme_query(programme.unit, programme.month)
        links = {
            "pdf_url": f"{reverse('programs:monthly_programme_pdf')}?{query}",
            "download_label": _("Download the programme of activities (PDF)"),
            "ready_message": _("The programme of activities is ready."),
        }
        return pdf_or_waiting_page(
            request,
            name,
            links,
            {"programme": programme, "query": query, "message": PDF_PENDING},
            self.template_name,
        )
