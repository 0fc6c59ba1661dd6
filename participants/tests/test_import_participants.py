"""`manage.py import_participants` (DESIGN section 5, docs/imports.md)."""

import datetime
import io

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation
from openpyxl import Workbook

from participants.imports import participants_import
from participants.management.commands.import_participants import Command
from participants.models import (
    ExclusionGround,
    FollowUp,
    Participant,
    Participation,
    ParticipationGround,
    Referral,
)
from participants.services import (
    GroundInput,
    ReferralInput,
    participant_register,
    participation_refer,
)
from participants.tests.factories import make_pesel
from units.imports import ImportRejected, read_table
from units.tests.factories import UnitFactory

pytestmark = pytest.mark.django_db

D = datetime.date
PESEL_A = make_pesel(D(1980, 5, 17), "F", 1)
PESEL_B = make_pesel(D(1975, 11, 2), "M", 2)
PESEL_C = make_pesel(D(1988, 2, 29), "F", 3)
OVERRIDE = "Imported from the unit's records"
HEADER = (
    "unit_registry_id,participant_ref,pesel,first_name,last_name,birth_date,sex,"
    "primary_exclusion_ground,other_exclusion_grounds,referred_by,admitted_on,"
    "trial_ended_on,exited_on,exit_reason"
)
GOOD_ROWS = [
    f"CIS-1,P-1,{PESEL_A},Anna,Kowalska,1980-05-17,F,long_term_unemployed,"
    "homeless;disabled,pup,2025-03-10,2025-04-09,,",
    f"CIS-1,P-2,{PESEL_B},Jan,Nowak,1975-11-02,M,homeless,,ops,2024-06-03,,"
    "2025-01-31,employment",
    f"CIS-1,P-3,{PESEL_C},Ewa,Zielińska,1988-02-29,F,long_term_unemployed,,ops,"
    "2024-09-02,,2025-02-28,resigned",
    "KIS-1,K-1,,,,1990-01-02,M,released_from_prison,,self,2025-05-05,,,",
]


@pytest.fixture
def units():
    return (
        UnitFactory(registry_id="CIS-1", kind="CIS"),
        UnitFactory(registry_id="KIS-1", kind="KIS"),
    )


def write_csv(tmp_path, lines, name="participants.csv", encoding="utf-8"):
    path = tmp_path / name
    path.write_bytes("\n".join(lines).encode(encoding) + b"\n")
    return path


def import_file(path):
    with translation.override("en"):
        return participants_import(table=read_table(path))


def rejection(path):
    with translation.override("en"), pytest.raises(ImportRejected) as exc:
        participants_import(table=read_table(path))
    return exc.value


def messages(error):
    with translation.override("en"):
        return [str(e) for e in error.errors]


def counts(result):
    return dict(result.participations), dict(result.persons)


def snapshot():
    participations = list(
        Participation.objects.order_by("unit__registry_id", "ref").values_list(
            "unit__registry_id",
            "ref",
            "participant__pesel",
            "participant__first_name",
            "participant__last_name",
            "participant__birth_date",
            "participant__sex",
            "state",
            "admitted_on",
            "trial_ends_on",
            "exited_on",
            "exit_reason",
            "outcome",
            "override_reason",
        )
    )
    referrals = list(
        Referral.objects.order_by(
            "participation__unit__registry_id", "participation__ref"
        ).values_list("participation__ref", "requested_by", "issued_by", "referred_on")
    )
    grounds = list(
        ParticipationGround.objects.order_by(
            "participation__ref", "-is_primary", "ground__code"
        ).values_list("participation__ref", "ground__code", "is_primary")
    )
    return participations, referrals, grounds


def history_count():
    return (
        Participant.history.count()
        + Participation.history.count()
        + Referral.history.count()
        + ParticipationGround.history.count()
    )


