"""The public register of CIS and KIS (no log-in, no personal data)."""

from django.urls import path

from units.views_register import (
    RegisterCsvView,
    RegisterDetailView,
    RegisterIndexView,
    UwCis01CsvView,
)

app_name = "register"

urlpatterns = [
    path("", RegisterIndexView.as_view(), name="index"),
    path("<int:pk>/", RegisterDetailView.as_view(), name="detail"),
    path("export.csv", RegisterCsvView.as_view(), name="export_csv"),
    path("uw-cis-01.csv", UwCis01CsvView.as_view(), name="export_uw_cis_01"),
]
