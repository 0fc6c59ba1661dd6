"""The public register: open to anonymous users, exact rows, exact CSV cells,
no personal data, a bounded number of queries."""

import datetime
import itertools

import pytest
from django.utils import timezone

from accounts.tests.factories import UserFactory
from units.constants import DecisionKind, FounderType, LossGround, UnitKind
from units.models import StatusDecision, Unit
from units.register import REGISTER_CSV_COLUMNS, UW_CIS_01_COLUMNS
from units.tests.factories import FoundingBodyFactory, UnitFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)
BOM = b"\xef\xbb\xbf"
_sequence = itertools.count(1)


def decide(unit, kind, issued_on, *, valid_until=None, number=None, **extra):
    """A status decision with every required field (numbers unique per run)."""
    seq = next(_sequence)
    return StatusDecision.objects.create(
        kind=kind,
        voivodeship=unit.voivodeship,
        unit=unit,
        year=issued_on.year,
        sequence=seq,
        number=number or f"CIS.{seq}.{issued_on.year}",
        issued_on=issued_on,
        valid_until=valid_until,
        legal_basis="art. 5 ust. 1 ustawy o zatrudnieniu socjalnym",
        ruling="Nadać status.",
        issued_by=extra.pop("issued_by", None) or UserFactory(),
        **extra,
    )


@pytest.fixture
def english(client):
    client.cookies["django_language"] = "en"
    return client


@pytest.fixture
def register(voivodeship_a, voivodeship_other):
    """One centre per status, a KIS, a closed centre; all decisions issued by
    "Jan Tajny" with a secret reasoning."""
    official = UserFactory(full_name="Jan Tajny", email="jan.tajny@example.org")
    secret = {"issued_by": official, "reasoning": "UZASADNIENIE-TAJNE"}
    gmina = FoundingBodyFactory(
        name="Gmina Radom",
        founder_type=FounderType.GMINA,
        regon="670223451",
        krs="",
        address="ul. Jana Kilińskiego 30, 26-600 Radom",
        voivodeship=voivodeship_a,
    )
    active = UnitFactory(
        name="CIS Aktywne",
        founding_body=gmina,
        voivodeship=voivodeship_a,
        municipality="Radom",
        municipality_teryt="1463011",
        address="ul. Żeromskiego 1, 26-600 Radom",
        opened_on=datetime.date(2019, 3, 1),
    )
    decide(
        active,
        DecisionKind.GRANT,
        datetime.date(2019, 2, 1),
        valid_until=datetime.date(2024, 1, 31),
        number="WPS-II.9421.1.2019",
        **secret,
    )
    decide(
        active,
        DecisionKind.EXTENSION,
        TODAY - 30 * DAY,
        valid_until=TODAY + 5 * 365 * DAY,
        number="WPS-II.9421.7.2024",
        **secret,
    )
    expired = UnitFactory(
        name="CIS Wygasłe",
        voivodeship=voivodeship_a,
        municipality="Płock",
        opened_on=datetime.date(2015, 1, 1),
    )
    decide(
        expired,
        DecisionKind.GRANT,
        datetime.date(2015, 1, 1),
        valid_until=TODAY - DAY,
        number="CIS.3.2015",
        **secret,
    )
    lost = UnitFactory(
        name="CIS Utracone",
        voivodeship=voivodeship_other,
        municipality="Kraków",
        opened_on=datetime.date(2020, 1, 1),
    )
    decide(
        lost,
        DecisionKind.GRANT,
        datetime.date(2020, 1, 1),
        valid_until=TODAY + 365 * DAY,
        number="CIS.4.2020",
        **secret,
    )
    decide(
        lost,
        DecisionKind.LOSS,
        TODAY - 10 * DAY,
        loss_ground=LossGround.FOUNDER_REQUEST,
        number="CIS.5.2025",
        **secret,
    )
    kis = UnitFactory(
        name="KIS Klub",
        kind=UnitKind.KIS,
        voivodeship=voivodeship_other,
        municipality="Tarnów",
        opened_on=datetime.date(2018, 5, 1),
    )
    closed = UnitFactory(
        name="CIS Zamknięte",
        voivodeship=voivodeship_a,
        municipality="Siedlce",
        opened_on=datetime.date(2010, 1, 1),
        closed_on=datetime.date(2012, 12, 31),
    )
    return {
        "active": active,
        "expired": expired,
        "lost": lost,
        "kis": kis,
        "closed": closed,
        "gmina": gmina,
    }


def rows_of(response):
    return response.context["table"].page.object_list


def names_in(response):
    return {row.record.name for row in rows_of(response)}


def csv_rows(response):
    content = response.content
    assert content.startswith(BOM)
    lines = content[len(BOM) :].decode("utf-8").split("\r\n")
    assert lines[-1] == ""
    return [line.split(";") for line in lines[:-1]]


