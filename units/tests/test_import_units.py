import datetime
import io

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation
from openpyxl import Workbook

from units.constants import DecisionKind, FounderGroup
from units.imports import ImportRejected, read_table
from units.models import FoundingBody, StatusDecision, Unit
from units.services import units_import
from units.tests.factories import FoundingBodyFactory, make_nip, voivodeship

pytestmark = pytest.mark.django_db

D = datetime.date
NIP_A = make_nip(9001)
NIP_B = make_nip(9002)
HEADER = (
    "registry_id,kind,name,voivodeship,founder_name,founder_type,opened_on,"
    "closed_on,founder_nip,founder_regon,founder_krs,address,decision_number,"
    "decision_date"
)
GOOD_ROWS = [
    f"R-1,CIS,CIS w Radomiu,14,Stowarzyszenie Razem,ngo,2015-03-01,,{NIP_A},"
    "123456785,0000123456,ul. Długa 1,WPS.9421.1.2015,2015-04-10",
    "R-2,KIS,KIS w Nowym Targu,Małopolskie,Gmina Nowy Targ,gmina,2018-01-15,"
    "2022-12-31,,,,,,",
    f"R-3,KIS,KIS w Płocku,mazowieckie,Stowarzyszenie Razem,ngo,2019-05-01,,{NIP_A},"
    "123456785,0000123456,,,",
    f"R-4,CIS,CIS w Krakowie,12,Spółdzielnia Socjalna Start,social_cooperative,"
    f"2020-02-01,,{NIP_B},,,ul. Krótka 2,WPS.9421.7.2020,2020-03-02",
]


def write_csv(tmp_path, lines, name="units.csv", encoding="utf-8"):
    path = tmp_path / name
    path.write_bytes("\n".join(lines).encode(encoding) + b"\n")
    return path


def import_file(path):
    with translation.override("en"):
        return units_import(table=read_table(path))


def rejection(path):
    with translation.override("en"), pytest.raises(ImportRejected) as exc:
        units_import(table=read_table(path))
    return exc.value


def messages(error):
    """The rejection's lines as an English-speaking operator reads them."""
    with translation.override("en"):
        return [str(e) for e in error.errors]


def snapshot():
    units = list(
        Unit.objects.order_by("registry_id").values_list(
            "registry_id",
            "kind",
            "name",
            "voivodeship__teryt",
            "founding_body__name",
            "opened_on",
            "closed_on",
            "address",
        )
    )
    bodies = list(
        FoundingBody.objects.order_by("name").values_list(
            "name", "founder_type", "nip", "regon", "krs", "voivodeship__teryt"
        )
    )
    decisions = list(
        StatusDecision.objects.order_by("number").values_list(
            "number", "kind", "unit__registry_id", "issued_on", "valid_until"
        )
    )
    return units, bodies, decisions


