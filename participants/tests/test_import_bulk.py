"""The bulk path of `import_participants` (participants.imports.ImportPlan and
participants.bulk) writes what the services write row by row."""

import datetime

import pytest
from django.db import transaction
from django.utils import translation

from participants.imports import participants_import
from participants.models import (
    FollowUp,
    Participant,
    Participation,
    ParticipationGround,
    Referral,
)
from participants.tests.factories import make_pesel
from participants.tests.test_import_participants import GOOD_ROWS, HEADER
from units.imports import ImportRejected, read_table_data
from units.tests.factories import UnitFactory

pytestmark = pytest.mark.django_db

D = datetime.date
PESEL_D = make_pesel(D(1970, 1, 5), "M", 4)
PESEL_E = make_pesel(D(1992, 7, 30), "F", 6)
ROWS = [
    *GOOD_ROWS,
    # An earlier stint of the same person, and a removal with its ground.
    f"CIS-1,D-1,{PESEL_D},Adam,Lis,1970-01-05,M,alcohol_addiction,homeless;refugee,"
    "pup,2022-03-01,,2022-12-30,completed,",
    f"CIS-1,D-2,{PESEL_D},Adam,Lis,1970-01-05,M,alcohol_addiction,,ops,2023-02-01,,"
    "2023-05-31,removed,absence",
    f"CIS-1,D-3,{PESEL_D},Adam,Lis,1970-01-05,M,homeless,,ops,2024-02-05,,,,",
    f"KIS-1,E-1,{PESEL_E},Ewa,Wrona,1992-07-30,F,mental_illness,,other,2021-09-01,,"
    "2021-12-31,removed,",
]
HEADER_REMOVAL = HEADER + ",removal_ground"
LINES = [HEADER_REMOVAL, *(row if row.count(",") == 14 else row + "," for row in ROWS)]

# Keys differ between two runs (a sequence is not rolled back on PostgreSQL):
# records are named by their natural ids instead.
IGNORED = {"id", "created_at", "participant", "participation", "unit", "ref"}


def _rows(model, natural, order):
    names = [
        field.attname
        for field in model._meta.concrete_fields
        if field.name not in IGNORED
    ]
    return [
        tuple(row)
        for row in model.objects.order_by(*order).values_list(*natural, *names)
    ]


def snapshot():
    """Every field of every record written, keys by their natural ids, and
    the last history entry of each record (as the record is now)."""
    data = {
        "persons": _rows(
            Participant,
            ["unit__registry_id"],
            ["unit__registry_id", "pesel", "document_number"],
        ),
        "participations": _rows(
            Participation,
            ["unit__registry_id", "ref", "participant__pesel"],
            ["unit__registry_id", "ref"],
        ),
        "referrals": _rows(Referral, ["participation__ref"], ["participation__ref"]),
        "grounds": list(
            ParticipationGround.objects.order_by(
                "participation__ref", "ground__code"
            ).values_list("participation__ref", "ground__code", "is_primary", "note")
        ),
        "follow_ups": FollowUp.objects.count(),
    }
    latest = {}
    for model in (Participant, Participation, Referral, ParticipationGround):
        records = model.history.order_by("id", "-history_date", "-history_id")
        last = {}
        for record in records:
            last.setdefault(record.id, record)
        assert set(last) == set(model.objects.values_list("pk", flat=True))
        for pk, record in last.items():
            current = model.objects.get(pk=pk)
            for field in model._meta.concrete_fields:
                assert getattr(record, field.attname) == getattr(
                    current, field.attname
                ), (model, field.name)
            assert record.history_user_id is None
        latest[model.__name__] = len(last)
    data["records_with_history"] = latest
    return data


def run(lines, method):
    content = ("\n".join(lines) + "\n").encode()
    with translation.override("en"):
        table = read_table_data(content, filename="participants.csv")
        return participants_import(table=table, method=method)


def both(*files):
    """The snapshot and results after importing `files` in turn, once by
    each path (the first run rolled back)."""
    outcomes = {}
    for method in ("services", "bulk"):
        with transaction.atomic():
            UnitFactory(registry_id="CIS-1", kind="CIS")
            UnitFactory(registry_id="KIS-1", kind="KIS")
            results = [
                (dict(result.participations), dict(result.persons))
                for result in (run(lines, method) for lines in files)
            ]
            outcomes[method] = (results, snapshot())
            transaction.set_rollback(True)
    return outcomes


def test_bulk_path_writes_what_the_services_write():
    outcomes = both(LINES)

    assert outcomes["bulk"] == outcomes["services"]
    results, data = outcomes["bulk"]
    assert results == [
        (
            {"created": 8, "updated": 0, "unchanged": 0},
            {"created": 6, "updated": 0, "unchanged": 0},
        )
    ]
    assert data["records_with_history"] == {
        "Participant": 6,
        "Participation": 8,
        "Referral": 8,
        "ParticipationGround": 12,
    }
    assert data["follow_ups"] == 0


def test_bulk_reimport_with_changes_matches_the_services():
    exited = LINES[1].replace("2025-04-09,,,", "2025-04-09,2025-09-30,employment,")
    renamed = LINES[4].replace(",,,,1990", ",,Piotr,Wiśniewski,1990")
    later = [LINES[0], exited, *LINES[2:4], renamed, *LINES[5:]]

    outcomes = both(LINES, LINES, later)

    assert outcomes["bulk"] == outcomes["services"]
    results, _data = outcomes["bulk"]
    assert results[1:] == [
        (
            {"created": 0, "updated": 0, "unchanged": 8},
            {"created": 0, "updated": 0, "unchanged": 6},
        ),
        (
            {"created": 0, "updated": 1, "unchanged": 7},
            {"created": 0, "updated": 1, "unchanged": 5},
        ),
    ]


def test_bulk_path_finds_the_errors_the_services_find():
    # The person of D-3 already has an open participation in the unit.
    open_elsewhere = (
        f"CIS-1,D-4,{PESEL_D},Adam,Lis,1970-01-05,M,homeless,,ops,2023-01-02,,"
        "2023-01-31,completed,"
    )
    future = f"CIS-1,F-1,{PESEL_E},Ewa,Wrona,1992-07-30,F,homeless,,ops,2099-01-01,,,,"
    pesel = make_pesel(D(1985, 3, 3), "M", 7)
    kis_ground = (
        f"KIS-1,E-2,{pesel},Jan,Kos,1985-03-03,M,homeless,,self,2024-01-08,,"
        "2024-03-29,removed,absence"
    )
    files = [LINES, [LINES[0], open_elsewhere, future, kis_ground]]
    messages = {}
    for method in ("services", "bulk"):
        with transaction.atomic():
            UnitFactory(registry_id="CIS-1", kind="CIS")
            UnitFactory(registry_id="KIS-1", kind="KIS")
            run(files[0], method)
            with pytest.raises(ImportRejected) as exc:
                run(files[1], method)
            with translation.override("en"):
                messages[method] = [str(error) for error in exc.value.errors]
            transaction.set_rollback(True)

    assert messages["bulk"] == messages["services"]
    assert messages["bulk"] == [
        "line 2: The person already has an open participation in this unit.",
        "line 3: admitted_on: The date cannot be in the future.",
        "line 4: removal_ground: The grounds of art. 13 ust. 4 apply to a centre "
        "(CIS).",
    ]
