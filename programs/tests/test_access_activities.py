"""Every page of the activities and the attendance register against every
role (programs/tests/access_matrix_activities.py)."""

import datetime
from decimal import Decimal

import pytest

from cis_kis.tests.access import ROLES, matrix_failures
from programs.models import SupportedEmploymentRefund
from programs.tests.access_matrix_activities import MATRIX
from programs.tests.factories import (
    ActivityFactory,
    EnrolmentFactory,
    ParticipationFactory,
    SessionFactory,
    SupportedEmploymentFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(request, settings, tmp_path, unit_a):
    """A workshop of unit A with a session and an enrolment, and a former
    participant of A with a record of supported employment."""
    settings.MEDIA_ROOT = tmp_path
    for role in ROLES[1:]:
        request.getfixturevalue(role)
    activity = ActivityFactory(unit=unit_a, name="Warsztat gastronomiczny")
    session = SessionFactory(activity=activity, date=datetime.date(2026, 3, 2))
    enrolment = EnrolmentFactory(
        activity=activity, participation=ParticipationFactory.for_unit(unit_a)
    )
    supported = SupportedEmploymentFactory(
        participation=ParticipationFactory.for_unit(
            unit_a,
            state="exited",
            exited_on=datetime.date(2026, 2, 27),
            exit_reason="employment",
        )
    )
    SupportedEmploymentRefund.objects.create(
        employment=supported, month=1, amount=Decimal("100.00")
    )
    return {
        "unit_a": unit_a.pk,
        "activity": activity.pk,
        "session": session.pk,
        "enrolment": enrolment.pk,
        "exited": supported.participation_id,
        "supported": supported.pk,
    }


def test_every_role_gets_exactly_the_expected_answer(request, world):
    assert matrix_failures(request, MATRIX, world) == []
