import datetime

import pytest
from django.core import mail
from django.core.management import CommandError, call_command

from accounts.constants import MembershipRole
from accounts.tests.factories import MembershipFactory
from units.services import (
    application_mark_complete,
    application_register,
    decision_record_existing,
)
from units.tests.factories import FoundingBodyFactory, UnitFactory, voivodeship

pytestmark = pytest.mark.django_db
D = datetime.date
TODAY = D(2026, 11, 23)


def complete_application(official, received_on, name):
    body = FoundingBodyFactory(voivodeship=voivodeship("14"))
    application = application_register(
        actor=official,
        voivodeship=voivodeship("14"),
        founding_body=body,
        received_on=received_on,
        proposed_name=name,
        proposed_address="ul. A 1",
        proposed_municipality="Radom",
        proposed_places=10,
    )
    application.documents.update(delivered_on=received_on, on_paper=True)
    return application_mark_complete(actor=official, application=application)


def test_officials_get_due_and_expiring_and_managers_a_reminder(
    official_a, official_other
):
    complete_application(official_a, D(2026, 10, 1), "CIS Spóźniony")  # due 2 Nov
    complete_application(official_a, D(2026, 10, 26), "CIS Pilny")  # due 26 Nov
    complete_application(official_a, D(2026, 11, 20), "CIS Spokojny")  # due 21 Dec
    expiring = UnitFactory(name="CIS Wygasający", voivodeship=voivodeship("14"))
    decision_record_existing(
        unit=expiring, kind="grant", number="G/1", issued_on=D(2022, 3, 1)
    )  # valid until 28 February 2027
    lasting = UnitFactory(name="CIS Trwały", voivodeship=voivodeship("14"))
    decision_record_existing(
        unit=lasting, kind="grant", number="G/2", issued_on=D(2025, 1, 2)
    )
    manager = MembershipFactory(
        unit=expiring, role=MembershipRole.MANAGER, user__email="kierownik@example.org"
    ).user
    MembershipFactory(unit=expiring, role=MembershipRole.STAFF)

    call_command("send_status_digest", "--date", TODAY.isoformat())

    assert sorted(m.to[0] for m in mail.outbox) == [
        "kierownik@example.org",
        official_a.email,
    ]
    digest = next(m for m in mail.outbox if m.to == [official_a.email])
    assert (
        digest.subject == "cis-kis: terminy w sprawach statusu CIS na dzień 23.11.2026"
    )
    assert "CIS Spóźniony" in digest.body
    assert "termin decyzji 02.11.2026 — po terminie" in digest.body
    assert "CIS Pilny" in digest.body
    assert "CIS Spokojny" not in digest.body
    assert "CIS Wygasający: status ważny do 28.02.2027" in digest.body
    assert "CIS Trwały" not in digest.body
    reminder = next(m for m in mail.outbox if m.to == [manager.email])
    assert "28.02.2027" in reminder.body
    assert "przedłużenie" in reminder.body


def test_nothing_to_report_sends_nothing(official_a):
    call_command("send_status_digest", "--date", TODAY.isoformat())
    assert mail.outbox == []


def test_bad_date_is_a_clear_error():
    with pytest.raises(CommandError, match="--date must be a date as YYYY-MM-DD"):
        call_command("send_status_digest", "--date", "23.11.2026")


def test_digest_reports_on_the_given_day_not_today(official_a):
    complete_application(official_a, D(2026, 11, 20), "CIS Spokojny")  # due 21 Dec
    call_command("send_status_digest", "--date", "2026-12-15")
    assert [m.to for m in mail.outbox] == [[official_a.email]]
    assert "CIS Spokojny" in mail.outbox[0].body
    mail.outbox.clear()
    call_command("send_status_digest", "--date", "2026-12-01")
    assert mail.outbox == []