def test_every_register_url_is_open_to_anonymous_users(client, register):
    urls = [
        "/register/",
        f"/register/{register['active'].pk}/",
        f"/register/{register['kis'].pk}/",
        "/register/export.csv",
        "/register/uw-cis-01.csv",
    ]
    for url in urls:
        assert client.get(url).status_code == 200, url


def test_unknown_unit_is_404(client, register):
    assert client.get("/register/999999/").status_code == 404


def test_list_shows_every_unit_with_its_status_and_latest_decision(client, register):
    response = client.get("/register/")
    by_name = {row.record.name: row.record for row in rows_of(response)}
    assert set(by_name) == {
        "CIS Aktywne",
        "CIS Wygasłe",
        "CIS Utracone",
        "KIS Klub",
        "CIS Zamknięte",
    }
    facts = {
        name: (unit.cis_status, unit.status_valid_until, unit.decision_number)
        for name, unit in by_name.items()
    }
    assert facts == {
        "CIS Aktywne": ("active", TODAY + 5 * 365 * DAY, "WPS-II.9421.7.2024"),
        "CIS Wygasłe": ("expired", TODAY - DAY, "CIS.3.2015"),
        "CIS Utracone": ("lost", None, "CIS.4.2020"),
        "KIS Klub": ("none", None, None),
        "CIS Zamknięte": ("none", None, None),
    }
    assert by_name["CIS Aktywne"].decision_issued_on == TODAY - 30 * DAY


def test_list_renders_status_labels_and_links_in_english(english, register):
    response = english.get("/register/?sort=name")
    cells = {
        row.record.name: (row.get_cell("cis_status"), row.get_cell("kind"))
        for row in rows_of(response)
    }
    assert cells == {
        "CIS Aktywne": ("active", "CIS"),
        "CIS Utracone": ("lost by decision", "CIS"),
        "CIS Wygasłe": ("expired", "CIS"),
        "CIS Zamknięte": ("no status", "CIS"),
        "KIS Klub": ("—", "KIS"),
    }
    content = response.content.decode()
    active = register["active"]
    assert f'<a href="/register/{active.pk}/">CIS Aktywne</a>' in content
    assert "<td >WPS-II.9421.7.2024</td>" in content
    assert 'href="/register/export.csv"' in content
    assert 'href="/register/uw-cis-01.csv"' in content


def test_export_links_carry_the_filters(client, register, voivodeship_a):
    content = client.get(
        f"/register/?kind=CIS&voivodeship={voivodeship_a.pk}&sort=name&page=1"
    ).content.decode()
    assert (
        f'href="/register/export.csv?kind=CIS&amp;voivodeship={voivodeship_a.pk}"'
        in content
    )
    assert f'href="/register/uw-cis-01.csv?voivodeship={voivodeship_a.pk}"' in content


@pytest.mark.parametrize("value", ["²", "abc", "-1"])
def test_export_links_drop_a_voivodeship_that_is_not_a_number(client, value):
    # "²".isdigit() is true and int("²") raised: a 500.
    response = client.get("/register/", {"voivodeship": value})
    assert response.status_code == 200
    assert response.context["uw_query"] == ""


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("status=active", {"CIS Aktywne"}),
        ("status=expired", {"CIS Wygasłe"}),
        ("status=lost", {"CIS Utracone"}),
        ("status=none", {"CIS Zamknięte"}),
        ("kind=KIS", {"KIS Klub"}),
        (
            "kind=CIS",
            {"CIS Aktywne", "CIS Wygasłe", "CIS Utracone", "CIS Zamknięte"},
        ),
        ("state=closed", {"CIS Zamknięte"}),
        ("q=gmina radom", {"CIS Aktywne"}),
        ("q=tarnów", {"KIS Klub"}),
        ("kind=CIS&status=active&state=open", {"CIS Aktywne"}),
    ],
)
def test_filters_return_exactly_the_expected_units(client, register, query, expected):
    assert names_in(client.get(f"/register/?{query}")) == expected


def test_voivodeship_filter(client, register, voivodeship_a, voivodeship_other):
    assert names_in(client.get(f"/register/?voivodeship={voivodeship_a.pk}")) == {
        "CIS Aktywne",
        "CIS Wygasłe",
        "CIS Zamknięte",
    }
    assert names_in(client.get(f"/register/?voivodeship={voivodeship_other.pk}")) == {
        "CIS Utracone",
        "KIS Klub",
    }


