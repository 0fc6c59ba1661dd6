"""Every write of the unit annual reports: open the year's draft, save what the
unit enters, submit it to the voivode (freezing the whole report), return it
with comments or accept it, and resubmit after a return.

Each transition locks the report's row and checks its state first, so that two
people acting at once cannot both succeed: the second one is told the report
has moved on (`invalid_transition`). `actor` None is the system itself (the
demo data); a request always passes its user.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.access import Level, scope_for
from reporting.constants import ReportState, ReviewOutcome
from reporting.models import ReportReview, UnitAnnualReport
from reporting.notifications import notify_managers_returned, notify_officials_submitted
from reporting.selectors_reports import report_years_open
from reporting.tasks_reports import enqueue_report_pdf
from reporting.unit_report import clean_entered, entered_missing, make_snapshot
from units.models import Unit

EDITABLE = (ReportState.DRAFT, ReportState.RETURNED)
MAX_NARRATIVE = 10_000


def invalid_transition(message: str) -> ValidationError:
    return ValidationError(message, code="invalid_transition")


def require_staff_of(actor: Any, unit_id: int) -> None:
    """Staff and managers of the unit draft its report."""
    if actor is None:
        return
    scope = scope_for(actor)
    if scope.level is not Level.UNITS or unit_id not in scope.unit_ids:
        raise PermissionDenied


def require_manager_of(actor: Any, unit_id: int) -> None:
    """Only the unit's manager submits its report to the voivode."""
    if actor is None:
        return
    require_staff_of(actor, unit_id)
    if not scope_for(actor).manages(unit_id):
        raise PermissionDenied


def require_official_of(actor: Any, unit: Unit) -> None:
    """Only an official of the unit's voivodeship reviews its report."""
    if actor is None:
        return
    scope = scope_for(actor)
    if (
        scope.level is not Level.VOIVODESHIP
        or scope.voivodeship_id != unit.voivodeship_id
    ):
        raise PermissionDenied


def _lock(report: UnitAnnualReport, actor: Any) -> UnitAnnualReport:
    locked = (
        UnitAnnualReport.objects.select_for_update(of=("self",))
        .select_related("unit__voivodeship", "unit__founding_body")
        .get(pk=report.pk)
    )
    locked._history_user = actor
    return locked


@transaction.atomic
def report_open(
    *,
    actor: Any,
    unit: Unit,
    year: int,
    today: datetime.date | None = None,
) -> UnitAnnualReport:
    """The unit's report for the year: the existing one, or a new draft."""
    require_staff_of(actor, unit.pk)
    today = today or timezone.localdate()
    if year > today.year:
        raise ValidationError(
            {
                "year": ValidationError(
                    _("A report cannot be opened for a future year."),
                    code="future_year",
                )
            }
        )
    if year not in report_years_open(unit, today=today):
        raise ValidationError(
            {
                "year": ValidationError(
                    _("The unit was not open in %(year)s."),
                    code="unit_not_open",
                    params={"year": year},
                )
            }
        )
    report, created = UnitAnnualReport.objects.get_or_create(unit=unit, year=year)
    if created and actor is not None:
        # The creation is in the report's history with the person who did it.
        report.history.filter(history_type="+").update(history_user=actor)
    return report


@transaction.atomic
def report_save_entered(
    *,
    actor: Any,
    report: UnitAnnualReport,
    figures: dict[str, Any],
    narrative: str = "",
) -> UnitAnnualReport:
    """Save the figures the unit enters (finance, staff, volunteers, grants)
    and the description of the year, while the report is a draft or returned."""
    report = _lock(report, actor)
    require_staff_of(actor, report.unit_id)
    if report.state not in EDITABLE:
        raise invalid_transition(
            _("A submitted report cannot be changed; the voivode reviews it.")
        )
    narrative = (narrative or "").strip()
    if len(narrative) > MAX_NARRATIVE:
        raise ValidationError(
            {
                "narrative": ValidationError(
                    _("Keep the description under %(max)s characters."),
                    code="too_long",
                    params={"max": MAX_NARRATIVE},
                )
            }
        )
    report.entered = clean_entered(report.unit.kind, figures)
    report.narrative = narrative
    report.full_clean(exclude=["unit", "snapshot"], validate_constraints=False)
    report.save(update_fields=["entered", "narrative"])
    return report


