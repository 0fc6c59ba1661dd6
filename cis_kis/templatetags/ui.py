"""Template helpers for the Bootstrap layout."""

from typing import Any

from django import forms, template
from django.urls import reverse
from django.utils.html import format_html_join
from django.utils.safestring import SafeString

from accounts.access import Level, scope_for

register = template.Library()

_CHOICE_LISTS = (forms.RadioSelect, forms.CheckboxSelectMultiple)


def _choice_list(field: forms.BoundField) -> SafeString:
    """Radio buttons or checkboxes as Bootstrap's stacked form-check rows."""
    css = "form-check-input" + (" is-invalid" if field.errors else "")
    return format_html_join(
        "",
        '<div class="form-check">{} <label class="form-check-label" for="{}">{}'
        "</label></div>",
        (
            (_tag(sub, css), sub.id_for_label, sub.choice_label)
            for sub in field.subwidgets
        ),
    )


def _tag(sub: forms.boundfield.BoundWidget, css: str) -> SafeString:
    sub.data["attrs"]["class"] = css
    return sub.tag(wrap_label=False)


@register.simple_tag
def field_widget(field: forms.BoundField) -> SafeString:
    """The field's widget with Bootstrap's classes (and `is-invalid` on errors)."""
    widget = field.field.widget
    if isinstance(widget, _CHOICE_LISTS):
        return _choice_list(field)
    if isinstance(widget, forms.CheckboxInput):
        css = "form-check-input"
    elif isinstance(widget, forms.Select | forms.SelectMultiple):
        css = "form-select"
    else:
        css = "form-control"
    if field.errors:
        css += " is-invalid"
    existing = widget.attrs.get("class")
    if existing:
        css = f"{existing} {css}"
    return field.as_widget(attrs={"class": css})


@register.simple_tag(takes_context=True)
def history_link(context: dict[str, Any], kind: str, record: Any) -> str:
    """The URL of `record`'s history page when the user may read it, else "".

    Decided from the scope and the record's own fields, without a query: the
    page itself checks again through its scoped queryset.
    """
    scope = scope_for(context["request"].user)
    if scope.level is Level.VOIVODESHIP:
        allowed = getattr(record, "voivodeship_id", None) == scope.voivodeship_id
    elif scope.level is Level.UNITS and kind in {"unit", "decision"}:
        unit_id = record.pk if kind == "unit" else record.unit_id
        allowed = scope.manages(unit_id)
    else:
        allowed = False
    return reverse("history", args=[kind, record.pk]) if allowed else ""