def test_sorting_and_htmx_fragment(client, register):
    response = client.get("/register/?sort=-name")
    assert [row.record.name for row in rows_of(response)] == [
        "KIS Klub",
        "CIS Zamknięte",
        "CIS Wygasłe",
        "CIS Utracone",
        "CIS Aktywne",
    ]
    fragment = client.get(
        "/register/?sort=name",
        headers={"HX-Request": "true", "HX-Target": "results"},
    ).content.decode()
    assert fragment.lstrip().startswith('<div id="results"')
    assert "<html" not in fragment
    # The filter form swaps the wrapper with the export links: a full page.
    page = client.get(
        "/register/?kind=KIS",
        headers={"HX-Request": "true", "HX-Target": "register-results"},
    ).content.decode()
    assert '<div id="register-results">' in page
    assert 'href="/register/export.csv?kind=KIS"' in page


def test_list_paginates_by_25(client, voivodeship_a):
    for n in range(30):
        UnitFactory(name=f"CIS {n:02d}", voivodeship=voivodeship_a)
    first = client.get("/register/")
    assert len(rows_of(first)) == 25
    second = client.get("/register/?page=2")
    assert [row.record.name for row in rows_of(second)] == [
        f"CIS {n:02d}" for n in range(25, 30)
    ]


def test_detail_shows_the_facts_and_every_decision(english, register):
    unit = register["lost"]
    response = english.get(f"/register/{unit.pk}/")
    content = response.content.decode()
    assert "CIS Utracone" in content
    assert '<dd class="col-sm-7" id="cis-status">lost by decision</dd>' in content
    decisions = [
        (d.number, d.kind, d.loss_ground)
        for d in response.context["unit"].public_decisions
    ]
    assert decisions == [
        ("CIS.4.2020", "grant", ""),
        ("CIS.5.2025", "loss", "founder_request"),
    ]
    assert "<td>request of the founding body (art. 6 ust. 1a)</td>" in content
    assert "<td>loss of status</td>" in content


def test_detail_of_a_kis_has_no_status(english, register):
    content = english.get(f"/register/{register['kis'].pk}/").content.decode()
    assert "KIS Klub" in content
    assert 'id="cis-status"' not in content


def test_register_csv_rows_and_format(english, register):
    response = english.get("/register/export.csv?kind=CIS&status=active")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == (
        f'attachment; filename="rejestr-cis-kis-{TODAY.isoformat()}.csv"'
    )
    rows = csv_rows(response)
    assert rows[0] == list(REGISTER_CSV_COLUMNS)
    assert rows[0][:4] == ["id", "nazwa", "rodzaj", "województwo"]
    active = register["active"]
    assert rows[1:] == [
        [
            str(active.pk),
            "CIS Aktywne",
            "CIS",
            "mazowieckie",
            "Radom",
            "ul. Żeromskiego 1, 26-600 Radom",
            "Gmina Radom",
            "municipality (gmina)",
            "active",
            (TODAY + 5 * 365 * DAY).isoformat(),
            "WPS-II.9421.7.2024",
            (TODAY - 30 * DAY).isoformat(),
            "2019-03-01",
            "",
            "",
        ]
    ]


def test_register_csv_takes_the_list_filters(client, register, voivodeship_other):
    rows = csv_rows(
        client.get(f"/register/export.csv?voivodeship={voivodeship_other.pk}")
    )
    assert [row[1] for row in rows[1:]] == ["CIS Utracone", "KIS Klub"]
    kis = rows[2]
    assert kis[2] == "KIS"
    assert kis[8:10] == ["", ""]  # a KIS has no status
    everything = csv_rows(client.get("/register/export.csv"))
    assert len(everything) == 1 + 5


def test_register_csv_refuses_a_bad_filter(client, register):
    assert client.get("/register/export.csv?kind=XYZ").status_code == 400


def test_uw_cis_01_export_has_centres_only_with_exact_values(client, register):
    response = client.get("/register/uw-cis-01.csv")
    assert response["Content-Disposition"] == (
        f'attachment; filename="uw-cis-01-{TODAY.isoformat()}.csv"'
    )
    rows = csv_rows(response)
    assert rows[0] == list(UW_CIS_01_COLUMNS)
    # Centres only, by voivodeship TERYT (12 before 14), then by name.
    assert [row[5] for row in rows[1:]] == [
        "CIS Utracone",
        "CIS Aktywne",
        "CIS Wygasłe",
        "CIS Zamknięte",
    ]
    gmina = register["gmina"]
    assert dict(zip(UW_CIS_01_COLUMNS, rows[2], strict=True)) == {
        "województwo_teryt": "14",
        "województwo": "mazowieckie",
        "powiat_teryt": "1463",
        "gmina": "Radom",
        "gmina_teryt": "1463011",
        "nazwa_centrum": "CIS Aktywne",
        "adres_siedziby": "ul. Żeromskiego 1, 26-600 Radom",
        "nazwa_instytucji_tworzącej": "Gmina Radom",
        "adres_instytucji_tworzącej": "ul. Jana Kilińskiego 30, 26-600 Radom",
        "regon_instytucji_tworzącej": "670223451",
        "nip_instytucji_tworzącej": gmina.nip,
        "krs_instytucji_tworzącej": "",
        "rodzaj_instytucji_tworzącej": "gmina",
        "grupa_instytucji_tworzącej": "local_government",
        "data_nadania_statusu": "2019-02-01",
        "status_ważny_do": (TODAY + 5 * 365 * DAY).isoformat(),
        "data_rozpoczęcia": "2019-03-01",
        "data_zakończenia": "",
        "aktywny": "1",
    }
    active_flags = {row[5]: row[-1] for row in rows[1:]}
    assert active_flags == {
        "CIS Utracone": "0",
        "CIS Aktywne": "1",
        "CIS Wygasłe": "0",
        "CIS Zamknięte": "0",
    }
    closed = rows[4]
    assert closed[-3:] == ["2010-01-01", "2012-12-31", "0"]


