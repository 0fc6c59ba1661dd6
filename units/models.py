from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.core.validators import (
    MaxLengthValidator,
    MaxValueValidator,
    MinValueValidator,
)
from django.db import models
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.access import filter_by_scope
from units.constants import (
    LOCAL_GOVERNMENT_TYPES,
    ApplicationKind,
    ApplicationState,
    DecisionKind,
    DocumentKind,
    FounderGroup,
    FounderType,
    GrantorKind,
    LossGround,
    LossInitiator,
    RuleCode,
    UnitKind,
    founder_group_of,
)
from units.constants_kis import (
    KisActivity,
    KisNotificationKind,
    KisNotificationState,
)
from units.constants_supervision import RecommendationKind
from units.status import DecisionFact, StatusAt, cis_status_on, status_annotations
from units.target_groups import target_group_names, validate_target_groups
from units.uploads import scan_name, validate_document_file
from units.validators import (
    compact_nip,
    compact_regon,
    validate_krs,
    validate_nip,
    validate_regon,
    validate_teryt_municipality,
    validate_teryt_voivodeship,
)


def kis_activity_names(codes: list[str]) -> list[str]:
    """The names of a club's activities (codes no longer known as they are)."""
    return [
        str(KisActivity(code).label) if code in KisActivity.values else code
        for code in codes
    ]


class LegalRuleManager(models.Manager["LegalRule"]):
    def in_force(self, code: str, *, on: datetime.date) -> LegalRule:
        """The row of rule `code` in force on `on` (the latest one applying)."""
        row = (
            self.filter(code=code)
            .exclude(valid_from__gt=on)
            .order_by(F("valid_from").desc(nulls_last=True))
            .first()
        )
        if row is None:
            raise ImproperlyConfigured(f"No legal rule {code} is in force on {on}.")
        return row

    def value(self, code: str, *, on: datetime.date) -> Any:
        """The value of rule `code` in force on `on`."""
        return self.in_force(code, on=on).value


class LegalRule(models.Model):
    """A figure or list set by law, with the date it applies from.

    An amendment adds a row; rows are never edited to change the past.
    """

    code = models.CharField(_("rule"), max_length=64, choices=RuleCode)
    value = models.JSONField(_("value"))
    valid_from = models.DateField(
        _("applies from"),
        null=True,
        blank=True,
        help_text=_("Empty: from the Act's original text."),
    )
    article = models.CharField(_("legal basis"), max_length=200)
    note = models.TextField(_("note"), blank=True)

    history = HistoricalRecords()
    objects = LegalRuleManager()

    class Meta:
        verbose_name = _("legal rule")
        verbose_name_plural = _("legal rules")
        ordering = ["code", F("valid_from").asc(nulls_first=True)]
        constraints = [
            models.UniqueConstraint(
                fields=["code", "valid_from"], name="units_legalrule_code_from_unique"
            ),
            models.UniqueConstraint(
                fields=["code"],
                condition=models.Q(valid_from__isnull=True),
                name="units_legalrule_one_original_per_code",
            ),
        ]

    def __str__(self) -> str:
        since = self.valid_from.isoformat() if self.valid_from else "—"
        return f"{self.code} ({since}): {self.value}"


