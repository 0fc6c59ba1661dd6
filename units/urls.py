from django.urls import path

from units import (
    lists_bodies,
    views,
    views_kis,
    views_status,
    views_subsidies,
    views_supervision,
)

app_name = "units"

urlpatterns = [
    path("", views.UnitListView.as_view(), name="list"),
    path("<int:pk>/", views.UnitDetailView.as_view(), name="detail"),
    path(
        "<int:pk>/status/",
        views_status.UnitStatusActionView.as_view(),
        name="status_action",
    ),
    path(
        "founding-bodies/",
        lists_bodies.FoundingBodyListView.as_view(),
        name="founding_body_list",
    ),
    path(
        "founding-bodies/new/",
        views_status.FoundingBodyCreateView.as_view(),
        name="founding_body_create",
    ),
    path(
        "applications/",
        views_status.ApplicationListView.as_view(),
        name="application_list",
    ),
    path(
        "applications/new/",
        views_status.ApplicationCreateView.as_view(),
        name="application_create",
    ),
    path(
        "applications/<int:pk>/",
        views_status.ApplicationDetailView.as_view(),
        name="application_detail",
    ),
    path(
        "applications/<int:pk>/documents/<str:kind>/",
        views_status.ApplicationDocumentFileView.as_view(),
        name="application_document",
    ),
    path(
        "decisions/<int:pk>/",
        views_status.DecisionDetailView.as_view(),
        name="decision_detail",
    ),
    path(
        "decisions/<int:pk>/pdf/",
        views_status.DecisionPdfView.as_view(),
        name="decision_pdf",
    ),
    path(
        "decisions/<int:pk>/subsidy-return/",
        views_subsidies.SubsidyReturnView.as_view(),
        name="subsidy_return",
    ),
    path(
        "<int:pk>/inspections/new/",
        views_supervision.InspectionCreateView.as_view(),
        name="inspection_create",
    ),
    path(
        "inspections/<int:pk>/",
        views_supervision.InspectionDetailView.as_view(),
        name="inspection_detail",
    ),
    path(
        "kis/",
        views_kis.KisNotificationListView.as_view(),
        name="kis_notification_list",
    ),
    path(
        "kis/new/",
        views_kis.KisNotificationCreateView.as_view(),
        name="kis_notification_create",
    ),
    path(
        "kis/<int:pk>/",
        views_kis.KisNotificationDetailView.as_view(),
        name="kis_notification_detail",
    ),
    path(
        "<int:pk>/kis-closure/",
        views_kis.KisClosureCreateView.as_view(),
        name="kis_closure_create",
    ),
]
