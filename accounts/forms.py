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


class TwoFactorCodeForm(forms.Form):
    """The 6-digit code of the authenticator app."""

    token = forms.CharField(
        label=_("Code from the authenticator app"),
        help_text=_("Six digits; the app shows a new code every 30 seconds."),
        widget=forms.TextInput(
            attrs={
                "autofocus": True,
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "pattern": "[0-9 ]*",
                "maxlength": 7,
            }
        ),
    )

    def clean_token(self) -> str:
        # Apps show the code as "123 456".
        token = self.cleaned_data["token"].replace(" ", "")
        if len(token) != 6 or not token.isdigit():
            raise forms.ValidationError(
                _("Enter the 6 digits of the code."), code="invalid_format"
            )
        return token
