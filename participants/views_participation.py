"""One participation and its documents: the page staff work from (the
referral, grounds, eligibility, programme versions, exit and follow-ups, with
the actions that fit the state), one programme version, two versions side by
side, and the downloads (printed programme, certificate, scans). Only the
staff of the participant's unit reach any of it; every read is logged."""

from __future__ import annotations

import datetime
import difflib
from dataclasses import dataclass
from typing import Any

from django import forms as django_forms
from django.contrib import messages
from django.db.models import QuerySet
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.formats import localize
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import DetailView, TemplateView, View

from accounts.access import Level, ScopeRequiredMixin
from participants import forms, services
from participants.constants import (
    AccessAction,
    ParticipationState,
    ProgrammeChange,
    ProgrammeKind,
)
from participants.eligibility import describe
from participants.models import (
    IndividualProgramme,
    Participation,
    ParticipationGround,
)
from participants.selectors import (
    participation_detail_queryset,
    participation_list_for_user,
    participation_timeline,
)
from participants.selectors_provisions import (
    provision_status,
    provisions_of,
    with_provision_status,
)
from participants.tasks import enqueue_certificate_pdf, enqueue_programme_pdf
from participants.views_common import log_access, serve_file
from units.constants import UnitKind
from units.views_actions import ActionFormsMixin

STAFF = (Level.UNITS,)
HISTORY_ROWS = 50
PDF_PENDING = gettext_lazy("The PDF is being prepared; try again in a moment.")


# --- forms the page adds to those of participants/forms.py -----------------


class NotAdmitForm(forms.ReasonForm):
    """Closing a referral cannot be undone: the user confirms it."""

    confirm = django_forms.BooleanField(
        label=gettext_lazy("I confirm that the person is not admitted."),
        help_text=gettext_lazy("The referral is closed; this cannot be undone."),
    )


class ExitConfirmForm(forms.ExitForm):
    """The end of a participation cannot be undone: the user confirms it."""

    confirm = django_forms.BooleanField(
        label=gettext_lazy("I confirm that the participation ends."),
        help_text=gettext_lazy("The exit cannot be undone."),
    )


class SignVersionForm(forms.SignForm):
    """The participant's signature on one printed version."""

    version = django_forms.IntegerField(label=gettext_lazy("Version"), min_value=1)
    field_order = ["version", "signed_on"]


