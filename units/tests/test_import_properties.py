"""Property tests of the `import_units` reader and checks (units/imports.py)
and of its writes (units/services/imports.py): whatever the file holds, the
import answers with its own rejection (`ImportRejected`, or the `RowError`s
of a `UnitFile`), never with a traceback, and a rejected file writes nothing.
"""

from __future__ import annotations

import csv
import datetime
import io
import zipfile
from collections.abc import Callable
from typing import Any

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import translation
from hypothesis import example, given, settings
from hypothesis import strategies as st

from units.imports import (
    UNIT_OPTIONAL_COLUMNS,
    UNIT_REQUIRED_COLUMNS,
    ImportRejected,
    RowError,
    Table,
    UnitFile,
    VoivodeshipLookup,
    parse_iso_date,
    parse_unit_rows,
    read_table_data,
)
from units.models import Voivodeship
from units.services import units_import
from units.tests.factories import make_nip

COLUMNS = (*UNIT_REQUIRED_COLUMNS, *UNIT_OPTIONAL_COLUMNS)
# Characters that break naive readers, often, among any others.
AWKWARD = st.sampled_from([",", ";", '"', "'", "\ufeff", "\n", "\r", "\x00"])
CHARS = st.one_of(st.characters(codec="utf-8"), AWKWARD)
TEXT = st.text(CHARS, max_size=30)
# Values that pass the checks, so that rows reach the later checks and the
# writes; any text in between.
VALID = {
    "registry_id": st.sampled_from(["R-1", "R-2", "R-3"]),
    "kind": st.sampled_from(["CIS", "KIS", "cis", "kis"]),
    "name": st.sampled_from(["CIS w Radomiu", "KIS „Razem”"]),
    "voivodeship": st.sampled_from(["14", "mazowieckie", "Łódzkie", "2", "12"]),
    "founder_name": st.sampled_from(["Stowarzyszenie Razem", "Gmina Radom"]),
    "founder_type": st.sampled_from(["ngo", "gmina", "social_cooperative"]),
    "opened_on": st.sampled_from(["2015-03-01", "2020-02-29"]),
    "closed_on": st.sampled_from(["", "2022-12-31", "2014-01-01"]),
    "founder_nip": st.sampled_from(["", make_nip(9001), make_nip(9002), "123"]),
    "founder_regon": st.sampled_from(["", "123456785", "12345"]),
    "founder_krs": st.sampled_from(["", "0000123456"]),
    "address": st.sampled_from(["", "ul. Długa 1"]),
    "decision_number": st.sampled_from(["", "WPS.9421.1.2015"]),
    "decision_date": st.sampled_from(["", "2015-04-10"]),
}
CELL = {column: st.one_of(VALID[column], TEXT) for column in COLUMNS}
ROW = st.fixed_dictionaries({}, optional=CELL)
ROWS = st.lists(ROW, max_size=6)
HEADER = st.lists(
    st.one_of(st.sampled_from(COLUMNS), TEXT), min_size=1, max_size=8, unique=True
)


def lookup() -> VoivodeshipLookup:
    """The voivodeships without the database."""
    return VoivodeshipLookup(
        [
            Voivodeship(teryt="02", name="dolnośląskie"),
            Voivodeship(teryt="10", name="łódzkie"),
            Voivodeship(teryt="12", name="małopolskie"),
            Voivodeship(teryt="14", name="mazowieckie"),
        ]
    )


def csv_bytes(
    header: list[str], rows: list[dict[str, str]], *, delimiter: str, bom: bool
) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=delimiter)
    writer.writerow(header)
    for row in rows:
        writer.writerow([row.get(column, "") for column in header])
    return ("\ufeff" if bom else "").encode() + buffer.getvalue().encode()


def attempt(call: Callable[[], Any], error: type[Exception] = ImportRejected) -> Any:
    """(the answer, None), or (None, the error) when `call` raises `error`;
    anything else is raised: a traceback fails the test."""
    try:
        return call(), None
    except error as exc:
        return None, exc


def checked(table: Table) -> UnitFile | None:
    """The parser's answer; None when it rejects the whole file."""
    try:
        return parse_unit_rows(table, voivodeships=lookup())
    except ImportRejected:
        return None


def assert_partition(table: Table, parsed: UnitFile) -> None:
    """Every row of the table is either a checked row or has errors."""
    good = [row.line for row in parsed.rows]
    bad = {error.line for error in parsed.errors}
    assert all(isinstance(error, RowError) for error in parsed.errors)
    assert all(error.message for error in parsed.errors)
    assert len(good) == len(set(good))
    assert set(good).isdisjoint(bad)
    assert set(good) | bad == {row.line for row in table.rows}


# --- without the database ----------------------------------------------------


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=300), st.sampled_from(["a.csv", "a.CSV", "a.xlsx"]))
@example(b"\xff\xfe\x00a", "a.csv")
@example(b"PK\x03\x04" + b"\x00" * 40, "a.xlsx")
@example(b"", "a.xlsx")
def test_any_bytes_are_read_or_rejected(data, filename):
    table, rejection = attempt(lambda: read_table_data(data, filename=filename))
    if rejection is not None:
        assert rejection.message
        assert rejection.errors == ()
        return
    assert table.columns
    assert all(column == column.strip().lower() for column in table.columns)


