from django.contrib.auth.models import (
    AbstractBaseUser,
    BaseUserManager,
    PermissionsMixin,
)
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.constants import MembershipRole, Role


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra: object) -> "User":
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(
        self, email: str, password: str | None = None, **extra: object
    ) -> "User":
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(
        self, email: str, password: str | None = None, **extra: object
    ) -> "User":
        extra["is_staff"] = True
        extra["is_superuser"] = True
        return self._create_user(email, password, **extra)

    def get_by_natural_key(self, username: str | None) -> "User":
        # Log-in by e-mail is case-insensitive.
        return self.get(email__iexact=username)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who logs in. Their role and memberships set what they see."""

    email = models.EmailField(_("e-mail address"), unique=True)
    full_name = models.CharField(_("full name"), max_length=200)
    role = models.CharField(
        _("role"),
        max_length=32,
        choices=Role,
        default=Role.UNIT_STAFF,
        help_text=_(
            "Unit staff see the units they are members of; officials their "
            "voivodeship; analysts the whole country, as aggregates only."
        ),
    )
    voivodeship = models.ForeignKey(
        "units.Voivodeship",
        verbose_name=_("voivodeship"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="officials",
        help_text=_("Only for voivodeship officials: the office they work for."),
    )
    is_active = models.BooleanField(
        _("active"),
        default=True,
        help_text=_("Unselect this instead of deleting the account."),
    )
    is_staff = models.BooleanField(
        _("administration site access"),
        default=False,
        help_text=_("Whether the user can log into the administration site."),
    )
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)

    history = HistoricalRecords(excluded_fields=["password", "last_login"])

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["full_name", "email"]
        constraints = [
            models.UniqueConstraint(
                Lower("email"), name="accounts_user_email_ci_unique"
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(role=Role.VOIVODESHIP_OFFICIAL, voivodeship__isnull=False)
                    | (
                        ~models.Q(role=Role.VOIVODESHIP_OFFICIAL)
                        & models.Q(voivodeship__isnull=True)
                    )
                ),
                name="accounts_user_voivodeship_iff_official",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.full_name} <{self.email}>" if self.full_name else self.email

    def clean(self) -> None:
        super().clean()
        self.email = self.__class__.objects.normalize_email(self.email).lower()
        if self.role == Role.VOIVODESHIP_OFFICIAL and self.voivodeship_id is None:
            raise ValidationError(
                {"voivodeship": _("A voivodeship official must have a voivodeship.")},
                code="official_without_voivodeship",
            )
        if self.role != Role.VOIVODESHIP_OFFICIAL and self.voivodeship_id is not None:
            raise ValidationError(
                {"voivodeship": _("Only voivodeship officials have a voivodeship.")},
                code="voivodeship_not_official",
            )

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email


class Membership(models.Model):
    """A unit-staff user's place in one unit, as staff or as manager."""

    user = models.ForeignKey(
        User,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    unit = models.ForeignKey(
        "units.Unit",
        verbose_name=_("unit"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    role = models.CharField(
        _("role in the unit"),
        max_length=16,
        choices=MembershipRole,
        default=MembershipRole.STAFF,
        help_text=_("Managers may also approve allowances and submit reports."),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["unit__name", "user__full_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "unit"], name="accounts_membership_user_unit_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.unit} ({self.get_role_display()})"

    def clean(self) -> None:
        super().clean()
        if self.user_id and self.user.role != Role.UNIT_STAFF:
            raise ValidationError(
                {"user": _("Only unit-staff accounts can be members of a unit.")},
                code="membership_not_unit_staff",
            )
