from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


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


class CisStatus(models.TextChoices):
    """A centre's status at a date, derived from its decisions."""

    NONE = "none", pgettext_lazy("CIS status", "no status")
    ACTIVE = "active", pgettext_lazy("CIS status", "active")
    EXPIRED = "expired", pgettext_lazy("CIS status", "expired")
    LOST = "lost", pgettext_lazy("CIS status", "lost by decision")
    CLOSED = "closed", pgettext_lazy("CIS status", "closed")


class ApplicationKind(models.TextChoices):
    GRANT = "grant", _("grant of CIS status")
    EXTENSION = "extension", _("extension of CIS status")


class ApplicationState(models.TextChoices):
    RECEIVED = "received", _("received")
    INCOMPLETE = "incomplete", _("called to supplement")
    COMPLETE = "complete", _("complete")
    DECIDED = "decided", _("decided")


class DecisionKind(models.TextChoices):
    GRANT = "grant", _("grant of status")
    EXTENSION = "extension", _("extension of status")
    REFUSAL = "refusal", _("refusal of status")
    LOSS = "loss", _("loss of status")
    CLOSURE = "closure", _("closure of the centre")


# Decisions that change a centre's status (a refusal leaves it as it was).
STATUS_DECISIONS = (
    DecisionKind.GRANT,
    DecisionKind.EXTENSION,
    DecisionKind.LOSS,
    DecisionKind.CLOSURE,
)


class LossInitiator(models.TextChoices):
    """Who started the case of a loss of status (art. 6 ust. 1 of the Act:
    the voivode of its own motion, or at the request of the marshal, the
    wójt, burmistrz or city president who grants the centre subsidies, or of
    the founding body)."""

    EX_OFFICIO = "ex_officio", _("the voivode, ex officio")
    MARSHAL = "marshal", _("request of the voivodeship marshal granting subsidies")
    MUNICIPALITY = (
        "municipality",
        _("request of the wójt, burmistrz or city president granting subsidies"),
    )
    FOUNDER = "founder", _("request of the founding body")


class LossGround(models.TextChoices):
    """Grounds for a decision on loss of CIS status (art. 6 of the Act)."""

    NOT_CARRYING_OUT = (
        "not_carrying_out",
        _("does not carry out the application's assumptions (art. 6 ust. 1)"),
    )
    IRREGULAR_FINANCES = (
        "irregular_finances",
        _("irregular settlement of public funds (art. 6 ust. 1)"),
    )
    SUPERVISION_IGNORED = (
        "supervision_ignored",
        _("supervision deadlines passed without effect (art. 6 ust. 1a)"),
    )
    FOUNDER_REQUEST = (
        "founder_request",
        _("request of the founding body (art. 6 ust. 1a)"),
    )
    FOUNDER_DISSOLVED = (
        "founder_dissolved",
        _("the founding body was wound up (art. 6 ust. 2)"),
    )


class DocumentKind(models.TextChoices):
    """Attachments of an application for CIS status (art. 4 of the Act)."""

    ESTABLISHING_ACT = (
        "establishing_act",
        _("act establishing the centre as a budgetary unit or establishment"),
    )
    STATUTE = "statute", _("founder's statute or equivalent document")
    DRAFT_RULES = "draft_rules", _("draft rules (regulamin) of the centre")
    STAROSTA_OPINION = "starosta_opinion", _("opinion of the starosta")
    PREMISES_TITLE = "premises_title", _("legal title to the premises")
    PROGRAMME_FINANCING = (
        "programme_financing",
        _("planned reintegration programme and financing"),
    )


