"""Template helpers for the Bootstrap layout."""

from django import forms, template
from django.utils.safestring import SafeString

register = template.Library()

_CHECK_WIDGETS = (forms.CheckboxInput, forms.RadioSelect, forms.CheckboxSelectMultiple)


@register.simple_tag
def field_widget(field: forms.BoundField) -> SafeString:
    """The field's widget with Bootstrap's classes (and `is-invalid` on errors)."""
    widget = field.field.widget
    if isinstance(widget, _CHECK_WIDGETS):
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
