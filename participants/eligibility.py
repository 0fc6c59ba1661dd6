"""Who may take part, under the rules in force on the day of the check:
art. 1 ust. 2 (the grounds), art. 1 ust. 3 and 3a (entitlements that exclude)
and art. 12 ust. 1 (who issues the referral). A problem is kept as data (its
code, article and parameters) and worded when shown, in the reader's language.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from participants.constants import BENEFIT_POINTS, Benefit, ReferralIssuer
from participants.models import ExclusionGround
from units.constants import RuleCode, UnitKind
from units.models import LegalRule

ACT = "ustawy o zatrudnieniu socjalnym"


@dataclass(frozen=True)
class Problem:
    """Why the person does not appear eligible, with the article."""

    code: str
    article: str
    params: dict[str, str]

    def as_dict(self) -> dict[str, Any]:
        return {"code": self.code, "article": self.article, "params": self.params}


def eligibility_problems(
    *,
    unit_kind: str,
    on: datetime.date,
    grounds: Sequence[ExclusionGround],
    primary: ExclusionGround | None,
    benefits: Iterable[str],
    issued_by: str,
) -> list[Problem]:
    """Everything that stands against taking part on `on`; empty: eligible."""
    problems: list[Problem] = []
    if not grounds:
        problems.append(Problem("no_ground", f"art. 1 ust. 2 {ACT}", {}))
    elif primary is None:
        problems.append(Problem("no_primary_ground", f"art. 1 ust. 2 {ACT}", {}))
    for ground in grounds:
        if not ground.applies_on(on):
            problems.append(
                Problem("ground_not_in_force", ground.article, {"ground": ground.code})
            )
    problems.extend(_benefit_problems(unit_kind, on, benefits))
    if unit_kind == UnitKind.CIS:
        problems.extend(_referral_problems(on, primary, issued_by))
    return problems


def _benefit_problems(
    unit_kind: str, on: datetime.date, benefits: Iterable[str]
) -> list[Problem]:
    code = (
        RuleCode.CIS_EXCLUDING_BENEFITS
        if unit_kind == UnitKind.CIS
        else RuleCode.KIS_EXCLUDING_BENEFITS
    )
    rule = LegalRule.objects.in_force(code, on=on)
    return [
        Problem(
            "excluded_benefit",
            f"art. 1 ust. 3 pkt {BENEFIT_POINTS[Benefit(benefit)]} {ACT}",
            {"benefit": benefit},
        )
        for benefit in benefits
        if benefit in rule.value
    ]


def _referral_problems(
    on: datetime.date, primary: ExclusionGround | None, issued_by: str
) -> list[Problem]:
    rule = LegalRule.objects.in_force(RuleCode.REFERRAL_ISSUERS, on=on)
    allowed = rule.value.get(primary.code if primary else "", rule.value["default"])
    if issued_by in allowed:
        return []
    return [
        Problem(
            "referral_issuer",
            rule.article,
            {
                "issuer": issued_by,
                "allowed": ",".join(allowed),
                "ground": primary.code if primary else "",
            },
        )
    ]


def describe(problem: dict[str, Any]) -> str:
    """A stored problem as a sentence for staff, with its article."""
    params = problem.get("params", {})
    code = problem.get("code")
    if code == "no_ground":
        text = _("No ground of social exclusion is recorded.")
    elif code == "no_primary_ground":
        text = _("None of the grounds is marked as the primary one.")
    elif code == "ground_not_in_force":
        text = _("The ground “%(ground)s” does not apply on this date.") % {
            "ground": _ground_name(params.get("ground", ""))
        }
    elif code == "excluded_benefit":
        text = _(
            "A person with a right to %(benefit)s may not take part in this unit."
        ) % {"benefit": _benefit_name(params.get("benefit", ""))}
    elif code == "referral_issuer":
        allowed = ", ".join(
            str(ReferralIssuer(code).label)
            for code in params.get("allowed", "").split(",")
            if code in ReferralIssuer.values
        )
        text = _("For this ground the referral is issued by: %(allowed)s.") % {
            "allowed": allowed
        }
    else:
        text = _("Another problem: %(code)s.") % {"code": code}
    return f"{text} ({problem.get('article', '')})"


def _ground_name(code: str) -> str:
    ground = ExclusionGround.objects.filter(code=code).first()
    return ground.name if ground else code


def _benefit_name(code: str) -> str:
    return str(Benefit(code).label) if code in Benefit.values else code
