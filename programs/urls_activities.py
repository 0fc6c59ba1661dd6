from django.urls import path

from programs import views, views_programme, views_refunds

urlpatterns = [
    path("activities/", views.ActivityListView.as_view(), name="activity_list"),
    path("activities/new/", views.ActivityCreateView.as_view(), name="activity_create"),
    path(
        "activities/<int:pk>/",
        views.ActivityDetailView.as_view(),
        name="activity_detail",
    ),
    path(
        "activities/<int:pk>/edit/",
        views.ActivityUpdateView.as_view(),
        name="activity_edit",
    ),
    path(
        "sessions/<int:pk>/cancel/",
        views.SessionCancelView.as_view(),
        name="session_cancel",
    ),
    path(
        "sessions/<int:pk>/restore/",
        views.SessionRestoreView.as_view(),
        name="session_restore",
    ),
    path(
        "enrolments/<int:pk>/end/",
        views.EnrolmentEndView.as_view(),
        name="enrolment_end",
    ),
    path("attendance/", views.AttendanceGridView.as_view(), name="attendance"),
    path(
        "attendance/cell/",
        views.AttendanceCellView.as_view(),
        name="attendance_cell",
    ),
    path("attendance/pdf/", views.AttendancePdfView.as_view(), name="attendance_pdf"),
    path(
        "monthly-programme/",
        views_programme.MonthlyProgrammeView.as_view(),
        name="monthly_programme",
    ),
    path(
        "monthly-programme/pdf/",
        views_programme.MonthlyProgrammePdfView.as_view(),
        name="monthly_programme_pdf",
    ),
    path(
        "supported-employment/",
        views.SupportedEmploymentListView.as_view(),
        name="supported_list",
    ),
    path(
        "participations/<int:pk>/supported-employment/new/",
        views.SupportedEmploymentCreateView.as_view(),
        name="supported_create",
    ),
    path(
        "supported-employment/<int:pk>/edit/",
        views.SupportedEmploymentUpdateView.as_view(),
        name="supported_edit",
    ),
    path(
        "supported-employment/<int:pk>/refunds/",
        views_refunds.SupportedRefundsView.as_view(),
        name="supported_refunds",
    ),
    path(
        "supported-employment/<int:pk>/refunds/<int:month>/void/",
        views_refunds.SupportedRefundVoidView.as_view(),
        name="supported_refund_void",
    ),
]
