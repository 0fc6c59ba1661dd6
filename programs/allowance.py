"""The integration allowance (świadczenie integracyjne, art. 15 and 15a of the
Act) as one pure calculation.

Nothing here touches the database: `calculate` takes an `AllowanceInput` (the
month, the participation's dates, the month's dated attendance, the counts of
days off and paid sick days already used in the current year of participation,
the unemployment-benefit rates and the legal rules) and returns an
`AllowanceResult` with every amount and the steps that led to it, each with
its article. The figures themselves are dated data (`units.LegalRule`, codes
`RuleCode.ALLOWANCE_*`, and `programs.BenefitRate`); `rules_timeline` turns
the rule rows into the periods of a month, so a month that spans an amendment
is computed day by day under the rules of each day.

How a month is computed (docs/legal-basis.md, section 7.3):

1. Every calendar day of the month on which the person takes part (from the
   admission to the exit) earns 1/(days of the month) of the monthly amount in
   force on that day: the trial-period or the programme percentage of the
   benefit rate in force on that day. A whole month earns the monthly amount;
   a partial month, or a month in which the trial period ends, the trial
   rate, the rules or the benefit rate change, is proportional by calendar
   days.
2. Deductions, each a share of the monthly amount in force on the day:
   unexcused absence (1/20 a day; more than the monthly maximum of unexcused
   days and nothing is due for the month); sick leave confirmed by a doctor
   in the programme period, within the yearly limit (1/40 a day); a day off
   granted in the programme period within the yearly limit (nothing); any
   other day of absence (sick leave beyond the limit or in the trial period,
   sick leave without a certificate, other excused absence, a day off beyond
   the limit or in the trial period) earns nothing: its calendar-day share
   is deducted.
3. The motivational bonus (art. 15a): a percentage, entered by the manager,
   of the allowance of art. 15 ust. 4 (the programme percentage of the
   benefit), only in the programme period, up to the dated maximum.
4. The contributions the unit pays on the allowance and the amount the labour
   office refunds from the Labour Fund, at the dated rates.

Amounts are rounded to the grosz (ROUND_HALF_UP) once, in `money`.
"""

from __future__ import annotations

import calendar
import datetime
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import Any

from programs.constants import AttendanceStatus
from units.constants import RuleCode
from units.deadlines import add_months

GROSZ = Decimal("0.01")
HUNDRED = Decimal(100)
ONE_DAY = datetime.timedelta(days=1)

ACT = "ustawy o zatrudnieniu socjalnym"

# The rule codes the calculation reads, all of them required.
ALLOWANCE_CODES = (
    RuleCode.ALLOWANCE_TRIAL_PERCENT,
    RuleCode.ALLOWANCE_PROGRAMME_PERCENT,
    RuleCode.ALLOWANCE_DAYS_OFF,
    RuleCode.ALLOWANCE_SICK_DAYS,
    RuleCode.ALLOWANCE_SICK_DEDUCTION,
    RuleCode.ALLOWANCE_UNEXCUSED_DEDUCTION,
    RuleCode.ALLOWANCE_PARTIAL_MONTH,
    RuleCode.ALLOWANCE_BONUS_MAX_PERCENT,
    RuleCode.ALLOWANCE_CONTRIBUTIONS,
    RuleCode.ALLOWANCE_REFUND,
)


class Flag:
    """Points a manager should look at before approving (codes kept in JSON)."""

    NO_ATTENDANCE = "no_attendance"
    ATTENDANCE_AFTER_EXIT = "attendance_after_exit"
    ATTENDANCE_BEFORE_ADMISSION = "attendance_before_admission"
    MISSING_BENEFIT_RATE = "missing_benefit_rate"
    UNEXCUSED_OVER_LIMIT = "unexcused_over_limit"
    DAYS_OFF_OVER_LIMIT = "days_off_over_limit"
    SICK_OVER_LIMIT = "sick_over_limit"
    ZERO_AMOUNT = "zero_amount"


class Step:
    """Codes of the calculation steps (labels live in the templates' helper)."""

    BASE = "base"
    UNEXCUSED = "unexcused"
    UNEXCUSED_FORFEIT = "unexcused_forfeit"
    SICK_PAID = "sick_paid"
    UNPAID_DAYS = "unpaid_days"
    DAYS_OFF = "days_off"
    BONUS = "bonus"
    CONTRIBUTION = "contribution"
    REFUND = "refund"


