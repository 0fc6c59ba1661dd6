"""Every allowance URL against every role (access_matrix_allowances.py)."""

import datetime

import pytest

from cis_kis.tests.access import ROLES, matrix_failures
from programs.services.allowances import allowance_month_approve, allowance_month_open
from programs.tasks_allowances import render_allowance_pdf_task
from programs.tests.access_matrix_allowances import MATRIX
from programs.tests.allowance_fixtures import attendance, participation

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def world(request, settings, tmp_path, unit_a, manager_a):
    """Unit A with a draft month (February 2026) and an approved one (March
    2026, its PDFs rendered)."""
    settings.MEDIA_ROOT = tmp_path
    for role in ROLES[1:]:
        request.getfixturevalue(role)
    person = participation(unit_a, last_name="Kowalska")
    attendance(person, D(2026, 3, 1), workdays=(2, 3))
    draft = allowance_month_open(unit=unit_a, month=D(2026, 2, 1), actor=manager_a)
    approved = allowance_month_open(unit=unit_a, month=D(2026, 3, 1), actor=manager_a)
    allowance_month_approve(allowance_month=approved, actor=manager_a)
    for kind in ("payroll", "refund"):
        render_allowance_pdf_task.call(approved.pk, kind)
    return {
        "draft_month": draft.pk,
        "approved_month": approved.pk,
        "draft_row": draft.allowances.get().pk,
    }


def test_allowance_matrix(request, world):
    assert matrix_failures(request, MATRIX, world) == []
