"""The end of a participation (art. 13 ust. 4, 4a, 5, 5a) and the checks of
the person's situation after it."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from accounts.access import scope_for
from participants.constants import (
    FOLLOW_UP_MONTHS,
    FOLLOW_UP_OPTIONAL_MONTHS,
    ExitReason,
    FollowUpOutcome,
    ParticipationState,
)
from participants.models import FollowUp, Participation
from participants.services.common import (
    field_error,
    invalid_transition,
    lock_participation,
    not_in_future,
    require_staff_of,
)
from units.constants import UnitKind
from units.deadlines import add_months

# Situations after the exit that name an employer.
NEEDS_EMPLOYER = (FollowUpOutcome.OPEN_MARKET, FollowUpOutcome.SUPPORTED)


@transaction.atomic
def participation_exit(
    *,
    actor: Any,
    participation: Participation,
    exited_on: datetime.date,
    reason: str,
    outcome: str,
    removal_ground: str = "",
    note: str = "",
    follow_up_12: bool = False,
    historical: bool = False,
) -> Participation:
    """End a participation with its reason and outcome, and plan the checks
    3 and 6 months later (and 12 when the unit chooses). A `historical` exit,
    taken over from a unit's earlier records by an import, plans no checks and
    prints no certificate: both belonged to the unit's work at the time."""
    participation = lock_participation(participation, actor)
    require_staff_of(actor, participation.unit_id)
    if participation.state != ParticipationState.ACTIVE:
        raise invalid_transition(_("Only a participation under way can end."))
    exit_check(
        participation=participation,
        actor=actor,
        exited_on=exited_on,
        reason=reason,
        removal_ground=removal_ground,
        note=note,
    )
    exit_apply(
        participation,
        actor=actor,
        exited_on=exited_on,
        reason=reason,
        outcome=outcome,
        removal_ground=removal_ground,
        note=note,
    )
    # The constraints were checked above, explicitly and under the lock; the
    # database enforces them again.
    participation.full_clean(validate_constraints=False)
    participation.save(update_fields=EXIT_FIELDS)
    if historical:
        return participation
    months = [*FOLLOW_UP_MONTHS] + ([FOLLOW_UP_OPTIONAL_MONTHS] if follow_up_12 else [])
    bulk_create_with_history(
        [
            FollowUp(
                participation=participation,
                months_after=month,
                due_on=add_months(exited_on, month),
            )
            for month in months
        ],
        FollowUp,
        default_user=actor,
    )
    from participants.tasks import enqueue_certificate_pdf  # noqa: PLC0415

    transaction.on_commit(lambda: enqueue_certificate_pdf(participation.pk))
    return participation


def exit_check(
    *,
    participation: Participation,
    actor: Any,
    exited_on: datetime.date,
    reason: str,
    removal_ground: str = "",
    note: str = "",
) -> None:
    """The rules of an exit of a participation under way (art. 13 ust. 4, 4a),
    raising `ValidationError`; shared by `participation_exit` and the bulk
    path of `import_participants`."""
    if reason == ExitReason.REMOVED:
        # Art. 13 ust. 4a: the head of the centre decides; a club's manager
        # likewise ends a participation against the person's will.
        if actor is not None and not scope_for(actor).manages(participation.unit_id):
            raise field_error(
                "reason",
                _(
                    "Only the head of the unit ends a programme by decision "
                    "(art. 13 ust. 4a)."
                ),
                "removal_by_head",
            )
        if participation.unit.kind == UnitKind.CIS and not removal_ground:
            raise field_error(
                "removal_ground",
                _("Give the ground of the decision."),
                "removal_ground_required",
            )
        if not note.strip():
            raise field_error(
                "note",
                _("State the facts the decision rests on."),
                "removal_facts_required",
            )
        if participation.unit.kind != UnitKind.CIS and removal_ground:
            raise field_error(
                "removal_ground",
                _("The grounds of art. 13 ust. 4 apply to a centre (CIS)."),
                "removal_ground_not_cis",
            )
    elif removal_ground:
        raise field_error(
            "removal_ground",
            _("A ground is given only for a removal."),
            "removal_ground_without_removal",
        )
    not_in_future("exited_on", exited_on)
    if exited_on < participation.admitted_on:
        raise field_error(
            "exited_on",
            _("The exit cannot precede the admission."),
            "exit_before_admission",
        )


EXIT_FIELDS = [
    "state",
    "exited_on",
    "exit_reason",
    "removal_ground",
    "exit_note",
    "outcome",
    "exit_recorded_by",
]


def exit_apply(
    participation: Participation,
    *,
    actor: Any,
    exited_on: datetime.date,
    reason: str,
    outcome: str,
    removal_ground: str = "",
    note: str = "",
) -> None:
    """Set the fields of an exit checked by `exit_check` (`EXIT_FIELDS`),
    unsaved."""
    participation.state = ParticipationState.EXITED
    participation.exited_on = exited_on
    participation.exit_reason = reason
    participation.removal_ground = removal_ground
    participation.exit_note = note.strip()
    participation.outcome = outcome
    participation.exit_recorded_by = actor


@transaction.atomic
def follow_up_record(
    *,
    actor: Any,
    follow_up: FollowUp,
    checked_on: datetime.date,
    outcome: str,
    employer: str = "",
    employment_from: datetime.date | None = None,
    employment_until: datetime.date | None = None,
    note: str = "",
) -> FollowUp:
    """Record what the former participant does at the check."""
    participation = lock_participation(follow_up.participation, actor)
    require_staff_of(actor, participation.unit_id)
    follow_up = FollowUp.objects.select_for_update().get(pk=follow_up.pk)
    if participation.participant.is_anonymised:
        raise invalid_transition(_("An anonymised record cannot be changed."))
    if follow_up.done:
        raise invalid_transition(_("This check is already recorded."))
    not_in_future("checked_on", checked_on)
    if checked_on < participation.exited_on:
        raise field_error(
            "checked_on", _("The check cannot precede the exit."), "check_before_exit"
        )
    if outcome in NEEDS_EMPLOYER and not employer.strip():
        raise field_error("employer", _("Give the employer."), "employer_required")
    if employment_from and employment_until and employment_until < employment_from:
        raise field_error(
            "employment_until",
            _("The employment cannot end before it starts."),
            "employment_dates",
        )
    follow_up.checked_on = checked_on
    follow_up.outcome = outcome
    follow_up.employer = employer.strip()
    follow_up.employment_from = employment_from
    follow_up.employment_until = employment_until
    follow_up.note = note.strip()
    follow_up.recorded_by = actor
    follow_up.full_clean(exclude=["participation"], validate_constraints=False)
    follow_up._history_user = actor
    follow_up.save()
    return follow_up
