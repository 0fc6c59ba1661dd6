"""Intake: the stepped form that registers a person with their referral, and
a new referral of a person the unit already knows (after an earlier stint).

Only the unit's own staff reach these pages. The wizard keeps what was typed
in the session until the person is registered; a refusal of a service is
shown on the step whose field it names, with everything typed kept."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.core.exceptions import (
    NON_FIELD_ERRORS,
    PermissionDenied,
    SuspiciousOperation,
    ValidationError,
)
from django.db import transaction
from django.db.models import QuerySet
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from formtools.wizard.forms import ManagementForm
from formtools.wizard.views import SessionWizardView

from accounts.access import Level, ScopeRequiredMixin
from participants import services
from participants.constants import AccessAction
from participants.forms import GroundsForm, ReferralForm
from participants.forms_intake import (
    IntakeConsentForm,
    IntakePersonForm,
    SummarySection,
    UnitChoiceForm,
    summary_rows,
)
from participants.models import Participant, Participation
from participants.selectors import (
    in_another_cis,
    participant_list_for_user,
    participation_list_for_user,
    possible_duplicates,
    unit_staff_units,
)
from participants.validators import compact_pesel, pesel_birth_date
from participants.views_common import log_access
from units.models import Unit
from units.views_actions import apply_errors

UNIT_STAFF = (Level.UNITS,)

STEP_TITLES = {
    "unit": gettext_lazy("Unit"),
    "person": gettext_lazy("The person"),
    "referral": gettext_lazy("Referral"),
    "grounds": gettext_lazy("Grounds of exclusion"),
    "consent": gettext_lazy("Information clause and summary"),
}

# Fields a service may name that no form of the wizard has, by step.
EXTRA_FIELD_STEPS = {"grounds": "grounds", "is_primary": "grounds"}


def refer_arguments(referral: dict[str, Any], grounds: dict[str, Any]) -> dict:
    """The cleaned data of the referral and grounds forms as the arguments of
    services.participation_refer."""
    return {
        "referral": services.ReferralInput(
            requested_by=referral["requested_by"],
            issued_by=referral["issued_by"],
            referred_on=referral["referred_on"],
            requester_name=referral["requester_name"],
            issuer_name=referral["issuer_name"],
            number=referral["number"],
            social_worker=referral["social_worker"],
            note=referral["note"],
        ),
        "grounds": [
            services.GroundInput(
                grounds["primary_ground"],
                is_primary=True,
                evidence_kind=grounds["evidence_kind"],
                evidence_date=grounds["evidence_date"],
                evidence_issuer=grounds["evidence_issuer"],
            ),
            *(services.GroundInput(item) for item in grounds["other_grounds"]),
        ],
        "benefits": list(grounds["benefits"]),
        "ref": referral["ref"],
    }


def error_groups(error: ValidationError) -> list[tuple[str | None, ValidationError]]:
    """A service's error split by the field it names (None: the whole form)."""
    if not hasattr(error, "error_dict"):
        return [(None, error)]
    return [
        (None if field == NON_FIELD_ERRORS else field, ValidationError(errors))
        for field, errors in error.error_dict.items()
    ]


def _birth_date_from(pesel: str) -> Any:
    try:
        return pesel_birth_date(compact_pesel(pesel)) if pesel else None
    except ValueError:
        return None


@dataclass
class StepRefusalError(Exception):
    """A service refused the data at the end of the wizard; `step` is where
    errors that name no field of any step are shown."""

    step: str
    error: ValidationError


