"""Charts of the statistics tables: matplotlib (Agg backend) drawn to SVG on
the server. The SVG has no script and no style element (the strict CSP),
text stays text (accessible, and the PDF embeds it as it is), and every
chart stands beside the table it draws."""

from __future__ import annotations

import io
import re
import textwrap
import threading

import matplotlib

matplotlib.use("Agg")

from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from reporting.statistics.tables import Table
from reporting.suppression import Suppressed

COLOURS = ("#0a58ca", "#b35900")  # CIS, KIS: contrast over 4.5:1 on white
_STYLE = re.compile(r"<style[^>]*>.*?</style>", re.DOTALL)
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
# matplotlib is not thread-safe; a threaded server draws one chart at a time.
_DRAWING = threading.Lock()


def chart_svg(table: Table) -> str:
    """A horizontal bar chart of the table's chart columns, one bar a row
    (totals left out); withheld counts are drawn as zero and marked "<3"."""
    if not table.chart_columns:
        raise ValueError(f"table {table.key} has no chart")
    with _DRAWING:
        return _draw(table)


def _draw(table: Table) -> str:
    rows = list(table.body)
    labels = ["\n".join(textwrap.wrap(row.label, 38)) or "—" for row in rows]
    height = 1.2 + 0.42 * len(rows) * max(1, len(table.chart_columns)) ** 0.5
    figure = Figure(figsize=(7.5, min(height, 12)), dpi=72)
    axes = figure.add_subplot()
    bar = 0.8 / len(table.chart_columns)
    positions = range(len(rows))
    for series, index in enumerate(table.chart_columns):
        values = []
        marks = []
        for row in rows:
            value = row.cells[index]
            if isinstance(value, Suppressed) or value is None:
                values.append(0)
                marks.append(str(value) if value is not None else "")
            else:
                values.append(float(value))
                marks.append("")
        offsets = [
            p + (series - (len(table.chart_columns) - 1) / 2) * bar for p in positions
        ]
        bars = axes.barh(
            offsets,
            values,
            height=bar,
            color=COLOURS[series % len(COLOURS)],
            label=table.columns[index].label,
        )
        axes.bar_label(
            bars,
            labels=[mark or _number(v) for mark, v in zip(marks, values, strict=True)],
            padding=3,
            fontsize=8,
        )
    axes.set_yticks(list(positions), labels, fontsize=8)
    axes.invert_yaxis()
    axes.spines[["top", "right"]].set_visible(False)
    axes.tick_params(axis="x", labelsize=8)
    axes.xaxis.set_major_locator(MaxNLocator(integer=True))
    axes.margins(x=0.15)
    axes.legend(fontsize=8, frameon=False, loc="lower right")
    figure.subplots_adjust(left=0.42, right=0.97, top=0.97, bottom=0.08)
    out = io.StringIO()
    with matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": "cis-kis"}):
        figure.savefig(out, format="svg", metadata={"Date": None})
    return _COMMENT.sub("", _STYLE.sub("", out.getvalue()))


def _number(value: float) -> str:
    if value == int(value):
        return f"{int(value):,}".replace(",", "\u00a0")
    return f"{value:.1f}"
