import pytest

from units.constants import FounderType
from units.tests.factories import (
    FoundingBodyFactory,
    UnitFactory,
    make_nip,
    voivodeship,
)

pytestmark = pytest.mark.django_db


def names(response):
    return [row.record.name for row in response.context["table"].page.object_list]


def test_officials_see_the_bodies_of_their_voivodeship(
    client_for, official_a, official_other, analyst
):
    FoundingBodyFactory(name="Gmina Radom", founder_type=FounderType.GMINA)
    FoundingBodyFactory(name="Fundacja Kraków", voivodeship=voivodeship("12"))
    assert names(client_for(official_a).get("/units/founding-bodies/")) == [
        "Gmina Radom"
    ]
    assert names(client_for(official_other).get("/units/founding-bodies/")) == [
        "Fundacja Kraków"
    ]
    assert names(client_for(analyst).get("/units/founding-bodies/")) == [
        "Fundacja Kraków",
        "Gmina Radom",
    ]


def test_bodies_list_refused_to_anonymous_and_unit_staff(client_for, refused, staff_a):
    refused(client_for(None), "/units/founding-bodies/")
    refused(client_for(staff_a), "/units/founding-bodies/")


def test_search_by_nip_with_dashes_and_filter_by_group(client_for, analyst):
    nip = make_nip(777)
    FoundingBodyFactory(name="Stowarzyszenie X", nip=nip)
    FoundingBodyFactory(name="Powiat Y", founder_type=FounderType.POWIAT)
    client = client_for(analyst)
    dashed = f"{nip[:3]}-{nip[3:6]}-{nip[6:8]}-{nip[8:]}"
    assert names(client.get(f"/units/founding-bodies/?q={dashed}")) == [
        "Stowarzyszenie X"
    ]
    assert names(
        client.get("/units/founding-bodies/?founder_group=local_government")
    ) == ["Powiat Y"]


def test_unit_counts_and_query_count(
    client_for, analyst, django_assert_max_num_queries
):
    for n in range(30):
        body = FoundingBodyFactory(name=f"Podmiot {n:02d}")
        UnitFactory(founding_body=body)
        UnitFactory(founding_body=body)
    client = client_for(analyst)
    client.get("/units/founding-bodies/")
    with django_assert_max_num_queries(6):
        response = client.get("/units/founding-bodies/")
    rows = response.context["table"].page.object_list
    assert len(rows) == 25
    assert {row.record.unit_count for row in rows} == {2}
