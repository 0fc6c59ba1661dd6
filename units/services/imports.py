"""Writes of the imports of registry data: `import_units` (DESIGN section 5).

An import is all or nothing. `units_import` writes the rows inside one
transaction so that the models' own validation (`full_clean`, with the
founder types of art. 3 and 18 in `Unit.clean`) judges every row against the
founding bodies the file creates; when any row is bad it raises
`ImportRejected` listing them all, and the transaction is rolled back.

Rows are matched on their ids, so importing a file again changes nothing:
units on `registry_id`, founding bodies on NIP (without a NIP on name and
voivodeship), decisions on their number. A record equal to its row is not
saved again, so it gets no new history entry either.
"""

from __future__ import annotations

import datetime
import enum
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from units.constants import DecisionKind, RuleCode, UnitKind
from units.imports import (
    ImportRejected,
    RowError,
    Table,
    UnitFile,
    UnitRow,
    column_message,
    parse_unit_rows,
    row_errors,
)
from units.models import (
    FoundingBody,
    LegalRule,
    StatusDecision,
    Unit,
    Voivodeship,
)
from units.services.status import decision_record_existing
from units.validators import compact_nip, compact_regon

# Model field → the column of an `import_units` file that gives it.
FOUNDER_COLUMNS = {
    "name": "founder_name",
    "founder_type": "founder_type",
    "nip": "founder_nip",
    "regon": "founder_regon",
    "krs": "founder_krs",
    "voivodeship": "voivodeship",
}
UNIT_COLUMNS = {
    "registry_id": "registry_id",
    "kind": "kind",
    "name": "name",
    "voivodeship": "voivodeship",
    "founding_body": "founder_type",  # art. 3 / art. 18: who may found what
    "opened_on": "opened_on",
    "closed_on": "closed_on",
    "address": "address",
}
DECISION_COLUMNS = {"number": "decision_number", "issued_on": "decision_date"}

_FOUNDER_FIELDS = ("name", "founder_type", "voivodeship_id", "nip", "regon", "krs")
_UNIT_FIELDS = (
    "kind",
    "name",
    "founding_body_id",
    "voivodeship_id",
    "opened_on",
    "closed_on",
    "address",
)
CHANGE_REASON = "import_units"  # the history entries of imported records
# Checked in a query each otherwise; the import has matched these rows on
# their ids already and holds the related rows it assigns.
_CLEAN_OPTIONS: dict[str, Any] = {
    "validate_unique": False,
    "validate_constraints": False,
}
_CHUNK = 500  # ids per `__in` query, below SQLite's limit of parameters

M = TypeVar("M", bound=models.Model)


class Outcome(enum.StrEnum):
    CREATED = "created"
    UPDATED = "updated"
    UNCHANGED = "unchanged"


@dataclass
class UnitImportResult:
    """What an `import_units` file changed."""

    units: dict[Outcome, int] = field(default_factory=lambda: dict.fromkeys(Outcome, 0))
    founders: dict[Outcome, int] = field(
        default_factory=lambda: dict.fromkeys(Outcome, 0)
    )
    decisions: dict[Outcome, int] = field(
        default_factory=lambda: dict.fromkeys(Outcome, 0)
    )
    ignored_columns: tuple[str, ...] = ()


def _chunks(values: Sequence[str]) -> Iterator[Sequence[str]]:
    for start in range(0, len(values), _CHUNK):
        yield values[start : start + _CHUNK]


def _locked_in(
    queryset: models.QuerySet[M], lookup: str, values: Iterable[str]
) -> Iterator[M]:
    """Rows whose `lookup` is one of `values`, locked in `pk` order."""
    distinct = sorted(set(values))
    for chunk in _chunks(distinct):
        yield from queryset.select_for_update().filter(**{lookup: chunk}).order_by("pk")