def test_good_file_imports_exact_units_founders_groups_and_decisions(tmp_path):
    result = import_file(write_csv(tmp_path, [HEADER, *GOOD_ROWS]))

    units, bodies, decisions = snapshot()
    assert units == [
        (
            "R-1",
            "CIS",
            "CIS w Radomiu",
            "14",
            "Stowarzyszenie Razem",
            D(2015, 3, 1),
            None,
            "ul. Długa 1",
        ),
        (
            "R-2",
            "KIS",
            "KIS w Nowym Targu",
            "12",
            "Gmina Nowy Targ",
            D(2018, 1, 15),
            D(2022, 12, 31),
            "",
        ),
        (
            "R-3",
            "KIS",
            "KIS w Płocku",
            "14",
            "Stowarzyszenie Razem",
            D(2019, 5, 1),
            None,
            "",
        ),
        (
            "R-4",
            "CIS",
            "CIS w Krakowie",
            "12",
            "Spółdzielnia Socjalna Start",
            D(2020, 2, 1),
            None,
            "ul. Krótka 2",
        ),
    ]
    assert bodies == [
        ("Gmina Nowy Targ", "gmina", "", "", "", "12"),
        ("Spółdzielnia Socjalna Start", "social_cooperative", NIP_B, "", "", "12"),
        ("Stowarzyszenie Razem", "ngo", NIP_A, "123456785", "0000123456", "14"),
    ]
    groups = {body.name: body.founder_group for body in FoundingBody.objects.all()}
    assert groups == {
        "Gmina Nowy Targ": FounderGroup.LOCAL_GOVERNMENT,
        "Spółdzielnia Socjalna Start": FounderGroup.SOCIAL_ECONOMY,
        "Stowarzyszenie Razem": FounderGroup.SOCIAL_ECONOMY,
    }
    assert decisions == [
        ("WPS.9421.1.2015", DecisionKind.GRANT, "R-1", D(2015, 4, 10), D(2020, 4, 9)),
        ("WPS.9421.7.2020", DecisionKind.GRANT, "R-4", D(2020, 3, 2), D(2025, 3, 1)),
    ]
    assert result.units == {"created": 4, "updated": 0, "unchanged": 0}
    assert result.founders == {"created": 3, "updated": 0, "unchanged": 0}
    assert result.decisions == {"created": 2, "updated": 0, "unchanged": 0}


def test_reimport_changes_nothing(tmp_path):
    path = write_csv(tmp_path, [HEADER, *GOOD_ROWS])
    import_file(path)
    before = snapshot()
    history = Unit.history.count() + FoundingBody.history.count()

    result = import_file(path)

    assert snapshot() == before
    assert Unit.history.count() + FoundingBody.history.count() == history
    assert result.units == {"created": 0, "updated": 0, "unchanged": 4}
    assert result.founders == {"created": 0, "updated": 0, "unchanged": 3}
    assert result.decisions == {"created": 0, "updated": 0, "unchanged": 2}


def test_changed_row_updates_the_unit_and_keeps_the_founder_contacts(tmp_path):
    import_file(write_csv(tmp_path, [HEADER, *GOOD_ROWS]))
    FoundingBody.objects.filter(nip=NIP_A).update(phone="22 123 45 67")
    changed = GOOD_ROWS[0].replace("CIS w Radomiu", "CIS Radom")

    result = import_file(write_csv(tmp_path, [HEADER, changed, *GOOD_ROWS[1:]]))

    assert result.units == {"created": 0, "updated": 1, "unchanged": 3}
    assert Unit.objects.get(registry_id="R-1").name == "CIS Radom"
    assert FoundingBody.objects.get(nip=NIP_A).phone == "22 123 45 67"


def test_bom_and_semicolons_are_read(tmp_path):
    lines = [
        "registry_id;kind;name;voivodeship;founder_name;founder_type;opened_on",
        "S-1;KIS;Klub, który działa;mazowieckie;Gmina Łódź;gmina;2021-06-01",
    ]
    path = write_csv(tmp_path, lines, encoding="utf-8-sig")
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")

    import_file(path)

    unit = Unit.objects.get(registry_id="S-1")
    assert (unit.name, unit.voivodeship.teryt, unit.founding_body.name) == (
        "Klub, który działa",
        "14",
        "Gmina Łódź",
    )


def test_xlsx_file_is_read_with_sheet_row_numbers(tmp_path):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADER.split(","))
    sheet.append(
        [
            *("X-1", "CIS", "CIS w Siedlcach", 14, "Caritas Diecezji", "church"),
            *(D(2016, 9, 1), None, int(NIP_A), None, None, None),
            *("WPS.1.2016", D(2016, 10, 3)),
        ]
    )
    sheet.append([])  # an empty row is skipped, the numbering goes on
    sheet.append(["X-2", "KIS", "KIS", "99", "Gmina", "gmina", "2016-09-01"])
    path = tmp_path / "units.xlsx"
    workbook.save(path)

    error = rejection(path)
    assert messages(error) == [
        "line 4: voivodeship: Unknown voivodeship “99”: give its two-digit TERYT "
        "code (such as 14) or its Polish name (such as mazowieckie)."
    ]

    sheet.delete_rows(4)
    workbook.save(path)
    import_file(path)
    unit = Unit.objects.get(registry_id="X-1")
    assert (unit.opened_on, unit.founding_body.founder_type) == (
        D(2016, 9, 1),
        "church",
    )
    decision = StatusDecision.objects.get(number="WPS.1.2016")
    assert (decision.unit, decision.issued_on) == (unit, D(2016, 10, 3))


