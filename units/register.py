"""The public register of CIS and KIS: what anyone may read without logging in.

Only facts about units, founding bodies and decisions leave through here; no
user, no decision reasoning, no participant (DESIGN section 3). The list, the
detail page and both CSV exports read the same annotated queryset, so they
cannot disagree about a centre's status or its decision.

The UW CIS 01 layout follows the variables of the statistical data set
"UW CIS 01 – dane dotyczące jednostek organizacyjnych, którym nadano status
centrum integracji społecznej" (form.stat.gov.pl, data set 1028), as far as
the model keeps them: the centre's seat (voivodeship, county, municipality,
address), its state of activity, start and end dates, the founder's name,
seat, REGON, NIP, KRS and type. Contact data (phone, fax, e-mail) are left
out because this export is public and those fields may name an employee; the
centre's own REGON is not kept by the model yet.
"""

from __future__ import annotations

import csv
import datetime
from collections.abc import Iterable, Sequence
from typing import Protocol

from django.db.models import OuterRef, Prefetch, QuerySet, Subquery

from units.constants import CisStatus, DecisionKind, FounderType, UnitKind
from units.constants_kis import KisNotificationKind, KisNotificationState
from units.models import KisNotification, StatusDecision, Unit, Voivodeship

# The decisions whose number and date the register shows for a centre.
TERM_DECISIONS = (DecisionKind.GRANT, DecisionKind.EXTENSION)

# Only these fields of a decision are public; reasoning, ruling, legal basis
# and the issuing official are never loaded for the register.
PUBLIC_DECISION_FIELDS = (
    "pk",
    "unit",
    "number",
    "kind",
    "issued_on",
    "valid_until",
    "loss_ground",
)

# Header of the register CSV: stable, machine-friendly Polish names.
REGISTER_CSV_COLUMNS = (
    "id",
    "nazwa",
    "rodzaj",
    "województwo",
    "gmina",
    "adres",
    "podmiot_tworzący",
    "typ_podmiotu_tworzącego",
    "status_cis",
    "status_ważny_do",
    "numer_decyzji",
    "data_decyzji",
    "data_otwarcia",
    "data_zamknięcia",
    "data_wpisu_kis",
)

# Header of the UW CIS 01 export (see the module docstring).
UW_CIS_01_COLUMNS = (
    "województwo_teryt",
    "województwo",
    "powiat_teryt",
    "gmina",
    "gmina_teryt",
    "nazwa_centrum",
    "adres_siedziby",
    "nazwa_instytucji_tworzącej",
    "adres_instytucji_tworzącej",
    "regon_instytucji_tworzącej",
    "nip_instytucji_tworzącej",
    "krs_instytucji_tworzącej",
    "rodzaj_instytucji_tworzącej",
    "grupa_instytucji_tworzącej",
    "data_nadania_statusu",
    "status_ważny_do",
    "data_rozpoczęcia",
    "data_zakończenia",
    "aktywny",
)


class Writable(Protocol):
    def write(self, text: str, /) -> object: ...


def register_unit_list(*, day: datetime.date) -> QuerySet[Unit]:
    """Every CIS and KIS with its status on `day` and its latest term decision.

    Annotations: `cis_status`, `status_valid_until` (units.status),
    `decision_number` and `decision_issued_on` (the latest grant or extension
    issued by `day`), `status_granted_on` (the first grant) and, for a KIS,
    `kis_entered_on` (its entry into the register of KIS, art. 18a ust. 2;
    empty for clubs founded before the register existed).
    """
    term = StatusDecision.objects.filter(
        unit=OuterRef("pk"), kind__in=TERM_DECISIONS, issued_on__lte=day
    ).order_by("-issued_on", "-pk")
    first_grant = StatusDecision.objects.filter(
        unit=OuterRef("pk"), kind=DecisionKind.GRANT, issued_on__lte=day
    ).order_by("issued_on", "pk")
    kis_entry = KisNotification.objects.filter(
        unit=OuterRef("pk"),
        kind=KisNotificationKind.FOUNDING,
        state=KisNotificationState.ENTERED,
        entered_on__lte=day,
    ).order_by("entered_on", "pk")
    return (
        Unit.objects.with_status(day)
        .select_related("voivodeship", "founding_body")
        .annotate(
            decision_number=Subquery(term.values("number")[:1]),
            decision_issued_on=Subquery(term.values("issued_on")[:1]),
            status_granted_on=Subquery(first_grant.values("issued_on")[:1]),
            kis_entered_on=Subquery(kis_entry.values("entered_on")[:1]),
        )
        .order_by("name", "pk")
    )