class AllowanceRuleError(ValueError):
    """A bonus or an input the rules refuse; `code` names the reason."""

    def __init__(self, message: str, code: str, params: dict[str, Any] | None = None):
        super().__init__(message)
        self.code = code
        self.params = params or {}


def money(value: Decimal | Fraction | int) -> Decimal:
    """`value` in PLN rounded to the grosz, half up: the one rounding helper."""
    if isinstance(value, Fraction):
        value = Decimal(value.numerator) / Decimal(value.denominator)
    return Decimal(value).quantize(GROSZ, rounding=ROUND_HALF_UP)


def _fraction(value: Any) -> Fraction:
    """A share written in a rule: "1/20", "0.5", 19.52 (percent are given apart)."""
    return Fraction(str(value))


def month_bounds(month: datetime.date) -> tuple[datetime.date, datetime.date]:
    start = month.replace(day=1)
    end = start.replace(day=calendar.monthrange(start.year, start.month)[1])
    return start, end


# --- the rules -----------------------------------------------------------------


@dataclass(frozen=True)
class Rules:
    """The allowance rules in force on one day, read from the rule values."""

    trial_percent: Fraction
    programme_percent: Fraction
    days_off: int
    days_off_in_trial: bool
    sick_days: int
    sick_in_trial: bool
    sick_paid_share: Fraction
    unexcused_share: Fraction
    unexcused_max_days: int
    bonus_max_percent: Fraction
    contribution_rates: tuple[tuple[str, Fraction], ...]
    contributions_on_bonus: bool
    refund_contributions: tuple[str, ...]
    refund_bonus: bool
    window_months: int
    articles: Mapping[str, str] = field(default_factory=dict)

    @classmethod
    def from_values(
        cls, values: Mapping[str, Any], articles: Mapping[str, str] | None = None
    ) -> Rules:
        days_off = values[RuleCode.ALLOWANCE_DAYS_OFF]
        sick = values[RuleCode.ALLOWANCE_SICK_DAYS]
        sick_deduction = values[RuleCode.ALLOWANCE_SICK_DEDUCTION]
        unexcused = values[RuleCode.ALLOWANCE_UNEXCUSED_DEDUCTION]
        contributions = values[RuleCode.ALLOWANCE_CONTRIBUTIONS]
        refund = values[RuleCode.ALLOWANCE_REFUND]
        bonus = values[RuleCode.ALLOWANCE_BONUS_MAX_PERCENT]
        partial = values[RuleCode.ALLOWANCE_PARTIAL_MONTH]
        if partial.get("method") != "calendar_days":
            raise AllowanceRuleError(
                "Only the calendar-day proportion is implemented.", "unknown_method"
            )
        return cls(
            trial_percent=_fraction(values[RuleCode.ALLOWANCE_TRIAL_PERCENT]),
            programme_percent=_fraction(values[RuleCode.ALLOWANCE_PROGRAMME_PERCENT]),
            days_off=int(days_off["days"]),
            days_off_in_trial=bool(days_off.get("in_trial", False)),
            sick_days=int(sick["days"]),
            sick_in_trial=bool(sick.get("in_trial", False)),
            sick_paid_share=_fraction(sick_deduction["paid_day_share"]),
            unexcused_share=_fraction(unexcused["day_share"]),
            unexcused_max_days=int(unexcused["max_days"]),
            bonus_max_percent=_fraction(bonus["percent"]),
            contribution_rates=tuple(
                (kind, _fraction(rate))
                for kind, rate in sorted(contributions["rates"].items())
            ),
            contributions_on_bonus=bool(contributions.get("on_bonus", False)),
            refund_contributions=tuple(refund.get("contributions", ())),
            refund_bonus=bool(refund.get("bonus", False)),
            window_months=int(days_off.get("window_months", 12)),
            articles=dict(articles or {}),
        )

    def article(self, code: str) -> str:
        return self.articles.get(code, f"art. 15 {ACT}")


