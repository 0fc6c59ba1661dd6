from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Sex(models.TextChoices):
    F = "F", pgettext_lazy("sex", "woman")
    M = "M", pgettext_lazy("sex", "man")


class DocumentType(models.TextChoices):
    """Identity documents of people without a PESEL number."""

    PASSPORT = "passport", _("passport")
    RESIDENCE_CARD = "residence_card", _("residence card")
    FOREIGN_ID = "foreign_id", _("foreign identity card")
    TRAVEL_DOCUMENT = "travel_document", _("travel document for a foreigner")
    OTHER = "other", _("other document")


class Education(models.TextChoices):
    NONE = "none", _("no formal education")
    PRIMARY = "primary", _("primary or lower secondary")
    VOCATIONAL = "vocational", _("basic vocational")
    SECONDARY = "secondary", _("secondary")
    POST_SECONDARY = "post_secondary", _("post-secondary")
    HIGHER = "higher", _("higher")


class Benefit(models.TextChoices):
    """Entitlements that exclude a person from social employment (art. 1 ust. 3)."""

    UNEMPLOYMENT_BENEFIT = "unemployment_benefit", _("unemployment benefit")
    PRE_RETIREMENT_ALLOWANCE = (
        "pre_retirement_allowance",
        _("pre-retirement allowance"),
    )
    PRE_RETIREMENT_BENEFIT = "pre_retirement_benefit", _("pre-retirement benefit")
    STRUCTURAL_PENSION = "structural_pension", _("structural pension")
    INCAPACITY_PENSION = (
        "incapacity_pension",
        _("disability pension for inability to work"),
    )
    OLD_AGE_PENSION = "old_age_pension", _("old-age pension")
    TEACHERS_COMPENSATORY = (
        "teachers_compensatory",
        _("teachers' compensatory allowance"),
    )


# The point of art. 1 ust. 3 that names each entitlement.
BENEFIT_POINTS = {
    Benefit.UNEMPLOYMENT_BENEFIT: 1,
    Benefit.PRE_RETIREMENT_ALLOWANCE: 2,
    Benefit.PRE_RETIREMENT_BENEFIT: 3,
    Benefit.STRUCTURAL_PENSION: 5,
    Benefit.INCAPACITY_PENSION: 6,
    Benefit.OLD_AGE_PENSION: 7,
    Benefit.TEACHERS_COMPENSATORY: 8,
}


class ReferralRequester(models.TextChoices):
    """Who asked for the referral (art. 12 ust. 1)."""

    SELF = "self", _("the person (own application) or their legal representative")
    TREATMENT = "treatment_facility", _("addiction-treatment facility")
    PCPR = "pcpr", _("county family-support centre (PCPR)")
    OPS = "ops", _("social-assistance centre (OPS)")
    CUS = "cus", _("social-services centre (CUS)")
    PUP = "pup", _("county labour office (PUP)")
    NGO = "ngo", _("non-governmental organisation")
    KIS = "kis", _("social integration club (KIS)")
    OTHER = "other", _("other")


class ReferralIssuer(models.TextChoices):
    """Who issued the referral (art. 12 ust. 1); a KIS may take people without."""

    OPS = "ops", _("social-assistance centre (OPS)")
    CUS = "cus", _("social-services centre (CUS)")
    PUP = "pup", _("county labour office (PUP)")
    NONE = "none", _("no referral (own application to a KIS)")


class ParticipationState(models.TextChoices):
    """Where a participation is. The trial period and the signed programme
    are read from dates and programme versions, not stored as states."""

    REFERRED = "referred", _("referred, not yet admitted")
    ACTIVE = "active", _("taking part")
    EXITED = "exited", _("exited")
    NOT_ADMITTED = "not_admitted", _("not admitted")


OPEN_STATES = (ParticipationState.REFERRED, ParticipationState.ACTIVE)


class Stage(models.TextChoices):
    """What the list filter offers: the state, with the trial period apart."""

    REFERRED = "referred", _("referred")
    TRIAL = "trial", _("in the trial period")
    PROGRAMME = "programme", _("in the programme")
    EXITED = "exited", _("exited")
    NOT_ADMITTED = "not_admitted", _("not admitted")


