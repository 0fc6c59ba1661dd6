"""Who must give a second factor (TOTP), and where a user who still has to
give it is sent. The writes (enabling, disabling, checking a code) are in
accounts/services.py."""

from __future__ import annotations

from base64 import b32encode
from binascii import unhexlify
from typing import TYPE_CHECKING, Any

import qrcode
from django.conf import settings
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.http import HttpRequest
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.safestring import SafeString, mark_safe
from django_otp.plugins.otp_totp.models import TOTPDevice, default_key
from qrcode.image.svg import SvgPathFillImage

from accounts.constants import Role

if TYPE_CHECKING:
    from accounts.models import User

# The logins of `load_demo` (cis_kis/demo.py); exempt only in DEMO_MODE.
DEMO_EMAIL_SUFFIX = "@demo.example.org"

ROLES_REQUIRING_TWO_FACTOR = frozenset(
    {Role.VOIVODESHIP_OFFICIAL, Role.MINISTRY_ANALYST}
)


def two_factor_required(user: User | Any) -> bool:
    """Officials, analysts and administrators must use a second factor; for
    unit staff it is optional."""
    return bool(user.is_superuser) or user.role in ROLES_REQUIRING_TWO_FACTOR


def is_demo_exempt(user: User | Any) -> bool:
    """A demo login while DEMO_MODE is on needs no second factor."""
    return settings.DEMO_MODE and user.email.lower().endswith(DEMO_EMAIL_SUFFIX)


def confirmed_device_for_user(*, user: User | Any) -> TOTPDevice | None:
    """The user's TOTP device, once confirmed with a first code."""
    return (
        TOTPDevice.objects.devices_for_user(user, confirmed=True).order_by("pk").first()
    )


def is_verified(request: HttpRequest) -> bool:
    """Whether this session has given the second factor.

    Right after `auth.login` the request's user is not the OTP middleware's
    wrapper any more and has no `is_verified`: not verified yet.
    """
    check = getattr(request.user, "is_verified", None)
    return bool(check is not None and check())


def two_factor_step(request: HttpRequest) -> str | None:
    """What the logged-in user must still do before any other page:
    ``"verify"`` (enter a code), ``"setup"`` (set up a device), or None."""
    user = request.user
    if not settings.OTP_ENFORCED or not user.is_authenticated:
        return None
    if is_verified(request) or is_demo_exempt(user):
        return None
    if confirmed_device_for_user(user=user) is not None:
        return "verify"
    if two_factor_required(user):
        return "setup"
    return None


STEP_URL_NAMES = {
    "verify": "accounts:two_factor_verify",
    "setup": "accounts:two_factor_setup",
}


def with_next(url: str, next_url: str | None) -> str:
    """`url` with ``?next=…`` when there is somewhere to go back to."""
    if not next_url:
        return url
    return f"{url}?{urlencode({REDIRECT_FIELD_NAME: next_url})}"


def two_factor_step_url(
    request: HttpRequest, *, next_url: str | None = None
) -> str | None:
    """The page of the step the user must still take, or None."""
    step = two_factor_step(request)
    if step is None:
        return None
    return with_next(reverse(STEP_URL_NAMES[step]), next_url)


def new_secret_key() -> str:
    """A new random TOTP secret, hex-encoded (as TOTPDevice stores it)."""
    return default_key()


def secret_key_base32(key: str) -> str:
    """The secret as an authenticator app asks for it, in groups of four."""
    text = b32encode(unhexlify(key)).decode()
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


def setup_qr_code_svg(*, user: User | Any, key: str) -> SafeString:
    """The otpauth:// address of the secret as a QR code, an inline SVG made
    on the server (no image request, no script)."""
    address = TOTPDevice(user=user, key=key).config_url
    image = qrcode.make(address, image_factory=SvgPathFillImage)
    # The SVG is qrcode's own markup of paths; no user text goes in unescaped.
    return mark_safe(image.to_string(encoding="unicode"))  # noqa: S308