@dataclass(frozen=True)
class RulePeriod:
    """Rules in force from `starts_on` until the next period begins."""

    starts_on: datetime.date
    rules: Rules


@dataclass(frozen=True)
class RuleRow:
    """One LegalRule row, as the selector reads it."""

    code: str
    valid_from: datetime.date | None
    value: Any
    article: str


def rules_timeline(
    rows: Iterable[RuleRow], start: datetime.date, end: datetime.date
) -> tuple[RulePeriod, ...]:
    """The periods of [start, end] with the rules in force in each: a new
    period begins on every day a rule row starts to apply within the range."""
    by_code: dict[str, list[RuleRow]] = {}
    for row in rows:
        by_code.setdefault(row.code, []).append(row)
    missing = [code for code in ALLOWANCE_CODES if code not in by_code]
    if missing:
        raise AllowanceRuleError(
            f"No legal rule {', '.join(missing)} is loaded.", "missing_rule"
        )
    for code_rows in by_code.values():
        code_rows.sort(key=lambda row: row.valid_from or datetime.date.min)
    changes = sorted(
        {
            row.valid_from
            for code_rows in by_code.values()
            for row in code_rows
            if row.valid_from is not None and start < row.valid_from <= end
        }
    )
    periods = []
    for day in [start, *changes]:
        values, articles = {}, {}
        for code in ALLOWANCE_CODES:
            in_force = [
                row
                for row in by_code[code]
                if row.valid_from is None or row.valid_from <= day
            ]
            if not in_force:
                raise AllowanceRuleError(
                    f"No legal rule {code} is in force on {day}.", "missing_rule"
                )
            values[code] = in_force[-1].value
            articles[code] = in_force[-1].article
        periods.append(RulePeriod(day, Rules.from_values(values, articles)))
    return tuple(periods)


def _rules_on(periods: tuple[RulePeriod, ...], day: datetime.date) -> Rules:
    current = periods[0].rules
    for period in periods:
        if period.starts_on <= day:
            current = period.rules
    return current


@dataclass(frozen=True)
class RatePoint:
    """The unemployment benefit in force from a date (programs.BenefitRate)."""

    valid_from: datetime.date
    amount: Decimal


def rate_on(rates: Iterable[RatePoint], day: datetime.date) -> Decimal | None:
    """The benefit amount in force on `day` (the latest one applying)."""
    best: RatePoint | None = None
    for rate in rates:
        if rate.valid_from <= day and (
            best is None or rate.valid_from > best.valid_from
        ):
            best = rate
    return best.amount if best else None


# --- the calculation --------------------------------------------------------------


@dataclass(frozen=True)
class AllowanceInput:
    """Everything one participant's month depends on."""

    month: datetime.date
    admitted_on: datetime.date
    trial_ends_on: datetime.date | None
    exited_on: datetime.date | None
    statuses: Mapping[datetime.date, str]
    rules: tuple[RulePeriod, ...]
    benefit_rates: tuple[RatePoint, ...]
    # Days off and paid sick days already used in the year of participation
    # that contains the first day of the month (see `usage_window`).
    prior_days_off: int = 0
    prior_sick_days: int = 0
    bonus_percent: Decimal = Decimal(0)


@dataclass(frozen=True)
class StepRow:
    """One step of the calculation: what, how much (signed PLN), why."""

    code: str
    amount: Decimal
    article: str
    days: int = 0
    detail: str = ""

    def as_json(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "amount": str(self.amount),
            "article": self.article,
            "days": self.days,
            "detail": self.detail,
        }


@dataclass(frozen=True)
class AllowanceResult:
    benefit_rate: Decimal
    base_amount: Decimal
    deductions: Decimal
    bonus_percent: Decimal
    bonus_amount: Decimal
    amount: Decimal
    contributions: dict[str, Decimal]
    refund: Decimal
    days: dict[str, int]
    steps: tuple[StepRow, ...]
    flags: tuple[str, ...]

    @property
    def allowance_without_bonus(self) -> Decimal:
        return self.amount - self.bonus_amount

    @property
    def contributions_total(self) -> Decimal:
        return sum(self.contributions.values(), Decimal(0))

    def breakdown(self) -> dict[str, Any]:
        return {
            "days": self.days,
            "steps": [step.as_json() for step in self.steps],
            "refund": str(self.refund),
        }


