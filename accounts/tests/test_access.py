import pytest
from django.contrib.auth.models import AnonymousUser

from accounts.access import Level, filter_by_scope, filter_personal_data, scope_for
from accounts.constants import MembershipRole
from accounts.services import membership_grant
from accounts.tests.factories import UserFactory
from units.models import Unit

pytestmark = pytest.mark.django_db


def test_anonymous_sees_nothing():
    assert scope_for(AnonymousUser()).level is Level.NONE


def test_unit_staff_without_membership_sees_nothing():
    assert scope_for(UserFactory()).level is Level.NONE


def test_inactive_user_sees_nothing(staff_a):
    staff_a.is_active = False
    assert scope_for(staff_a).level is Level.NONE


def test_staff_scope_is_their_units(staff_a, unit_a):
    scope = scope_for(staff_a)
    assert scope.level is Level.UNITS
    assert scope.unit_ids == {unit_a.pk}
    assert scope.managed_unit_ids == frozenset()
    assert scope.sees_personal_data


def test_manager_manages_their_unit(manager_a, unit_a):
    scope = scope_for(manager_a)
    assert scope.managed_unit_ids == {unit_a.pk}
    assert scope.manages(unit_a.pk)


def test_official_scope_is_their_voivodeship(official_a, voivodeship_a):
    scope = scope_for(official_a)
    assert scope.level is Level.VOIVODESHIP
    assert scope.voivodeship_id == voivodeship_a.pk
    assert not scope.sees_personal_data


def test_analyst_and_admin_are_national_without_personal_data(analyst, admin_user):
    assert scope_for(analyst).level is Level.NATIONAL
    assert not scope_for(analyst).sees_personal_data
    assert scope_for(admin_user).level is Level.NATIONAL
    assert scope_for(admin_user).is_admin
    assert not scope_for(admin_user).sees_personal_data


def test_scope_is_cached_per_user_object(staff_a, django_assert_num_queries):
    scope_for(staff_a)
    with django_assert_num_queries(0):
        scope_for(staff_a)


def test_membership_grant_refreshes_scope(staff_a, unit_a, unit_b):
    assert scope_for(staff_a).unit_ids == {unit_a.pk}
    membership_grant(user=staff_a, unit=unit_b, role=MembershipRole.MANAGER)
    assert scope_for(staff_a).unit_ids == {unit_a.pk, unit_b.pk}
    assert scope_for(staff_a).managed_unit_ids == {unit_b.pk}


@pytest.mark.parametrize(
    ("user_fixture", "expected"),
    [
        ("staff_a", {"CIS A"}),
        ("staff_b", {"CIS B"}),
        ("official_a", {"CIS A", "CIS B"}),
        ("official_other", {"KIS C"}),
        ("analyst", {"CIS A", "CIS B", "KIS C"}),
        ("admin_user", {"CIS A", "CIS B", "KIS C"}),
    ],
)
def test_filter_by_scope(request, user_fixture, expected, unit_a, unit_b, unit_other):
    user = request.getfixturevalue(user_fixture)
    visible = filter_by_scope(
        Unit.objects.all(), user, unit_field="pk", voivodeship_field="voivodeship"
    )
    assert {u.name for u in visible} == expected


@pytest.mark.parametrize(
    ("user_fixture", "expected"),
    [
        ("staff_a", {"CIS A"}),
        ("official_a", set()),
        ("analyst", set()),
        ("admin_user", set()),
    ],
)
def test_personal_data_only_for_own_unit(
    request, user_fixture, expected, unit_a, unit_b, unit_other
):
    user = request.getfixturevalue(user_fixture)
    visible = filter_personal_data(Unit.objects.all(), user, unit_field="pk")
    assert {u.name for u in visible} == expected