EXPECTED_PARTICIPATIONS = [
    (
        *("CIS-1", "P-1", PESEL_A, "Anna", "Kowalska", D(1980, 5, 17), "F"),
        *("active", D(2025, 3, 10), D(2025, 4, 9), None, "", "", ""),
    ),
    (
        *("CIS-1", "P-2", PESEL_B, "Jan", "Nowak", D(1975, 11, 2), "M"),
        *("exited", D(2024, 6, 3), D(2024, 7, 2), D(2025, 1, 31), "employment"),
        *("open_market", ""),
    ),
    (
        *("CIS-1", "P-3", PESEL_C, "Ewa", "Zielińska", D(1988, 2, 29), "F"),
        *("exited", D(2024, 9, 2), D(2024, 10, 1), D(2025, 2, 28), "resigned"),
        *("none", OVERRIDE),
    ),
    (
        *("KIS-1", "K-1", "", "—", "K-1", D(1990, 1, 2), "M"),
        *("active", D(2025, 5, 5), None, None, "", "", ""),
    ),
]
EXPECTED_REFERRALS = [
    ("P-1", "pup", "pup", D(2025, 3, 10)),
    ("P-2", "ops", "ops", D(2024, 6, 3)),
    ("P-3", "ops", "ops", D(2024, 9, 2)),
    ("K-1", "self", "none", D(2025, 5, 5)),
]
EXPECTED_GROUNDS = [
    ("K-1", "released_from_prison", True),
    ("P-1", "long_term_unemployed", True),
    ("P-1", "disabled", False),
    ("P-1", "homeless", False),
    ("P-2", "homeless", True),
    ("P-3", "long_term_unemployed", True),
]


def test_good_csv_imports_exact_participations_referrals_and_grounds(tmp_path, units):
    result = import_file(write_csv(tmp_path, [HEADER, *GOOD_ROWS]))

    assert snapshot() == (EXPECTED_PARTICIPATIONS, EXPECTED_REFERRALS, EXPECTED_GROUNDS)
    assert counts(result) == (
        {"created": 4, "updated": 0, "unchanged": 0},
        {"created": 4, "updated": 0, "unchanged": 0},
    )
    # Imported persons have not acknowledged the information clause here.
    assert (
        list(Participant.objects.values_list("info_clause_on", flat=True)) == [None] * 4
    )
    # The long-term unemployed referred by the OPS: admitted over the check.
    p3 = Participation.objects.get(ref="P-3")
    assert [problem["code"] for problem in p3.eligibility_problems] == [
        "referral_issuer"
    ]
    assert p3.override_by is None
    # Exits taken over from the unit's records plan no follow-up checks (they
    # were the unit's work at the time) and print no certificate.
    assert not FollowUp.objects.exists()


def test_person_without_pesel_gets_a_generated_document_and_placeholder_names(
    tmp_path, units
):
    import_file(write_csv(tmp_path, [HEADER, GOOD_ROWS[3]]))

    person = Participant.objects.get()
    assert (
        person.unit.registry_id,
        person.pesel,
        person.pesel_hash,
        person.document_type,
        person.document_number,
        person.first_name,
        person.last_name,
        person.info_clause_on,
    ) == ("KIS-1", "", "", "other", "IMPORT-KIS-1-K-1", "—", "K-1", None)

    # Matched on the document number: given names later, the same person.
    named = GOOD_ROWS[3].replace(",,,,1990", ",,Piotr,Wiśniewski,1990")
    result = import_file(write_csv(tmp_path, [HEADER, named]))

    assert counts(result) == (
        {"created": 0, "updated": 0, "unchanged": 1},
        {"created": 0, "updated": 1, "unchanged": 0},
    )
    person = Participant.objects.get()
    assert (person.first_name, person.last_name) == ("Piotr", "Wiśniewski")


