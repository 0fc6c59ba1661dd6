"""The annual statistics as a PDF laid out like a ministry publication
(WeasyPrint): a title page, the contents, a section per topic with tables and
charts, notes on method, page numbers; written in Polish, hyphenated as
Polish, thousands separated by a non-breaking space."""

from __future__ import annotations

import base64
from collections.abc import Callable

import weasyprint
from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation

from reporting.charts import chart_svg
from reporting.outputs import scope_title
from reporting.statistics import StatisticsScope, annual_statistics
from reporting.statistics.tables import statistics_tables
from reporting.suppression import threshold
from units.pdf import polish_date

Progress = Callable[[int], None]


def _data_uri(svg: str) -> str:
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()


def render_statistics_pdf(
    *, scope: StatisticsScope, year: int, progress: Progress | None = None
) -> bytes:
    """The PDF of `year` in `scope`; `progress(percent)` is told as it goes."""

    def step(percent: int) -> None:
        if progress is not None:
            progress(percent)

    with translation.override("pl"):
        stats = annual_statistics(scope=scope, year=year)
        step(30)
        tables = statistics_tables(stats)
        sections: list[dict[str, object]] = []
        for table in tables:
            if not sections or sections[-1]["title"] != table.section:
                sections.append(
                    {
                        "number": len(sections) + 1,
                        "title": table.section,
                        "tables": [],
                    }
                )
            chart = _data_uri(chart_svg(table)) if table.chart_columns else ""
            sections[-1]["tables"].append({"table": table, "chart": chart})
        step(60)
        html = render_to_string(
            "reporting/statistics/pdf/report.html",
            {
                "stats": stats,
                "scope_title": scope_title(stats),
                "sections": sections,
                "prepared_on": polish_date(timezone.localdate()),
                "suppressed": stats.scope.suppressed,
                "threshold": threshold(),
            },
        )
        step(70)
        document = weasyprint.HTML(string=html, base_url=str(settings.BASE_DIR))
        content = document.write_pdf()
        step(95)
        return content
