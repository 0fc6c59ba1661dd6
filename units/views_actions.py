"""What the officials' pages share: forms that POST an `action` to the page
they are on, with a service's errors put back on the form and the page shown
again with the input kept (status 400)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _


def apply_errors(form: Form, error: ValidationError) -> None:
    """Put a service's ValidationError on the form that caused it."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


class ActionFormsMixin:
    """A DetailView whose forms each POST an `action` named in ACTIONS.

    Subclasses say who may act (`can_act`) and what each action does (`run`,
    which calls a service); a refused transition or a permission failure of
    the service never reaches the user as a 500.
    """

    ACTIONS: dict[str, type[Form]] = {}

    def can_act(self) -> bool:
        raise NotImplementedError

    def run(self, action: str, data: dict[str, Any]) -> None:
        raise NotImplementedError

    def make_form(self, action: str, data: Any = None, files: Any = None) -> Form:
        return self.ACTIONS[action](data, files, prefix=action)

    def action_forms(self, bound: tuple[str, Form] | None = None) -> dict[str, Form]:
        """`<action>_form` for the template: the bound one after an error."""
        return {
            f"{action}_form": bound[1]
            if bound and bound[0] == action
            else self.make_form(action)
            for action in self.ACTIONS
        }

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.object = self.get_object()
        action = request.POST.get("action", "")
        if action not in self.ACTIONS or not self.can_act():
            raise Http404
        form = self.make_form(action, request.POST, request.FILES)
        if form.is_valid():
            try:
                self.run(action, form.cleaned_data)
            except ValidationError as error:
                apply_errors(form, error)
            except PermissionDenied as error:
                raise Http404 from error
            else:
                return redirect(self.object)
        messages.error(request, _("The action could not be completed; see below."))
        context = self.get_context_data(bound_action=(action, form))
        return self.render_to_response(context, status=400)
