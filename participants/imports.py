"""`import_participants` (DESIGN section 5): the participants a unit already
has on its own records, brought in through the participants services.

The file is read by the shared reader of `units.imports` (CSV UTF-8 with or
without a byte-order mark, `,` or `;`, or the first sheet of an XLSX). Every
row is checked first (`parse_participant_rows`: columns, dates, codes, the
PESEL against the date of birth and the sex, units, duplicates); then
`participants_import` checks every row the way the services would when
writing them one by one (`ImportPlan`, with the services' own check
functions), and — when no row is bad — writes them in bulk inside one
transaction with their history entries (20,000 rows in seconds); any bad
row rolls everything back and all of them are listed. `method="services"`
writes row by row through the services instead (the same records; kept as
the reference the tests compare the bulk path with). `participants_preview`
is the check alone, for an upload page.

Rows are matched on (unit, participant_ref), persons within the unit on
their PESEL or, without one, on the document number the import gives them,
so importing a file again changes nothing; an exit added to a participation
under way is recorded with `participation_exit`. See docs/imports.md.
"""

from __future__ import annotations

import bisect
import datetime
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import DatabaseError, IntegrityError, transaction
from django.utils.translation import gettext as _
from simple_history.utils import bulk_update_with_history

from participants.bulk import insert_with_history
from participants.constants import (
    DocumentType,
    ExitReason,
    Outcome,
    ParticipationState,
    ReferralIssuer,
    ReferralRequester,
    RemovalGround,
    Sex,
)
from participants.models import (
    ExclusionGround,
    Participant,
    Participation,
    ParticipationGround,
    Referral,
)
from participants.services import (
    EXIT_FIELDS,
    GroundInput,
    ReferralInput,
    admission_apply,
    eligibility_found,
    exit_apply,
    exit_check,
    participant_new,
    participant_register,
    participant_seal,
    participant_update,
    participation_admit,
    participation_exit,
    participation_override,
    participation_refer,
    referral_new,
    trial_end,
    trial_months,
)
from participants.services.common import invalid_transition, not_in_future
from participants.validators import compact_pesel
from units.constants import UnitKind
from units.imports import (
    ImportRejected,
    RowError,
    Table,
    TableRow,
    check_columns,
    column_message,
    nul_messages,
    parse_iso_date,  # YYYY-MM-DD only
    row_errors,
)
from units.models import LegalRule, Unit
from units.services import Outcome as Change

REQUIRED_COLUMNS = (
    "unit_registry_id",
    "participant_ref",
    "birth_date",
    "sex",
    "primary_exclusion_ground",
    "admitted_on",
)
OPTIONAL_COLUMNS = (
    "pesel",
    "first_name",
    "last_name",
    "other_exclusion_grounds",
    "referred_by",
    "trial_ended_on",
    "exited_on",
    "exit_reason",
    # Not in DESIGN section 5: the ground of a removal from a CIS, which
    # `participation_exit` requires (art. 13 ust. 4); see docs/imports.md.
    "removal_ground",
)
REFERRED_BY = ("ops", "pup", "self", "other")
DOCUMENT_PREFIX = "IMPORT"
NO_FIRST_NAME = "—"
_DOCUMENT_MAX_LENGTH = Participant._meta.get_field("document_number").max_length
_CHUNK = 500  # values per `__in` query, below SQLite's limit of parameters
_PROGRESS_EVERY = 500  # rows checked between two calls of `progress`
# The coded cells and their values (read once: an enumeration builds them
# at every call).
_CODES = {
    "sex": frozenset(Sex.values),
    "referred_by": frozenset(REFERRED_BY),
    "exit_reason": frozenset(ExitReason.values),
    "removal_ground": frozenset(RemovalGround.values),
}

# Model field → the column of the file that gives it (for service errors).
PERSON_COLUMNS = {
    "pesel": "pesel",
    "first_name": "first_name",
    "last_name": "last_name",
    "birth_date": "birth_date",
    "sex": "sex",
    "document_number": "participant_ref",
}
PARTICIPATION_COLUMNS = {
    "ref": "participant_ref",
    "grounds": "primary_exclusion_ground",
    "is_primary": "primary_exclusion_ground",
    "requested_by": "referred_by",
    "issued_by": "referred_by",
    "referred_on": "admitted_on",
    "admitted_on": "admitted_on",
    "trial_ends_on": "trial_ended_on",
    "exited_on": "exited_on",
    "exit_reason": "exit_reason",
    "reason": "exit_reason",
    "outcome": "exit_reason",
    "note": "exit_reason",
    "removal_ground": "removal_ground",
}


def override_reason() -> str:
    """Why an imported participation is admitted despite the problems found:
    the import records the unit's history, it does not judge it."""
    return _("Imported from the unit's records")


def removal_note() -> str:
    return _("Imported from the unit's records")


def document_number(registry_id: str, ref: str) -> str:
    """The document number of an imported person without PESEL (the model
    keeps it in upper case)."""
    return f"{DOCUMENT_PREFIX}-{registry_id}-{ref}".upper()


def referral_of(referred_by: str, unit_kind: str) -> tuple[str, str]:
    """(requested_by, issued_by) of a row's `referred_by` (docs/imports.md):
    a CIS admits only on a referral (art. 12 ust. 1), taken as one of the OPS
    when the person applied themselves; a KIS takes them without one."""
    if referred_by == "ops":
        return ReferralRequester.OPS, ReferralIssuer.OPS
    if referred_by == "pup":
        return ReferralRequester.PUP, ReferralIssuer.PUP
    requested = (
        ReferralRequester.OTHER if referred_by == "other" else ReferralRequester.SELF
    )
    issued = ReferralIssuer.OPS if unit_kind == UnitKind.CIS else ReferralIssuer.NONE
    return requested, issued


