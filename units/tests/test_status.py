"""The status rule, in Python and in the database, for every sequence."""

import datetime
import itertools

import pytest

from accounts.tests.factories import UserFactory
from units.constants import CisStatus, DecisionKind
from units.models import StatusDecision, Unit
from units.status import DecisionFact, cis_status_on
from units.tests.factories import UnitFactory

D = datetime.date
GRANT = DecisionFact(DecisionKind.GRANT, D(2020, 1, 10), D(2025, 1, 9), 1)


def test_no_decision_no_status():
    assert cis_status_on([], D(2020, 1, 1)).status == CisStatus.NONE


def test_grant_is_active_for_its_term_and_expires_after():
    assert cis_status_on([GRANT], D(2020, 1, 9)).status == CisStatus.NONE
    assert cis_status_on([GRANT], D(2020, 1, 10)).status == CisStatus.ACTIVE
    assert cis_status_on([GRANT], D(2025, 1, 9)).valid_until == D(2025, 1, 9)
    assert cis_status_on([GRANT], D(2025, 1, 9)).status == CisStatus.ACTIVE
    assert cis_status_on([GRANT], D(2025, 1, 10)).status == CisStatus.EXPIRED


def test_extension_moves_the_end():
    extension = DecisionFact(DecisionKind.EXTENSION, D(2024, 11, 5), D(2030, 1, 9), 2)
    at = cis_status_on([GRANT, extension], D(2027, 6, 1))
    assert (at.status, at.valid_until) == (CisStatus.ACTIVE, D(2030, 1, 9))


def test_loss_ends_status_on_its_date():
    loss = DecisionFact(DecisionKind.LOSS, D(2022, 6, 30), None, 2)
    assert cis_status_on([loss, GRANT], D(2022, 6, 29)).status == CisStatus.ACTIVE
    assert cis_status_on([loss, GRANT], D(2022, 6, 30)).status == CisStatus.LOST


def test_refusal_changes_nothing():
    refusal = DecisionFact(DecisionKind.REFUSAL, D(2021, 1, 1), None, 2)
    assert cis_status_on([GRANT, refusal], D(2021, 1, 2)).status == CisStatus.ACTIVE
    assert cis_status_on([refusal], D(2021, 1, 2)).status == CisStatus.NONE


def test_new_grant_after_loss_restores_status():
    loss = DecisionFact(DecisionKind.LOSS, D(2022, 6, 30), None, 2)
    regrant = DecisionFact(DecisionKind.GRANT, D(2023, 3, 1), D(2028, 2, 29), 3)
    assert (
        cis_status_on([GRANT, loss, regrant], D(2023, 3, 1)).status == CisStatus.ACTIVE
    )


KINDS = [
    DecisionKind.GRANT,
    DecisionKind.EXTENSION,
    DecisionKind.REFUSAL,
    DecisionKind.LOSS,
    DecisionKind.CLOSURE,
]
DAYS = [D(2020, 1, 1), D(2021, 6, 1), D(2023, 1, 1), D(2026, 1, 1), D(2031, 1, 1)]


def sequences():
    """Every sequence of up to three decisions, a year apart."""
    for length in range(4):
        yield from itertools.product(KINDS, repeat=length)


@pytest.mark.django_db
def test_database_annotation_agrees_with_the_rule_for_every_sequence():
    official = UserFactory()
    expected = {}
    for n, kinds in enumerate(sequences()):
        unit = UnitFactory(name=f"seq-{n}")
        facts = []
        for i, kind in enumerate(kinds):
            issued = D(2020 + i, 6, 1)
            until = D(2020 + i + 5, 5, 31) if kind in ("grant", "extension") else None
            decision = StatusDecision.objects.create(
                kind=kind,
                voivodeship=unit.voivodeship,
                unit=unit,
                year=issued.year,
                sequence=n * 10 + i,
                number=f"T/{n}/{i}",
                issued_on=issued,
                valid_until=until,
                loss_ground="founder_request" if kind == "loss" else "",
                legal_basis="art. 5",
                ruling="-",
                issued_by=official,
            )
            facts.append(DecisionFact(kind, issued, until, decision.pk))
        expected[unit.pk] = facts
    assert len(expected) == 1 + 5 + 25 + 125
    for day in DAYS:
        rows = dict(Unit.objects.with_status(day).values_list("pk", "cis_status"))
        for pk, facts in expected.items():
            assert rows[pk] == cis_status_on(facts, day).status, (facts, day)