def register_unit_detail_queryset(*, day: datetime.date) -> QuerySet[Unit]:
    """The register's units with their decisions (public fields only) in
    `public_decisions`, oldest first."""
    decisions = (
        StatusDecision.objects.only(*PUBLIC_DECISION_FIELDS)
        .filter(issued_on__lte=day)
        .order_by("issued_on", "pk")
    )
    return register_unit_list(day=day).prefetch_related(
        Prefetch("status_decisions", queryset=decisions, to_attr="public_decisions")
    )


def register_cis_list(
    *, day: datetime.date, voivodeship: Voivodeship | None = None
) -> QuerySet[Unit]:
    """The centres (CIS only) for the UW CIS 01 export, by voivodeship and name."""
    units = register_unit_list(day=day).filter(kind=UnitKind.CIS)
    if voivodeship is not None:
        units = units.filter(voivodeship=voivodeship)
    return units.order_by("voivodeship__teryt", "name", "pk")


def _date(value: datetime.date | None) -> str:
    return value.isoformat() if value else ""


def register_csv_row(unit: Unit) -> list[str]:
    """One row of the register CSV for a unit of `register_unit_list`.

    Enumerations come out as labels in the active language, as on the page;
    the status columns are empty for a KIS, which has no status.
    """
    is_cis = unit.kind == UnitKind.CIS
    body = unit.founding_body
    return [
        str(unit.pk),
        unit.name,
        unit.kind,
        unit.voivodeship.name,
        unit.municipality,
        unit.address,
        body.name,
        str(FounderType(body.founder_type).label),
        str(CisStatus(unit.cis_status).label) if is_cis else "",
        _date(unit.status_valid_until) if is_cis else "",
        unit.decision_number or "",
        _date(unit.decision_issued_on),
        _date(unit.opened_on),
        _date(unit.closed_on),
        _date(unit.kis_entered_on),
    ]


def uw_cis_01_row(unit: Unit) -> list[str]:
    """One row of the UW CIS 01 export for a centre of `register_cis_list`.

    Founder type and group are codes (those of `import_units`), `aktywny` is
    1 when the status is active on the day of the queryset, else 0.
    """
    body = unit.founding_body
    return [
        unit.voivodeship.teryt,
        unit.voivodeship.name,
        unit.municipality_teryt[:4],
        unit.municipality,
        unit.municipality_teryt,
        unit.name,
        unit.address,
        body.name,
        body.address,
        body.regon,
        body.nip,
        body.krs,
        body.founder_type,
        str(body.founder_group.value),
        _date(unit.status_granted_on),
        _date(unit.status_valid_until),
        _date(unit.opened_on),
        _date(unit.closed_on),
        "1" if unit.cis_status == CisStatus.ACTIVE else "0",
    ]


def write_csv(
    out: Writable, header: Sequence[str], rows: Iterable[Sequence[str]]
) -> None:
    """Write a CSV that Excel opens as UTF-8: a byte-order mark, `;` between
    cells (the list separator of Polish Excel), CRLF line ends."""
    out.write("\ufeff")
    writer = csv.writer(out, delimiter=";")
    writer.writerow(header)
    writer.writerows(rows)
