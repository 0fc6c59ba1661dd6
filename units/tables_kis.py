import datetime

import django_tables2 as tables
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from units.constants_kis import KisNotificationKind, KisNotificationState
from units.due import render_due
from units.models import KisNotification


class KisNotificationTable(tables.Table):
    """Rows of `units.selectors.kis_notification_list_for_user`."""

    received_on = tables.DateColumn(verbose_name=_("Received on"))
    club_name = tables.Column(verbose_name=_("Club"), linkify=True)
    founding_body = tables.Column(
        verbose_name=_("Founding body"), order_by=("founding_body__name",)
    )
    municipality = tables.Column(verbose_name=_("Municipality"))
    kind = tables.Column(verbose_name=_("Notification"))
    state = tables.Column(verbose_name=_("State"))
    register_due_on = tables.DateColumn(verbose_name=_("Entry due on"), default="—")
    entered_on = tables.DateColumn(verbose_name=_("Entered on"), default="—")
    handled_by = tables.Column(
        verbose_name=_("Handled by"),
        accessor="handled_by__full_name",
        order_by=("handled_by__full_name",),
        default="—",
    )

    class Meta:
        model = KisNotification
        fields = (
            "received_on",
            "club_name",
            "founding_body",
            "municipality",
            "kind",
            "state",
            "register_due_on",
            "entered_on",
            "handled_by",
        )
        order_by = ("-received_on",)
        empty_text = _("No notifications match these criteria.")

    def render_state(self, value: str, record: KisNotification) -> str:
        if record.kind == KisNotificationKind.CLOSURE and record.late:
            return format_html(
                '{} <span class="badge text-bg-warning">{}</span>',
                value,
                _("notified late"),
            )
        if record.found_by_voivode:
            return format_html(
                '{} <span class="badge text-bg-info">{}</span>',
                value,
                _("found by the voivode"),
            )
        return value

    def render_register_due_on(
        self, value: datetime.date | None, record: KisNotification
    ) -> str:
        return render_due(value, waiting=record.state == KisNotificationState.RECEIVED)
