"""Template filters of the statistics: figures as Polish publications write
them (a non-breaking space between thousands, a decimal comma, "<3" for a
withheld count) and Polish typography (no single-letter word left at the end
of a line)."""

from __future__ import annotations

import re
from decimal import Decimal

from django import template
from django.utils.formats import number_format
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

from reporting.suppression import Suppressed

register = template.Library()

NBSP = "\u00a0"
# One-letter words ("w", "z", "i", "o", "a", "u") and the space after them.
_SINGLE_LETTER = re.compile(r"(?<![\w\-])([aiouwzAIOUWZ])\s+(?=\S)")


@register.filter
def stat_value(value: object, kind: str = "count") -> str:
    """A figure of a statistics table, as the current language writes it."""
    if value is None:
        return "—"
    if isinstance(value, Suppressed):
        return str(value)
    if kind == "money":
        return number_format(value, decimal_pos=2, force_grouping=True)
    if kind in ("percent", "days"):
        return number_format(value, decimal_pos=1, force_grouping=True)
    if isinstance(value, Decimal | float):
        return number_format(value, decimal_pos=1, force_grouping=True)
    return number_format(value, force_grouping=True)


@register.filter
def nbsp_single(text: object) -> SafeString:
    """Bind one-letter words to the next word with a non-breaking space
    ("w\u00a0Polsce"), as Polish typesetting requires."""
    escaped = str(conditional_escape(text))
    return mark_safe(_SINGLE_LETTER.sub(lambda m: m.group(1) + NBSP, escaped))  # noqa: S308 - escaped above


@register.filter
def cell_at(cells: tuple, index: int) -> object:
    return cells[index]
