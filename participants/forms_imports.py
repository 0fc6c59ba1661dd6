"""The upload form of the imports: a .csv or .xlsx file, checked by its
content and size before it is stored."""

from __future__ import annotations

import pathlib
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

MAX_IMPORT_BYTES = 20 * 1024 * 1024
_ZIP = b"PK\x03\x04"  # an .xlsx workbook is a ZIP archive
_PROBE_BYTES = 64 * 1024


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label=_("File"),
        help_text=_(
            "A UTF-8 .csv file (cells separated by “,” or “;”) or an .xlsx "
            "workbook, with a header row naming the columns; at most 20 MB."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_IMPORT_BYTES:
            raise ValidationError(
                _("The file is larger than %(limit)s MB."),
                code="file_too_large",
                params={"limit": MAX_IMPORT_BYTES // (1024 * 1024)},
            )
        suffix = pathlib.PurePath(upload.name or "").suffix.lower()
        upload.seek(0)
        head = upload.read(_PROBE_BYTES)
        upload.seek(0)
        if suffix == ".xlsx" and head.startswith(_ZIP):
            return upload
        if suffix == ".csv" and not head.startswith(_ZIP) and _is_utf8(head):
            return upload
        raise ValidationError(
            _("Give a .csv file saved as “CSV UTF-8” or an .xlsx workbook."),
            code="file_type",
        )


def _is_utf8(head: bytes) -> bool:
    """The start of a file is UTF-8 text (a character cut at the end of the
    probe does not count against it)."""
    for cut in range(4):
        try:
            head[: len(head) - cut].decode("utf-8")
        except UnicodeDecodeError:
            continue
        return b"\x00" not in head
    return False
