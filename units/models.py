from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.access import filter_by_scope
from units.constants import FounderGroup, FounderType, UnitKind, founder_group_of
from units.validators import (
    compact_nip,
    compact_regon,
    validate_krs,
    validate_nip,
    validate_regon,
    validate_teryt_municipality,
    validate_teryt_voivodeship,
)


class Voivodeship(models.Model):
    """One of the sixteen voivodeships, loaded by a data migration."""

    teryt = models.CharField(
        _("TERYT code"),
        max_length=2,
        unique=True,
        validators=[validate_teryt_voivodeship],
    )
    name = models.CharField(_("name"), max_length=40, unique=True)

    class Meta:
        verbose_name = _("voivodeship")
        verbose_name_plural = _("voivodeships")
        ordering = ["teryt"]

    def __str__(self) -> str:
        return self.name


class FoundingBodyQuerySet(models.QuerySet["FoundingBody"]):
    def visible_to(self, user: Any) -> FoundingBodyQuerySet:
        """Bodies of the units in the user's scope (by voivodeship for officials)."""
        return filter_by_scope(
            self, user, unit_field="units__pk", voivodeship_field="voivodeship"
        ).distinct()


class FoundingBody(models.Model):
    """Who founds and runs a unit (podmiot tworzący / prowadzący)."""

    name = models.CharField(_("name"), max_length=300)
    founder_type = models.CharField(
        _("founder type"), max_length=32, choices=FounderType
    )
    nip = models.CharField(
        _("NIP"),
        max_length=10,
        blank=True,
        validators=[validate_nip],
        help_text=_("Tax identification number, ten digits."),
    )
    regon = models.CharField(
        _("REGON"),
        max_length=14,
        blank=True,
        validators=[validate_regon],
        help_text=_("Nine or fourteen digits."),
    )
    krs = models.CharField(
        _("KRS"),
        max_length=10,
        blank=True,
        validators=[validate_krs],
        help_text=_("National Court Register number, where the body has one."),
    )
    address = models.CharField(_("address"), max_length=300, blank=True)
    voivodeship = models.ForeignKey(
        Voivodeship,
        verbose_name=_("voivodeship"),
        on_delete=models.PROTECT,
        related_name="founding_bodies",
    )
    email = models.EmailField(_("e-mail address"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    history = HistoricalRecords()
    objects = FoundingBodyQuerySet.as_manager()

    class Meta:
        verbose_name = _("founding body")
        verbose_name_plural = _("founding bodies")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["nip"],
                condition=~models.Q(nip=""),
                name="units_foundingbody_nip_unique",
            ),
            models.CheckConstraint(
                condition=models.Q(founder_type__in=FounderType.values),
                name="units_foundingbody_founder_type_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def founder_group(self) -> FounderGroup:
        return founder_group_of(self.founder_type)

    def get_founder_group_display(self) -> str:
        return str(self.founder_group.label)

    def clean_fields(self, exclude: Any = None) -> None:
        # Accept identifiers typed with separators ("123-456-32-18").
        self.nip = compact_nip(self.nip)
        self.regon = compact_regon(self.regon)
        super().clean_fields(exclude=exclude)


class UnitQuerySet(models.QuerySet["Unit"]):
    def visible_to(self, user: Any) -> UnitQuerySet:
        """Units in the user's scope (DESIGN section 3)."""
        return filter_by_scope(
            self, user, unit_field="pk", voivodeship_field="voivodeship"
        )

    def open_on(self, day: datetime.date) -> UnitQuerySet:
        """Units opened on or before `day` and not closed before it."""
        return self.filter(opened_on__lte=day).filter(
            models.Q(closed_on__isnull=True) | models.Q(closed_on__gte=day)
        )


class Unit(models.Model):
    """A CIS or a KIS."""

    kind = models.CharField(_("kind"), max_length=3, choices=UnitKind)
    name = models.CharField(_("name"), max_length=300)
    registry_id = models.CharField(
        _("register identifier"),
        max_length=64,
        unique=True,
        null=True,
        blank=True,
        help_text=_("The unit's identifier in the source register, used by imports."),
    )
    founding_body = models.ForeignKey(
        FoundingBody,
        verbose_name=_("founding body"),
        on_delete=models.PROTECT,
        related_name="units",
    )
    voivodeship = models.ForeignKey(
        Voivodeship,
        verbose_name=_("voivodeship"),
        on_delete=models.PROTECT,
        related_name="units",
    )
    address = models.CharField(_("address"), max_length=300, blank=True)
    municipality = models.CharField(_("municipality"), max_length=100, blank=True)
    municipality_teryt = models.CharField(
        _("municipality TERYT code"),
        max_length=7,
        blank=True,
        validators=[validate_teryt_municipality],
    )
    email = models.EmailField(_("e-mail address"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    places = models.PositiveIntegerField(
        _("number of places"),
        null=True,
        blank=True,
        help_text=_("How many participants the unit can take at once."),
    )
    opened_on = models.DateField(_("opened on"))
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    history = HistoricalRecords()
    objects = UnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        ordering = ["name"]
        indexes = [
            models.Index(
                fields=["voivodeship", "kind"], name="units_unit_voiv_kind_idx"
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closed_on__isnull=True)
                | models.Q(closed_on__gte=models.F("opened_on")),
                name="units_unit_closed_after_opened",
            ),
            models.CheckConstraint(
                condition=models.Q(kind__in=UnitKind.values),
                name="units_unit_kind_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.kind})"

    def get_absolute_url(self) -> str:
        return reverse("units:detail", kwargs={"pk": self.pk})

    def clean(self) -> None:
        super().clean()
        if self.closed_on and self.opened_on and self.closed_on < self.opened_on:
            raise ValidationError(
                {"closed_on": _("A unit cannot close before it opens.")},
                code="closed_before_opened",
            )

    def is_open_on(self, day: datetime.date) -> bool:
        return self.opened_on <= day and (
            self.closed_on is None or self.closed_on >= day
        )
