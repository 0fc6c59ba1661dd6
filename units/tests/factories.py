import datetime

import factory
from factory.django import DjangoModelFactory
from stdnum.pl import nip

from units.constants import FounderType, UnitKind
from units.models import FoundingBody, Unit, Voivodeship

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
