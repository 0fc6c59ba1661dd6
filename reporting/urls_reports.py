"""URLs of the unit annual reports (namespace `reporting`, under /reports/)."""

from django.urls import URLPattern, path

from reporting import views_reports as views

urlpatterns: list[URLPattern] = [
    path("unit-reports/", views.UnitReportListView.as_view(), name="unit_report_list"),
    path(
        "unit-reports/open/",
        views.UnitReportOpenView.as_view(),
        name="unit_report_open",
    ),
    path(
        "unit-reports/review/",
        views.ReportOfficialListView.as_view(),
        name="unit_report_official_list",
    ),
    path(
        "unit-reports/missing/",
        views.ReportMissingView.as_view(),
        name="unit_report_missing",
    ),
    path(
        "unit-reports/<int:pk>/",
        views.UnitReportDetailView.as_view(),
        name="unit_report_detail",
    ),
    path(
        "unit-reports/<int:pk>/edit/",
        views.UnitReportEditView.as_view(),
        name="unit_report_edit",
    ),
    path(
        "unit-reports/<int:pk>/submit/",
        views.UnitReportSubmitView.as_view(),
        name="unit_report_submit",
    ),
    path(
        "unit-reports/<int:pk>/review/",
        views.UnitReportReviewView.as_view(),
        name="unit_report_review",
    ),
    path(
        "unit-reports/<int:pk>/pdf/",
        views.UnitReportPdfView.as_view(),
        name="unit_report_pdf",
    ),
]
