"""Forms of the officials' pages. They validate input; the services hold the rules."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from units.constants import (
    ApplicationKind,
    DocumentKind,
    GrantorKind,
    LossGround,
    LossInitiator,
    UnitKind,
)
from units.constants_kis import KisActivity
from units.constants_supervision import RecommendationKind
from units.models import (
    APPLICATION_CONTENTS_FIELDS,
    PROPOSED_CENTRE_FIELDS,
    FoundingBody,
    Inspection,
    Recommendation,
    StatusApplication,
    Unit,
    Voivodeship,
)
from units.target_groups import target_group_choices
from units.uploads import validate_document_file

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _date_field(label: str, **kwargs: Any) -> forms.DateField:
    return forms.DateField(label=label, widget=DATE_WIDGET, **kwargs)


class FoundingBodyForm(forms.ModelForm):
    class Meta:
        model = FoundingBody
        fields = [
            "name",
            "founder_type",
            "nip",
            "regon",
            "krs",
            "address",
            "email",
            "phone",
        ]


class LocalDecimalField(forms.DecimalField):
    """A number as a Polish office writes it: "12 500,50" (spaces between
    thousands allowed, the decimal separator of the language in use)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs["localize"] = True
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> Decimal | None:
        if isinstance(value, str):
            value = re.sub(r"[\s\u00a0\u202f]", "", value)
        return super().to_python(value)


CONTENTS_FIELDSETS = [
    (
        _("The centre"),
        [
            "proposed_name",
            "proposed_address",
            "proposed_municipality",
            "planned_start_on",
            "proposed_places",
        ],
    ),
    (_("Participants"), ["expected_participants", "target_groups"]),
    (
        _("Activity and reintegration"),
        ["planned_activity", "reintegration_programme", "activity_schedule"],
    ),
    (_("Staff"), ["planned_staff_count", "planned_staff"]),
    (
        _("Expected results"),
        ["expected_trained", "expected_employed", "expected_independent"],
    ),
    (
        _("Finance"),
        [
            "annual_budget",
            "reintegration_costs",
            "founder_setup_funds",
            "founder_running_share",
            "other_funding",
        ],
    ),
]
_TEXT = forms.Textarea(attrs={"rows": 3})
CONTENTS_WIDGETS = {
    "planned_start_on": DATE_WIDGET,
    "planned_activity": _TEXT,
    "reintegration_programme": _TEXT,
    "planned_staff": _TEXT,
    "activity_schedule": _TEXT,
    "other_funding": _TEXT,
}
CONTENTS_FIELD_CLASSES = dict.fromkeys(
    [
        "annual_budget",
        "reintegration_costs",
        "founder_setup_funds",
        "founder_running_share",
    ],
    LocalDecimalField,
)


class ContentsForm(forms.ModelForm):
    """The base of the forms with an application's contents (art. 4 ust. 2),
    grouped into fieldsets; the target groups are the groups of art. 1
    ust. 2 applying on `day`."""

    FIELDSETS: list[tuple[Any, list[str]]] = CONTENTS_FIELDSETS

    def set_up_contents(self, day: datetime.date) -> None:
        self.fields["target_groups"] = forms.MultipleChoiceField(
            label=capfirst(
                StatusApplication._meta.get_field("target_groups").verbose_name
            ),
            choices=target_group_choices(day),
            widget=forms.CheckboxSelectMultiple,
            required=False,
            help_text=StatusApplication._meta.get_field("target_groups").help_text,
        )
        self.fields["proposed_places"].help_text = _(
            "How many participants the unit can take at once."
        )
        self.fields["reintegration_costs"].help_text = _(
            "The part of the annual budget for social and vocational reintegration."
        )

    # A comparison with a field that could not be read would name its stored
    # value, not the one typed: the field's own error is enough.
    DEPENDENT_ERRORS = (
        ("annual_budget", "reintegration_costs", "reintegration_without_budget"),
        ("annual_budget", "reintegration_costs", "reintegration_over_budget"),
        ("expected_participants", "expected_trained", "result_over_participants"),
        ("expected_participants", "expected_employed", "result_over_participants"),
        ("expected_participants", "expected_independent", "result_over_participants"),
    )

    def _post_clean(self) -> None:
        super()._post_clean()
        for source, field, code in self.DEPENDENT_ERRORS:
            if not (self.has_error(source) and self.has_error(field, code)):
                continue
            kept = [
                error for error in self._errors[field].as_data() if error.code != code
            ]
            if kept:
                self._errors[field] = self.error_class(kept)
            else:
                del self._errors[field]

    def fieldsets(self) -> list[tuple[Any, list[forms.BoundField]]]:
        """(legend, bound fields) of each group, in the form's order."""
        return [
            (legend, [self[name] for name in names if name in self.fields])
            for legend, names in self.FIELDSETS
        ]


