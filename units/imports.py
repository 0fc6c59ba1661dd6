"""Reading and checking import files (DESIGN section 5), without writing.

The generic part — `read_table`, `check_columns`, `RowError`, `ImportRejected`
— serves every import of the project (`import_units`, `import_participants`,
an upload page): a UTF-8 CSV (with or without a byte-order mark, `,` or `;`
between cells) or the first sheet of an XLSX workbook, with a header row.

`parse_unit_rows` checks the rows of `import_units` as far as it can without
the database beyond one query for the voivodeships: required values, codes,
dates, duplicates within the file. The checks of the models themselves
(identifiers, who may found what under art. 3 and 18 of the Act) run when
`units.services.units_import` writes the rows inside a transaction that it
rolls back when any row is bad.
"""

from __future__ import annotations

import csv
import datetime
import io
import re
import unicodedata
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.translation import gettext as _

from units.constants import UnitKind
from units.models import Unit, Voivodeship
from units.validators import compact_nip, compact_regon

SUFFIXES = (".csv", ".xlsx")


@dataclass(frozen=True)
class RowError:
    """One reason why one row of a file cannot be imported."""

    line: int  # the line of a CSV file (header = 1), the row of a sheet
    message: str

    def __str__(self) -> str:
        return _("line %(line)s: %(message)s") % {
            "line": self.line,
            "message": self.message,
        }


class ImportRejected(Exception):  # noqa: N818 (a rejection, not a crash)
    """The file was not imported and nothing was written: `message` says why,
    `errors` lists every bad row (empty when the file itself is unusable)."""

    def __init__(self, message: str, errors: Sequence[RowError] = ()) -> None:
        super().__init__(message)
        self.message = message
        self.errors = tuple(errors)

    @classmethod
    def for_rows(cls, errors: Iterable[RowError]) -> ImportRejected:
        """The rejection of a file with bad rows, listed in line order."""
        ordered = sorted(errors, key=lambda error: error.line)
        count = len({error.line for error in ordered})
        return cls(
            _("Nothing was imported; rows with errors: %(count)s.") % {"count": count},
            ordered,
        )

    def __str__(self) -> str:
        return "\n".join([self.message, *(str(error) for error in self.errors)])


@dataclass(frozen=True)
class TableRow:
    """One non-empty row under the header, its cells by column name."""

    line: int
    values: Mapping[str, str]
    extra_cells: int = 0  # non-empty cells right of the last named column

    def get(self, column: str) -> str:
        return self.values.get(column, "")


@dataclass(frozen=True)
class Table:
    """The rows of an import file, cells as stripped text."""

    columns: tuple[str, ...]
    rows: tuple[TableRow, ...]


def nul_messages(table_row: TableRow) -> list[str]:
    """A NUL character in a cell: no text may hold it (PostgreSQL refuses it
    even in a query), so the row is refused before anything looks it up."""
    return [
        column_message(column, _("The cell holds a NUL character."))
        for column, text in table_row.values.items()
        if "\x00" in text
    ]


def column_message(column: str, message: str) -> str:
    """A reason tied to one column: ``founder_nip: … is not a valid NIP``."""
    return f"{column}: {message}" if column else message


def row_errors(
    line: int, exc: ValidationError, columns: Mapping[str, str]
) -> list[RowError]:
    """The messages of a model's `full_clean` error as errors of one row, each
    under the file's column for the model field (`columns`: field → column)."""
    if not hasattr(exc, "error_dict"):
        return [RowError(line, message) for message in exc.messages]
    errors = []
    for field, field_errors in exc.error_dict.items():
        column = "" if field == NON_FIELD_ERRORS else columns.get(field, "")
        errors.extend(
            RowError(line, column_message(column, message))
            for message in ValidationError(field_errors).messages
        )
    return errors


# --- reading a file ----------------------------------------------------------


