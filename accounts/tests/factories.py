import factory
from factory.django import DjangoModelFactory

from accounts.constants import MembershipRole, Role
from accounts.models import Membership, User

TEST_PASSWORD = "correct-horse-battery-staple"


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("email",)

    email = factory.Sequence(lambda n: f"user{n}@example.org")
    # A made-up name no participant of the fixtures can share: tests look for
    # participants' names in pages that rightly show the signed-in user's.
    full_name = factory.Sequence(lambda n: f"Użytkownik Testowy {n}")
    role = Role.UNIT_STAFF
    password = factory.django.Password(TEST_PASSWORD)


class MembershipFactory(DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    unit = factory.SubFactory("units.tests.factories.UnitFactory")
    role = MembershipRole.STAFF
