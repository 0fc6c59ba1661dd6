"""Forms of the intake wizard beyond the shared ones of participants.forms,
and the summary of what was typed that the last step shows."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from participants.forms import ConsentForm, PersonForm, date_field
from participants.services import PERSON_FIELDS
from units.models import Unit


class UnitChoiceForm(forms.Form):
    """The unit the person comes to, for staff who work in several."""

    unit = forms.ModelChoiceField(
        label=_("Unit"),
        queryset=Unit.objects.none(),
        help_text=_("The unit that takes the person; it keeps their data."),
    )

    def __init__(self, *args: Any, units: QuerySet[Unit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units


class IntakePersonForm(PersonForm):
    """The person's data; the information clause is confirmed on the last
    step, so its date is asked there."""

    info_clause_on = None

    class Meta(PersonForm.Meta):
        fields = [name for name in PERSON_FIELDS if name != "info_clause_on"]


class IntakeConsentForm(ConsentForm):
    info_clause_on = date_field(
        _("Information clause handed over on"),
        initial=timezone.localdate,
        help_text=_(
            "The day the person received the information on the processing of "
            "their data (GDPR art. 13)."
        ),
    )

    field_order = ["info_clause_on", "confirm"]

    def clean_info_clause_on(self) -> datetime.date:
        day = self.cleaned_data["info_clause_on"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("The date cannot be in the future."))
        return day


@dataclass(frozen=True)
class SummaryRow:
    label: str
    value: str


@dataclass(frozen=True)
class SummarySection:
    title: str
    rows: list[SummaryRow]


def _display(field: forms.Field, value: Any) -> str:
    """A cleaned value as the user chose it: the label of a choice, the
    localised date, the names of the chosen grounds."""
    if isinstance(field, forms.ModelMultipleChoiceField):
        return ", ".join(field.label_from_instance(obj) for obj in value)
    if isinstance(field, forms.ModelChoiceField):
        return field.label_from_instance(value)
    if isinstance(field, forms.MultipleChoiceField):
        labels = dict(field.choices)
        return ", ".join(str(labels.get(item, item)) for item in value)
    if isinstance(field, forms.ChoiceField):
        return str(dict(field.choices).get(value, value))
    if isinstance(field, forms.DateField):
        return formats.date_format(value, "d.m.Y")
    return str(value)


def summary_rows(form: forms.Form) -> list[SummaryRow]:
    """The filled-in fields of a valid form, in the form's order."""
    rows = []
    for name, field in form.fields.items():
        value = form.cleaned_data.get(name)
        if isinstance(value, QuerySet):
            value = list(value)
        if value in (None, "", [], False):
            continue
        rows.append(SummaryRow(str(field.label), _display(field, value)))
    return rows
