"""Scoping, duplicate and cross-unit checks, follow-ups due, the keyed PESEL
hash, reference data and the database constraints."""

import datetime

import pytest
from django.db import IntegrityError, transaction
from django.test import override_settings

from participants.constants import ExitReason, Outcome, ParticipationState
from participants.identity import pesel_hash
from participants.models import ExclusionGround, Participation
from participants.selectors import (
    follow_ups_due,
    in_another_cis,
    participant_list_for_user,
    participation_list_for_user,
    possible_duplicates,
)
from participants.services import participation_admit, participation_exit
from participants.tests.factories import ParticipantFactory, make_pesel
from participants.tests.test_services import refer, register

pytestmark = pytest.mark.django_db
D = datetime.date


def test_grounds_of_art_1_ust_2_are_loaded_with_their_points():
    rows = {g.code: g for g in ExclusionGround.objects.all()}
    assert set(rows) == {
        "homeless",
        "alcohol_addiction",
        "drug_addiction",
        "mental_illness",
        "long_term_unemployed",
        "released_from_prison",
        "refugee",
        "disabled",
        "other_excluded",
    }
    assert rows["long_term_unemployed"].article.startswith("art. 1 ust. 2 pkt 5 ")
    assert {code for code, g in rows.items() if g.special_category} == {
        "alcohol_addiction",
        "drug_addiction",
        "mental_illness",
        "released_from_prison",
        "disabled",
    }


def test_a_ground_applies_between_its_dates():
    ground = ExclusionGround(
        code="x", valid_from=D(2022, 2, 15), valid_until=D(2030, 12, 31)
    )
    assert not ground.applies_on(D(2022, 2, 14))
    assert ground.applies_on(D(2022, 2, 15))
    assert ground.applies_on(D(2030, 12, 31))
    assert not ground.applies_on(D(2031, 1, 1))


def test_only_the_units_own_staff_see_its_participants(
    staff_a, manager_a, staff_b, official_a, analyst, admin_user, unit_a
):
    participant = register(staff_a, unit_a)
    refer(staff_a, participant)
    for user in (staff_a, manager_a):
        assert list(participant_list_for_user(user=user)) == [participant]
        assert participation_list_for_user(user=user).count() == 1
    for user in (staff_b, official_a, analyst, admin_user):
        assert not participant_list_for_user(user=user).exists()
        assert not participation_list_for_user(user=user).exists()


def test_the_pesel_hash_depends_on_the_key():
    pesel = make_pesel(D(1980, 5, 17), "F", 1)
    with override_settings(PESEL_HASH_KEY="key-one"):
        one = pesel_hash(pesel)
    with override_settings(PESEL_HASH_KEY="key-two"):
        two = pesel_hash(pesel)
    assert one != two
    assert len(one) == 64
    assert pesel_hash("") == ""


def test_possible_duplicates_by_pesel_document_or_similar_name(staff_a, unit_a):
    anna = register(staff_a, unit_a)
    refugee = register(
        staff_a,
        unit_a,
        pesel="",
        first_name="Olena",
        last_name="Szewczenko",
        birth_date=D(1991, 4, 2),
        sex="F",
        document_type="residence_card",
        document_number="RC123456",
    )
    assert possible_duplicates(
        unit=unit_a, first_name="", last_name="", birth_date=None, pesel=anna.pesel
    ) == [anna]
    assert possible_duplicates(
        unit=unit_a,
        first_name="",
        last_name="",
        birth_date=None,
        document_number="rc123456",
    ) == [refugee]
    # Without PESEL: the same date of birth and a name spelt differently.
    assert possible_duplicates(
        unit=unit_a,
        first_name="Olena",
        last_name="Szewczeńko",
        birth_date=D(1991, 4, 2),
    ) == [refugee]
    assert (
        possible_duplicates(
            unit=unit_a, first_name="Maria", last_name="Nowak", birth_date=D(1991, 4, 2)
        )
        == []
    )
    assert (
        possible_duplicates(
            unit=unit_a,
            first_name="Olena",
            last_name="Szewczenko",
            birth_date=D(1991, 4, 2),
            exclude_pk=refugee.pk,
        )
        == []
    )


def test_in_another_cis_tells_only_of_an_active_participation_elsewhere(
    staff_a, staff_b, unit_a, unit_b, unit_other
):
    pesel = make_pesel(D(1980, 5, 17), "F", 1)
    in_b = refer(staff_b, register(staff_b, unit_b))
    assert not in_another_cis(pesel=pesel, unit=unit_a)  # only referred in B
    participation_admit(actor=staff_b, participation=in_b, admitted_on=D(2025, 3, 10))
    assert in_another_cis(pesel=pesel, unit=unit_a)
    assert not in_another_cis(pesel=pesel, unit=unit_b)  # its own centre
    assert not in_another_cis(pesel="", unit=unit_a)
    participation_exit(
        actor=staff_b,
        participation=in_b,
        exited_on=D(2025, 4, 1),
        reason=ExitReason.RESIGNED,
        outcome=Outcome.NONE,
    )
    assert not in_another_cis(pesel=pesel, unit=unit_a)


def test_follow_ups_due_are_scoped_and_ordered(staff_a, staff_b, unit_a, unit_b):
    participation = refer(staff_a, register(staff_a, unit_a))
    participation_admit(
        actor=staff_a, participation=participation, admitted_on=D(2025, 3, 10)
    )
    participation_exit(
        actor=staff_a,
        participation=participation,
        exited_on=D(2025, 6, 30),
        reason=ExitReason.COMPLETED,
        outcome=Outcome.CONTINUED,
    )
    due = follow_ups_due(user=staff_a, day=D(2025, 9, 20))
    assert [(f.months_after, f.due_on) for f in due] == [(3, D(2025, 9, 30))]
    assert not follow_ups_due(user=staff_b, day=D(2025, 9, 20)).exists()
    later = follow_ups_due(user=staff_a, day=D(2026, 1, 1))
    assert [f.months_after for f in later] == [3, 6]


def test_database_refuses_two_open_participations(unit_a):
    participant = ParticipantFactory(unit=unit_a)
    Participation.objects.create(participant=participant, unit=unit_a)
    with pytest.raises(IntegrityError), transaction.atomic():
        Participation.objects.create(participant=participant, unit=unit_a)


def test_database_refuses_an_exit_before_the_admission(unit_a):
    participant = ParticipantFactory(unit=unit_a)
    with pytest.raises(IntegrityError), transaction.atomic():
        Participation.objects.create(
            participant=participant,
            unit=unit_a,
            state=ParticipationState.EXITED,
            admitted_on=D(2025, 3, 1),
            exited_on=D(2025, 2, 1),
            exit_reason=ExitReason.OTHER,
        )


def test_database_refuses_a_participant_without_any_identifier(unit_a):
    with pytest.raises(IntegrityError), transaction.atomic():
        ParticipantFactory(unit=unit_a, pesel="")