class FoundingBodyIndex:
    """Founding bodies as an import matches them: on NIP, or — for a body
    without NIP — on its name and voivodeship."""

    def __init__(self, bodies: Iterable[FoundingBody] = ()) -> None:
        self._bodies: dict[tuple[str, ...], FoundingBody] = {}
        for body in bodies:
            self._bodies.setdefault(self.key_of(body), body)

    @staticmethod
    def key(*, nip: str, name: str, voivodeship: Voivodeship) -> tuple[str, ...]:
        if nip:
            return ("nip", nip)
        return ("name", name, voivodeship.teryt)

    @classmethod
    def key_of(cls, body: FoundingBody) -> tuple[str, ...]:
        return cls.key(nip=body.nip, name=body.name, voivodeship=body.voivodeship)

    @classmethod
    def load(cls, *, nips: Iterable[str], names: Iterable[str]) -> FoundingBodyIndex:
        """The bodies with these NIPs, and those without NIP with these names
        (locked; the caller is in a transaction)."""
        queryset = FoundingBody.objects.select_related("voivodeship")
        return cls(
            [
                *_locked_in(queryset, "nip__in", [nip for nip in nips if nip]),
                *_locked_in(queryset.filter(nip=""), "name__in", names),
            ]
        )

    def find(
        self, *, nip: str, name: str, voivodeship: Voivodeship
    ) -> FoundingBody | None:
        return self._bodies.get(self.key(nip=nip, name=name, voivodeship=voivodeship))

    def add(self, body: FoundingBody) -> None:
        self._bodies[self.key_of(body)] = body


@dataclass
class _Change:
    """A record an import validated: new, or an existing one with the fields
    (`update_fields`) its row changes."""

    obj: Any
    outcome: Outcome
    fields: list[str]

    def save(self) -> None:
        """Save an update (a new record is saved in bulk by the caller)."""
        if self.outcome is Outcome.UPDATED:
            self.obj._change_reason = CHANGE_REASON
            self.obj.save(update_fields=self.fields)


def _changed_fields(obj: models.Model, before: dict[str, Any]) -> list[str]:
    """The fields (FKs by name) whose value differs from `before` (by attname)."""
    return [
        attname.removesuffix("_id")
        for attname, old in before.items()
        if getattr(obj, attname) != old
    ]


def _founding_body_prepare(
    *,
    index: FoundingBodyIndex,
    name: str,
    founder_type: str,
    voivodeship: Voivodeship,
    nip: str,
    regon: str,
    krs: str,
) -> _Change:
    """Match and validate a founding body (`full_clean`), unsaved."""
    body = index.find(nip=nip, name=name, voivodeship=voivodeship)
    created = body is None
    if body is None:
        body = FoundingBody()
    before = {attname: getattr(body, attname) for attname in _FOUNDER_FIELDS}
    body.name = name
    body.founder_type = founder_type
    body.voivodeship = voivodeship
    body.nip = nip
    body.regon = regon
    body.krs = krs
    body.full_clean(exclude=["voivodeship"], **_CLEAN_OPTIONS)
    index.add(body)
    if created:
        return _Change(body, Outcome.CREATED, [])
    changed = _changed_fields(body, before)
    return _Change(body, Outcome.UPDATED if changed else Outcome.UNCHANGED, changed)


@transaction.atomic
def founding_body_import_upsert(
    *,
    name: str,
    founder_type: str,
    voivodeship: Voivodeship,
    nip: str = "",
    regon: str = "",
    krs: str = "",
) -> tuple[FoundingBody, Outcome]:
    """Create the founding body of an imported row, or update the one with the
    same NIP — or, without a NIP, the one without NIP with the same name in
    the same voivodeship (so importing it again does not duplicate it). Only
    these fields change: the body's address and contacts stay as they are."""
    nip, regon = compact_nip(nip), compact_regon(regon)
    change = _founding_body_prepare(
        index=FoundingBodyIndex.load(nips=[nip], names=[] if nip else [name]),
        name=name,
        founder_type=founder_type,
        voivodeship=voivodeship,
        nip=nip,
        regon=regon,
        krs=krs,
    )
    if change.outcome is Outcome.CREATED:
        change.obj._change_reason = CHANGE_REASON
        change.obj.save()
    change.save()
    return change.obj, change.outcome


def units_import(*, table: Table) -> UnitImportResult:
    """Import the units of an `import_units` table (DESIGN section 5): every
    row, or — raising `ImportRejected` with every bad row — none."""
    parsed = parse_unit_rows(table)
    with transaction.atomic():
        run = _UnitImport(parsed)
        run.write()
        if run.errors:
            # Leaving the block with the exception rolls back what was written.
            raise ImportRejected.for_rows(run.errors)
    return run.result


