"""CIS status: applications (art. 4), decisions (art. 5, 6) and their numbering.

Every transition locks the application (or the centre) first, checks that the
transition is allowed and raises ValidationError(code="invalid_transition")
when it is not, so two officials acting at once cannot both succeed.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from units.constants import (
    ApplicationKind,
    ApplicationState,
    CisStatus,
    DecisionKind,
    DocumentKind,
    LossGround,
    LossInitiator,
    RuleCode,
    UnitKind,
)
from units.deadlines import add_months, months_deadline
from units.models import (
    ApplicationDocument,
    DecisionCounter,
    FoundingBody,
    LegalRule,
    StatusApplication,
    StatusDecision,
    SupplementRequest,
    Unit,
    Voivodeship,
)
from units.services.applications import ApplicationContents
from units.services.common import (
    invalid_transition,
    lock_application,
    require_official_of,
)

ACT_NAME = "ustawy z dnia 13 czerwca 2003 r. o zatrudnieniu socjalnym"


def _not_in_future(field: str, day: datetime.date) -> None:
    """A day the office records as past (documents arrived, completeness); a
    far future one would also run the deadline past the calendar's end."""
    if day > timezone.localdate():
        raise ValidationError(
            {
                field: ValidationError(
                    _("The date cannot be in the future."), code="future_date"
                )
            }
        )


@transaction.atomic
def application_register(
    *,
    actor: Any,
    voivodeship: Voivodeship,
    founding_body: FoundingBody,
    received_on: datetime.date,
    proposed_name: str,
    proposed_address: str,
    proposed_municipality: str,
    proposed_places: int,
    kind: ApplicationKind = ApplicationKind.GRANT,
    unit: Unit | None = None,
    case_number: str = "",
    handled_by: Any = None,
    contents: ApplicationContents | None = None,
) -> StatusApplication:
    """Register an application received from a founding body, with what it
    states (art. 4 ust. 2) and the checklist of the attachments art. 4
    requires of that founder."""
    require_official_of(actor, voivodeship.pk)
    if kind == ApplicationKind.EXTENSION:
        if unit is None or unit.kind != UnitKind.CIS:
            raise ValidationError(
                {"unit": _("An extension is applied for an existing centre.")},
                code="extension_without_centre",
            )
        if unit.founding_body_id != founding_body.pk:
            raise ValidationError(
                {"unit": _("The centre belongs to another founding body.")},
                code="extension_other_founder",
            )
    application = StatusApplication(
        kind=kind,
        voivodeship=voivodeship,
        founding_body=founding_body,
        unit=unit,
        received_on=received_on,
        proposed_name=proposed_name,
        proposed_address=proposed_address,
        proposed_municipality=proposed_municipality,
        proposed_places=proposed_places,
        case_number=case_number,
        handled_by=handled_by or actor,
    )
    (contents or ApplicationContents()).apply_to(application)
    application.full_clean()
    application._history_user = actor
    application.save()
    ApplicationDocument.objects.bulk_create(
        ApplicationDocument(application=application, kind=kind_)
        for kind_ in application.required_documents()
    )
    return application


@transaction.atomic
def application_record_document(
    *,
    actor: Any,
    application: StatusApplication,
    kind: DocumentKind,
    delivered_on: datetime.date | None,
    on_paper: bool = False,
    file: UploadedFile | None = None,
    note: str = "",
) -> ApplicationDocument:
    """Mark one checklist document delivered (with a scan, or on paper) or not."""
    application = lock_application(application, actor)
    require_official_of(actor, application.voivodeship_id)
    if application.state == ApplicationState.DECIDED:
        raise invalid_transition(
            _("The application has been decided; its documents are closed.")
        )
    document, _created = ApplicationDocument.objects.get_or_create(
        application=application, kind=kind
    )
    document.delivered_on = delivered_on
    document.on_paper = on_paper
    document.note = note
    if file is not None:
        document.file = file
    if delivered_on is not None and not (on_paper or document.file):
        raise ValidationError(
            {"file": _("Attach the scan or mark the document as delivered on paper.")},
            code="document_without_evidence",
        )
    document.full_clean()
    document.save()
    return document


