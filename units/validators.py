"""Validators of Polish register identifiers, backed by python-stdnum."""

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _
from stdnum.exceptions import ValidationError as StdnumError
from stdnum.pl import nip, regon


@deconstructible
class StdnumValidator:
    """Checks a value with a python-stdnum module's `validate`."""

    def __init__(self, module_name: str, message: str, code: str) -> None:
        self.module_name = module_name
        self.message = message
        self.code = code

    def __call__(self, value: str) -> None:
        module = {"nip": nip, "regon": regon}[self.module_name]
        try:
            module.validate(value)
        except StdnumError as exc:
            raise ValidationError(
                self.message, code=self.code, params={"value": value}
            ) from exc

    def __eq__(self, other: object) -> bool:
        return (
            isinstance(other, StdnumValidator)
            and self.module_name == other.module_name
            and self.message == other.message
            and self.code == other.code
        )

    def __hash__(self) -> int:
        return hash((self.module_name, self.code))


validate_nip = StdnumValidator(
    "nip", _("%(value)s is not a valid NIP (tax identification number)."), "invalid_nip"
)
validate_regon = StdnumValidator(
    "regon",
    _("%(value)s is not a valid REGON (9 or 14 digits with a correct check digit)."),
    "invalid_regon",
)
validate_krs = RegexValidator(
    r"^\d{10}$",
    _("A KRS number has exactly ten digits."),
    code="invalid_krs",
)
validate_teryt_voivodeship = RegexValidator(
    r"^\d{2}$", _("A voivodeship TERYT code has two digits."), code="invalid_teryt"
)
validate_teryt_municipality = RegexValidator(
    r"^\d{7}$",
    _("A municipality TERYT code has seven digits."),
    code="invalid_teryt",
)


def compact_nip(value: str) -> str:
    """NIP without separators (``123-456-32-18`` → ``1234563218``)."""
    return nip.compact(value) if value else value


def compact_regon(value: str) -> str:
    return regon.compact(value) if value else value
