"""Every upload page of the imports against every role
(participants/tests/access_matrix_imports.py)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from cis_kis.tests.access import ROLES, matrix_failures
from participants.constants_imports import ImportKind, ImportState
from participants.services.imports import import_job_create
from participants.tests.access_matrix_imports import MATRIX

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(request, settings, tmp_path, django_capture_on_commit_callbacks):
    """Manager A's participants file, checked: it names a unit that does not
    exist, so it has errors."""
    settings.MEDIA_ROOT = tmp_path
    for role in ROLES[1:]:
        request.getfixturevalue(role)
    manager = request.getfixturevalue("manager_a")
    content = (
        b"unit_registry_id,participant_ref,birth_date,sex,"
        b"primary_exclusion_ground,admitted_on\n"
        b"NO-SUCH-UNIT,P-1,1980-05-17,F,homeless,2025-03-10\n"
    )
    with django_capture_on_commit_callbacks(execute=True):
        job = import_job_create(
            actor=manager,
            kind=ImportKind.PARTICIPANTS,
            upload=SimpleUploadedFile("participants.csv", content),
        )
    job.refresh_from_db()
    assert job.state == ImportState.INVALID
    return {"job": job.pk}


def test_every_role_gets_exactly_the_expected_answer(request, world):
    assert matrix_failures(request, MATRIX, world) == []
