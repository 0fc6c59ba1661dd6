"""The upload pages of the imports (DESIGN section 5 and 6): a file is stored
privately, checked in the background without writing anything (a preview of
its rows, counts and every bad row), and imported — all or nothing, by the
same code as the commands — once its uploader confirms it and only if the
file is still the one checked.

Who may upload what (DESIGN section 3): the register of units, voivodeship
officials (rows of their own voivodeship only) and administrators; the
participants of a unit, its managers (rows of the units they manage only).
Officials never handle participants' personal data, so they have no
participants upload, although the issue named them.
"""

from __future__ import annotations

import datetime
import hashlib
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.access import Level, Scope, scope_for
from participants.constants import AccessAction
from participants.constants_imports import ImportKind, ImportState
from participants.imports import (
    ParticipantRow,
    participants_import,
    participants_preview,
)
from participants.models_imports import ImportJob
from participants.services.common import invalid_transition
from participants.services.privacy import access_log_record
from units.imports import (
    ImportRejected,
    RowError,
    Table,
    UnitRow,
    column_message,
    parse_unit_rows,
    read_table_data,
)
from units.models import Unit, Voivodeship
from units.services import Outcome, units_import

PREVIEW_ROWS = 20  # rows of the file shown on the preview page
PURGE_AFTER_DAYS = 30  # default age of the jobs `purge_import_jobs` deletes
_PROGRESS_STEP = 5  # per cent between two progress writes


def can_upload(user: Any, kind: str) -> bool:
    """Whether `user` may upload a file of this kind (DESIGN section 3)."""
    scope = scope_for(user)
    if kind == ImportKind.UNITS:
        return scope.is_admin or (
            scope.level is Level.VOIVODESHIP and scope.voivodeship_id is not None
        )
    return scope.level is Level.UNITS and bool(scope.managed_unit_ids)


def file_sha256(file: Any) -> str:
    """The SHA-256 of an uploaded or stored file, read in chunks."""
    digest = hashlib.sha256()
    file.seek(0)
    for chunk in file.chunks() if hasattr(file, "chunks") else iter(file.read, b""):
        digest.update(chunk)
    file.seek(0)
    return digest.hexdigest()


def _scope_fields(scope: Scope, kind: str, administration: bool) -> dict[str, Any]:
    if administration:
        return {"voivodeship_id": None, "unit_ids": []}
    if kind == ImportKind.UNITS:
        # An administrator's upload is not limited to a voivodeship.
        return {"voivodeship_id": None if scope.is_admin else scope.voivodeship_id}
    return {"unit_ids": sorted(scope.managed_unit_ids)}


def _may_handle(actor: Any, kind: str, administration: bool) -> bool:
    if administration:
        # The administration site: administrators, either kind.
        return scope_for(actor).is_admin
    return can_upload(actor, kind)


@transaction.atomic
def import_job_create(
    *, actor: Any, kind: str, upload: UploadedFile, administration: bool = False
) -> ImportJob:
    """Store an uploaded file and queue its check (`import_job_check`).
    `administration`: an administrator's upload in the administration site
    (any unit; participants are written by the system, as by the command)."""
    if not _may_handle(actor, kind, administration):
        raise PermissionDenied
    scope = scope_for(actor)
    job = ImportJob(
        kind=kind,
        uploaded_by=actor,
        administration=administration,
        language=translation.get_language() or "pl",
        original_name=(upload.name or "")[:255],
        size=upload.size or 0,
        sha256=file_sha256(upload),
        **_scope_fields(scope, kind, administration),
    )
    job.file.save(upload.name or "import", upload, save=False)
    job.full_clean(exclude=["file"])
    job.save()
    from participants.tasks_imports import enqueue_import_check  # noqa: PLC0415

    transaction.on_commit(lambda: enqueue_import_check(job.pk))
    return job


def _progress_writer(
    job: ImportJob, start: int, end: int
) -> Callable[[int, int], None]:
    """A `progress(done, total)` that stores the job's per cent between
    `start` and `end`, outside the caller's transaction when it has none."""
    last = [start]

    def progress(done: int, total: int) -> None:
        percent = start + (end - start) * done // max(total, 1)
        if percent - last[0] >= _PROGRESS_STEP or done == total:
            last[0] = percent
            ImportJob.objects.filter(pk=job.pk).update(progress=percent)

    return progress