def read_table(path: str | Path) -> Table:
    """The header and rows of the CSV or XLSX file at `path`.

    Raises `ImportRejected` when the file cannot be read, has another
    extension, is not UTF-8 text, or has no usable header row.
    """
    path = Path(path)
    _check_suffix(path.name)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ImportRejected(
            _("Cannot read the file %(path)s: %(reason)s.")
            % {"path": path, "reason": exc.strerror or exc}
        ) from exc
    return read_table_data(data, filename=path.name)


def read_table_data(data: bytes, *, filename: str) -> Table:
    """The header and rows of a file's content; `filename` gives its type
    (an uploaded file's name)."""
    suffix = _check_suffix(filename)
    records = _csv_records(data) if suffix == ".csv" else _xlsx_records(data)
    return _table(records)


def _check_suffix(filename: str) -> str:
    suffix = Path(filename).suffix.lower()
    if suffix not in SUFFIXES:
        raise ImportRejected(
            _("Unknown type of file “%(name)s”: give a .csv or an .xlsx file.")
            % {"name": filename}
        )
    return suffix


def _csv_records(data: bytes) -> list[tuple[int, list[str]]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ImportRejected(
            _(
                "The file is not UTF-8 text (line %(line)s): save it as "
                "“CSV UTF-8” and import it again."
            )
            % {"line": line}
        ) from exc
    header = text.split("\n", 1)[0]
    delimiter = ";" if header.count(";") > header.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    records = []
    start = 1  # a quoted cell may span lines: a row is named by its first
    try:
        for record in reader:
            records.append((start, record))
            start = reader.line_num + 1
    except csv.Error as exc:
        raise ImportRejected(
            _("The CSV file cannot be read at line %(line)s: %(reason)s.")
            % {"line": start, "reason": exc}
        ) from exc
    return records


def _xlsx_records(data: bytes) -> list[tuple[int, list[str]]]:
    # openpyxl is imported here: only an XLSX import needs it.
    from openpyxl import load_workbook  # noqa: PLC0415
    from openpyxl.utils.exceptions import InvalidFileException  # noqa: PLC0415

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError) as exc:
        raise ImportRejected(_("The file is not a readable .xlsx workbook.")) from exc
    try:
        sheet = workbook.worksheets[0]
        # Without stored dimensions the sheet is read to its true end; missing
        # rows come as empty ones, so the count is the sheet's row number.
        sheet.reset_dimensions()
        return [
            (number, [_cell_text(value) for value in values])
            for number, values in enumerate(sheet.iter_rows(values_only=True), 1)
        ]
    finally:
        workbook.close()


