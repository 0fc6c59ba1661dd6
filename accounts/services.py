"""Writes of accounts: users, unit memberships and two-factor devices."""

from __future__ import annotations

import math
import time
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.access import forget_scope
from accounts.constants import MembershipRole, Role
from accounts.models import Membership, User
from accounts.two_factor import confirmed_device_for_user, two_factor_required

WRONG_CODE = _("The code is wrong or has expired. Enter the current code.")


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


@transaction.atomic
def two_factor_enable(*, user: User, key: str, token: str) -> TOTPDevice:
    """Turn two-factor authentication on with a TOTP device of secret `key`,
    confirmed by the code the user's app shows for it."""
    # One device per user, even when the set-up page is sent twice at once.
    User.objects.select_for_update().filter(pk=user.pk).first()
    if confirmed_device_for_user(user=user) is not None:
        raise ValidationError(
            _("Two-factor authentication is already on."),
            code="two_factor_already_on",
        )
    device = TOTPDevice(user=user, name="authenticator", key=key, confirmed=True)
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time()
    if not token.isdigit() or not totp.verify(int(token), device.tolerance):
        raise ValidationError(WRONG_CODE, code="invalid_code")
    # The first code cannot be used again to log in.
    device.last_t = totp.t()
    device.drift = totp.drift
    device.full_clean()
    device.save()
    return device


def two_factor_check(*, user: User, token: str) -> TOTPDevice:
    """The user's device, if `token` is its current code. Each wrong code
    makes the device wait longer before it accepts the next one."""
    with transaction.atomic():
        device = (
            TOTPDevice.objects.select_for_update()
            .filter(user=user, confirmed=True)
            .order_by("pk")
            .first()
        )
        if device is None:
            raise ValidationError(
                _("Two-factor authentication is not on."), code="two_factor_off"
            )
        allowed, data = device.verify_is_allowed()
        # The failed try is counted by verify_token: it must be committed, so
        # the error is raised after the transaction.
        verified = allowed and device.verify_token(token)
    if verified:
        return device
    if not allowed:
        seconds = max(
            1, math.ceil((data["locked_until"] - timezone.now()).total_seconds())
        )
        raise ValidationError(
            ngettext(
                "Too many wrong codes. Wait %(seconds)d second and try again.",
                "Too many wrong codes. Wait %(seconds)d seconds and try again.",
                seconds,
            ),
            params={"seconds": seconds},
            code="throttled",
        )
    raise ValidationError(WRONG_CODE, code="invalid_code")


def two_factor_disable(*, user: User, token: str) -> None:
    """Turn two-factor authentication off, with a current code; only for the
    roles for which it is optional (unit staff)."""
    if two_factor_required(user):
        raise PermissionDenied
    two_factor_check(user=user, token=token)
    TOTPDevice.objects.filter(user=user).delete()