@settings(max_examples=60, deadline=None)
@given(st.binary(max_size=200), st.sampled_from(["xl/workbook.xml", "[x].xml"]))
def test_a_zip_that_is_no_workbook_is_rejected(content, member):
    """A ZIP file with junk inside (what a renamed or damaged file holds)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(member, content)
    with translation.override("en"), pytest.raises(ImportRejected) as rejection:
        read_table_data(buffer.getvalue(), filename="units.xlsx")
    assert rejection.value.message == "The file is not a readable .xlsx workbook."


@settings(max_examples=200, deadline=None)
@given(
    st.text(CHARS, max_size=400),
    st.sampled_from(["a.csv", "a.txt", "a", ".csv", "a.csv.exe"]),
)
def test_any_text_is_read_or_rejected(text, filename):
    table, rejection = attempt(
        lambda: read_table_data(text.encode(), filename=filename)
    )
    if rejection is not None:
        assert rejection.message
        return
    assert filename.lower().endswith(".csv")
    parsed = checked(table)
    if parsed is not None:
        assert_partition(table, parsed)


@settings(max_examples=300, deadline=None)
@given(
    HEADER,
    ROWS,
    st.sampled_from([",", ";"]),
    st.booleans(),
)
def test_any_rows_are_checked_row_by_row(header, rows, delimiter, bom):
    data = csv_bytes(header, rows, delimiter=delimiter, bom=bom)
    table, rejection = attempt(lambda: read_table_data(data, filename="units.csv"))
    if rejection is not None:
        return
    parsed = checked(table)
    if parsed is None:
        missing = [c for c in UNIT_REQUIRED_COLUMNS if c not in table.columns]
        assert missing
        return
    assert_partition(table, parsed)
    for row in parsed.rows:
        assert row.kind in ("CIS", "KIS")
        assert row.opened_on is not None


@settings(max_examples=300, deadline=None)
@given(ROWS, st.sampled_from([",", ";"]))
def test_rows_under_the_full_header_keep_their_cells(rows, delimiter):
    """Every cell comes back stripped, under its column, whatever it holds;
    rows with no text are skipped."""
    data = csv_bytes(list(COLUMNS), rows, delimiter=delimiter, bom=False)
    table = read_table_data(data, filename="units.csv")
    expected = [
        {column: row.get(column, "").strip() for column in COLUMNS}
        for row in rows
        if any(value.strip() for value in row.values())
    ]
    assert table.columns == COLUMNS
    assert [dict(row.values) for row in table.rows] == expected
    assert all(row.extra_cells == 0 for row in table.rows)
    parsed = checked(table)
    assert parsed is not None
    assert_partition(table, parsed)


@settings(max_examples=500, deadline=None)
@given(TEXT)
@example("2025-02-30")
@example("9999-99-99")
@example("٢٠٢٥-٠١-٠١")
def test_a_date_cell_is_a_date_or_a_validation_error(text):
    day, error = attempt(lambda: parse_iso_date(text), ValidationError)
    if error is not None:
        assert error.messages
        assert day is None
    else:
        assert isinstance(day, datetime.date)


# --- with the database: a rejected file writes nothing -----------------------


def counts() -> dict[str, int]:
    """The rows of every model of the units app and of its history."""
    return {
        model._meta.label: model._default_manager.count()
        for model in apps.get_app_config("units").get_models()
    }


def one_cell_changed(valid: dict[str, str], column: str, text: str) -> dict[str, str]:
    return {**valid, column: text}


# A valid row with one cell of any text: most reach the writes.
NEARLY_VALID_ROW = st.builds(
    one_cell_changed,
    st.fixed_dictionaries(VALID),
    st.sampled_from(COLUMNS),
    TEXT,
)


@pytest.mark.django_db
def test_a_rejected_import_writes_nothing():
    outcomes: set[str] = set()

    @settings(max_examples=120, deadline=None)
    @given(rows=st.lists(st.one_of(NEARLY_VALID_ROW, ROW), min_size=1, max_size=4))
    def run(rows):
        data = csv_bytes(list(COLUMNS), rows, delimiter=",", bom=False)
        table = read_table_data(data, filename="units.csv")
        before = counts()
        with transaction.atomic():
            result, rejection = attempt(lambda: units_import(table=table))
            after = counts()
            # Each example starts from the same state.
            transaction.set_rollback(True)
        if rejection is not None:
            outcomes.add("rejected")
            assert rejection.errors
            assert after == before
        else:
            outcomes.add("imported")
            assert sum(result.units.values()) == len(table.rows)
            # Every example starts from an empty register: a row is new.
            assert (after != before) == bool(table.rows)

    run()
    # Both paths were taken, so the property above was tested on each.
    assert outcomes == {"imported", "rejected"}
