import datetime

import pytest

from units.constants import FounderType, UnitKind
from units.selectors import unit_counts_by_voivodeship, unit_list_for_user
from units.tests.factories import FoundingBodyFactory, UnitFactory, voivodeship

pytestmark = pytest.mark.django_db


def test_unit_list_for_staff_is_their_unit(staff_a, unit_a, unit_b, unit_other):
    assert list(unit_list_for_user(user=staff_a)) == [unit_a]


def test_unit_list_for_official_is_their_voivodeship(
    official_a, unit_a, unit_b, unit_other
):
    assert set(unit_list_for_user(user=official_a)) == {unit_a, unit_b}


def test_counts_by_voivodeship_are_exact(analyst):
    mazowieckie, malopolskie = voivodeship("14"), voivodeship("12")
    local = FoundingBodyFactory(founder_type=FounderType.GMINA)
    ngo = FoundingBodyFactory(founder_type=FounderType.NGO)
    UnitFactory(voivodeship=mazowieckie, founding_body=local, kind=UnitKind.CIS)
    UnitFactory(voivodeship=mazowieckie, founding_body=ngo, kind=UnitKind.CIS)
    UnitFactory(voivodeship=mazowieckie, founding_body=ngo, kind=UnitKind.KIS)
    UnitFactory(voivodeship=malopolskie, founding_body=local, kind=UnitKind.KIS)
    # Closed and not yet opened units are not counted.
    UnitFactory(
        voivodeship=mazowieckie, founding_body=ngo, closed_on=datetime.date(2020, 1, 1)
    )
    UnitFactory(
        voivodeship=mazowieckie, founding_body=ngo, opened_on=datetime.date(2999, 1, 1)
    )

    rows = {
        row.voivodeship.teryt: row for row in unit_counts_by_voivodeship(user=analyst)
    }
    assert len(rows) == 16
    maz = rows["14"]
    assert (maz.cis, maz.kis) == (2, 1)
    assert (maz.cis_local_government, maz.cis_social_economy) == (1, 1)
    assert (maz.kis_local_government, maz.kis_social_economy) == (0, 1)
    mal = rows["12"]
    assert (mal.cis, mal.kis, mal.kis_local_government) == (0, 1, 1)
    assert rows["02"].cis == rows["02"].kis == 0


def test_counts_for_official_cover_only_their_voivodeship(
    official_a, unit_a, unit_other
):
    rows = {
        row.voivodeship.teryt: row
        for row in unit_counts_by_voivodeship(user=official_a)
    }
    assert rows["14"].cis == 1
    assert rows["12"].kis == 0


def test_counts_take_one_query(analyst, django_assert_num_queries):
    for _ in range(20):
        UnitFactory()
    with django_assert_num_queries(1):
        unit_counts_by_voivodeship(user=analyst)