class _FounderRuleCheck:
    """`Unit.clean`'s check of who may found a CIS or a KIS (art. 3 ust. 2,
    art. 18 ust. 1), run once per kind, founder type and rule in force rather
    than once per row: its answer depends on nothing else."""

    def __init__(self) -> None:
        self._rules = list(
            LegalRule.objects.filter(
                code__in=[RuleCode.CIS_FOUNDER_TYPES, RuleCode.KIS_FOUNDER_TYPES]
            )
        )
        self._answers: dict[tuple[Any, ...], ValidationError | None] = {}

    def _rule_in_force(self, kind: str, day: datetime.date) -> int | None:
        """The pk of the rule `LegalRule.objects.in_force` picks on `day`."""
        code = (
            RuleCode.CIS_FOUNDER_TYPES
            if kind == UnitKind.CIS
            else RuleCode.KIS_FOUNDER_TYPES
        )
        applying = [
            rule
            for rule in self._rules
            if rule.code == code and (rule.valid_from is None or rule.valid_from <= day)
        ]
        if not applying:
            return None
        latest = max(applying, key=lambda rule: rule.valid_from or datetime.date.min)
        return latest.pk

    def refusal(
        self, kind: str, body: FoundingBody, opened_on: datetime.date
    ) -> ValidationError | None:
        """Why `body` may not found a unit of `kind` opened on `opened_on`."""
        key = (kind, body.founder_type, self._rule_in_force(kind, opened_on))
        if key not in self._answers:
            probe = Unit(kind=kind, opened_on=opened_on, founding_body=body)
            try:
                probe.clean()
            except ValidationError as exc:
                self._answers[key] = exc
            else:
                self._answers[key] = None
        return self._answers[key]


