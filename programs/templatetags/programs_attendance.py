"""The cells of the attendance register, as the grid and the htmx answer to
a saved day both draw them. Built in Python with the constant parts prepared
once per page: a month has over a thousand cells, and this keeps the page
fast. Every text that comes from data is escaped here."""

from __future__ import annotations

import json

from django import template
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from programs.constants import ATTENDANCE_LETTERS, AttendanceStatus
from programs.selectors import GridCell, GridRow

register = template.Library()


class CellRenderer:
    """Draws cells; the labels, the legend and the URL are prepared once."""

    def __init__(self) -> None:
        self.url = escape(reverse("programs:attendance_cell"))
        self.statuses = {
            status.value: escape(str(status.label)) for status in AttendanceStatus
        }
        self.statuses[""] = escape(_("empty"))
        self.outside = escape(_("not in the programme"))

    def cell(self, cell: GridCell, row: int, col: int, *, error: bool = False) -> str:
        """The inside of one <td>: a one-letter input with the version it was
        read at, or the plain value where the day cannot be changed."""
        label = escape(cell.label)
        if not cell.in_programme:
            return (
                '<span aria-hidden="true">·</span>'
                f'<span class="visually-hidden">{label}: {self.outside}</span>'
            )
        letter = ATTENDANCE_LETTERS.get(cell.status, "")
        status = self.statuses.get(cell.status, "")
        if cell.locked:
            return (
                f'<span aria-hidden="true">{letter}</span>'
                f'<span class="visually-hidden">{label}: {status}</span>'
            )
        key = f"{cell.date:%Y%m%d}"
        pid = cell.participation_id
        vals = escape(
            json.dumps(
                {
                    "participation": pid,
                    "date": cell.date.isoformat(),
                    "row": row,
                    "col": col,
                }
            )
        )
        invalid = ' aria-invalid="true"' if error else ""
        return (
            f'<input type="text" class="form-control form-control-sm att-cell'
            f'{" is-invalid" if error else ""}" name="d-{key}" form="row-{pid}" '
            f'value="{letter}" maxlength="1" size="1" autocomplete="off" '
            f'spellcheck="false" aria-label="{label}" title="{status}" '
            f'data-row="{row}" data-col="{col}"{invalid} hx-post="{self.url}" '
            f'hx-trigger="change" hx-target="closest td" hx-swap="innerHTML" '
            # One save at a time from the grid, in the order they were made.
            f'hx-sync="closest table:queue all" '
            f"hx-vals='{vals}'>"
            f'<input type="hidden" name="v-{key}" form="row-{pid}" '
            f'value="{cell.version}:{letter}">'
        )

    def row(self, row: GridRow, index: int) -> SafeString:
        """Every day of one participant, each in its <td>, then the counts."""
        cells = "".join(
            f'<td class="att-td">{self.cell(cell, index, col)}</td>'
            for col, cell in enumerate(row.cells)
        )
        counts = "".join(
            f'<td class="text-center small">{row.counts.get(status, 0)}</td>'
            for status in AttendanceStatus.values
        )
        return mark_safe(cells + counts)  # noqa: S308 - built from escaped parts


def cell_html(cell: GridCell, row: int, col: int, *, error: bool = False) -> SafeString:
    return mark_safe(CellRenderer().cell(cell, row, col, error=error))  # noqa: S308


@register.simple_tag(takes_context=True)
def attendance_row(context: template.Context, row: GridRow, index: int) -> SafeString:
    renderer = context.render_context.get("_cell_renderer")
    if renderer is None:
        renderer = CellRenderer()
        context.render_context["_cell_renderer"] = renderer
    return renderer.row(row, index)
