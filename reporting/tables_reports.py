"""Tables of the officials' lists of unit annual reports (django-tables2; the
exports to CSV and XLSX come from the same tables)."""

from __future__ import annotations

import datetime
from typing import Any

import django_tables2 as tables
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from reporting.constants import ReportState
from reporting.models import UnitAnnualReport
from reporting.selectors_reports import NOT_OPENED
from units.models import Unit


class ReportTable(tables.Table):
    unit = tables.Column(
        verbose_name=_("Unit"),
        accessor="unit__name",
        order_by=("unit__name",),
        linkify=lambda record: record.get_absolute_url(),
    )
    kind = tables.Column(
        verbose_name=_("Kind"), accessor="unit__kind", order_by=("unit__kind",)
    )
    voivodeship = tables.Column(
        verbose_name=_("Voivodeship"),
        accessor="unit__voivodeship__name",
        order_by=("unit__voivodeship__teryt",),
    )
    year = tables.Column(verbose_name=_("Year"))
    state = tables.Column(verbose_name=_("State"))
    submitted_at = tables.DateTimeColumn(
        verbose_name=_("Submitted at"), format="SHORT_DATETIME_FORMAT", default="—"
    )
    reviewed_at = tables.DateTimeColumn(
        verbose_name=_("Reviewed at"), format="SHORT_DATETIME_FORMAT", default="—"
    )

    class Meta:
        model = UnitAnnualReport
        fields = (
            "unit",
            "kind",
            "voivodeship",
            "year",
            "state",
            "submitted_at",
            "reviewed_at",
        )
        order_by = ("-year", "unit")
        empty_text = _("No reports match these criteria.")


class MissingTable(tables.Table):
    """Units whose report for the year is not submitted, with the deadline."""

    name = tables.Column(verbose_name=_("Unit"))
    kind = tables.Column(verbose_name=_("Kind"))
    voivodeship = tables.Column(
        verbose_name=_("Voivodeship"),
        accessor="voivodeship__name",
        order_by=("voivodeship__teryt",),
    )
    founding_body = tables.Column(
        verbose_name=_("Founding body"),
        accessor="founding_body__name",
        order_by=("founding_body__name",),
    )
    report_state = tables.Column(verbose_name=_("Report"))
    deadline = tables.Column(
        verbose_name=_("Deadline"), empty_values=(), orderable=False
    )

    class Meta:
        model = Unit
        fields = ("name", "kind", "voivodeship", "founding_body", "report_state")
        order_by = ("name",)
        empty_text = _("Every unit has submitted its report for this year.")

    def __init__(
        self, *args: Any, deadline: datetime.date, today: datetime.date, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.report_deadline = deadline
        self.overdue = today > deadline

    def render_report_state(self, value: str) -> str:
        if value == NOT_OPENED:
            return str(_("not opened"))
        return str(ReportState(value).label)

    def value_report_state(self, value: str) -> str:
        return self.render_report_state(value)

    def render_deadline(self) -> str:
        shown = self.report_deadline.strftime("%d.%m.%Y")
        if self.overdue:
            return format_html(
                '{} <span class="badge text-bg-danger">{}</span>', shown, _("overdue")
            )
        return shown

    def value_deadline(self) -> str:
        shown = self.report_deadline.isoformat()
        return f"{shown} ({_('overdue')})" if self.overdue else shown