def exit_outcome(exit_reason: str) -> str:
    """The outcome at exit, which the file does not give."""
    return Outcome.OPEN_MARKET if exit_reason == ExitReason.EMPLOYMENT else Outcome.NONE


@dataclass(frozen=True)
class ParticipantRow:
    """One checked row of an `import_participants` file."""

    line: int
    unit: Unit
    ref: str
    birth_date: datetime.date
    sex: str
    primary_ground: ExclusionGround
    admitted_on: datetime.date
    other_grounds: tuple[ExclusionGround, ...] = ()
    pesel: str = ""
    first_name: str = ""  # as given; empty: keep the record's, or a placeholder
    last_name: str = ""
    referred_by: str = ""
    trial_ended_on: datetime.date | None = None
    exited_on: datetime.date | None = None
    exit_reason: str = ""
    removal_ground: str = ""

    @property
    def document_number(self) -> str:
        return "" if self.pesel else document_number(self.unit.registry_id, self.ref)

    @property
    def person_key(self) -> tuple[Any, ...]:
        """How the person is matched within the unit."""
        if self.pesel:
            return (self.unit.pk, "pesel", self.pesel)
        return (self.unit.pk, "document", self.document_number)

    @property
    def person_data(self) -> dict[str, Any]:
        """The data of a new person (participant_register's PERSON_FIELDS)."""
        data: dict[str, Any] = {
            "pesel": self.pesel,
            "first_name": self.first_name or NO_FIRST_NAME,
            "last_name": self.last_name or self.ref,
            "birth_date": self.birth_date,
            "sex": self.sex,
        }
        if not self.pesel:
            data["document_type"] = DocumentType.OTHER
            data["document_number"] = self.document_number
        return data

    def person_changes(self, participant: Participant) -> dict[str, Any]:
        """What the row changes in an existing person: names only when given."""
        wanted: dict[str, Any] = {"birth_date": self.birth_date, "sex": self.sex}
        if self.first_name:
            wanted["first_name"] = self.first_name
        if self.last_name:
            wanted["last_name"] = self.last_name
        return {
            name: value
            for name, value in wanted.items()
            if getattr(participant, name) != value
        }

    @property
    def referral(self) -> tuple[str, str]:
        return referral_of(self.referred_by, self.unit.kind)

    @property
    def ground_codes(self) -> tuple[str, frozenset[str]]:
        return self.primary_ground.code, frozenset(g.code for g in self.other_grounds)


@dataclass(frozen=True)
class ParticipantFile:
    """The checked rows of an `import_participants` file, and the bad ones."""

    rows: tuple[ParticipantRow, ...]
    errors: tuple[RowError, ...]
    ignored_columns: tuple[str, ...] = ()


@dataclass
class ParticipantImportResult:
    """What an `import_participants` file changed."""

    participations: dict[Change, int] = field(
        default_factory=lambda: dict.fromkeys(Change, 0)
    )
    persons: dict[Change, int] = field(default_factory=lambda: dict.fromkeys(Change, 0))
    ignored_columns: tuple[str, ...] = ()


# --- checking the rows -------------------------------------------------------


def ground_codes() -> list[tuple[str, str]]:
    """(code, English name) of every ground of exclusion, for --help; empty
    when the database cannot be read (not migrated yet)."""
    try:
        return [
            (ground.code, ground.name_en)
            for ground in ExclusionGround.objects.order_by("order", "code")
        ]
    except DatabaseError:
        return []


def _chunks(values: Sequence[Any]) -> Iterator[Sequence[Any]]:
    for start in range(0, len(values), _CHUNK):
        yield values[start : start + _CHUNK]


def _blank_message() -> str:
    return str(Participant._meta.get_field("first_name").error_messages["blank"])


def _invalid_choice(column: str, value: str) -> str:
    message = Participation._meta.get_field("state").error_messages["invalid_choice"]
    return column_message(column, message % {"value": value})


class _TrialEnds:
    """`services.trial_end`, asked once per day of admission, with the rule's
    value read once per period of the same rules."""

    def __init__(self, periods: _RulePeriods | None = None) -> None:
        self._periods = periods or _RulePeriods.load()
        self._months: dict[int, int] = {}
        self._ends: dict[datetime.date, datetime.date] = {}

    def __call__(self, admitted_on: datetime.date) -> datetime.date:
        if admitted_on not in self._ends:
            period = self._periods.of(admitted_on)
            if period not in self._months:
                self._months[period] = trial_months(admitted_on)
            self._ends[admitted_on] = trial_end(admitted_on, self._months[period])
        return self._ends[admitted_on]


class _RulePeriods:
    """The days on which a legal rule or a ground of exclusion starts or
    stops applying: between two of them every check of the Act answers
    alike, so a check can be asked once per period instead of once per day."""

    def __init__(self, boundaries: Iterable[datetime.date]) -> None:
        self._boundaries = sorted(set(boundaries))

    @classmethod
    def load(cls) -> _RulePeriods:
        rules = LegalRule.objects.exclude(valid_from=None)
        days: list[datetime.date] = list(rules.values_list("valid_from", flat=True))
        return cls(days)

    def of(self, day: datetime.date) -> int:
        return bisect.bisect_right(self._boundaries, day)


