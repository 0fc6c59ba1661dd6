"""Participants of CIS and KIS: the person (kept by one unit, its data
controller), their stints in the unit, the grounds of exclusion with their
evidence, the referral, the versions of the individual programme, the exit and
the follow-up checks, and the log of who read which record."""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from participants.constants import (
    OPEN_STATES,
    AccessAction,
    Benefit,
    DocumentType,
    Education,
    EvidenceKind,
    ExitReason,
    FollowUpOutcome,
    Outcome,
    ParticipationState,
    ProgrammeChange,
    ProgrammeKind,
    ReferralIssuer,
    ReferralRequester,
    RemovalGround,
    Sex,
    Stage,
)
from participants.validators import (
    compact_pesel,
    pesel_birth_date,
    pesel_sex,
    validate_document_file,
    validate_pesel,
)
from units.uploads import scan_name


class ExclusionGround(models.Model):
    """A ground of social exclusion of art. 1 ust. 2, as reference data: an
    amendment adds a row or closes one (`valid_until`), without code changes."""

    code = models.SlugField(_("code"), max_length=64, unique=True)
    name_pl = models.CharField(_("name in Polish"), max_length=200)
    name_en = models.CharField(_("name in English"), max_length=200)
    article = models.CharField(_("legal basis"), max_length=100)
    special_category = models.BooleanField(
        _("special-category data"),
        default=False,
        help_text=_("Health or criminal-record data (GDPR art. 9 and 10)."),
    )
    valid_from = models.DateField(
        _("applies from"),
        null=True,
        blank=True,
        help_text=_("Empty: from the Act's original text."),
    )
    valid_until = models.DateField(_("applies until"), null=True, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("ground of exclusion")
        verbose_name_plural = _("grounds of exclusion")
        ordering = ["order", "code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True)
                | Q(valid_from__isnull=True)
                | Q(valid_until__gte=models.F("valid_from")),
                name="participants_ground_valid_range",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return (
            self.name_en if (get_language() or "pl").startswith("en") else self.name_pl
        )

    def applies_on(self, day: datetime.date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_until is None or day <= self.valid_until
        )


def _upload_to_evidence(instance: ParticipationGround, filename: str) -> str:
    unit = instance.participation.unit_id
    return f"participants/{unit}/evidence/{scan_name(filename)}"


def _upload_to_referral(instance: Referral, filename: str) -> str:
    unit = instance.participation.unit_id
    return f"participants/{unit}/referrals/{scan_name(filename)}"


def _upload_to_programme(instance: IndividualProgramme, filename: str) -> str:
    return f"participants/{instance.participation.unit_id}/programmes/{filename}"


def _upload_to_certificate(instance: Participation, filename: str) -> str:
    return f"participants/{instance.unit_id}/certificates/{filename}"


class Participant(models.Model):
    """A person as one unit knows them. The unit is the data controller: no
    other unit, and no official or analyst, sees this row."""

    unit = models.ForeignKey(
        "units.Unit",
        verbose_name=_("unit"),
        on_delete=models.PROTECT,
        related_name="participants",
    )
    pesel = models.CharField(
        _("PESEL"),
        max_length=11,
        blank=True,
        validators=[validate_pesel],
        help_text=_("Eleven digits. Leave empty for a person without PESEL."),
    )
    pesel_hash = models.CharField(
        _("keyed hash of the PESEL"), max_length=64, blank=True, editable=False
    )
    document_type = models.CharField(
        _("identity document"), max_length=32, choices=DocumentType, blank=True
    )
    document_number = models.CharField(_("document number"), max_length=40, blank=True)
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=150)
    birth_date = models.DateField(_("date of birth"))
    sex = models.CharField(_("sex"), max_length=1, choices=Sex)
    citizenship = models.CharField(_("citizenship"), max_length=60, default="polskie")
    address = models.CharField(_("address"), max_length=300, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail address"), blank=True)
    education = models.CharField(
        _("education"), max_length=32, choices=Education, blank=True
    )
    family_situation = models.TextField(
        _("family situation"),
        blank=True,
        help_text=_("Only as far as the unit needs it for the programme."),
    )
    info_clause_on = models.DateField(
        _("information clause acknowledged on"),
        null=True,
        blank=True,
        help_text=_(
            "The day the person received the information on the processing of "
            "their data (GDPR art. 13)."
        ),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    anonymised_at = models.DateTimeField(_("anonymised at"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        ordering = ["last_name", "first_name", "pk"]
        indexes = [
            models.Index(fields=["pesel_hash"], name="participants_pesel_hash_idx"),
            models.Index(
                fields=["unit", "birth_date"], name="participants_unit_birth_idx"
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "pesel"],
                condition=~Q(pesel=""),
                name="participants_participant_pesel_unique",
                violation_error_message=_(
                    "This unit already has a participant with this PESEL."
                ),
            ),
            models.UniqueConstraint(
                fields=["unit", "document_type", "document_number"],
                condition=~Q(document_number=""),
                name="participants_participant_document_unique",
                violation_error_message=_(
                    "This unit already has a participant with this document."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(pesel="")
                | (~Q(document_type="") & ~Q(document_number=""))
                | Q(anonymised_at__isnull=False),
                name="participants_participant_identified",
            ),
            models.CheckConstraint(
                condition=Q(sex__in=Sex.values), name="participants_participant_sex"
            ),
        ]

    def __str__(self) -> str:
        if self.anonymised_at:
            return str(_("anonymised participant no. %(pk)s") % {"pk": self.pk})
        return f"{self.last_name} {self.first_name}"

    def get_absolute_url(self) -> str:
        return reverse("participants:detail", kwargs={"pk": self.pk})

    def clean_fields(self, exclude: Any = None) -> None:
        self.pesel = compact_pesel(self.pesel)
        self.document_number = (self.document_number or "").strip().upper()
        super().clean_fields(exclude=exclude)

    def clean(self) -> None:
        super().clean()
        if self.anonymised_at:
            return
        errors: dict[str, list[ValidationError]] = {}
        if self.pesel:
            self._check_pesel_matches(errors)
        elif not (self.document_type and self.document_number):
            errors.setdefault("pesel", []).append(
                ValidationError(
                    _(
                        "Give the PESEL or, for a person without one, the type "
                        "and number of an identity document."
                    ),
                    code="no_identifier",
                )
            )
        if self.document_number and not self.document_type:
            errors.setdefault("document_type", []).append(
                ValidationError(
                    _("Choose the type of the document."), code="no_document_type"
                )
            )
        if self.birth_date and self.birth_date > timezone.localdate():
            errors.setdefault("birth_date", []).append(
                ValidationError(
                    _("The date of birth cannot be in the future."),
                    code="future_birth_date",
                )
            )
        if errors:
            raise ValidationError(errors)

    def _check_pesel_matches(self, errors: dict[str, list[ValidationError]]) -> None:
        """The PESEL encodes the date of birth and the sex: they must agree."""
        try:
            encoded_birth = pesel_birth_date(self.pesel)
            encoded_sex = pesel_sex(self.pesel)
        except ValueError:
            return  # the field validator has already refused it
        if self.birth_date and self.birth_date != encoded_birth:
            errors.setdefault("birth_date", []).append(
                ValidationError(
                    _("The PESEL gives the date of birth %(date)s."),
                    code="pesel_birth_date_mismatch",
                    params={"date": encoded_birth.strftime("%d.%m.%Y")},
                )
            )
        if self.sex and self.sex != encoded_sex:
            errors.setdefault("sex", []).append(
                ValidationError(
                    _("The PESEL gives the sex “%(sex)s”."),
                    code="pesel_sex_mismatch",
                    params={"sex": Sex(encoded_sex).label},
                )
            )

    @property
    def is_anonymised(self) -> bool:
        return self.anonymised_at is not None

    @property
    def identifier(self) -> str:
        """The PESEL, or the document for a person without one."""
        if self.pesel:
            return self.pesel
        if self.document_number:
            return f"{self.get_document_type_display()} {self.document_number}"
        return "—"


class ParticipationQuerySet(models.QuerySet["Participation"]):
    def open(self) -> ParticipationQuerySet:
        return self.filter(state__in=OPEN_STATES)

    def overlapping(
        self, start: datetime.date, end: datetime.date
    ) -> ParticipationQuerySet:
        """Admitted on or before `end` and not exited before `start`."""
        return self.filter(admitted_on__lte=end).filter(
            Q(exited_on__isnull=True) | Q(exited_on__gte=start)
        )


class Participation(models.Model):
    """One stint of a person in one unit, from referral to exit."""

    participant = models.ForeignKey(
        Participant,
        verbose_name=_("participant"),
        on_delete=models.PROTECT,
        related_name="participations",
    )
    # The participant's unit, kept here for the unit's constraints and counts.
    unit = models.ForeignKey(
        "units.Unit",
        verbose_name=_("unit"),
        on_delete=models.PROTECT,
        related_name="participations",
    )
    ref = models.CharField(
        _("unit's reference"),
        max_length=64,
        blank=True,
        help_text=_("The unit's own number of this participation, if it has one."),
    )
    state = models.CharField(
        _("state"),
        max_length=16,
        choices=ParticipationState,
        default=ParticipationState.REFERRED,
    )
    benefits = models.JSONField(
        _("entitlements"),
        default=list,
        blank=True,
        help_text=_("Benefits and pensions the person has a right to (art. 1 ust. 3)."),
    )
    eligibility_checked_on = models.DateField(
        _("eligibility checked on"), null=True, blank=True
    )
    eligibility_problems = models.JSONField(
        _("eligibility problems found"), default=list, blank=True
    )
    override_reason = models.TextField(
        _("reason for admitting despite the problems"), blank=True
    )
    override_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("admission despite the problems decided by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    admitted_on = models.DateField(_("admitted on"), null=True, blank=True)
    trial_ends_on = models.DateField(_("trial period ends on"), null=True, blank=True)
    not_admitted_reason = models.TextField(_("why not admitted"), blank=True)
    exited_on = models.DateField(_("exited on"), null=True, blank=True)
    exit_reason = models.CharField(
        _("reason for exit"), max_length=16, choices=ExitReason, blank=True
    )
    removal_ground = models.CharField(
        _("ground of the decision to end the programme"),
        max_length=32,
        choices=RemovalGround,
        blank=True,
    )
    exit_note = models.TextField(
        _("grounds and notes"),
        blank=True,
        help_text=_("For a removal: the facts the decision rests on."),
    )
    outcome = models.CharField(
        _("outcome at exit"), max_length=32, choices=Outcome, blank=True
    )
    exit_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("exit recorded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    certificate_pdf = models.FileField(
        _("certificate (PDF)"),
        upload_to=_upload_to_certificate,
        blank=True,
        max_length=300,
    )
    # Art. 14 ust. 4: a centre gives one free meal a day; a participant may
    # decline it, and the unit notes a diet. Shown for a centre only.
    takes_meal = models.BooleanField(
        _("takes the daily meal"),
        default=True,
        help_text=_(
            "One free meal a day during the stay at the centre (art. 14 ust. 4)."
        ),
    )
    meal_note = models.CharField(
        _("note on the meal"),
        max_length=200,
        blank=True,
        help_text=_("For example a diet the kitchen must keep to."),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    history = HistoricalRecords()
    objects = ParticipationQuerySet.as_manager()

    class Meta:
        verbose_name = _("participation")
        verbose_name_plural = _("participations")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["unit", "state"], name="participants_unit_state_idx"),
            models.Index(
                fields=["admitted_on", "exited_on"],
                name="participants_dates_idx",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["participant"],
                condition=Q(state__in=[s.value for s in OPEN_STATES]),
                name="participants_one_open_participation",
                violation_error_message=_(
                    "The person already has an open participation in this unit."
                ),
            ),
            models.UniqueConstraint(
                fields=["unit", "ref"],
                condition=~Q(ref=""),
                name="participants_participation_ref_unique",
                violation_error_message=_(
                    "Another participation of this unit has this reference."
                ),
            ),
            models.CheckConstraint(
                condition=Q(exited_on__isnull=True)
                | Q(admitted_on__isnull=True)
                | Q(exited_on__gte=models.F("admitted_on")),
                name="participants_exit_after_admission",
            ),
            models.CheckConstraint(
                condition=Q(trial_ends_on__isnull=True)
                | Q(trial_ends_on__gte=models.F("admitted_on")),
                name="participants_trial_after_admission",
            ),
            models.CheckConstraint(
                condition=~Q(state=ParticipationState.ACTIVE)
                | Q(admitted_on__isnull=False),
                name="participants_active_is_admitted",
            ),
            models.CheckConstraint(
                condition=~Q(state=ParticipationState.EXITED)
                | (Q(exited_on__isnull=False) & ~Q(exit_reason="")),
                name="participants_exited_has_exit",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.participant} – {self.unit.name}"

    def get_absolute_url(self) -> str:
        return reverse("participants:participation", kwargs={"pk": self.pk})

    def clean(self) -> None:
        super().clean()
        if self.participant_id and self.unit_id != self.participant.unit_id:
            raise ValidationError(
                {"unit": _("A participation belongs to the participant's unit.")},
                code="unit_mismatch",
            )
        unknown = [code for code in self.benefits if code not in Benefit.values]
        if unknown:
            raise ValidationError(
                {"benefits": _("Choose the entitlements from the list.")},
                code="unknown_benefit",
            )

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES

    def in_trial_on(self, day: datetime.date) -> bool:
        return (
            self.state == ParticipationState.ACTIVE
            and self.trial_ends_on is not None
            and self.admitted_on is not None
            and self.admitted_on <= day <= self.trial_ends_on
        )

    def stage_on(self, day: datetime.date) -> Stage:
        """The state, with the trial period apart (as selectors.stage_q)."""
        if self.state == ParticipationState.ACTIVE:
            return Stage.TRIAL if self.in_trial_on(day) else Stage.PROGRAMME
        return Stage(self.state)

    @property
    def eligible(self) -> bool:
        """No problem found, or admitted despite them with a recorded reason."""
        return not self.eligibility_problems or bool(self.override_reason)


class Referral(models.Model):
    """The referral to the unit (art. 12): who asked, who issued it, when."""

    participation = models.OneToOneField(
        Participation,
        verbose_name=_("participation"),
        on_delete=models.CASCADE,
        related_name="referral",
    )
    requested_by = models.CharField(
        _("requested by"), max_length=32, choices=ReferralRequester
    )
    requester_name = models.CharField(
        _("name of the requesting body"), max_length=200, blank=True
    )
    issued_by = models.CharField(_("issued by"), max_length=8, choices=ReferralIssuer)
    issuer_name = models.CharField(
        _("name of the issuing office"),
        max_length=200,
        blank=True,
        help_text=_("For example: Miejski Ośrodek Pomocy Społecznej w Radomiu."),
    )
    number = models.CharField(_("referral number"), max_length=64, blank=True)
    referred_on = models.DateField(_("date of the referral"))
    social_worker = models.CharField(_("social worker"), max_length=150, blank=True)
    document = models.FileField(
        _("referral document"),
        upload_to=_upload_to_referral,
        blank=True,
        max_length=300,
        validators=[validate_document_file],
    )
    note = models.TextField(_("note"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")

    def __str__(self) -> str:
        return f"{self.get_issued_by_display()} {self.referred_on:%d.%m.%Y}"


class ParticipationGround(models.Model):
    """A ground of exclusion of one participation, with its evidence."""

    participation = models.ForeignKey(
        Participation,
        verbose_name=_("participation"),
        on_delete=models.CASCADE,
        related_name="grounds",
    )
    ground = models.ForeignKey(
        ExclusionGround,
        verbose_name=_("ground"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    is_primary = models.BooleanField(_("primary ground"), default=False)
    evidence_kind = models.CharField(
        _("evidence"), max_length=32, choices=EvidenceKind, blank=True
    )
    evidence_date = models.DateField(_("date of the document"), null=True, blank=True)
    evidence_issuer = models.CharField(_("issued by"), max_length=200, blank=True)
    evidence_file = models.FileField(
        _("scan of the document"),
        upload_to=_upload_to_evidence,
        blank=True,
        max_length=300,
        validators=[validate_document_file],
    )
    note = models.CharField(_("note"), max_length=300, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("ground of the participation")
        verbose_name_plural = _("grounds of the participation")
        ordering = ["-is_primary", "ground__order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["participation", "ground"],
                name="participants_ground_once",
            ),
            models.UniqueConstraint(
                fields=["participation"],
                condition=Q(is_primary=True),
                name="participants_one_primary_ground",
            ),
        ]

    def __str__(self) -> str:
        return str(self.ground)


class IndividualProgramme(models.Model):
    """One version of a participant's programme (IPZS in a CIS, art. 13; a
    plan or social contract in a KIS). Versions are never edited: an amendment
    or an extension is a new version, so they can be compared."""

    participation = models.ForeignKey(
        Participation,
        verbose_name=_("participation"),
        on_delete=models.CASCADE,
        related_name="programmes",
    )
    version = models.PositiveSmallIntegerField(_("version"))
    kind = models.CharField(
        _("kind of programme"),
        max_length=16,
        choices=ProgrammeKind,
        default=ProgrammeKind.IPZS,
    )
    change = models.CharField(
        _("change"),
        max_length=16,
        choices=ProgrammeChange,
        default=ProgrammeChange.INITIAL,
    )
    reason = models.TextField(
        _("reason for the change"),
        blank=True,
        help_text=_("Required for an amendment or an extension."),
    )
    signed_on = models.DateField(
        _("signed by the participant on"), null=True, blank=True
    )
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    goals = models.TextField(_("goals"))
    social_reintegration = models.TextField(
        _("planned social reintegration"), blank=True
    )
    vocational_reintegration = models.TextField(
        _("planned vocational reintegration"), blank=True
    )
    workshop = models.CharField(_("workshop"), max_length=150, blank=True)
    hours_per_week = models.PositiveSmallIntegerField(
        _("hours a week"), null=True, blank=True
    )
    social_worker = models.CharField(
        _("drawn up with the social worker"), max_length=150, blank=True
    )
    pdf = models.FileField(
        _("printable programme (PDF)"),
        upload_to=_upload_to_programme,
        blank=True,
        max_length=300,
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("individual programme")
        verbose_name_plural = _("individual programmes")
        ordering = ["participation", "version"]
        constraints = [
            models.UniqueConstraint(
                fields=["participation", "version"],
                name="participants_programme_version_unique",
            ),
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")),
                name="participants_programme_dates",
            ),
        ]

    def __str__(self) -> str:
        return str(_("%(kind)s, version %(version)s")) % {
            "kind": self.get_kind_display(),
            "version": self.version,
        }

    def get_absolute_url(self) -> str:
        return reverse(
            "participants:programme",
            kwargs={"pk": self.participation_id, "version": self.version},
        )


class FollowUp(models.Model):
    """A check of a former participant's situation some months after the exit."""

    participation = models.ForeignKey(
        Participation,
        verbose_name=_("participation"),
        on_delete=models.CASCADE,
        related_name="follow_ups",
    )
    months_after = models.PositiveSmallIntegerField(_("months after the exit"))
    due_on = models.DateField(_("due on"))
    checked_on = models.DateField(_("checked on"), null=True, blank=True)
    outcome = models.CharField(
        _("situation"), max_length=32, choices=FollowUpOutcome, blank=True
    )
    employer = models.CharField(_("employer"), max_length=200, blank=True)
    employment_from = models.DateField(_("employed from"), null=True, blank=True)
    employment_until = models.DateField(_("employed until"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")
        ordering = ["participation", "months_after"]
        constraints = [
            models.UniqueConstraint(
                fields=["participation", "months_after"],
                name="participants_follow_up_once",
            ),
            models.CheckConstraint(
                condition=Q(employment_until__isnull=True)
                | Q(employment_from__isnull=True)
                | Q(employment_until__gte=models.F("employment_from")),
                name="participants_follow_up_employment_dates",
            ),
        ]

    def __str__(self) -> str:
        return str(_("check %(months)s months after the exit")) % {
            "months": self.months_after
        }

    @property
    def done(self) -> bool:
        return self.checked_on is not None


def _upload_to_data_export(instance: DataExport, filename: str) -> str:
    return f"participants/{instance.participant.unit_id}/exports/{filename}"


class DataExport(models.Model):
    """A PDF of everything held about one person (GDPR art. 15), rendered by
    the task worker and downloadable by the unit's manager."""

    participant = models.ForeignKey(
        Participant,
        verbose_name=_("participant"),
        on_delete=models.CASCADE,
        related_name="data_exports",
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    requested_at = models.DateTimeField(_("requested at"), default=timezone.now)
    pdf = models.FileField(
        _("PDF"), upload_to=_upload_to_data_export, blank=True, max_length=300
    )

    class Meta:
        verbose_name = _("export of a participant's data")
        verbose_name_plural = _("exports of participants' data")
        ordering = ["-requested_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.participant} {self.requested_at:%Y-%m-%d %H:%M}"

    @property
    def ready(self) -> bool:
        return bool(self.pdf)


class AccessLog(models.Model):
    """Who read or exported which participant's data, when and from where.
    Kept when the participant is anonymised."""

    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    user_email = models.CharField(_("user's e-mail"), max_length=254)
    unit = models.ForeignKey(
        "units.Unit",
        verbose_name=_("unit"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    participant = models.ForeignKey(
        Participant,
        verbose_name=_("participant"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="access_log",
        help_text=_("Empty for an export of a list."),
    )
    action = models.CharField(_("action"), max_length=16, choices=AccessAction)
    what = models.CharField(_("what"), max_length=300, blank=True)
    ip_address = models.GenericIPAddressField(_("address"), null=True, blank=True)

    class Meta:
        verbose_name = _("access-log entry")
        verbose_name_plural = _("access log")
        ordering = ["-at", "-pk"]
        indexes = [
            models.Index(fields=["unit", "-at"], name="participants_log_unit_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.user_email} {self.action}"


# The upload pages of the imports keep their jobs in this app (see the module).
from participants.models_imports import ImportJob  # noqa: E402, F401

# What a centre provides to each participant (art. 14 ust. 2), in its module.
from participants.models_provisions import Provision  # noqa: E402, F401