class Voivodeship(models.Model):
    """One of the sixteen voivodeships, loaded by a data migration, with the
    voivodeship office's details used on its decisions."""

    teryt = models.CharField(
        _("TERYT code"),
        max_length=2,
        unique=True,
        validators=[validate_teryt_voivodeship],
    )
    name = models.CharField(_("name"), max_length=40, unique=True)
    office_name = models.CharField(
        _("voivodeship office"),
        max_length=200,
        blank=True,
        help_text=_("For example: Mazowiecki Urząd Wojewódzki w Warszawie."),
    )
    office_city = models.CharField(_("seat of the office"), max_length=60, blank=True)
    voivode_title = models.CharField(
        _("title of the voivode"),
        max_length=80,
        blank=True,
        help_text=_("As it heads a decision, for example: Wojewoda Mazowiecki."),
    )
    decision_number_format = models.CharField(
        _("decision number format"),
        max_length=80,
        default="CIS.{seq}.{year}",
        help_text=_(
            "How the office numbers its decisions; {seq} is the number in the "
            "year's sequence and {year} the year, e.g. WPS-II.9421.{seq}.{year}."
        ),
    )

    class Meta:
        verbose_name = _("voivodeship")
        verbose_name_plural = _("voivodeships")
        ordering = ["teryt"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        super().clean()
        fmt = self.decision_number_format
        try:
            fmt.format(seq=1, year=2026)
        except (KeyError, IndexError, ValueError):
            valid = False
        else:
            valid = "{seq}" in fmt and "{year}" in fmt
        if not valid:
            raise ValidationError(
                {
                    "decision_number_format": _(
                        "Use {seq} and {year} once each, and no other braces."
                    )
                },
                code="invalid_number_format",
            )


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


def check_activity_types(value: Any, *, required: bool = False) -> None:
    """Every activity of a club is a `KisActivity` code (and, when `required`,
    there is at least one)."""
    if not isinstance(value, list) or any(
        code not in KisActivity.values for code in value
    ):
        raise ValidationError(
            {
                "activity_types": ValidationError(
                    _("Choose the activities from the list."),
                    code="unknown_activity",
                )
            }
        )
    if required and not value:
        raise ValidationError(
            {
                "activity_types": ValidationError(
                    _("Choose at least one activity of the club."),
                    code="no_activity",
                )
            }
        )


def open_on_q(day: datetime.date, prefix: str = "") -> models.Q:
    """A unit (reached through `prefix`, e.g. ``"units__"``) is open on `day`:
    opened on or before it and not closed before it."""
    return models.Q(**{f"{prefix}opened_on__lte": day}) & (
        models.Q(**{f"{prefix}closed_on__isnull": True})
        | models.Q(**{f"{prefix}closed_on__gte": day})
    )


class UnitQuerySet(models.QuerySet["Unit"]):
    def visible_to(self, user: Any) -> UnitQuerySet:
        """Units in the user's scope (DESIGN section 3)."""
        return filter_by_scope(
            self, user, unit_field="pk", voivodeship_field="voivodeship"
        )

    def with_status(self, day: datetime.date | None = None) -> UnitQuerySet:
        """Annotate `cis_status` and `status_valid_until` on `day` (today)."""
        return self.annotate(**status_annotations(day or timezone.localdate()))

    def open_on(self, day: datetime.date) -> UnitQuerySet:
        """Units opened on or before `day` and not closed before it."""
        return self.filter(open_on_q(day))


class Unit(models.Model):
    """A CIS or a KIS."""

    history_names = {"activity_types": kis_activity_names}

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
    activity_types = models.JSONField(
        _("activity types"),
        default=list,
        blank=True,
        help_text=_("What the club does for its participants (a KIS)."),
    )
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
        check_activity_types(self.activity_types)
        self._check_founder_may_found()

    def _check_founder_may_found(self) -> None:
        """Art. 3 ust. 2 (CIS) and art. 18 ust. 1 (KIS): who may found what."""
        if not (self.founding_body_id and self.opened_on and self.kind):
            return
        code = (
            RuleCode.CIS_FOUNDER_TYPES
            if self.kind == UnitKind.CIS
            else RuleCode.KIS_FOUNDER_TYPES
        )
        rule = LegalRule.objects.in_force(code, on=self.opened_on)
        founder_type = self.founding_body.founder_type
        if founder_type not in rule.value:
            error = ValidationError(
                _(
                    "A founder of type “%(type)s” may not found a %(kind)s "
                    "(%(article)s)."
                ),
                code="founder_not_allowed",
                params={
                    "type": FounderType(founder_type).label,
                    "kind": self.kind,
                    "article": rule.article,
                },
            )
            raise ValidationError({"founding_body": error})

    def get_activity_types_display(self) -> list[str]:
        return kis_activity_names(self.activity_types)

    def status_on(self, day: datetime.date | None = None) -> StatusAt:
        """This centre's CIS status on `day` (today), from its decisions."""
        facts = [
            DecisionFact(d.kind, d.issued_on, d.valid_until, d.pk)
            for d in self.status_decisions.all()
        ]
        return cis_status_on(facts, day or timezone.localdate())

    def is_open_on(self, day: datetime.date) -> bool:
        return self.opened_on <= day and (
            self.closed_on is None or self.closed_on >= day
        )


def _upload_to_application(instance: ApplicationDocument, filename: str) -> str:
    return f"applications/{instance.application_id}/{scan_name(filename)}"


def _upload_to_decision(instance: StatusDecision, filename: str) -> str:
    return f"decisions/{instance.voivodeship_id}/{filename}"


def _none_or(**lookup: Any) -> models.Q:
    """The lookup holds, or its field is empty (not stated)."""
    ((name, _value),) = lookup.items()
    field = name.split("__", 1)[0]
    return models.Q(**{f"{field}__isnull": True}) | models.Q(**lookup)


def _pln(amount: Decimal) -> str:
    """An amount as the user's language writes it (1 200,50 in Polish)."""
    return number_format(amount, 2, force_grouping=True)


NOT_NEGATIVE_AMOUNT = MinValueValidator(
    Decimal(0), message=_("The amount cannot be negative.")
)
PERCENT = [
    MinValueValidator(Decimal(0), message=_("Give a percentage from 0 to 100.")),
    MaxValueValidator(Decimal(100), message=_("Give a percentage from 0 to 100.")),
]

# The centre as the application proposes it (its name, address and places).
PROPOSED_CENTRE_FIELDS = (
    "proposed_name",
    "proposed_address",
    "proposed_municipality",
    "proposed_places",
)
# What an application states under art. 4 ust. 2 of the Act, beyond its
# name, address and places: recorded on registration, editable until the
# decision.
APPLICATION_CONTENTS_FIELDS = (
    "planned_start_on",
    "expected_participants",
    "target_groups",
    "planned_activity",
    "reintegration_programme",
    "planned_staff_count",
    "planned_staff",
    "activity_schedule",
    "expected_trained",
    "expected_employed",
    "expected_independent",
    "annual_budget",
    "reintegration_costs",
    "founder_setup_funds",
    "founder_running_share",
    "other_funding",
)
# The expected results, none of which can exceed the expected participants.
EXPECTED_RESULTS_FIELDS = (
    "expected_trained",
    "expected_employed",
    "expected_independent",
)


class StatusApplicationQuerySet(models.QuerySet["StatusApplication"]):
    def visible_to(self, user: Any) -> StatusApplicationQuerySet:
        """Applications of the official's voivodeship (all for national scope);
        unit staff see those of their own centres."""
        return filter_by_scope(
            self, user, unit_field="unit", voivodeship_field="voivodeship"
        )


class StatusApplication(models.Model):
    """A founder's application for CIS status (or its extension), art. 4."""

    # How the history of changes names the codes of a list field.
    history_names = {"target_groups": target_group_names}

    kind = models.CharField(
        _("kind of application"),
        max_length=16,
        choices=ApplicationKind,
        default=ApplicationKind.GRANT,
    )
    voivodeship = models.ForeignKey(
        Voivodeship,
        verbose_name=_("voivodeship"),
        on_delete=models.PROTECT,
        related_name="status_applications",
        help_text=_("The voivode competent for the place where the centre operates."),
    )
    founding_body = models.ForeignKey(
        FoundingBody,
        verbose_name=_("founding body"),
        on_delete=models.PROTECT,
        related_name="status_applications",
    )
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("centre"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="status_applications",
        help_text=_("The existing centre (extensions), or the one a grant created."),
    )
    case_number = models.CharField(
        _("case number"),
        max_length=60,
        blank=True,
        help_text=_("The office's file sign."),
    )
    received_on = models.DateField(_("received on"))
    proposed_name = models.CharField(_("name of the centre"), max_length=300)
    proposed_address = models.CharField(_("address of the centre"), max_length=300)
    proposed_municipality = models.CharField(_("municipality"), max_length=100)
    proposed_places = models.PositiveIntegerField(_("number of places"))
    # What the application states (art. 4 ust. 2 of the Act). Optional, so
    # that applications registered before these were recorded stay valid;
    # an official sees which are not stated yet (`contents_not_stated`).
    planned_start_on = models.DateField(
        _("planned start of activity"), null=True, blank=True
    )
    expected_participants = models.PositiveIntegerField(
        _("expected number of participants"),
        null=True,
        blank=True,
        help_text=_(
            "As stated in the application. The number of places is how many "
            "people the centre can take at once."
        ),
    )
    target_groups = models.JSONField(
        _("target groups"),
        default=list,
        blank=True,
        help_text=_(
            "The groups of participants (art. 1 ust. 2 of the Act) the centre "
            "means to serve."
        ),
    )
    planned_activity = models.TextField(
        _("planned production, trade or service activity"), blank=True
    )
    reintegration_programme = models.TextField(
        _("programme of vocational and social reintegration"), blank=True
    )
    planned_staff_count = models.PositiveIntegerField(
        _("planned number of staff"), null=True, blank=True
    )
    planned_staff = models.TextField(
        _("planned staff and their qualifications"), blank=True
    )
    activity_schedule = models.TextField(
        _("organisation and schedule of activities"), blank=True
    )
    expected_trained = models.PositiveIntegerField(
        _("people expected to be trained"), null=True, blank=True
    )
    expected_employed = models.PositiveIntegerField(
        _("people expected to find work or start a business"), null=True, blank=True
    )
    expected_independent = models.PositiveIntegerField(
        _("people expected to become economically independent"),
        null=True,
        blank=True,
    )
    annual_budget = models.DecimalField(
        _("estimated annual budget (PLN)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[NOT_NEGATIVE_AMOUNT],
    )
    reintegration_costs = models.DecimalField(
        _("of which costs of reintegration (PLN)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[NOT_NEGATIVE_AMOUNT],
    )
    founder_setup_funds = models.DecimalField(
        _("founder's own resources for setting up the centre (PLN)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[NOT_NEGATIVE_AMOUNT],
    )
    founder_running_share = models.DecimalField(
        # xgettext:no-python-format
        _("founder's share in the running costs (%)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=PERCENT,
    )
    other_funding = models.TextField(_("other sources of funding"), blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("handled by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    state = models.CharField(
        _("state"),
        max_length=16,
        choices=ApplicationState,
        default=ApplicationState.RECEIVED,
        editable=False,
    )
    complete_on = models.DateField(
        _("complete on"),
        null=True,
        blank=True,
        editable=False,
        help_text=_(
            "The day the last missing document arrived; the deadline runs from it."
        ),
    )
    decision_due_on = models.DateField(
        _("decision due on"), null=True, blank=True, editable=False
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    history = HistoricalRecords()
    objects = StatusApplicationQuerySet.as_manager()

    class Meta:
        verbose_name = _("status application")
        verbose_name_plural = _("status applications")
        ordering = ["-received_on", "-pk"]
        indexes = [
            models.Index(
                fields=["voivodeship", "state", "decision_due_on"],
                name="units_app_voiv_state_due_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(state__in=ApplicationState.values),
                name="units_statusapplication_state_valid",
            ),
            models.CheckConstraint(
                condition=~models.Q(kind=ApplicationKind.EXTENSION)
                | models.Q(unit__isnull=False),
                name="units_statusapplication_extension_has_unit",
            ),
            models.CheckConstraint(
                condition=_none_or(annual_budget__gte=0)
                & _none_or(reintegration_costs__gte=0)
                & _none_or(founder_setup_funds__gte=0),
                name="units_app_amounts_not_negative",
            ),
            models.CheckConstraint(
                condition=_none_or(founder_running_share__gte=0)
                & _none_or(founder_running_share__lte=100),
                name="units_app_running_share_percent",
            ),
            models.CheckConstraint(
                condition=models.Q(reintegration_costs__isnull=True)
                | (
                    models.Q(annual_budget__isnull=False)
                    & models.Q(reintegration_costs__lte=F("annual_budget"))
                ),
                name="units_app_reintegration_within_budget",
            ),
            models.CheckConstraint(
                condition=models.Q(expected_participants__isnull=True)
                | (
                    _none_or(expected_trained__lte=F("expected_participants"))
                    & _none_or(expected_employed__lte=F("expected_participants"))
                    & _none_or(expected_independent__lte=F("expected_participants"))
                ),
                name="units_app_results_within_participants",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.proposed_name} ({self.received_on})"

    def get_absolute_url(self) -> str:
        return reverse("units:application_detail", kwargs={"pk": self.pk})

    def clean(self) -> None:
        super().clean()
        errors: dict[str, ValidationError] = {}
        try:
            self.target_groups = validate_target_groups(
                self.target_groups, self.received_on
            )
        except ValidationError as error:
            errors["target_groups"] = error
        if (
            self.planned_start_on
            and self.received_on
            and self.planned_start_on < self.received_on
        ):
            errors["planned_start_on"] = ValidationError(
                _("The planned start cannot precede the receipt of the application."),
                code="start_before_receipt",
            )
        participants = self.expected_participants
        for name in EXPECTED_RESULTS_FIELDS:
            value = getattr(self, name)
            if participants is not None and value is not None and value > participants:
                errors[name] = ValidationError(
                    _(
                        "Cannot exceed the expected number of participants "
                        "(%(participants)s)."
                    ),
                    code="result_over_participants",
                    params={"participants": participants},
                )
        costs, budget = self.reintegration_costs, self.annual_budget
        if costs is not None and budget is None:
            errors["reintegration_costs"] = ValidationError(
                _("State the annual budget that includes the reintegration costs."),
                code="reintegration_without_budget",
            )
        elif costs is not None and budget is not None and costs > budget:
            errors["reintegration_costs"] = ValidationError(
                _(
                    "The reintegration costs (%(costs)s PLN) cannot exceed the "
                    "annual budget (%(budget)s PLN)."
                ),
                code="reintegration_over_budget",
                params={"costs": _pln(costs), "budget": _pln(budget)},
            )
        if errors:
            raise ValidationError(errors)

    def contents_not_stated(self) -> list[str]:
        """The items of art. 4 ust. 2 the application does not state yet (as
        recorded): advice to the official, not a condition of the decision.
        A centre asking to extend its status has started already and spent
        its setup funds, so those two are not asked of it (our reading)."""
        founding_only = (
            {"planned_start_on", "founder_setup_funds"}
            if self.kind == ApplicationKind.EXTENSION
            else set()
        )
        return [
            str(self._meta.get_field(name).verbose_name)
            for name in APPLICATION_CONTENTS_FIELDS
            if name not in founding_only and getattr(self, name) in (None, "", [])
        ]

    def required_documents(self) -> list[DocumentKind]:
        """The attachments art. 4 requires of this founder."""
        founder_type = self.founding_body.founder_type
        kinds = [
            DocumentKind.ESTABLISHING_ACT
            if founder_type in LOCAL_GOVERNMENT_TYPES
            else DocumentKind.STATUTE,
            DocumentKind.DRAFT_RULES,
        ]
        if founder_type != FounderType.POWIAT:
            kinds.append(DocumentKind.STAROSTA_OPINION)
        kinds += [DocumentKind.PREMISES_TITLE, DocumentKind.PROGRAMME_FINANCING]
        return kinds


class ApplicationDocument(models.Model):
    """One attachment of an application, on the checklist of art. 4."""

    application = models.ForeignKey(
        StatusApplication,
        verbose_name=_("application"),
        on_delete=models.CASCADE,
        related_name="documents",
    )
    kind = models.CharField(_("document"), max_length=32, choices=DocumentKind)
    delivered_on = models.DateField(_("delivered on"), null=True, blank=True)
    on_paper = models.BooleanField(
        _("delivered on paper"),
        default=False,
        help_text=_("The original is in the paper file; no scan is attached."),
    )
    file = models.FileField(
        _("file"),
        upload_to=_upload_to_application,
        blank=True,
        max_length=300,
        validators=[validate_document_file],
    )
    note = models.CharField(_("note"), max_length=300, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("application document")
        verbose_name_plural = _("application documents")
        ordering = ["application", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "kind"], name="units_appdocument_kind_unique"
            ),
        ]

    def __str__(self) -> str:
        return self.get_kind_display()

    @property
    def delivered(self) -> bool:
        return self.delivered_on is not None


class SupplementRequest(models.Model):
    """A call to supplement an incomplete application (KPA art. 64 § 2)."""

    application = models.ForeignKey(
        StatusApplication,
        verbose_name=_("application"),
        on_delete=models.CASCADE,
        related_name="supplement_requests",
    )
    requested_on = models.DateField(_("requested on"))
    respond_by = models.DateField(_("respond by"))
    missing = models.JSONField(_("missing documents"), default=list)
    message = models.TextField(_("message"), blank=True)
    fulfilled_on = models.DateField(_("documents arrived on"), null=True, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("call to supplement")
        verbose_name_plural = _("calls to supplement")
        ordering = ["application", "requested_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(respond_by__gte=models.F("requested_on")),
                name="units_supplement_respond_after_request",
            ),
            models.UniqueConstraint(
                fields=["application"],
                condition=models.Q(fulfilled_on__isnull=True),
                name="units_supplement_one_open_per_application",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.application} – {self.requested_on}"


class StatusDecisionQuerySet(models.QuerySet["StatusDecision"]):
    def visible_to(self, user: Any) -> StatusDecisionQuerySet:
        return filter_by_scope(
            self, user, unit_field="unit", voivodeship_field="voivodeship"
        )


class StatusDecision(models.Model):
    """A voivode's decision on CIS status: grant, extension, refusal, loss
    (art. 6) or closure. Numbered in the office's sequence for the year."""

    kind = models.CharField(_("kind of decision"), max_length=16, choices=DecisionKind)
    voivodeship = models.ForeignKey(
        Voivodeship,
        verbose_name=_("voivodeship"),
        on_delete=models.PROTECT,
        related_name="status_decisions",
    )
    application = models.ForeignKey(
        StatusApplication,
        verbose_name=_("application"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="decisions",
    )
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("centre"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="status_decisions",
    )
    year = models.PositiveIntegerField(_("year"), editable=False)
    sequence = models.PositiveIntegerField(
        _("number in the year"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("Empty for decisions imported from an earlier register."),
    )
    number = models.CharField(_("decision number"), max_length=100, unique=True)
    issued_on = models.DateField(_("issued on"))
    valid_until = models.DateField(
        _("status valid until"),
        null=True,
        blank=True,
        help_text=_("For a grant or an extension: the last day of the status."),
    )
    loss_ground = models.CharField(
        _("ground of loss"), max_length=32, choices=LossGround, blank=True
    )
    loss_initiated_by = models.CharField(
        _("case started by"), max_length=32, choices=LossInitiator, blank=True
    )
    legal_basis = models.TextField(_("legal basis"))
    ruling = models.TextField(_("ruling"))
    reasoning = models.TextField(_("reasoning"), blank=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("issued by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Empty for decisions imported from an earlier register."),
    )
    pdf = models.FileField(
        _("decision (PDF)"), upload_to=_upload_to_decision, blank=True, max_length=300
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    history = HistoricalRecords()
    objects = StatusDecisionQuerySet.as_manager()

    class Meta:
        verbose_name = _("status decision")
        verbose_name_plural = _("status decisions")
        ordering = ["-issued_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["voivodeship", "year", "sequence"],
                name="units_statusdecision_sequence_unique",
            ),
            models.CheckConstraint(
                condition=models.Q(kind__in=DecisionKind.values),
                name="units_statusdecision_kind_valid",
            ),
            models.CheckConstraint(
                condition=~models.Q(
                    kind__in=[DecisionKind.GRANT, DecisionKind.EXTENSION]
                )
                | (models.Q(valid_until__isnull=False) & models.Q(unit__isnull=False)),
                name="units_statusdecision_grant_has_unit_and_term",
            ),
            models.CheckConstraint(
                condition=~models.Q(kind=DecisionKind.LOSS) | ~models.Q(loss_ground=""),
                name="units_statusdecision_loss_has_ground",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} ({self.get_kind_display()})"

    def get_absolute_url(self) -> str:
        return reverse("units:decision_detail", kwargs={"pk": self.pk})


class DecisionCounter(models.Model):
    """The last number used in a voivodeship office's sequence for a year.

    Locked (select_for_update) while a decision is numbered, so two officials
    issuing at once get consecutive numbers.
    """

    voivodeship = models.ForeignKey(
        Voivodeship, verbose_name=_("voivodeship"), on_delete=models.CASCADE
    )
    year = models.PositiveIntegerField(_("year"))
    last = models.PositiveIntegerField(_("last number"), default=0)

    class Meta:
        verbose_name = _("decision counter")
        verbose_name_plural = _("decision counters")
        constraints = [
            models.UniqueConstraint(
                fields=["voivodeship", "year"], name="units_decisioncounter_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.voivodeship} {self.year}: {self.last}"


# Supervision of a CIS by the voivode (art. 5b of the Act, since 15 February 2022).


class InspectionQuerySet(models.QuerySet["Inspection"]):
    def visible_to(self, user: Any) -> InspectionQuerySet:
        """Inspections of the official's voivodeship (all for national scope);
        unit staff see those of their own centres, the supervised party."""
        return filter_by_scope(
            self, user, unit_field="unit", voivodeship_field="voivodeship"
        )


class Inspection(models.Model):
    """One act of the voivode's supervision of a centre (art. 5b ust. 1)."""

    unit = models.ForeignKey(
        Unit,
        verbose_name=_("centre"),
        on_delete=models.PROTECT,
        related_name="inspections",
    )
    voivodeship = models.ForeignKey(
        Voivodeship,
        verbose_name=_("voivodeship"),
        on_delete=models.PROTECT,
        related_name="inspections",
        help_text=_("The supervising voivode's, copied from the centre."),
    )
    started_on = models.DateField(_("started on"))
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    scope = models.TextField(
        _("scope"),
        help_text=_(
            "What was examined: reintegration work, the conditions of art. 4, "
            "the annual report."
        ),
    )
    findings = models.TextField(_("findings"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    history = HistoricalRecords()
    objects = InspectionQuerySet.as_manager()

    class Meta:
        verbose_name = _("inspection")
        verbose_name_plural = _("inspections")
        ordering = ["-started_on", "-pk"]
        indexes = [
            models.Index(
                fields=["voivodeship", "started_on"],
                name="units_inspection_voiv_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ended_on__isnull=True)
                | models.Q(ended_on__gte=models.F("started_on")),
                name="units_inspection_ended_after_started",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit.name} – {self.started_on}"

    def get_absolute_url(self) -> str:
        return reverse("units:inspection_detail", kwargs={"pk": self.pk})

    def clean(self) -> None:
        super().clean()
        if self.ended_on and self.started_on and self.ended_on < self.started_on:
            raise ValidationError(
                {
                    "ended_on": ValidationError(
                        _("An inspection cannot end before it starts."),
                        code="ended_before_started",
                    )
                }
            )


class RecommendationQuerySet(models.QuerySet["Recommendation"]):
    def visible_to(self, user: Any) -> RecommendationQuerySet:
        return filter_by_scope(
            self,
            user,
            unit_field="inspection__unit",
            voivodeship_field="inspection__voivodeship",
        )

    def overdue_on(self, day: datetime.date) -> RecommendationQuerySet:
        """Deadline passed before `day` and not fulfilled by then."""
        return self.filter(deadline__lt=day).filter(
            models.Q(met_on__isnull=True) | models.Q(met_on__gt=day)
        )

    def with_overdue(self, day: datetime.date) -> RecommendationQuerySet:
        """Annotate `is_overdue` on `day`, computed by the database."""
        overdue = models.Q(deadline__lt=day) & (
            models.Q(met_on__isnull=True) | models.Q(met_on__gt=day)
        )
        return self.annotate(
            is_overdue=models.Case(
                models.When(overdue, then=models.Value(True)),
                default=models.Value(False),
                output_field=models.BooleanField(),
            )
        )


class Recommendation(models.Model):
    """A demand for explanations or an order to remedy irregularities sent to
    the centre after supervision (art. 5b ust. 2), with its deadline.

    Deadlines passed without effect can ground a loss of status (art. 6 ust. 1a).
    """

    inspection = models.ForeignKey(
        Inspection,
        verbose_name=_("inspection"),
        on_delete=models.PROTECT,
        related_name="recommendations",
    )
    kind = models.CharField(
        _("kind of recommendation"), max_length=16, choices=RecommendationKind
    )
    text = models.TextField(_("content"))
    delivered_on = models.DateField(
        _("delivered on"),
        help_text=_("The day the centre received it; the deadline runs from it."),
    )
    deadline = models.DateField(_("deadline"))
    met_on = models.DateField(_("fulfilled on"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("issued by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    history = HistoricalRecords()
    objects = RecommendationQuerySet.as_manager()

    class Meta:
        verbose_name = _("recommendation")
        verbose_name_plural = _("recommendations")
        ordering = ["inspection", "delivered_on", "pk"]
        indexes = [
            models.Index(
                fields=["deadline"],
                condition=models.Q(met_on__isnull=True),
                name="units_recommendation_open_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=RecommendationKind.values),
                name="units_recommendation_kind_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(deadline__gte=models.F("delivered_on")),
                name="units_recommendation_deadline_after_delivery",
            ),
            models.CheckConstraint(
                condition=models.Q(met_on__isnull=True)
                | models.Q(met_on__gte=models.F("delivered_on")),
                name="units_recommendation_met_after_delivery",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} – {self.deadline}"


# The register of social integration clubs (art. 18a of the Act, since
# 15 February 2022).


class KisNotificationQuerySet(models.QuerySet["KisNotification"]):
    def visible_to(self, user: Any) -> KisNotificationQuerySet:
        """Notifications of the official's voivodeship (all for national
        scope); unit staff see those of their own clubs."""
        return filter_by_scope(
            self, user, unit_field="unit", voivodeship_field="voivodeship"
        )


class KisNotification(models.Model):
    """A founder's notification of a club's founding (art. 18a ust. 2 and 3)
    or closure (art. 18a ust. 4), as the voivode's office handles it."""

    history_names = {"activity_types": kis_activity_names}

    kind = models.CharField(
        _("kind of notification"), max_length=16, choices=KisNotificationKind
    )
    voivodeship = models.ForeignKey(
        Voivodeship,
        verbose_name=_("voivodeship"),
        on_delete=models.PROTECT,
        related_name="kis_notifications",
        help_text=_("The voivode competent for the place where the club operates."),
    )
    founding_body = models.ForeignKey(
        FoundingBody,
        verbose_name=_("founding body"),
        on_delete=models.PROTECT,
        related_name="kis_notifications",
    )
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("club"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="kis_notifications",
        help_text=_("The club entered on this notification, or the one that closed."),
    )
    received_on = models.DateField(_("received on"))
    club_name = models.CharField(_("name of the club"), max_length=300)
    address = models.CharField(_("address of the club"), max_length=300, blank=True)
    municipality = models.CharField(_("municipality"), max_length=100, blank=True)
    activity_types = models.JSONField(_("activity types"), default=list, blank=True)
    planned_start = models.DateField(
        _("start of activity"),
        null=True,
        blank=True,
        help_text=_("The day the club starts (a founding)."),
    )
    activity_ended_on = models.DateField(
        _("activity ended on"),
        null=True,
        blank=True,
        help_text=_("The day the club closed (a closure)."),
    )
    state = models.CharField(
        _("state"),
        max_length=16,
        choices=KisNotificationState,
        default=KisNotificationState.RECEIVED,
        editable=False,
    )
    register_due_on = models.DateField(
        _("entry due on"),
        null=True,
        blank=True,
        editable=False,
        help_text=_(
            "30 days from the notification (art. 18a ust. 2); empty while the "
            "founder is called to complete it."
        ),
    )
    completion_requested_on = models.DateField(
        _("called to complete on"), null=True, blank=True
    )
    completion_message = models.TextField(_("what is to be completed"), blank=True)
    completed_on = models.DateField(
        _("completed on"),
        null=True,
        blank=True,
        help_text=_("The day the completed notification arrived."),
    )
    entered_on = models.DateField(
        _("entered in the register on"), null=True, blank=True
    )
    late = models.BooleanField(
        _("notified late"),
        default=False,
        editable=False,
        help_text=_("A closure notified after the 30 days of art. 18a ust. 4."),
    )
    found_by_voivode = models.BooleanField(
        _("closure found by the voivode"),
        default=False,
        help_text=_(
            "The voivode found that the club closed, without the operator's "
            "notice (art. 18a ust. 5); the date received is the day it was found."
        ),
    )
    finding = models.TextField(
        _("how the closure was found"),
        blank=True,
        max_length=2000,
        validators=[MaxLengthValidator(2000)],
        help_text=_(
            "For example: an inspection, returned letters, the operator's "
            "statement on record."
        ),
    )
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("handled by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    history = HistoricalRecords()
    objects = KisNotificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("KIS notification")
        verbose_name_plural = _("KIS notifications")
        ordering = ["-received_on", "-pk"]
        indexes = [
            models.Index(
                fields=["voivodeship", "state", "register_due_on"],
                name="units_kisnotif_voiv_due_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=KisNotificationKind.values),
                name="units_kisnotification_kind_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(state__in=KisNotificationState.values),
                name="units_kisnotification_state_valid",
            ),
            models.CheckConstraint(
                condition=~models.Q(kind=KisNotificationKind.CLOSURE)
                | (
                    models.Q(unit__isnull=False)
                    & models.Q(activity_ended_on__isnull=False)
                ),
                name="units_kisnotification_closure_has_unit",
            ),
            models.CheckConstraint(
                condition=~models.Q(state=KisNotificationState.ENTERED)
                | (models.Q(unit__isnull=False) & models.Q(entered_on__isnull=False)),
                name="units_kisnotification_entered_has_unit",
            ),
            models.CheckConstraint(
                condition=models.Q(entered_on__isnull=True)
                | models.Q(entered_on__gte=models.F("received_on")),
                name="units_kisnotification_entered_after_received",
            ),
            # Found by the voivode (art. 18a ust. 5): a closure, said how,
            # never late; a notice says nothing of a finding.
            models.CheckConstraint(
                condition=(models.Q(found_by_voivode=False) & models.Q(finding=""))
                | (
                    models.Q(found_by_voivode=True)
                    & models.Q(kind=KisNotificationKind.CLOSURE)
                    & ~models.Q(finding="")
                    & models.Q(late=False)
                ),
                name="units_kisnotification_found_by_voivode",
            ),
            models.UniqueConstraint(
                fields=["unit", "kind"],
                condition=models.Q(unit__isnull=False),
                name="units_kisnotification_one_per_unit_and_kind",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.club_name} ({self.received_on})"

    def get_absolute_url(self) -> str:
        return reverse("units:kis_notification_detail", kwargs={"pk": self.pk})

    def clean(self) -> None:
        super().clean()
        check_activity_types(
            self.activity_types, required=self.kind == KisNotificationKind.FOUNDING
        )

    def get_activity_types_display(self) -> list[str]:
        return kis_activity_names(self.activity_types)


class SubsidyReturn(models.Model):
    """What a centre that lost its status returns of its unused subsidies
    (art. 6 ust. 3 of the Act), established by the voivodeship office."""

    decision = models.OneToOneField(
        StatusDecision,
        verbose_name=_("decision on loss of status"),
        on_delete=models.PROTECT,
        related_name="subsidy_return",
    )
    unused_amount = models.DecimalField(
        _("unused subsidy money (PLN)"), max_digits=12, decimal_places=2
    )
    established_on = models.DateField(
        _("established on"),
        help_text=_("The day on which the unused amount was established."),
    )
    note = models.TextField(_("note"), blank=True, max_length=2000)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("return of unused subsidies")
        verbose_name_plural = _("returns of unused subsidies")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(unused_amount__gte=0),
                name="units_subsidyreturn_unused_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.decision.number}: {self.unused_amount} zł"

    def rows(self) -> list[tuple[SubsidyReturnLine, Decimal]]:
        """Each line with its share of all the subsidies, in percent."""
        lines = list(self.lines.all())
        total = sum((line.granted for line in lines), Decimal(0))
        return [
            (line, (line.granted * 100 / total).quantize(Decimal("0.01")))
            for line in lines
        ]


class SubsidyReturnLine(models.Model):
    """One grantor's subsidy and the part of the unused money it gets back."""

    settlement = models.ForeignKey(
        SubsidyReturn,
        verbose_name=_("return of unused subsidies"),
        on_delete=models.CASCADE,
        related_name="lines",
    )
    position = models.PositiveSmallIntegerField(_("position"))
    grantor = models.CharField(_("granted by"), max_length=300)
    grantor_kind = models.CharField(
        _("kind of grantor"), max_length=16, choices=GrantorKind
    )
    granted = models.DecimalField(
        _("subsidy granted (PLN)"), max_digits=12, decimal_places=2
    )
    to_return = models.DecimalField(
        _("to be returned (PLN)"), max_digits=12, decimal_places=2
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("subsidy to be returned")
        verbose_name_plural = _("subsidies to be returned")
        ordering = ["settlement", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["settlement", "position"],
                name="units_subsidyreturnline_position_unique",
            ),
            models.CheckConstraint(
                condition=models.Q(granted__gt=0)
                & models.Q(to_return__gte=0)
                & models.Q(to_return__lte=F("granted")),
                name="units_subsidyreturnline_amounts",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.grantor}: {self.to_return} zł"
