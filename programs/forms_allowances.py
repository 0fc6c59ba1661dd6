"""Forms and list filters of the allowance pages."""

from __future__ import annotations

import datetime
from typing import Any

import django_filters
from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from programs.constants import AllowanceMonthState
from programs.selectors_allowances import allowance_units_for_user


def _units(request: Any) -> QuerySet:
    return allowance_units_for_user(user=getattr(request, "user", None))


def _years() -> list[tuple[int, int]]:
    this_year = timezone.localdate().year
    return [(year, year) for year in range(this_year, 2017, -1)]


class AllowanceMonthFilter(django_filters.FilterSet):
    """Unit, state and year of the allowance months."""

    unit = django_filters.ModelChoiceFilter(
        label=_("Unit"), queryset=_units, empty_label=_("all")
    )
    state = django_filters.ChoiceFilter(
        label=_("State"), choices=AllowanceMonthState.choices, empty_label=_("all")
    )
    year = django_filters.ChoiceFilter(
        label=_("Year"),
        field_name="month__year",
        choices=_years,
        empty_label=_("all"),
    )


class BenefitRateFilter(django_filters.FilterSet):
    year = django_filters.NumberFilter(
        label=_("Applies from (year)"), field_name="valid_from__year"
    )


class MonthField(forms.DateField):
    """A month typed as YYYY-MM (the browser's month picker), as its first day."""

    widget = forms.DateInput(attrs={"type": "month"}, format="%Y-%m")
    input_formats = ["%Y-%m"]

    def to_python(self, value: Any) -> datetime.date | None:
        day = super().to_python(value)
        return day.replace(day=1) if day else None


class OpenMonthForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=None)
    month = MonthField(
        label=_("Month"),
        help_text=_("The month whose allowances to compute, for example 2026-03."),
        error_messages={"invalid": _("Enter a month as YYYY-MM.")},
    )

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = allowance_units_for_user(user=user)
        if "month" not in self.initial:
            self.initial["month"] = timezone.localdate().replace(day=1)


class ApproveForm(forms.Form):
    confirm = forms.BooleanField(
        label=_(
            "I have reviewed the amounts; approve the month and lock it against "
            "changes."
        ),
        error_messages={"required": _("Tick the box to confirm the approval.")},
    )


class ReopenForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for reopening"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text=_(
            "Recorded in the month's history, for example a corrected sick note."
        ),
    )


class BonusForm(forms.Form):
    bonus_percent = forms.DecimalField(
        # xgettext:no-python-format
        label=_("Motivational bonus (% of the integration allowance)"),
        min_value=0,
        max_value=999,
        max_digits=5,
        decimal_places=2,
        help_text=_(
            "Art. 15a of the Act: only after the trial period, up to the maximum "
            "in force (since 15 February 2022: 100%). Enter 0 for no bonus."
        ),
    )
