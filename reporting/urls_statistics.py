"""URLs of the statistics (included in reporting.urls, app_name "reporting").
Every page takes `?year=YYYY&scope=national|v14|u123`; the comparison of
years (statistics/years/) `?from=YYYY&to=YYYY&scope=…`."""

from django.urls import URLPattern, path

from reporting.views_comparison import (
    ComparisonChartView,
    ComparisonCsvView,
    ComparisonPdfView,
    ComparisonView,
    ComparisonXlsxView,
)
from reporting.views_statistics import (
    JobDetailView,
    JobDownloadView,
    JobProgressView,
    StatisticsChartView,
    StatisticsCsvView,
    StatisticsDashboardView,
    StatisticsJsonView,
    StatisticsPdfView,
    StatisticsXlsxView,
)

urlpatterns: list[URLPattern] = [
    path("statistics/", StatisticsDashboardView.as_view(), name="statistics"),
    path(
        "statistics/charts/<slug:key>.svg",
        StatisticsChartView.as_view(),
        name="statistics_chart",
    ),
    path(
        "statistics/tables/<slug:key>.csv",
        StatisticsCsvView.as_view(),
        name="statistics_csv",
    ),
    path(
        "statistics/statistics.xlsx",
        StatisticsXlsxView.as_view(),
        name="statistics_xlsx",
    ),
    path(
        "statistics/statistics.json",
        StatisticsJsonView.as_view(),
        name="statistics_json",
    ),
    path("statistics/pdf/", StatisticsPdfView.as_view(), name="statistics_pdf"),
    path("statistics/years/", ComparisonView.as_view(), name="statistics_years"),
    path(
        "statistics/years/charts/<slug:key>.svg",
        ComparisonChartView.as_view(),
        name="statistics_years_chart",
    ),
    path(
        "statistics/years/tables/<slug:key>.csv",
        ComparisonCsvView.as_view(),
        name="statistics_years_csv",
    ),
    path(
        "statistics/years/comparison.xlsx",
        ComparisonXlsxView.as_view(),
        name="statistics_years_xlsx",
    ),
    path(
        "statistics/years/pdf/",
        ComparisonPdfView.as_view(),
        name="statistics_years_pdf",
    ),
    path("jobs/<int:pk>/", JobDetailView.as_view(), name="job_detail"),
    path("jobs/<int:pk>/progress/", JobProgressView.as_view(), name="job_progress"),
    path("jobs/<int:pk>/download/", JobDownloadView.as_view(), name="job_download"),
]
