"""PDF documents of the units app, rendered with WeasyPrint."""

from __future__ import annotations

import datetime

import weasyprint
from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

from units.constants import DecisionKind, LossGround, LossInitiator, RuleCode
from units.models import FoundingBody, LegalRule, StatusDecision

# Genitive month names, as a Polish date is written ("5 marca 2026 r.").
MONTHS_GENITIVE = (
    "stycznia",
    "lutego",
    "marca",
    "kwietnia",
    "maja",
    "czerwca",
    "lipca",
    "sierpnia",
    "września",
    "października",
    "listopada",
    "grudnia",
)

# The ground of a loss as the decision states it. This is the wording of a
# legal act, fixed whatever the interface language, so it is kept here rather
# than in the translation catalogue of the choice labels.
# How the decision says who started the case (art. 6 ust. 1 of the Act).
LOSS_INITIATORS_PL = {
    LossInitiator.EX_OFFICIO: "z urzędu",
    LossInitiator.MARSHAL: (
        "na wniosek marszałka województwa udzielającego centrum dotacji"
    ),
    LossInitiator.MUNICIPALITY: (
        "na wniosek wójta (burmistrza, prezydenta miasta) udzielającego centrum dotacji"
    ),
    LossInitiator.FOUNDER: "na wniosek podmiotu tworzącego centrum",
}
LOSS_GROUNDS_PL = {
    LossGround.NOT_CARRYING_OUT: (
        "centrum nie realizuje założeń zawartych we wniosku o przyznanie statusu "
        "(art. 6 ust. 1 ustawy)"
    ),
    LossGround.IRREGULAR_FINANCES: (
        "centrum nieprawidłowo rozlicza się ze środków publicznych "
        "(art. 6 ust. 1 ustawy)"
    ),
    LossGround.SUPERVISION_IGNORED: (
        "bezskuteczny upływ terminów wyznaczonych w wyniku nadzoru "
        "(art. 6 ust. 1a ustawy)"
    ),
    LossGround.FOUNDER_REQUEST: (
        "wniosek podmiotu, który utworzył centrum (art. 6 ust. 1a ustawy)"
    ),
    LossGround.FOUNDER_DISSOLVED: (
        "likwidacja podmiotu, który utworzył centrum (art. 6 ust. 2 ustawy)"
    ),
}

# What the party asked for, in the phrase "po rozpatrzeniu wniosku … o …".
REQUESTS_PL = {
    DecisionKind.GRANT: "o przyznanie statusu centrum integracji społecznej",
    DecisionKind.EXTENSION: "o przedłużenie statusu centrum integracji społecznej",
    DecisionKind.REFUSAL: "o przyznanie statusu centrum integracji społecznej",
}

# Decisions that grant the party's request in full (art. 107 § 4 KPA).
GRANTING_KINDS = (DecisionKind.GRANT, DecisionKind.EXTENSION)


def polish_date(day: datetime.date) -> str:
    """`day` written out as in a Polish letter: "5 marca 2026 r."."""
    return f"{day.day} {MONTHS_GENITIVE[day.month - 1]} {day.year} r."


def _founding_body(decision: StatusDecision) -> FoundingBody | None:
    if decision.application is not None:
        return decision.application.founding_body
    if decision.unit is not None:
        return decision.unit.founding_body
    return None


def decision_context(decision: StatusDecision) -> dict[str, object]:
    """Everything the decision template shows, worded in Polish."""
    office = decision.voivodeship
    application = decision.application
    reasoning = decision.reasoning.strip()
    waived_reasoning = not reasoning and decision.kind in GRANTING_KINDS
    return {
        "decision": decision,
        "office_name": office.office_name,
        "office_city": office.office_city,
        "voivode_title": office.voivode_title,
        "number": decision.number,
        "date_line": f"{office.office_city}, {polish_date(decision.issued_on)}",
        "legal_basis": decision.legal_basis,
        "application": application,
        "application_received": (
            polish_date(application.received_on) if application else ""
        ),
        "application_request": REQUESTS_PL.get(DecisionKind(decision.kind), ""),
        "ruling": decision.ruling,
        "loss_ground": LOSS_GROUNDS_PL.get(decision.loss_ground, ""),
        "loss_initiated_by": LOSS_INITIATORS_PL.get(decision.loss_initiated_by, ""),
        "reasoning": reasoning or ("" if waived_reasoning else "—"),
        "waived_reasoning": waived_reasoning,
        "appeal_days": LegalRule.objects.value(
            RuleCode.APPEAL_DAYS, on=decision.issued_on
        ),
        "founding_body": _founding_body(decision),
        "prepared_by": decision.issued_by.full_name,
    }


def render_decision_pdf(decision: StatusDecision) -> bytes:
    """The decision as a Polish administrative decision (PDF bytes)."""
    # A decision is written in Polish whatever language the user reads.
    with translation.override("pl"):
        html = render_to_string("units/pdf/decision.html", decision_context(decision))
    document = weasyprint.HTML(string=html, base_url=str(settings.BASE_DIR))
    return document.write_pdf()