def test_kis_participant_with_self_referral(tmp_path, units):
    lines = [
        HEADER,
        f"KIS-1,K-7,{PESEL_A},Anna,Kowalska,1980-05-17,F,homeless,,self,2025-05-05,,,",
        f"KIS-1,K-8,{PESEL_B},Jan,Nowak,1975-11-02,M,disabled,,,2025-05-06,,,",
    ]

    import_file(write_csv(tmp_path, lines))

    rows = list(
        Participation.objects.order_by("ref").values_list(
            "ref",
            "state",
            "trial_ends_on",
            "override_reason",
            "referral__requested_by",
            "referral__issued_by",
        )
    )
    # An empty referred_by is taken as the person's own application.
    assert rows == [
        ("K-7", "active", None, "", "self", "none"),
        ("K-8", "active", None, "", "self", "none"),
    ]


def test_self_and_other_referrals_to_a_cis_are_issued_by_the_ops(tmp_path, units):
    lines = [
        HEADER,
        f"CIS-1,S-1,{PESEL_A},Anna,Kowalska,1980-05-17,F,homeless,,self,2025-05-05,,,",
        f"CIS-1,S-2,{PESEL_B},Jan,Nowak,1975-11-02,M,homeless,,other,2025-05-05,,,",
    ]

    import_file(write_csv(tmp_path, lines))

    assert list(
        Referral.objects.order_by("participation__ref").values_list(
            "participation__ref", "requested_by", "issued_by"
        )
    ) == [("S-1", "self", "ops"), ("S-2", "other", "ops")]


def test_semicolons_and_bom_are_read(tmp_path, units):
    lines = [
        "unit_registry_id;participant_ref;pesel;first_name;last_name;birth_date;"
        "sex;primary_exclusion_ground;other_exclusion_grounds;admitted_on",
        f'CIS-1;P-1;{PESEL_A};Anna;Kowalska-Nowak;1980-05-17;f;homeless;"disabled;'
        'refugee";2025-03-10',
    ]
    path = write_csv(tmp_path, lines, encoding="utf-8-sig")
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")

    import_file(path)

    participation = Participation.objects.get()
    assert (
        participation.ref,
        participation.participant.last_name,
        participation.participant.sex,
        participation.trial_ends_on,
        participation.referral.requested_by,
        participation.referral.issued_by,
    ) == ("P-1", "Kowalska-Nowak", "F", D(2025, 4, 9), "self", "ops")
    assert sorted(participation.grounds.values_list("ground__code", "is_primary")) == [
        ("disabled", False),
        ("homeless", True),
        ("refugee", False),
    ]


def test_xlsx_is_read_with_date_cells_and_a_numeric_pesel(tmp_path, units):
    young = make_pesel(D(2001, 3, 4), "M", 5)
    assert young.startswith("0")
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADER.split(","))
    sheet.append(
        [
            *("CIS-1", "X-1", int(young), "Adam", "Mały", D(2001, 3, 4), "M"),
            *("homeless", None, "ops", D(2025, 2, 3), D(2025, 3, 2)),
            *(D(2025, 6, 30), "completed"),
        ]
    )
    sheet.append([])  # an empty row is skipped, the numbering goes on
    sheet.append(["KIS-1", "X-2", None, None, None, "1990-13-01", "M", "homeless"])
    path = tmp_path / "participants.xlsx"
    workbook.save(path)

    error = rejection(path)
    assert messages(error) == [
        "line 4: admitted_on: This field cannot be blank.",
        "line 4: birth_date: “1990-13-01” value has the correct format (YYYY-MM-DD) "
        "but it is an invalid date.",
    ]

    sheet.delete_rows(4)
    workbook.save(path)
    import_file(path)

    participation = Participation.objects.get()
    assert (
        participation.participant.pesel,
        participation.admitted_on,
        participation.trial_ends_on,
        participation.exited_on,
        participation.exit_reason,
        participation.outcome,
    ) == (young, D(2025, 2, 3), D(2025, 3, 2), D(2025, 6, 30), "completed", "none")