class ApplicationForm(ContentsForm):
    """Registering an application received by the office, with what it
    states (art. 4 ust. 2)."""

    received_on = _date_field(_("Received on"))

    FIELDSETS = [
        (
            _("Application"),
            ["kind", "founding_body", "unit", "received_on", "case_number"],
        ),
        *CONTENTS_FIELDSETS,
    ]

    class Meta:
        model = StatusApplication
        fields = [
            "kind",
            "founding_body",
            "unit",
            "received_on",
            "case_number",
            *PROPOSED_CENTRE_FIELDS,
            *APPLICATION_CONTENTS_FIELDS,
        ]
        widgets = CONTENTS_WIDGETS
        field_classes = CONTENTS_FIELD_CLASSES

    def __init__(self, *args: Any, voivodeship: Voivodeship, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The groups applying on the day the application arrived, as typed
        # (today until a readable day is given); the model checks the same.
        received = None
        if self.is_bound:
            try:
                received = self.fields["received_on"].clean(self["received_on"].value())
            except ValidationError:
                received = None
        self.set_up_contents(received or timezone.localdate())
        self.voivodeship = voivodeship
        self.fields["founding_body"].queryset = FoundingBody.objects.filter(
            voivodeship=voivodeship
        )
        self.fields["unit"].queryset = Unit.objects.filter(
            voivodeship=voivodeship, kind=UnitKind.CIS
        ).select_related("founding_body")
        self.fields["unit"].required = False
        self.fields["unit"].help_text = _("Only for an extension: the existing centre.")

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("kind") == ApplicationKind.EXTENSION and not data.get("unit"):
            self.add_error(
                "unit", _("Choose the centre whose status is to be extended.")
            )
        received = data.get("received_on")
        if received and received > timezone.localdate():
            self.add_error("received_on", _("The date cannot be in the future."))
        return data


class ApplicationContentsForm(ContentsForm):
    """Correcting what a pending application states (art. 4 ust. 2)."""

    class Meta:
        model = StatusApplication
        fields = [*PROPOSED_CENTRE_FIELDS, *APPLICATION_CONTENTS_FIELDS]
        widgets = CONTENTS_WIDGETS
        field_classes = CONTENTS_FIELD_CLASSES

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.set_up_contents(self.instance.received_on)


class DocumentForm(forms.Form):
    """One checklist row: delivered (when), on paper or with a scan."""

    kind = forms.ChoiceField(choices=DocumentKind.choices, widget=forms.HiddenInput)
    delivered_on = _date_field(_("Delivered on"), required=False)

    def __init__(
        self, *args: Any, kinds: list[DocumentKind] | None = None, **kwargs: Any
    ):
        super().__init__(*args, **kwargs)
        if kinds is not None:
            self.fields["kind"].choices = [(k.value, k.label) for k in kinds]

    on_paper = forms.BooleanField(label=_("on paper"), required=False)
    file = forms.FileField(
        label=_("Scan"),
        required=False,
        validators=[validate_document_file],
        help_text=_("PDF, JPEG or PNG, at most 10 MB."),
    )
    note = forms.CharField(label=_("Note"), max_length=300, required=False)


class SupplementRequestForm(forms.Form):
    requested_on = _date_field(_("Called on"))
    respond_by = _date_field(_("Documents due by"))
    missing = forms.MultipleChoiceField(
        label=_("Missing documents"),
        choices=DocumentKind.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    message = forms.CharField(label=_("Message"), widget=forms.Textarea, required=False)

    def __init__(
        self, *args: Any, kinds: list[DocumentKind] | None = None, **kwargs: Any
    ):
        super().__init__(*args, **kwargs)
        if kinds is not None:
            self.fields["missing"].choices = [(k.value, k.label) for k in kinds]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        start, end = data.get("requested_on"), data.get("respond_by")
        if start and end and end < start:
            self.add_error("respond_by", _("The deadline cannot precede the call."))
        return data


class SupplementReceivedForm(forms.Form):
    received_on = _date_field(_("Documents arrived on"))


class CompleteForm(forms.Form):
    complete_on = _date_field(_("Complete on"), required=False)


class DecisionForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Decision"),
        choices=[("grant", _("grant the status")), ("refuse", _("refuse"))],
        widget=forms.RadioSelect,
    )
    issued_on = _date_field(_("Issued on"))
    reasoning = forms.CharField(
        label=_("Reasoning"),
        widget=forms.Textarea(attrs={"rows": 6}),
        required=False,
        help_text=_("Required for a refusal."),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("outcome") == "refuse" and not data.get("reasoning", "").strip():
            self.add_error("reasoning", _("Give the reasons for a refusal."))
        return data


class LossForm(forms.Form):
    ground = forms.ChoiceField(label=_("Ground (art. 6)"), choices=LossGround.choices)
    initiated_by = forms.ChoiceField(
        label=_("Case started by"),
        choices=[("", "—"), *LossInitiator.choices],
        required=False,
        help_text=_(
            "Required for the grounds of art. 6 ust. 1; for the others it follows "
            "from the ground."
        ),
    )
    issued_on = _date_field(_("Issued on"))
    reasoning = forms.CharField(
        label=_("Reasoning"), widget=forms.Textarea(attrs={"rows": 6})
    )


class ClosureForm(forms.Form):
    issued_on = _date_field(_("Issued on"))
    reasoning = forms.CharField(
        label=_("Reasoning"), widget=forms.Textarea(attrs={"rows": 4})
    )


# Supervision (art. 5b).


class InspectionForm(forms.Form):
    started_on = _date_field(_("Started on"))
    ended_on = _date_field(_("Ended on"), required=False)
    scope = forms.CharField(
        label=_("Scope"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "What was examined: reintegration work, the conditions of art. 4, "
            "the annual report."
        ),
    )
    findings = forms.CharField(
        label=_("Findings"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )


class RecommendationForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=RecommendationKind.choices)
    text = forms.CharField(label=_("Content"), widget=forms.Textarea(attrs={"rows": 4}))
    delivered_on = _date_field(
        _("Delivered on"),
        help_text=_("The day the centre received it; the deadline runs from it."),
    )
    deadline = _date_field(
        _("Deadline"),
        help_text=_(
            "Not shorter than the minimum of art. 5b ust. 2 in force on the day "
            "of delivery."
        ),
    )


class RecommendationMetForm(forms.Form):
    recommendation = forms.ModelChoiceField(
        label=_("Recommendation"), queryset=Recommendation.objects.none()
    )
    met_on = _date_field(_("Fulfilled on"))
    note = forms.CharField(
        label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )

    def __init__(
        self, *args: Any, inspection: Inspection | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        if inspection is not None:
            self.fields["recommendation"].queryset = inspection.recommendations.filter(
                met_on__isnull=True
            )


# The register of KIS (art. 18a).


def _not_in_future(form: forms.Form, data: dict[str, Any], *fields: str) -> None:
    today = timezone.localdate()
    for field in fields:
        day = data.get(field)
        if day and day > today:
            form.add_error(field, _("The date cannot be in the future."))


class KisNotificationForm(forms.Form):
    """A founder's notification of a new club, as received by the office."""

    founding_body = forms.ModelChoiceField(
        label=_("Founding body"), queryset=FoundingBody.objects.none()
    )
    received_on = _date_field(_("Received on"))
    club_name = forms.CharField(label=_("Name of the club"), max_length=300)
    address = forms.CharField(label=_("Address of the club"), max_length=300)
    municipality = forms.CharField(label=_("Municipality"), max_length=100)
    activity_types = forms.MultipleChoiceField(
        label=_("Activities of the club"),
        choices=KisActivity.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    planned_start = _date_field(
        _("Start of activity"),
        required=False,
        help_text=_("As stated in the notification; empty: the day of entry."),
    )

    def __init__(self, *args: Any, voivodeship: Voivodeship, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["founding_body"].queryset = FoundingBody.objects.filter(
            voivodeship=voivodeship
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        _not_in_future(self, data, "received_on")
        return data


class KisCompletionRequestForm(forms.Form):
    requested_on = _date_field(_("Called on"))
    message = forms.CharField(
        label=_("What is to be completed"), widget=forms.Textarea(attrs={"rows": 3})
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        _not_in_future(self, data, "requested_on")
        return data


class KisCompletedForm(forms.Form):
    received_on = _date_field(_("Completed notification arrived on"))

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        _not_in_future(self, data, "received_on")
        return data


class KisEntryForm(forms.Form):
    entered_on = _date_field(_("Entered in the register on"))

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        _not_in_future(self, data, "entered_on")
        return data


class KisClosureForm(forms.Form):
    found_by_voivode = forms.TypedChoiceField(
        label=_("How the voivode learnt of it"),
        choices=[
            ("", _("the operator's notice (art. 18a ust. 4)")),
            ("1", _("found by the voivode without a notice (art. 18a ust. 5)")),
        ],
        coerce=bool,
        empty_value=False,
        required=False,
        widget=forms.RadioSelect,
    )
    activity_ended_on = _date_field(_("The club closed on"))
    received_on = _date_field(
        _("Notice received on (or closure found on)"),
        help_text=_("When the voivode found the closure: the day it was found."),
    )
    finding = forms.CharField(
        label=_("How the closure was found"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "Only when found by the voivode: an inspection, returned "
            "letters, the operator's statement on record."
        ),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        _not_in_future(self, data, "activity_ended_on", "received_on")
        return data


# Return of unused subsidies (art. 6 ust. 3).


class SubsidyReturnForm(forms.Form):
    unused_amount = forms.DecimalField(
        label=_("Unused subsidy money (PLN)"),
        max_digits=12,
        decimal_places=2,
        min_value=0,
        localize=True,
    )
    established_on = _date_field(
        _("Established on"),
        help_text=_("The day on which the unused amount was established."),
    )
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class SubsidyLineForm(forms.Form):
    grantor = forms.CharField(label=_("Granted by"), max_length=300)
    # An empty first choice, so that an untouched extra row posts nothing.
    grantor_kind = forms.ChoiceField(
        label=_("Kind of grantor"), choices=[("", "—"), *GrantorKind.choices]
    )
    granted = forms.DecimalField(
        label=_("Subsidy granted (PLN)"),
        max_digits=12,
        decimal_places=2,
        min_value=Decimal("0.01"),
        localize=True,
    )


MAX_SUBSIDY_LINES = 20


def subsidy_line_formset(extra: int = 3) -> type[forms.BaseFormSet]:
    """The grantors' rows: the recorded ones (each can be removed) and
    `extra` empty ones."""
    return forms.formset_factory(
        SubsidyLineForm,
        extra=extra,
        max_num=MAX_SUBSIDY_LINES,
        validate_max=True,
        min_num=1,
        validate_min=True,
        can_delete=True,
        can_delete_extra=False,
    )
