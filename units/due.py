"""How lists show and filter cases waiting for the office: overdue (red) or
due within a week (amber)."""

from __future__ import annotations

import datetime

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

SOON_DAYS = 7
DUE_CHOICES = [("overdue", _("overdue")), ("soon", _("due within 7 days"))]


def filter_due(queryset: QuerySet, value: str, *, field: str) -> QuerySet:
    """Rows (already narrowed to the waiting ones) whose `field` date has
    passed (`overdue`) or comes within a week (`soon`)."""
    today = timezone.localdate()
    if value == "overdue":
        return queryset.filter(**{f"{field}__lt": today})
    return queryset.filter(
        **{
            f"{field}__gte": today,
            f"{field}__lte": today + datetime.timedelta(days=SOON_DAYS),
        }
    )


def render_due(value: datetime.date | None, *, waiting: bool) -> str | SafeString:
    """The date, with a badge when the case still waits and is late or close."""
    if value is None:
        return "—"
    label = date_format(value, "SHORT_DATE_FORMAT")
    if not waiting:
        return label
    today = timezone.localdate()
    if value < today:
        return format_html(
            '<span class="badge text-bg-danger">{}</span> {}', _("overdue"), label
        )
    if value <= today + datetime.timedelta(days=SOON_DAYS):
        return format_html(
            '<span class="badge text-bg-warning">{}</span> {}', _("due soon"), label
        )
    return label