@transaction.atomic
def application_request_supplement(
    *,
    actor: Any,
    application: StatusApplication,
    requested_on: datetime.date,
    respond_by: datetime.date,
    missing: Sequence[DocumentKind],
    message: str = "",
) -> SupplementRequest:
    """Call the founder to supplement the application; the decision deadline
    is suspended until the documents arrive."""
    application = lock_application(application, actor)
    require_official_of(actor, application.voivodeship_id)
    if application.state not in (ApplicationState.RECEIVED, ApplicationState.COMPLETE):
        raise invalid_transition(
            _("Only a received or complete application can be called to supplement.")
        )
    if not missing:
        raise ValidationError(
            {"missing": _("Name at least one missing document.")},
            code="nothing_missing",
        )
    if requested_on < application.received_on:
        raise ValidationError(
            {"requested_on": _("The call cannot precede the application.")},
            code="request_before_receipt",
        )
    request = SupplementRequest(
        application=application,
        requested_on=requested_on,
        respond_by=respond_by,
        missing=[str(kind) for kind in missing],
        message=message,
        requested_by=actor,
    )
    request.full_clean()
    request.save()
    application.state = ApplicationState.INCOMPLETE
    application.complete_on = None
    application.decision_due_on = None
    application.save(update_fields=["state", "complete_on", "decision_due_on"])
    return request


def _make_complete(application: StatusApplication, complete_on: datetime.date) -> None:
    months = LegalRule.objects.value(RuleCode.DECISION_MONTHS, on=complete_on)
    application.state = ApplicationState.COMPLETE
    application.complete_on = complete_on
    application.decision_due_on = months_deadline(complete_on, months)
    application.save(update_fields=["state", "complete_on", "decision_due_on"])


@transaction.atomic
def application_supplement_received(
    *, actor: Any, application: StatusApplication, received_on: datetime.date
) -> StatusApplication:
    """The missing documents arrived: the application is complete and the
    decision deadline runs from that day."""
    application = lock_application(application, actor)
    require_official_of(actor, application.voivodeship_id)
    if application.state != ApplicationState.INCOMPLETE:
        raise invalid_transition(_("The application is not waiting for documents."))
    _not_in_future("received_on", received_on)
    request = application.supplement_requests.select_for_update().get(
        fulfilled_on__isnull=True
    )
    if received_on < request.requested_on:
        raise ValidationError(
            {
                "received_on": _(
                    "The documents cannot arrive before they were requested."
                )
            },
            code="received_before_request",
        )
    request.fulfilled_on = received_on
    request.save(update_fields=["fulfilled_on"])
    application.documents.filter(
        kind__in=request.missing, delivered_on__isnull=True
    ).update(delivered_on=received_on, on_paper=True)
    _make_complete(application, received_on)
    return application


@transaction.atomic
def application_mark_complete(
    *,
    actor: Any,
    application: StatusApplication,
    complete_on: datetime.date | None = None,
) -> StatusApplication:
    """Confirm a received application complete; the deadline runs from receipt."""
    application = lock_application(application, actor)
    require_official_of(actor, application.voivodeship_id)
    if application.state != ApplicationState.RECEIVED:
        raise invalid_transition(
            _("Only a received application can be confirmed complete.")
        )
    if complete_on is not None:
        _not_in_future("complete_on", complete_on)
    missing = [
        doc.get_kind_display()
        for doc in application.documents.filter(delivered_on__isnull=True)
    ]
    if missing:
        raise ValidationError(
            _("These documents are missing: %(documents)s. Call for them instead."),
            code="documents_missing",
            params={"documents": ", ".join(missing)},
        )
    _make_complete(application, complete_on or application.received_on)
    return application


def _allocate_number(voivodeship: Voivodeship, year: int) -> tuple[int, str]:
    """The next number in the office's sequence for `year`, under a row lock."""
    # Locking the voivodeship first serialises the creation of the year's
    # counter too; the counter is then updated under its own lock.
    Voivodeship.objects.select_for_update().get(pk=voivodeship.pk)
    counter, _created = DecisionCounter.objects.select_for_update().get_or_create(
        voivodeship=voivodeship, year=year
    )
    counter.last += 1
    counter.save(update_fields=["last"])
    number = voivodeship.decision_number_format.format(seq=counter.last, year=year)
    return counter.last, number


DECISION_ARTICLES = {
    DecisionKind.GRANT: "art. 5 ust. 1 i 2",
    DecisionKind.EXTENSION: "art. 5 ust. 1 i 2",
    DecisionKind.REFUSAL: "art. 5 ust. 1",
    DecisionKind.LOSS: "art. 6",
    DecisionKind.CLOSURE: "art. 6",
}


def _legal_basis(kind: DecisionKind, issued_on: datetime.date) -> str:
    citation = LegalRule.objects.value(RuleCode.ACT_CITATION, on=issued_on)
    return (
        f"{DECISION_ARTICLES[kind]} {ACT_NAME} ({citation}) oraz art. 104 "
        "Kodeksu postępowania administracyjnego"
    )


