from typing import Any

import django_otp
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.auth import views as auth_views
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, resolve_url
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.generic import FormView, TemplateView

from accounts.forms import EmailAuthenticationForm, TwoFactorCodeForm
from accounts.ratelimits import PostRateLimitMixin
from accounts.selectors import membership_list_for_user
from accounts.services import two_factor_check, two_factor_disable, two_factor_enable
from accounts.two_factor import (
    confirmed_device_for_user,
    is_verified,
    new_secret_key,
    secret_key_base32,
    setup_qr_code_svg,
    two_factor_required,
    two_factor_step,
    two_factor_step_url,
    with_next,
)

# The secret shown on the set-up page, kept in the session until the first
# code confirms it (only then is a device stored).
SETUP_KEY_SESSION_KEY = "two_factor_setup_key"


def next_url_of(request: HttpRequest) -> str | None:
    """The page to go on to after a two-factor step, if it is safe."""
    url = request.POST.get(REDIRECT_FIELD_NAME) or request.GET.get(REDIRECT_FIELD_NAME)
    if url and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return None


class LoginView(PostRateLimitMixin, auth_views.LoginView):
    """The password log-in; a user who must give a second factor is then
    sent to the code (or set-up) page, which leads on to the page asked for."""

    template_name = "accounts/login.html"
    authentication_form = EmailAuthenticationForm
    redirect_authenticated_user = True
    rate_setting = "LOGIN_RATE_LIMIT"

    def get_success_url(self) -> str:
        url = super().get_success_url()
        return two_factor_step_url(self.request, next_url=url) or url


class ProfileView(LoginRequiredMixin, TemplateView):
    """The user's own account: role, scope, memberships, two-factor state."""

    template_name = "accounts/profile.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context["memberships"] = membership_list_for_user(user=user)
        context["two_factor_on"] = confirmed_device_for_user(user=user) is not None
        context["two_factor_required"] = two_factor_required(user)
        return context


class TwoFactorVerifyView(LoginRequiredMixin, FormView):
    """The code of the authenticator app, asked after the password."""

    template_name = "accounts/two_factor_verify.html"
    form_class = TwoFactorCodeForm

    def dispatch(
        self, request: HttpRequest, *args: Any, **kwargs: Any
    ) -> HttpResponseBase:
        if request.user.is_authenticated:
            if confirmed_device_for_user(user=request.user) is None:
                if two_factor_required(request.user):
                    return redirect(
                        with_next(
                            reverse("accounts:two_factor_setup"), next_url_of(request)
                        )
                    )
                return redirect(self.get_success_url())
            if is_verified(request):
                return redirect(self.get_success_url())
        return super().dispatch(request, *args, **kwargs)

    def get_success_url(self) -> str:
        return next_url_of(self.request) or resolve_url(settings.LOGIN_REDIRECT_URL)

    def form_valid(self, form: TwoFactorCodeForm) -> HttpResponse:
        try:
            device = two_factor_check(
                user=self.request.user, token=form.cleaned_data["token"]
            )
        except ValidationError as error:
            form.add_error("token", error)
            return self.form_invalid(form)
        # A new session key for the verified session.
        self.request.session.cycle_key()
        django_otp.login(self.request, device)
        return super().form_valid(form)


class TwoFactorSetupView(LoginRequiredMixin, FormView):
    """Turn two-factor authentication on: the secret as a QR code and as
    text, confirmed by a first code."""

    template_name = "accounts/two_factor_setup.html"
    form_class = TwoFactorCodeForm

    def dispatch(
        self, request: HttpRequest, *args: Any, **kwargs: Any
    ) -> HttpResponseBase:
        if (
            request.user.is_authenticated
            and confirmed_device_for_user(user=request.user) is not None
        ):
            # A second device only through an administrator: whoever knows
            # the password alone must not be able to add one.
            if two_factor_step(request) == "verify":
                return redirect(
                    with_next(
                        reverse("accounts:two_factor_verify"), next_url_of(request)
                    )
                )
            messages.info(request, _("Two-factor authentication is already on."))
            return redirect("accounts:profile")
        return super().dispatch(request, *args, **kwargs)

    def secret_key(self) -> str:
        session = self.request.session
        if not session.get(SETUP_KEY_SESSION_KEY):
            session[SETUP_KEY_SESSION_KEY] = new_secret_key()
        return session[SETUP_KEY_SESSION_KEY]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        key = self.secret_key()
        context["qr_code"] = setup_qr_code_svg(user=self.request.user, key=key)
        context["secret"] = secret_key_base32(key)
        context["required"] = two_factor_required(self.request.user)
        return context

    def get_success_url(self) -> str:
        return next_url_of(self.request) or reverse("accounts:profile")

    def form_valid(self, form: TwoFactorCodeForm) -> HttpResponse:
        try:
            device = two_factor_enable(
                user=self.request.user,
                key=self.secret_key(),
                token=form.cleaned_data["token"],
            )
        except ValidationError as error:
            form.add_error("token", error)
            return self.form_invalid(form)
        del self.request.session[SETUP_KEY_SESSION_KEY]
        self.request.session.cycle_key()
        django_otp.login(self.request, device)
        messages.success(
            self.request,
            _(
                "Two-factor authentication is on. From now on you will be asked "
                "for a code from the app after your password."
            ),
        )
        return super().form_valid(form)


class TwoFactorDisableView(LoginRequiredMixin, FormView):
    """Turn two-factor authentication off, with a current code (unit staff;
    for other roles it is required)."""

    template_name = "accounts/two_factor_disable.html"
    form_class = TwoFactorCodeForm
    success_url = reverse_lazy("accounts:profile")

    def dispatch(
        self, request: HttpRequest, *args: Any, **kwargs: Any
    ) -> HttpResponseBase:
        if request.user.is_authenticated and (
            two_factor_required(request.user)
            or confirmed_device_for_user(user=request.user) is None
        ):
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def form_valid(self, form: TwoFactorCodeForm) -> HttpResponse:
        try:
            two_factor_disable(user=self.request.user, token=form.cleaned_data["token"])
        except ValidationError as error:
            form.add_error("token", error)
            return self.form_invalid(form)
        messages.success(self.request, _("Two-factor authentication is off."))
        return super().form_valid(form)


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:password_change_done")


class PasswordResetView(PostRateLimitMixin, auth_views.PasswordResetView):
    template_name = "accounts/password_reset.html"
    email_template_name = "accounts/email/password_reset.txt"
    subject_template_name = "accounts/email/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")
    rate_setting = "PASSWORD_RESET_RATE_LIMIT"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")