BAD_PESEL = PESEL_A[:-1] + str((int(PESEL_A[-1]) + 1) % 10)
BAD_ROWS = [
    HEADER,
    GOOD_ROWS[0],  # line 2: good
    # line 3: every required cell empty
    ",,,,,,,,homeless,,,,,",
    # line 4: dates
    f"CIS-1,B-4,{PESEL_B},Jan,Nowak,02.11.1975,M,homeless,,ops,2025-02-30,,,",
    # line 5: codes
    f"CIS-1,B-5,{PESEL_B},Jan,Nowak,1975-11-02,X,sleeping,drinking;homeless;"
    "drinking,mail,2025-01-06,,,fired",
    # line 6: unknown unit
    f"CIS-9,B-6,{PESEL_B},Jan,Nowak,1975-11-02,M,homeless,,ops,2025-01-06,,,",
    # line 7: invalid PESEL
    f"CIS-1,B-7,{BAD_PESEL},Anna,Kowalska,1980-05-17,F,homeless,,ops,2025-01-06,,,",
    # line 8: PESEL against the date of birth and the sex
    f"CIS-1,B-8,{PESEL_A},Anna,Kowalska,1981-05-17,M,homeless,,ops,2025-01-06,,,",
    # line 9: the ref of line 2 again
    f"CIS-1,P-1,{PESEL_B},Jan,Nowak,1975-11-02,M,homeless,,ops,2025-01-06,,,",
    # line 10: exit before admission
    f"CIS-1,B-10,{PESEL_B},Jan,Nowak,1975-11-02,M,homeless,,ops,2025-01-06,,"
    "2024-12-31,completed",
    # line 11: a reason without a date, line 12: a date without a reason
    f"CIS-1,B-11,{PESEL_B},Jan,Nowak,1975-11-02,M,homeless,,ops,2025-01-06,,,completed",
    f"CIS-1,B-12,{PESEL_C},Ewa,Zielińska,1988-02-29,F,homeless,,ops,2025-01-06,,"
    "2025-03-01,",
    # line 13: a wrong end of the trial period; line 14: a KIS has none
    f"CIS-1,B-13,{PESEL_C},Ewa,Zielińska,1988-02-29,F,homeless,,ops,2025-01-06,"
    "2025-02-06,,",
    f"KIS-1,B-14,{PESEL_C},Ewa,Zielińska,1988-02-29,F,homeless,,self,2025-01-06,"
    "2025-02-05,,",
    # line 15: the person of line 2 with another participation open
    f"CIS-1,B-15,{PESEL_A},Anna,Kowalska,1980-05-17,F,homeless,,ops,2025-04-01,,,",
    # line 16: admitted in the future (refused by the service)
    f"KIS-1,B-16,{PESEL_B},Jan,Nowak,1975-11-02,M,homeless,,self,2099-01-05,,,",
    # line 17: more cells than columns
    f"KIS-1,B-17,{PESEL_C},Ewa,Zielińska,1988-02-29,F,homeless,,self,2025-01-06,"
    ",,,surplus",
    # line 18: a removal from a CIS without its ground (refused by the service)
    f"CIS-1,B-18,{PESEL_B},Jan,Nowak,1975-11-02,M,homeless,,ops,2025-01-06,,"
    "2025-02-03,removed",
]


