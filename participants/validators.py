"""Validators of participants' data: PESEL (python-stdnum); uploaded
documents are checked by units.uploads (re-exported here for the models and
their migrations)."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from stdnum.exceptions import ValidationError as StdnumError
from stdnum.pl import pesel as stdnum_pesel

from units.uploads import (  # noqa: F401 - re-exported
    MAX_DOCUMENT_BYTES,
    DocumentFileValidator,
    validate_document_file,
)


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
