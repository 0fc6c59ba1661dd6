"""The statistics selectors against a hand computation (issue #8).

The world of `world` (year 2025), with what each row is for:

Units
  u1  CIS, mazowieckie (14), NGO (social economy), open since 2015
  u2  CIS, mazowieckie, gmina (local government), closed 30.06.2025
  u3  KIS, małopolskie (12), jst_unit (local government), opened 01.03.2025
  u4  CIS, małopolskie, NGO, opens 01.02.2026            -> not yet open
  u5  KIS, mazowieckie, church, closed 31.12.2024         -> gone before 2025

Participations (person X has one PESEL and records in u1, u2 and u3)
  p1  X in u1, 01.03.2024-01.01.2025 (ends on 1 January: overlaps), completed,
      outcome open market, primary homeless + disabled; checked after 3
      months: open market
  p2  X in u2, 01.02.2025-30.06.2025, took a job, outcome supported
      employment, primary long-term unemployed, requested by the PUP
  p3  Y (no PESEL, passport) in u1, admitted 31.12.2025 (starts on the last
      day: overlaps), man born 2000, primary refugee, requested by the OPS
  p4  Z in u1, 01.01.2024-31.12.2024                     -> ended before 2025
  p5  W in u1, referred, never admitted                   -> not a participant
  p6  V in u1, active since 05.05.2023, anonymised record (PESEL erased,
      hash kept), man born 1960, primary alcohol + disabled, no referral
  p7  X in u3 (a KIS), admitted 01.09.2025, primary mental illness,
      requested by X (own application)
  p8  T in u1, admitted 01.01.2026                        -> after 2025

Finance: u1's accepted 2025 report; u2's 2025 report only submitted; u3's
accepted report is of 2024.
"""

import datetime
from decimal import Decimal

import pytest

from accounts.constants import MembershipRole
from accounts.tests.factories import MembershipFactory
from participants.models import ExclusionGround, Participant
from participants.services import participant_anonymise
from reporting.constants import ScopeKind
from reporting.statistics import StatisticsScope, annual_statistics
from reporting.tests.statistics_factories import (
    build_world,
    make_participation,
    make_person,
)
from units.tests.factories import voivodeship

pytestmark = pytest.mark.django_db
D = datetime.date
NATIONAL = StatisticsScope(ScopeKind.NATIONAL)


def zeros(**counts):
    """Every ground of the reference data (art. 1 ust. 2), zero unless given."""
    codes = ExclusionGround.objects.values_list("code", flat=True)
    assert set(counts) <= set(codes)
    return {code: counts.get(code, 0) for code in codes}


@pytest.fixture
def world():
    return build_world()


def test_units_active_opened_and_closed(world):
    stats = annual_statistics(scope=NATIONAL, year=2025)
    # Open on 31.12.2025: CIS u1 (u2 closed in June, u4 not yet open); KIS u3
    # (u5 closed in 2024).
    assert stats.cis.active_units == 1
    assert stats.kis.active_units == 1
    assert stats.cis.units_by_founder_group == {
        "local_government": 0,
        "social_economy": 1,
    }
    assert stats.kis.units_by_founder_group == {
        "local_government": 1,
        "social_economy": 0,
    }
    assert stats.cis.units_by_founder_type["ngo"] == 1
    assert stats.cis.units_by_founder_type["gmina"] == 0
    assert stats.kis.units_by_founder_type["jst_unit"] == 1
    # Every voivodeship is listed, zeros where none.
    assert len(stats.cis.units_by_voivodeship) == 16
    assert {k: v for k, v in stats.cis.units_by_voivodeship.items() if v} == {"14": 1}
    assert {k: v for k, v in stats.kis.units_by_voivodeship.items() if v} == {"12": 1}
    # Opened in 2025: u3; closed in 2025: u2 (u5 closed on 31.12.2024).
    assert (stats.cis.units_opened, stats.cis.units_closed) == (0, 1)
    assert (stats.kis.units_opened, stats.kis.units_closed) == (1, 0)


def test_distinct_persons_by_latest_participation(world):
    stats = annual_statistics(scope=NATIONAL, year=2025)
    # CIS persons: X (p1 and p2, latest p2), Y (p3, no PESEL), V (p6,
    # anonymised) = 3. p4 ended 31.12.2024, p5 never admitted, p8 in 2026.
    assert stats.cis.participants == 3
    # X under p2's ground (long-term unemployed), not p1's (homeless).
    assert stats.cis.by_primary_ground == zeros(
        long_term_unemployed=1, refugee=1, alcohol_addiction=1
    )
    assert stats.cis.without_primary_ground == 0
    # All grounds of the latest participations: p1's "disabled" is not X's
    # latest, p6's is.
    assert stats.cis.by_ground == zeros(
        long_term_unemployed=1, refugee=1, alcohol_addiction=1, disabled=1
    )
    assert stats.cis.by_sex == {"F": 1, "M": 2}
    # Ages on 31.12.2025: X 2025-1980 = 45, Y 25, V 65.
    assert stats.cis.by_age_band == {
        "up_to_24": 0,
        "25_34": 1,
        "35_44": 0,
        "45_54": 1,
        "55_64": 0,
        "65_plus": 1,
    }
    assert stats.cis.by_referral["pup"] == 1
    assert stats.cis.by_referral["ops"] == 1
    assert stats.cis.by_referral["not_recorded"] == 1
    assert sum(stats.cis.by_referral.values()) == 3
    # KIS: X again (a kind of unit is counted on its own).
    assert stats.kis.participants == 1
    assert stats.kis.by_primary_ground == zeros(mental_illness=1)
    assert stats.kis.by_referral["self"] == 1


