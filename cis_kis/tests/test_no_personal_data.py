"""No personal data leaves the unit (the "trust" issue, DESIGN section 3).

With participants recorded in units of A's voivodeship (PESEL, surnames,
dates of birth, one person with a passport instead), every URL of the access
matrix is fetched by an official of that voivodeship, an official of another
one and a ministry analyst, every list also as its CSV and XLSX export, and
every answer is searched, decoded (XLSX with openpyxl, PDF with pypdf), for
any participant's PESEL, surname, document number or date of birth (as
YYYY-MM-DD, DD.MM.YYYY and in words, as the pages write dates). The same
search over the answers to the unit's own staff must find them: the search
is shown to work on every format.
"""

from __future__ import annotations

import datetime
import io
from typing import Any
from urllib.parse import urlsplit

import openpyxl
import pytest
from django.test import Client
from django.urls import resolve
from django.utils import formats, translation
from django_tables2.export.views import ExportMixin
from pypdf import PdfReader
from pypdf.errors import PyPdfError

from accounts.models import User
from cis_kis.tests.test_access_matrix import MATRIX, world  # noqa: F401 - fixture
from participants.constants import ExitReason, Outcome
from participants.models import Participant
from participants.services import (
    participation_admit,
    participation_exit,
    participation_not_admit,
)
from participants.tests.factories import make_pesel
from participants.tests.test_services import ipzs, refer, register

pytestmark = pytest.mark.django_db
D = datetime.date
OUTSIDERS = ("official_a", "official_other", "analyst")
EXPORTS = ("csv", "xlsx")


@pytest.fixture
def people(world, staff_a, staff_b, unit_a, unit_b):  # noqa: F811 - fixture
    """Besides the two people of the matrix's world: three more in unit A (in
    the programme, left, not admitted and without PESEL) and one in unit B,
    so that every count and list of the voivodeship has rows. The users get
    fixed names, so that no random name is taken for a participant's."""
    User.objects.update(full_name="Użytkownik Testowy")
    active = refer(
        staff_a,
        register(
            staff_a,
            unit_a,
            first_name="Maria",
            last_name="Wiśniewska",
            pesel=make_pesel(D(1990, 11, 23), "F", 3),
        ),
        on=D(2025, 4, 1),
    )
    active = participation_admit(
        actor=staff_a, participation=active, admitted_on=D(2025, 4, 7)
    )
    ipzs(staff_a, active, ends_on=D(2026, 3, 31))
    left = refer(
        staff_a,
        register(
            staff_a,
            unit_a,
            first_name="Piotr",
            last_name="Zalewski",
            pesel=make_pesel(D(1968, 7, 9), "M", 4),
        ),
        on=D(2024, 9, 2),
        primary="homeless",
        issued_by="ops",
    )
    participation_admit(actor=staff_a, participation=left, admitted_on=D(2024, 9, 9))
    participation_exit(
        actor=staff_a,
        participation=left,
        exited_on=D(2025, 8, 29),
        reason=ExitReason.EMPLOYMENT,
        outcome=Outcome.OPEN_MARKET,
    )
    refused = refer(
        staff_a,
        register(
            staff_a,
            unit_a,
            first_name="Olena",
            last_name="Dąbrowska",
            pesel="",
            birth_date=D(1985, 1, 30),
            sex="F",
            document_type="passport",
            document_number="FX1234567",
        ),
        on=D(2025, 5, 5),
        primary="refugee",
        issued_by="ops",
    )
    participation_not_admit(
        actor=staff_a, participation=refused, reason="Nie zgłosiła się."
    )
    other = refer(
        staff_b,
        register(
            staff_b,
            unit_b,
            first_name="Tomasz",
            last_name="Kaczmarczyk",
            pesel=make_pesel(D(1992, 9, 14), "M", 5),
        ),
        on=D(2025, 2, 3),
    )
    participation_admit(actor=staff_b, participation=other, admitted_on=D(2025, 2, 10))
    return world


def dates_shown(day: datetime.date) -> set[str]:
    """A date as YYYY-MM-DD and DD.MM.YYYY, and as the pages write it in
    words in each language ("17 maja 1980", "17 May 1980")."""
    shown = {day.isoformat(), day.strftime("%d.%m.%Y")}
    for language in ("pl", "en"):
        with translation.override(language):
            shown.add(formats.date_format(day, "DATE_FORMAT"))
    return shown


def secrets() -> dict[str, str]:
    """Every identifying value of every participant, by what it is."""
    found: dict[str, str] = {}
    for person in Participant.objects.all():
        assert person.birth_date
        assert person.last_name
        found[person.last_name] = f"surname of participant {person.pk}"
        for shown in dates_shown(person.birth_date):
            found[shown] = f"birth date of {person.pk}"
        if person.pesel:
            found[person.pesel] = f"PESEL of {person.pk}"
        if person.document_number:
            found[person.document_number] = f"document of {person.pk}"
    return found