def test_every_bad_row_is_reported_with_its_line_and_nothing_is_imported(
    tmp_path, units
):
    error = rejection(write_csv(tmp_path, BAD_ROWS))

    assert messages(error) == [
        "line 3: unit_registry_id: This field cannot be blank.",
        "line 3: participant_ref: This field cannot be blank.",
        "line 3: birth_date: This field cannot be blank.",
        "line 3: sex: This field cannot be blank.",
        "line 3: primary_exclusion_ground: This field cannot be blank.",
        "line 3: admitted_on: This field cannot be blank.",
        "line 4: birth_date: “02.11.1975” value has an invalid date format. It "
        "must be in YYYY-MM-DD format.",
        "line 4: admitted_on: “2025-02-30” value has the correct format "
        "(YYYY-MM-DD) but it is an invalid date.",
        "line 5: sex: Value 'X' is not a valid choice.",
        "line 5: referred_by: Value 'mail' is not a valid choice.",
        "line 5: exit_reason: Value 'fired' is not a valid choice.",
        "line 5: primary_exclusion_ground: Unknown ground of exclusion “sleeping”: "
        "the codes are listed by “manage.py import_participants --help”.",
        "line 5: other_exclusion_grounds: Unknown ground of exclusion “drinking”: "
        "the codes are listed by “manage.py import_participants --help”.",
        "line 5: other_exclusion_grounds: The ground “drinking” is given twice.",
        "line 5: exited_on: Give the date of the exit.",
        "line 6: unit_registry_id: No unit has the registry id “CIS-9”.",
        f"line 7: pesel: “{BAD_PESEL}” is not a valid PESEL number.",
        "line 8: birth_date: The PESEL gives the date of birth 17.05.1980.",
        "line 8: sex: The PESEL gives the sex “woman”.",
        "line 9: participant_ref: “P-1” of this unit is already on line 2.",
        "line 10: exited_on: The exit cannot precede the admission.",
        "line 11: exited_on: Give the date of the exit.",
        "line 12: exit_reason: Give the reason for the exit.",
        "line 13: trial_ended_on: The trial period of a participation admitted on "
        "2025-01-06 ends on 2025-02-05.",
        "line 14: trial_ended_on: A KIS has no trial period: leave the cell empty.",
        "line 15: exited_on: The same person's participation on line 2 is open "
        "too; a person has one open participation at a time.",
        "line 16: admitted_on: The date cannot be in the future.",
        "line 17: The row has more cells than the header has columns.",
        "line 18: removal_ground: Give the ground of the decision.",
    ]
    assert error.message == "Nothing was imported; rows with errors: 16."
    assert Participant.objects.count() == 0
    assert Participation.objects.count() == 0
    assert Referral.objects.count() == 0


def test_a_long_generated_document_number_is_refused(tmp_path, units):
    ref = "R" * 30
    lines = [HEADER, f"KIS-1,{ref},,,,1990-01-02,M,homeless,,self,2025-05-05,,,"]

    error = rejection(write_csv(tmp_path, lines))

    assert messages(error) == [
        "line 2: participant_ref: A person without PESEL is given the document "
        f"number “IMPORT-KIS-1-{ref}”, longer than 40 characters: give the PESEL "
        "or a shorter participant_ref."
    ]


def test_reimport_changes_nothing(tmp_path, units):
    path = write_csv(tmp_path, [HEADER, *GOOD_ROWS])
    import_file(path)
    before = snapshot()
    history = history_count()
    follow_ups = FollowUp.objects.count()

    result = import_file(path)

    assert snapshot() == before
    assert history_count() == history
    assert FollowUp.objects.count() == follow_ups
    assert counts(result) == (
        {"created": 0, "updated": 0, "unchanged": 4},
        {"created": 0, "updated": 0, "unchanged": 4},
    )


def test_reimport_with_an_added_exit_records_it(tmp_path, units):
    import_file(write_csv(tmp_path, [HEADER, *GOOD_ROWS]))
    exited = GOOD_ROWS[0].removesuffix(",,") + ",2025-09-30,employment"
    kis_exited = GOOD_ROWS[3].removesuffix(",,") + ",2025-08-29,resigned"

    result = import_file(
        write_csv(tmp_path, [HEADER, exited, *GOOD_ROWS[1:3], kis_exited])
    )

    assert counts(result) == (
        {"created": 0, "updated": 2, "unchanged": 2},
        {"created": 0, "updated": 0, "unchanged": 4},
    )
    assert list(
        Participation.objects.filter(ref__in=["P-1", "K-1"])
        .order_by("ref")
        .values_list("ref", "state", "exited_on", "exit_reason", "outcome")
    ) == [
        ("K-1", "exited", D(2025, 8, 29), "resigned", "none"),
        ("P-1", "exited", D(2025, 9, 30), "employment", "open_market"),
    ]
    assert not FollowUp.objects.filter(participation__ref="P-1").exists()


