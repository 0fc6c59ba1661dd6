"""Validators of participants' data: PESEL (python-stdnum) and uploaded
documents (size and type checked by content, not by the file's name)."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _
from stdnum.exceptions import ValidationError as StdnumError
from stdnum.pl import pesel as stdnum_pesel

MAX_DOCUMENT_BYTES = 10 * 1024 * 1024
# The first bytes of the file types accepted as scanned documents.
DOCUMENT_SIGNATURES = {
    b"%PDF-": "PDF",
    b"\xff\xd8\xff": "JPEG",
    b"\x89PNG\r\n\x1a\n": "PNG",
}


def compact_pesel(value: str) -> str:
    """The PESEL without spaces or dashes."""
    return stdnum_pesel.compact(value or "")


def validate_pesel(value: str) -> None:
    """Eleven digits with a valid check digit and a real birth date."""
    try:
        stdnum_pesel.validate(value)
    except StdnumError as exc:
        raise ValidationError(
            _("“%(value)s” is not a valid PESEL number."),
            code="invalid_pesel",
            params={"value": value},
        ) from exc


def pesel_birth_date(value: str) -> datetime.date:
    return stdnum_pesel.get_birth_date(value)


def pesel_sex(value: str) -> str:
    """ "F" or "M", as the PESEL encodes it."""
    return stdnum_pesel.get_gender(value).upper()


@deconstructible
class DocumentFileValidator:
    """A scan of at most MAX_DOCUMENT_BYTES that really is a PDF, JPEG or PNG."""

    def __call__(self, file: Any) -> None:
        if file.size > MAX_DOCUMENT_BYTES:
            raise ValidationError(
                _("The file is larger than %(limit)s MB."),
                code="file_too_large",
                params={"limit": MAX_DOCUMENT_BYTES // (1024 * 1024)},
            )
        position = file.tell() if hasattr(file, "tell") else 0
        file.seek(0)
        head = file.read(8)
        file.seek(position)
        if not any(head.startswith(signature) for signature in DOCUMENT_SIGNATURES):
            raise ValidationError(
                _("Attach a PDF, JPEG or PNG file."), code="file_type"
            )

    def __eq__(self, other: object) -> bool:
        return isinstance(other, DocumentFileValidator)

    def __hash__(self) -> int:
        return hash(DocumentFileValidator)


validate_document_file = DocumentFileValidator()