def _cell_text(value: Any) -> str:
    """A spreadsheet cell as the text a CSV would hold."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        if value.time() == datetime.time():
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _table(records: Sequence[tuple[int, list[str]]]) -> Table:
    if not records or not any(cell.strip() for cell in records[0][1]):
        raise ImportRejected(_("The file has no header row: its first line is empty."))
    columns = [cell.strip().lower() for cell in records[0][1]]
    while columns and not columns[-1]:
        columns.pop()
    seen: set[str] = set()
    for number, column in enumerate(columns, 1):
        if not column:
            raise ImportRejected(
                _("Column %(number)s of the header has no name.") % {"number": number}
            )
        if column in seen:
            raise ImportRejected(
                _("The header names the column “%(column)s” twice.")
                % {"column": column}
            )
        seen.add(column)
    rows = []
    for line, cells in records[1:]:
        texts = [cell.strip() for cell in cells]
        if not any(texts):
            continue
        values = dict(zip(columns, texts, strict=False))
        extra = sum(1 for text in texts[len(columns) :] if text)
        rows.append(TableRow(line=line, values=values, extra_cells=extra))
    return Table(columns=tuple(columns), rows=tuple(rows))


def check_columns(
    table: Table, *, required: Sequence[str], optional: Sequence[str]
) -> tuple[str, ...]:
    """Raise `ImportRejected` naming every missing required column; return the
    columns of the file that the import does not know (it ignores them)."""
    missing = [column for column in required if column not in table.columns]
    if missing:
        raise ImportRejected(
            _("Missing required columns: %(columns)s.")
            % {"columns": ", ".join(missing)}
        )
    known = {*required, *optional}
    return tuple(column for column in table.columns if column not in known)


# --- the rows of import_units ------------------------------------------------

UNIT_REQUIRED_COLUMNS = (
    "registry_id",
    "kind",
    "name",
    "voivodeship",
    "founder_name",
    "founder_type",
    "opened_on",
)
UNIT_OPTIONAL_COLUMNS = (
    "closed_on",
    "founder_nip",
    "founder_regon",
    "founder_krs",
    "address",
    "decision_number",
    "decision_date",
)

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


@dataclass(frozen=True)
class UnitRow:
    """One checked row of an `import_units` file."""

    line: int
    registry_id: str
    kind: str  # a UnitKind value
    name: str
    voivodeship: Voivodeship
    founder_name: str
    founder_type: str  # lower case; the model checks it is a FounderType
    opened_on: datetime.date
    closed_on: datetime.date | None = None
    founder_nip: str = ""  # without separators
    founder_regon: str = ""
    founder_krs: str = ""
    address: str = ""
    decision_number: str = ""
    decision_date: datetime.date | None = None

    @property
    def founder_key(self) -> tuple[str, ...]:
        """How the founder is matched: on NIP, else on name and voivodeship."""
        if self.founder_nip:
            return ("nip", self.founder_nip)
        return ("name", self.founder_name, self.voivodeship.teryt)

    @property
    def founder_details(self) -> tuple[str, ...]:
        """What every row naming the same founder has to give alike."""
        return (
            self.founder_name,
            self.founder_type,
            self.founder_regon,
            self.founder_krs,
        )


@dataclass(frozen=True)
class UnitFile:
    """The checked rows of an `import_units` file, and the bad ones."""

    columns: frozenset[str]
    rows: tuple[UnitRow, ...]
    errors: tuple[RowError, ...]
    ignored_columns: tuple[str, ...] = ()


class VoivodeshipLookup:
    """The voivodeships by TERYT code and by Polish name (any letter case,
    with or without diacritics), read once."""

    def __init__(self, voivodeships: Iterable[Voivodeship]) -> None:
        self._by_key: dict[str, Voivodeship] = {}
        for voivodeship in voivodeships:
            self._by_key[voivodeship.teryt] = voivodeship
            self._by_key[voivodeship.name.casefold()] = voivodeship
            self._by_key.setdefault(_plain(voivodeship.name), voivodeship)

    @classmethod
    def load(cls) -> VoivodeshipLookup:
        return cls(Voivodeship.objects.all())

    def find(self, text: str) -> Voivodeship | None:
        key = text.strip().casefold()
        if key.isdigit() and len(key) == 1:
            key = key.zfill(2)  # a spreadsheet drops the zero of 02…08
        return self._by_key.get(key) or self._by_key.get(_plain(key))


def _plain(text: str) -> str:
    """Lower case without diacritics (``Łódzkie`` → ``lodzkie``)."""
    decomposed = unicodedata.normalize("NFKD", text.casefold().replace("ł", "l"))
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def _blank_message() -> str:
    return str(Unit._meta.get_field("name").error_messages["blank"])


def parse_iso_date(text: str) -> datetime.date | None:
    """A YYYY-MM-DD date, refused with the model field's own messages."""
    field = Unit._meta.get_field("opened_on")
    if not _ISO_DATE.fullmatch(text):
        raise ValidationError(
            field.error_messages["invalid"], code="invalid", params={"value": text}
        )
    return field.to_python(text)


