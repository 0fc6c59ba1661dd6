"""The target groups an application for CIS status names (art. 4 ust. 2 of the
Act): the groups of participants of art. 1 ust. 2, that is the grounds of
social exclusion the participants app keeps as dated reference data (codes
such as `homeless` or `long_term_unemployed`).

The units app sits below participants (DESIGN section 2), so it does not
import that model: it looks the table up through the app registry, and keeps
only the codes on the application.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _


def _grounds() -> QuerySet[Any]:
    model = apps.get_model("participants", "ExclusionGround")
    return model._default_manager.order_by("order", "code")


def _applying_on(day: datetime.date) -> Q:
    return (Q(valid_from__isnull=True) | Q(valid_from__lte=day)) & (
        Q(valid_until__isnull=True) | Q(valid_until__gte=day)
    )


def target_group_choices(day: datetime.date) -> list[tuple[str, str]]:
    """(code, name) of the groups of art. 1 ust. 2 that apply on `day`."""
    return [
        (ground.code, ground.name) for ground in _grounds().filter(_applying_on(day))
    ]


def target_group_names(codes: Iterable[str]) -> list[str]:
    """The names of the groups with these codes, in the Act's order (codes no
    longer known are shown as they are, after the others)."""
    codes = list(codes)
    if not codes:
        return []
    known = {ground.code: ground.name for ground in _grounds().filter(code__in=codes)}
    ordered = [name for code, name in known.items() if code in codes]
    return ordered + [code for code in codes if code not in known]


def validate_target_groups(codes: Any, day: datetime.date | None) -> list[str]:
    """The codes checked: a list of groups of art. 1 ust. 2, each applying on
    `day` (the day the application was received), each named once."""
    if not isinstance(codes, list) or not all(isinstance(c, str) for c in codes):
        raise ValidationError(
            _("Choose the target groups from the list."), code="target_groups_invalid"
        )
    if len(set(codes)) != len(codes):
        raise ValidationError(
            _("Each target group can be given once."), code="target_group_twice"
        )
    if not codes:
        return codes
    grounds = _grounds().filter(code__in=codes)
    if day is not None:
        grounds = grounds.filter(_applying_on(day))
    found = set(grounds.values_list("code", flat=True))
    unknown = [code for code in codes if code not in found]
    if unknown:
        raise ValidationError(
            _(
                "Not a group of participants of art. 1 ust. 2 of the Act on the "
                "day the application was received: %(groups)s."
            ),
            code="target_group_unknown",
            params={"groups": ", ".join(unknown)},
        )
    return codes
