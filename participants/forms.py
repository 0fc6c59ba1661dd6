"""Forms of the staff pages. They validate input; the services hold the rules."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from participants.constants import (
    Benefit,
    EvidenceKind,
    ExitReason,
    FollowUpOutcome,
    Outcome,
    ProgrammeChange,
    ProgrammeKind,
    ReferralIssuer,
    ReferralRequester,
    RemovalGround,
)
from participants.models import ExclusionGround, Participant
from participants.services import PERSON_FIELDS
from participants.validators import (
    compact_pesel,
    validate_document_file,
    validate_pesel,
)

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def date_field(label: Any, **kwargs: Any) -> forms.DateField:
    return forms.DateField(label=label, widget=DATE_WIDGET, **kwargs)


def grounds_in_force() -> Any:
    """Grounds that apply today, in the Act's order."""
    today = timezone.localdate()
    return (
        ExclusionGround.objects.exclude(valid_from__gt=today)
        .exclude(valid_until__lt=today)
        .order_by("order", "code")
    )


class GroundChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: ExclusionGround) -> str:
        return f"{obj.name} ({obj.article})"


class GroundMultipleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: ExclusionGround) -> str:
        return f"{obj.name} ({obj.article})"

    def _check_values(self, value: Any) -> Any:
        # An id no database key can hold is not a choice; SQLite would refuse
        # the query instead of finding nothing.
        for pk in value:
            if not str(pk).isdigit() or not 0 < int(pk) < 2**63:
                raise forms.ValidationError(
                    self.error_messages["invalid_choice"],
                    code="invalid_choice",
                    params={"value": pk},
                )
        return super()._check_values(value)