def test_person_with_an_earlier_stint_is_one_participant(tmp_path, units):
    lines = [
        HEADER,
        # The open stint first in the file: the closed one is written before it.
        f"CIS-1,N-2,{PESEL_A},Anna,Kowalska,1980-05-17,F,homeless,,ops,2025-03-03,,,",
        f"CIS-1,N-1,{PESEL_A},Anna,Kowalska,1980-05-17,F,homeless,,ops,"
        "2023-01-09,,2023-12-29,completed",
    ]

    result = import_file(write_csv(tmp_path, lines))

    assert counts(result) == (
        {"created": 2, "updated": 0, "unchanged": 0},
        {"created": 1, "updated": 0, "unchanged": 0},
    )
    person = Participant.objects.get()
    assert list(person.participations.order_by("ref").values_list("ref", "state")) == [
        ("N-1", "exited"),
        ("N-2", "active"),
    ]


def test_changes_that_cannot_be_reconciled_are_bad_rows(tmp_path, units):
    import_file(write_csv(tmp_path, [HEADER, *GOOD_ROWS]))
    moved = GOOD_ROWS[0].replace("2025-03-10,2025-04-09", "2025-03-11,")
    regrounded = GOOD_ROWS[1].replace(",homeless,,ops,", ",disabled,refugee,pup,")
    reopened = GOOD_ROWS[2].removesuffix(",2025-02-28,resigned") + ",,"
    before = snapshot()

    error = rejection(
        write_csv(tmp_path, [HEADER, moved, regrounded, reopened, GOOD_ROWS[3]])
    )

    assert messages(error) == [
        "line 2: admitted_on: The unit's record has “2025-03-10”; the import does "
        "not change it.",
        "line 3: primary_exclusion_ground: The unit's record has “homeless”; the "
        "import does not change it.",
        "line 3: other_exclusion_grounds: The unit's record has “—”; the import "
        "does not change it.",
        "line 3: referred_by: The unit's record has “ops”; the import does not "
        "change it.",
        "line 4: exited_on: The unit's record has “2025-02-28”; the import does "
        "not change it.",
        "line 4: exit_reason: The unit's record has “resigned”; the import does "
        "not change it.",
    ]
    assert snapshot() == before


def test_missing_columns_and_wrong_files_are_clear_errors(tmp_path):
    path = write_csv(tmp_path, ["unit_registry_id,pesel,sex", "CIS-1,,F"])
    assert str(rejection(path)) == (
        "Missing required columns: participant_ref, birth_date, "
        "primary_exclusion_ground, admitted_on."
    )
    text = write_csv(tmp_path, [HEADER], name="participants.txt")
    assert str(rejection(text)) == (
        "Unknown type of file “participants.txt”: give a .csv or an .xlsx file."
    )


def test_command_prints_a_summary(tmp_path, units):
    path = write_csv(tmp_path, [HEADER, *GOOD_ROWS])
    out = io.StringIO()

    with translation.override("en"):
        call_command("import_participants", str(path), stdout=out)

    assert out.getvalue().splitlines() == [
        f"Imported {path}.",
        "Participations: 4 created, 0 updated, 0 unchanged.",
        "Persons: 4 created, 0 updated, 0 unchanged.",
    ]


def test_command_shows_progress_on_stderr_with_verbosity_2(tmp_path, units):
    path = write_csv(tmp_path, [HEADER, *GOOD_ROWS])
    out, err = io.StringIO(), io.StringIO()

    with translation.override("en"):
        call_command(
            "import_participants", str(path), verbosity=2, stdout=out, stderr=err
        )

    assert err.getvalue().splitlines() == ["Rows written: 4 of 4."]
    assert out.getvalue().splitlines()[1] == (
        "Participations: 4 created, 0 updated, 0 unchanged."
    )


