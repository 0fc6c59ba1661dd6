from django.urls import path

from participants import (
    views,
    views_imports,
    views_intake,
    views_participation,
    views_privacy,
    views_provisions,
)

app_name = "participants"

urlpatterns = [
    # Lists and the person (views.py)
    path("", views.ParticipationListView.as_view(), name="list"),
    path("follow-ups/", views.FollowUpDueListView.as_view(), name="follow_ups"),
    path("<int:pk>/", views.ParticipantDetailView.as_view(), name="detail"),
    path("<int:pk>/edit/", views.ParticipantUpdateView.as_view(), name="edit"),
    # Intake (views_intake.py)
    path("new/", views_intake.IntakeWizardView.as_view(), name="intake"),
    path(
        "<int:pk>/refer/",
        views_intake.ReferralCreateView.as_view(),
        name="refer",
    ),
    # One participation and its documents (views_participation.py)
    path(
        "participations/<int:pk>/",
        views_participation.ParticipationDetailView.as_view(),
        name="participation",
    ),
    path(
        "participations/<int:pk>/programmes/<int:version>/",
        views_participation.ProgrammeDetailView.as_view(),
        name="programme",
    ),
    path(
        "participations/<int:pk>/programmes/<int:version>/pdf/",
        views_participation.ProgrammePdfView.as_view(),
        name="programme_pdf",
    ),
    path(
        "participations/<int:pk>/programmes/compare/",
        views_participation.ProgrammeCompareView.as_view(),
        name="programme_compare",
    ),
    path(
        "participations/<int:pk>/certificate/",
        views_participation.CertificatePdfView.as_view(),
        name="certificate_pdf",
    ),
    path(
        "participations/<int:pk>/referral-document/",
        views_participation.ReferralDocumentView.as_view(),
        name="referral_document",
    ),
    path(
        "grounds/<int:pk>/evidence/",
        views_participation.EvidenceFileView.as_view(),
        name="evidence_file",
    ),
    # What a centre provides, art. 14 ust. 2-4 (views_provisions.py)
    path(
        "provisions/missing/",
        views_provisions.MissingProvisionListView.as_view(),
        name="provisions_missing",
    ),
    path(
        "participations/<int:pk>/provisions/new/",
        views_provisions.ProvisionCreateView.as_view(),
        name="provision_create",
    ),
    path(
        "provisions/<int:pk>/void/",
        views_provisions.ProvisionVoidView.as_view(),
        name="provision_void",
    ),
    path(
        "participations/<int:pk>/meal/",
        views_provisions.MealUpdateView.as_view(),
        name="meal",
    ),
    # Data protection (views_privacy.py)
    path("<int:pk>/data/", views_privacy.DataExportView.as_view(), name="data"),
    path(
        "<int:pk>/data.json",
        views_privacy.DataExportJsonView.as_view(),
        name="data_json",
    ),
    path(
        "data-exports/<int:pk>/",
        views_privacy.DataExportPdfView.as_view(),
        name="data_pdf",
    ),
    path(
        "<int:pk>/anonymise/",
        views_privacy.AnonymiseView.as_view(),
        name="anonymise",
    ),
    path("access-log/", views_privacy.AccessLogListView.as_view(), name="access_log"),
    # Upload pages of the imports, of units and of participants (views_imports.py;
    # here, as the jobs live in this app and units may not depend on it)
    path("imports/", views_imports.ImportJobListView.as_view(), name="import_list"),
    path(
        "imports/units/new/",
        views_imports.UnitsUploadView.as_view(),
        name="import_units_upload",
    ),
    path(
        "imports/participants/new/",
        views_imports.ParticipantsUploadView.as_view(),
        name="import_participants_upload",
    ),
    path(
        "imports/<int:pk>/",
        views_imports.ImportJobDetailView.as_view(),
        name="import_detail",
    ),
    path(
        "imports/<int:pk>/progress/",
        views_imports.ImportJobProgressView.as_view(),
        name="import_progress",
    ),
    path(
        "imports/<int:pk>/confirm/",
        views_imports.ImportJobConfirmView.as_view(),
        name="import_confirm",
    ),
    path(
        "imports/<int:pk>/errors.csv",
        views_imports.ImportJobErrorsView.as_view(),
        name="import_errors",
    ),
]
