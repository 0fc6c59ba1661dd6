"""The annual statistics, and a comparison of years, as a PDF laid out like
a ministry publication (WeasyPrint): a title page, the contents, a section
per topic with tables and charts, notes on method, page numbers; written in
Polish, hyphenated as Polish, thousands separated by a non-breaking space."""

from __future__ import annotations

import base64
from collections.abc import Callable

import weasyprint
from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation

from reporting.charts import chart_svg, line_chart_svg
from reporting.outputs import scope_title
from reporting.statistics import AnnualStatistics, StatisticsScope, annual_statistics
from reporting.statistics.comparison import year_comparison, year_range
from reporting.statistics.comparison_tables import (
    comparison_charts,
    comparison_tables,
)
from reporting.statistics.tables import statistics_tables
from reporting.suppression import threshold
from units.pdf import polish_date

Progress = Callable[[int], None]
WIDE_FROM = 6


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


def render_comparison_pdf(
    *,
    scope: StatisticsScope,
    first: int,
    last: int,
    progress: Progress | None = None,
) -> bytes:
    """The PDF "Information on the functioning of CIS and KIS in first–last"
    of `scope`, every year counted afresh; `progress(percent)` is told as it
    goes. ValidationError for a range `year_range` refuses."""
    years = year_range(first, last).years
    counted: list[int] = []

    def step(percent: int) -> None:
        if progress is not None:
            progress(percent)

    def count(*, scope: StatisticsScope, year: int) -> AnnualStatistics:
        stats = annual_statistics(scope=scope, year=year)
        counted.append(year)
        step(5 + 45 * len(counted) // len(years))
        return stats

    with translation.override("pl"):
        comparison = year_comparison(scope=scope, first=first, last=last, fetch=count)
        charts = comparison_charts()
        sections: list[dict[str, object]] = []
        for table in comparison_tables(comparison):
            if not sections or sections[-1]["title"] != table.section:
                sections.append(
                    {"number": len(sections) + 1, "title": table.section, "tables": []}
                )
            item: dict[str, object] = {"table": table, "chart": ""}
            chart = charts.get(table.key)
            if chart is not None:
                item["chart"] = _data_uri(line_chart_svg(table, chart.rows))
                item["chart_title"] = chart.title
            sections[-1]["tables"].append(item)  # type: ignore[attr-defined]
        step(60)
        html = render_to_string(
            "reporting/statistics/pdf/comparison.html",
            {
                "comparison": comparison,
                "scope_title": scope_title(comparison),
                "sections": sections,
                "prepared_on": polish_date(timezone.localdate()),
                "suppressed": scope.suppressed,
                "threshold": threshold(),
                # Past six years the columns need the width of a landscape page.
                "wide": len(years) > WIDE_FROM,
            },
        )
        step(70)
        document = weasyprint.HTML(string=html, base_url=str(settings.BASE_DIR))
        content = document.write_pdf()
        step(95)
        return content
