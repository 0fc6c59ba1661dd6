"""Tables of the allowance lists; rows come annotated from the selectors."""

from __future__ import annotations

import django_tables2 as tables
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from programs.models import AllowanceMonth, BenefitRate


class AllowanceMonthTable(tables.Table):
    month = tables.Column(
        verbose_name=_("Month"),
        linkify=lambda record: reverse("programs:allowance_month", args=[record.pk]),
        order_by=("month", "unit__name"),
    )
    unit = tables.Column(verbose_name=_("Unit"), order_by=("unit__name",))
    state = tables.Column(verbose_name=_("State"))
    participants = tables.Column(verbose_name=_("Participants"))
    total = tables.Column(verbose_name=_("Total allowances (PLN)"), default="—")
    approved_at = tables.DateTimeColumn(
        verbose_name=_("Approved at"), default="—", format="d.m.Y H:i"
    )

    class Meta:
        model = AllowanceMonth
        fields = ("month", "unit", "state", "participants", "total", "approved_at")
        order_by = ("-month",)
        empty_text = _("No allowance months yet. Compute the first one above.")

    def render_month(self, value):
        return date_format(value, "YEAR_MONTH_FORMAT")

    def render_unit(self, record):
        return record.unit.name

    def render_total(self, value):
        return f"{value:,.2f}".replace(",", "\u00a0").replace(".", ",")

    def value_total(self, value):
        return value


class BenefitRateTable(tables.Table):
    valid_from = tables.DateColumn(verbose_name=_("Applies from"), format="d.m.Y")
    amount = tables.Column(verbose_name=_("Amount (PLN)"))
    source = tables.Column(verbose_name=_("Source"), orderable=False)

    class Meta:
        model = BenefitRate
        fields = ("valid_from", "amount", "source")
        order_by = ("-valid_from",)
        empty_text = _("No unemployment-benefit rates are recorded.")
