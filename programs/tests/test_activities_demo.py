"""The demo activities and attendance (cis_kis/demo_programs.py): made
through the services, a realistic mix, and nothing changes the second time."""

import datetime
from collections import Counter

import pytest
from django.utils import timezone

from cis_kis.demo_programs import load_programs
from participants.models import IndividualProgramme
from programs.models import Activity, AttendanceEntry, Enrolment, Session
from programs.tests.factories import ParticipationFactory

pytestmark = pytest.mark.django_db


def test_load_programs_is_realistic_and_idempotent(unit_a, unit_other):
    today = timezone.localdate()
    admitted = today - datetime.timedelta(days=200)
    cook = ParticipationFactory.for_unit(unit_a, admitted_on=admitted)
    IndividualProgramme.objects.create(
        participation=cook,
        version=1,
        starts_on=admitted,
        ends_on=admitted + datetime.timedelta(days=365),
        goals="Praca w gastronomii.",
        workshop="gastronomiczny",
    )
    member = ParticipationFactory.for_unit(
        unit_other, admitted_on=admitted, trial_ends_on=None
    )
    units = {"cis": unit_a, "kis": unit_other}

    load_programs(units)
    counts = [
        model.objects.count()
        for model in (Activity, Session, Enrolment, AttendanceEntry)
    ]
    load_programs(units)
    assert [
        model.objects.count()
        for model in (Activity, Session, Enrolment, AttendanceEntry)
    ] == counts

    assert Activity.objects.filter(unit=unit_a, is_workshop=True).count() == 5
    assert set(
        Enrolment.objects.filter(participation=cook).values_list(
            "activity__name", flat=True
        )
    ) == {
        "Warsztat gastronomiczny",
        "Trening umiejętności społecznych i budżet domowy",
        "Grupa wsparcia",
    }
    assert Enrolment.objects.filter(participation=member).count() == 2
    days = AttendanceEntry.objects.filter(participation=cook)
    assert days.filter(date__gte=today).count() == 0
    assert days.filter(date__lt=admitted).count() == 0
    mix = Counter(days.values_list("status", flat=True))
    assert mix["present"] > 0.75 * days.count()
    assert not Session.objects.filter(date__month=11, date__day=11).exists()
