"""The administration site: administrators reach it only after the second
factor, and log in through the application's own log-in page."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

from accounts.two_factor import two_factor_step_url, with_next


class TwoFactorAdminSite(admin.AdminSite):
    def has_permission(self, request: HttpRequest) -> bool:
        return super().has_permission(request) and two_factor_step_url(request) is None

    def login(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        next_url = request.GET.get(REDIRECT_FIELD_NAME, "")
        if not url_has_allowed_host_and_scheme(
            next_url, allowed_hosts={request.get_host()}
        ):
            next_url = reverse("admin:index")
        if not request.user.is_authenticated:
            # The application's log-in page, which asks for the second factor.
            return redirect(with_next(reverse("accounts:login"), next_url))
        step_url = two_factor_step_url(request, next_url=next_url)
        if step_url is not None:
            return redirect(step_url)
        return super().login(request, extra_context)