def test_three_bad_rows_are_all_reported_and_nothing_is_imported(tmp_path):
    lines = [
        HEADER,
        GOOD_ROWS[0],
        "B-1,KIS,KIS zły NIP,14,Fundacja,ngo,2019-01-01,,1234567890,,,,,",
        GOOD_ROWS[1],
        "B-2,KIS,KIS,lubuskie,Gmina X,gmina,2019-01-01,2018-12-31,,,,,,",
        "R-1,KIS,Powtórka,14,Gmina Y,gmina,2019-01-01,,,,,,,",
    ]

    error = rejection(write_csv(tmp_path, lines))

    assert messages(error) == [
        "line 3: founder_nip: 1234567890 is not a valid NIP "
        "(tax identification number).",
        "line 5: closed_on: A unit cannot close before it opens.",
        "line 6: registry_id: “R-1” is already on line 2.",
    ]
    assert error.message == "Nothing was imported; rows with errors: 3."
    assert Unit.objects.count() == 0
    assert FoundingBody.objects.count() == 0
    assert StatusDecision.objects.count() == 0


def test_powiat_may_not_found_a_kis(tmp_path):
    lines = [HEADER, "P-1,KIS,KIS powiatowy,14,Powiat Radomski,powiat,2019-01-01"]

    error = rejection(write_csv(tmp_path, lines))

    assert messages(error) == [
        "line 2: founder_type: A founder of type “county (powiat)” may not found "
        "a KIS (art. 18 ust. 1 ustawy o zatrudnieniu socjalnym)."
    ]
    assert FoundingBody.objects.count() == 0


def test_codes_dates_and_decisions_are_checked(tmp_path):
    lines = [
        HEADER,
        "C-1,XIS,Coś,14,Gmina,gmina,2019-02-30,,,,,,D-1,",
        "C-2,KIS,Klub,14,Gmina,wojsko,01.02.2019,,,,,,D-2,2019-01-01",
        "C-3,,Klub,14,Gmina,gmina,2019-01-01,,,,,,,",
    ]

    error = rejection(write_csv(tmp_path, lines))

    assert messages(error) == [
        "line 2: kind: Value 'XIS' is not a valid choice.",
        "line 2: opened_on: “2019-02-30” value has the correct format (YYYY-MM-DD) "
        "but it is an invalid date.",
        "line 2: Give decision_number and decision_date together, or neither.",
        "line 3: opened_on: “01.02.2019” value has an invalid date format. It must "
        "be in YYYY-MM-DD format.",
        "line 3: decision_number: Only a CIS has a decision on its status; this row "
        "is a KIS.",
        "line 4: kind: This field cannot be blank.",
    ]


def test_bad_founder_type_comes_from_the_model(tmp_path):
    lines = [HEADER, "T-1,KIS,Klub,14,Gmina,wojsko,2019-01-01"]

    error = rejection(write_csv(tmp_path, lines))

    assert messages(error) == [
        "line 2: founder_type: Value 'wojsko' is not a valid choice."
    ]


def test_founder_without_nip_is_matched_on_name_and_voivodeship(tmp_path):
    existing = FoundingBodyFactory(
        name="Gmina Nowy Targ",
        nip="",
        founder_type="gmina",
        voivodeship=voivodeship("12"),
        phone="18 000 00 00",
    )

    import_file(write_csv(tmp_path, [HEADER, GOOD_ROWS[1]]))

    assert FoundingBody.objects.filter(name="Gmina Nowy Targ").count() == 1
    assert Unit.objects.get(registry_id="R-2").founding_body == existing
    existing.refresh_from_db()
    assert existing.phone == "18 000 00 00"