class _RowParser:
    """Checks of one file's rows, with the units and grounds read once."""

    def __init__(self, table: Table, unit_ids: Collection[int] | None = None) -> None:
        self.unit_ids = None if unit_ids is None else frozenset(unit_ids)
        # A NUL cannot even be looked up; such a row is refused in `parse`.
        registry_ids = sorted(
            {
                row.get("unit_registry_id")
                for row in table.rows
                if "\x00" not in row.get("unit_registry_id")
            }
        )
        self.units: dict[str, Unit] = {}
        for chunk in _chunks(registry_ids):
            self.units.update(
                (unit.registry_id, unit)
                for unit in Unit.objects.filter(registry_id__in=chunk)
            )
        self.grounds = {ground.code: ground for ground in ExclusionGround.objects.all()}
        self.trial_end = _TrialEnds()
        self.first_line_of_ref: dict[tuple[str, str], int] = {}

    def _unit(self, registry_id: str, messages: list[str]) -> Unit | None:
        """The row's unit; a unit outside `unit_ids` is refused as a unit that
        does not exist is (the message tells neither apart)."""
        if not registry_id:
            return None
        unit = self.units.get(registry_id)
        if self.unit_ids is not None and (unit is None or unit.pk not in self.unit_ids):
            messages.append(
                column_message(
                    "unit_registry_id",
                    _("“%(value)s” is not one of the units you manage.")
                    % {"value": registry_id},
                )
            )
            return None
        if unit is None:
            messages.append(
                column_message(
                    "unit_registry_id",
                    _("No unit has the registry id “%(value)s”.")
                    % {"value": registry_id},
                )
            )
        return unit

    def parse(self, table_row: TableRow) -> tuple[ParticipantRow | None, list[str]]:
        """The row, or None with the reasons."""
        get = table_row.get
        messages: list[str] = []
        if table_row.extra_cells:
            messages.append(_("The row has more cells than the header has columns."))
        nul = nul_messages(table_row)
        if nul:
            return None, [*messages, *nul]
        for column in REQUIRED_COLUMNS:
            if not get(column):
                messages.append(column_message(column, _blank_message()))

        registry_id, ref = get("unit_registry_id"), get("participant_ref")
        unit = self._unit(registry_id, messages)
        if registry_id and ref:
            line = self.first_line_of_ref.setdefault((registry_id, ref), table_row.line)
            if line != table_row.line:
                messages.append(
                    column_message(
                        "participant_ref",
                        _("“%(value)s” of this unit is already on line %(line)s.")
                        % {"value": ref, "line": line},
                    )
                )

        dates = self._dates(table_row, messages)
        codes = self._codes(table_row, messages)
        sex = codes["sex"]
        primary, others = self._grounds(table_row, messages)
        self._check_exit(table_row, dates, messages)

        pesel = compact_pesel(get("pesel"))
        if len(pesel) == 10 and pesel.isdigit():
            pesel = pesel.zfill(11)  # a spreadsheet drops the zero of 2000s births
        if unit is not None:
            self._check_person(
                table_row,
                unit=unit,
                pesel=pesel,
                sex=sex,
                dates=dates,
                messages=messages,
            )
            self._check_trial(unit, dates, messages)
        admitted_on, birth_date = dates["admitted_on"], dates["birth_date"]
        if (
            messages
            or unit is None
            or primary is None
            or admitted_on is None
            or birth_date is None
        ):
            return None, messages
        return (
            ParticipantRow(
                line=table_row.line,
                unit=unit,
                ref=ref,
                birth_date=birth_date,
                sex=sex,
                primary_ground=primary,
                admitted_on=admitted_on,
                other_grounds=others,
                pesel=pesel,
                first_name=get("first_name"),
                last_name=get("last_name"),
                referred_by=codes["referred_by"],
                trial_ended_on=dates["trial_ended_on"],
                exited_on=dates["exited_on"],
                exit_reason=codes["exit_reason"],
                removal_ground=codes["removal_ground"],
            ),
            messages,
        )

    @staticmethod
    def _codes(table_row: TableRow, messages: list[str]) -> dict[str, str]:
        """The coded cells, in the case the models keep them."""
        codes = {}
        for column, values in _CODES.items():
            text = table_row.get(column)
            code = text.upper() if column == "sex" else text.lower()
            if code and code not in values:
                messages.append(_invalid_choice(column, text))
            codes[column] = code
        return codes

    @staticmethod
    def _dates(
        table_row: TableRow, messages: list[str]
    ) -> dict[str, datetime.date | None]:
        dates: dict[str, datetime.date | None] = {}
        for column in ("birth_date", "admitted_on", "trial_ended_on", "exited_on"):
            dates[column] = None
            if table_row.get(column):
                try:
                    dates[column] = parse_iso_date(table_row.get(column))
                except ValidationError as exc:
                    messages.extend(column_message(column, m) for m in exc.messages)
        return dates

    def _grounds(
        self, table_row: TableRow, messages: list[str]
    ) -> tuple[ExclusionGround | None, tuple[ExclusionGround, ...]]:
        def unknown(column: str, code: str) -> str:
            return column_message(
                column,
                _(
                    "Unknown ground of exclusion “%(code)s”: the codes are listed "
                    "by “manage.py import_participants --help”."
                )
                % {"code": code},
            )

        code = table_row.get("primary_exclusion_ground").lower()
        primary = self.grounds.get(code) if code else None
        if code and primary is None:
            messages.append(unknown("primary_exclusion_ground", code))
        others: list[ExclusionGround] = []
        seen = {code}
        column = "other_exclusion_grounds"
        for cell in table_row.get(column).lower().split(";"):
            other = cell.strip()
            if not other:
                continue
            if other in seen:
                messages.append(
                    column_message(
                        column,
                        _("The ground “%(code)s” is given twice.") % {"code": other},
                    )
                )
                continue
            seen.add(other)
            if other not in self.grounds:
                messages.append(unknown(column, other))
                continue
            others.append(self.grounds[other])
        return primary, tuple(others)

    @staticmethod
    def _check_exit(
        table_row: TableRow,
        dates: dict[str, datetime.date | None],
        messages: list[str],
    ) -> None:
        exited_on, admitted_on = dates["exited_on"], dates["admitted_on"]
        has_date = bool(table_row.get("exited_on"))
        has_reason = bool(table_row.get("exit_reason"))
        if has_date and not has_reason:
            messages.append(
                column_message("exit_reason", _("Give the reason for the exit."))
            )
        if has_reason and not has_date:
            messages.append(
                column_message("exited_on", _("Give the date of the exit."))
            )
        if exited_on and admitted_on and exited_on < admitted_on:
            messages.append(
                column_message("exited_on", _("The exit cannot precede the admission."))
            )

    @staticmethod
    def _check_person(
        table_row: TableRow,
        *,
        unit: Unit,
        pesel: str,
        sex: str,
        dates: dict[str, datetime.date | None],
        messages: list[str],
    ) -> None:
        """The person's data as `Participant.full_clean` judges them (the
        PESEL, its agreement with the date of birth and the sex, lengths)."""
        ref = table_row.get("participant_ref")
        number = "" if pesel else document_number(unit.registry_id, ref)
        if len(number) > _DOCUMENT_MAX_LENGTH:
            messages.append(
                column_message(
                    "participant_ref",
                    _(
                        "A person without PESEL is given the document number "
                        "“%(number)s”, longer than %(limit)s characters: give "
                        "the PESEL or a shorter participant_ref."
                    )
                    % {"number": number, "limit": _DOCUMENT_MAX_LENGTH},
                )
            )
            return
        probe = Participant(
            unit=unit,
            pesel=pesel,
            document_type=DocumentType.OTHER if number else "",
            document_number=number,
            first_name=table_row.get("first_name") or NO_FIRST_NAME,
            last_name=table_row.get("last_name") or ref or "?",
            birth_date=dates["birth_date"],
            sex=sex if sex in _CODES["sex"] else "",
        )
        # The fields the row leaves at their defaults always pass.
        exclude = [*_PERSON_DEFAULTS]
        if dates["birth_date"] is None:
            exclude.append("birth_date")
        if sex not in _CODES["sex"]:
            exclude.append("sex")
        try:
            probe.full_clean(
                exclude=exclude, validate_unique=False, validate_constraints=False
            )
        except ValidationError as exc:
            messages.extend(
                error.message
                for error in row_errors(table_row.line, exc, PERSON_COLUMNS)
            )

    def _check_trial(
        self,
        unit: Unit,
        dates: dict[str, datetime.date | None],
        messages: list[str],
    ) -> None:
        given, admitted_on = dates["trial_ended_on"], dates["admitted_on"]
        if given is None:
            return
        if unit.kind != UnitKind.CIS:
            messages.append(
                column_message(
                    "trial_ended_on",
                    _("A KIS has no trial period: leave the cell empty."),
                )
            )
            return
        if admitted_on is None:
            return
        expected = self.trial_end(admitted_on)
        if given != expected:
            messages.append(
                column_message(
                    "trial_ended_on",
                    _(
                        "The trial period of a participation admitted on "
                        "%(admitted)s ends on %(expected)s."
                    )
                    % {
                        "admitted": admitted_on.isoformat(),
                        "expected": expected.isoformat(),
                    },
                )
            )


