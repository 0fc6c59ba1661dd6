"""History pages: the fields that changed, who changed them and when, for the
voivodeship's officials and the unit's managers only."""

import datetime

import pytest
from django.utils import translation

from cis_kis.history import record_history
from units.services import decision_record_existing, unit_upsert

pytestmark = pytest.mark.django_db


def _rename(unit, name, places):
    return unit_upsert(
        registry_id=unit.registry_id,
        kind=unit.kind,
        name=name,
        founding_body=unit.founding_body,
        voivodeship=unit.voivodeship,
        opened_on=unit.opened_on,
        places=places,
    )


def test_each_change_lists_the_fields_with_their_old_and_new_values(unit_a):
    unit_a.places = 20
    unit_a.save()
    _rename(unit_a, "CIS Nowa Nazwa", 25)
    with translation.override("en"):
        entries = record_history(unit_a)
    latest = entries[0]
    assert latest.action == "changed"
    changes = {change.label: (change.old, change.new) for change in latest.changes}
    assert changes["name"] == ("CIS A", "CIS Nowa Nazwa")
    assert changes["number of places"] == ("20", "25")
    assert entries[-1].action == "created"


def test_the_page_shows_the_changes_to_the_official_and_the_manager(
    unit_a, official_a, manager_a, client_for
):
    _rename(unit_a, "CIS Po Zmianie", unit_a.places)
    for user in (official_a, manager_a):
        response = client_for(user).get(f"/history/unit/{unit_a.pk}/")
        assert response.status_code == 200
        assert "CIS Po Zmianie" in response.content.decode()


def test_others_are_refused(
    unit_a, staff_a, staff_b, official_other, analyst, client_for, refused
):
    for user in (None, staff_a, staff_b, official_other, analyst):
        refused(client_for(user), f"/history/unit/{unit_a.pk}/")
    refused(client_for(staff_a), "/history/participant/1/")


def test_the_manager_and_the_official_read_a_decision_of_the_unit(
    unit_a, manager_a, official_a, client_for
):
    decision = decision_record_existing(
        unit=unit_a, kind="grant", number="G/1", issued_on=datetime.date(2024, 1, 2)
    )
    assert (
        client_for(manager_a).get(f"/history/decision/{decision.pk}/").status_code
        == 200
    )
    assert (
        client_for(official_a).get(f"/history/decision/{decision.pk}/").status_code
        == 200
    )


def test_the_unit_page_links_to_the_history_only_for_those_who_may_read_it(
    unit_a, manager_a, staff_a, client_for
):
    link = f'href="/history/unit/{unit_a.pk}/"'
    assert link in client_for(manager_a).get(unit_a.get_absolute_url()).content.decode()
    assert (
        link not in client_for(staff_a).get(unit_a.get_absolute_url()).content.decode()
    )


def test_the_page_needs_a_constant_number_of_queries(
    unit_a, official_a, client_for, django_assert_max_num_queries
):
    for number in range(30):
        _rename(unit_a, f"CIS {number}", number + 1)
    client = client_for(official_a)
    with django_assert_max_num_queries(12):
        assert client.get(f"/history/unit/{unit_a.pk}/").status_code == 200


def test_list_fields_of_codes_are_shown_by_their_names():
    from participants.models import ExclusionGround  # noqa: PLC0415
    from units.tests.factories import StatusApplicationFactory  # noqa: PLC0415

    application = StatusApplicationFactory(target_groups=["homeless"])
    application.target_groups = ["homeless", "long_term_unemployed"]
    application.save()
    names = {g.code: g.name for g in ExclusionGround.objects.all()}
    with translation.override("pl"):
        [change] = record_history(application)[0].changes
    assert (change.old, change.new) == (
        names["homeless"],
        f"{names['homeless']}, {names['long_term_unemployed']}",
    )
