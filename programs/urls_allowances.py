from django.urls import URLPattern, path

from programs import views_allowances as views

urlpatterns: list[URLPattern] = [
    path(
        "allowances/", views.AllowanceMonthListView.as_view(), name="allowance_months"
    ),
    path(
        "allowances/open/",
        views.AllowanceMonthOpenView.as_view(),
        name="allowance_month_open",
    ),
    path(
        "allowances/<int:pk>/",
        views.AllowanceMonthDetailView.as_view(),
        name="allowance_month",
    ),
    path(
        "allowances/<int:pk>/recompute/",
        views.AllowanceRecomputeView.as_view(),
        name="allowance_recompute",
    ),
    path(
        "allowances/<int:pk>/approve/",
        views.AllowanceApproveView.as_view(),
        name="allowance_approve",
    ),
    path(
        "allowances/<int:pk>/reopen/",
        views.AllowanceReopenView.as_view(),
        name="allowance_reopen",
    ),
    path(
        "allowances/entries/<int:pk>/bonus/",
        views.AllowanceBonusView.as_view(),
        name="allowance_bonus",
    ),
    path(
        "allowances/<int:pk>/payroll.pdf",
        views.PayrollPdfView.as_view(),
        name="allowance_payroll_pdf",
    ),
    path(
        "allowances/<int:pk>/payroll.xlsx",
        views.PayrollXlsxView.as_view(),
        name="allowance_payroll_xlsx",
    ),
    path(
        "allowances/<int:pk>/refund.pdf",
        views.RefundPdfView.as_view(),
        name="allowance_refund_pdf",
    ),
    path(
        "allowances/<int:pk>/refund.xlsx",
        views.RefundXlsxView.as_view(),
        name="allowance_refund_xlsx",
    ),
    path("benefit-rates/", views.BenefitRateListView.as_view(), name="benefit_rates"),
]