def _set(job: ImportJob, **fields: Any) -> None:
    for name, value in fields.items():
        setattr(job, name, value)
    job.save(update_fields=list(fields))


def _errors_json(errors: Iterable[RowError]) -> list[dict[str, Any]]:
    ordered = sorted(errors, key=lambda error: error.line)
    return [{"line": error.line, "message": error.message} for error in ordered]


def _read(job: ImportJob) -> Table:
    with job.file.open("rb") as handle:
        data = handle.read()
    return read_table_data(data, filename=job.file.name)


@contextmanager
def _failed_on_error(job: ImportJob, message: str, stamp: str) -> Iterator[None]:
    """An unexpected error marks the job failed (its writes are rolled back;
    it must not stay "being checked" or "being imported" for ever) and goes
    on to the worker, which logs it."""
    try:
        yield
    except Exception:
        _set(
            job,
            state=ImportState.FAILED,
            progress=100,
            message=message,
            **{stamp: timezone.now()},
        )
        raise


def import_job_check(*, job_id: int) -> ImportJob | None:
    """The background check of an uploaded file: counts, first rows and every
    bad row, nothing written. Run by the task worker."""
    job = ImportJob.objects.select_related("uploaded_by").filter(pk=job_id).first()
    if job is None or job.state not in (ImportState.QUEUED, ImportState.VALIDATING):
        return job
    _set(job, state=ImportState.VALIDATING, progress=0)
    with _failed_on_error(
        job, _("The check failed unexpectedly; nothing was imported."), "checked_at"
    ):
        return _import_job_check(job)


def _import_job_check(job: ImportJob) -> ImportJob:
    with translation.override(job.language):
        try:
            table = _read(job)
            ImportJob.objects.filter(pk=job.pk).update(progress=10)
            if job.kind == ImportKind.UNITS:
                summary, preview, errors = _check_units(job, table)
            else:
                summary, preview, errors = _check_participants(job, table)
        except ImportRejected as exc:
            _set(
                job,
                state=ImportState.INVALID,
                progress=100,
                message=exc.message,
                errors=_errors_json(exc.errors),
                checked_at=timezone.now(),
            )
            return job
    _set(
        job,
        state=ImportState.INVALID if errors else ImportState.VALID,
        progress=100,
        message="",
        summary=summary,
        preview=preview,
        errors=_errors_json(errors),
        checked_at=timezone.now(),
    )
    return job


# --- the register of units ---------------------------------------------------


def _outside_voivodeship(
    table: Table, voivodeship: Voivodeship | None
) -> tuple[list[RowError], list[UnitRow]]:
    """Rows an official may not import (another voivodeship's units), and the
    checked rows."""
    parsed = parse_unit_rows(table)
    if voivodeship is None:
        return [], list(parsed.rows)
    errors = [
        RowError(
            row.line,
            column_message(
                "voivodeship",
                _("The unit is outside your voivodeship (%(name)s).")
                % {"name": voivodeship.name},
            ),
        )
        for row in parsed.rows
        if row.voivodeship.pk != voivodeship.pk
    ]
    ids = [row.registry_id for row in parsed.rows]
    elsewhere = set(
        Unit.objects.filter(registry_id__in=ids)
        .exclude(voivodeship=voivodeship)
        .values_list("registry_id", flat=True)
    )
    errors.extend(
        RowError(
            row.line,
            column_message(
                "registry_id",
                _("The unit “%(id)s” is registered in another voivodeship.")
                % {"id": row.registry_id},
            ),
        )
        for row in parsed.rows
        if row.registry_id in elsewhere and row.voivodeship.pk == voivodeship.pk
    )
    return errors, list(parsed.rows)


class _Rollback(Exception):  # noqa: N818 (control flow of a dry run)
    def __init__(self, result: Any) -> None:
        super().__init__()
        self.result = result