def _check_persons(rows: Sequence[ParticipantRow]) -> list[RowError]:
    """Rows of one person agree on the names and leave at most one
    participation open (the model allows one at a time)."""
    errors = []
    first_of: dict[tuple[Any, ...], ParticipantRow] = {}
    open_of: dict[tuple[Any, ...], ParticipantRow] = {}
    for row in rows:
        first = first_of.setdefault(row.person_key, row)
        if (row.first_name, row.last_name) != (first.first_name, first.last_name):
            errors.append(
                RowError(
                    row.line,
                    column_message(
                        "pesel",
                        _("The same person has another name on line %(line)s.")
                        % {"line": first.line},
                    ),
                )
            )
        if row.exited_on is None:
            other = open_of.setdefault(row.person_key, row)
            if other is not row:
                errors.append(
                    RowError(
                        row.line,
                        column_message(
                            "exited_on",
                            _(
                                "The same person's participation on line %(line)s "
                                "is open too; a person has one open participation "
                                "at a time."
                            )
                            % {"line": other.line},
                        ),
                    )
                )
    return errors


def parse_participant_rows(
    table: Table, *, unit_ids: Collection[int] | None = None
) -> ParticipantFile:
    """Check the rows of an `import_participants` table (DESIGN section 5).

    Raises `ImportRejected` when a required column is missing. Every other
    problem is a `RowError` of the returned `ParticipantFile`; its `rows` are
    the rows without one.
    """
    ignored = check_columns(table, required=REQUIRED_COLUMNS, optional=OPTIONAL_COLUMNS)
    parser = _RowParser(table, unit_ids)
    rows: list[ParticipantRow] = []
    errors: list[RowError] = []
    for table_row in table.rows:
        row, messages = parser.parse(table_row)
        errors.extend(RowError(table_row.line, message) for message in messages)
        if row is not None:
            rows.append(row)
    person_errors = _check_persons(rows)
    bad_lines = {error.line for error in person_errors}
    return ParticipantFile(
        rows=tuple(row for row in rows if row.line not in bad_lines),
        errors=(*errors, *person_errors),
        ignored_columns=ignored,
    )


# --- writing the rows --------------------------------------------------------


