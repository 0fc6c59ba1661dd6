"""What a centre has provided to a participant under art. 14 ust. 2 of the
Act: health and safety training, the medical examination, work clothing and
footwear, personal protective equipment. An entry is never deleted through the
application: a wrong one is voided with its reason and stays in the history."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from participants.constants_provisions import ExaminationResult, ProvisionKind


class ProvisionQuerySet(models.QuerySet["Provision"]):
    def in_force(self) -> ProvisionQuerySet:
        """The entries not voided."""
        return self.filter(voided_at__isnull=True)


class Provision(models.Model):
    """One thing the centre provided to a participant, on one day."""

    participation = models.ForeignKey(
        "participants.Participation",
        verbose_name=_("participation"),
        on_delete=models.CASCADE,
        related_name="provisions",
    )
    kind = models.CharField(
        _("what was provided"), max_length=32, choices=ProvisionKind
    )
    provided_on = models.DateField(
        _("provided on"),
        help_text=_("For a medical examination: the day of the examination."),
    )
    valid_until = models.DateField(
        _("valid until"),
        null=True,
        blank=True,
        help_text=_(
            "Medical examination only: the last day the doctor's certificate "
            "is valid, if it says so."
        ),
    )
    result = models.CharField(
        _("result of the examination"),
        max_length=32,
        choices=ExaminationResult,
        blank=True,
    )
    note = models.CharField(
        _("note"),
        max_length=500,
        blank=True,
        help_text=_(
            "What was issued (for example the sizes), or the restrictions the "
            "doctor set."
        ),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)
    voided_at = models.DateTimeField(_("voided at"), null=True, blank=True)
    voided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("voided by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    void_reason = models.TextField(_("reason for voiding"), blank=True)

    history = HistoricalRecords()
    objects = ProvisionQuerySet.as_manager()

    class Meta:
        verbose_name = _("provision to a participant")
        verbose_name_plural = _("provisions to participants")
        ordering = ["participation", "kind", "-provided_on", "-pk"]
        indexes = [
            models.Index(
                fields=["participation", "kind", "provided_on"],
                name="participants_provision_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=ProvisionKind.values),
                name="participants_provision_kind",
            ),
            # A result belongs to a medical examination, and every
            # examination has one.
            models.CheckConstraint(
                condition=(
                    Q(kind=ProvisionKind.MEDICAL_EXAMINATION)
                    & Q(result__in=ExaminationResult.values)
                )
                | (~Q(kind=ProvisionKind.MEDICAL_EXAMINATION) & Q(result="")),
                name="participants_provision_result",
            ),
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True)
                | (
                    Q(kind=ProvisionKind.MEDICAL_EXAMINATION)
                    & Q(valid_until__gt=models.F("provided_on"))
                ),
                name="participants_provision_valid_until",
            ),
            models.CheckConstraint(
                condition=(Q(voided_at__isnull=True) & Q(void_reason=""))
                | (Q(voided_at__isnull=False) & ~Q(void_reason="")),
                name="participants_provision_void_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.provided_on:%d.%m.%Y}"

    @property
    def is_voided(self) -> bool:
        return self.voided_at is not None
