from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _


class EmailAuthenticationForm(AuthenticationForm):
    """The log-in form, with the e-mail address as the user name."""

    username = forms.EmailField(
        label=_("E-mail address"),
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"}),
    )

    error_messages = {
        "invalid_login": _(
            "Please enter a correct e-mail address and password. Note that the "
            "password is case-sensitive."
        ),
        "inactive": _("This account is inactive."),
    }
