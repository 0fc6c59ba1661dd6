"""Filters of the public register (the same for the page and its CSV); the
list's own filter is `units.filters.RegisterFilter`."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from units.filters import RegisterFilter
from units.models import Unit, Voivodeship

__all__ = ["RegisterFilter", "UwCis01Filter"]


class UwCis01Filter(django_filters.FilterSet):
    """The optional voivodeship of the UW CIS 01 export."""

    voivodeship = django_filters.ModelChoiceFilter(
        label=_("Voivodeship"), queryset=Voivodeship.objects.all()
    )

    class Meta:
        model = Unit
        fields: list[str] = []
