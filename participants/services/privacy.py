"""Data protection: the access log, the export of everything held about a
person (GDPR art. 15) and anonymisation that keeps the statistics."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import FileField
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from participants import personal_data
from participants.constants import AccessAction
from participants.models import (
    AccessLog,
    DataExport,
    FollowUp,
    IndividualProgramme,
    Participant,
    Participation,
    ParticipationGround,
    Provision,
    Referral,
)
from participants.services.common import (
    delete_file_on_commit,
    invalid_transition,
    require_manager_of,
)
from units.constants import UnitKind
from units.models import Unit

# The daily meal of art. 14 ust. 4 is a centre's; a club's participation has
# no such data to export.
CENTRE_ONLY_FIELDS = ("takes_meal", "meal_note")


def client_address(request: HttpRequest | None) -> str | None:
    """The address the request came from (behind the proxy the settings trust)."""
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR") or None


def access_log_record(
    *,
    user: Any,
    unit: Unit,
    action: str,
    participant: Participant | None = None,
    what: str = "",
    request: HttpRequest | None = None,
) -> AccessLog:
    """Note who read or exported which personal data, when and from where."""
    return AccessLog.objects.create(
        user=user,
        user_email=getattr(user, "email", "") or "",
        unit=unit,
        participant=participant,
        action=action,
        what=what[:300],
        ip_address=client_address(request),
    )


def _value(value: Any) -> Any:
    if isinstance(value, datetime.date | datetime.datetime):
        return value.isoformat()
    if isinstance(value, Decimal):
        # Amounts exactly as stored, which JSON numbers would not keep.
        return str(value)
    return value


def _row(obj: Any, exclude: tuple[str, ...] = ()) -> dict[str, Any]:
    """A model row as plain data, choices with their labels, files by name."""
    data: dict[str, Any] = {}
    for field in obj._meta.concrete_fields:
        if field.name in exclude or field.name == "id":
            continue
        if field.is_relation:
            related = getattr(obj, field.name)
            data[field.name] = str(related) if related is not None else None
            continue
        value = getattr(obj, field.attname)
        if isinstance(field, FileField):
            value = value.name.rsplit("/", 1)[-1] if value else ""
        data[field.name] = _value(value)
        if field.choices and value:
            data[f"{field.name}_label"] = str(
                getattr(obj, f"get_{field.name}_display")()
            )
    return data


def participant_data(participant: Participant) -> dict[str, Any]:
    """Everything the unit holds about one person, for the person (art. 15)."""
    participations = []
    for participation in participant.participations.select_related("unit").order_by(
        "created_at", "pk"
    ):
        referral = Referral.objects.filter(participation=participation).first()
        is_centre = participation.unit.kind == UnitKind.CIS
        participations.append(
            {
                **_row(
                    participation,
                    exclude=("participant",)
                    if is_centre
                    else ("participant", *CENTRE_ONLY_FIELDS),
                ),
                "referral": _row(referral, exclude=("participation",))
                if referral
                else None,
                "grounds": [
                    {**_row(row, exclude=("participation",)), "ground": row.ground.code}
                    for row in ParticipationGround.objects.filter(
                        participation=participation
                    ).select_related("ground")
                ],
                "programmes": [
                    _row(row, exclude=("participation",))
                    for row in IndividualProgramme.objects.filter(
                        participation=participation
                    ).order_by("version")
                ],
                "follow_ups": [
                    _row(row, exclude=("participation",))
                    for row in FollowUp.objects.filter(
                        participation=participation
                    ).order_by("months_after")
                ],
                "provisions": [
                    _row(row, exclude=("participation",))
                    for row in Provision.objects.filter(
                        participation=participation
                    ).order_by("provided_on", "pk")
                ],
                **{
                    section.key: [
                        _row(row, exclude=tuple(section.exclude))
                        for row in section.rows(participation)
                    ]
                    for section in personal_data.sections()
                    if is_centre or not section.centre_only
                },
            }
        )
    return {
        "generated_at": timezone.now().isoformat(),
        "controller": {
            "unit": participant.unit.name,
            "address": participant.unit.address,
            "founding_body": participant.unit.founding_body.name,
        },
        "person": _row(participant, exclude=("pesel_hash", "unit")),
        "participations": participations,
        "access_log": [
            {
                "at": entry.at.isoformat(),
                "user": entry.user_email,
                "action": entry.action,
                "action_label": str(entry.get_action_display()),
                "what": entry.what,
            }
            for entry in participant.access_log.order_by("at", "pk")
        ],
    }


def _file_names_of(participant: Participant, participation_ids: list[int]) -> set[str]:
    """Every stored file of the person: those the rows name now, and those
    their history names (a scan replaced earlier, a PDF of an old version)."""
    sources = [
        (Participation, "certificate_pdf", "id"),
        (Referral, "document", "participation_id"),
        (ParticipationGround, "evidence_file", "participation_id"),
        (IndividualProgramme, "pdf", "participation_id"),
    ]
    names: set[str] = set()
    for model, field, key in sources:
        for manager in (model.objects, model.history):
            names.update(
                manager.filter(**{f"{key}__in": participation_ids}).values_list(
                    field, flat=True
                )
            )
    names.update(participant.data_exports.values_list("pdf", flat=True))
    names.discard("")
    names.discard(None)
    return names


@transaction.atomic
def data_export_request(*, actor: Any, participant: Participant) -> DataExport:
    """Ask for the PDF of everything held about a person; the task worker
    renders it after the commit."""
    from participants.tasks import enqueue_data_export_pdf  # noqa: PLC0415

    # Locked as anonymisation locks it, so that no export is added while the
    # record is being erased.
    participant = Participant.objects.select_for_update().get(pk=participant.pk)
    require_manager_of(actor, participant.unit_id)
    if participant.is_anonymised:
        raise ValidationError(
            _("The record is anonymised; nothing identifies the person."),
            code="anonymised",
        )
    export = DataExport(participant=participant, requested_by=actor)
    export.full_clean()
    export.save()
    transaction.on_commit(lambda: enqueue_data_export_pdf(export.pk))
    return export


@transaction.atomic
def participant_anonymise(*, actor: Any, participant: Participant) -> Participant:
    """Erase what identifies the person and keep what the statistics count:
    the unit, the sex, the year of birth (ages are counted at 31 December),
    the grounds, dates, reasons and outcomes, and the keyed PESEL hash that
    counts distinct persons. The history of the erased rows goes too."""
    participant = Participant.objects.select_for_update().get(pk=participant.pk)
    require_manager_of(actor, participant.unit_id)
    if participant.is_anonymised:
        raise invalid_transition(_("The record is already anonymised."))
    if participant.participations.open().exists():
        raise ValidationError(
            _("End the open participation before anonymising the record."),
            code="open_participation",
        )
    participation_ids = list(participant.participations.values_list("pk", flat=True))
    file_names = _file_names_of(participant, participation_ids)
    Participant.objects.filter(pk=participant.pk).update(
        pesel="",
        document_type="",
        document_number="",
        first_name="",
        last_name="",
        birth_date=datetime.date(participant.birth_date.year, 1, 1),
        citizenship="",
        address="",
        phone="",
        email="",
        education="",
        family_situation="",
        anonymised_at=timezone.now(),
    )
    Participation.objects.filter(pk__in=participation_ids).update(
        ref="",
        exit_note="",
        override_reason="",
        not_admitted_reason="",
        certificate_pdf="",
        meal_note="",
    )
    Referral.objects.filter(participation__in=participation_ids).update(
        requester_name="",
        issuer_name="",
        number="",
        social_worker="",
        document="",
        note="",
    )
    ParticipationGround.objects.filter(participation__in=participation_ids).update(
        evidence_issuer="", evidence_file="", note=""
    )
    IndividualProgramme.objects.filter(participation__in=participation_ids).update(
        goals="",
        social_reintegration="",
        vocational_reintegration="",
        reason="",
        social_worker="",
        pdf="",
    )
    # What was provided, and when, stays; what was written about it goes.
    provisions = Provision.objects.filter(participation__in=participation_ids)
    provisions.update(note="")
    # A voided entry keeps a reason (a constraint), not the words written.
    provisions.filter(voided_at__isnull=False).update(void_reason="—")
    follow_ups = FollowUp.objects.filter(participation__in=participation_ids)
    follow_ups.update(employer="", note="")
    # A check not yet made will not be made: nobody could be contacted.
    follow_ups.filter(checked_on__isnull=True).delete()
    # Attendance, allowances, supported employment: each app erases its own.
    for section in personal_data.sections():
        section.anonymise(participation_ids)
    participant.data_exports.all().delete()
    for model, key, ids in (
        (Participant, "id", [participant.pk]),
        (Participation, "id", participation_ids),
        (Referral, "participation_id", participation_ids),
        (ParticipationGround, "participation_id", participation_ids),
        (IndividualProgramme, "participation_id", participation_ids),
        (FollowUp, "participation_id", participation_ids),
        (Provision, "participation_id", participation_ids),
    ):
        model.history.filter(**{f"{key}__in": ids}).delete()
    storage = default_storage
    for name in file_names:
        delete_file_on_commit(storage, name)
    participant.refresh_from_db()
    access_log_record(
        user=actor,
        unit=participant.unit,
        action=AccessAction.ANONYMISE,
        participant=participant,
    )
    return participant
