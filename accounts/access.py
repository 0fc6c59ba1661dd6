"""The access policy: what each user may see, as one Scope, applied to querysets.

Every selector and every view goes through here (DESIGN section 3):

- unit staff and managers: the units of their memberships, with personal data;
- voivodeship officials: one voivodeship, aggregates and register data only;
- ministry analysts and administrators: the whole country, aggregates only
  (administrators reach personal data through the Django admin).

Objects outside the scope answer 404, never 403, so that ids cannot be probed.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar

from django.contrib.auth.mixins import LoginRequiredMixin
from django.db.models import Model, QuerySet
from django.http import Http404, HttpRequest, HttpResponseBase

from accounts.constants import MembershipRole, Role

if TYPE_CHECKING:
    from accounts.models import User

M = TypeVar("M", bound=Model)

_CACHE_ATTR = "_cis_kis_scope"


class Level(enum.StrEnum):
    """How far a user sees."""

    # Templates compare against Level.UNITS etc.; they must not call the class.
    do_not_call_in_templates = enum.nonmember(True)

    NONE = "none"
    UNITS = "units"
    VOIVODESHIP = "voivodeship"
    NATIONAL = "national"


@dataclass(frozen=True)
class Scope:
    """What one user may see. Built once per request by `scope_for`."""

    level: Level
    unit_ids: frozenset[int] = field(default_factory=frozenset)
    managed_unit_ids: frozenset[int] = field(default_factory=frozenset)
    voivodeship_id: int | None = None
    is_admin: bool = False

    @property
    def sees_personal_data(self) -> bool:
        """Only a unit's own staff see its participants in the application."""
        return self.level is Level.UNITS

    def manages(self, unit_id: int) -> bool:
        return unit_id in self.managed_unit_ids


NO_SCOPE = Scope(level=Level.NONE)


def scope_for(user: User | Any) -> Scope:
    """The scope of `user`, cached on the user object for the request."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return NO_SCOPE
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is not None:
        return cached
    scope = _build_scope(user)
    setattr(user, _CACHE_ATTR, scope)
    return scope


def _build_scope(user: User) -> Scope:
    if user.is_superuser:
        return Scope(level=Level.NATIONAL, is_admin=True)
    if user.role == Role.MINISTRY_ANALYST:
        return Scope(level=Level.NATIONAL)
    if user.role == Role.VOIVODESHIP_OFFICIAL:
        if user.voivodeship_id is None:
            return NO_SCOPE
        return Scope(level=Level.VOIVODESHIP, voivodeship_id=user.voivodeship_id)
    rows = list(user.memberships.values_list("unit_id", "role"))
    if not rows:
        return NO_SCOPE
    return Scope(
        level=Level.UNITS,
        unit_ids=frozenset(unit_id for unit_id, _ in rows),
        managed_unit_ids=frozenset(
            unit_id for unit_id, role in rows if role == MembershipRole.MANAGER
        ),
    )


def forget_scope(user: User | Any) -> None:
    """Drop the cached scope, after the user's role or memberships changed."""
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


def filter_by_scope(
    queryset: QuerySet[M],
    user: User | Any,
    *,
    unit_field: str,
    voivodeship_field: str,
) -> QuerySet[M]:
    """Rows of register-type data (no personal data) that `user` may see.

    `unit_field` is the path from the model to the unit's primary key
    (``"pk"`` for units themselves), `voivodeship_field` the path to the
    voivodeship's primary key.
    """
    scope = scope_for(user)
    if scope.level is Level.NATIONAL:
        return queryset
    if scope.level is Level.VOIVODESHIP:
        return queryset.filter(**{voivodeship_field: scope.voivodeship_id})
    if scope.level is Level.UNITS:
        return queryset.filter(**{f"{unit_field}__in": scope.unit_ids})
    return queryset.none()


def filter_personal_data(
    queryset: QuerySet[M], user: User | Any, *, unit_field: str
) -> QuerySet[M]:
    """Rows holding personal data: only those of the user's own units."""
    scope = scope_for(user)
    if scope.level is Level.UNITS:
        return queryset.filter(**{f"{unit_field}__in": scope.unit_ids})
    return queryset.none()


class ScopeRequiredMixin(LoginRequiredMixin):
    """A view for logged-in users whose scope is one of `allowed_levels`.

    Anyone else logged in gets 404, like an object outside their scope.
    """

    allowed_levels: tuple[Level, ...] = (
        Level.UNITS,
        Level.VOIVODESHIP,
        Level.NATIONAL,
    )

    def dispatch(
        self, request: HttpRequest, *args: Any, **kwargs: Any
    ) -> HttpResponseBase:
        if request.user.is_authenticated:
            self.scope = scope_for(request.user)
            if self.scope.level not in self.allowed_levels:
                raise Http404
        return super().dispatch(request, *args, **kwargs)