class IntakeWizardView(ScopeRequiredMixin, SessionWizardView):
    """Register a person and open their participation on the referral, in
    steps: [unit,] person, referral, grounds, information clause."""

    allowed_levels = UNIT_STAFF
    template_name = "participants/intake/wizard_form.html"
    form_list = [
        ("unit", UnitChoiceForm),
        ("person", IntakePersonForm),
        ("referral", ReferralForm),
        ("grounds", GroundsForm),
        ("consent", IntakeConsentForm),
    ]
    condition_dict = {"unit": lambda wizard: wizard.has_several_units()}

    # The units, once per request.
    def staff_units(self) -> list[Unit]:
        if not hasattr(self, "_staff_units"):
            self._staff_units = list(unit_staff_units(user=self.request.user))
        return self._staff_units

    def has_several_units(self) -> bool:
        return len(self.staff_units()) > 1

    def intake_unit(self) -> Unit | None:
        """The unit chosen on the first step, or the user's only unit."""
        units = self.staff_units()
        if len(units) == 1:
            return units[0]
        data = self.get_cleaned_data_for_step("unit")
        return data["unit"] if data else None

    def get_form_kwargs(self, step: str | None = None) -> dict[str, Any]:
        if step == "unit":
            return {"units": unit_staff_units(user=self.request.user)}
        return {}

    def post(self, *args: Any, **kwargs: Any) -> HttpResponse:
        management = ManagementForm(self.request.POST, prefix=self.prefix)
        if management.is_valid():
            posted_step = management.cleaned_data["current_step"]
            if posted_step not in self.get_form_list():
                # formtools would look the step up and fail with a 500.
                raise SuspiciousOperation("Unknown step of the intake wizard.")
            goto = self.request.POST.get("wizard_goto_step")
            if goto in self.get_form_list() and posted_step == self.steps.current:
                # Back keeps what was typed on this step, even if incomplete.
                form = self.get_form(data=self.request.POST, files=self.request.FILES)
                self.storage.set_step_data(posted_step, self.process_step(form))
        return super().post(*args, **kwargs)

    def render(self, form: Form | None = None, **kwargs: Any) -> HttpResponse:
        form = form or self.get_form()
        context = self.get_context_data(form=form, **kwargs)
        status = 400 if form.is_bound and form.errors else 200
        return self.render_to_response(context, status=status)

    def get_context_data(self, form: Form, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(form=form, **kwargs)
        current = self.steps.current
        context["step_title"] = STEP_TITLES[current]
        context["step_list"] = [
            {"title": STEP_TITLES[step], "current": step == current}
            for step in self.get_form_list()
        ]
        context["unit"] = self.intake_unit()
        if current in ("referral", "grounds", "consent"):
            context.update(self.warnings())
        if current == "consent":
            context["summary"] = self.summary()
        return context

    def warnings(self) -> dict[str, Any]:
        """Possible duplicates in the unit, and whether the person takes part
        in another centre now (yes or no only)."""
        unit = self.intake_unit()
        person = self.get_cleaned_data_for_step("person")
        if unit is None or person is None:
            return {}
        pesel = person.get("pesel") or ""
        duplicates = possible_duplicates(
            unit=unit,
            first_name=person["first_name"],
            last_name=person["last_name"],
            birth_date=person.get("birth_date") or _birth_date_from(pesel),
            pesel=pesel,
            document_number=person.get("document_number") or "",
        )
        # The warning shows these records' names and identifiers.
        for duplicate in duplicates:
            log_access(
                self.request,
                duplicate,
                AccessAction.VIEW,
                "possible duplicate at intake",
            )
        return {
            "duplicates": duplicates,
            "in_another_cis": bool(pesel) and in_another_cis(pesel=pesel, unit=unit),
        }

    def summary(self) -> list[SummarySection]:
        sections = []
        for step in self.get_form_list():
            if step == "consent":
                continue
            form = self.get_form(
                step=step,
                data=self.storage.get_step_data(step),
                files=self.storage.get_step_files(step),
            )
            if form.is_valid():
                sections.append(SummarySection(STEP_TITLES[step], summary_rows(form)))
        return sections

    def render_done(self, form: Form, **kwargs: Any) -> HttpResponse:
        try:
            return super().render_done(form, **kwargs)
        except StepRefusalError as refused:
            # The parent resets the wizard only after a successful done(), so
            # everything typed is still in the session here.
            return self.render_refusal(refused)
        except PermissionDenied as error:
            raise Http404 from error

    def done(self, form_list: Any, **kwargs: Any) -> HttpResponse:
        data = {step: form.cleaned_data for step, form in kwargs["form_dict"].items()}
        unit = data["unit"]["unit"] if "unit" in data else self.intake_unit()
        user = self.request.user
        with transaction.atomic():
            try:
                participant = services.participant_register(
                    actor=user,
                    unit=unit,
                    info_clause_on=data["consent"]["info_clause_on"],
                    **data["person"],
                )
            except ValidationError as error:
                raise StepRefusalError("person", error) from error
            try:
                participation = services.participation_refer(
                    actor=user,
                    participant=participant,
                    **refer_arguments(data["referral"], data["grounds"]),
                )
            except ValidationError as error:
                raise StepRefusalError("consent", error) from error
            services.access_log_record(
                user=user,
                unit=unit,
                action=AccessAction.EDIT,
                participant=participant,
                what="intake",
                request=self.request,
            )
        messages.success(
            self.request,
            _("%(name)s has been registered and the referral recorded.")
            % {"name": participant},
        )
        return redirect(participation)

    def step_of(self, field: str | None, default: str) -> str:
        for step, form_class in self.get_form_list().items():
            if field in form_class.base_fields:
                return step
        return EXTRA_FIELD_STEPS.get(field or "", default)

    def render_refusal(self, refused: StepRefusalError) -> HttpResponse:
        """The earliest step a service's error names, with the error on its
        form and the typed data."""
        groups = error_groups(refused.error)
        order = list(self.get_form_list())
        step = min(
            (self.step_of(field, refused.step) for field, _error in groups),
            key=order.index,
        )
        self.storage.current_step = step
        form = self.get_form(
            step=step,
            data=self.storage.get_step_data(step),
            files=self.storage.get_step_files(step),
        )
        form.is_valid()
        for field, error in groups:
            form.add_error(field if field in form.fields else None, error)
        messages.error(
            self.request, _("The participant could not be registered; see below.")
        )
        return self.render(form)


class ReferralCreateView(ScopeRequiredMixin, TemplateView):
    """A new participation of a person the unit knows, once the earlier one
    has ended: the referral and the grounds on one page."""

    allowed_levels = UNIT_STAFF
    template_name = "participants/referral_form.html"

    def get_participant(self) -> Participant:
        return get_object_or_404(
            participant_list_for_user(user=self.request.user).filter(
                anonymised_at__isnull=True
            ),
            pk=self.kwargs["pk"],
        )

    def earlier_participations(self) -> QuerySet[Participation]:
        return participation_list_for_user(user=self.request.user).filter(
            participant=self.participant
        )

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.participant = self.get_participant()
        return self.render_forms(
            ReferralForm(prefix="referral"), GroundsForm(prefix="grounds")
        )

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.participant = self.get_participant()
        referral_form = ReferralForm(request.POST, prefix="referral")
        grounds_form = GroundsForm(request.POST, prefix="grounds")
        # Both forms are validated, so that both show their errors.
        if all([referral_form.is_valid(), grounds_form.is_valid()]):
            try:
                with transaction.atomic():
                    participation = services.participation_refer(
                        actor=request.user,
                        participant=self.participant,
                        **refer_arguments(
                            referral_form.cleaned_data, grounds_form.cleaned_data
                        ),
                    )
                    log_access(request, self.participant, AccessAction.EDIT, "referral")
            except ValidationError as error:
                self.place_errors(error, referral_form, grounds_form)
                messages.error(
                    request, _("The referral could not be recorded; see below.")
                )
            except PermissionDenied as error:
                raise Http404 from error
            else:
                messages.success(
                    request,
                    _("The referral of %(name)s has been recorded.")
                    % {"name": self.participant},
                )
                return redirect(participation)
        return self.render_forms(referral_form, grounds_form, status=400)

    @staticmethod
    def place_errors(
        error: ValidationError, referral_form: Form, grounds_form: Form
    ) -> None:
        """Each error on the form holding its field; the rest on top of the
        referral form."""
        for field, group in error_groups(error):
            in_grounds = field in grounds_form.fields or field in EXTRA_FIELD_STEPS
            target = grounds_form if in_grounds else referral_form
            if field is None:
                apply_errors(target, group)
            else:
                apply_errors(target, ValidationError({field: group.error_list}))

    def render_forms(
        self, referral_form: Form, grounds_form: Form, status: int = 200
    ) -> HttpResponse:
        log_access(self.request, self.participant, AccessAction.VIEW, "referral form")
        context = self.get_context_data(
            participant=self.participant,
            participations=self.earlier_participations(),
            referral_form=referral_form,
            grounds_form=grounds_form,
        )
        return self.render_to_response(context, status=status)