def participants_import(
    *,
    table: Table,
    progress: Callable[[int, int], None] | None = None,
    actor: Any = None,
    unit_ids: Collection[int] | None = None,
    method: str = "bulk",
) -> ParticipantImportResult:
    """Import the participations of an `import_participants` table (DESIGN
    section 5): every row, or — raising `ImportRejected` with every bad row —
    none. `progress(done, total)` is called as rows are written.

    `actor` is the user the records are written for (None: the system);
    `unit_ids`, when given, are the only units the rows may name (an upload
    by a unit's manager). `method` "bulk" (the default) checks every row
    first and writes in bulk; "services" writes row by row through the
    services — the same records, kept to prove it (tests) and slower.
    """
    parsed = parse_participant_rows(table, unit_ids=unit_ids)
    with transaction.atomic():
        if method == "services":
            run: _ParticipantImport | ImportPlan = _ParticipantImport(parsed, actor)
            run.write(progress)
        else:
            run = ImportPlan(parsed, actor=actor, lock=True)
            run.check()
            if not run.errors:
                try:
                    run.write(progress)
                except IntegrityError as exc:
                    # Another import wrote the same records meanwhile.
                    raise ImportRejected(
                        _(
                            "Nothing was imported: the database refused the "
                            "records (%(reason)s). Import the file again."
                        )
                        % {"reason": exc}
                    ) from exc
        if run.errors:
            # Leaving the block with the exception rolls back what was written.
            raise ImportRejected.for_rows(run.errors)
    return run.result


def participants_preview(
    *,
    table: Table,
    progress: Callable[[int, int], None] | None = None,
    actor: Any = None,
    unit_ids: Collection[int] | None = None,
) -> ImportPlan:
    """What importing the table would do, without writing anything: the
    counts (`result`), the checked rows and every bad row (`errors`), as
    `participants_import` finds them. `progress(done, total)` is called as
    rows are checked."""
    parsed = parse_participant_rows(table, unit_ids=unit_ids)
    plan = ImportPlan(parsed, actor=actor, lock=False)
    plan.check(progress)
    return plan


@dataclass
class _NewParticipation:
    """A participation the plan creates, with its referral and grounds."""

    row: ParticipantRow
    participation: Participation
    referral: Referral
    grounds: list[ParticipationGround]


