"""Uploaded scans (application documents, referrals, evidence of grounds):
accepted by their content, not their name, and stored under a random name
(an uploaded name may hold a person's name, and may be too long to store)."""

from __future__ import annotations

import pathlib
import uuid
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

MAX_DOCUMENT_BYTES = 10 * 1024 * 1024
# The first bytes of the file types accepted as scanned documents.
DOCUMENT_SIGNATURES = {
    b"%PDF-": "PDF",
    b"\xff\xd8\xff": "JPEG",
    b"\x89PNG\r\n\x1a\n": "PNG",
}
DOCUMENT_EXTENSIONS = frozenset({".pdf", ".jpg", ".jpeg", ".png"})


def scan_name(filename: str) -> str:
    """A random name for a stored scan, keeping a known extension."""
    extension = pathlib.PurePath(filename).suffix.lower()
    if extension not in DOCUMENT_EXTENSIONS:
        extension = ""
    return f"{uuid.uuid4().hex}{extension}"


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
