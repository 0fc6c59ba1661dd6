import datetime
from decimal import Decimal

import factory
from factory.django import DjangoModelFactory
from stdnum.pl import nip

from units.constants import FounderType, UnitKind
from units.models import FoundingBody, StatusApplication, Unit, Voivodeship

VOIVODESHIP_NAMES = {"12": "małopolskie", "14": "mazowieckie", "24": "śląskie"}


def voivodeship(teryt: str) -> Voivodeship:
    """The voivodeship with this TERYT code (recreated after a flushed database)."""
    obj, _ = Voivodeship.objects.get_or_create(
        teryt=teryt, defaults={"name": VOIVODESHIP_NAMES.get(teryt, f"woj. {teryt}")}
    )
    return obj


def make_nip(n: int) -> str:
    """A valid NIP derived from the sequence number `n` (checked by python-stdnum)."""
    prefix = 100_000_000 + n * 10
    while True:
        for digit in "0123456789":
            candidate = f"{prefix}{digit}"
            if nip.is_valid(candidate):
                return candidate
        prefix += 1


class FoundingBodyFactory(DjangoModelFactory):
    class Meta:
        model = FoundingBody

    name = factory.Sequence(lambda n: f"Stowarzyszenie nr {n}")
    founder_type = FounderType.NGO
    nip = factory.Sequence(make_nip)
    voivodeship = factory.LazyFunction(lambda: voivodeship("14"))


class UnitFactory(DjangoModelFactory):
    class Meta:
        model = Unit

    kind = UnitKind.CIS
    name = factory.Sequence(lambda n: f"Centrum Integracji Społecznej nr {n}")
    registry_id = factory.Sequence(lambda n: f"REG-{n}")
    voivodeship = factory.LazyFunction(lambda: voivodeship("14"))
    founding_body = factory.SubFactory(
        FoundingBodyFactory, voivodeship=factory.SelfAttribute("..voivodeship")
    )
    municipality = "Radom"
    opened_on = datetime.date(2015, 1, 1)


class StatusApplicationFactory(DjangoModelFactory):
    """A received application for CIS status that states only the centre's
    name, address and places; `stated=True` fills in every other item of
    art. 4 ust. 2 (expected results within the expected participants, the
    reintegration costs within the budget)."""

    class Meta:
        model = StatusApplication

    voivodeship = factory.LazyFunction(lambda: voivodeship("14"))
    founding_body = factory.SubFactory(
        FoundingBodyFactory, voivodeship=factory.SelfAttribute("..voivodeship")
    )
    received_on = datetime.date(2026, 3, 2)
    proposed_name = factory.Sequence(lambda n: f"CIS „Wniosek” nr {n}")
    proposed_address = "ul. Długa 1"
    proposed_municipality = "Radom"
    proposed_places = 30

    class Params:
        stated = factory.Trait(
            planned_start_on=datetime.date(2026, 6, 1),
            expected_participants=40,
            target_groups=["homeless", "long_term_unemployed"],
            planned_activity="Usługi gastronomiczne i remontowe.",
            reintegration_programme="Warsztaty zawodowe i trening umiejętności.",
            planned_staff_count=6,
            planned_staff="Kierownik, psycholog, dwóch instruktorów zawodu.",
            activity_schedule="Zajęcia od poniedziałku do piątku, 7:30–15:30.",
            expected_trained=30,
            expected_employed=10,
            expected_independent=12,
            annual_budget=Decimal("650000.00"),
            reintegration_costs=Decimal("210000.50"),
            founder_setup_funds=Decimal("80000.00"),
            founder_running_share=Decimal("35.50"),
            other_funding="Dotacja gminy i Fundusz Pracy.",
        )
