import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from units.constants import (
    ApplicationKind,
    ApplicationState,
    CisStatus,
    DecisionKind,
    DocumentKind,
    FounderType,
    LossGround,
    LossInitiator,
)
from units.models import StatusDecision
from units.services import (
    application_mark_complete,
    application_record_document,
    application_register,
    application_request_supplement,
    application_supplement_received,
    decision_issue_on_application,
    status_closure_decide,
    status_loss_decide,
)
from units.tests.factories import FoundingBodyFactory, voivodeship

pytestmark = pytest.mark.django_db
D = datetime.date
MARCH_2 = D(2026, 3, 2)
MARCH_20 = D(2026, 3, 20)


def register(actor, founder_type=FounderType.NGO, **kwargs):
    body = FoundingBodyFactory(founder_type=founder_type, voivodeship=voivodeship("14"))
    defaults = {
        "voivodeship": voivodeship("14"),
        "founding_body": body,
        "received_on": D(2026, 3, 2),
        "proposed_name": "CIS „Nadzieja”",
        "proposed_address": "ul. Długa 1, Radom",
        "proposed_municipality": "Radom",
        "proposed_places": 40,
    }
    return application_register(actor=actor, **{**defaults, **kwargs})


def deliver_all(application, day=MARCH_2):
    application.documents.update(delivered_on=day, on_paper=True)


def granted(actor, issued_on=MARCH_20):
    application = register(actor, received_on=issued_on - datetime.timedelta(days=10))
    deliver_all(application, application.received_on)
    application_mark_complete(actor=actor, application=application)
    return decision_issue_on_application(
        actor=actor, application=application, grant=True, issued_on=issued_on
    )


@pytest.mark.parametrize(
    ("founder_type", "expected"),
    [
        (
            FounderType.NGO,
            [
                "statute",
                "draft_rules",
                "starosta_opinion",
                "premises_title",
                "programme_financing",
            ],
        ),
        (
            FounderType.GMINA,
            [
                "establishing_act",
                "draft_rules",
                "starosta_opinion",
                "premises_title",
                "programme_financing",
            ],
        ),
        # A powiat applying for itself needs no opinion of its own starosta (art. 4).
        (
            FounderType.POWIAT,
            [
                "establishing_act",
                "draft_rules",
                "premises_title",
                "programme_financing",
            ],
        ),
    ],
)
def test_register_creates_the_art_4_checklist(official_a, founder_type, expected):
    application = register(official_a, founder_type=founder_type)
    assert application.state == ApplicationState.RECEIVED
    assert application.handled_by == official_a
    assert list(application.documents.values_list("kind", flat=True)) == expected


def test_only_officials_of_the_voivodeship_register(official_other, staff_a, analyst):
    for actor in (official_other, staff_a, analyst):
        with pytest.raises(PermissionDenied):
            register(actor)


def test_complete_application_gets_a_one_month_deadline(official_a):
    application = register(official_a, received_on=D(2026, 3, 2))
    deliver_all(application)
    application = application_mark_complete(actor=official_a, application=application)
    assert application.state == ApplicationState.COMPLETE
    assert application.complete_on == D(2026, 3, 2)
    assert application.decision_due_on == D(2026, 4, 2)


def test_cannot_confirm_complete_with_missing_documents(official_a):
    application = register(official_a)
    with pytest.raises(ValidationError) as exc:
        application_mark_complete(actor=official_a, application=application)
    assert exc.value.code == "documents_missing"
    assert "statut podmiotu tworzącego lub równoważny dokument" in exc.value.messages[0]


def test_supplement_suspends_then_restarts_the_deadline(official_a):
    application = register(official_a, received_on=D(2026, 9, 1))
    request = application_request_supplement(
        actor=official_a,
        application=application,
        requested_on=D(2026, 9, 3),
        respond_by=D(2026, 9, 17),
        missing=[DocumentKind.STAROSTA_OPINION],
    )
    application.refresh_from_db()
    assert application.state == ApplicationState.INCOMPLETE
    assert application.decision_due_on is None  # suspended
    application.documents.exclude(kind=DocumentKind.STAROSTA_OPINION).update(
        delivered_on=D(2026, 9, 1), on_paper=True
    )
    application = application_supplement_received(
        actor=official_a, application=application, received_on=D(2026, 10, 1)
    )
    request.refresh_from_db()
    assert request.fulfilled_on == D(2026, 10, 1)
    assert application.documents.get(kind="starosta_opinion").delivered_on == D(
        2026, 10, 1
    )
    assert application.state == ApplicationState.COMPLETE
    # 1 October + one month = Sunday 1 November, All Saints: Monday 2 November.
    assert application.decision_due_on == D(2026, 11, 2)


