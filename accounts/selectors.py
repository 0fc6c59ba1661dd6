"""Reads of accounts."""

from typing import Any

from django.db.models import QuerySet

from accounts.models import Membership


def membership_list_for_user(*, user: Any) -> QuerySet[Membership]:
    """The user's own memberships, with their units."""
    return Membership.objects.filter(user=user).select_related("unit")
