"""Request middleware of accounts: the second factor before any page."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import Resolver404, resolve
from django_htmx.http import HttpResponseClientRedirect

from accounts.two_factor import two_factor_step_url

# Pages a user who has not given the second factor yet may still open.
OPEN_URL_NAMES = frozenset(
    {
        "accounts:login",
        "accounts:logout",
        "accounts:two_factor_verify",
        "accounts:two_factor_setup",
        "set_language",
        "health",
    }
)


class TwoFactorMiddleware:
    """Send a logged-in user who still has to give (or set up) the second
    factor to that page, whatever they asked for. Must come after
    django_otp's OTPMiddleware."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if settings.OTP_ENFORCED and not self._is_open(request):
            next_url = request.get_full_path() if request.method == "GET" else None
            step_url = two_factor_step_url(request, next_url=next_url)
            if step_url is not None:
                if request.headers.get("HX-Request"):
                    return HttpResponseClientRedirect(step_url)
                return redirect(step_url)
        return self.get_response(request)

    @staticmethod
    def _is_open(request: HttpRequest) -> bool:
        if request.path_info.startswith(f"/{settings.STATIC_URL.lstrip('/')}"):
            return True
        try:
            match = resolve(request.path_info)
        except Resolver404:
            return False
        return match.view_name in OPEN_URL_NAMES