def test_supplement_refused_when_deciding_or_empty(official_a):
    application = register(official_a)
    with pytest.raises(ValidationError) as exc:
        application_request_supplement(
            actor=official_a,
            application=application,
            requested_on=D(2026, 3, 3),
            respond_by=D(2026, 3, 10),
            missing=[],
        )
    assert exc.value.message_dict == {
        "missing": ["Wskaż co najmniej jeden brakujący dokument."]
    }
    with pytest.raises(ValidationError) as exc:
        application_supplement_received(
            actor=official_a, application=application, received_on=D(2026, 3, 5)
        )
    assert exc.value.code == "invalid_transition"


def test_documents_cannot_arrive_or_complete_in_the_future(official_a):
    # 9999-12-31 used to run the decision deadline past year 9999 (a 500).
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    waiting = register(official_a)
    application_request_supplement(
        actor=official_a,
        application=waiting,
        requested_on=D(2026, 3, 3),
        respond_by=D(2026, 3, 10),
        missing=[DocumentKind.STATUTE],
    )
    received = register(official_a)
    deliver_all(received)
    for day in (tomorrow, D(9999, 12, 31)):
        with pytest.raises(ValidationError) as exc:
            application_supplement_received(
                actor=official_a, application=waiting, received_on=day
            )
        assert exc.value.message_dict == {
            "received_on": ["Data nie może być z przyszłości."]
        }
        with pytest.raises(ValidationError) as exc:
            application_mark_complete(
                actor=official_a, application=received, complete_on=day
            )
        assert exc.value.message_dict == {
            "complete_on": ["Data nie może być z przyszłości."]
        }
    waiting.refresh_from_db()
    received.refresh_from_db()
    assert (waiting.state, received.state) == (
        ApplicationState.INCOMPLETE,
        ApplicationState.RECEIVED,
    )


def test_grant_creates_the_centre_with_five_years_of_status(official_a):
    decision = granted(official_a, issued_on=D(2026, 3, 20))
    assert decision.kind == DecisionKind.GRANT
    assert decision.number == "CIS-14.1.2026"
    assert decision.valid_until == D(2031, 3, 19)
    unit = decision.unit
    assert (unit.kind, unit.name, unit.places) == ("CIS", "CIS „Nadzieja”", 40)
    assert unit.opened_on == D(2026, 3, 20)
    assert unit.status_on(D(2031, 3, 19)).status == CisStatus.ACTIVE
    assert unit.status_on(D(2031, 3, 20)).status == CisStatus.EXPIRED
    assert "art. 5 ust. 1 i 2 ustawy z dnia 13 czerwca 2003 r." in decision.legal_basis
    assert "Dz. U. z 2025 r. poz. 83" in decision.legal_basis
    decision.application.refresh_from_db()
    assert decision.application.state == ApplicationState.DECIDED
    assert decision.application.unit == unit


def test_decisions_are_numbered_in_sequence_per_year(official_a):
    first = granted(official_a, issued_on=D(2026, 3, 20))
    second = granted(official_a, issued_on=D(2026, 4, 1))
    third = granted(official_a, issued_on=D(2027, 1, 5))
    assert [first.number, second.number, third.number] == [
        "CIS-14.1.2026",
        "CIS-14.2.2026",
        "CIS-14.1.2027",
    ]


def test_decided_application_cannot_be_decided_again(official_a):
    decision = granted(official_a)
    with pytest.raises(ValidationError) as exc:
        decision_issue_on_application(
            actor=official_a,
            application=decision.application,
            grant=False,
            issued_on=D(2026, 3, 21),
        )
    assert exc.value.code == "invalid_transition"
    assert StatusDecision.objects.count() == 1


def test_refusal_creates_no_centre(official_a):
    application = register(official_a)
    deliver_all(application)
    application_mark_complete(actor=official_a, application=application)
    decision = decision_issue_on_application(
        actor=official_a,
        application=application,
        grant=False,
        issued_on=D(2026, 3, 25),
        reasoning="Brak wymaganych zasobów.",
    )
    assert decision.kind == DecisionKind.REFUSAL
    assert decision.unit is None
    assert "odmawia się przyznania statusu" in decision.ruling


def test_extension_adds_five_years_to_the_term(official_a):
    grant = granted(official_a, issued_on=D(2026, 3, 20))
    application = register(
        official_a,
        kind=ApplicationKind.EXTENSION,
        unit=grant.unit,
        founding_body=grant.unit.founding_body,
        received_on=D(2030, 10, 1),
    )
    deliver_all(application, D(2030, 10, 1))
    application_mark_complete(actor=official_a, application=application)
    extension = decision_issue_on_application(
        actor=official_a, application=application, grant=True, issued_on=D(2030, 11, 4)
    )
    assert extension.kind == DecisionKind.EXTENSION
    assert extension.valid_until == D(2036, 3, 19)
    assert grant.unit.status_on(D(2036, 3, 19)).status == CisStatus.ACTIVE