def programme_start(
    admitted_on: datetime.date, trial_ends_on: datetime.date | None
) -> datetime.date:
    """The first day of the participation period after the trial (art. 15 ust. 3)."""
    return trial_ends_on + ONE_DAY if trial_ends_on else admitted_on


def usage_window(
    start: datetime.date, day: datetime.date, months: int = 12
) -> tuple[datetime.date, datetime.date] | None:
    """The year of participation (`months` long, counted from the programme
    start `start`) that contains `day`; None before the programme starts.
    Days off and paid sick days are limited per such year."""
    if day < start:
        return None
    index = 0
    while add_months(start, (index + 1) * months) <= day:
        index += 1
    return add_months(start, index * months), add_months(start, (index + 1) * months)


def _monthly(rules: Rules, rate: Decimal, in_trial: bool) -> Fraction:
    percent = rules.trial_percent if in_trial else rules.programme_percent
    return Fraction(rate) * percent / 100


def check_bonus(*, percent: Decimal, rules: Rules, has_programme_days: bool) -> None:
    """Refuse a bonus the Act does not allow (art. 15a ust. 1-2)."""
    if percent < 0:
        raise AllowanceRuleError("The bonus cannot be negative.", "bonus_negative")
    if percent == 0:
        return
    if not has_programme_days:
        raise AllowanceRuleError(
            "No motivational bonus in the trial period.", "bonus_in_trial"
        )
    if Fraction(percent) > rules.bonus_max_percent:
        raise AllowanceRuleError(
            "The bonus is above the highest percentage allowed.",
            "bonus_over_max",
            {"max": money(Fraction(rules.bonus_max_percent))},
        )


def _input_flags(
    data: AllowanceInput, first: datetime.date, last: datetime.date
) -> list[str]:
    flags = []
    if data.exited_on and any(day > data.exited_on for day in data.statuses):
        flags.append(Flag.ATTENDANCE_AFTER_EXIT)
    if any(day < data.admitted_on for day in data.statuses):
        flags.append(Flag.ATTENDANCE_BEFORE_ADMISSION)
    if not any(first <= day <= last for day in data.statuses):
        flags.append(Flag.NO_ATTENDANCE)
    return flags


@dataclass
class _Walk:
    """What a walk through the month's days accumulates (unrounded)."""

    data: AllowanceInput
    days_in_month: int
    begins: datetime.date
    window: tuple[datetime.date, datetime.date] | None
    days_off_used: int
    sick_used: int
    base: Fraction = Fraction(0)
    unexcused: Fraction = Fraction(0)
    sick: Fraction = Fraction(0)
    unpaid: Fraction = Fraction(0)
    unexcused_days: list[datetime.date] = field(default_factory=list)
    segments: dict[tuple[bool, Fraction, Decimal], int] = field(default_factory=dict)
    days: dict[str, int] = field(default_factory=dict)
    flags: list[str] = field(default_factory=list)
    rate_missing: bool = False
    last_rate: Decimal | None = None
    last_programme: tuple[Rules, Decimal] | None = None
    first: datetime.date | None = None
    _monthly: dict[tuple[bool, Fraction, Decimal], Fraction] = field(
        default_factory=dict
    )

    def count(self, key: str) -> None:
        self.days[key] = self.days.get(key, 0) + 1

    def day(self, day: datetime.date) -> None:
        rules = _rules_on(self.data.rules, day)
        rate = rate_on(self.data.benefit_rates, day)
        trial_ends = self.data.trial_ends_on
        in_trial = trial_ends is not None and day <= trial_ends
        self.days["participation"] += 1
        self.days["trial" if in_trial else "programme"] += 1
        if rate is None:
            self.rate_missing = True
            return
        self.last_rate = rate
        if not in_trial:
            self.last_programme = (rules, rate)
            if self.window is None or day >= self.window[1]:
                # a new year of participation begins
                current = usage_window(self.begins, day, rules.window_months)
                if self.window is not None or day != self.first:
                    self.days_off_used = self.sick_used = 0
                self.window = current
        percent = rules.trial_percent if in_trial else rules.programme_percent
        key = (in_trial, percent, rate)
        self.segments[key] = self.segments.get(key, 0) + 1
        status = self.data.statuses.get(day)
        if status is not None:
            self.count(status)
            if status != AttendanceStatus.PRESENT:
                monthly = self._monthly.get(key)
                if monthly is None:
                    monthly = self._monthly[key] = Fraction(rate) * percent / 100
                self.absence(day, status, rules, monthly, in_trial)

    def absence(
        self,
        day: datetime.date,
        status: str,
        rules: Rules,
        monthly: Fraction,
        in_trial: bool,
    ) -> None:
        calendar_share = monthly / self.days_in_month
        if status == AttendanceStatus.UNEXCUSED:
            self.unexcused_days.append(day)
            self.unexcused += monthly * rules.unexcused_share
        elif status == AttendanceStatus.SICK_CERTIFIED:
            allowed = not in_trial or rules.sick_in_trial
            if allowed and self.sick_used < rules.sick_days:
                self.sick_used += 1
                self.count("sick_paid")
                self.sick += monthly * rules.sick_paid_share
            else:
                self.count("sick_unpaid")
                self.count("unpaid")
                self.unpaid += calendar_share
                if allowed:
                    self.flags.append(Flag.SICK_OVER_LIMIT)
        elif status == AttendanceStatus.DAY_OFF:
            allowed = not in_trial or rules.days_off_in_trial
            if allowed and self.days_off_used < rules.days_off:
                self.days_off_used += 1
                self.count("days_off_paid")
            else:
                self.count("days_off_unpaid")
                self.count("unpaid")
                self.unpaid += calendar_share
                self.flags.append(Flag.DAYS_OFF_OVER_LIMIT)
        elif status in (AttendanceStatus.SICK_UNCERTIFIED, AttendanceStatus.EXCUSED):
            self.count("unpaid")
            self.unpaid += calendar_share