def _create_decision(
    *,
    actor: Any,
    kind: DecisionKind,
    voivodeship: Voivodeship,
    issued_on: datetime.date,
    ruling: str,
    reasoning: str,
    unit: Unit | None = None,
    application: StatusApplication | None = None,
    valid_until: datetime.date | None = None,
    loss_ground: str = "",
    loss_initiated_by: str = "",
) -> StatusDecision:
    sequence, number = _allocate_number(voivodeship, issued_on.year)
    decision = StatusDecision(
        kind=kind,
        voivodeship=voivodeship,
        application=application,
        unit=unit,
        year=issued_on.year,
        sequence=sequence,
        number=number,
        issued_on=issued_on,
        valid_until=valid_until,
        loss_ground=loss_ground,
        loss_initiated_by=loss_initiated_by,
        legal_basis=_legal_basis(kind, issued_on),
        ruling=ruling,
        reasoning=reasoning,
        issued_by=actor,
    )
    decision.full_clean(exclude=["pdf"])
    decision.save()
    from units.tasks import enqueue_decision_pdf  # noqa: PLC0415 - avoids a cycle

    transaction.on_commit(lambda: enqueue_decision_pdf(decision.pk))
    return decision


def _status_term_end(start: datetime.date) -> datetime.date:
    years = LegalRule.objects.value(RuleCode.CIS_STATUS_YEARS, on=start)
    return add_months(start, 12 * years) - datetime.timedelta(days=1)


@transaction.atomic
def decision_issue_on_application(
    *,
    actor: Any,
    application: StatusApplication,
    grant: bool,
    issued_on: datetime.date,
    reasoning: str = "",
) -> StatusDecision:
    """Decide a complete application: grant (or extend) the status, or refuse.

    A grant creates the centre in the register, with status for five years
    (art. 5 ust. 2); an extension adds five years to the current term.
    """
    application = lock_application(application, actor)
    require_official_of(actor, application.voivodeship_id)
    if application.state != ApplicationState.COMPLETE:
        raise invalid_transition(_("Only a complete application can be decided."))
    if issued_on < application.received_on:
        raise ValidationError(
            {"issued_on": _("A decision cannot precede the application.")},
            code="decision_before_receipt",
        )
    voivodeship = application.voivodeship
    unit = application.unit
    valid_until = None
    if not grant:
        kind = DecisionKind.REFUSAL
        ruling = (
            f"odmawia się przyznania statusu centrum integracji społecznej "
            f"„{application.proposed_name}”."
        )
    elif application.kind == ApplicationKind.EXTENSION:
        kind = DecisionKind.EXTENSION
        assert unit is not None  # noqa: S101 - a database constraint
        locked_unit = Unit.objects.select_for_update().get(pk=unit.pk)
        current = locked_unit.status_on(issued_on)
        if current.status != CisStatus.ACTIVE or current.valid_until is None:
            raise invalid_transition(_("Only an active status can be extended."))
        valid_until = _status_term_end(current.valid_until + datetime.timedelta(days=1))
        ruling = (
            f"przedłuża się status centrum integracji społecznej „{unit.name}” "
            f"do dnia {valid_until:%d.%m.%Y} r."
        )
    else:
        kind = DecisionKind.GRANT
        unit = Unit(
            kind=UnitKind.CIS,
            name=application.proposed_name,
            founding_body=application.founding_body,
            voivodeship=voivodeship,
            address=application.proposed_address,
            municipality=application.proposed_municipality,
            places=application.proposed_places,
            opened_on=issued_on,
        )
        unit.full_clean()
        unit.save()
        application.unit = unit
        valid_until = _status_term_end(issued_on)
        ruling = (
            f"przyznaje się status centrum integracji społecznej „{unit.name}” "
            f"utworzonemu przez {application.founding_body.name} na okres "
            f"do dnia {valid_until:%d.%m.%Y} r."
        )
    decision = _create_decision(
        actor=actor,
        kind=kind,
        voivodeship=voivodeship,
        issued_on=issued_on,
        ruling=ruling,
        reasoning=reasoning,
        unit=unit,
        application=application,
        valid_until=valid_until,
    )
    application.state = ApplicationState.DECIDED
    application.save(update_fields=["state", "unit"])
    return decision


def _lock_active_centre(actor: Any, unit: Unit, day: datetime.date) -> Unit:
    locked = (
        Unit.objects.select_for_update().select_related("voivodeship").get(pk=unit.pk)
    )
    require_official_of(actor, locked.voivodeship_id)
    if locked.kind != UnitKind.CIS:
        raise invalid_transition(_("Only a CIS has a status."))
    if locked.status_on(day).status != CisStatus.ACTIVE:
        raise invalid_transition(_("The centre has no active status on that day."))
    return locked