def test_decision_number_of_another_centre_is_refused(tmp_path):
    import_file(write_csv(tmp_path, [HEADER, GOOD_ROWS[0]]))
    taken = GOOD_ROWS[3].replace("WPS.9421.7.2020", "WPS.9421.1.2015")

    error = rejection(write_csv(tmp_path, [HEADER, taken]))

    assert messages(error) == [
        "line 2: decision_number: Decision WPS.9421.1.2015 is already recorded for "
        "another centre or as another kind of decision."
    ]
    assert Unit.objects.count() == 1


def test_missing_columns_are_named(tmp_path):
    path = write_csv(tmp_path, ["registry_id,kind,name,founder_name", "A,KIS,X,Y"])

    error = rejection(path)

    assert str(error) == (
        "Missing required columns: voivodeship, founder_type, opened_on."
    )
    assert error.errors == ()


def test_wrong_extension_is_refused(tmp_path):
    path = write_csv(tmp_path, [HEADER, *GOOD_ROWS], name="units.txt")

    assert str(rejection(path)) == (
        "Unknown type of file “units.txt”: give a .csv or an .xlsx file."
    )


def test_non_utf8_bytes_are_refused(tmp_path):
    lines = [HEADER, "R-9,KIS,Klub w Łodzi,10,Gmina Łódź,gmina,2019-01-01"]
    path = write_csv(tmp_path, lines, encoding="cp1250")

    assert str(rejection(path)) == (
        "The file is not UTF-8 text (line 2): save it as “CSV UTF-8” and import "
        "it again."
    )
    assert Unit.objects.count() == 0


def test_broken_xlsx_and_missing_file_are_clear_errors(tmp_path):
    broken = tmp_path / "units.xlsx"
    broken.write_bytes(b"not a workbook")

    assert str(rejection(broken)) == "The file is not a readable .xlsx workbook."
    assert str(rejection(tmp_path / "none.csv")) == (
        f"Cannot read the file {tmp_path / 'none.csv'}: No such file or directory."
    )


def test_command_prints_a_summary(tmp_path):
    path = write_csv(tmp_path, [HEADER, *GOOD_ROWS])
    out = io.StringIO()

    with translation.override("en"):
        call_command("import_units", str(path), stdout=out)

    assert out.getvalue().splitlines() == [
        f"Imported {path}.",
        "Units: 4 created, 0 updated, 0 unchanged.",
        "Founding bodies: 3 created, 0 updated, 0 unchanged.",
        "Status decisions: 2 created, 0 updated, 0 unchanged.",
    ]


def test_command_raises_command_error_listing_every_bad_row(tmp_path):
    lines = [
        HEADER,
        "K-1,KIS,KIS,14,Powiat,powiat,2019-01-01",
        "K-2,KIS,KIS,xx,Gmina,gmina,2019-01-01",
    ]
    path = write_csv(tmp_path, lines)

    with translation.override("en"), pytest.raises(CommandError) as exc:
        call_command("import_units", str(path))

    assert str(exc.value) == (
        "Nothing was imported; rows with errors: 2.\n"
        "line 2: founder_type: A founder of type “county (powiat)” may not found "
        "a KIS (art. 18 ust. 1 ustawy o zatrudnieniu socjalnym).\n"
        "line 3: voivodeship: Unknown voivodeship “xx”: give its two-digit TERYT "
        "code (such as 14) or its Polish name (such as mazowieckie)."
    )
    assert Unit.objects.count() == 0


def test_a_nul_character_in_a_cell_is_a_bad_row(tmp_path):
    path = write_csv(tmp_path, [HEADER, GOOD_ROWS[1].replace("R-2", "R\x00-2")])
    assert messages(rejection(path)) == [
        "line 2: registry_id: The cell holds a NUL character."
    ]
    assert not Unit.objects.filter(registry_id__startswith="R").exists()
