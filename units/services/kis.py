"""The register of social integration clubs (art. 18a of the Act, since
15 February 2022).

A KIS needs no status decision: its founder notifies the voivode on the
official form and the voivode enters the club into the register within 30
days of the notification (art. 18a ust. 2, rule `kis_register_days`); the
closure of a club is notified within 30 days of closing (art. 18a ust. 4,
rule `kis_closure_notice_days`).

Every transition locks the notification first and checks that it is allowed
(ValidationError code "invalid_transition"), as in units.services.status.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from units.constants import RuleCode, UnitKind
from units.constants_kis import (
    KisActivity,
    KisNotificationKind,
    KisNotificationState,
)
from units.deadlines import days_deadline
from units.models import FoundingBody, KisNotification, LegalRule, Unit, Voivodeship
from units.services.common import invalid_transition, require_official_of


def _field_error(field: str, message: str, code: str) -> ValidationError:
    return ValidationError({field: ValidationError(message, code=code)})


def _rule_days(code: RuleCode, day: datetime.date) -> int | None:
    """The days of a dated rule of art. 18a in force on `day`; None before the
    2022 amendment brought the register of KIS."""
    try:
        return int(LegalRule.objects.value(code, on=day))
    except ImproperlyConfigured:
        return None


def kis_register_due_on(received_on: datetime.date) -> datetime.date | None:
    """The last day to enter a club notified on `received_on` (art. 18a
    ust. 2), moved to the next working day; None before the duty existed."""
    days = _rule_days(RuleCode.KIS_REGISTER_DAYS, received_on)
    return None if days is None else days_deadline(received_on, days)


def _lock(notification: KisNotification, actor: Any) -> KisNotification:
    locked = (
        KisNotification.objects.select_for_update(of=("self",))
        .select_related("founding_body", "voivodeship", "unit")
        .get(pk=notification.pk)
    )
    # The notification's history names the official, also outside a request.
    locked._history_user = actor
    return locked


@transaction.atomic
def kis_notification_register(
    *,
    actor: Any,
    voivodeship: Voivodeship,
    founding_body: FoundingBody,
    received_on: datetime.date,
    club_name: str,
    address: str,
    municipality: str,
    activity_types: Sequence[KisActivity | str],
    planned_start: datetime.date | None,
) -> KisNotification:
    """Register a founder's notification of a new club; the 30 days of
    art. 18a ust. 2 to enter it run from the day it was received."""
    require_official_of(actor, voivodeship.pk)
    notification = KisNotification(
        kind=KisNotificationKind.FOUNDING,
        voivodeship=voivodeship,
        founding_body=founding_body,
        received_on=received_on,
        club_name=club_name,
        address=address,
        municipality=municipality,
        activity_types=[str(code) for code in activity_types],
        planned_start=planned_start,
        state=KisNotificationState.RECEIVED,
        register_due_on=kis_register_due_on(received_on),
        handled_by=actor,
    )
    notification.full_clean()
    notification._history_user = actor
    notification.save()
    return notification


@transaction.atomic
def kis_notification_request_completion(
    *,
    actor: Any,
    notification: KisNotification,
    requested_on: datetime.date,
    message: str,
) -> KisNotification:
    """Call the founder to complete the notification; the entry deadline is
    suspended until the completed notification arrives."""
    notification = _lock(notification, actor)
    require_official_of(actor, notification.voivodeship_id)
    if notification.state != KisNotificationState.RECEIVED:
        raise invalid_transition(
            _("Only a received notification can be called to complete.")
        )
    if requested_on < notification.received_on:
        raise _field_error(
            "requested_on",
            _("The call cannot precede the notification."),
            "request_before_receipt",
        )
    if not message.strip():
        raise _field_error(
            "message", _("Say what is to be completed."), "nothing_missing"
        )
    notification.state = KisNotificationState.INCOMPLETE
    notification.completion_requested_on = requested_on
    notification.completion_message = message
    notification.register_due_on = None
    notification.save(
        update_fields=[
            "state",
            "completion_requested_on",
            "completion_message",
            "register_due_on",
        ]
    )
    return notification


@transaction.atomic
def kis_notification_completed(
    *, actor: Any, notification: KisNotification, received_on: datetime.date
) -> KisNotification:
    """The completed notification arrived: the 30 days run again from that day."""
    notification = _lock(notification, actor)
    require_official_of(actor, notification.voivodeship_id)
    if notification.state != KisNotificationState.INCOMPLETE:
        raise invalid_transition(_("The notification is not waiting to be completed."))
    assert notification.completion_requested_on is not None  # noqa: S101 - set above
    if received_on < notification.completion_requested_on:
        raise _field_error(
            "received_on",
            _("The completion cannot arrive before it was requested."),
            "received_before_request",
        )
    notification.state = KisNotificationState.RECEIVED
    notification.completed_on = received_on
    notification.register_due_on = kis_register_due_on(received_on)
    notification.save(update_fields=["state", "completed_on", "register_due_on"])
    return notification


@transaction.atomic
def kis_register_entry(
    *, actor: Any, notification: KisNotification, entered_on: datetime.date
) -> Unit:
    """Enter the notified club into the register of KIS (art. 18a ust. 2).

    The club is created from the notification, checked like any unit, so a
    founder that may not run a KIS (art. 18 ust. 1) is refused.
    """
    notification = _lock(notification, actor)
    require_official_of(actor, notification.voivodeship_id)
    if (
        notification.kind != KisNotificationKind.FOUNDING
        or notification.state != KisNotificationState.RECEIVED
    ):
        raise invalid_transition(
            _("Only a received founding notification can be entered.")
        )
    if entered_on < notification.received_on:
        raise _field_error(
            "entered_on",
            _("The entry cannot precede the notification."),
            "entry_before_receipt",
        )
    unit = Unit(
        kind=UnitKind.KIS,
        name=notification.club_name,
        founding_body=notification.founding_body,
        voivodeship=notification.voivodeship,
        address=notification.address,
        municipality=notification.municipality,
        activity_types=list(notification.activity_types),
        opened_on=notification.planned_start or entered_on,
    )
    unit.full_clean()
    unit._history_user = actor
    unit.save()
    notification.unit = unit
    notification.state = KisNotificationState.ENTERED
    notification.entered_on = entered_on
    notification.register_due_on = None
    notification.handled_by = actor
    notification.full_clean()
    notification.save(
        update_fields=["unit", "state", "entered_on", "register_due_on", "handled_by"]
    )
    return unit


def closure_notice_late(
    activity_ended_on: datetime.date, received_on: datetime.date
) -> bool:
    """Whether a closure arrived after the days of art. 18a ust. 4 in force on
    the day the club closed (never late before the duty existed)."""
    days = _rule_days(RuleCode.KIS_CLOSURE_NOTICE_DAYS, activity_ended_on)
    if days is None:
        return False
    return received_on > days_deadline(activity_ended_on, days)


@transaction.atomic
def kis_closure_record(
    *,
    actor: Any,
    unit: Unit,
    received_on: datetime.date,
    activity_ended_on: datetime.date,
    found_by_voivode: bool = False,
    finding: str = "",
) -> KisNotification:
    """Record that a club closed and close it in the register (art. 18a
    ust. 5): on the founder's notice (ust. 4; a notice after the 30 days is
    still recorded, marked late), or as the voivode found it without one
    (`found_by_voivode`, `received_on` the day it was found, `finding` how)."""
    unit = (
        Unit.objects.select_for_update(of=("self",))
        .select_related("founding_body", "voivodeship")
        .get(pk=unit.pk)
    )
    require_official_of(actor, unit.voivodeship_id)
    if unit.kind != UnitKind.KIS:
        raise invalid_transition(_("Only a club (KIS) is closed by a notification."))
    if unit.closed_on is not None:
        raise invalid_transition(_("The club is already closed."))
    if activity_ended_on < unit.opened_on:
        raise _field_error(
            "activity_ended_on",
            _("A unit cannot close before it opens."),
            "closed_before_opened",
        )
    finding = finding.strip()
    if received_on < activity_ended_on:
        raise _field_error(
            "received_on",
            _("The closure cannot be found before the club closed.")
            if found_by_voivode
            else _("The notice cannot precede the closure."),
            "notice_before_closure",
        )
    if found_by_voivode and not finding:
        raise _field_error(
            "finding",
            _("Say how the voivode found that the club closed."),
            "finding_required",
        )
    if finding and not found_by_voivode:
        raise _field_error(
            "finding",
            _(
                "How the closure was found is given only when the voivode found "
                "it; choose that, or leave this empty for the operator's notice."
            ),
            "finding_with_notice",
        )
    notification = KisNotification(
        kind=KisNotificationKind.CLOSURE,
        voivodeship=unit.voivodeship,
        founding_body=unit.founding_body,
        unit=unit,
        received_on=received_on,
        club_name=unit.name,
        address=unit.address,
        municipality=unit.municipality,
        activity_types=list(unit.activity_types),
        activity_ended_on=activity_ended_on,
        state=KisNotificationState.RECORDED,
        # The 30 days of ust. 4 bind the operator's notice, not the voivode.
        late=(
            False
            if found_by_voivode
            else closure_notice_late(activity_ended_on, received_on)
        ),
        found_by_voivode=found_by_voivode,
        finding=finding,
        handled_by=actor,
    )
    notification.full_clean()
    notification._history_user = actor
    notification.save()
    unit.closed_on = activity_ended_on
    unit._history_user = actor
    unit.full_clean()
    unit.save(update_fields=["closed_on"])
    return notification
