"""The table of the access log (who read or exported which participant's data)."""

from __future__ import annotations

import datetime

import django_tables2 as tables
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from participants.models import AccessLog, Participant


class AccessLogTable(tables.Table):
    # With the pk, so that entries of the same moment keep their order.
    at = tables.DateTimeColumn(
        verbose_name=_("When"), format="d.m.Y H:i", order_by=("at", "pk")
    )
    user_email = tables.Column(verbose_name=_("User"))
    unit = tables.Column(
        verbose_name=_("Unit"), accessor="unit__name", order_by=("unit__name",)
    )
    participant = tables.Column(
        verbose_name=_("Participant"),
        order_by=("participant__last_name", "participant__first_name"),
        default="—",
    )
    action = tables.Column(verbose_name=_("Action"))
    what = tables.Column(verbose_name=_("What"), default="—")
    ip_address = tables.Column(verbose_name=_("Address"), default="—")

    class Meta:
        model = AccessLog
        fields = (
            "at",
            "user_email",
            "unit",
            "participant",
            "action",
            "what",
            "ip_address",
        )
        order_by = ("-at",)
        empty_text = _("No access to participants' data matches these criteria.")

    def render_participant(self, value: Participant) -> SafeString | str:
        # An anonymised record has no page worth opening, and no name to show.
        if value.is_anonymised:
            return str(value)
        return format_html('<a href="{}">{}</a>', value.get_absolute_url(), value)

    def value_at(self, value: datetime.datetime) -> str:
        # Local time, sortable, for the spreadsheet.
        return f"{timezone.localtime(value):%Y-%m-%d %H:%M}"

    def value_participant(self, value: Participant | None) -> str:
        return str(value) if value is not None else ""
