"""Enumerations of the voivode's supervision of a CIS (art. 5b of the Act)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from units.constants import RuleCode


class RecommendationKind(models.TextChoices):
    """What the voivode demands after supervision (art. 5b ust. 2)."""

    EXPLANATIONS = (
        "explanations",
        _("demand for explanations (art. 5b ust. 2 pkt 1)"),
    )
    REMEDY = (
        "remedy",
        _("order to remedy irregularities (art. 5b ust. 2 pkt 2)"),
    )


# The dated rule giving the shortest deadline the voivode may set, per kind.
MINIMUM_DEADLINE_RULE = {
    RecommendationKind.EXPLANATIONS: RuleCode.SUPERVISION_EXPLANATION_DAYS,
    RecommendationKind.REMEDY: RuleCode.SUPERVISION_REMEDY_DAYS,
}