@transaction.atomic
def status_loss_decide(
    *,
    actor: Any,
    unit: Unit,
    ground: LossGround,
    issued_on: datetime.date,
    reasoning: str,
    initiated_by: str = "",
) -> StatusDecision:
    """Decide that a centre loses its status (art. 6) on the decision's date."""
    unit = _lock_active_centre(actor, unit, issued_on)
    if ground not in LossGround.values:
        raise ValidationError(
            {"ground": _("Choose a ground of art. 6.")}, code="ground"
        )
    initiated_by = loss_initiator(ground, initiated_by)
    return _create_decision(
        actor=actor,
        kind=DecisionKind.LOSS,
        voivodeship=unit.voivodeship,
        issued_on=issued_on,
        ruling=(
            f"stwierdza się utratę statusu centrum integracji społecznej "
            f"„{unit.name}” z dniem {issued_on:%d.%m.%Y} r."
        ),
        reasoning=reasoning,
        unit=unit,
        loss_ground=ground,
        loss_initiated_by=initiated_by,
    )


# Art. 6 ust. 1: for its two grounds the case is started by the voivode or at
# the request of a subsidising self-government or the founder. The other
# grounds follow from their own facts (our reading): a request of the founder
# is the founder's; the rest are the voivode's own motion.
OPEN_INITIATORS = {LossGround.NOT_CARRYING_OUT, LossGround.IRREGULAR_FINANCES}
IMPLIED_INITIATORS = {LossGround.FOUNDER_REQUEST: LossInitiator.FOUNDER}


def loss_initiator(ground: str, initiated_by: str) -> str:
    """Who started the case: given for the grounds of art. 6 ust. 1, implied
    by the others (and then a different answer is refused)."""

    def refuse(message: str, code: str) -> ValidationError:
        return ValidationError({"initiated_by": ValidationError(message, code=code)})

    if initiated_by and initiated_by not in LossInitiator.values:
        raise refuse(_("Choose who started the case."), "initiator")
    if ground in OPEN_INITIATORS:
        if not initiated_by:
            raise refuse(
                _(
                    "Say who started the case: the voivode ex officio, or at "
                    "whose request (art. 6 ust. 1)."
                ),
                "initiator_required",
            )
        return initiated_by
    implied = IMPLIED_INITIATORS.get(ground, LossInitiator.EX_OFFICIO)
    if initiated_by and initiated_by != implied:
        raise refuse(
            _("For this ground the case is started by: %(who)s.")
            % {"who": LossInitiator(implied).label},
            "initiator_mismatch",
        )
    return implied


@transaction.atomic
def status_closure_decide(
    *, actor: Any, unit: Unit, issued_on: datetime.date, reasoning: str
) -> StatusDecision:
    """Record the closure of a centre: its status and its activity end."""
    unit = _lock_active_centre(actor, unit, issued_on)
    decision = _create_decision(
        actor=actor,
        kind=DecisionKind.CLOSURE,
        voivodeship=unit.voivodeship,
        issued_on=issued_on,
        ruling=(
            f"stwierdza się zakończenie działalności centrum integracji społecznej "
            f"„{unit.name}” z dniem {issued_on:%d.%m.%Y} r."
        ),
        reasoning=reasoning,
        unit=unit,
    )
    unit.closed_on = issued_on
    unit.full_clean()
    unit.save(update_fields=["closed_on"])
    return decision


@transaction.atomic
def decision_record_existing(
    *,
    unit: Unit,
    kind: DecisionKind,
    number: str,
    issued_on: datetime.date,
    valid_until: datetime.date | None = None,
    loss_ground: str = "",
) -> StatusDecision:
    """Record a decision issued before the centre was in this system (imports
    of existing registers, demo data). Matched on its number: recording it
    again updates it. It takes no number from the office's sequence and gets
    no PDF: the original is on paper."""
    if kind in (DecisionKind.GRANT, DecisionKind.EXTENSION) and valid_until is None:
        valid_until = _status_term_end(issued_on)
    decision = StatusDecision.objects.select_for_update().filter(number=number).first()
    if decision is None:
        decision = StatusDecision(number=number)
    decision.kind = kind
    decision.voivodeship = unit.voivodeship
    decision.unit = unit
    decision.year = issued_on.year
    decision.issued_on = issued_on
    decision.valid_until = valid_until
    decision.loss_ground = loss_ground
    decision.legal_basis = f"{DECISION_ARTICLES[kind]} {ACT_NAME}"
    decision.ruling = "—"
    decision.full_clean(exclude=["pdf", "issued_by"])
    decision.save()
    return decision