DAY_KEYS = (
    *(status.value for status in AttendanceStatus),
    "participation",
    "trial",
    "programme",
    "sick_paid",
    "sick_unpaid",
    "days_off_paid",
    "days_off_unpaid",
    "unpaid",
)


def _walk(data: AllowanceInput) -> tuple[_Walk, datetime.date, datetime.date]:
    start, end = month_bounds(data.month)
    first = max(start, data.admitted_on)
    last = min(end, data.exited_on) if data.exited_on else end
    begins = programme_start(data.admitted_on, data.trial_ends_on)
    walk = _Walk(
        data=data,
        days_in_month=(end - start).days + 1,
        begins=begins,
        window=usage_window(begins, first, _rules_on(data.rules, first).window_months),
        days_off_used=data.prior_days_off,
        sick_used=data.prior_sick_days,
        days=dict.fromkeys(DAY_KEYS, 0),
        flags=_input_flags(data, first, last),
        first=first,
    )
    day = first
    while day <= last:
        walk.day(day)
        day += ONE_DAY
    walk.base = sum(
        (
            Fraction(rate) * percent / 100 * count / walk.days_in_month
            for (_trial, percent, rate), count in walk.segments.items()
        ),
        Fraction(0),
    )
    if walk.rate_missing:
        walk.flags.append(Flag.MISSING_BENEFIT_RATE)
    return walk, first, last


def _base_steps(walk: _Walk, rules: Rules) -> list[StepRow]:
    steps = []
    ordered = sorted(
        walk.segments.items(), key=lambda item: (not item[0][0], item[0][2])
    )
    for (in_trial, percent, rate), count in ordered:
        code = (
            RuleCode.ALLOWANCE_TRIAL_PERCENT
            if in_trial
            else RuleCode.ALLOWANCE_PROGRAMME_PERCENT
        )
        stage = "trial" if in_trial else "programme"
        steps.append(
            StepRow(
                Step.BASE,
                money(Fraction(rate) * percent / 100 * count / walk.days_in_month),
                rules.article(code),
                days=count,
                detail=(
                    f"{stage}: {money(percent)}% of {rate} × "
                    f"{count}/{walk.days_in_month}"
                ),
            )
        )
    return steps


