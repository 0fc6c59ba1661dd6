"""The typed result of the statistics selectors: one object that the HTML
dashboard, the PDF, CSV, XLSX and JSON outputs all render."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import get_language

from reporting.constants import ScopeKind
from units.models import Unit, Voivodeship

# Age on 31 December of the year (the year minus the year of birth, which an
# anonymised record keeps): code, lowest age, highest age (None: no limit).
AGE_BANDS: tuple[tuple[str, int | None, int | None], ...] = (
    ("up_to_24", None, 24),
    ("25_34", 25, 34),
    ("35_44", 35, 44),
    ("45_54", 45, 54),
    ("55_64", 55, 64),
    ("65_plus", 65, None),
)

# Sources of finance in a unit's accepted annual report
# (snapshot["entered"]["finance"], decimal strings in PLN).
FINANCE_SOURCES = ("local_government", "esf", "labour_fund", "own_revenue", "other")

# Follow-up checks counted, by months after the exit.
FOLLOW_UP_COLUMNS = (3, 6, 12)

NOT_RECORDED = "not_recorded"


@dataclass(frozen=True)
class StatisticsScope:
    """Whole country, one voivodeship or one unit."""

    kind: ScopeKind
    voivodeship: Voivodeship | None = None
    unit: Unit | None = None

    @property
    def is_national(self) -> bool:
        return self.kind == ScopeKind.NATIONAL

    @property
    def suppressed(self) -> bool:
        """Small counts are withheld in every output below national level."""
        return not self.is_national

    @property
    def slug(self) -> str:
        if self.kind == ScopeKind.VOIVODESHIP and self.voivodeship is not None:
            return f"woj-{self.voivodeship.teryt}"
        if self.kind == ScopeKind.UNIT and self.unit is not None:
            return f"jednostka-{self.unit.pk}"
        return "polska"


@dataclass(frozen=True)
class Ground:
    code: str
    name_pl: str
    name_en: str

    @property
    def name(self) -> str:
        language = get_language() or "pl"
        return self.name_en if language.startswith("en") else self.name_pl


@dataclass(frozen=True)
class KindFigures:
    """The figures of one kind of unit (CIS or KIS) for one year and scope.

    Unit counts are of units; participant counts are of distinct persons
    (their latest participation of the year); flows (admissions, exits,
    outcomes) are of participations."""

    kind: str
    active_units: int = 0
    units_by_founder_group: dict[str, int] = field(default_factory=dict)
    units_by_founder_type: dict[str, int] = field(default_factory=dict)
    units_by_voivodeship: dict[str, int] = field(default_factory=dict)
    units_opened: int = 0
    units_closed: int = 0
    participants: int = 0
    by_primary_ground: dict[str, int] = field(default_factory=dict)
    without_primary_ground: int = 0
    by_ground: dict[str, int] = field(default_factory=dict)
    by_sex: dict[str, int] = field(default_factory=dict)
    by_age_band: dict[str, int] = field(default_factory=dict)
    by_referral: dict[str, int] = field(default_factory=dict)
    admissions: int = 0
    exits: int = 0
    exits_by_reason: dict[str, int] = field(default_factory=dict)
    outcomes_at_exit: dict[str, int] = field(default_factory=dict)
    follow_ups: dict[int, dict[str, int]] = field(default_factory=dict)
    average_length_days: Decimal | None = None
    finance: dict[str, Decimal] = field(default_factory=dict)
    finance_reports: int = 0

    @property
    def finance_total(self) -> Decimal:
        return sum(self.finance.values(), Decimal("0.00"))


@dataclass(frozen=True)
class AnnualStatistics:
    year: int
    scope: StatisticsScope
    cis: KindFigures
    kis: KindFigures
    grounds: tuple[Ground, ...]
    voivodeships: tuple[tuple[str, str], ...]  # (TERYT, name) in the scope

    @property
    def start(self) -> datetime.date:
        return datetime.date(self.year, 1, 1)

    @property
    def end(self) -> datetime.date:
        return datetime.date(self.year, 12, 31)

    @property
    def kinds(self) -> tuple[KindFigures, KindFigures]:
        return (self.cis, self.kis)