class ImportPlan:
    """The bulk path of `participants_import`: every row is checked the way
    the services would check it when writing row by row in file order (their
    own check functions, with the legal rules read once per date), and the
    records are built unsaved; `write` then saves them in bulk with their
    history entries. Nothing is written when any row is bad."""

    def __init__(
        self, parsed: ParticipantFile, *, actor: Any = None, lock: bool = False
    ) -> None:
        self.parsed = parsed
        self.actor = actor
        self.lock = lock
        self.errors: list[RowError] = list(parsed.errors)
        self.result = ParticipantImportResult(ignored_columns=parsed.ignored_columns)
        self.outcomes: dict[int, Change] = {}  # by line
        self.persons: dict[tuple[Any, ...], Participant] = {}
        self.new_persons: list[Participant] = []
        self.updated_persons: dict[int, Participant] = {}  # by id()
        self.new_participations: list[_NewParticipation] = []
        self.exits: list[Participation] = []
        self._person_outcomes: dict[int, Change] = {}  # by id() of the person
        self._open: dict[int, int] = {}  # open participations by id() of person
        self._periods = _RulePeriods.load()
        self._trial_end = _TrialEnds(self._periods)
        self._eligibility: dict[tuple[Any, ...], list[dict]] = {}
        self._past_days: set[datetime.date] = set()  # checked: not in the future
        self._grounds: dict[int, list[tuple[str, bool]]] = {}  # of participations

    # --- checking -------------------------------------------------------------

    def check(self, progress: Callable[[int, int], None] | None = None) -> None:
        rows = self.parsed.rows
        participations = self._existing_participations(rows)
        self._existing_persons(rows, participations)
        ordered = sorted(
            rows, key=lambda row: (row.exited_on is None, row.admitted_on, row.line)
        )
        total = len(ordered)
        for done, row in enumerate(ordered, 1):
            existing = participations.get((row.unit.pk, row.ref))
            registered = len(self.new_persons)
            try:
                if existing is None:
                    self._create(row)
                else:
                    self._reconcile(row, existing)
            except ValidationError as exc:
                self._forget_persons(row, registered)
                self.errors.extend(row_errors(row.line, exc, _COLUMNS))
            if progress is not None and (done % _PROGRESS_EVERY == 0 or done == total):
                progress(done, total)
        for outcome in self._person_outcomes.values():
            self.result.persons[outcome] += 1

    def _forget_persons(self, row: ParticipantRow, keep: int) -> None:
        """A refused row registers nobody (as its savepoint would roll back
        the services' writes): drop the person it added."""
        for person in self.new_persons[keep:]:
            self._person_outcomes.pop(id(person), None)
            if self.persons.get(row.person_key) is person:
                del self.persons[row.person_key]
        del self.new_persons[keep:]

    def _existing_participations(
        self, rows: Sequence[ParticipantRow]
    ) -> dict[tuple[int, str], Participation]:
        found: dict[tuple[int, str], Participation] = {}
        unit_pks = sorted({row.unit.pk for row in rows})
        refs = sorted({row.ref for row in rows})
        units = {row.unit.pk: row.unit for row in rows}
        base = Participation.objects.all()
        if self.lock:
            base = base.select_for_update(of=("self",))
        for chunk in _chunks(refs):
            queryset = (
                base.filter(unit__in=unit_pks, ref__in=chunk)
                .select_related("participant", "referral")
                .order_by("pk")
            )
            loaded = {}
            for participation in queryset:
                participation.unit = units[participation.unit_id]
                found[(participation.unit_id, participation.ref)] = participation
                loaded[participation.pk] = participation
            # What `_differences` compares of the grounds, as plain values.
            for participation_id, code, is_primary in (
                ParticipationGround.objects.filter(participation__in=sorted(loaded))
                .order_by("pk")
                .values_list("participation_id", "ground__code", "is_primary")
            ):
                self._grounds.setdefault(participation_id, []).append(
                    (code, is_primary)
                )
        return found

    def _existing_persons(
        self,
        rows: Sequence[ParticipantRow],
        participations: dict[tuple[int, str], Participation],
    ) -> None:
        """The persons the rows name, one object each, with the number of
        their open participations."""
        by_pk: dict[int, Participant] = {}
        for participation in participations.values():
            person = by_pk.setdefault(
                participation.participant_id, participation.participant
            )
            participation.participant = person
        for person in by_pk.values():
            self._index_person(person)
        # The others: only those not met among the participations above.
        unit_pks = sorted({row.unit.pk for row in rows})
        pesels = sorted(
            {
                row.pesel
                for row in rows
                if row.pesel and row.person_key not in self.persons
            }
        )
        numbers = sorted(
            {
                row.document_number
                for row in rows
                if not row.pesel and row.person_key not in self.persons
            }
        )
        found: list[Participant] = []
        for chunk in _chunks(pesels):
            found.extend(
                Participant.objects.filter(unit__in=unit_pks, pesel__in=chunk).order_by(
                    "pk"
                )
            )
        for chunk in _chunks(numbers):
            found.extend(
                Participant.objects.filter(
                    unit__in=unit_pks,
                    document_type=DocumentType.OTHER,
                    document_number__in=chunk,
                ).order_by("pk")
            )
        for loaded in found:
            self._index_person(by_pk.setdefault(loaded.pk, loaded))
        pks = sorted(by_pk)
        for chunk in _chunks(pks):
            for participant_id in (
                Participation.objects.open()
                .filter(participant__in=chunk)
                .values_list("participant_id", flat=True)
            ):
                person = by_pk[participant_id]
                self._open[id(person)] = self._open.get(id(person), 0) + 1

    def _index_person(self, person: Participant) -> None:
        """A recorded person under the keys rows find them by."""
        if person.pesel:
            self.persons[(person.unit_id, "pesel", person.pesel)] = person
        if person.document_type == DocumentType.OTHER and person.document_number:
            key = (person.unit_id, "document", person.document_number)
            self.persons.setdefault(key, person)

    def _person(self, row: ParticipantRow, known: Participant | None) -> Participant:
        """As `_ParticipantImport._person`: found and corrected, or new."""
        person = known or self.persons.get(row.person_key)
        if person is None:
            person = participant_new(actor=self.actor, unit=row.unit, **row.person_data)
            # The parser has run `full_clean` on the same data already.
            participant_seal(person, actor=self.actor, clean=False)
            self.new_persons.append(person)
            self._person_outcomes[id(person)] = Change.CREATED
        elif changes := row.person_changes(person):
            if person.is_anonymised:
                raise invalid_transition(_("An anonymised record cannot be changed."))
            for name, value in changes.items():
                setattr(person, name, value)
            participant_seal(person, actor=self.actor)
            if person.pk is not None:
                self.updated_persons[id(person)] = person
            if self._person_outcomes.get(id(person)) is not Change.CREATED:
                self._person_outcomes[id(person)] = Change.UPDATED
        else:
            self._person_outcomes.setdefault(id(person), Change.UNCHANGED)
        self.persons[row.person_key] = person
        return person

    def _eligibility_of(
        self, row: ParticipantRow, issued_by: str, grounds: list[GroundInput]
    ) -> list[dict]:
        """The services' check, once per unit kind, period of the same rules,
        grounds and issuer."""
        period = self._periods.of(row.admitted_on)
        key = (row.unit.kind, period, row.ground_codes, issued_by)
        if key not in self._eligibility:
            self._eligibility[key] = eligibility_found(
                unit_kind=row.unit.kind,
                on=row.admitted_on,
                grounds=grounds,
                benefits=[],
                issued_by=issued_by,
            )
        return self._eligibility[key]

    def _create(self, row: ParticipantRow) -> None:
        """What `participation_refer`, `_override`, `_admit` and `_exit` check
        and write for a new row."""
        person = self._person(row, None)
        if row.admitted_on not in self._past_days:
            not_in_future("referred_on", row.admitted_on)
            self._past_days.add(row.admitted_on)
        if self._open.get(id(person), 0):
            raise ValidationError(
                _("The person already has an open participation in this unit."),
                code="open_participation",
            )
        requested_by, issued_by = row.referral
        participation = Participation(
            participant=person,
            unit=row.unit,
            ref=row.ref,
            benefits=[],
            state=ParticipationState.REFERRED,
        )
        # The other fields hold values the checks above have given them.
        participation.full_clean(
            exclude=_ALL_BUT_REF, validate_unique=False, validate_constraints=False
        )
        referral = referral_new(
            participation,
            ReferralInput(
                requested_by=requested_by,
                issued_by=issued_by,
                referred_on=row.admitted_on,
            ),
            actor=self.actor,
            clean=False,  # values of `referral_of` and a checked date
        )
        grounds = [
            GroundInput(row.primary_ground, is_primary=True),
            *(GroundInput(ground) for ground in row.other_grounds),
        ]
        problems = self._eligibility_of(row, issued_by, grounds)
        participation.eligibility_problems = problems
        participation.eligibility_checked_on = row.admitted_on
        if problems:
            participation.override_reason = override_reason()
            participation.override_by = self.actor
        admission_apply(
            participation, admitted_on=row.admitted_on, trial_end_of=self._trial_end
        )
        if row.exited_on is not None:
            self._exit(row, participation)
        else:
            self._open[id(person)] = self._open.get(id(person), 0) + 1
        participation._history_user = self.actor
        self.new_participations.append(
            _NewParticipation(
                row=row,
                participation=participation,
                referral=referral,
                grounds=[
                    ParticipationGround(
                        participation=participation,
                        ground=item.ground,
                        is_primary=item.is_primary,
                    )
                    for item in grounds
                ],
            )
        )
        self.result.participations[Change.CREATED] += 1
        self.outcomes[row.line] = Change.CREATED

    def _exit(self, row: ParticipantRow, participation: Participation) -> None:
        if row.exited_on is None:
            return
        exit_data = {
            "exited_on": row.exited_on,
            "reason": row.exit_reason,
            "removal_ground": row.removal_ground,
            "note": removal_note() if row.exit_reason == ExitReason.REMOVED else "",
        }
        exit_check(participation=participation, actor=self.actor, **exit_data)
        exit_apply(
            participation,
            actor=self.actor,
            outcome=exit_outcome(row.exit_reason),
            **exit_data,
        )

    def _reconcile(self, row: ParticipantRow, participation: Participation) -> None:
        """As `_ParticipantImport._reconcile`."""
        differences = _differences(
            row, participation, self._grounds.get(participation.pk, [])
        )
        if differences:
            raise ValidationError(differences)
        person = self._person(row, participation.participant)
        if (
            participation.state == ParticipationState.ACTIVE
            and row.exited_on is not None
        ):
            self._exit(row, participation)
            participation._history_user = self.actor
            self.exits.append(participation)
            self._open[id(person)] = self._open.get(id(person), 1) - 1
            self.result.participations[Change.UPDATED] += 1
            self.outcomes[row.line] = Change.UPDATED
        else:
            self.result.participations[Change.UNCHANGED] += 1
            self.outcomes[row.line] = Change.UNCHANGED

    # --- writing --------------------------------------------------------------

    def write(self, progress: Callable[[int, int], None] | None = None) -> None:
        """Save what `check` built, in bulk, each record with its history
        entry (inside the caller's transaction)."""
        actor = self.actor
        insert_with_history(self.new_persons, Participant, user=actor)
        if self.updated_persons:
            bulk_update_with_history(
                list(self.updated_persons.values()),
                Participant,
                ["first_name", "last_name", "birth_date", "sex", "pesel_hash"],
                batch_size=_CHUNK,
                default_user=actor,
            )
        new = self.new_participations
        insert_with_history(
            [item.participation for item in new], Participation, user=actor
        )
        grounds = []
        for item in new:
            item.referral.participation = item.participation
            for ground in item.grounds:
                ground.participation = item.participation
                ground._history_user = actor
                grounds.append(ground)
        insert_with_history([item.referral for item in new], Referral, user=actor)
        insert_with_history(grounds, ParticipationGround, user=actor)
        if self.exits:
            bulk_update_with_history(
                self.exits,
                Participation,
                EXIT_FIELDS,
                batch_size=_CHUNK,
                default_user=actor,
            )
        if progress is not None:
            total = len(self.parsed.rows)
            progress(total, total)