def _cell(value: Any) -> str:
    if isinstance(value, datetime.datetime | datetime.date):
        return f"{value:%Y-%m-%d} {value:%d.%m.%Y}"
    return "" if value is None else str(value)


def readable(content: bytes) -> tuple[str, str]:
    """The text of an answer and its kind: XLSX cells, PDF text, else the
    decoded bytes (HTML, CSV, JSON)."""
    if content.startswith(b"PK\x03\x04"):
        workbook = openpyxl.load_workbook(io.BytesIO(content))
        cells = [
            _cell(value)
            for sheet in workbook.worksheets
            for row in sheet.iter_rows(values_only=True)
            for value in row
        ]
        return "\n".join(cells), "xlsx"
    if content.startswith(b"%PDF"):
        try:
            reader = PdfReader(io.BytesIO(content))
            text = "\n".join(page.extract_text() for page in reader.pages)
        except (PyPdfError, ValueError, KeyError):
            # Not a PDF that can be read (a stand-in scan): its bytes.
            return content.decode("latin-1"), "bytes"
        return text, "pdf"
    return content.decode("utf-8", errors="replace"), "text"


def leaks(text: str, known: dict[str, str]) -> list[str]:
    """The values found in the text; also across line breaks a PDF adds."""
    squeezed = "".join(text.split())
    return sorted(
        what
        for value, what in known.items()
        if value in text or "".join(value.split()) in squeezed
    )


def body(response: Any) -> bytes:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)
    return response.content


def is_list(url: str) -> bool:
    view = resolve(urlsplit(url).path).func
    return issubclass(getattr(view, "view_class", object), ExportMixin)


def answers(user: Any, paths: dict[str, str]) -> list[tuple[str, int, str, str]]:
    """(what, status, kind, text) of every URL, and of every list's exports."""
    result = []
    client = Client()
    client.force_login(user)
    for name, url in paths.items():
        targets = [(name, url)]
        if is_list(url):
            joiner = "&" if "?" in url else "?"
            targets += [
                (f"{name} {fmt}", f"{url}{joiner}_export={fmt}") for fmt in EXPORTS
            ]
        for what, target in targets:
            response = client.get(target)
            text, kind = readable(body(response))
            result.append((what, response.status_code, kind, text))
    return result


@pytest.fixture
def paths(people):
    return {name: path.format(**people) for name, (path, _g, _p) in MATRIX.items()}


@pytest.mark.parametrize("role", OUTSIDERS)
def test_no_page_export_or_pdf_shows_a_participants_data(request, paths, role):
    known = secrets()
    # 6 people: 5 PESEL, 1 passport, 6 surnames, 4 forms of 6 dates of birth.
    assert len(known) == 36
    found = []
    seen: dict[str, tuple[int, str]] = {}
    for what, status, kind, text in answers(request.getfixturevalue(role), paths):
        seen[what] = (status, kind)
        found += [(what, leak) for leak in leaks(text, known)]
    assert found == []
    # The walk reached the pages that hold counts and documents, in each
    # format: it did not pass only for answering 404 or the log-in page.
    reached = {what for what, (status, _kind) in seen.items() if status == 200}
    assert {
        "home",
        "units:list",
        "units:list csv",
        "units:list xlsx",
        "units:application_list csv",
        "units:application_list xlsx",
        "units:kis_notification_list xlsx",
        "units:founding_body_list xlsx",
        "register:index xlsx",
        "register:export_csv",
    } <= reached
    if role != "official_other":
        assert {"units:detail", "units:decision_pdf", "units:application_detail"} <= (
            reached
        )
        assert seen["units:decision_pdf"] == (200, "pdf")
    assert seen["units:list xlsx"][1] == "xlsx"


def test_the_search_finds_the_data_where_the_unit_sees_it(paths, staff_a):
    """The unit's own staff see their participants in every format, so the
    search above would have found a leak: HTML, CSV, XLSX, JSON and PDF."""
    known = secrets()
    by_page = {
        what: (status, kind, set(leaks(text, known)))
        for what, status, kind, text in answers(staff_a, paths)
    }
    anna = Participant.objects.get(last_name="Kowalska")
    anna_data = {
        f"surname of participant {anna.pk}",
        f"birth date of {anna.pk}",
        f"PESEL of {anna.pk}",
    }
    assert by_page["participants:detail"][:2] == (200, "text")
    assert by_page["participants:detail"][2] >= anna_data
    for fmt in EXPORTS:
        status, kind, found = by_page[f"participants:list {fmt}"]
        assert (status, kind) == (200, "text" if fmt == "csv" else "xlsx")
        # Unit A's five people, not unit B's.
        assert {what for what in found if what.startswith("surname")} == {
            f"surname of participant {person.pk}"
            for person in Participant.objects.filter(unit__name="CIS A")
        }
    status, kind, found = by_page["participants:programme_pdf"]
    assert (status, kind) == (200, "pdf")
    assert f"surname of participant {anna.pk}" in found
