"""Forms of what a centre provides (art. 14 ust. 2-4). They validate input;
the services (participants/services/provisions.py) hold the rules."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from participants.constants_provisions import ExaminationResult, ProvisionKind
from participants.forms import date_field


class ProvisionForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("What was provided"), choices=ProvisionKind.choices
    )
    provided_on = date_field(
        _("Provided on"),
        help_text=_("For a medical examination: the day of the examination."),
    )
    result = forms.ChoiceField(
        label=_("Result of the examination"),
        choices=[("", "—"), *ExaminationResult.choices],
        required=False,
        help_text=_("Medical examination only."),
    )
    valid_until = date_field(
        _("Valid until"),
        required=False,
        help_text=_(
            "Medical examination only: the last day the doctor's certificate "
            "is valid, if it says so."
        ),
    )
    note = forms.CharField(
        label=_("Note"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "What was issued (for example the sizes), or the restrictions the "
            "doctor set."
        ),
    )


class ProvisionVoidForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for voiding"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "For example: recorded for the wrong person, or with a wrong date. "
            "The entry stays in the history."
        ),
    )


class MealForm(forms.Form):
    takes_meal = forms.BooleanField(
        label=_("Takes the daily meal"),
        required=False,
        help_text=_(
            "One free meal a day during the stay at the centre (art. 14 ust. 4)."
        ),
    )
    meal_note = forms.CharField(
        label=_("Note on the meal"),
        max_length=200,
        required=False,
        help_text=_("For example a diet the kitchen must keep to."),
    )
