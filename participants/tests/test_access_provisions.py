"""Every page of what a centre provides (art. 14 ust. 2-4) against every role
(participants/tests/access_matrix_provisions.py)."""

import datetime

import pytest

from cis_kis.tests.access import ROLES, matrix_failures
from participants.constants_provisions import ProvisionKind
from participants.services import participation_admit, provision_record
from participants.tests.access_matrix_provisions import MATRIX
from participants.tests.test_services import refer, register

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def world(request):
    """A participation under way in unit A (a centre) with its health and
    safety training recorded."""
    for role in ROLES[1:]:
        request.getfixturevalue(role)
    staff = request.getfixturevalue("staff_a")
    unit = request.getfixturevalue("unit_a")
    participation = participation_admit(
        actor=staff,
        participation=refer(staff, register(staff, unit)),
        admitted_on=D(2025, 3, 10),
    )
    provision = provision_record(
        actor=staff,
        participation=participation,
        kind=ProvisionKind.OHS_TRAINING,
        provided_on=D(2025, 3, 10),
    )
    return {"participation": participation.pk, "provision": provision.pk}


def test_every_role_gets_exactly_the_expected_answer(request, world):
    assert matrix_failures(request, MATRIX, world) == []
