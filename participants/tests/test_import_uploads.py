"""The upload pages of the imports (participants/views_imports.py) and the
imports in the administration site (participants/admin_imports.py): upload,
check in the background, preview, confirmation, result; tasks run at once."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.utils import timezone, translation

from accounts.constants import MembershipRole
from accounts.tests.factories import MembershipFactory
from participants.constants_imports import ImportKind, ImportState
from participants.models import AccessLog, Participant, Participation
from participants.models_imports import ImportJob
from participants.services.imports import import_job_check, import_job_create
from participants.tests.factories import make_pesel
from units.models import Unit

pytestmark = pytest.mark.django_db

D = datetime.date
PESEL_A = make_pesel(D(1980, 5, 17), "F", 1)
PESEL_B = make_pesel(D(1975, 11, 2), "M", 2)
HEADER = (
    "unit_registry_id,participant_ref,pesel,first_name,last_name,birth_date,sex,"
    "primary_exclusion_ground,referred_by,admitted_on,exited_on,exit_reason"
)
UNITS_HEADER = "registry_id,kind,name,voivodeship,founder_name,founder_type,opened_on"


def participants_file(unit, *extra, name="participants.csv"):
    lines = [
        HEADER,
        f"{unit.registry_id},P-1,{PESEL_A},Anna,Kowalska,1980-05-17,F,homeless,ops,"
        "2025-03-10,,",
        f"{unit.registry_id},P-2,{PESEL_B},Jan,Nowak,1975-11-02,M,homeless,ops,"
        "2024-06-03,2025-01-31,employment",
        *extra,
    ]
    return SimpleUploadedFile(name, ("\n".join(lines) + "\n").encode())


def upload(client, url, file, capture):
    with capture(execute=True):
        return client.post(url, {"file": file})


@pytest.fixture
def capture(django_capture_on_commit_callbacks):
    return django_capture_on_commit_callbacks


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def client_for(client_for, settings):
    """Clients in English: a check writes its messages in the uploader's
    language, and the Polish catalogue gets the new ones later."""

    def make(user):
        client = client_for(user)
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        return client

    return make


PARTICIPANTS_UPLOAD = "/participants/imports/participants/new/"
UNITS_UPLOAD = "/participants/imports/units/new/"


def test_manager_uploads_previews_confirms_and_imports(
    client_for, manager_a, unit_a, capture
):
    client = client_for(manager_a)

    response = upload(client, PARTICIPANTS_UPLOAD, participants_file(unit_a), capture)

    job = ImportJob.objects.get()
    assert response.status_code == 302
    assert response.url == f"/participants/imports/{job.pk}/"
    assert (job.kind, job.state, job.progress, job.uploaded_by) == (
        "participants",
        "valid",
        100,
        manager_a,
    )
    assert job.unit_ids == [unit_a.pk]
    assert job.file.name.startswith("imports/participants/")
    assert "participants.csv" not in job.file.name  # stored under a random name
    assert job.summary["participations"] == {
        "created": 2,
        "updated": 0,
        "unchanged": 0,
    }
    assert job.summary["persons"] == {"created": 2, "updated": 0, "unchanged": 0}
    assert [(row["line"], row["ref"], row["name"]) for row in job.preview] == [
        (2, "P-1", "Kowalska Anna"),
        (3, "P-2", "Nowak Jan"),
    ]
    assert job.errors == []
    assert not Participation.objects.exists()  # the check writes nothing

    page = client.get(job.get_absolute_url())
    content = page.content.decode()
    assert page.status_code == 200
    assert "Kowalska Anna" in content
    assert f'action="/participants/imports/{job.pk}/confirm/"' in content
    assert '<button type="submit" class="btn btn-primary">' in content  # enabled
    assert list(AccessLog.objects.values_list("unit", "action", "what")) == [
        (unit_a.pk, "view", "import preview: participants.csv")
    ]

    with capture(execute=True):
        response = client.post(f"/participants/imports/{job.pk}/confirm/")

    assert response.status_code == 302
    job.refresh_from_db()
    assert (job.state, job.progress, job.errors) == ("done", 100, [])
    assert job.finished_at is not None
    assert job.summary["participations"] == {
        "created": 2,
        "updated": 0,
        "unchanged": 0,
    }
    assert list(
        Participation.objects.order_by("ref").values_list(
            "ref", "state", "participant__created_by"
        )
    ) == [("P-1", "active", manager_a.pk), ("P-2", "exited", manager_a.pk)]
    assert Participant.history.filter(history_user=manager_a).count() == 2
    assert list(
        AccessLog.objects.filter(action="edit").values_list("unit", "user", "what")
    ) == [(unit_a.pk, manager_a.pk, "import: participants.csv")]

    # Confirmed once: a second confirmation is refused, nothing changes.
    response = client.post(f"/participants/imports/{job.pk}/confirm/")
    assert response.status_code == 400
    assert Participation.objects.count() == 2


def test_errors_are_listed_by_line_and_the_import_cannot_be_confirmed(
    client_for, manager_a, unit_a, unit_b, capture
):
    client = client_for(manager_a)
    bad = [
        f"{unit_a.registry_id},P-3,,Ewa,Zielińska,1988-02-31,F,homeless,ops,"
        "2025-01-06,,",
        # Unit B exists, but manager A does not manage it.
        f"{unit_b.registry_id},B-1,,Ewa,Zielińska,1988-02-28,F,homeless,ops,"
        "2025-01-06,,",
        "NO-SUCH,B-2,,Ewa,Zielińska,1988-02-28,F,homeless,ops,2025-01-06,,",
    ]
    with translation.override("en"):
        upload(client, PARTICIPANTS_UPLOAD, participants_file(unit_a, *bad), capture)

    job = ImportJob.objects.get()
    assert job.state == ImportState.INVALID
    assert job.errors == [
        {
            "line": 4,
            "message": "birth_date: “1988-02-31” value has the correct format "
            "(YYYY-MM-DD) but it is an invalid date.",
        },
        {
            "line": 5,
            "message": f"unit_registry_id: “{unit_b.registry_id}” is not one of "
            "the units you manage.",
        },
        {
            "line": 6,
            "message": "unit_registry_id: “NO-SUCH” is not one of the units you "
            "manage.",
        },
    ]

    page = client.get(job.get_absolute_url())
    content = page.content.decode()
    assert "3 rows with errors" in content
    assert "disabled" in content
    assert "The file has errors: nothing can be imported from it." in content

    response = client.post(f"/participants/imports/{job.pk}/confirm/")
    assert response.status_code == 400
    job.refresh_from_db()
    assert job.state == ImportState.INVALID
    assert not Participation.objects.exists()

    errors = client.get(f"/participants/imports/{job.pk}/errors.csv")
    assert errors["Content-Type"] == "text/csv; charset=utf-8"
    lines = errors.content.decode("utf-8-sig").splitlines()
    assert len(lines) == 4
    assert lines[1].startswith("4,")


def test_errors_are_paginated(client_for, manager_a, unit_a, capture):
    rows = [
        f"{unit_a.registry_id},E-{n},,,,1990-13-01,M,homeless,ops,2025-01-06,,"
        for n in range(60)
    ]
    upload(
        client_for(manager_a),
        PARTICIPANTS_UPLOAD,
        participants_file(unit_a, *rows),
        capture,
    )
    job = ImportJob.objects.get()
    assert len(job.errors) == 60

    client = client_for(manager_a)
    first = client.get(job.get_absolute_url())
    second = client.get(f"{job.get_absolute_url()}?page=2")
    assert first.content.decode().count("<td>4</td>") == 1
    assert "Page 1 of 2" in first.content.decode()
    assert "<td>63</td>" in second.content.decode()
    assert "<td>4</td>" not in second.content.decode()


def test_a_stale_file_is_refused_at_confirmation(
    client_for, manager_a, unit_a, capture
):
    client = client_for(manager_a)
    upload(client, PARTICIPANTS_UPLOAD, participants_file(unit_a), capture)
    job = ImportJob.objects.get()
    assert job.state == ImportState.VALID
    # The stored file changes after its check.
    with open(job.file.path, "ab") as handle:
        handle.write(b"X,Y,,,,1990-01-01,M,homeless,ops,2025-01-06,,\n")

    with capture(execute=True):
        response = client.post(f"/participants/imports/{job.pk}/confirm/")

    assert response.status_code == 400
    assert (
        "The stored file is not the one that was checked; upload it again."
        in response.content.decode()
    )
    job.refresh_from_db()
    assert job.state == ImportState.VALID
    assert not Participation.objects.exists()


def test_another_users_job_is_404(
    client_for, manager_a, staff_a, official_a, admin_user, unit_a, capture
):
    upload(
        client_for(manager_a), PARTICIPANTS_UPLOAD, participants_file(unit_a), capture
    )
    job = ImportJob.objects.get()
    for user in (staff_a, official_a, admin_user):
        client = client_for(user)
        for suffix in ("", "progress/", "errors.csv"):
            assert (
                client.get(f"/participants/imports/{job.pk}/{suffix}").status_code
                == 404
            )
        assert (
            client.post(f"/participants/imports/{job.pk}/confirm/").status_code == 404
        )
    job.refresh_from_db()
    assert job.state == ImportState.VALID


def test_progress_fragment_polls_while_running_and_reloads_when_done(
    client_for, manager_a, unit_a
):
    job = import_job_create(
        actor=manager_a,
        kind=ImportKind.PARTICIPANTS,
        upload=participants_file(unit_a),
    )  # not checked yet: the task runs on commit, which this test never reaches
    client = client_for(manager_a)

    running = client.get(f"/participants/imports/{job.pk}/progress/")
    assert 'hx-trigger="every 2s"' in running.content.decode()
    assert "HX-Refresh" not in running

    ImportJob.objects.filter(pk=job.pk).update(state=ImportState.VALID, progress=100)
    done = client.get(f"/participants/imports/{job.pk}/progress/")
    assert done["HX-Refresh"] == "true"
    assert "hx-trigger" not in done.content.decode()


def test_official_uploads_units_of_their_voivodeship_only(
    client_for, official_a, unit_other, capture
):
    lines = [
        UNITS_HEADER,
        "U-1,CIS,CIS w Radomiu,14,Stowarzyszenie Razem,ngo,2015-03-01",
        "U-2,KIS,KIS w Nowym Targu,12,Gmina Nowy Targ,gmina,2018-01-15",
        # Unit C is registered in małopolskie: moving it is not for official A.
        f"{unit_other.registry_id},KIS,KIS C,14,Gmina X,gmina,2018-01-15",
    ]
    file = SimpleUploadedFile("units.csv", ("\n".join(lines) + "\n").encode())
    with translation.override("en"):
        upload(client_for(official_a), UNITS_UPLOAD, file, capture)

    job = ImportJob.objects.get()
    assert (job.kind, job.state, job.voivodeship_id) == (
        "units",
        "invalid",
        official_a.voivodeship_id,
    )
    assert job.errors == [
        {
            "line": 3,
            "message": "voivodeship: The unit is outside your voivodeship "
            "(mazowieckie).",
        },
        {
            "line": 4,
            "message": f"registry_id: The unit “{unit_other.registry_id}” is "
            "registered in another voivodeship.",
        },
    ]
    assert not Unit.objects.filter(registry_id__in=["U-1", "U-2"]).exists()


def test_official_imports_a_valid_units_file(client_for, official_a, capture):
    lines = [
        UNITS_HEADER,
        "U-1,CIS,CIS w Radomiu,14,Stowarzyszenie Razem,ngo,2015-03-01",
        "U-2,KIS,KIS w Płocku,mazowieckie,Gmina Płock,gmina,2018-01-15",
    ]
    file = SimpleUploadedFile("units.xlsx.csv", ("\n".join(lines) + "\n").encode())
    client = client_for(official_a)
    upload(client, UNITS_UPLOAD, file, capture)
    job = ImportJob.objects.get()
    assert job.state == ImportState.VALID
    assert job.summary["units"] == {"created": 2, "updated": 0, "unchanged": 0}
    assert not Unit.objects.filter(registry_id__startswith="U-").exists()

    with capture(execute=True):
        client.post(f"/participants/imports/{job.pk}/confirm/")

    job.refresh_from_db()
    assert job.state == ImportState.DONE
    assert sorted(
        Unit.objects.filter(registry_id__startswith="U-").values_list(
            "registry_id", "kind"
        )
    ) == [("U-1", "CIS"), ("U-2", "KIS")]


@pytest.mark.parametrize(
    ("name", "content", "code"),
    [
        ("people.txt", b"a,b\n1,2\n", "file_type"),
        ("people.csv", b"\xff\xfe\x00a\x00b", "file_type"),
        ("people.xlsx", b"not a workbook", "file_type"),
        ("people.csv", b"", "empty"),
    ],
)
def test_wrong_files_are_form_errors(client_for, manager_a, name, content, code):
    response = client_for(manager_a).post(
        PARTICIPANTS_UPLOAD, {"file": SimpleUploadedFile(name, content)}
    )
    assert response.status_code == 400
    assert [
        error.code for error in response.context["form"].errors.as_data()["file"]
    ] == [code]
    assert not ImportJob.objects.exists()


def test_an_oversized_file_is_a_form_error(client_for, manager_a, monkeypatch):
    monkeypatch.setattr("participants.forms_imports.MAX_IMPORT_BYTES", 10)
    response = client_for(manager_a).post(
        PARTICIPANTS_UPLOAD, {"file": SimpleUploadedFile("p.csv", HEADER.encode())}
    )
    assert response.status_code == 400
    assert [e.code for e in response.context["form"].errors.as_data()["file"]] == [
        "file_too_large"
    ]


def test_a_malformed_multipart_body_is_a_400(client_for, manager_a):
    response = client_for(manager_a).generic(
        "POST",
        PARTICIPANTS_UPLOAD,
        b'--broken\r\nContent-Disposition: form-data; name="file"\r\n\r\nx',
        content_type="multipart/form-data",  # no boundary
    )
    assert response.status_code == 400
    assert not ImportJob.objects.exists()


def test_job_list_is_the_users_own_in_constant_queries(
    client_for, manager_a, manager_b_factory, django_assert_max_num_queries
):
    other = manager_b_factory()
    for n in range(30):
        for owner in (manager_a, other):
            ImportJob.objects.create(
                kind=ImportKind.PARTICIPANTS,
                uploaded_by=owner,
                original_name=f"file-{owner.pk}-{n}.csv",
                file=f"imports/participants/{n}.csv",
                sha256="0" * 64,
            )
    client = client_for(manager_a)
    with django_assert_max_num_queries(8):
        response = client.get("/participants/imports/?per_page=50")
    assert response.status_code == 200
    content = response.content.decode()
    assert content.count(f"file-{manager_a.pk}-") == 30
    assert f"file-{other.pk}-" not in content


@pytest.fixture
def manager_b_factory(unit_b):
    def make():
        return MembershipFactory(
            user__email="manager.b@example.org",
            unit=unit_b,
            role=MembershipRole.MANAGER,
        ).user

    return make


def test_purge_deletes_old_jobs_and_their_files(manager_a, unit_a, tmp_path):
    old = import_job_create(
        actor=manager_a, kind=ImportKind.PARTICIPANTS, upload=participants_file(unit_a)
    )
    new = import_job_create(
        actor=manager_a, kind=ImportKind.PARTICIPANTS, upload=participants_file(unit_a)
    )
    ImportJob.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=31),
        state=ImportState.DONE,
    )
    path = tmp_path / old.file.name
    assert path.exists()
    out = io.StringIO()

    with translation.override("en"):
        call_command("purge_import_jobs", stdout=out)

    assert list(ImportJob.objects.values_list("pk", flat=True)) == [new.pk]
    assert out.getvalue().strip() == "Import files deleted: 1."
    # The file goes once the deletion is committed.


def test_purge_refuses_a_bad_number_of_days():
    with translation.override("en"), pytest.raises(CommandError) as exc:
        call_command("purge_import_jobs", "--days", "0")
    assert str(exc.value) == "--days must be a whole number of at least 1."


# --- the administration site -------------------------------------------------


def test_admin_imports_participants_of_any_unit_with_access_log(
    client_for, admin_user, unit_a, unit_other, capture
):
    client = client_for(admin_user)
    extra = f"{unit_other.registry_id},K-1,,,,1990-01-02,M,homeless,self,2025-05-05,,"
    changelist = client.get("/admin/participants/participation/")
    assert 'href="/admin/participants/participation/import/"' in (
        changelist.content.decode()
    )

    with capture(execute=True):
        response = client.post(
            "/admin/participants/participation/import/",
            {"file": participants_file(unit_a, extra)},
        )

    job = ImportJob.objects.get()
    assert response.status_code == 302
    assert response.url == f"/admin/participants/participation/import/{job.pk}/"
    assert (job.state, job.administration) == ("valid", True)
    assert job.summary["participations"]["created"] == 3
    page = client.get(response.url)
    assert page.status_code == 200
    assert list(
        AccessLog.objects.filter(what__contains="import preview")
        .order_by("unit")
        .values_list("unit", "user", "action")
    ) == sorted(
        [(unit_a.pk, admin_user.pk, "view"), (unit_other.pk, admin_user.pk, "view")]
    )

    with capture(execute=True):
        client.post(response.url)

    job.refresh_from_db()
    assert job.state == ImportState.DONE
    # Written by the system, as by the command.
    assert list(
        Participation.objects.order_by("ref").values_list(
            "ref", "participant__created_by"
        )
    ) == [("K-1", None), ("P-1", None), ("P-2", None)]
    what = "administration site, import: participants.csv"
    assert list(
        AccessLog.objects.filter(action="edit")
        .order_by("unit")
        .values_list("unit", "user", "what")
    ) == sorted(
        [(unit_a.pk, admin_user.pk, what), (unit_other.pk, admin_user.pk, what)]
    )

    # Idempotent: the same file again changes nothing.
    with capture(execute=True):
        client.post(
            "/admin/participants/participation/import/",
            {"file": participants_file(unit_a, extra)},
        )
    again = ImportJob.objects.latest("pk")
    assert again.summary["participations"] == {
        "created": 0,
        "updated": 0,
        "unchanged": 3,
    }


def test_admin_imports_units_and_lists_errors(client_for, admin_user, capture):
    client = client_for(admin_user)
    form = client.get("/admin/units/unit/import/")
    assert form.status_code == 200
    assert 'enctype="multipart/form-data"' in form.content.decode()
    assert client.post("/admin/units/unit/import/", {}).status_code == 400
    lines = [
        UNITS_HEADER,
        "A-1,CIS,CIS w Radomiu,14,Stowarzyszenie Razem,ngo,2015-03-01",
        "A-2,KIS,KIS w Krakowie,12,Gmina Kraków,gmina,2018-13-15",
    ]
    file = SimpleUploadedFile("units.csv", ("\n".join(lines) + "\n").encode())
    with capture(execute=True):
        response = client.post("/admin/units/unit/import/", {"file": file})
    job = ImportJob.objects.get()
    assert job.state == ImportState.INVALID
    assert job.errors == [
        {
            "line": 3,
            "message": "opened_on: “2018-13-15” value has the correct format "
            "(YYYY-MM-DD) but it is an invalid date.",
        }
    ]
    assert client.post(response.url).status_code == 400

    lines[2] = lines[2].replace("2018-13-15", "2018-12-15")
    file = SimpleUploadedFile("units.csv", ("\n".join(lines) + "\n").encode())
    with capture(execute=True):
        response = client.post("/admin/units/unit/import/", {"file": file})
    with capture(execute=True):
        client.post(response.url)
    assert ImportJob.objects.latest("pk").state == ImportState.DONE
    assert sorted(
        Unit.objects.filter(registry_id__startswith="A-").values_list(
            "registry_id", "voivodeship__teryt"
        )
    ) == [("A-1", "14"), ("A-2", "12")]


def test_admin_import_pages_are_for_administrators_only(
    client_for, official_a, manager_a
):
    for user in (None, official_a, manager_a):
        response = client_for(user).get("/admin/units/unit/import/")
        assert response.status_code == 302
        assert response.url.startswith("/admin/login/")


@pytest.mark.parametrize(
    "query",
    [
        "?kind=nope",
        "?state=%00",
        "?sort=nope",
        "?sort=-nope__x",
        "?page=abc",
        "?page=-1",
        "?per_page=-5",
        "?per_page=99999999999999999999",
        "?q=" + "x" * 5000,
        "?q=%00",
    ],
)
def test_malformed_list_parameters_are_not_errors(client_for, manager_a, query):
    response = client_for(manager_a).get("/participants/imports/" + query)
    assert response.status_code < 500


@pytest.mark.parametrize("page_number", ["abc", "-1", "0", "99999", "%00"])
def test_malformed_error_pages_show_a_page(
    client_for, manager_a, unit_a, capture, page_number
):
    bad = f"{unit_a.registry_id},E-1,,,,1990-13-01,M,homeless,ops,2025-01-06,,"
    upload(
        client_for(manager_a),
        PARTICIPANTS_UPLOAD,
        participants_file(unit_a, bad),
        capture,
    )
    job = ImportJob.objects.get()
    response = client_for(manager_a).get(f"{job.get_absolute_url()}?page={page_number}")
    assert response.status_code == 200
    assert "<td>4</td>" in response.content.decode()


def test_an_unexpected_failure_does_not_leave_the_job_running(
    manager_a, unit_a, monkeypatch
):
    job = import_job_create(
        actor=manager_a, kind=ImportKind.PARTICIPANTS, upload=participants_file(unit_a)
    )

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr("participants.services.imports._check_participants", broken)
    with translation.override("en"), pytest.raises(RuntimeError):
        import_job_check(job_id=job.pk)

    job.refresh_from_db()
    assert (job.state, job.progress, job.message) == (
        "failed",
        100,
        "The check failed unexpectedly; nothing was imported.",
    )
    assert not job.running