class _ParticipantImport:
    """One run of `participants_import`: reads the matching records once, then
    writes row by row through the services, each row in a savepoint so that a
    refused row leaves nothing behind and the others are still checked."""

    def __init__(self, parsed: ParticipantFile, actor: Any = None) -> None:
        self.parsed = parsed
        self.actor = actor
        self.errors: list[RowError] = list(parsed.errors)
        self.result = ParticipantImportResult(ignored_columns=parsed.ignored_columns)
        self.persons: dict[tuple[Any, ...], Participant] = {}
        self.person_outcomes: dict[int, Change] = {}

    def write(self, progress: Callable[[int, int], None] | None = None) -> None:
        rows = self.parsed.rows
        participations = self._existing_participations(rows)
        self._existing_persons(rows)
        # Closed stints first: a person has one open participation at a time.
        ordered = sorted(
            rows, key=lambda row: (row.exited_on is None, row.admitted_on, row.line)
        )
        for done, row in enumerate(ordered, 1):
            existing = participations.get((row.unit.pk, row.ref))
            # A refused row's savepoint is rolled back: so are the persons it
            # registered or corrected, which later rows must not find.
            persons, outcomes = dict(self.persons), dict(self.person_outcomes)
            try:
                with transaction.atomic():
                    if existing is None:
                        self._create(row)
                    else:
                        self._reconcile(row, existing)
            except ValidationError as exc:
                self.persons, self.person_outcomes = persons, outcomes
                self.errors.extend(row_errors(row.line, exc, _COLUMNS))
            except IntegrityError as exc:
                self.persons, self.person_outcomes = persons, outcomes
                self.errors.append(
                    RowError(
                        row.line,
                        _("The database refused the row: %(reason)s.")
                        % {"reason": exc},
                    )
                )
            if progress is not None:
                progress(done, len(ordered))
        for outcome in self.person_outcomes.values():
            self.result.persons[outcome] += 1

    def _existing_participations(
        self, rows: Sequence[ParticipantRow]
    ) -> dict[tuple[int, str], Participation]:
        found: dict[tuple[int, str], Participation] = {}
        unit_pks = sorted({row.unit.pk for row in rows})
        refs = sorted({row.ref for row in rows})
        for chunk in _chunks(refs):
            queryset = (
                Participation.objects.select_for_update(of=("self",))
                .filter(unit__in=unit_pks, ref__in=chunk)
                .select_related("participant", "referral")
                .prefetch_related("grounds__ground")
                .order_by("pk")
            )
            found.update(((p.unit_id, p.ref), p) for p in queryset)
        return found

    def _existing_persons(self, rows: Sequence[ParticipantRow]) -> None:
        unit_pks = sorted({row.unit.pk for row in rows})
        pesels = sorted({row.pesel for row in rows if row.pesel})
        numbers = sorted({row.document_number for row in rows if not row.pesel})
        for chunk in _chunks(pesels):
            for person in Participant.objects.filter(
                unit__in=unit_pks, pesel__in=chunk
            ).order_by("pk"):
                self.persons[(person.unit_id, "pesel", person.pesel)] = person
        for chunk in _chunks(numbers):
            for person in Participant.objects.filter(
                unit__in=unit_pks,
                document_type=DocumentType.OTHER,
                document_number__in=chunk,
            ).order_by("pk"):
                key = (person.unit_id, "document", person.document_number)
                self.persons[key] = person

    def _person(self, row: ParticipantRow, known: Participant | None) -> Participant:
        """The row's person: found (and corrected with the row's data) or
        registered."""
        person = known or self.persons.get(row.person_key)
        if person is None:
            person = participant_register(
                actor=self.actor, unit=row.unit, **row.person_data
            )
            self.person_outcomes[person.pk] = Change.CREATED
        elif changes := row.person_changes(person):
            person = participant_update(actor=self.actor, participant=person, **changes)
            if self.person_outcomes.get(person.pk) is not Change.CREATED:
                self.person_outcomes[person.pk] = Change.UPDATED
        else:
            self.person_outcomes.setdefault(person.pk, Change.UNCHANGED)
        self.persons[row.person_key] = person
        return person

    def _create(self, row: ParticipantRow) -> None:
        person = self._person(row, None)
        requested_by, issued_by = row.referral
        participation = participation_refer(
            actor=self.actor,
            participant=person,
            referral=ReferralInput(
                requested_by=requested_by,
                issued_by=issued_by,
                referred_on=row.admitted_on,
            ),
            grounds=[
                GroundInput(row.primary_ground, is_primary=True),
                *(GroundInput(ground) for ground in row.other_grounds),
            ],
            ref=row.ref,
        )
        if participation.eligibility_problems:
            participation = participation_override(
                actor=self.actor, participation=participation, reason=override_reason()
            )
        participation = participation_admit(
            actor=self.actor, participation=participation, admitted_on=row.admitted_on
        )
        if row.exited_on is not None:
            self._exit(row, participation)
        self.result.participations[Change.CREATED] += 1

    def _exit(self, row: ParticipantRow, participation: Participation) -> None:
        if row.exited_on is None:
            return
        participation_exit(
            actor=self.actor,
            participation=participation,
            exited_on=row.exited_on,
            reason=row.exit_reason,
            outcome=exit_outcome(row.exit_reason),
            removal_ground=row.removal_ground,
            note=removal_note() if row.exit_reason == ExitReason.REMOVED else "",
            historical=True,
        )

    def _reconcile(self, row: ParticipantRow, participation: Participation) -> None:
        """Leave a participation equal to its row, add an exit to one under
        way, refuse anything else."""
        differences = _differences(row, participation)
        if differences:
            raise ValidationError(differences)
        self._person(row, participation.participant)
        if (
            participation.state == ParticipationState.ACTIVE
            and row.exited_on is not None
        ):
            self._exit(row, participation)
            self.result.participations[Change.UPDATED] += 1
        else:
            self.result.participations[Change.UNCHANGED] += 1


