"""Template helpers for the Bootstrap layout."""

from django import forms, template
from django.utils.html import format_html_join
from django.utils.safestring import SafeString

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