def _check_units(
    job: ImportJob, table: Table
) -> tuple[dict[str, Any], list[dict[str, Any]], list[RowError]]:
    scope_errors, rows = _outside_voivodeship(table, job.voivodeship)
    errors = list(scope_errors)
    summary: dict[str, Any] = {"rows": len(table.rows)}
    # The import itself judges every row (the models' validation with the
    # founding bodies the file creates): run it and roll it back.
    try:
        with transaction.atomic():
            raise _Rollback(units_import(table=table))
    except _Rollback as done:
        result = done.result
        summary.update(
            units=_counts(result.units),
            founders=_counts(result.founders),
            decisions=_counts(result.decisions),
            ignored_columns=list(result.ignored_columns),
        )
    except ImportRejected as exc:
        if not exc.errors:
            raise
        known = {(error.line, error.message) for error in errors}
        errors.extend(e for e in exc.errors if (e.line, e.message) not in known)
    preview = [
        {
            "line": row.line,
            "registry_id": row.registry_id,
            "kind": row.kind,
            "name": row.name,
            "voivodeship": row.voivodeship.name,
            "founder_name": row.founder_name,
            "opened_on": row.opened_on.isoformat(),
        }
        for row in rows[:PREVIEW_ROWS]
    ]
    return summary, preview, errors


def _counts(counts: dict[Any, int]) -> dict[str, int]:
    return {outcome.value: counts.get(outcome, 0) for outcome in Outcome}


# --- participants ------------------------------------------------------------


def _participant_preview(row: ParticipantRow, outcome: Any) -> dict[str, Any]:
    return {
        "line": row.line,
        "unit": row.unit.registry_id,
        "ref": row.ref,
        "name": " ".join(part for part in (row.last_name, row.first_name) if part),
        "birth_date": row.birth_date.isoformat(),
        "sex": row.sex,
        "ground": row.primary_ground.code,
        "admitted_on": row.admitted_on.isoformat(),
        "exited_on": row.exited_on.isoformat() if row.exited_on else "",
        "exit_reason": row.exit_reason,
        "outcome": outcome.value if outcome else "",
    }


def _participants_scope(job: ImportJob) -> tuple[Any, list[int] | None]:
    """Who writes a participants file, and the units its rows may name: a
    manager's own units; an administrator's file is the system's (as the
    command), any unit."""
    if job.administration:
        return None, None
    return job.uploaded_by, job.unit_ids


def _check_participants(
    job: ImportJob, table: Table
) -> tuple[dict[str, Any], list[dict[str, Any]], list[RowError]]:
    actor, unit_ids = _participants_scope(job)
    plan = participants_preview(
        table=table,
        actor=actor,
        unit_ids=unit_ids,
        progress=_progress_writer(job, 40, 99),
    )
    rows = sorted(plan.parsed.rows, key=lambda row: row.line)
    summary = {
        "rows": len(table.rows),
        "participations": _counts(plan.result.participations),
        "persons": _counts(plan.result.persons),
        "ignored_columns": list(plan.result.ignored_columns),
        "unit_ids": sorted({row.unit.pk for row in rows}),
    }
    preview = [
        _participant_preview(row, plan.outcomes.get(row.line))
        for row in rows[:PREVIEW_ROWS]
    ]
    return summary, preview, plan.errors


# --- confirming and importing ------------------------------------------------


@transaction.atomic
def import_job_confirm(*, actor: Any, job: ImportJob) -> ImportJob:
    """Queue the import of a checked file without errors — if it is still the
    file that was checked — by its uploader, whose rights are checked again."""
    job = ImportJob.objects.select_for_update().get(pk=job.pk)
    if job.uploaded_by_id != getattr(actor, "pk", None) or not _may_handle(
        actor, job.kind, job.administration
    ):
        raise PermissionDenied
    if job.state != ImportState.VALID:
        raise invalid_transition(
            _("Only a checked file without errors can be imported.")
        )
    try:
        with job.file.open("rb") as handle:
            current = file_sha256(handle)
    except OSError:
        current = ""
    if current != job.sha256:
        raise ValidationError(
            _("The stored file is not the one that was checked; upload it again."),
            code="file_changed",
        )
    scope = scope_for(actor)
    _set(
        job,
        state=ImportState.IMPORTING,
        progress=0,
        confirmed_at=timezone.now(),
        **_scope_fields(scope, job.kind, job.administration),
    )
    from participants.tasks_imports import enqueue_import_run  # noqa: PLC0415

    transaction.on_commit(lambda: enqueue_import_run(job.pk))
    return job


