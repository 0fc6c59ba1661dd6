"""Writes of accounts: users and unit memberships."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from accounts.access import forget_scope
from accounts.constants import MembershipRole, Role
from accounts.models import Membership, User


@transaction.atomic
def user_create_or_update(
    *,
    email: str,
    full_name: str,
    role: Role = Role.UNIT_STAFF,
    voivodeship: Any = None,
    password: str | None = None,
    is_superuser: bool = False,
) -> User:
    """Create the user with this e-mail, or bring an existing one up to date."""
    user = User.objects.select_for_update().filter(email__iexact=email).first()
    if user is None:
        user = User(email=email)
    user.full_name = full_name
    user.role = role
    user.voivodeship = voivodeship
    user.is_superuser = is_superuser
    user.is_staff = is_superuser
    user.is_active = True
    if password is not None:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.full_clean()
    user.save()
    forget_scope(user)
    return user


@transaction.atomic
def membership_grant(*, user: User, unit: Any, role: MembershipRole) -> Membership:
    """Make `user` staff or manager of `unit` (updating the role if a member)."""
    membership = (
        Membership.objects.select_for_update().filter(user=user, unit=unit).first()
    )
    if membership is None:
        membership = Membership(user=user, unit=unit)
    membership.role = role
    membership.full_clean()
    membership.save()
    forget_scope(user)
    return membership