class _UnitImport:
    """One run of `units_import`: reads the matching records once, validates
    row by row collecting the errors instead of stopping at the first, and
    creates the new records in bulk."""

    def __init__(self, parsed: UnitFile) -> None:
        self.parsed = parsed
        self.errors: list[RowError] = list(parsed.errors)
        self.result = UnitImportResult(ignored_columns=parsed.ignored_columns)

    def write(self) -> None:
        rows = self.parsed.rows
        founders = self._write_founders(rows)
        units = {
            unit.registry_id: unit
            for unit in _locked_in(
                Unit.objects, "registry_id__in", [row.registry_id for row in rows]
            )
        }
        written = self._write_units(
            [(row, founders[row.line]) for row in rows if row.line in founders],
            units,
        )
        decisions = {
            decision.number: decision
            for decision in _locked_in(
                StatusDecision.objects,
                "number__in",
                [row.decision_number for row, _unit in written if row.decision_number],
            )
        }
        for row, unit in written:
            if row.decision_number:
                self._write_decision(row, unit, decisions.get(row.decision_number))

    def _write_founders(self, rows: Sequence[UnitRow]) -> dict[int, FoundingBody]:
        """The founding body of each row (by line) that has a valid one."""
        groups: dict[tuple[str, ...], list[UnitRow]] = {}
        for row in rows:
            groups.setdefault(row.founder_key, []).append(row)
        index = FoundingBodyIndex.load(
            nips=[row.founder_nip for row in rows],
            names=[row.founder_name for row in rows if not row.founder_nip],
        )
        founders: dict[int, FoundingBody] = {}
        changes = []
        for group in groups.values():
            first, *others = group
            alike = [first]
            for row in others:
                if row.founder_details == first.founder_details:
                    alike.append(row)
                else:
                    self._error(
                        row.line,
                        _(
                            "The same founder has another name, type, REGON or KRS "
                            "on line %(line)s."
                        )
                        % {"line": first.line},
                    )
            try:
                change = _founding_body_prepare(
                    index=index,
                    name=first.founder_name,
                    founder_type=first.founder_type,
                    voivodeship=first.voivodeship,
                    nip=first.founder_nip,
                    regon=first.founder_regon,
                    krs=first.founder_krs,
                )
            except ValidationError as exc:
                for row in alike:
                    self.errors.extend(row_errors(row.line, exc, FOUNDER_COLUMNS))
                continue
            changes.append(change)
            founders.update((row.line, change.obj) for row in alike)
        self._save(FoundingBody, changes, self.result.founders)
        return founders

    def _write_units(
        self, rows: Sequence[tuple[UnitRow, FoundingBody]], units: dict[str, Unit]
    ) -> list[tuple[UnitRow, Unit]]:
        """Validate and save the units; return those of the valid rows."""
        founder_check = _FounderRuleCheck()
        columns = self.parsed.columns
        written = []
        changes = []
        for row, body in rows:
            existing = units.get(row.registry_id)
            # An optional column that the file lacks leaves the field as it is.
            values: dict[str, Any] = {
                "kind": row.kind,
                "name": row.name,
                "voivodeship": row.voivodeship,
                "opened_on": row.opened_on,
            }
            if "closed_on" in columns:
                values["closed_on"] = row.closed_on
            if "address" in columns:
                values["address"] = row.address
            candidate = Unit(registry_id=row.registry_id, **values)
            if existing is not None:
                candidate.closed_on = values.get("closed_on", existing.closed_on)
                candidate.address = values.get("address", existing.address)
            errors = []
            try:
                # Without its founding body yet: `founder_check` runs that
                # part of `Unit.clean` once per kind, type and rule in force.
                candidate.full_clean(
                    exclude=["founding_body", "voivodeship"], **_CLEAN_OPTIONS
                )
            except ValidationError as exc:
                errors.extend(row_errors(row.line, exc, UNIT_COLUMNS))
            refusal = founder_check.refusal(row.kind, body, row.opened_on)
            if refusal is not None:
                errors.extend(row_errors(row.line, refusal, UNIT_COLUMNS))
            if errors:
                self.errors.extend(errors)
                continue
            values["founding_body"] = body
            if existing is None:
                candidate.founding_body = body
                changes.append(_Change(candidate, Outcome.CREATED, []))
                written.append((row, candidate))
                continue
            before = {attname: getattr(existing, attname) for attname in _UNIT_FIELDS}
            for name, value in values.items():
                setattr(existing, name, value)
            changed = _changed_fields(existing, before)
            outcome = Outcome.UPDATED if changed else Outcome.UNCHANGED
            changes.append(_Change(existing, outcome, changed))
            written.append((row, existing))
        self._save(Unit, changes, self.result.units)
        return written

    @staticmethod
    def _save(
        model: type[models.Model], changes: list[_Change], counts: dict[Outcome, int]
    ) -> None:
        """Create the new records in bulk (with their history), save updates."""
        new = [change.obj for change in changes if change.outcome is Outcome.CREATED]
        if new:
            bulk_create_with_history(
                new, model, batch_size=_CHUNK, default_change_reason=CHANGE_REASON
            )
        for change in changes:
            change.save()
            counts[change.outcome] += 1

    def _write_decision(
        self, row: UnitRow, unit: Unit, decision: StatusDecision | None
    ) -> None:
        if row.decision_date is None:  # the parser requires it with a number
            return
        if decision is not None and (
            decision.unit_id != unit.pk or decision.kind != DecisionKind.GRANT
        ):
            self._error(
                row.line,
                column_message(
                    "decision_number",
                    _(
                        "Decision %(number)s is already recorded for another "
                        "centre or as another kind of decision."
                    )
                    % {"number": row.decision_number},
                ),
            )
            return
        if decision is not None and decision.issued_on == row.decision_date:
            self.result.decisions[Outcome.UNCHANGED] += 1
            return
        try:
            decision_record_existing(
                unit=unit,
                kind=DecisionKind.GRANT,
                number=row.decision_number,
                issued_on=row.decision_date,
            )
        except ValidationError as exc:
            self.errors.extend(row_errors(row.line, exc, DECISION_COLUMNS))
            return
        outcome = Outcome.CREATED if decision is None else Outcome.UPDATED
        self.result.decisions[outcome] += 1

    def _error(self, line: int, message: str) -> None:
        self.errors.append(RowError(line, message))


__all__ = [
    "FoundingBodyIndex",
    "Outcome",
    "UnitImportResult",
    "founding_body_import_upsert",
    "units_import",
]
