"""Every page of the unit annual reports against every role
(reporting/tests/access_matrix_reports.py)."""

import datetime
import io

import openpyxl
import pytest
from django.test import Client
from pypdf import PdfReader

from cis_kis.tests.access import ROLES, matrix_failures
from reporting import services
from reporting.models import UnitAnnualReport
from reporting.tests.access_matrix_reports import MATRIX
from reporting.tests.reports_helpers import stint, submitted_report

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(request, settings, tmp_path, django_capture_on_commit_callbacks, unit_a):
    """Unit A's submitted report for 2024 (its PDF rendered) and its draft
    for 2025, with a participant behind the figures."""
    settings.MEDIA_ROOT = tmp_path
    for role in ROLES[1:]:
        request.getfixturevalue(role)
    manager = request.getfixturevalue("manager_a")
    stint(unit_a, admitted=datetime.date(2024, 2, 1))
    with django_capture_on_commit_callbacks(execute=True):
        submitted = submitted_report(manager, unit_a, 2024)
    draft = services.report_open(actor=manager, unit=unit_a, year=2025)
    return {"submitted": submitted.pk, "draft": draft.pk}


def test_every_role_gets_exactly_the_expected_answer(request, world):
    assert UnitAnnualReport.objects.get(pk=world["submitted"]).pdf
    assert matrix_failures(request, MATRIX, world) == []


def _texts(response) -> str:
    """What a person could read in the answer: the page, the CSV, the text of
    the XLSX cells and of the PDF's pages."""
    content = (
        b"".join(response.streaming_content) if response.streaming else response.content
    )
    kind = response.get("Content-Type", "")
    if kind.startswith("application/pdf"):
        return "\n".join(
            page.extract_text() for page in PdfReader(io.BytesIO(content)).pages
        )
    if "spreadsheet" in kind:
        book = openpyxl.load_workbook(io.BytesIO(content))
        return "\n".join(
            str(cell.value)
            for sheet in book.worksheets
            for row in sheet.iter_rows()
            for cell in row
            if cell.value is not None
        )
    return content.decode("utf-8", "replace")


@pytest.mark.parametrize("role", ["official_a", "official_other", "analyst", "staff_a"])
def test_no_personal_data_in_any_report_page(request, world, unit_a, role):
    """Officials and analysts get counts only; so does the unit itself: a
    report never holds a participant's name, PESEL or date of birth."""
    # First names no user of the fixtures can have (their names come from
    # Faker, and a submitter's name is rightly on the officials' pages).
    people = [
        stint(
            unit_a,
            admitted=datetime.date(2024, 5, 6),
            last_name=last,
            first_name=first,
        )
        for last, first in (("Przybylska", "Eudoksja"), ("Sobczak", "Scholastyka"))
    ]
    markers = []
    for participation in people:
        person = participation.participant
        born = person.birth_date
        markers += [
            person.last_name,
            person.first_name,
            person.pesel,
            born.isoformat(),
            born.strftime("%d.%m.%Y"),
        ]
    client = Client()
    client.force_login(request.getfixturevalue(role))
    paths = [path.format(**world) for path, *_answers in MATRIX.values()]
    paths += [
        f"{list_path}?_export={export}"
        for list_path in (
            "/reports/unit-reports/review/",
            "/reports/unit-reports/missing/",
        )
        for export in ("csv", "xlsx")
    ]
    seen = 0
    for path in paths:
        response = client.get(path)
        if response.status_code != 200:
            continue
        seen += 1
        text = _texts(response)
        found = [marker for marker in markers if marker in text]
        assert found == [], (path, found)
    assert seen >= 4
    if role == "staff_a":
        # The search does find a person where the unit's staff may see them.
        assert "Przybylska" in _texts(client.get("/participants/"))
