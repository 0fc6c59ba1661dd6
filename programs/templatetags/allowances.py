"""Template filters of the allowance pages and documents: amounts in PLN and
the labels of the calculation's steps and flags (codes kept in JSON)."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django import template
from django.utils.translation import gettext_lazy as _

from programs.allowance import Flag, Step

register = template.Library()

FLAG_LABELS = {
    Flag.NO_ATTENDANCE: _("no attendance recorded in the month"),
    Flag.ATTENDANCE_AFTER_EXIT: _("attendance recorded after the exit"),
    Flag.ATTENDANCE_BEFORE_ADMISSION: _("attendance recorded before the admission"),
    Flag.MISSING_BENEFIT_RATE: _("no unemployment-benefit rate for some days"),
    Flag.UNEXCUSED_OVER_LIMIT: _("more than 3 days of unexcused absence: no allowance"),
    Flag.DAYS_OFF_OVER_LIMIT: _("days off beyond the limit (unpaid)"),
    Flag.SICK_OVER_LIMIT: _("sick leave beyond the limit (unpaid)"),
    Flag.ZERO_AMOUNT: _("nothing to pay"),
}

STEP_LABELS = {
    Step.BASE: _("allowance for the days of participation"),
    Step.UNEXCUSED: _("unexcused absence"),
    Step.UNEXCUSED_FORFEIT: _("unexcused absence over the limit: nothing due"),
    Step.SICK_PAID: _("sick leave paid at the reduced rate"),
    Step.UNPAID_DAYS: _("days without the allowance"),
    Step.DAYS_OFF: _("days off with the allowance"),
    Step.BONUS: _("motivational bonus"),
    Step.CONTRIBUTION: _("contribution"),
    Step.REFUND: _("refunded by the labour office"),
}

CONTRIBUTION_LABELS = {
    "pension": _("pension insurance"),
    "disability": _("disability insurance"),
}


@register.filter
def pln(value: Any) -> str:
    """1994.4 → "1 994,40" (a no-break space between thousands)."""
    try:
        amount = Decimal(value)
    except (InvalidOperation, TypeError, ValueError):
        return ""
    text = f"{amount:,.2f}"
    return text.replace(",", "\u00a0").replace(".", ",")


@register.filter
def flag_label(code: str) -> str:
    return str(FLAG_LABELS.get(code, code))


@register.filter
def step_label(code: str) -> str:
    return str(STEP_LABELS.get(code, code))


@register.filter
def contribution_label(code: str) -> str:
    return str(CONTRIBUTION_LABELS.get(code, code))