class RuleCode(models.TextChoices):
    """Legal rules kept as dated data (docs/legal-basis.md)."""

    CIS_FOUNDER_TYPES = "cis_founder_types", _("founder types that may create a CIS")
    KIS_FOUNDER_TYPES = "kis_founder_types", _("founder types that may run a KIS")
    CIS_STATUS_YEARS = "cis_status_years", _("years for which CIS status is granted")
    DECISION_MONTHS = (
        "decision_months",
        _("months to decide a case needing explanatory proceedings"),
    )
    SATURDAY_IS_HOLIDAY = (
        "saturday_is_holiday",
        _("a deadline ending on Saturday moves to the next working day"),
    )
    APPEAL_DAYS = "appeal_days", _("days to appeal against a decision")
    KIS_REGISTER_DAYS = (
        "kis_register_days",
        _("days to enter a notified KIS in the register"),
    )
    KIS_CLOSURE_NOTICE_DAYS = (
        "kis_closure_notice_days",
        _("days to notify the closure of a KIS"),
    )
    SUPERVISION_EXPLANATION_DAYS = (
        "supervision_explanation_days",
        _("minimum days for explanations after supervision"),
    )
    SUPERVISION_REMEDY_DAYS = (
        "supervision_remedy_days",
        _("minimum days to remedy irregularities after supervision"),
    )
    ACT_CITATION = (
        "act_citation",
        _("consolidated text of the Act cited in decisions"),
    )
    # Participants (art. 1, 12-15 of the Act), applied by the participants app.
    CIS_EXCLUDING_BENEFITS = (
        "cis_excluding_benefits",
        _("entitlements that exclude a person from a CIS"),
    )
    KIS_EXCLUDING_BENEFITS = (
        "kis_excluding_benefits",
        _("entitlements that exclude a person from a KIS"),
    )
    REFERRAL_ISSUERS = (
        "referral_issuers",
        _("who issues a referral, by primary ground"),
    )
    TRIAL_MONTHS = "trial_months", _("months of the trial period in a CIS")
    PARTICIPATION_MONTHS = (
        "participation_months",
        _("months of participation in a CIS after the trial period"),
    )
    EXTENSION_MONTHS = (
        "extension_months",
        _("months by which participation in a CIS may be extended"),
    )
    WEEKLY_HOURS = "weekly_hours", _("hours a week of activities in a CIS")
    # Integration allowance (art. 15, 15a of the Act), applied by the programs app.
    ALLOWANCE_TRIAL_PERCENT = (
        "allowance_trial_percent",
        # xgettext:no-python-format
        _("allowance in the trial period, % of the unemployment benefit"),
    )
    ALLOWANCE_PROGRAMME_PERCENT = (
        "allowance_programme_percent",
        # xgettext:no-python-format
        _("allowance after the trial period, % of the unemployment benefit"),
    )
    ALLOWANCE_DAYS_OFF = (
        "allowance_days_off",
        _("days off with the allowance in a year of participation"),
    )
    ALLOWANCE_SICK_DAYS = (
        "allowance_sick_days",
        _("days of sick leave paid at a reduced rate"),
    )
    ALLOWANCE_SICK_DEDUCTION = (
        "allowance_sick_deduction",
        _("deduction for a day of paid sick leave, share of the monthly allowance"),
    )
    ALLOWANCE_UNEXCUSED_DEDUCTION = (
        "allowance_unexcused_deduction",
        _("deduction for a day of unexcused absence, share of the monthly allowance"),
    )
    ALLOWANCE_PARTIAL_MONTH = (
        "allowance_partial_month",
        _("how the allowance of a partial month is computed"),
    )
    ALLOWANCE_BONUS_MAX_PERCENT = (
        "allowance_bonus_max_percent",
        # xgettext:no-python-format
        _("highest motivational bonus, % of the integration allowance"),
    )
    ALLOWANCE_CONTRIBUTIONS = (
        "allowance_contributions",
        # xgettext:no-python-format
        _("contributions the unit pays on the allowance, % of the allowance"),
    )
    ALLOWANCE_REFUND = (
        "allowance_refund",
        _("what the labour office refunds from the Labour Fund"),
    )
    # Supported employment (art. 16 of the Act), applied by the programs app.
    SUPPORTED_EMPLOYMENT_REFUND = (
        "supported_employment_refund",
        _("refund to an employer of a former participant, by month of employment"),
    )
    # Annual reports (art. 5 ust. 6, art. 18a of the Act), applied by reporting.
    ANNUAL_REPORT_DEADLINE = (
        "annual_report_deadline",
        _("day of the following year by which units report to the voivode"),
    )


class GrantorKind(models.TextChoices):
    """Who granted a centre a subsidy (art. 6 ust. 1 and 3 of the Act)."""

    GMINA = "gmina", _("gmina (wójt, burmistrz or city president)")
    POWIAT = "powiat", _("powiat")
    VOIVODESHIP = "voivodeship", _("voivodeship self-government (marshal)")
    OTHER = "other", _("other public body")
