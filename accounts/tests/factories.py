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
    full_name = factory.Faker("name", locale="pl_PL")
    role = Role.UNIT_STAFF
    password = factory.django.Password(TEST_PASSWORD)


class MembershipFactory(DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    unit = factory.SubFactory("units.tests.factories.UnitFactory")
    role = MembershipRole.STAFF
