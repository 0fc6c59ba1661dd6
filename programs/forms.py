"""Forms of the activities, sessions, enrolments, the attendance register and
supported employment. They check the input's shape; the services hold the
rules."""

from __future__ import annotations

import datetime
import re
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from participants.forms import DATE_WIDGET
from programs.constants import (
    CIS_ACTIVITY_KINDS,
    KIS_ACTIVITY_KINDS,
    ActivityKind,
    Weekday,
)
from programs.constants import SupportedEmploymentForm as SupportKind
from programs.models import Activity
from programs.services.activities import SlotInput
from units.constants import UnitKind
from units.models import Unit

TIME_WIDGET = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
MONTH_RE = re.compile(r"^(\d{4})-(\d{2})$")


def date_field(label: Any, **kwargs: Any) -> forms.DateField:
    return forms.DateField(label=label, widget=DATE_WIDGET, **kwargs)


def parse_month(value: str) -> datetime.date | None:
    """ "2026-03" as the first day of that month; None when it is not one."""
    match = MONTH_RE.match((value or "").strip())
    if not match:
        return None
    year, month = int(match.group(1)), int(match.group(2))
    if not (2000 <= year <= 2100 and 1 <= month <= 12):
        return None
    return datetime.date(year, month, 1)


class MonthField(forms.CharField):
    """A month as YYYY-MM (the browser's month picker)."""

    widget = forms.TextInput(attrs={"type": "month", "pattern": r"\d{4}-\d{2}"})
    default_error_messages = {"invalid": _("Enter a month as YYYY-MM.")}

    def to_python(self, value: Any) -> datetime.date | None:
        value = super().to_python(value)
        if value in self.empty_values:
            return None
        month = parse_month(value)
        if month is None:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return month

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, datetime.date):
            return f"{value:%Y-%m}"
        return value


class ActivityForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=Unit.objects.none())
    name = forms.CharField(label=_("Name"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=ActivityKind.choices)
    is_workshop = forms.BooleanField(
        label=_("Workshop with its own attendance register"),
        required=False,
        help_text=_(
            "Vocational reintegration only; a participant is in one workshop at a time."
        ),
    )
    instructor = forms.CharField(label=_("Instructor"), max_length=150, required=False)
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    starts_on = date_field(_("Runs from"))
    ends_on = date_field(_("Runs until"), required=False)
    description = forms.CharField(
        label=_("Description"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
    )

    def __init__(
        self, *args: Any, units: QuerySet[Unit], editing: bool = False, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        if editing:
            del self.fields["unit"]
        elif len(units) == 1:
            self.fields["unit"].initial = units[0].pk
        kinds = {kind for unit in units for kind in self._kinds(unit)}
        self.fields["kind"].choices = [
            (value, label) for value, label in ActivityKind.choices if value in kinds
        ]

    @staticmethod
    def _kinds(unit: Unit) -> tuple[str, ...]:
        return CIS_ACTIVITY_KINDS if unit.kind == UnitKind.CIS else KIS_ACTIVITY_KINDS

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        starts_on, ends_on = data.get("starts_on"), data.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", _("The activity ends before it starts."))
        return data


class SlotForm(forms.Form):
    weekday = forms.TypedChoiceField(
        label=_("Day of the week"), choices=Weekday.choices, coerce=int
    )
    starts_at = forms.TimeField(label=_("From"), widget=TIME_WIDGET)
    ends_at = forms.TimeField(label=_("Until"), widget=TIME_WIDGET)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        starts_at, ends_at = data.get("starts_at"), data.get("ends_at")
        if starts_at and ends_at and ends_at <= starts_at:
            self.add_error("ends_at", _("The hour must end after it starts."))
        return data


class BaseSlotFormSet(forms.BaseFormSet):
    def slots(self) -> list[SlotInput]:
        return [
            SlotInput(
                weekday=form.cleaned_data["weekday"],
                starts_at=form.cleaned_data["starts_at"],
                ends_at=form.cleaned_data["ends_at"],
            )
            for form in self.forms
            # An extra line left empty has no cleaned data.
            if form.cleaned_data.get("weekday") is not None
            and not form.cleaned_data.get("DELETE")
        ]


SlotFormSet = forms.formset_factory(
    SlotForm, formset=BaseSlotFormSet, extra=2, can_delete=True, max_num=21
)


class GenerateForm(forms.Form):
    starts_on = date_field(_("From"))
    ends_on = date_field(_("Until"))


class SessionAddForm(forms.Form):
    date = date_field(_("Date"))
    starts_at = forms.TimeField(label=_("From"), widget=TIME_WIDGET)
    ends_at = forms.TimeField(label=_("Until"), widget=TIME_WIDGET)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        starts_at, ends_at = data.get("starts_at"), data.get("ends_at")
        if starts_at and ends_at and ends_at <= starts_at:
            self.add_error("ends_at", _("The session must end after it starts."))
        return data


class SessionCancelForm(forms.Form):
    note = forms.CharField(
        label=_("Reason"),
        max_length=300,
        help_text=_("For example: the instructor is ill, the unit is closed."),
    )
    confirm = forms.BooleanField(label=_("I confirm that the session is cancelled."))


class SessionRestoreForm(forms.Form):
    note = forms.CharField(label=_("Note"), max_length=300, required=False)


class EnrolForm(forms.Form):
    participation = forms.ModelChoiceField(
        label=_("Participant"), queryset=Activity.objects.none()
    )
    starts_on = date_field(_("From"))
    ends_on = date_field(_("Until"), required=False)

    def __init__(self, *args: Any, participations: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if participations is not None:
            self.fields["participation"].queryset = participations
        self.fields["participation"].label_from_instance = lambda p: str(p.participant)
        self.fields["starts_on"].initial = timezone.localdate()


class EnrolmentEndForm(forms.Form):
    ends_on = date_field(_("Last day"))
    confirm = forms.BooleanField(label=_("I confirm that the enrolment ends."))


class UnitMonthForm(forms.Form):
    """A unit of the user's and a month; the first unit and this month when
    left out."""

    unit = forms.ModelChoiceField(
        label=_("Unit"), queryset=Unit.objects.none(), required=False
    )
    month = MonthField(label=_("Month"), required=False)

    def __init__(self, *args: Any, units: QuerySet[Unit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["unit"].empty_label = None

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        units = self.fields["unit"].queryset
        if not data.get("unit") and "unit" not in self.errors:
            data["unit"] = units.first()
        if not data.get("month") and "month" not in self.errors:
            data["month"] = timezone.localdate().replace(day=1)
        return data


class GridForm(UnitMonthForm):
    """Which register to show: the unit, the month and optionally a workshop."""

    activity = forms.ModelChoiceField(
        label=_("Workshop"),
        queryset=Activity.objects.none(),
        required=False,
        empty_label=_("the whole unit"),
    )

    def __init__(self, *args: Any, units: QuerySet[Unit], **kwargs: Any) -> None:
        super().__init__(*args, units=units, **kwargs)
        self.fields["activity"].queryset = Activity.objects.filter(
            unit__in=units, is_workshop=True
        ).order_by("name")

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        activity = data.get("activity")
        if (
            activity is not None
            and data.get("unit")
            and (activity.unit_id != data["unit"].pk)
        ):
            self.add_error("activity", _("Choose a workshop of this unit."))
        return data


class ProgrammeAdoptForm(UnitMonthForm):
    """The manager adopts the month's programme of activities."""

    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("For example: what changed since the programme was last adopted."),
    )

    def __init__(self, *args: Any, units: QuerySet[Unit], **kwargs: Any) -> None:
        super().__init__(*args, units=units, **kwargs)
        self.fields["unit"].required = True
        self.fields["month"].required = True


class SupportedEmploymentForm(forms.Form):
    form = forms.ChoiceField(label=_("Form"), choices=SupportKind.choices)
    employer_name = forms.CharField(label=_("Employer"), max_length=300, required=False)
    employer_nip = forms.CharField(
        label=_("Employer's NIP"), max_length=13, required=False
    )
    starts_on = date_field(_("From"))
    ends_on = date_field(_("Until"), required=False)
    support = forms.CharField(
        label=_("Support given"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
        help_text=_("Mentoring, help of the unit's staff, training, equipment."),
    )
    refund_monthly = forms.DecimalField(
        label=_("Monthly refund to the employer (PLN)"),
        required=False,
        max_digits=9,
        decimal_places=2,
        min_value=0,
        help_text=_(
            "The part of the pay the agreement refunds, without the "
            "social-insurance contributions refunded on it."
        ),
    )
    refund_basis = forms.CharField(
        label=_("Legal basis of the refund"),
        max_length=200,
        required=False,
        help_text=_(
            "The article of the Act and the agreement with the county labour "
            "office, for example: art. 16 ustawy, umowa PUP/12/2026."
        ),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        starts_on, ends_on = data.get("starts_on"), data.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", _("The period ends before it starts."))
        return data


class SupportedRefundForm(forms.Form):
    """The refund of one month of supported employment (art. 16)."""

    month = forms.TypedChoiceField(label=_("Month of employment"), coerce=int)
    amount = forms.DecimalField(
        label=_("Refunded pay (PLN)"),
        max_digits=9,
        decimal_places=2,
        min_value=0,
        help_text=_("The part of the pay the labour office refunded for the month."),
    )
    contributions = forms.DecimalField(
        label=_("Refunded contributions (PLN)"),
        required=False,
        max_digits=9,
        decimal_places=2,
        min_value=0,
        help_text=_("The social-insurance contributions refunded on that pay."),
    )

    def __init__(self, *args: Any, months: Sequence[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["month"].choices = [
            (
                month.number,
                f"{month.number}: {month.first_day:%d.%m.%Y} – "
                f"{month.last_day:%d.%m.%Y}",
            )
            for month in months
        ]

    def clean_contributions(self) -> Decimal:
        return self.cleaned_data.get("contributions") or Decimal(0)


class SupportedRefundVoidForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is the entry voided?"),
        max_length=300,
        help_text=_("For example: entered for the wrong month."),
    )
