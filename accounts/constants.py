from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """What kind of account a user has; it sets the scope of what they see."""

    UNIT_STAFF = "unit_staff", _("unit staff")
    VOIVODESHIP_OFFICIAL = "voivodeship_official", _("voivodeship official")
    MINISTRY_ANALYST = "ministry_analyst", _("ministry analyst")


class MembershipRole(models.TextChoices):
    """A unit-staff user's role in one unit."""

    STAFF = "staff", _("staff")
    MANAGER = "manager", _("manager")