def test_uw_cis_01_export_by_voivodeship(client, register, voivodeship_other):
    rows = csv_rows(
        client.get(f"/register/uw-cis-01.csv?voivodeship={voivodeship_other.pk}")
    )
    assert [row[5] for row in rows[1:]] == ["CIS Utracone"]
    assert client.get("/register/uw-cis-01.csv?voivodeship=abc").status_code == 400


def test_no_personal_data_anywhere(client, register):
    urls = ["/register/", "/register/export.csv", "/register/uw-cis-01.csv"]
    urls += [
        f"/register/{unit.pk}/" for key, unit in register.items() if key != "gmina"
    ]
    for language in ("pl", "en"):
        client.cookies["django_language"] = language
        for url in urls:
            content = client.get(url).content.decode("utf-8")
            assert "Jan Tajny" not in content, url
            assert "jan.tajny@example.org" not in content, url
            assert "UZASADNIENIE-TAJNE" not in content, url


def test_menu_links_the_register_for_everyone(client, client_for, analyst):
    for some_client in (client, client_for(analyst)):
        some_client.cookies["django_language"] = "en"
        content = some_client.get("/register/").content.decode()
        assert (
            '<a class="nav-link active" aria-current="page" href="/register/">'
            "Public register</a>"
        ) in content


@pytest.fixture
def many_centres(voivodeship_a, voivodeship_other):
    """40 units, 36 of them centres with a grant, an extension or a loss."""
    official = UserFactory()
    for n in range(40):
        unit = UnitFactory(
            name=f"Jednostka {n:02d}",
            kind=UnitKind.KIS if n % 10 == 9 else UnitKind.CIS,
            voivodeship=voivodeship_a if n % 2 else voivodeship_other,
        )
        if unit.kind == UnitKind.KIS:
            continue
        decide(
            unit,
            DecisionKind.GRANT,
            datetime.date(2021, 1, 1),
            valid_until=datetime.date(2025, 12, 31) + n * DAY,
            issued_by=official,
        )
        if n % 3 == 0:
            decide(
                unit,
                DecisionKind.EXTENSION,
                datetime.date(2024, 1, 1),
                valid_until=TODAY + 400 * DAY,
                issued_by=official,
            )
        if n % 5 == 0:
            decide(
                unit,
                DecisionKind.LOSS,
                TODAY - DAY,
                loss_ground=LossGround.NOT_CARRYING_OUT,
                issued_by=official,
            )


def test_list_query_count_does_not_grow_with_rows(
    client, many_centres, django_assert_max_num_queries, settings
):
    settings.PAGE_SIZE = 40
    client.get("/register/")
    with django_assert_max_num_queries(4):
        response = client.get("/register/?sort=decision_number")
    assert len(rows_of(response)) == 40


def test_detail_query_count(client, many_centres, django_assert_max_num_queries):
    unit = Unit.objects.get(name="Jednostka 00")  # grant, extension, loss
    with django_assert_max_num_queries(2):
        response = client.get(f"/register/{unit.pk}/")
    assert len(response.context["unit"].public_decisions) == 3


def test_exports_query_count_does_not_grow_with_rows(
    client, many_centres, voivodeship_a, django_assert_max_num_queries
):
    with django_assert_max_num_queries(1):
        everything = client.get("/register/export.csv")
    assert len(csv_rows(everything)) == 1 + 40
    with django_assert_max_num_queries(2):
        filtered = client.get(f"/register/export.csv?voivodeship={voivodeship_a.pk}")
    assert len(csv_rows(filtered)) == 1 + 20
    with django_assert_max_num_queries(1):
        uw = client.get("/register/uw-cis-01.csv")
    assert len(csv_rows(uw)) == 1 + 36
    with django_assert_max_num_queries(2):
        uw_a = client.get(f"/register/uw-cis-01.csv?voivodeship={voivodeship_a.pk}")
    assert len(csv_rows(uw_a)) == 1 + 16
