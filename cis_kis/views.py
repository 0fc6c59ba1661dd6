"""Project-level pages: the per-role home page and the health check."""

from typing import Any

from django.contrib.auth.mixins import LoginRequiredMixin
from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.views.decorators.http import require_safe
from django.views.generic import TemplateView

from accounts.access import Level, scope_for
from participants.selectors import follow_ups_due
from participants.selectors_provisions import missing_provisions_for_user
from programs.selectors_programme import build_monthly_programme
from units.constants import UnitKind
from units.selectors import (
    applications_due,
    kis_notifications_due,
    statuses_expiring,
    unit_counts_by_voivodeship,
    unit_list_for_user,
)


class HomeView(LoginRequiredMixin, TemplateView):
    """Each role's start page: units for staff, the voivodeship for officials,
    the country for analysts and administrators."""

    templates = {
        Level.NONE: "home/no_scope.html",
        Level.UNITS: "home/units.html",
        Level.VOIVODESHIP: "home/voivodeship.html",
        Level.NATIONAL: "home/national.html",
    }

    def get_template_names(self) -> list[str]:
        return [self.templates[scope_for(self.request.user).level]]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user = self.request.user
        scope = scope_for(user)
        if scope.level is Level.UNITS:
            context["units"] = unit_list_for_user(user=user)
            context["today"] = timezone.localdate()
            context["follow_ups_due"] = list(follow_ups_due(user=user)[:10])
            context["has_centres"] = any(
                unit.kind == UnitKind.CIS for unit in context["units"]
            )
            # The head of a centre draws up the month's programme (art. 14
            # ust. 1a): the managers see whether this month's is adopted.
            this_month = context["today"].replace(day=1)
            context["programmes"] = [
                build_monthly_programme(unit=unit, month=this_month)
                for unit in context["units"]
                if unit.kind == UnitKind.CIS and scope.manages(unit.pk)
            ]
            if context["has_centres"]:
                context["missing_provisions"] = missing_provisions_for_user(
                    user=user
                ).count()
        elif scope.level is Level.VOIVODESHIP:
            rows = unit_counts_by_voivodeship(user=user)
            context["counts"] = next(
                row for row in rows if row.voivodeship.pk == scope.voivodeship_id
            )
            context["today"] = timezone.localdate()
            context["applications_due"] = applications_due(user=user)[:20]
            context["statuses_expiring"] = statuses_expiring(user=user)[:20]
            context["kis_notifications_due"] = kis_notifications_due(user=user)[:20]
        elif scope.level is Level.NATIONAL:
            rows = unit_counts_by_voivodeship(user=user)
            context["rows"] = rows
            context["totals"] = {
                "cis": sum(row.cis for row in rows),
                "kis": sum(row.kis for row in rows),
                "cis_local_government": sum(row.cis_local_government for row in rows),
                "cis_social_economy": sum(row.cis_social_economy for row in rows),
                "kis_local_government": sum(row.kis_local_government for row in rows),
                "kis_social_economy": sum(row.kis_social_economy for row in rows),
            }
        return context


@require_safe
def health(request: HttpRequest) -> HttpResponse:
    """Liveness and database check for load balancers: 200 "ok" or 503."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception:  # noqa: BLE001 - any database failure means "not healthy"
        return HttpResponse(
            "database unavailable", status=503, content_type="text/plain"
        )
    return HttpResponse("ok", content_type="text/plain")