_COLUMNS = {**PERSON_COLUMNS, **PARTICIPATION_COLUMNS}
_PERSON_DEFAULTS = [
    field.name
    for field in Participant._meta.concrete_fields
    if field.name not in PERSON_COLUMNS
]
_ALL_BUT_REF = [
    field.name for field in Participation._meta.concrete_fields if field.name != "ref"
]


def _recorded(column: str, value: Any) -> str:
    if isinstance(value, datetime.date):
        value = value.isoformat()
    return column_message(
        column,
        _("The unit's record has “%(value)s”; the import does not change it.")
        % {"value": value or "—"},
    )


def _differences(
    row: ParticipantRow,
    participation: Participation,
    grounds: list[tuple[str, bool]] | None = None,
) -> list[str]:
    """Why the recorded participation cannot be reconciled with its row
    (`grounds`: its (code, is primary) when read already)."""
    if participation.state not in (
        ParticipationState.ACTIVE,
        ParticipationState.EXITED,
    ):
        return [
            column_message(
                "participant_ref",
                _(
                    "The participation is recorded as “%(state)s”; the import "
                    "only adds an exit to a participation under way."
                )
                % {"state": participation.get_state_display()},
            )
        ]
    messages = []
    participant = participation.participant
    if participant.pesel != row.pesel:
        messages.append(_recorded("pesel", participant.pesel))
    if participation.admitted_on != row.admitted_on:
        messages.append(_recorded("admitted_on", participation.admitted_on))
    if grounds is None:
        grounds = [(g.ground.code, g.is_primary) for g in participation.grounds.all()]
    primary = next((code for code, is_primary in grounds if is_primary), "")
    others = sorted(code for code, is_primary in grounds if not is_primary)
    if primary != row.primary_ground.code:
        messages.append(_recorded("primary_exclusion_ground", primary))
    if others != sorted(g.code for g in row.other_grounds):
        messages.append(_recorded("other_exclusion_grounds", ";".join(others)))
    referral = getattr(participation, "referral", None)
    requested_by = referral.requested_by if referral else ""
    if row.referred_by and requested_by != row.referral[0]:
        messages.append(_recorded("referred_by", requested_by))
    if row.trial_ended_on and participation.trial_ends_on != row.trial_ended_on:
        messages.append(_recorded("trial_ended_on", participation.trial_ends_on))
    if participation.state == ParticipationState.EXITED:
        if participation.exited_on != row.exited_on:
            messages.append(_recorded("exited_on", participation.exited_on))
        if participation.exit_reason != row.exit_reason:
            messages.append(_recorded("exit_reason", participation.exit_reason))
    return messages


__all__ = [
    "OPTIONAL_COLUMNS",
    "REFERRED_BY",
    "REQUIRED_COLUMNS",
    "ImportPlan",
    "ParticipantFile",
    "ParticipantImportResult",
    "ParticipantRow",
    "document_number",
    "exit_outcome",
    "ground_codes",
    "parse_participant_rows",
    "participants_import",
    "participants_preview",
    "referral_of",
]
