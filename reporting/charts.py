"""Charts of the statistics tables (bars; lines over the years for a
comparison of years): matplotlib (Agg backend) drawn to SVG on the server.
The SVG has no script and no style element (the strict CSP), text stays
text (accessible, and the PDF embeds it as it is), and every chart stands
beside the table it draws."""

from __future__ import annotations

import io
import math
import re
import textwrap
import threading
from collections.abc import Sequence

import matplotlib

matplotlib.use("Agg")

from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from reporting.statistics.tables import Table
from reporting.suppression import Suppressed

COLOURS = ("#0a58ca", "#b35900")  # CIS, KIS: contrast over 4.5:1 on white
# Lines told apart without colour too.
MARKERS = ("o", "s")
LINES = ("-", "--")
LINE_FONT = 10
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
    return _svg(figure)


def line_chart_svg(table: Table, rows: Sequence[str]) -> str:
    """A line chart over the years of a comparison table: one line a row
    (`rows`, by key), a point a year with its figure written beside it; a
    withheld count leaves a gap in the line, marked "<3" on the axis."""
    with _DRAWING:
        return _draw_lines(table, rows)


def _draw_lines(table: Table, keys: Sequence[str]) -> str:
    columns = [i for i, column in enumerate(table.columns) if column.key.isdigit()]
    years = [int(table.columns[i].key) for i in columns]
    by_key = {row.key: row for row in table.rows}
    figure = Figure(figsize=(7.5, 3.6), dpi=72)
    axes = figure.add_subplot()
    for series, key in enumerate(keys):
        row = by_key[key]
        colour = COLOURS[series % len(COLOURS)]
        values: list[float] = []
        for index, year in zip(columns, years, strict=True):
            value = row.cells[index]
            if isinstance(value, Suppressed) or value is None:
                values.append(math.nan)
                axes.annotate(
                    str(value) if value is not None else "—",
                    (year, 0),
                    textcoords="offset points",
                    xytext=(0, 4 + 10 * series),
                    ha="center",
                    fontsize=LINE_FONT,
                    color=colour,
                )
            else:
                values.append(float(value))
                axes.annotate(
                    _number(float(value)),
                    (year, float(value)),
                    textcoords="offset points",
                    xytext=(0, 6),
                    ha="center",
                    fontsize=LINE_FONT,
                    color=colour,
                )
        axes.plot(
            years,
            values,
            color=colour,
            marker=MARKERS[series % len(MARKERS)],
            linestyle=LINES[series % len(LINES)],
            label=row.label,
        )
    axes.set_xticks(years, [str(year) for year in years], fontsize=LINE_FONT)
    axes.spines[["top", "right"]].set_visible(False)
    axes.tick_params(axis="y", labelsize=LINE_FONT)
    axes.yaxis.set_major_locator(MaxNLocator(integer=True))
    axes.set_ylim(bottom=0)
    axes.margins(x=0.06, y=0.2)
    axes.legend(fontsize=LINE_FONT, frameon=False, loc="best")
    figure.subplots_adjust(left=0.1, right=0.98, top=0.95, bottom=0.1)
    return _svg(figure)


def _svg(figure: Figure) -> str:
    out = io.StringIO()
    with matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": "cis-kis"}):
        figure.savefig(out, format="svg", metadata={"Date": None})
    return _COMMENT.sub("", _STYLE.sub("", out.getvalue()))


def _number(value: float) -> str:
    if value == int(value):
        return f"{int(value):,}".replace(",", "\u00a0")
    return f"{value:.1f}"
