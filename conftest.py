"""Shared fixtures: one user per role around two units of one voivodeship and
one unit of another, and the helper that asserts a URL is refused."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any

import pytest
from django.apps import apps as django_apps
from django.core.cache import cache
from django.test import Client
from hypothesis import settings as hypothesis_settings

from accounts.constants import MembershipRole, Role
from accounts.tests.factories import MembershipFactory, UserFactory
from units.tests.factories import UnitFactory, voivodeship

# Property-based tests draw the same examples on every run, so that a CI run
# is repeatable; nothing is stored between runs.
hypothesis_settings.register_profile("cis_kis", derandomize=True, database=None)
hypothesis_settings.load_profile("cis_kis")


@pytest.fixture(autouse=True)
def _empty_cache() -> None:
    """Every test starts with an empty cache (statistics kept for the
    dashboard, rate limits)."""
    cache.clear()


@pytest.fixture
def voivodeship_a():
    return voivodeship("14")


@pytest.fixture
def voivodeship_other():
    return voivodeship("12")


@pytest.fixture
def unit_a(voivodeship_a):
    return UnitFactory(name="CIS A", voivodeship=voivodeship_a)


@pytest.fixture
def unit_b(voivodeship_a):
    """Another unit in the same voivodeship as unit A."""
    return UnitFactory(name="CIS B", voivodeship=voivodeship_a)


@pytest.fixture
def unit_other(voivodeship_other):
    """A unit in another voivodeship."""
    return UnitFactory(name="KIS C", kind="KIS", voivodeship=voivodeship_other)


@pytest.fixture
def staff_a(unit_a):
    return MembershipFactory(
        user__email="staff.a@example.org", unit=unit_a, role=MembershipRole.STAFF
    ).user


@pytest.fixture
def manager_a(unit_a):
    return MembershipFactory(
        user__email="manager.a@example.org", unit=unit_a, role=MembershipRole.MANAGER
    ).user


@pytest.fixture
def staff_b(unit_b):
    return MembershipFactory(
        user__email="staff.b@example.org", unit=unit_b, role=MembershipRole.STAFF
    ).user


@pytest.fixture
def official_a(voivodeship_a):
    return UserFactory(
        email="official.a@example.org",
        role=Role.VOIVODESHIP_OFFICIAL,
        voivodeship=voivodeship_a,
    )


@pytest.fixture
def official_other(voivodeship_other):
    return UserFactory(
        email="official.other@example.org",
        role=Role.VOIVODESHIP_OFFICIAL,
        voivodeship=voivodeship_other,
    )


@pytest.fixture
def analyst():
    return UserFactory(email="analyst@example.org", role=Role.MINISTRY_ANALYST)


@pytest.fixture
def admin_user():
    return UserFactory(email="admin@example.org", is_superuser=True, is_staff=True)


@pytest.fixture
def client_for(client: Client) -> Callable[[Any], Client]:
    """A test client logged in as the given user (or anonymous for None)."""

    def make(user: Any) -> Client:
        new = Client()
        if user is not None:
            new.force_login(user)
        return new

    return make


def assert_refused(client: Client, url: str, method: str = "get") -> None:
    """The URL is refused: 404 for a logged-in user outside the scope, a
    redirect to the log-in page for an anonymous one. Never 200, never 403."""
    response = getattr(client, method)(url)
    if response.status_code == 302:
        assert response.url.startswith("/accounts/login/"), response.url
    else:
        assert response.status_code == 404, (url, response.status_code)


@pytest.fixture
def refused() -> Callable[..., None]:
    return assert_refused


REFERENCE_DATA_MIGRATIONS = [
    "units.migrations.0002_load_voivodeships",
    "units.migrations.0004_load_legal_rules",
    "units.migrations.0005_load_voivodeship_offices",
    "participants.migrations.0002_load_exclusion_grounds",
    "participants.migrations.0003_load_participant_rules",
    "programs.migrations.0002_load_benefit_rates",
    "programs.migrations.0003_load_allowance_rules",
    "programs.migrations.0006_load_supported_employment_refund",
    "programs.migrations.0007_benefit_rate_sources",
    "reporting.migrations.0002_load_report_rules",
]


@pytest.fixture
def reference_data(transactional_db: None) -> None:
    """Voivodeships, offices and legal rules, loaded again after the flush
    that ends every transactional test (the data migrations' own loaders)."""
    for name in REFERENCE_DATA_MIGRATIONS:
        importlib.import_module(name).load(django_apps, None)
