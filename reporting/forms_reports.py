"""Forms of the unit annual reports. They validate input; the services hold
the rules (reporting/services/reports.py, reporting/unit_report.py)."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from reporting.unit_report import (
    ENTERED_SPECS,
    FINANCE_LABELS,
    GRANT_RECEIVED_LABELS,
    GRANT_USED_LABELS,
    MAX_MONEY,
    MAX_PEOPLE,
    STAFF_LABELS,
    clean_entered,
    entered_fields,
    entered_initial,
    field_name,
)
from units.models import Unit
from units.views_actions import apply_errors

VOLUNTEER_LABELS = {"F": _("volunteers: women"), "M": _("volunteers: men")}
LABELS = {
    "finance": FINANCE_LABELS,
    "staff": STAFF_LABELS,
    "volunteers": VOLUNTEER_LABELS,
    "grants_received": GRANT_RECEIVED_LABELS,
    "grants_used": GRANT_USED_LABELS,
}
MAX_NARRATIVE = 10_000


class ReportOpenForm(forms.Form):
    """Which unit's report for which year to open (from the list of years)."""

    unit = forms.ModelChoiceField(queryset=Unit.objects.none(), label=_("Unit"))
    year = forms.IntegerField(label=_("Year"), min_value=2004, max_value=2100)

    def __init__(self, *args: Any, units: QuerySet[Unit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units


@dataclass
class FieldGroup:
    """A fieldset of the report form, shaped like a form for
    includes/form_fields.html."""

    code: str
    legend: str
    help: str
    visible_fields: list[forms.BoundField] = field(default_factory=list)
    hidden_fields: tuple = ()
    non_field_errors: tuple = ()


class AnnualReportForm(forms.Form):
    """What the unit enters: finance by source, staff, volunteers (KIS) or
    grants (CIS), and the description of the year. Figures are required, as
    the report cannot be submitted without them; enter 0 where there were
    none."""

    def __init__(
        self,
        *args: Any,
        kind: str,
        entered: dict | None = None,
        narrative: str = "",
        **kwargs: Any,
    ) -> None:
        kwargs.setdefault(
            "initial", {**entered_initial(kind, entered or {}), "narrative": narrative}
        )
        super().__init__(*args, **kwargs)
        self.kind = kind
        for section, key, unit in entered_fields(kind):
            label = LABELS[section][key]
            if unit == "money":
                self.fields[field_name(section, key)] = forms.DecimalField(
                    label=_("%(item)s (PLN)") % {"item": label},
                    min_value=Decimal(0),
                    max_value=MAX_MONEY,
                    max_digits=12,
                    decimal_places=2,
                    widget=forms.NumberInput(attrs={"step": "0.01", "min": "0"}),
                )
            else:
                self.fields[field_name(section, key)] = forms.IntegerField(
                    label=label,
                    min_value=0,
                    max_value=MAX_PEOPLE,
                    widget=forms.NumberInput(attrs={"min": "0"}),
                )
        self.fields["narrative"] = forms.CharField(
            label=_("Description of the year"),
            required=False,
            max_length=MAX_NARRATIVE,
            widget=forms.Textarea(attrs={"rows": 6}),
            help_text=_(
                "Activities, results and changes in the year that the figures do "
                "not show. Do not name participants."
            ),
        )

    @property
    def groups(self) -> list[FieldGroup]:
        """The fields by section, in the order of the form."""
        groups: dict[str, FieldGroup] = {}
        for section, key, _unit in entered_fields(self.kind):
            spec = ENTERED_SPECS[section]
            group = groups.setdefault(
                section,
                FieldGroup(section, str(spec.title), str(spec.definition)),
            )
            group.visible_fields.append(self[field_name(section, key)])
        narrative = FieldGroup("narrative", str(_("Description of the year")), "")
        narrative.visible_fields.append(self["narrative"])
        return [*groups.values(), narrative]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not self.errors:
            # The service's checks (grants used within those received), shown
            # on the form at once.
            try:
                clean_entered(self.kind, data)
            except forms.ValidationError as error:
                apply_errors(self, error)
        return data

    def figures(self) -> dict[str, Any]:
        return {k: v for k, v in self.cleaned_data.items() if k != "narrative"}


class SubmitForm(forms.Form):
    confirm = forms.BooleanField(
        label=_(
            "I confirm that the report is complete and correct, and I submit it "
            "to the voivode."
        ),
    )


class ReturnForm(forms.Form):
    comments = forms.CharField(
        label=_("What should the unit correct?"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class AcceptForm(forms.Form):
    comments = forms.CharField(
        label=_("Comments (optional)"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