class CompareForm(django_forms.Form):
    """Which two versions of the programme to put side by side."""

    a = django_forms.TypedChoiceField(label=gettext_lazy("Version"), coerce=int)
    b = django_forms.TypedChoiceField(label=gettext_lazy("compared with"), coerce=int)

    def __init__(self, *args: Any, versions: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [(version, version) for version in versions]
        self.fields["a"].choices = choices
        self.fields["b"].choices = choices

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("a") is not None and data.get("a") == data.get("b"):
            raise django_forms.ValidationError(_("Choose two different versions."))
        return data


# --- the participation page --------------------------------------------------


class ParticipationDetailView(ScopeRequiredMixin, ActionFormsMixin, DetailView):
    """Everything about one participation; the unit's staff act on it from here
    (POST with an `action`). Only the forms that fit the state are offered;
    the services refuse the rest."""

    allowed_levels = STAFF
    template_name = "participants/participation_detail.html"
    context_object_name = "participation"

    ACTIONS = {
        "admit": forms.AdmitForm,
        "override": forms.ReasonForm,
        "not_admit": NotAdmitForm,
        "ground": forms.GroundForm,
        "referral_document": forms.ReferralDocumentForm,
        "programme": forms.ProgrammeForm,
        "sign": SignVersionForm,
        "exit": ExitConfirmForm,
        "follow_up": forms.FollowUpForm,
    }
    SUCCESS = {
        "admit": gettext_lazy("The person has been admitted."),
        "override": gettext_lazy("The reason for admitting the person is recorded."),
        "not_admit": gettext_lazy("The referral is closed without admission."),
        "ground": gettext_lazy("The ground has been recorded."),
        "referral_document": gettext_lazy("The scan of the referral is attached."),
        "programme": gettext_lazy("The programme version has been recorded."),
        "sign": gettext_lazy("The signature has been recorded."),
        "exit": gettext_lazy("The exit has been recorded."),
        "follow_up": gettext_lazy("The follow-up has been recorded."),
    }

    def get_queryset(self) -> QuerySet[Participation]:
        # With what the centre has provided (art. 14 ust. 2), for its panel.
        return with_provision_status(
            participation_detail_queryset(user=self.request.user)
        )

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.object = self.get_object()
        log_access(request, self.object.participant, AccessAction.VIEW, "participation")
        return self.render_to_response(self.get_context_data(object=self.object))

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = super().post(request, *args, **kwargs)
        if response.status_code == 400:
            # The page is shown again, with the record.
            log_access(
                request, self.object.participant, AccessAction.VIEW, "participation"
            )
        return response

    def can_act(self) -> bool:
        # The queryset holds only the participations of the user's own units.
        return True

    def offered_actions(self) -> list[str]:
        participation = self.object
        offered: list[str] = []
        if participation.state == ParticipationState.REFERRED:
            offered = ["admit", "not_admit", "ground"]
            if participation.eligibility_problems:
                offered.insert(1, "override")
        elif participation.state == ParticipationState.ACTIVE:
            offered = ["programme", "ground", "exit"]
            if self.unsigned_versions():
                offered.insert(1, "sign")
        elif (
            participation.state == ParticipationState.EXITED and self.open_follow_ups()
        ):
            offered = ["follow_up"]
        if (
            getattr(participation, "referral", None) is not None
            and participation.state != ParticipationState.NOT_ADMITTED
            and not participation.participant.is_anonymised
        ):
            offered.append("referral_document")
        return offered

    def programmes(self) -> list[IndividualProgramme]:
        return list(self.object.programmes.all())

    def unsigned_versions(self) -> list[IndividualProgramme]:
        return [p for p in self.programmes() if p.signed_on is None]

    def open_follow_ups(self) -> list[Any]:
        return [f for f in self.object.follow_ups.all() if not f.done]

    def limits(self) -> services.ParticipationLimits | None:
        """The limits of art. 15 for an admitted participant of a centre."""
        if not hasattr(self, "_limits"):
            participation = self.object
            self._limits = (
                services.participation_limits(participation)
                if participation.unit.kind == UnitKind.CIS
                and participation.admitted_on
                and participation.trial_ends_on
                else None
            )
        return self._limits

    def initial_for(self, action: str) -> dict[str, Any]:
        """What a fresh form starts with; the user may change any of it."""
        participation = self.object
        today = timezone.localdate()
        if action == "admit":
            return {"admitted_on": today}
        if action == "sign":
            unsigned = self.unsigned_versions()
            return {
                "version": unsigned[-1].version if unsigned else None,
                "signed_on": today,
            }
        if action == "programme":
            return self.programme_initial(participation)
        return {}

    def programme_initial(self, participation: Participation) -> dict[str, Any]:
        programmes = self.programmes()
        if programmes:
            # A new version starts as a copy of the latest one.
            latest = programmes[-1]
            return {
                "change": ProgrammeChange.AMENDMENT,
                "kind": latest.kind,
                "starts_on": latest.starts_on,
                "ends_on": latest.ends_on,
                "goals": latest.goals,
                "social_reintegration": latest.social_reintegration,
                "vocational_reintegration": latest.vocational_reintegration,
                "workshop": latest.workshop,
                "hours_per_week": latest.hours_per_week,
                "social_worker": latest.social_worker,
            }
        is_cis = participation.unit.kind == UnitKind.CIS
        initial: dict[str, Any] = {
            "change": ProgrammeChange.INITIAL,
            "kind": ProgrammeKind.IPZS if is_cis else ProgrammeKind.KIS_PLAN,
            "starts_on": participation.admitted_on,
        }
        referral = getattr(participation, "referral", None)
        if referral is not None and referral.social_worker:
            initial["social_worker"] = referral.social_worker
        limits = self.limits()
        if limits is not None:
            initial["ends_on"] = limits.basic_ends_on
        return initial

    def make_form(self, action: str, data: Any = None, files: Any = None) -> Form:
        form = self.ACTIONS[action](
            data, files, prefix=action, initial=self.initial_for(action)
        )
        if action == "sign":
            form.fields["version"].widget = django_forms.Select(
                choices=[(p.version, str(p)) for p in self.unsigned_versions()]
            )
        return form

    def follow_up_forms(self, bound: tuple[str, Form] | None) -> list[tuple[Any, Form]]:
        """One form per check not yet done; after an error, the bound one."""
        bound_form = bound[1] if bound and bound[0] == "follow_up" else None
        rows: list[tuple[Any, Form]] = []
        for follow_up in self.open_follow_ups():
            form: Form
            if bound_form is not None and bound_form.data.get(
                "follow_up-follow_up"
            ) == str(follow_up.pk):
                form, bound_form = bound_form, None
            else:
                form = forms.FollowUpForm(
                    prefix="follow_up",
                    auto_id=f"id_fu{follow_up.pk}_%s",
                    initial={"follow_up": follow_up.pk},
                )
            rows.append((follow_up, form))
        if bound_form is not None:
            rows.append((None, bound_form))
        return rows

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        participation = self.object
        bound = kwargs.get("bound_action")
        offered = self.offered_actions()
        if bound and bound[0] not in offered:
            # A refused action is shown with its error, though not offered.
            offered.append(bound[0])
        programmes = self.programmes()
        context.update(
            {
                "participant": participation.participant,
                "unit": participation.unit,
                "stage": participation.stage_on(timezone.localdate()),
                "referral": getattr(participation, "referral", None),
                "grounds": list(participation.grounds.all()),
                "problems": [
                    describe(problem) for problem in participation.eligibility_problems
                ],
                "limits": self.limits(),
                "programmes": programmes,
                "compare": (
                    (programmes[-2].version, programmes[-1].version)
                    if len(programmes) > 1
                    else None
                ),
                "follow_ups": list(participation.follow_ups.all()),
                "timeline": participation_timeline(participation),
                "history": participation.history.select_related("history_user")[
                    :HISTORY_ROWS
                ],
                "is_manager": self.scope.manages(participation.unit_id),
                "offer": dict.fromkeys(offered, True),
                "follow_up_forms": self.follow_up_forms(bound),
            }
        )
        context.update(self.action_forms(bound))
        context.update(self.provisions_context())
        return context

    def provisions_context(self) -> dict[str, Any]:
        """The panel of what a centre provides (art. 14 ust. 2-4)."""
        participation = self.object
        if (
            participation.unit.kind != UnitKind.CIS
            or participation.state == ParticipationState.NOT_ADMITTED
        ):
            return {"show_provisions": False}
        editable = not participation.participant.is_anonymised
        return {
            "show_provisions": True,
            "provisions": provisions_of(participation),
            "provision_status": provision_status(participation),
            # Warned of while the person takes part, as the list of missing
            # provisions counts them (a referral is not yet a participant).
            "provisions_warn": participation.state == ParticipationState.ACTIVE,
            "can_record_provision": editable,
            "can_set_meal": editable and participation.is_open,
        }

    def run(self, action: str, data: dict[str, Any]) -> None:
        getattr(self, f"run_{action}")(data)
        messages.success(self.request, str(self.SUCCESS[action]))
        log_access(self.request, self.object.participant, AccessAction.EDIT, action)

    def run_admit(self, data: dict[str, Any]) -> None:
        services.participation_admit(
            actor=self.request.user,
            participation=self.object,
            admitted_on=data["admitted_on"],
        )

    def run_override(self, data: dict[str, Any]) -> None:
        services.participation_override(
            actor=self.request.user, participation=self.object, reason=data["reason"]
        )

    def run_not_admit(self, data: dict[str, Any]) -> None:
        services.participation_not_admit(
            actor=self.request.user, participation=self.object, reason=data["reason"]
        )

    def run_ground(self, data: dict[str, Any]) -> None:
        services.participation_ground_record(
            actor=self.request.user,
            participation=self.object,
            item=services.GroundInput(
                ground=data["ground"],
                is_primary=data["is_primary"],
                evidence_kind=data["evidence_kind"],
                evidence_date=data["evidence_date"],
                evidence_issuer=data["evidence_issuer"],
                evidence_file=data["evidence_file"] or None,
                note=data["note"],
            ),
        )

    def run_referral_document(self, data: dict[str, Any]) -> None:
        services.referral_attach_document(
            actor=self.request.user,
            participation=self.object,
            document=data["document"],
        )

    def run_programme(self, data: dict[str, Any]) -> None:
        services.programme_record(
            actor=self.request.user, participation=self.object, **data
        )

    def run_sign(self, data: dict[str, Any]) -> None:
        programme = get_object_or_404(
            self.object.programmes.all(), version=data["version"]
        )
        services.programme_sign(
            actor=self.request.user, programme=programme, signed_on=data["signed_on"]
        )

    def run_exit(self, data: dict[str, Any]) -> None:
        services.participation_exit(
            actor=self.request.user,
            participation=self.object,
            exited_on=data["exited_on"],
            reason=data["reason"],
            outcome=data["outcome"],
            removal_ground=data["removal_ground"],
            note=data["note"],
            follow_up_12=data["follow_up_12"],
        )

    def run_follow_up(self, data: dict[str, Any]) -> None:
        follow_up = get_object_or_404(
            self.object.follow_ups.all(), pk=data["follow_up"]
        )
        services.follow_up_record(
            actor=self.request.user,
            follow_up=follow_up,
            checked_on=data["checked_on"],
            outcome=data["outcome"],
            employer=data["employer"],
            employment_from=data["employment_from"],
            employment_until=data["employment_until"],
            note=data["note"],
        )


# --- programme versions ------------------------------------------------------


class ProgrammeMixin(ScopeRequiredMixin):
    """A participation of the user's units and the versions of its programme."""

    allowed_levels = STAFF
    # Documents (PDFs, scans) of an anonymised person are gone for good.
    documents = False

    def participations(self) -> QuerySet[Participation]:
        rows = participation_list_for_user(user=self.request.user)
        if self.documents:
            rows = rows.filter(participant__anonymised_at__isnull=True)
        return rows

    def get_participation(self) -> Participation:
        return get_object_or_404(self.participations(), pk=self.kwargs["pk"])

    @staticmethod
    def versions_of(participation: Participation) -> list[int]:
        return list(
            participation.programmes.order_by("version").values_list(
                "version", flat=True
            )
        )


class ProgrammeDetailView(ProgrammeMixin, TemplateView):
    """One version of the programme in full."""

    template_name = "participants/programme_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        participation = self.get_participation()
        programme = get_object_or_404(
            participation.programmes.select_related("created_by"),
            version=self.kwargs["version"],
        )
        versions = self.versions_of(participation)
        index = versions.index(programme.version)
        log_access(
            self.request,
            participation.participant,
            AccessAction.VIEW,
            f"programme, version {programme.version}",
        )
        context.update(
            {
                "participation": participation,
                "participant": participation.participant,
                "programme": programme,
                "previous_version": versions[index - 1] if index > 0 else None,
                "next_version": (
                    versions[index + 1] if index + 1 < len(versions) else None
                ),
            }
        )
        return context


# The fields of a version that the comparison shows, in this order; the long
# texts get a word-level difference as well.
COMPARED_FIELDS = (
    "kind",
    "change",
    "reason",
    "starts_on",
    "ends_on",
    "signed_on",
    "hours_per_week",
    "workshop",
    "social_worker",
    "goals",
    "social_reintegration",
    "vocational_reintegration",
)
LONG_TEXTS = ("reason", "goals", "social_reintegration", "vocational_reintegration")


@dataclass(frozen=True)
class ComparedRow:
    label: str
    a: Any
    b: Any
    differs: bool
    word_diff: SafeString | None = None


def word_diff(old: str, new: str) -> SafeString:
    """`new` against `old` word by word: removed words in <del>, added in <ins>,
    every word escaped."""
    old_words, new_words = old.split(), new.split()
    removed, added = _("removed:"), _("added:")
    parts: list[str] = []
    matcher = difflib.SequenceMatcher(None, old_words, new_words, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            parts.append(escape(" ".join(old_words[i1:i2])))
            continue
        if tag in {"delete", "replace"}:
            parts.append(
                format_html(
                    '<del class="text-danger"><span class="visually-hidden">{} '
                    "</span>{}</del>",
                    removed,
                    " ".join(old_words[i1:i2]),
                )
            )
        if tag in {"insert", "replace"}:
            parts.append(
                format_html(
                    '<ins class="text-success"><span class="visually-hidden">{} '
                    "</span>{}</ins>",
                    added,
                    " ".join(new_words[j1:j2]),
                )
            )
    # Every part is escaped above; joining keeps it safe.
    return mark_safe(" ".join(parts))  # noqa: S308


def _shown(programme: IndividualProgramme, name: str) -> Any:
    field = IndividualProgramme._meta.get_field(name)
    if field.choices:
        return getattr(programme, f"get_{name}_display")()
    value = getattr(programme, name)
    # Dates as the page writes them elsewhere (the template's filters would
    # turn them into ISO strings).
    return localize(value) if isinstance(value, datetime.date) else value


def compared_rows(a: IndividualProgramme, b: IndividualProgramme) -> list[ComparedRow]:
    """Each compared field of two versions as one row, differences marked."""
    rows = []
    for name in COMPARED_FIELDS:
        label = capfirst(IndividualProgramme._meta.get_field(name).verbose_name)
        value_a, value_b = getattr(a, name), getattr(b, name)
        differs = value_a != value_b
        rows.append(
            ComparedRow(
                label=str(label),
                a=_shown(a, name),
                b=_shown(b, name),
                differs=differs,
                word_diff=(
                    word_diff(value_a, value_b)
                    if differs and name in LONG_TEXTS
                    else None
                ),
            )
        )
    return rows


class ProgrammeCompareView(ProgrammeMixin, TemplateView):
    """Two versions side by side (`?a=1&b=2`); without a valid choice, the
    form to choose them."""

    template_name = "participants/programme_compare.html"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        participation = self.get_participation()
        versions = self.versions_of(participation)
        context = self.get_context_data(
            participation=participation,
            participant=participation.participant,
            versions=versions,
        )
        chosen = "a" in request.GET or "b" in request.GET
        if chosen:
            form = CompareForm(request.GET, versions=versions)
        else:
            initial = (
                {"a": versions[-2], "b": versions[-1]} if len(versions) > 1 else {}
            )
            form = CompareForm(versions=versions, initial=initial)
        context["form"] = form
        if not chosen or not form.is_valid():
            return self.render_to_response(context, status=400 if chosen else 200)
        by_version = {
            p.version: p
            for p in participation.programmes.filter(
                version__in=[form.cleaned_data["a"], form.cleaned_data["b"]]
            )
        }
        a, b = by_version[form.cleaned_data["a"]], by_version[form.cleaned_data["b"]]
        log_access(
            request,
            participation.participant,
            AccessAction.VIEW,
            f"programme, versions {a.version} and {b.version}",
        )
        context.update({"a": a, "b": b, "rows": compared_rows(a, b)})
        return self.render_to_response(context)


# --- documents ---------------------------------------------------------------


class ProgrammePdfView(ProgrammeMixin, View):
    """The stored printable version; rendered in the background first."""

    documents = True

    def get(self, request: HttpRequest, pk: int, version: int) -> HttpResponse:
        participation = self.get_participation()
        programme = get_object_or_404(participation.programmes, version=version)
        if not programme.pdf:
            enqueue_programme_pdf(programme.pk)
            messages.info(request, str(PDF_PENDING))
            return redirect(participation)
        log_access(
            request,
            participation.participant,
            AccessAction.DOCUMENT,
            f"programme PDF, version {programme.version}",
        )
        return serve_file(programme.pdf, content_type="application/pdf")


class CertificatePdfView(ProgrammeMixin, View):
    """The certificate of participation (art. 13 ust. 5a), after the exit."""

    documents = True

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        participation = get_object_or_404(
            self.participations(), pk=pk, state=ParticipationState.EXITED
        )
        if not participation.certificate_pdf:
            enqueue_certificate_pdf(participation.pk)
            messages.info(request, str(PDF_PENDING))
            return redirect(participation)
        log_access(
            request, participation.participant, AccessAction.DOCUMENT, "certificate PDF"
        )
        return serve_file(participation.certificate_pdf, content_type="application/pdf")


class ReferralDocumentView(ProgrammeMixin, View):
    """The scan of the referral, when one was uploaded."""

    documents = True

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        participation = self.get_participation()
        referral = getattr(participation, "referral", None)
        if referral is None or not referral.document:
            raise Http404
        log_access(
            request,
            participation.participant,
            AccessAction.DOCUMENT,
            "referral document",
        )
        return serve_file(referral.document)


class EvidenceFileView(ProgrammeMixin, View):
    """The scan documenting one ground of a participation."""

    documents = True

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        row = get_object_or_404(
            ParticipationGround.objects.filter(
                participation__in=self.participations()
            ).select_related(
                "ground", "participation__participant", "participation__unit"
            ),
            pk=pk,
        )
        if not row.evidence_file:
            raise Http404
        log_access(
            request,
            row.participation.participant,
            AccessAction.DOCUMENT,
            f"evidence of the ground {row.ground.code}",
        )
        return serve_file(row.evidence_file)
