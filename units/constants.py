from django.db import models
from django.utils.translation import gettext_lazy as _


class UnitKind(models.TextChoices):
    CIS = "CIS", _("Social Integration Centre (CIS)")
    KIS = "KIS", _("Social Integration Club (KIS)")


class FounderGroup(models.TextChoices):
    LOCAL_GOVERNMENT = "local_government", _("local government")
    SOCIAL_ECONOMY = "social_economy", _("social economy")


class FounderType(models.TextChoices):
    GMINA = "gmina", _("municipality (gmina)")
    POWIAT = "powiat", _("county (powiat)")
    WOJEWODZTWO = "wojewodztwo", _("voivodeship self-government")
    JST_UNIT = "jst_unit", _("local-government unit (OPS, DPS, PCPR…)")
    NGO = "ngo", _("non-governmental organisation")
    CHURCH = "church", _("church legal person")
    SOCIAL_COOPERATIVE = "social_cooperative", _("social cooperative of legal persons")


LOCAL_GOVERNMENT_TYPES = frozenset(
    {
        FounderType.GMINA,
        FounderType.POWIAT,
        FounderType.WOJEWODZTWO,
        FounderType.JST_UNIT,
    }
)


def founder_group_of(founder_type: str) -> FounderGroup:
    """The group (DESIGN section 5) that a founder type belongs to."""
    if founder_type in LOCAL_GOVERNMENT_TYPES:
        return FounderGroup.LOCAL_GOVERNMENT
    return FounderGroup.SOCIAL_ECONOMY
