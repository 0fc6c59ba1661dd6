import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from units.constants import FounderGroup, FounderType
from units.models import Unit, Voivodeship
from units.tests.factories import FoundingBodyFactory, UnitFactory, make_nip

pytestmark = pytest.mark.django_db


def test_nip_with_separators_is_compacted_and_accepted():
    valid = make_nip(1)
    body = FoundingBodyFactory.build(
        nip=f"{valid[:3]}-{valid[3:6]}-{valid[6:8]}-{valid[8:]}",
        voivodeship=FoundingBodyFactory().voivodeship,
    )
    body.full_clean()
    assert body.nip == valid


def test_invalid_nip_is_refused_with_polish_message(settings):
    settings.LANGUAGE_CODE = "pl"
    body = FoundingBodyFactory.build(nip="1234567890")
    body.voivodeship = FoundingBodyFactory().voivodeship
    with pytest.raises(ValidationError) as exc:
        body.full_clean()
    assert exc.value.message_dict["nip"] == [
        "1234567890 nie jest poprawnym numerem NIP (numerem identyfikacji podatkowej)."
    ]


@pytest.mark.parametrize(
    ("regon", "valid"),
    [
        ("123456785", True),
        ("123456786", False),
        ("12345678512347", True),
        ("12345", False),
    ],
)
def test_regon_validation(regon, valid):
    body = FoundingBodyFactory()
    body.regon = regon
    if valid:
        body.full_clean()
    else:
        with pytest.raises(ValidationError) as exc:
            body.full_clean()
        assert list(exc.value.message_dict) == ["regon"]


@pytest.mark.parametrize(("krs", "valid"), [("0000123456", True), ("123", False)])
def test_krs_validation(krs, valid):
    body = FoundingBodyFactory()
    body.krs = krs
    if valid:
        body.full_clean()
    else:
        with pytest.raises(ValidationError) as exc:
            body.full_clean()
        assert exc.value.message_dict["krs"] == [
            "Numer KRS ma dokładnie dziesięć cyfr."
        ]


def test_founding_body_unique_by_nip():
    body = FoundingBodyFactory()
    with pytest.raises(IntegrityError):
        FoundingBodyFactory(nip=body.nip)


def test_bodies_without_nip_may_coexist():
    FoundingBodyFactory(nip="")
    FoundingBodyFactory(nip="")


@pytest.mark.parametrize(
    ("founder_type", "group"),
    [
        (FounderType.GMINA, FounderGroup.LOCAL_GOVERNMENT),
        (FounderType.POWIAT, FounderGroup.LOCAL_GOVERNMENT),
        (FounderType.WOJEWODZTWO, FounderGroup.LOCAL_GOVERNMENT),
        (FounderType.JST_UNIT, FounderGroup.LOCAL_GOVERNMENT),
        (FounderType.NGO, FounderGroup.SOCIAL_ECONOMY),
        (FounderType.CHURCH, FounderGroup.SOCIAL_ECONOMY),
        (FounderType.SOCIAL_COOPERATIVE, FounderGroup.SOCIAL_ECONOMY),
    ],
)
def test_founder_group_follows_type(founder_type, group):
    assert FoundingBodyFactory.build(founder_type=founder_type).founder_group == group


def test_unit_cannot_close_before_it_opens():
    unit = UnitFactory.build(
        opened_on=datetime.date(2020, 5, 1), closed_on=datetime.date(2020, 4, 30)
    )
    unit.founding_body = FoundingBodyFactory()
    unit.voivodeship = unit.founding_body.voivodeship
    with pytest.raises(ValidationError) as exc:
        unit.full_clean()
    assert exc.value.message_dict["closed_on"] == [
        "Jednostka nie może zostać zamknięta przed otwarciem."
    ]


def test_close_before_open_is_refused_by_database():
    unit = UnitFactory(opened_on=datetime.date(2020, 5, 1))
    unit.closed_on = datetime.date(2020, 4, 30)
    with pytest.raises(IntegrityError):
        unit.save()


def test_open_on_includes_the_closing_day():
    opened = UnitFactory(opened_on=datetime.date(2020, 1, 1))
    closed = UnitFactory(
        opened_on=datetime.date(2020, 1, 1), closed_on=datetime.date(2020, 12, 31)
    )
    UnitFactory(opened_on=datetime.date(2021, 1, 1))
    assert set(Unit.objects.open_on(datetime.date(2020, 12, 31))) == {opened, closed}
    assert set(Unit.objects.open_on(datetime.date(2021, 1, 1))) == {
        opened,
        Unit.objects.get(opened_on=datetime.date(2021, 1, 1)),
    }


def test_unit_history_is_kept():
    unit = UnitFactory(name="Stara nazwa")
    unit.name = "Nowa nazwa"
    unit.save()
    assert [h.name for h in unit.history.order_by("history_date")] == [
        "Stara nazwa",
        "Nowa nazwa",
    ]


def test_voivodeships_are_loaded_by_migration():
    assert Voivodeship.objects.count() == 16
    assert Voivodeship.objects.get(teryt="14").name == "mazowieckie"
    assert Voivodeship.objects.get(teryt="12").name == "małopolskie"


@pytest.mark.parametrize(
    ("fmt", "valid"),
    [
        ("WPS-II.9421.{seq}.{year}", True),
        ("{year}/{seq}", True),
        ("WPS-II.9421.{seq}", False),
        ("WPS.{seq}.{year}.{office}", False),
        ("WPS.{seq.{year}", False),
    ],
)
def test_decision_number_format_needs_seq_and_year(fmt, valid):
    office = Voivodeship.objects.get(teryt="14")
    office.decision_number_format = fmt
    if valid:
        office.full_clean()
    else:
        with pytest.raises(ValidationError) as exc:
            office.full_clean()
        assert exc.value.message_dict["decision_number_format"] == [
            "Użyj {seq} i {year} po jednym razie i żadnych innych nawiasów klamrowych."
        ]


def test_founder_type_not_allowed_for_kis_is_refused():
    body = FoundingBodyFactory(founder_type=FounderType.POWIAT)
    unit = UnitFactory.build(
        kind="KIS", founding_body=body, voivodeship=body.voivodeship
    )
    with pytest.raises(ValidationError) as exc:
        unit.full_clean()
    assert exc.value.message_dict["founding_body"] == [
        "Podmiot rodzaju „powiat” nie może utworzyć KIS (art. 18 ust. 1 ustawy o "
        "zatrudnieniu socjalnym)."
    ]


def test_powiat_may_found_a_cis():
    body = FoundingBodyFactory(founder_type=FounderType.POWIAT)
    UnitFactory.build(
        kind="CIS", founding_body=body, voivodeship=body.voivodeship
    ).full_clean()
