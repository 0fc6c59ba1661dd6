"""Intake: the person, the referral (art. 12), the grounds with their evidence
and the eligibility check (art. 1), admission and the trial period (art. 15).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from participants.constants import ParticipationState, ReferralIssuer
from participants.eligibility import describe, eligibility_problems
from participants.identity import pesel_hash
from participants.models import (
    ExclusionGround,
    Participant,
    Participation,
    ParticipationGround,
    Referral,
)
from participants.services.common import (
    delete_file_on_commit,
    field_error,
    invalid_transition,
    lock_participation,
    not_in_future,
    require_staff_of,
)
from participants.validators import compact_pesel, pesel_birth_date, pesel_sex
from units.constants import RuleCode, UnitKind
from units.deadlines import months_period_end
from units.models import LegalRule, Unit

# Personal data a unit may edit after intake.
PERSON_FIELDS = (
    "pesel",
    "document_type",
    "document_number",
    "first_name",
    "last_name",
    "birth_date",
    "sex",
    "citizenship",
    "address",
    "phone",
    "email",
    "education",
    "family_situation",
    "info_clause_on",
)


@dataclass(frozen=True)
class GroundInput:
    """One ground of exclusion as staff record it, with its evidence."""

    ground: ExclusionGround
    is_primary: bool = False
    evidence_kind: str = ""
    evidence_date: datetime.date | None = None
    evidence_issuer: str = ""
    evidence_file: UploadedFile | None = None
    note: str = ""


@dataclass(frozen=True)
class ReferralInput:
    requested_by: str
    issued_by: str
    referred_on: datetime.date
    requester_name: str = ""
    issuer_name: str = ""
    number: str = ""
    social_worker: str = ""
    document: UploadedFile | None = None
    note: str = ""


def _check_unique_in_unit(participant: Participant) -> None:
    """One record per person in a unit: the same PESEL or document is refused
    on its field (the database constraints back this up)."""
    others = Participant.objects.filter(unit_id=participant.unit_id).exclude(
        pk=participant.pk
    )
    if participant.pesel and others.filter(pesel=participant.pesel).exists():
        raise field_error(
            "pesel",
            _("This unit already has a participant with this PESEL."),
            "pesel_taken",
        )
    number = (participant.document_number or "").strip().upper()
    if (
        number
        and others.filter(
            document_type=participant.document_type, document_number=number
        ).exists()
    ):
        raise field_error(
            "document_number",
            _("This unit already has a participant with this document."),
            "document_taken",
        )


def _check_participation_unique(participation: Participation) -> None:
    if participation.participant.participations.open().exists():
        raise ValidationError(
            _("The person already has an open participation in this unit."),
            code="open_participation",
        )
    if (
        participation.ref
        and Participation.objects.filter(
            unit=participation.unit, ref=participation.ref
        ).exists()
    ):
        raise field_error(
            "ref",
            _("Another participation of this unit has this reference."),
            "ref_taken",
        )


def _save_unique(obj: Any, check: Any) -> None:
    """Save a row whose uniqueness was checked before; when another request
    wrote the same row in between, the database refuses it and the same check
    now names the field (instead of an error page)."""
    try:
        with transaction.atomic():
            obj.save()
    except IntegrityError:
        check(obj)
        raise


def _fill_from_pesel(data: dict[str, Any]) -> None:
    """Take the date of birth and the sex from a valid PESEL when not given
    (nothing when the PESEL is not among the data)."""
    if "pesel" not in data:
        return
    pesel = compact_pesel(data["pesel"])
    data["pesel"] = pesel
    if not pesel:
        return
    try:
        if not data.get("birth_date"):
            data["birth_date"] = pesel_birth_date(pesel)
        if not data.get("sex"):
            data["sex"] = pesel_sex(pesel)
    except ValueError:
        pass  # an invalid PESEL is refused by full_clean with its message


def participant_new(*, actor: Any, unit: Unit, **data: Any) -> Participant:
    """A person's record in the unit, unsaved and not yet validated: `data`
    holds the PERSON_FIELDS; the date of birth and the sex may be left out
    when the PESEL gives them."""
    unknown = set(data) - set(PERSON_FIELDS)
    if unknown:
        raise TypeError(f"Unknown fields: {sorted(unknown)}")
    _fill_from_pesel(data)
    return Participant(unit=unit, created_by=actor, **data)


def participant_seal(
    participant: Participant, *, actor: Any, clean: bool = True
) -> None:
    """Validate a person's record (`full_clean`; uniqueness in the unit is the
    caller's to check, the database enforces the constraints again) and set
    the keyed hash of the PESEL, before it is saved. `clean` False: the
    caller has run the same `full_clean` on the same data (an import)."""
    if clean:
        participant.full_clean(validate_constraints=False)
    participant.pesel_hash = pesel_hash(participant.pesel)
    participant._history_user = actor


@transaction.atomic
def participant_register(*, actor: Any, unit: Unit, **data: Any) -> Participant:
    """Record a person in the unit (the unit becomes the data controller).

    `data` holds the PERSON_FIELDS; the date of birth and the sex may be left
    out when the PESEL gives them.
    """
    require_staff_of(actor, unit.pk)
    participant = participant_new(actor=actor, unit=unit, **data)
    _check_unique_in_unit(participant)
    participant_seal(participant, actor=actor)
    _save_unique(participant, _check_unique_in_unit)
    return participant


@transaction.atomic
def participant_update(
    *, actor: Any, participant: Participant, **data: Any
) -> Participant:
    """Correct the person's data; every change is kept in the history."""
    participant = Participant.objects.select_for_update().get(pk=participant.pk)
    require_staff_of(actor, participant.unit_id)
    if participant.is_anonymised:
        raise invalid_transition(_("An anonymised record cannot be changed."))
    unknown = set(data) - set(PERSON_FIELDS)
    if unknown:
        raise TypeError(f"Unknown fields: {sorted(unknown)}")
    _fill_from_pesel(data)
    for name, value in data.items():
        setattr(participant, name, value)
    _check_unique_in_unit(participant)
    participant_seal(participant, actor=actor)
    _save_unique(participant, _check_unique_in_unit)
    return participant


