"""Which statistics a user may see (DESIGN section 3): analysts and
administrators the whole country, any voivodeship and any unit; officials
their voivodeship and its units; unit staff their own units. Only
aggregates leave the selectors, never a participant's data.

A scope is written in URLs as `national`, `v14` (a voivodeship by TERYT
code) or `u123` (a unit by id)."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.access import Level, scope_for
from reporting.constants import ScopeKind
from reporting.models import ReportJob
from reporting.statistics.types import StatisticsScope
from units.models import Unit, Voivodeship

# The Act took effect in 2004; no unit reports an earlier year.
FIRST_YEAR = 2004


def default_year(today: datetime.date | None = None) -> int:
    """The last full year."""
    return (today or timezone.localdate()).year - 1


def year_choices() -> list[int]:
    return list(range(timezone.localdate().year, FIRST_YEAR - 1, -1))


def scope_code(scope: StatisticsScope) -> str:
    if scope.kind == ScopeKind.VOIVODESHIP:
        return f"v{scope.voivodeship.teryt}"
    if scope.kind == ScopeKind.UNIT:
        return f"u{scope.unit.pk}"
    return "national"


def visible_units(*, user: Any) -> QuerySet[Unit]:
    return Unit.objects.visible_to(user).select_related("voivodeship")


def resolve_scope(*, user: Any, code: str | None) -> StatisticsScope:
    """The scope named by `code` (the user's own by default); Http404 when
    the user may not see it or the code means nothing."""
    access = scope_for(user)
    if access.level is Level.NONE:
        raise Http404
    code = (code or "").strip()
    if not code:
        return default_scope(user=user)
    if code == "national":
        if access.level is not Level.NATIONAL:
            raise Http404
        return StatisticsScope(ScopeKind.NATIONAL)
    if code.startswith("v") and access.level in (Level.NATIONAL, Level.VOIVODESHIP):
        region = Voivodeship.objects.filter(teryt=code[1:]).first()
        if region is None or (
            access.level is Level.VOIVODESHIP and region.pk != access.voivodeship_id
        ):
            raise Http404
        return StatisticsScope(ScopeKind.VOIVODESHIP, voivodeship=region)
    if code.startswith("u") and code[1:].isdecimal() and len(code) < 19:
        unit = visible_units(user=user).filter(pk=int(code[1:])).first()
        if unit is None:
            raise Http404
        return StatisticsScope(ScopeKind.UNIT, unit=unit)
    raise Http404


def default_scope(*, user: Any) -> StatisticsScope:
    access = scope_for(user)
    if access.level is Level.NATIONAL:
        return StatisticsScope(ScopeKind.NATIONAL)
    if access.level is Level.VOIVODESHIP:
        return StatisticsScope(
            ScopeKind.VOIVODESHIP,
            voivodeship=Voivodeship.objects.get(pk=access.voivodeship_id),
        )
    unit = visible_units(user=user).order_by("name", "pk").first()
    if unit is None:
        raise Http404
    return StatisticsScope(ScopeKind.UNIT, unit=unit)


def scope_options(*, user: Any, current: StatisticsScope) -> list[tuple[str, str]]:
    """(code, label) of the scopes offered in the dashboard's selector: the
    country and the voivodeships for analysts, the voivodeship for
    officials, and the units of the voivodeship being viewed (or the user's
    own units)."""
    access = scope_for(user)
    options: list[tuple[str, str]] = []
    if access.level is Level.NATIONAL:
        options.append(("national", _("Poland")))
        options += [
            (f"v{v.teryt}", _("voivodeship %(name)s") % {"name": v.name})
            for v in Voivodeship.objects.order_by("teryt")
        ]
    elif access.level is Level.VOIVODESHIP:
        region = Voivodeship.objects.get(pk=access.voivodeship_id)
        options.append(
            (f"v{region.teryt}", _("voivodeship %(name)s") % {"name": region.name})
        )
    units = visible_units(user=user).order_by("name", "pk")
    if access.level is not Level.UNITS:
        region_id = (
            current.voivodeship.pk
            if current.voivodeship is not None
            else current.unit.voivodeship_id
            if current.unit is not None
            else None
        )
        if region_id is None:
            units = units.none()
        else:
            units = units.filter(voivodeship_id=region_id)
    options += [(f"u{u.pk}", f"{u.name} ({u.kind})") for u in units]
    return options


def report_jobs_for_user(*, user: Any) -> QuerySet[ReportJob]:
    """Report jobs whose scope the user may see."""
    access = scope_for(user)
    jobs = ReportJob.objects.select_related("voivodeship", "unit", "requested_by")
    if access.level is Level.NATIONAL:
        return jobs
    if access.level is Level.VOIVODESHIP:
        return jobs.filter(
            Q(scope=ScopeKind.VOIVODESHIP, voivodeship_id=access.voivodeship_id)
            | Q(scope=ScopeKind.UNIT, unit__voivodeship_id=access.voivodeship_id)
        )
    if access.level is Level.UNITS:
        return jobs.filter(scope=ScopeKind.UNIT, unit_id__in=access.unit_ids)
    return jobs.none()


def recent_report_jobs(
    *, user: Any, scope: StatisticsScope, year: int, to_year: int | None = None
) -> list[ReportJob]:
    """The user's five newest jobs of one report (a year, or the comparison
    of the years to `to_year`), as its page lists them."""
    return list(
        report_jobs_for_user(user=user)
        .of_report(scope=scope, year=year, to_year=to_year)
        .order_by("-requested_at", "-pk")[:5]
    )


def job_scope(job: ReportJob) -> StatisticsScope:
    return StatisticsScope(
        ScopeKind(job.scope), voivodeship=job.voivodeship, unit=job.unit
    )


def job_file_stem(job: ReportJob) -> str:
    """The name of a job's PDF without ".pdf": statystyka-2025-polska, or
    statystyka-2022-2025-polska for a comparison of years."""
    years = f"{job.year}-{job.to_year}" if job.to_year else str(job.year)
    return f"statystyka-{years}-{job_scope(job).slug}"
