import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from accounts.constants import MembershipRole, Role
from accounts.models import Membership, User
from accounts.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_create_user_normalises_email_and_hashes_password():
    user = User.objects.create_user(
        "Jan.Kowalski@Example.ORG", "s3cret-pass", full_name="Jan"
    )
    assert user.email == "jan.kowalski@example.org"
    assert user.check_password("s3cret-pass")
    assert not user.is_staff
    assert user.role == Role.UNIT_STAFF


def test_create_superuser_sets_flags():
    user = User.objects.create_superuser(
        "root@example.org", "pass-pass-1", full_name="R"
    )
    assert user.is_superuser
    assert user.is_staff


def test_login_lookup_is_case_insensitive():
    user = UserFactory(email="ala@example.org")
    assert User.objects.get_by_natural_key("ALA@example.org") == user


def test_email_unique_regardless_of_case():
    UserFactory(email="ala@example.org")
    with pytest.raises(IntegrityError):
        User.objects.create(email="ALA@example.org", full_name="x")


def test_official_without_voivodeship_is_refused_by_clean():
    user = User(email="o@example.org", full_name="O", role=Role.VOIVODESHIP_OFFICIAL)
    with pytest.raises(ValidationError) as exc:
        user.full_clean(exclude=["password"])
    assert exc.value.message_dict["voivodeship"] == [
        "Urzędnik wojewódzki musi mieć przypisane województwo."
    ]


def test_official_without_voivodeship_is_refused_by_database():
    with pytest.raises(IntegrityError):
        User.objects.create(
            email="o@example.org", full_name="O", role=Role.VOIVODESHIP_OFFICIAL
        )


def test_analyst_with_voivodeship_is_refused(voivodeship_a):
    user = User(
        email="a@example.org",
        full_name="A",
        role=Role.MINISTRY_ANALYST,
        voivodeship=voivodeship_a,
    )
    with pytest.raises(ValidationError) as exc:
        user.full_clean(exclude=["password"])
    assert exc.value.message_dict["voivodeship"] == [
        "Województwo przypisuje się tylko urzędnikom wojewódzkim."
    ]


def test_membership_only_for_unit_staff(official_a, unit_a):
    membership = Membership(user=official_a, unit=unit_a, role=MembershipRole.STAFF)
    with pytest.raises(ValidationError) as exc:
        membership.full_clean()
    assert exc.value.message_dict["user"] == [
        "Do jednostki mogą należeć tylko konta pracowników jednostek."
    ]


def test_membership_unique_per_user_and_unit(staff_a, unit_a):
    with pytest.raises(IntegrityError):
        Membership.objects.create(user=staff_a, unit=unit_a)


def test_user_changes_are_recorded_in_history(voivodeship_a):
    user = UserFactory(email="h@example.org")
    user.role = Role.VOIVODESHIP_OFFICIAL
    user.voivodeship = voivodeship_a
    user.save()
    assert [h.role for h in user.history.order_by("history_date")] == [
        Role.UNIT_STAFF,
        Role.VOIVODESHIP_OFFICIAL,
    ]
