"""Every statistics URL against every role (reporting/tests/
access_matrix_statistics.py), plus further scopes of the same views."""

import pytest
from django.core.files.base import ContentFile

from cis_kis.tests.access import ROLES, matrix_failures
from reporting.constants import JobState, ScopeKind
from reporting.models import ReportJob
from reporting.tests.access_matrix_statistics import EXTRA_CASES, MATRIX

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(request, settings, tmp_path, unit_a, unit_other, analyst):
    settings.MEDIA_ROOT = tmp_path
    for role in ROLES[1:]:
        request.getfixturevalue(role)
    job = ReportJob.objects.create(
        scope=ScopeKind.UNIT,
        unit=unit_a,
        year=2025,
        requested_by=analyst,
        state=JobState.DONE,
        progress=100,
    )
    job.file.save("a.pdf", ContentFile(b"%PDF-1.4 report"))
    other = ReportJob.objects.create(
        scope=ScopeKind.UNIT, unit=unit_other, year=2025, requested_by=analyst
    )
    national = ReportJob.objects.create(
        scope=ScopeKind.NATIONAL, year=2025, requested_by=analyst
    )
    comparison = ReportJob.objects.create(
        scope=ScopeKind.NATIONAL, year=2024, to_year=2025, requested_by=analyst
    )
    return {
        "job_comparison": comparison.pk,
        "unit": unit_a.pk,
        "unit_other": unit_other.pk,
        "job": job.pk,
        "job_other": other.pk,
        "job_national": national.pk,
    }


def test_every_role_gets_exactly_the_expected_answer(request, world):
    assert matrix_failures(request, MATRIX, world) == []


def test_further_scopes(request, world):
    assert matrix_failures(request, EXTRA_CASES, world) == []
