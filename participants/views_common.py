"""What the participants' pages share: the access-log entries of a read or an
export, and the download of a stored file."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.files.storage import default_storage
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404, HttpRequest

from participants import services
from participants.constants import AccessAction
from participants.models import Participant
from units.models import Unit


def log_access(
    request: HttpRequest, participant: Participant, action: str, what: str
) -> None:
    """Note in the unit's access log that the user read or changed this
    person's data."""
    services.access_log_record(
        user=request.user,
        unit=participant.unit,
        action=action,
        participant=participant,
        what=what,
        request=request,
    )


def log_export(request: HttpRequest, units: Iterable[Unit], what: str) -> None:
    """One access-log entry per unit whose personal data a list export holds."""
    for unit in units:
        services.access_log_record(
            user=request.user,
            unit=unit,
            action=AccessAction.EXPORT,
            what=what,
            request=request,
        )


def serve_file(
    file: FieldFile | str,
    content_type: str | None = None,
    *,
    filename: str | None = None,
) -> FileResponse:
    """A stored file as a download: a file field, or a path in the default
    storage. A file gone from the storage is 404."""
    name = file if isinstance(file, str) else file.name
    try:
        handle = (
            default_storage.open(file, "rb")
            if isinstance(file, str)
            else file.open("rb")
        )
    except FileNotFoundError as error:
        raise Http404 from error
    return FileResponse(
        handle,
        as_attachment=True,
        filename=filename or name.rsplit("/", 1)[-1],
        content_type=content_type,
    )