def _check_grounds(grounds: Sequence[GroundInput]) -> None:
    codes = [item.ground.code for item in grounds]
    if len(codes) != len(set(codes)):
        raise field_error(
            "grounds", _("Each ground can be given once."), "ground_twice"
        )
    if grounds and sum(item.is_primary for item in grounds) != 1:
        raise field_error(
            "grounds",
            _("Mark exactly one ground as the primary one."),
            "primary_ground",
        )


def eligibility_found(
    *,
    unit_kind: str,
    on: datetime.date,
    grounds: Sequence[GroundInput],
    benefits: Sequence[str],
    issued_by: str,
) -> list[dict]:
    """The problems the check of art. 1 and 12 finds on `on`, as stored on a
    participation (empty: eligible)."""
    primary = next((item.ground for item in grounds if item.is_primary), None)
    problems = eligibility_problems(
        unit_kind=unit_kind,
        on=on,
        grounds=[item.ground for item in grounds],
        primary=primary,
        benefits=benefits,
        issued_by=issued_by,
    )
    return [problem.as_dict() for problem in problems]


def evaluate(participation: Participation, *, on: datetime.date) -> list[dict]:
    """Check the participation against the rules in force on `on` and store
    what was found (the list of problems; empty: eligible)."""
    rows = list(participation.grounds.select_related("ground"))
    referral = getattr(participation, "referral", None)
    found = eligibility_found(
        unit_kind=participation.unit.kind,
        on=on,
        grounds=[GroundInput(row.ground, is_primary=row.is_primary) for row in rows],
        benefits=participation.benefits,
        issued_by=referral.issued_by if referral else ReferralIssuer.NONE,
    )
    fields = ["eligibility_problems", "eligibility_checked_on"]
    if found != participation.eligibility_problems and participation.override_reason:
        # A reason given for other problems does not cover these.
        participation.override_reason = ""
        participation.override_by = None
        fields += ["override_reason", "override_by"]
    participation.eligibility_problems = found
    participation.eligibility_checked_on = on
    participation.save(update_fields=fields)
    return participation.eligibility_problems