def parse_unit_rows(
    table: Table, *, voivodeships: VoivodeshipLookup | None = None
) -> UnitFile:
    """Check the rows of an `import_units` table (DESIGN section 5).

    Raises `ImportRejected` when a required column is missing. Every other
    problem is a `RowError` of the returned `UnitFile`; its `rows` are the
    rows without one.
    """
    ignored = check_columns(
        table, required=UNIT_REQUIRED_COLUMNS, optional=UNIT_OPTIONAL_COLUMNS
    )
    lookup = voivodeships or VoivodeshipLookup.load()
    rows: list[UnitRow] = []
    errors: list[RowError] = []
    first_line_of: dict[tuple[str, str], int] = {}
    for table_row in table.rows:
        messages = _check_duplicates(table_row, first_line_of)
        row = _parse_unit_row(table_row, lookup, messages)
        if messages:
            errors.extend(RowError(table_row.line, message) for message in messages)
        elif row is not None:
            rows.append(row)
    return UnitFile(
        columns=frozenset(table.columns),
        rows=tuple(rows),
        errors=tuple(errors),
        ignored_columns=ignored,
    )


def _check_duplicates(
    table_row: TableRow, first_line_of: dict[tuple[str, str], int]
) -> list[str]:
    """Identifiers that an earlier row of the file already has."""
    messages = []
    for column in ("registry_id", "decision_number"):
        value = table_row.get(column)
        if not value:
            continue
        line = first_line_of.setdefault((column, value), table_row.line)
        if line != table_row.line:
            messages.append(
                column_message(
                    column,
                    _("“%(value)s” is already on line %(line)s.")
                    % {"value": value, "line": line},
                )
            )
    return messages


def _parse_unit_row(
    table_row: TableRow, lookup: VoivodeshipLookup, messages: list[str]
) -> UnitRow | None:
    """The row as a `UnitRow`, or None with the reasons added to `messages`."""
    get = table_row.get
    if table_row.extra_cells:
        messages.append(_("The row has more cells than the header has columns."))
    nul = nul_messages(table_row)
    if nul:
        messages.extend(nul)
        return None
    for column in UNIT_REQUIRED_COLUMNS:
        if not get(column):
            messages.append(column_message(column, _blank_message()))

    kind = get("kind").upper()
    if kind and kind not in UnitKind.values:
        field = Unit._meta.get_field("kind")
        messages.append(
            column_message(
                "kind", field.error_messages["invalid_choice"] % {"value": get("kind")}
            )
        )

    voivodeship = lookup.find(get("voivodeship")) if get("voivodeship") else None
    if get("voivodeship") and voivodeship is None:
        messages.append(
            column_message(
                "voivodeship",
                _(
                    "Unknown voivodeship “%(value)s”: give its two-digit TERYT "
                    "code (such as 14) or its Polish name (such as mazowieckie)."
                )
                % {"value": get("voivodeship")},
            )
        )

    dates: dict[str, datetime.date | None] = {}
    for column in ("opened_on", "closed_on", "decision_date"):
        dates[column] = None
        if get(column):
            try:
                dates[column] = parse_iso_date(get(column))
            except ValidationError as exc:
                messages.extend(column_message(column, m) for m in exc.messages)

    number, decided = get("decision_number"), get("decision_date")
    if bool(number) != bool(decided):
        messages.append(
            _("Give decision_number and decision_date together, or neither.")
        )
    if number and kind == UnitKind.KIS:
        messages.append(
            column_message(
                "decision_number",
                _("Only a CIS has a decision on its status; this row is a KIS."),
            )
        )

    opened_on = dates["opened_on"]
    if messages or voivodeship is None or opened_on is None:
        return None
    return UnitRow(
        line=table_row.line,
        registry_id=get("registry_id"),
        kind=kind,
        name=get("name"),
        voivodeship=voivodeship,
        founder_name=get("founder_name"),
        founder_type=get("founder_type").lower(),
        opened_on=opened_on,
        closed_on=dates["closed_on"],
        founder_nip=compact_nip(get("founder_nip")),
        founder_regon=compact_regon(get("founder_regon")),
        founder_krs=get("founder_krs"),
        address=get("address"),
        decision_number=number,
        decision_date=dates["decision_date"],
    )