def import_job_run(*, job_id: int) -> ImportJob | None:
    """The background import of a confirmed file: all or nothing, by the
    commands' own code. Run by the task worker."""
    job = ImportJob.objects.select_related("uploaded_by").filter(pk=job_id).first()
    if job is None or job.state != ImportState.IMPORTING:
        return job
    with _failed_on_error(
        job, _("The import failed unexpectedly; nothing was imported."), "finished_at"
    ):
        return _import_job_run(job)


def _import_job_run(job: ImportJob) -> ImportJob:
    with translation.override(job.language):
        try:
            with job.file.open("rb") as handle:
                data = handle.read()
            if hashlib.sha256(data).hexdigest() != job.sha256:
                raise ImportRejected(
                    _(
                        "The stored file is not the one that was checked; "
                        "upload it again."
                    )
                )
            table = read_table_data(data, filename=job.file.name)
            ImportJob.objects.filter(pk=job.pk).update(progress=10)
            if job.kind == ImportKind.UNITS:
                summary = _run_units(job, table)
            else:
                summary = _run_participants(job, table)
        except ImportRejected as exc:
            _set(
                job,
                state=ImportState.FAILED,
                progress=100,
                message=exc.message,
                errors=_errors_json(exc.errors),
                finished_at=timezone.now(),
            )
            return job
    _set(
        job,
        state=ImportState.DONE,
        progress=100,
        message="",
        summary=summary,
        errors=[],
        finished_at=timezone.now(),
    )
    return job


@transaction.atomic
def _run_units(job: ImportJob, table: Table) -> dict[str, Any]:
    scope_errors, _rows = _outside_voivodeship(table, job.voivodeship)
    if scope_errors:
        raise ImportRejected.for_rows(scope_errors)
    result = units_import(table=table)
    return {
        "rows": len(table.rows),
        "units": _counts(result.units),
        "founders": _counts(result.founders),
        "decisions": _counts(result.decisions),
        "ignored_columns": list(result.ignored_columns),
    }


@transaction.atomic
def _run_participants(job: ImportJob, table: Table) -> dict[str, Any]:
    actor, unit_ids = _participants_scope(job)
    result = participants_import(table=table, actor=actor, unit_ids=unit_ids)
    registry_ids = {row.get("unit_registry_id") for row in table.rows}
    units = Unit.objects.filter(registry_id__in=registry_ids)
    if unit_ids is not None:
        units = units.filter(pk__in=unit_ids)
    where = "administration site, " if job.administration else ""
    log_import_access(
        user=job.uploaded_by,
        units=units.order_by("pk"),
        what=f"{where}import: {job.original_name}",
    )
    return {
        "rows": len(table.rows),
        "participations": _counts(result.participations),
        "persons": _counts(result.persons),
        "ignored_columns": list(result.ignored_columns),
        "unit_ids": sorted(unit.pk for unit in units),
    }


def log_import_access(
    *,
    user: Any,
    units: Iterable[Unit],
    what: str,
    action: str = AccessAction.EDIT,
    request: Any = None,
) -> None:
    """One access-log entry per unit whose participants an import wrote (or a
    preview showed)."""
    for unit in units:
        access_log_record(
            user=user, unit=unit, action=action, what=what, request=request
        )


# --- purging -----------------------------------------------------------------


def import_jobs_purge(*, older_than: datetime.timedelta) -> int:
    """Delete the jobs uploaded more than `older_than` ago with their files;
    the number deleted. A job still running is left alone."""
    cutoff = timezone.now() - older_than
    deleted = 0
    jobs = ImportJob.objects.filter(created_at__lt=cutoff).exclude(
        state__in=[ImportState.VALIDATING, ImportState.IMPORTING]
    )
    for job in jobs.order_by("pk").iterator():
        with transaction.atomic():
            name = job.file.name
            storage = job.file.storage
            job.delete()
            if name:
                transaction.on_commit(lambda s=storage, n=name: s.delete(n))
        deleted += 1
    return deleted