@transaction.atomic
def participation_refer(
    *,
    actor: Any,
    participant: Participant,
    referral: ReferralInput,
    grounds: Sequence[GroundInput],
    benefits: Sequence[str] = (),
    ref: str = "",
) -> Participation:
    """Open a participation on a referral (or, in a KIS, on the person's own
    application), with the grounds and the eligibility check on its date."""
    participant = Participant.objects.select_for_update().get(pk=participant.pk)
    require_staff_of(actor, participant.unit_id)
    if participant.is_anonymised:
        raise invalid_transition(_("An anonymised record cannot be changed."))
    not_in_future("referred_on", referral.referred_on)
    unit = participant.unit
    if unit.kind == UnitKind.CIS and referral.issued_by == ReferralIssuer.NONE:
        raise field_error(
            "issued_by",
            _(
                "A centre admits on a referral of the OPS, CUS or labour "
                "office (art. 12 ust. 1)."
            ),
            "cis_needs_referral",
        )
    _check_grounds(grounds)
    participation = Participation(
        participant=participant,
        unit=unit,
        ref=ref.strip(),
        benefits=list(benefits),
        state=ParticipationState.REFERRED,
    )
    _check_participation_unique(participation)
    # The open participation and the reference were checked just above.
    participation.full_clean(validate_constraints=False)
    participation._history_user = actor
    _save_unique(participation, _check_participation_unique)
    referral_new(participation, referral, actor=actor).save()
    for item in grounds:
        _save_ground(participation, item, actor)
    evaluate(participation, on=referral.referred_on)
    return participation


def referral_new(
    participation: Participation,
    referral: ReferralInput,
    *,
    actor: Any,
    clean: bool = True,
) -> Referral:
    """The referral row of a participation, validated (unless `clean` is
    False: values the caller has checked) and unsaved."""
    row = Referral(
        participation=participation,
        requested_by=referral.requested_by,
        requester_name=referral.requester_name,
        issued_by=referral.issued_by,
        issuer_name=referral.issuer_name,
        number=referral.number,
        referred_on=referral.referred_on,
        social_worker=referral.social_worker,
        document=referral.document or "",
        note=referral.note,
    )
    if clean:
        row.full_clean(exclude=["participation"])
    row._history_user = actor
    return row


def _save_ground(
    participation: Participation, item: GroundInput, actor: Any
) -> ParticipationGround:
    row = ParticipationGround.objects.filter(
        participation=participation, ground=item.ground
    ).first() or ParticipationGround(participation=participation, ground=item.ground)
    row.is_primary = item.is_primary
    row.evidence_kind = item.evidence_kind
    row.evidence_date = item.evidence_date
    row.evidence_issuer = item.evidence_issuer
    row.note = item.note
    earlier = row.evidence_file.name if row.evidence_file else ""
    if item.evidence_file is not None:
        row.evidence_file = item.evidence_file
    row.full_clean(exclude=["participation", "ground"], validate_constraints=False)
    row._history_user = actor
    row.save()
    if earlier and row.evidence_file.name != earlier:
        delete_file_on_commit(row.evidence_file.storage, earlier)
    return row


@transaction.atomic
def participation_ground_record(
    *, actor: Any, participation: Participation, item: GroundInput
) -> ParticipationGround:
    """Add a ground, or update its evidence; marking it primary moves the mark
    from the ground that had it. The eligibility is checked again."""
    participation = lock_participation(participation, actor)
    require_staff_of(actor, participation.unit_id)
    if not participation.is_open:
        raise invalid_transition(
            _("The grounds of a closed participation cannot be changed.")
        )
    if item.evidence_date is not None:
        not_in_future("evidence_date", item.evidence_date)
    if item.is_primary:
        participation.grounds.exclude(ground=item.ground).filter(
            is_primary=True
        ).update(is_primary=False)
    elif (
        not participation.grounds.exclude(ground=item.ground)
        .filter(is_primary=True)
        .exists()
    ):
        raise field_error(
            "is_primary",
            _("Mark exactly one ground as the primary one."),
            "primary_ground",
        )
    row = _save_ground(participation, item, actor)
    evaluate(participation, on=participation.admitted_on or timezone.localdate())
    return row


