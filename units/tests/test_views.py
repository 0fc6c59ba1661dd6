import datetime
import io

import openpyxl
import pytest

from accounts.tests.factories import UserFactory
from units.constants import FounderType, UnitKind
from units.services import decision_record_existing
from units.tests.factories import FoundingBodyFactory, UnitFactory

pytestmark = pytest.mark.django_db


def names_in(response):
    return {row.record.name for row in response.context["table"].page.object_list}


@pytest.mark.parametrize(
    ("user_fixture", "expected"),
    [
        ("staff_a", {"CIS A"}),
        ("manager_a", {"CIS A"}),
        ("staff_b", {"CIS B"}),
        ("official_a", {"CIS A", "CIS B"}),
        ("official_other", {"KIS C"}),
        ("analyst", {"CIS A", "CIS B", "KIS C"}),
        ("admin_user", {"CIS A", "CIS B", "KIS C"}),
    ],
)
def test_unit_list_shows_exactly_the_scope(
    request, client_for, user_fixture, expected, unit_a, unit_b, unit_other
):
    client = client_for(request.getfixturevalue(user_fixture))
    response = client.get("/units/")
    assert response.status_code == 200
    assert names_in(response) == expected


def test_unit_list_refuses_anonymous_and_users_without_scope(client_for, refused):
    refused(client_for(None), "/units/")
    refused(client_for(UserFactory()), "/units/")


def test_unit_list_filters_and_searches(client_for, analyst):
    gmina = FoundingBodyFactory(founder_type=FounderType.GMINA, name="Gmina Radom")
    UnitFactory(name="CIS Radom", founding_body=gmina, municipality="Radom")
    UnitFactory(name="KIS Kielce", kind=UnitKind.KIS, municipality="Kielce")
    client = client_for(analyst)
    assert names_in(client.get("/units/?kind=KIS")) == {"KIS Kielce"}
    assert names_in(client.get("/units/?q=kielce")) == {"KIS Kielce"}
    assert names_in(client.get("/units/?q=gmina radom")) == {"CIS Radom"}
    assert names_in(client.get("/units/?founder_group=local_government")) == {
        "CIS Radom"
    }
    assert names_in(client.get("/units/?founder_group=social_economy")) == {
        "KIS Kielce"
    }
    assert names_in(client.get("/units/?state=closed")) == set()


def test_unit_list_sorts_and_paginates(client_for, analyst, settings):
    settings.PAGE_SIZE = 5
    for n in range(12):
        UnitFactory(name=f"Jednostka {n:02d}")
    client = client_for(analyst)
    page1 = client.get("/units/?sort=-name")
    rows = [row.record.name for row in page1.context["table"].page.object_list]
    assert rows == [f"Jednostka {n:02d}" for n in (11, 10, 9, 8, 7)]
    page3 = client.get("/units/?sort=-name&page=3")
    assert [row.record.name for row in page3.context["table"].page.object_list] == [
        "Jednostka 01",
        "Jednostka 00",
    ]


@pytest.mark.parametrize("per_page", ["-1", "-25", "abc"])
def test_unit_list_takes_a_bad_page_size_as_the_default(
    client_for, analyst, settings, per_page
):
    # A negative `per_page` reached the paginator and crashed the page.
    settings.PAGE_SIZE = 5
    for n in range(7):
        UnitFactory(name=f"Jednostka {n:02d}")
    response = client_for(analyst).get(f"/units/?per_page={per_page}")
    assert response.status_code == 200
    assert names_in(response) == {f"Jednostka {n:02d}" for n in range(5)}


def test_unit_list_keeps_a_valid_page_size(client_for, analyst, settings):
    settings.PAGE_SIZE = 5
    for n in range(7):
        UnitFactory(name=f"Jednostka {n:02d}")
    response = client_for(analyst).get("/units/?per_page=6")
    assert names_in(response) == {f"Jednostka {n:02d}" for n in range(6)}


def test_unit_list_empty_state_in_polish(client_for, analyst):
    content = client_for(analyst).get("/units/?q=nieistniejąca").content.decode()
    assert "Brak jednostek spełniających te kryteria." in content
    assert "0 wyników" in content


def test_unit_list_under_htmx_renders_only_results(client_for, analyst, unit_a):
    response = client_for(analyst).get("/units/", headers={"HX-Request": "true"})
    content = response.content.decode()
    assert content.lstrip().startswith('<div id="results"')
    assert "<html" not in content
    assert "CIS A" in content