def test_extension_of_an_expired_status_is_refused(official_a):
    grant = granted(official_a, issued_on=D(2020, 3, 20))
    application = register(
        official_a,
        kind=ApplicationKind.EXTENSION,
        unit=grant.unit,
        founding_body=grant.unit.founding_body,
        received_on=D(2026, 3, 2),
    )
    deliver_all(application)
    application_mark_complete(actor=official_a, application=application)
    with pytest.raises(ValidationError) as exc:
        decision_issue_on_application(
            actor=official_a,
            application=application,
            grant=True,
            issued_on=D(2026, 3, 5),
        )
    assert exc.value.code == "invalid_transition"


def test_extension_needs_the_founders_centre(official_a, unit_a):
    with pytest.raises(ValidationError) as exc:
        register(official_a, kind=ApplicationKind.EXTENSION, unit=unit_a)
    assert exc.value.message_dict == {
        "unit": ["Centrum należy do innego podmiotu tworzącego."]
    }


def test_loss_of_status_ends_it_on_the_decision_date(official_a):
    grant = granted(official_a, issued_on=D(2026, 3, 20))
    loss = status_loss_decide(
        actor=official_a,
        unit=grant.unit,
        ground=LossGround.FOUNDER_REQUEST,
        issued_on=D(2026, 9, 1),
        reasoning="Wniosek podmiotu tworzącego.",
    )
    assert loss.number == "CIS-14.2.2026"
    assert loss.loss_initiated_by == LossInitiator.FOUNDER  # implied by the ground
    assert grant.unit.status_on(D(2026, 8, 31)).status == CisStatus.ACTIVE
    assert grant.unit.status_on(D(2026, 9, 1)).status == CisStatus.LOST
    with pytest.raises(ValidationError) as exc:
        status_loss_decide(
            actor=official_a,
            unit=grant.unit,
            ground=LossGround.FOUNDER_REQUEST,
            issued_on=D(2026, 9, 2),
            reasoning="",
        )
    assert exc.value.code == "invalid_transition"


def test_who_started_a_loss_case(official_a):
    """Art. 6 ust. 1: for its grounds the initiator is required; a founder's
    request is the founder's, the other grounds the voivode's own motion."""
    grant = granted(official_a, issued_on=D(2026, 3, 20))
    base = {
        "actor": official_a,
        "unit": grant.unit,
        "issued_on": D(2026, 9, 1),
        "reasoning": "-",
    }
    with pytest.raises(ValidationError) as exc:
        status_loss_decide(ground=LossGround.NOT_CARRYING_OUT, **base)
    assert exc.value.error_dict["initiated_by"][0].code == "initiator_required"
    with pytest.raises(ValidationError) as exc:
        status_loss_decide(
            ground=LossGround.FOUNDER_REQUEST, initiated_by="marshal", **base
        )
    assert exc.value.error_dict["initiated_by"][0].code == "initiator_mismatch"
    with pytest.raises(ValidationError) as exc:
        status_loss_decide(
            ground=LossGround.NOT_CARRYING_OUT, initiated_by="minister", **base
        )
    assert exc.value.error_dict["initiated_by"][0].code == "initiator"
    loss = status_loss_decide(
        ground=LossGround.NOT_CARRYING_OUT,
        initiated_by=LossInitiator.MUNICIPALITY,
        **base,
    )
    assert loss.loss_initiated_by == LossInitiator.MUNICIPALITY


def test_closure_closes_the_centre(official_a):
    grant = granted(official_a, issued_on=D(2026, 3, 20))
    status_closure_decide(
        actor=official_a, unit=grant.unit, issued_on=D(2026, 12, 31), reasoning="-"
    )
    grant.unit.refresh_from_db()
    assert grant.unit.closed_on == D(2026, 12, 31)
    assert grant.unit.status_on(D(2027, 1, 1)).status == CisStatus.CLOSED


def test_official_of_another_voivodeship_cannot_decide(official_a, official_other):
    grant = granted(official_a)
    with pytest.raises(PermissionDenied):
        status_loss_decide(
            actor=official_other,
            unit=grant.unit,
            ground=LossGround.FOUNDER_REQUEST,
            issued_on=D(2026, 9, 1),
            reasoning="",
        )


def test_document_needs_scan_or_paper(official_a):
    application = register(official_a)
    with pytest.raises(ValidationError) as exc:
        application_record_document(
            actor=official_a,
            application=application,
            kind=DocumentKind.STATUTE,
            delivered_on=D(2026, 3, 2),
        )
    assert list(exc.value.message_dict) == ["file"]
    document = application_record_document(
        actor=official_a,
        application=application,
        kind=DocumentKind.STATUTE,
        delivered_on=D(2026, 3, 2),
        on_paper=True,
    )
    assert document.delivered


def test_history_names_the_official(official_a):
    application = register(official_a)
    deliver_all(application)
    application_mark_complete(actor=official_a, application=application)
    users = [h.history_user for h in application.history.order_by("history_date")]
    assert users == [official_a, official_a]
