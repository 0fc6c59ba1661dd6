"""Deployment checks of the project (`manage.py check --deploy`): settings
that are for tests and demonstrations only must not reach production."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import Error, Tags, register


@register(Tags.security, deploy=True)
def check_demo_mode(app_configs: Any = None, **kwargs: Any) -> list[Error]:
    """DEMO_MODE lets the demo logins in without a second factor."""
    if settings.DEMO_MODE and not settings.DEBUG:
        return [
            Error(
                "DEMO_MODE is on while DEBUG is off.",
                hint=(
                    "DEMO_MODE lets the demo logins in without a second factor; "
                    "unset it in production (docs/configuration.md)."
                ),
                id="cis_kis.E001",
            )
        ]
    return []


@register(Tags.security, deploy=True)
def check_otp_enforced(app_configs: Any = None, **kwargs: Any) -> list[Error]:
    """OTP_ENFORCED off lets everyone in with the password alone."""
    if not settings.OTP_ENFORCED and not settings.DEBUG:
        return [
            Error(
                "OTP_ENFORCED is off while DEBUG is off.",
                hint=(
                    "Without it officials, analysts and administrators log in "
                    "with the password alone; it is for the test suite only "
                    "(docs/configuration.md)."
                ),
                id="cis_kis.E002",
            )
        ]
    return []
