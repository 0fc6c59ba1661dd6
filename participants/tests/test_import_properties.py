"""Property tests of `import_participants` (participants/imports.py): whatever
the file holds, the checks answer with their own rejection (`ImportRejected`,
or the `RowError`s of a `ParticipantFile`), never with a traceback, and a
rejected file writes nothing."""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Callable
from typing import Any

import pytest
from django.apps import apps
from django.db import transaction
from django.utils import translation
from hypothesis import example, given, settings
from hypothesis import strategies as st

from participants.imports import (
    OPTIONAL_COLUMNS,
    REQUIRED_COLUMNS,
    ParticipantFile,
    parse_participant_rows,
    participants_import,
)
from participants.tests.factories import make_pesel
from units.imports import ImportRejected, RowError, Table, read_table_data
from units.tests.factories import UnitFactory

pytestmark = pytest.mark.django_db

COLUMNS = (*REQUIRED_COLUMNS, *OPTIONAL_COLUMNS)
PESEL_A = make_pesel(datetime.date(1980, 5, 17), "F", 1)
AWKWARD = st.sampled_from([",", ";", '"', "'", "\ufeff", "\n", "\r", "\x00"])
CHARS = st.one_of(st.characters(codec="utf-8"), AWKWARD)
TEXT = st.text(CHARS, max_size=30)
# Values that pass the checks, so that rows reach the later checks and the
# writes; any text in between.
VALID = {
    "unit_registry_id": st.sampled_from(["CIS-1", "KIS-1"]),
    "participant_ref": st.sampled_from(["P-1", "P-2", "p 3"]),
    "birth_date": st.sampled_from(["1980-05-17"]),
    "sex": st.sampled_from(["F", "f"]),
    "primary_exclusion_ground": st.sampled_from(["long_term_unemployed", "homeless"]),
    "admitted_on": st.sampled_from(["2025-03-10", "2024-06-03"]),
    "pesel": st.sampled_from(["", PESEL_A, PESEL_A[1:], "800517 0000"]),
    "first_name": st.sampled_from(["", "Anna"]),
    "last_name": st.sampled_from(["", "Kowalska"]),
    "other_exclusion_grounds": st.sampled_from(["", "disabled", "homeless;disabled"]),
    "referred_by": st.sampled_from(["", "pup", "ops", "self", "other"]),
    "trial_ended_on": st.sampled_from(["", "2025-04-09"]),
    "exited_on": st.sampled_from(["", "2025-08-29"]),
    "exit_reason": st.sampled_from(["", "employment", "removed"]),
    "removal_ground": st.sampled_from(["", "breach_programme"]),
}
CELL = {column: st.one_of(VALID[column], TEXT) for column in COLUMNS}
ROW = st.fixed_dictionaries({}, optional=CELL)
# A valid row with one cell of any text: many reach the writes.
NEARLY_VALID_ROW = st.builds(
    lambda valid, column, text: {**valid, column: text},
    st.fixed_dictionaries({c: VALID[c] for c in REQUIRED_COLUMNS}),
    st.sampled_from(COLUMNS),
    TEXT,
)
ROWS = st.lists(st.one_of(NEARLY_VALID_ROW, ROW), min_size=1, max_size=4)
HEADER = st.lists(
    st.one_of(st.sampled_from(COLUMNS), TEXT), min_size=1, max_size=8, unique=True
)


@pytest.fixture
def units():
    return (
        UnitFactory(registry_id="CIS-1", kind="CIS"),
        UnitFactory(registry_id="KIS-1", kind="KIS"),
    )


def csv_bytes(
    header: list[str] | tuple[str, ...],
    rows: list[dict[str, str]],
    *,
    delimiter: str = ",",
    bom: bool = False,
) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=delimiter)
    writer.writerow(header)
    for row in rows:
        writer.writerow([row.get(column, "") for column in header])
    return ("\ufeff" if bom else "").encode() + buffer.getvalue().encode()


def attempt(call: Callable[[], Any]) -> tuple[Any, ImportRejected | None]:
    """(the answer, None), or (None, the rejection); anything else raised by
    `call` is a traceback and fails the test."""
    try:
        return call(), None
    except ImportRejected as rejection:
        return None, rejection