def test_unit_list_query_count_does_not_grow_with_rows(
    client_for, analyst, django_assert_max_num_queries, settings
):
    settings.PAGE_SIZE = 50
    for _ in range(50):
        UnitFactory()
    client = client_for(analyst)
    client.get("/units/")  # warm the session and the scope
    with django_assert_max_num_queries(6):
        response = client.get("/units/")
    assert len(response.context["table"].page.object_list) == 50


def test_unit_detail_for_own_staff_and_officials(
    client_for, staff_a, official_a, analyst, unit_a
):
    for user in (staff_a, official_a, analyst):
        response = client_for(user).get(f"/units/{unit_a.pk}/")
        assert response.status_code == 200
        assert "CIS A" in response.content.decode()


def test_unit_detail_marks_the_manager(client_for, manager_a, unit_a):
    content = client_for(manager_a).get(f"/units/{unit_a.pk}/").content.decode()
    assert "zarządzasz tą jednostką" in content


def test_unit_detail_refused_outside_scope(
    client_for, refused, unit_a, staff_b, official_other
):
    url = f"/units/{unit_a.pk}/"
    refused(client_for(None), url)
    refused(client_for(staff_b), url)
    refused(client_for(official_other), url)
    refused(client_for(staff_b), "/units/999999/")


def test_voivodeship_filter_offers_only_the_scope(
    client_for, official_a, analyst, unit_a
):
    choices = client_for(official_a).get("/units/").context["filter"].form
    assert [v.teryt for v in choices.fields["voivodeship"].queryset] == ["14"]
    national = client_for(analyst).get("/units/").context["filter"].form
    assert national.fields["voivodeship"].queryset.count() == 16


def test_unit_list_exports_the_filtered_scope_as_csv_and_xlsx(
    client_for, official_a, unit_a, unit_b, unit_other
):
    client = client_for(official_a)
    response = client.get("/units/?_export=csv&sort=name")
    assert response["Content-Disposition"] == 'attachment; filename="jednostki.csv"'
    lines = response.content.decode().strip().splitlines()
    assert len(lines) == 3  # header and the two units of the voivodeship
    assert lines[1].startswith("CIS A,CIS,mazowieckie,Radom,")
    assert lines[2].startswith("CIS B,CIS,mazowieckie,Radom,")
    assert "KIS C" not in response.content.decode()
    xlsx = client.get("/units/?_export=xlsx&q=CIS A")
    assert xlsx["Content-Disposition"] == 'attachment; filename="jednostki.xlsx"'
    workbook = openpyxl.load_workbook(io.BytesIO(xlsx.content))
    rows = list(workbook.active.iter_rows(values_only=True))
    assert [row[0] for row in rows] == ["Nazwa", "CIS A"]


def test_export_refused_to_anonymous(client, refused):
    refused(client, "/units/?_export=csv")


def test_unit_list_filters_by_cis_status_and_municipality(client_for, analyst):
    active = UnitFactory(name="CIS aktywne", municipality="Płock")
    UnitFactory(name="CIS bez statusu", municipality="Radom")
    UnitFactory(name="KIS", kind=UnitKind.KIS, municipality="Płock")
    decision_record_existing(
        unit=active, kind="grant", number="G/1", issued_on=datetime.date(2024, 1, 2)
    )
    client = client_for(analyst)
    assert names_in(client.get("/units/?status=active")) == {"CIS aktywne"}
    assert names_in(client.get("/units/?status=none")) == {"CIS bez statusu"}
    assert names_in(client.get("/units/?municipality=płock")) == {"CIS aktywne", "KIS"}
    content = client.get("/units/?municipality=płock").content.decode()
    assert "aktywny" in content


def test_unit_page_shows_key_figures(client_for, official_a, unit_a):
    decision_record_existing(
        unit=unit_a, kind="grant", number="G/K", issued_on=datetime.date(2024, 1, 2)
    )
    unit_a.places = 40
    unit_a.save()
    response = client_for(official_a).get(f"/units/{unit_a.pk}/")
    figures = response.context["figures"]
    assert (figures.places, figures.decisions, figures.inspections) == (40, 1, 0)
    assert figures.overdue_recommendations == 0
    content = response.content.decode()
    assert "miejsca: 40" in content


def test_unit_list_caps_the_page_size(client_for, analyst):
    for n in range(205):
        UnitFactory(name=f"J{n:03d}")
    response = client_for(analyst).get("/units/?per_page=100000")
    assert len(response.context["table"].page.object_list) == 200