def test_command_raises_command_error_listing_every_bad_row(tmp_path, units):
    lines = [HEADER, BAD_ROWS[5], BAD_ROWS[6]]
    path = write_csv(tmp_path, lines)

    with translation.override("en"), pytest.raises(CommandError) as exc:
        call_command("import_participants", str(path))

    assert str(exc.value) == (
        "Nothing was imported; rows with errors: 2.\n"
        "line 2: unit_registry_id: No unit has the registry id “CIS-9”.\n"
        f"line 3: pesel: “{BAD_PESEL}” is not a valid PESEL number."
    )
    assert Participation.objects.count() == 0


def test_command_refuses_a_missing_file_without_a_traceback(tmp_path):
    missing = tmp_path / "none.csv"

    with translation.override("en"), pytest.raises(CommandError) as exc:
        call_command("import_participants", str(missing))

    assert str(exc.value) == (
        f"Cannot read the file {missing}: No such file or directory."
    )


def test_help_lists_the_ground_codes_from_the_database():
    ExclusionGround.objects.create(
        code="later_ground",
        name_pl="przesłanka z nowelizacji",
        name_en="a ground added by an amendment",
        article="art. 1 ust. 2 pkt 9",
        order=99,
    )

    parser = Command().create_parser("manage.py", "import_participants")
    text = parser.format_help()

    listed = text.split("Grounds of exclusion:\n", 1)[1].split("\n\n", 1)[0]
    codes = [line.split()[0] for line in listed.splitlines() if line[2] != " "]
    assert codes == [
        "homeless",
        "alcohol_addiction",
        "drug_addiction",
        "mental_illness",
        "long_term_unemployed",
        "released_from_prison",
        "refugee",
        "disabled",
        "other_excluded",
        "later_ground",
    ]
    assert "  later_ground              a ground added by an amendment" in listed


def test_removal_takes_its_ground_and_a_note(tmp_path, units):
    header = HEADER + ",removal_ground"
    lines = [
        header,
        f"CIS-1,U-1,{PESEL_A},Anna,Kowalska,1980-05-17,F,homeless,,ops,2025-01-06,,"
        "2025-03-31,removed,absence",
        f"KIS-1,U-2,{PESEL_B},Jan,Nowak,1975-11-02,M,homeless,,self,2025-01-06,,"
        "2025-03-31,removed,",
    ]

    import_file(write_csv(tmp_path, lines))

    assert list(
        Participation.objects.order_by("ref").values_list(
            "ref", "exit_reason", "removal_ground", "exit_note", "outcome"
        )
    ) == [
        ("U-1", "removed", "absence", OVERRIDE, "none"),
        ("U-2", "removed", "", OVERRIDE, "none"),
    ]


def test_a_referral_not_yet_admitted_is_not_reconciled(tmp_path, units):
    cis, _kis = units
    person = participant_register(
        actor=None,
        unit=cis,
        pesel=PESEL_A,
        first_name="Anna",
        last_name="Kowalska",
    )
    participation_refer(
        actor=None,
        participant=person,
        referral=ReferralInput(
            requested_by="ops", issued_by="ops", referred_on=D(2025, 3, 3)
        ),
        grounds=[GroundInput(ExclusionGround.objects.get(code="homeless"), True)],
        ref="P-1",
    )

    error = rejection(write_csv(tmp_path, [HEADER, GOOD_ROWS[0]]))

    assert messages(error) == [
        "line 2: participant_ref: The participation is recorded as “referred, not "
        "yet admitted”; the import only adds an exit to a participation under way."
    ]
    assert Participation.objects.get().state == "referred"


def test_a_nul_character_in_a_cell_is_a_bad_row(tmp_path, units):
    # PostgreSQL refuses NUL even in a query: the row is refused before any
    # look-up, with its line and column.
    path = write_csv(
        tmp_path, [HEADER, GOOD_ROWS[0], GOOD_ROWS[1].replace("CIS-1", "CIS\x00-1")]
    )
    assert messages(rejection(path)) == [
        "line 3: unit_registry_id: The cell holds a NUL character."
    ]
    assert not Participation.objects.exists()