class PersonForm(forms.ModelForm):
    """The person's data; the date of birth and the sex come from the PESEL
    when it is given."""

    birth_date = date_field(_("Date of birth"), required=False)
    info_clause_on = date_field(
        _("Information clause handed over on"),
        help_text=_(
            "The day the person received the information on the processing of "
            "their data (GDPR art. 13)."
        ),
    )

    class Meta:
        model = Participant
        fields = list(PERSON_FIELDS)
        widgets = {"family_situation": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["sex"].required = False
        self.fields["sex"].help_text = _("Leave empty when the PESEL is given.")
        self.fields["birth_date"].help_text = _("Leave empty when the PESEL is given.")

    def clean_pesel(self) -> str:
        """The PESEL without separators, its check digit verified here so that
        a typo shows at once (the agreement with the date of birth and the
        uniqueness in the unit are checked by the service)."""
        pesel = compact_pesel(self.cleaned_data.get("pesel", ""))
        if pesel:
            validate_pesel(pesel)
        return pesel

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not data.get("pesel") and "pesel" not in self.errors:
            for name in ("birth_date", "sex"):
                if not data.get(name) and name not in self.errors:
                    self.add_error(
                        name, _("Required for a person without a PESEL number.")
                    )
        return data

    def _post_clean(self) -> None:
        # The model's own checks (PESEL against the date of birth, uniqueness)
        # run in the service, where the unit is known.
        pass


class ReferralForm(forms.Form):
    requested_by = forms.ChoiceField(
        label=_("Requested by"), choices=ReferralRequester.choices
    )
    requester_name = forms.CharField(
        label=_("Name of the requesting body"), max_length=200, required=False
    )
    issued_by = forms.ChoiceField(
        label=_("Referral issued by"),
        choices=ReferralIssuer.choices,
        help_text=_(
            "The OPS or CUS of the person's place of residence; the labour "
            "office for the long-term unemployed (art. 12 ust. 1)."
        ),
    )
    issuer_name = forms.CharField(
        label=_("Name of the issuing office"), max_length=200, required=False
    )
    number = forms.CharField(label=_("Referral number"), max_length=64, required=False)
    referred_on = date_field(_("Date of the referral"))
    social_worker = forms.CharField(
        label=_("Social worker"), max_length=150, required=False
    )
    ref = forms.CharField(
        label=_("Unit's reference"),
        max_length=64,
        required=False,
        help_text=_("The unit's own number of this participation, if it has one."),
    )
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def clean_referred_on(self) -> Any:
        day = self.cleaned_data["referred_on"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("The date cannot be in the future."))
        return day


class GroundsForm(forms.Form):
    """The grounds of exclusion (art. 1 ust. 2) and the entitlements that may
    exclude the person (art. 1 ust. 3)."""

    primary_ground = GroundChoiceField(
        label=_("Primary ground"), queryset=ExclusionGround.objects.none()
    )
    other_grounds = GroundMultipleChoiceField(
        label=_("Other grounds"),
        queryset=ExclusionGround.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    evidence_kind = forms.ChoiceField(
        label=_("Evidence of the primary ground"),
        choices=[("", "—"), *EvidenceKind.choices],
        required=False,
    )
    evidence_date = date_field(_("Date of the document"), required=False)
    evidence_issuer = forms.CharField(
        label=_("Document issued by"), max_length=200, required=False
    )
    benefits = forms.MultipleChoiceField(
        label=_("The person has a right to"),
        choices=Benefit.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "A right to any of these excludes the person (art. 1 ust. 3); a "
            "disability pension does not exclude from a KIS (art. 1 ust. 3a)."
        ),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        grounds = grounds_in_force()
        self.fields["primary_ground"].queryset = grounds
        self.fields["other_grounds"].queryset = grounds

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        primary = data.get("primary_ground")
        if primary is not None and primary in data.get("other_grounds", []):
            self.add_error(
                "other_grounds",
                _("The primary ground is already given; do not tick it again."),
            )
        return data


class ConsentForm(forms.Form):
    confirm = forms.BooleanField(
        label=_(
            "The person has received the information on the processing of their "
            "data, including health and criminal-record data where recorded."
        )
    )


class GroundForm(forms.Form):
    """Add a ground to a participation or record its evidence."""

    ground = GroundChoiceField(
        label=_("Ground"), queryset=ExclusionGround.objects.none()
    )
    is_primary = forms.BooleanField(label=_("Primary ground"), required=False)
    evidence_kind = forms.ChoiceField(
        label=_("Evidence"), choices=[("", "—"), *EvidenceKind.choices], required=False
    )
    evidence_date = date_field(_("Date of the document"), required=False)
    evidence_issuer = forms.CharField(
        label=_("Document issued by"), max_length=200, required=False
    )
    evidence_file = forms.FileField(
        label=_("Scan of the document"),
        required=False,
        validators=[validate_document_file],
        help_text=_("PDF, JPEG or PNG, at most 10 MB."),
    )
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["ground"].queryset = grounds_in_force()


class ReferralDocumentForm(forms.Form):
    document = forms.FileField(
        label=_("Scan of the referral"),
        validators=[validate_document_file],
        help_text=_("PDF, JPEG or PNG, at most 10 MB. It replaces an earlier scan."),
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )


class AdmitForm(forms.Form):
    admitted_on = date_field(_("Admitted on"))


class ProgrammeForm(forms.Form):
    change = forms.ChoiceField(label=_("Change"), choices=ProgrammeChange.choices)
    kind = forms.ChoiceField(
        label=_("Kind of programme"), choices=ProgrammeKind.choices
    )
    starts_on = date_field(_("Starts on"))
    ends_on = date_field(_("Ends on"))
    signed_on = date_field(_("Signed by the participant on"), required=False)
    goals = forms.CharField(label=_("Goals"), widget=forms.Textarea(attrs={"rows": 3}))
    social_reintegration = forms.CharField(
        label=_("Planned social reintegration"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    vocational_reintegration = forms.CharField(
        label=_("Planned vocational reintegration"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    workshop = forms.CharField(label=_("Workshop"), max_length=150, required=False)
    hours_per_week = forms.IntegerField(
        label=_("Hours a week"), min_value=1, max_value=60, required=False
    )
    social_worker = forms.CharField(
        label=_("Drawn up with the social worker"), max_length=150, required=False
    )
    reason = forms.CharField(
        label=_("Reason for the change"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required for an amendment or an extension."),
    )


class SignForm(forms.Form):
    signed_on = date_field(_("Signed on"))


class ExitForm(forms.Form):
    exited_on = date_field(_("Exited on"))
    reason = forms.ChoiceField(label=_("Reason for exit"), choices=ExitReason.choices)
    removal_ground = forms.ChoiceField(
        label=_("Ground of the decision (removal only)"),
        choices=[("", "—"), *RemovalGround.choices],
        required=False,
    )
    note = forms.CharField(
        label=_("Grounds and notes"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For a removal: the facts the decision rests on."),
    )
    outcome = forms.ChoiceField(label=_("Outcome at exit"), choices=Outcome.choices)
    follow_up_12 = forms.BooleanField(
        label=_("Check the situation also 12 months after the exit"), required=False
    )


class FollowUpForm(forms.Form):
    follow_up = forms.IntegerField(widget=forms.HiddenInput)
    checked_on = date_field(_("Checked on"))
    outcome = forms.ChoiceField(label=_("Situation"), choices=FollowUpOutcome.choices)
    employer = forms.CharField(label=_("Employer"), max_length=200, required=False)
    employment_from = date_field(_("Employed from"), required=False)
    employment_until = date_field(_("Employed until"), required=False)
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class AnonymiseForm(forms.Form):
    confirm = forms.BooleanField(
        label=_(
            "I understand that the person's identifying data will be erased for "
            "good; the statistics keep only counts."
        )
    )