@transaction.atomic
def referral_attach_document(
    *, actor: Any, participation: Participation, document: UploadedFile
) -> Referral:
    """Attach the scan of the referral (art. 12), replacing an earlier one."""
    participation = lock_participation(participation, actor)
    require_staff_of(actor, participation.unit_id)
    referral = (
        Referral.objects.select_for_update().filter(participation=participation).first()
    )
    if referral is None:
        raise invalid_transition(_("This participation has no referral."))
    if participation.state == ParticipationState.NOT_ADMITTED:
        raise invalid_transition(
            _("The referral was closed without admission; nothing is attached to it.")
        )
    if participation.participant.is_anonymised:
        raise invalid_transition(_("An anonymised record cannot be changed."))
    earlier = referral.document.name if referral.document else ""
    referral.document = document
    referral.full_clean(exclude=["participation"])
    referral._history_user = actor
    referral.save(update_fields=["document"])
    if earlier:
        delete_file_on_commit(referral.document.storage, earlier)
    return referral


@transaction.atomic
def participation_override(
    *, actor: Any, participation: Participation, reason: str
) -> Participation:
    """Record why the person is admitted although the check found problems."""
    participation = lock_participation(participation, actor)
    require_staff_of(actor, participation.unit_id)
    if participation.state != ParticipationState.REFERRED:
        raise invalid_transition(_("Only a referred person awaits admission."))
    if not participation.eligibility_problems:
        raise invalid_transition(
            _("The check found no problem: there is nothing to admit despite.")
        )
    if not reason.strip():
        raise field_error(
            "reason", _("Give the reason for admitting the person."), "override_reason"
        )
    participation.override_reason = reason.strip()
    participation.override_by = actor
    participation.save(update_fields=["override_reason", "override_by"])
    return participation


def trial_months(on: datetime.date) -> int:
    """The length of a centre's trial period in months (art. 15) by the rule
    in force on `on`."""
    return LegalRule.objects.value(RuleCode.TRIAL_MONTHS, on=on)


def trial_end(admitted_on: datetime.date, months: int | None = None) -> datetime.date:
    """The last day of the trial period of a centre (art. 15), by the rule in
    force on the day of admission (`months`: that rule's value, when the
    caller has read it already)."""
    if months is None:
        months = trial_months(admitted_on)
    return months_period_end(admitted_on, months)


def admission_apply(
    participation: Participation,
    *,
    admitted_on: datetime.date,
    trial_end_of: Callable[[datetime.date], datetime.date] = trial_end,
) -> None:
    """Set the fields of an admission, unsaved: a centre starts the trial
    period (art. 15) ending on `trial_end_of(admitted_on)`."""
    participation.state = ParticipationState.ACTIVE
    participation.admitted_on = admitted_on
    if participation.unit.kind == UnitKind.CIS:
        participation.trial_ends_on = trial_end_of(admitted_on)


@transaction.atomic
def participation_admit(
    *, actor: Any, participation: Participation, admitted_on: datetime.date
) -> Participation:
    """Admit a referred person; a centre starts the trial period (art. 15)."""
    participation = lock_participation(participation, actor)
    require_staff_of(actor, participation.unit_id)
    if participation.state != ParticipationState.REFERRED:
        raise invalid_transition(_("Only a referred person can be admitted."))
    not_in_future("admitted_on", admitted_on)
    referral = getattr(participation, "referral", None)
    if referral is not None and admitted_on < referral.referred_on:
        raise field_error(
            "admitted_on",
            _("The admission cannot precede the referral."),
            "admitted_before_referral",
        )
    problems = evaluate(participation, on=admitted_on)
    if problems and not participation.override_reason:
        raise ValidationError(
            [
                ValidationError(describe(problem), code="not_eligible")
                for problem in problems
            ]
        )
    admission_apply(participation, admitted_on=admitted_on)
    participation.full_clean(validate_constraints=False)
    participation.save(update_fields=["state", "admitted_on", "trial_ends_on"])
    return participation


@transaction.atomic
def participation_not_admit(
    *, actor: Any, participation: Participation, reason: str
) -> Participation:
    """Close a referral without admission (not eligible, did not come…)."""
    participation = lock_participation(participation, actor)
    require_staff_of(actor, participation.unit_id)
    if participation.state != ParticipationState.REFERRED:
        raise invalid_transition(_("Only a referred person awaits admission."))
    if not reason.strip():
        raise field_error("reason", _("Give the reason."), "not_admitted_reason")
    participation.state = ParticipationState.NOT_ADMITTED
    participation.not_admitted_reason = reason.strip()
    participation.save(update_fields=["state", "not_admitted_reason"])
    return participation
