"""What a centre provides to each participant (art. 14 ust. 2 of the Act)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ProvisionKind(models.TextChoices):
    """Art. 14 ust. 2 pkt 1-4: what the head of the centre provides."""

    OHS_TRAINING = "ohs_training", _("occupational health and safety training")
    MEDICAL_EXAMINATION = "medical_examination", _("medical examination")
    WORK_CLOTHING = "work_clothing", _("work clothing and footwear")
    PROTECTIVE_EQUIPMENT = (
        "protective_equipment",
        _("personal protective equipment"),
    )


# The article and point of each kind, as the pages cite it.
PROVISION_POINTS = {
    ProvisionKind.OHS_TRAINING: "art. 14 ust. 2 pkt 1",
    ProvisionKind.MEDICAL_EXAMINATION: "art. 14 ust. 2 pkt 2",
    ProvisionKind.WORK_CLOTHING: "art. 14 ust. 2 pkt 3",
    ProvisionKind.PROTECTIVE_EQUIPMENT: "art. 14 ust. 2 pkt 4",
}

# What every participant of a centre must have before the workshop; personal
# protective equipment depends on the workshop, so its absence is no warning.
REQUIRED_KINDS = (
    ProvisionKind.OHS_TRAINING,
    ProvisionKind.MEDICAL_EXAMINATION,
    ProvisionKind.WORK_CLOTHING,
)


class ExaminationResult(models.TextChoices):
    """The doctor's finding on a participant's medical examination."""

    FIT = "fit", _("fit to take part in the activities")
    FIT_WITH_RESTRICTIONS = "fit_with_restrictions", _("fit with restrictions")
    UNFIT = "unfit", _("unfit")


class MissingProvision(models.TextChoices):
    """What the list of missing provisions filters by."""

    OHS_TRAINING = "ohs_training", _("no health and safety training")
    MEDICAL_EXAMINATION = "medical_examination", _("no medical examination")
    EXAMINATION_EXPIRED = "examination_expired", _("medical examination expired")
    EXAMINATION_EXPIRING = (
        "examination_expiring",
        _("medical examination expires within 30 days"),
    )
    WORK_CLOTHING = "work_clothing", _("no work clothing and footwear")
    EXAMINATION_UNFIT = (
        "examination_unfit",
        _("the latest medical examination found the person unfit"),
    )


# A medical examination that stops being valid within this many days is
# flagged ahead of time, so that the next one can be arranged.
EXPIRY_WARNING_DAYS = 30