def _enqueue_pdf(report_id: int) -> None:
    transaction.on_commit(lambda: enqueue_report_pdf(report_id))


@transaction.atomic
def report_submit(
    *, actor: Any, report: UnitAnnualReport, at: datetime.datetime | None = None
) -> UnitAnnualReport:
    """Submit the report to the voivode (or resubmit it after a return): the
    whole report is frozen in `snapshot`; later edits to the records do not
    change it."""
    report = _lock(report, actor)
    require_manager_of(actor, report.unit_id)
    if report.state not in EDITABLE:
        raise invalid_transition(_("This report has already been submitted."))
    missing = entered_missing(report.unit.kind, report.entered)
    if missing:
        raise ValidationError(
            _(
                "Enter the finance, staff and other figures before submitting "
                "the report."
            ),
            code="incomplete",
        )
    at = at or timezone.now()
    report.snapshot = make_snapshot(report, at=at)
    report.state = ReportState.SUBMITTED
    report.submitted_at = at
    report.submitted_by = actor
    if report.pdf:
        # The PDF of the earlier submission is replaced by the new one.
        old_name, storage = report.pdf.name, report.pdf.storage
        transaction.on_commit(lambda: storage.delete(old_name))
        report.pdf = ""
    report.full_clean(exclude=["unit"], validate_constraints=False)
    report.save(
        update_fields=["snapshot", "state", "submitted_at", "submitted_by", "pdf"]
    )
    ReportReview.objects.create(
        report=report,
        outcome=ReviewOutcome.SUBMITTED,
        at=at,
        by=actor,
    )
    _enqueue_pdf(report.pk)
    if actor is not None:
        transaction.on_commit(lambda: notify_officials_submitted(report.pk))
    return report


def _review(
    *,
    actor: Any,
    report: UnitAnnualReport,
    outcome: ReviewOutcome,
    state: ReportState,
    comments: str,
) -> UnitAnnualReport:
    report = _lock(report, actor)
    require_official_of(actor, report.unit)
    if report.state != ReportState.SUBMITTED:
        raise invalid_transition(
            _(
                "The report is no longer waiting for review (it is now: "
                "%(state)s); reload the page."
            )
            % {"state": report.get_state_display()}
        )
    at = timezone.now()
    report.state = state
    report.reviewed_at = at
    report.reviewed_by = actor
    report.save(update_fields=["state", "reviewed_at", "reviewed_by"])
    ReportReview.objects.create(
        report=report, outcome=outcome, comments=comments, at=at, by=actor
    )
    return report


@transaction.atomic
def report_return(
    *, actor: Any, report: UnitAnnualReport, comments: str
) -> UnitAnnualReport:
    """Return the report to the unit for correction, saying what to correct."""
    comments = (comments or "").strip()
    if not comments:
        raise ValidationError(
            {
                "comments": ValidationError(
                    _("Say what the unit should correct."), code="comments_required"
                )
            }
        )
    report = _review(
        actor=actor,
        report=report,
        outcome=ReviewOutcome.RETURNED,
        state=ReportState.RETURNED,
        comments=comments,
    )
    if actor is not None:
        transaction.on_commit(lambda: notify_managers_returned(report.pk))
    return report


@transaction.atomic
def report_accept(
    *, actor: Any, report: UnitAnnualReport, comments: str = ""
) -> UnitAnnualReport:
    """Accept the submitted report."""
    return _review(
        actor=actor,
        report=report,
        outcome=ReviewOutcome.ACCEPTED,
        state=ReportState.ACCEPTED,
        comments=(comments or "").strip(),
    )
