import datetime

import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from units.constants import ApplicationState
from units.due import render_due
from units.models import StatusApplication, StatusDecision


class ApplicationTable(tables.Table):
    received_on = tables.DateColumn(verbose_name=_("Received on"))
    proposed_name = tables.Column(verbose_name=_("Centre"), linkify=True)
    founding_body = tables.Column(
        verbose_name=_("Founding body"), order_by=("founding_body__name",)
    )
    kind = tables.Column(verbose_name=_("Application"))
    state = tables.Column(verbose_name=_("State"))
    decision_due_on = tables.DateColumn(verbose_name=_("Decision due on"), default="—")
    handled_by = tables.Column(
        verbose_name=_("Handled by"),
        accessor="handled_by__full_name",
        order_by=("handled_by__full_name",),
        default="—",
    )

    class Meta:
        model = StatusApplication
        fields = (
            "received_on",
            "proposed_name",
            "founding_body",
            "kind",
            "state",
            "decision_due_on",
            "handled_by",
        )
        order_by = ("-received_on",)
        empty_text = _("No applications match these criteria.")

    def render_decision_due_on(
        self, value: datetime.date | None, record: StatusApplication
    ) -> str:
        return render_due(value, waiting=record.state == ApplicationState.COMPLETE)


class DecisionTable(tables.Table):
    number = tables.Column(verbose_name=_("Number"), linkify=True)
    kind = tables.Column(verbose_name=_("Decision"))
    issued_on = tables.DateColumn(verbose_name=_("Issued on"))
    valid_until = tables.DateColumn(verbose_name=_("Status valid until"), default="—")

    class Meta:
        model = StatusDecision
        fields = ("number", "kind", "issued_on", "valid_until")
        order_by = ("-issued_on",)
        orderable = False
        empty_text = _("No decisions yet.")