def assert_partition(table: Table, parsed: ParticipantFile) -> None:
    """Every row of the table is either a checked row or has errors."""
    good = [row.line for row in parsed.rows]
    bad = {error.line for error in parsed.errors}
    assert all(isinstance(error, RowError) for error in parsed.errors)
    assert all(error.message for error in parsed.errors)
    assert len(good) == len(set(good))
    assert set(good).isdisjoint(bad)
    assert set(good) | bad == {row.line for row in table.rows}


def counts() -> dict[str, int]:
    """The rows of every model of the participants app and of its history."""
    return {
        model._meta.label: model._default_manager.count()
        for model in apps.get_app_config("participants").get_models()
    }


def test_any_bytes_are_checked_or_rejected(units):
    @settings(max_examples=150, deadline=None)
    @given(st.binary(max_size=300), st.sampled_from(["a.csv", "a.xlsx"]))
    @example(csv_bytes(COLUMNS, [{}]), "a.csv")
    @example(b"\xef\xbb\xbf" + ",".join(COLUMNS).encode() + b"\n\xff", "a.csv")
    def run(data, filename):
        table, rejection = attempt(lambda: read_table_data(data, filename=filename))
        if rejection is not None:
            assert rejection.message
            return
        with translation.override("en"):
            parsed, rejection = attempt(lambda: parse_participant_rows(table))
        if rejection is not None:
            assert rejection.message.startswith("Missing required columns: ")
            return
        assert_partition(table, parsed)

    run()


def test_any_rows_are_checked_row_by_row(units):
    @settings(max_examples=150, deadline=None)
    @given(HEADER, ROWS, st.sampled_from([",", ";"]), st.booleans())
    def run(header, rows, delimiter, bom):
        data = csv_bytes(header, rows, delimiter=delimiter, bom=bom)
        table, rejection = attempt(lambda: read_table_data(data, filename="a.csv"))
        if rejection is not None:
            return
        parsed, rejection = attempt(lambda: parse_participant_rows(table))
        if rejection is not None:
            assert [c for c in REQUIRED_COLUMNS if c not in table.columns]
            return
        assert_partition(table, parsed)

    run()


def test_a_rejected_import_writes_nothing(units):
    outcomes: set[str] = set()

    @settings(max_examples=120, deadline=None)
    @given(ROWS)
    @example([{"birth_date": "1980-05-17", "admitted_on": "2025-02-30"}])
    def run(rows):
        data = csv_bytes(COLUMNS, rows)
        table = read_table_data(data, filename="participants.csv")
        before = counts()
        with transaction.atomic():
            result, rejection = attempt(lambda: participants_import(table=table))
            after = counts()
            # Each example starts from the same state.
            transaction.set_rollback(True)
        if rejection is not None:
            outcomes.add("rejected")
            assert rejection.errors
            assert after == before
        else:
            outcomes.add("imported")
            assert sum(result.participations.values()) == len(table.rows)
            assert (after != before) == bool(table.rows)

    run()
    # Both paths were taken, so the property above was tested on each.
    assert outcomes == {"imported", "rejected"}


def test_the_bulk_path_answers_as_the_services(units):
    """Whatever the rows, the bulk path and the row-by-row services give the
    same counts, or the same bad rows with the same reasons."""
    outcomes: set[str] = set()

    def answer(table: Table, method: str) -> Any:
        with transaction.atomic():
            with translation.override("en"):
                result, rejection = attempt(
                    lambda: participants_import(table=table, method=method)
                )
            transaction.set_rollback(True)
        if rejection is not None:
            with translation.override("en"):
                return [str(error) for error in rejection.errors]
        return dict(result.participations), dict(result.persons)

    valid = {
        "unit_registry_id": "CIS-1",
        "participant_ref": "P-1",
        "birth_date": "1980-05-17",
        "sex": "F",
        "primary_exclusion_ground": "homeless",
        "admitted_on": "2024-06-03",
        "pesel": PESEL_A,
        "referred_by": "ops",
    }

    @settings(max_examples=60, deadline=None)
    @given(st.lists(NEARLY_VALID_ROW, min_size=1, max_size=4))
    @example([valid])
    @example(
        [
            {**valid, "exited_on": "2025-08-29", "exit_reason": "removed"},
            {**valid, "participant_ref": "P-2", "admitted_on": "2025-03-10"},
        ]
    )
    def run(rows):
        table = read_table_data(csv_bytes(COLUMNS, rows), filename="p.csv")
        bulk = answer(table, "bulk")
        assert bulk == answer(table, "services")
        outcomes.add("rejected" if isinstance(bulk, list) else "imported")

    run()
    assert outcomes == {"imported", "rejected"}