def test_admissions_exits_outcomes_and_length(world):
    stats = annual_statistics(scope=NATIONAL, year=2025)
    # Admitted in 2025: p2 (1 Feb), p3 (31 Dec). Exited in 2025: p1 (1 Jan),
    # p2 (30 Jun).
    assert (stats.cis.admissions, stats.cis.exits) == (2, 2)
    assert stats.cis.exits_by_reason == {
        "completed": 1,
        "employment": 1,
        "removed": 0,
        "resigned": 0,
        "other": 0,
    }
    assert stats.cis.outcomes_at_exit["open_market"] == 1
    assert stats.cis.outcomes_at_exit["supported_employment"] == 1
    assert sum(stats.cis.outcomes_at_exit.values()) == 2
    # p1: 01.03.2024-01.01.2025 = 306 days + 1 = 307; p2: 01.02-30.06.2025 =
    # 149 + 1 = 150; average (307 + 150) / 2 = 228.5.
    assert stats.cis.average_length_days == Decimal("228.5")
    # Checks made: p1 after 3 months, open market; p2's is not yet made.
    assert stats.cis.follow_ups[3]["open_market"] == 1
    assert sum(stats.cis.follow_ups[3].values()) == 1
    assert sum(stats.cis.follow_ups[6].values()) == 0
    assert (stats.kis.admissions, stats.kis.exits) == (1, 0)
    assert stats.kis.average_length_days is None


def test_finance_from_accepted_reports_only(world):
    stats = annual_statistics(scope=NATIONAL, year=2025)
    # u1's accepted report; "other" is empty, so 0.
    assert stats.cis.finance == {
        "local_government": Decimal("1000.50"),
        "esf": Decimal("200.25"),
        "labour_fund": Decimal("0.00"),
        "own_revenue": Decimal("10.00"),
        "other": Decimal("0.00"),
    }
    assert stats.cis.finance_total == Decimal("1210.75")
    assert stats.cis.finance_reports == 1
    # u3's accepted report is of 2024.
    assert stats.kis.finance_reports == 0
    assert stats.kis.finance_total == Decimal("0.00")


def test_voivodeship_and_unit_scopes(world):
    mazowieckie = StatisticsScope(ScopeKind.VOIVODESHIP, voivodeship=voivodeship("14"))
    stats = annual_statistics(scope=mazowieckie, year=2025)
    # u1, u2 (and u5, closed) are in mazowieckie; X's KIS stint (u3) is not.
    assert stats.cis.participants == 3
    assert stats.kis.participants == 0
    assert stats.cis.active_units == 1
    assert stats.kis.active_units == 0
    assert stats.voivodeships == (("14", "mazowieckie"),)
    unit = annual_statistics(
        scope=StatisticsScope(ScopeKind.UNIT, unit=world["u1"]), year=2025
    )
    # In u1 alone X's latest is p1 (homeless).
    assert unit.cis.participants == 3
    assert unit.cis.by_primary_ground == zeros(
        homeless=1, refugee=1, alcohol_addiction=1
    )
    assert unit.cis.by_ground == zeros(
        homeless=1, refugee=1, alcohol_addiction=1, disabled=2
    )
    assert (unit.cis.admissions, unit.cis.exits) == (1, 1)
    assert unit.cis.finance_reports == 1
    assert unit.kis.participants == 0


def test_other_years(world):
    stats = annual_statistics(scope=NATIONAL, year=2024)
    # 2024: X (p1), Z (p4), V (p6) in CIS; u2 open, u5 open until 31.12.
    assert stats.cis.participants == 3
    assert stats.cis.active_units == 2
    assert stats.kis.active_units == 1
    assert stats.kis.finance_reports == 1
    assert annual_statistics(scope=NATIONAL, year=2026).cis.participants == 3


def test_anonymisation_changes_no_figure(world):
    """X's record in u1 (p1, exited) anonymised: the PESEL hash and the year
    of birth are kept, so every figure stays the same."""
    manager = MembershipFactory(unit=world["u1"], role=MembershipRole.MANAGER).user
    scopes = [
        NATIONAL,
        StatisticsScope(ScopeKind.UNIT, unit=world["u1"]),
        StatisticsScope(ScopeKind.VOIVODESHIP, voivodeship=voivodeship("14")),
    ]
    before = [annual_statistics(scope=scope, year=2025) for scope in scopes]
    participant_anonymise(actor=manager, participant=world["p1"].participant)
    assert Participant.objects.get(pk=world["p1"].participant_id).pesel == ""
    after = [annual_statistics(scope=scope, year=2025) for scope in scopes]
    assert after == before
    # Still one person X in CIS nationally (p1 and p2 share the hash).
    assert after[0].cis.participants == 3


def test_constant_number_of_queries(world, django_assert_max_num_queries):
    for n in range(60):
        unit = world["u1"] if n % 2 else world["u2"]
        make_participation(
            make_person(unit, birth_date=D(1970 + n, 1, 1)),
            admitted_on=D(2025, 1, 1 + n % 28),
            exited_on=D(2025, 7, 1) if n % 3 else None,
            outcome="own_business",
            others=["disabled"],
        )
    with django_assert_max_num_queries(8):
        stats = annual_statistics(scope=NATIONAL, year=2025)
    assert stats.cis.participants == 63
    mazowieckie = StatisticsScope(ScopeKind.VOIVODESHIP, voivodeship=voivodeship("14"))
    with django_assert_max_num_queries(8):
        annual_statistics(scope=mazowieckie, year=2025)
