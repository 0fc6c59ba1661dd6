"""Two officials acting on one application at the same moment: one wins, the
other is told, nothing is written twice. Needs real row locks: PostgreSQL."""

import datetime

import pytest

from cis_kis.tests.concurrency import ROW_LOCK_MARKS, run_at_once
from units.constants import LossGround
from units.models import StatusDecision
from units.services import (
    application_mark_complete,
    application_register,
    decision_issue_on_application,
    status_loss_decide,
)
from units.tests.factories import FoundingBodyFactory, voivodeship

pytestmark = ROW_LOCK_MARKS
D = datetime.date


@pytest.fixture
def complete_application(official_a):
    body = FoundingBodyFactory(voivodeship=voivodeship("14"))
    application = application_register(
        actor=official_a,
        voivodeship=voivodeship("14"),
        founding_body=body,
        received_on=D(2026, 3, 2),
        proposed_name="CIS Równoległy",
        proposed_address="ul. Wąska 1",
        proposed_municipality="Radom",
        proposed_places=20,
    )
    application.documents.update(delivered_on=D(2026, 3, 2), on_paper=True)
    return application_mark_complete(actor=official_a, application=application)


def test_two_decisions_on_one_application_one_wins(official_a, complete_application):
    second_official = type(official_a).objects.get(pk=official_a.pk)

    def decide(actor, grant):
        return lambda: decision_issue_on_application(
            actor=actor,
            application=complete_application,
            grant=grant,
            issued_on=D(2026, 3, 10),
            reasoning="-",
        )

    results, errors = run_at_once(
        decide(official_a, True), decide(second_official, False)
    )
    assert len(results) == 1
    assert len(errors) == 1
    assert errors[0].code == "invalid_transition"
    assert StatusDecision.objects.count() == 1


def test_decisions_issued_at_once_get_consecutive_numbers(official_a):
    body = FoundingBodyFactory(voivodeship=voivodeship("14"))
    applications = []
    for n in range(4):
        application = application_register(
            actor=official_a,
            voivodeship=voivodeship("14"),
            founding_body=body,
            received_on=D(2026, 3, 2),
            proposed_name=f"CIS {n}",
            proposed_address="ul. A 1",
            proposed_municipality="Radom",
            proposed_places=20,
        )
        application.documents.update(delivered_on=D(2026, 3, 2), on_paper=True)
        applications.append(
            application_mark_complete(actor=official_a, application=application)
        )

    def decide(application):
        return lambda: decision_issue_on_application(
            actor=official_a,
            application=application,
            grant=True,
            issued_on=D(2026, 3, 10),
        )

    results, errors = run_at_once(*(decide(a) for a in applications))
    assert errors == []
    assert sorted(d.sequence for d in results) == [1, 2, 3, 4]
    assert sorted(StatusDecision.objects.values_list("number", flat=True)) == [
        f"CIS-14.{n}.2026" for n in (1, 2, 3, 4)
    ]


def test_two_losses_of_one_status_one_wins(official_a, complete_application):
    grant = decision_issue_on_application(
        actor=official_a,
        application=complete_application,
        grant=True,
        issued_on=D(2026, 3, 10),
    )

    def lose():
        return status_loss_decide(
            actor=official_a,
            unit=grant.unit,
            ground=LossGround.FOUNDER_REQUEST,
            issued_on=D(2026, 9, 1),
            reasoning="-",
        )

    results, errors = run_at_once(lose, lose)
    assert (len(results), len(errors)) == (1, 1)
    assert StatusDecision.objects.filter(kind="loss").count() == 1