class ExitReason(models.TextChoices):
    COMPLETED = "completed", _("completed the programme")
    EMPLOYMENT = "employment", _("took up employment")
    REMOVED = "removed", _("removed by decision of the head of the unit")
    RESIGNED = "resigned", _("resigned")
    OTHER = "other", _("other")


class RemovalGround(models.TextChoices):
    """Why the head of a centre ends a programme by decision (art. 13 ust. 4
    pkt 1 and 2, ust. 4a); the participant's own withdrawal (pkt 3) is the
    exit reason "resigned"."""

    BREACH_PROGRAMME = (
        "breach_programme",
        _(
            "persistent breach of the programme that prevents carrying it out "
            "(art. 13 ust. 4 pkt 1)"
        ),
    )
    ABSENCE = (
        "absence",
        _("permanent absence from the activities (art. 13 ust. 4 pkt 2)"),
    )


class Outcome(models.TextChoices):
    """What the person does after the unit."""

    OPEN_MARKET = "open_market", _("employment on the open labour market")
    SUPPORTED = "supported_employment", _("supported employment")
    SOCIAL_COOPERATIVE = "social_cooperative", _("social cooperative")
    OWN_BUSINESS = "own_business", _("own business")
    CONTINUED = "continued_activation", _("continued activation")
    NONE = "none", _("none")


class FollowUpOutcome(models.TextChoices):
    OPEN_MARKET = Outcome.OPEN_MARKET.value, Outcome.OPEN_MARKET.label
    SUPPORTED = Outcome.SUPPORTED.value, Outcome.SUPPORTED.label
    SOCIAL_COOPERATIVE = (
        Outcome.SOCIAL_COOPERATIVE.value,
        Outcome.SOCIAL_COOPERATIVE.label,
    )
    OWN_BUSINESS = Outcome.OWN_BUSINESS.value, Outcome.OWN_BUSINESS.label
    CONTINUED = Outcome.CONTINUED.value, Outcome.CONTINUED.label
    NONE = Outcome.NONE.value, _("not working and not in activation")
    NO_CONTACT = "no_contact", _("no contact with the person")


# Outcomes that count as work.
EMPLOYED_OUTCOMES = (
    Outcome.OPEN_MARKET,
    Outcome.SUPPORTED,
    Outcome.SOCIAL_COOPERATIVE,
    Outcome.OWN_BUSINESS,
)

# Months after the exit at which the unit checks the outcome; 12 when the
# unit chooses it for the participation. The ministry's reporting asks about
# the situation after the programme; these are not figures of the Act.
FOLLOW_UP_MONTHS = (3, 6)
FOLLOW_UP_OPTIONAL_MONTHS = 12


class EvidenceKind(models.TextChoices):
    """What documents a ground of exclusion."""

    OPS_CERTIFICATE = "ops_certificate", _("certificate or interview of the OPS/CUS")
    PUP_CERTIFICATE = "pup_certificate", _("labour office certificate")
    MEDICAL = "medical", _("medical or treatment certificate")
    DISABILITY = "disability", _("disability certificate (orzeczenie)")
    PRISON = "prison", _("certificate of release from prison")
    HOMELESSNESS_PROGRAMME = (
        "homelessness_programme",
        _("individual programme of leaving homelessness"),
    )
    INTEGRATION_PROGRAMME = (
        "integration_programme",
        _("individual integration programme (refugee)"),
    )
    STATEMENT = "statement", _("the person's statement")
    OTHER = "other", _("other document")


class ProgrammeKind(models.TextChoices):
    IPZS = "ipzs", _("individual social-employment programme (IPZS)")
    KIS_PLAN = "kis_plan", _("individual plan of a KIS participant")
    SOCIAL_CONTRACT = "social_contract", _("social contract")


class ProgrammeChange(models.TextChoices):
    INITIAL = "initial", _("first version")
    AMENDMENT = "amendment", _("amendment")
    EXTENSION = "extension", _("extension")


class AccessAction(models.TextChoices):
    VIEW = "view", _("viewed the record")
    EDIT = "edit", _("changed the record")
    EXPORT = "export", _("exported a list with personal data")
    DOCUMENT = "document", _("downloaded a document")
    DATA_EXPORT = "data_export", _("exported all data held (GDPR art. 15)")
    ANONYMISE = "anonymise", _("anonymised the record")
