"""The administration site shows participants' records read-only and writes
every record an administrator opens to the access log."""

import datetime

import pytest

from participants.constants import AccessAction
from participants.constants_provisions import ProvisionKind
from participants.models import AccessLog, Provision
from participants.services import participation_admit, provision_record
from participants.tests.test_services import refer, register

pytestmark = pytest.mark.django_db


def test_opening_a_record_in_the_admin_is_logged(
    client_for, admin_user, staff_a, unit_a
):
    participation = refer(staff_a, register(staff_a, unit_a))
    client = client_for(admin_user)
    participant = participation.participant
    assert (
        client.get(f"/admin/participants/participant/{participant.pk}/change/")
    ).status_code == 200
    assert (
        client.get(f"/admin/participants/participation/{participation.pk}/change/")
    ).status_code == 200
    rows = list(
        AccessLog.objects.order_by("pk").values_list(
            "user_email", "participant", "action", "what"
        )
    )
    assert (
        rows
        == [
            (
                "admin@example.org",
                participant.pk,
                AccessAction.VIEW,
                "administration site",
            ),
        ]
        * 2
    )


def test_records_cannot_be_changed_or_deleted_in_the_admin(
    client_for, admin_user, staff_a, unit_a
):
    participant = register(staff_a, unit_a)
    client = client_for(admin_user)
    url = f"/admin/participants/participant/{participant.pk}/change/"
    response = client.post(url, {"first_name": "Zmieniona"})
    assert response.status_code == 403
    participant.refresh_from_db()
    assert participant.first_name == "Anna"
    delete = f"/admin/participants/participant/{participant.pk}/delete/"
    assert client.post(delete, {"post": "yes"}).status_code == 403
    assert client.get("/admin/participants/participant/add/").status_code == 403


def test_provisions_are_read_only_in_the_admin_and_opening_one_is_logged(
    client_for, admin_user, staff_a, unit_a
):
    participation = participation_admit(
        actor=staff_a,
        participation=refer(staff_a, register(staff_a, unit_a)),
        admitted_on=datetime.date(2025, 3, 10),
    )
    provision = provision_record(
        actor=staff_a,
        participation=participation,
        kind=ProvisionKind.OHS_TRAINING,
        provided_on=datetime.date(2025, 3, 10),
    )
    client = client_for(admin_user)
    assert client.get("/admin/participants/provision/").status_code == 200
    change = f"/admin/participants/provision/{provision.pk}/change/"
    assert client.get(change).status_code == 200
    assert client.post(change, {"note": "zmiana"}).status_code == 403
    delete = f"/admin/participants/provision/{provision.pk}/delete/"
    assert client.post(delete, {"post": "yes"}).status_code == 403
    assert client.get("/admin/participants/provision/add/").status_code == 403
    assert Provision.objects.get().note == ""
    assert list(
        AccessLog.objects.order_by("pk").values_list("participant", "what")
    ) == [
        (None, "administration site, list"),
        (participation.participant_id, "administration site"),
    ]
