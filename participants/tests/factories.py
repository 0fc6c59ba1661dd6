"""Factories of participants' data (Polish Faker names, valid PESEL numbers)."""

from __future__ import annotations

import datetime

import factory
from factory.django import DjangoModelFactory
from stdnum.pl import pesel as stdnum_pesel

from participants.identity import pesel_hash
from participants.models import ExclusionGround, Participant
from units.tests.factories import UnitFactory


def make_pesel(birth_date: datetime.date, sex: str, serial: int = 0) -> str:
    """A valid PESEL for the date of birth and the sex ("F" or "M")."""
    year = birth_date.year
    month = birth_date.month + {18: 80, 19: 0, 20: 20, 21: 40, 22: 60}[year // 100]
    serial_digits = f"{serial % 1000:03d}"
    sex_digit = (2 * (serial % 5)) + (1 if sex == "M" else 0)
    body = f"{year % 100:02d}{month:02d}{birth_date.day:02d}{serial_digits}{sex_digit}"
    return body + stdnum_pesel.calc_check_digit(body)


def ground(code: str) -> ExclusionGround:
    return ExclusionGround.objects.get(code=code)


class ParticipantFactory(DjangoModelFactory):
    class Meta:
        model = Participant

    unit = factory.SubFactory(UnitFactory)
    first_name = factory.Faker("first_name_female", locale="pl_PL")
    last_name = factory.Faker("last_name_female", locale="pl_PL")
    sex = "F"
    birth_date = factory.Faker("date_of_birth", minimum_age=20, maximum_age=60)
    pesel = factory.LazyAttributeSequence(
        lambda o, n: make_pesel(o.birth_date, o.sex, n)
    )
    pesel_hash = factory.LazyAttribute(lambda o: pesel_hash(o.pesel))
    info_clause_on = datetime.date(2026, 1, 5)