def _deduction_steps(
    walk: _Walk, rules: Rules, base_amount: Decimal
) -> tuple[Decimal, list[StepRow], bool]:
    """The deductions (capped at the base), their steps, and whether the
    month is forfeited for unexcused absence."""
    if walk.unexcused_days:
        last_unexcused = walk.unexcused_days[-1]
        limit = _rules_on(walk.data.rules, last_unexcused).unexcused_max_days
        if len(walk.unexcused_days) > limit:
            walk.flags.append(Flag.UNEXCUSED_OVER_LIMIT)
            step = StepRow(
                Step.UNEXCUSED_FORFEIT,
                -base_amount,
                rules.article(RuleCode.ALLOWANCE_UNEXCUSED_DEDUCTION),
                days=len(walk.unexcused_days),
            )
            return base_amount, [step], True
    parts = (
        (
            Step.UNEXCUSED,
            walk.unexcused,
            RuleCode.ALLOWANCE_UNEXCUSED_DEDUCTION,
            len(walk.unexcused_days),
        ),
        (
            Step.SICK_PAID,
            walk.sick,
            RuleCode.ALLOWANCE_SICK_DEDUCTION,
            walk.days["sick_paid"],
        ),
        (
            Step.UNPAID_DAYS,
            walk.unpaid,
            RuleCode.ALLOWANCE_PARTIAL_MONTH,
            walk.days["unpaid"],
        ),
    )
    total = Decimal(0)
    steps = []
    for code, value, rule_code, count in parts:
        if count:
            amount = money(value)
            total += amount
            steps.append(StepRow(code, -amount, rules.article(rule_code), days=count))
    if walk.days["days_off_paid"]:
        steps.append(
            StepRow(
                Step.DAYS_OFF,
                Decimal("0.00"),
                rules.article(RuleCode.ALLOWANCE_DAYS_OFF),
                days=walk.days["days_off_paid"],
            )
        )
    return min(total, base_amount), steps, False


def calculate(data: AllowanceInput) -> AllowanceResult:
    """The participant's allowance for the month, with every step."""
    walk, first, last = _walk(data)
    rules = _rules_on(data.rules, last if last >= first else data.month)
    base_amount = money(walk.base)
    steps = _base_steps(walk, rules)
    deductions, deduction_steps, forfeited = _deduction_steps(walk, rules, base_amount)
    steps += deduction_steps

    bonus_percent = Decimal(data.bonus_percent or 0)
    bonus_amount = Decimal("0.00")
    if bonus_percent and walk.last_programme and not forfeited:
        bonus_rules, rate = walk.last_programme
        bonus_amount = money(
            Fraction(rate)
            * bonus_rules.programme_percent
            / 100
            * Fraction(bonus_percent)
            / 100
        )
        steps.append(
            StepRow(
                Step.BONUS,
                bonus_amount,
                bonus_rules.article(RuleCode.ALLOWANCE_BONUS_MAX_PERCENT),
                detail=f"{money(Fraction(bonus_percent))}%",
            )
        )

    allowance = base_amount - deductions
    amount = allowance + bonus_amount
    contribution_base = amount if rules.contributions_on_bonus else allowance
    contributions = {
        kind: money(Fraction(contribution_base) * rate / 100)
        for kind, rate in rules.contribution_rates
    }
    steps += [
        StepRow(
            Step.CONTRIBUTION,
            value,
            rules.article(RuleCode.ALLOWANCE_CONTRIBUTIONS),
            detail=kind,
        )
        for kind, value in contributions.items()
    ]
    refunded = sum(
        (
            contributions[kind]
            for kind in rules.refund_contributions
            if kind in contributions
        ),
        Decimal(0),
    )
    refund = (amount if rules.refund_bonus else allowance) + refunded
    steps.append(StepRow(Step.REFUND, refund, rules.article(RuleCode.ALLOWANCE_REFUND)))
    if amount == 0:
        walk.flags.append(Flag.ZERO_AMOUNT)
    return AllowanceResult(
        benefit_rate=walk.last_rate or Decimal("0.00"),
        base_amount=base_amount,
        deductions=deductions,
        bonus_percent=bonus_percent,
        bonus_amount=bonus_amount,
        amount=amount,
        contributions=contributions,
        refund=refund,
        days=walk.days,
        steps=tuple(steps),
        flags=tuple(dict.fromkeys(walk.flags)),
    )
