"""Writes of founding bodies and units."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction

from accounts.access import scope_for
from units.models import FoundingBody, Unit, Voivodeship


@transaction.atomic
def founding_body_upsert(
    *,
    name: str,
    founder_type: str,
    voivodeship: Voivodeship,
    nip: str = "",
    regon: str = "",
    krs: str = "",
    address: str = "",
    email: str = "",
    phone: str = "",
) -> FoundingBody:
    """Create the founding body, or update the one with the same NIP."""
    body = None
    if nip:
        body = FoundingBody.objects.select_for_update().filter(nip=nip).first()
    if body is None:
        body = FoundingBody()
    body.name = name
    body.founder_type = founder_type
    body.voivodeship = voivodeship
    body.nip = nip
    body.regon = regon
    body.krs = krs
    body.address = address
    body.email = email
    body.phone = phone
    body.full_clean()
    body.save()
    return body


@transaction.atomic
def unit_upsert(
    *,
    registry_id: str,
    kind: str,
    name: str,
    founding_body: FoundingBody,
    voivodeship: Voivodeship,
    opened_on: datetime.date,
    closed_on: datetime.date | None = None,
    address: str = "",
    municipality: str = "",
    municipality_teryt: str = "",
    places: int | None = None,
    email: str = "",
    phone: str = "",
) -> Unit:
    """Create the unit with this register identifier, or update it."""
    unit = Unit.objects.select_for_update().filter(registry_id=registry_id).first()
    if unit is None:
        unit = Unit(registry_id=registry_id)
    unit.kind = kind
    unit.name = name
    unit.founding_body = founding_body
    unit.voivodeship = voivodeship
    unit.opened_on = opened_on
    unit.closed_on = closed_on
    unit.address = address
    unit.municipality = municipality
    unit.municipality_teryt = municipality_teryt
    unit.places = places
    unit.email = email
    unit.phone = phone
    unit.full_clean()
    unit.save()
    return unit


@transaction.atomic
def founding_body_create(
    *, actor: Any, voivodeship: Voivodeship, **fields: Any
) -> FoundingBody:
    """An official records a new founding body of their voivodeship."""
    scope = scope_for(actor)
    if not scope.is_admin and scope.voivodeship_id != voivodeship.pk:
        raise PermissionDenied
    body = FoundingBody(voivodeship=voivodeship, **fields)
    body.full_clean()
    body.save()
    return body
