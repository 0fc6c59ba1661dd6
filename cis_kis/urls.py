from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from cis_kis.views import HomeView, health
from cis_kis.views_history import RecordHistoryView

admin.site.site_header = _("cis-kis administration")
admin.site.site_title = _("cis-kis")
admin.site.index_title = _("Administration")

urlpatterns = [
    path("", HomeView.as_view(), name="home"),
    path("health/", health, name="health"),
    path("history/<slug:kind>/<int:pk>/", RecordHistoryView.as_view(), name="history"),
    path("accounts/", include("accounts.urls")),
    path("units/", include("units.urls")),
    path("participants/", include("participants.urls")),
    path("programs/", include("programs.urls")),
    path("reports/", include("reporting.urls")),
    path("register/", include("units.urls_register")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]
