"""The statistics dashboard, its charts and downloads, and the PDF made by a
report job (tasks run at once in the tests)."""

import io
import re
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from reporting.constants import JobState, ScopeKind
from reporting.models import ReportJob
from reporting.statistics import StatisticsScope
from reporting.statistics.cache import cache_key
from reporting.tasks_statistics import report_job_request
from reporting.tests.statistics_factories import (
    build_world,
    make_participation,
    make_person,
)

pytestmark = pytest.mark.django_db


def english(client):
    client.cookies["django_language"] = "en"
    return client


@pytest.fixture
def world(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return build_world()


def test_analyst_sees_the_national_dashboard(client_for, analyst, world):
    response = english(client_for(analyst)).get("/reports/statistics/?year=2025")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Statistics 2025: Poland" in html
    assert (
        '<caption class="visually-hidden">Participants by primary ground of '
        "exclusion</caption>" in html
    )
    assert (
        'src="/reports/statistics/charts/participants_by_sex.svg?year=2025&amp;'
        'scope=national"' in html
    )
    assert 'alt="Bar chart: Participants by sex.' in html
    # National level: nothing suppressed.
    assert "&lt;3" not in html
    assert "<script" not in html.split("</head>")[1]
    assert " style=" not in html


def test_default_scope_of_each_role(client_for, world, official_a, staff_a, unit_a):
    official = english(client_for(official_a)).get("/reports/statistics/?year=2025")
    staff = english(client_for(staff_a)).get("/reports/statistics/")
    assert "Statistics 2025: Voivodeship mazowieckie" in official.content.decode()
    # A small voivodeship: counts of persons below 3 withheld.
    assert "&lt;3" in official.content.decode()
    assert f'<option value="u{world["u1"].pk}"' in official.content.decode()
    assert "CIS A</h1>" in staff.content.decode() or "CIS A" in staff.content.decode()


def test_chart_is_svg_without_script_or_style(client_for, analyst, world):
    response = client_for(analyst).get(
        "/reports/statistics/charts/participants_by_primary_ground.svg?year=2025"
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
    svg = response.content.decode()
    assert "<svg" in svg
    assert "<script" not in svg
    assert "<style" not in svg
    # A table without a chart, and one that does not exist.
    client = client_for(analyst)
    assert client.get("/reports/statistics/charts/finance.svg").status_code == 404
    assert client.get("/reports/statistics/charts/nothing.svg").status_code == 404


def test_bad_year(client_for, analyst, world):
    client = client_for(analyst)
    response = client.get("/reports/statistics/?year=1900")
    assert response.status_code == 400
    assert response.context["form"].has_error("year", "invalid_choice")
    assert client.get("/reports/statistics/?year=abc").status_code == 400
    assert client.get("/reports/statistics/statistics.json?year=abc").status_code == (
        404
    )
    assert (
        client.get(
            "/reports/statistics/tables/participants_by_sex.csv?year=1900"
        ).status_code
        == 404
    )


def test_dashboard_queries_do_not_grow_with_the_data(
    client_for, analyst, world, django_assert_max_num_queries, settings
):
    settings.STATISTICS_CACHE_SECONDS = 0  # count on every request
    client = client_for(analyst)
    client.get("/reports/statistics/?year=2025")
    with django_assert_max_num_queries(18) as before:
        client.get("/reports/statistics/?year=2025&scope=v14")
    for _ in range(40):
        make_participation(
            make_person(world["u1"]), admitted_on=world["p1"].admitted_on
        )
    with django_assert_max_num_queries(len(before.captured_queries)):
        client.get("/reports/statistics/?year=2025&scope=v14")


def test_no_personal_data_for_officials_and_analysts(
    client_for, analyst, official_a, world
):
    """PESEL, surnames and birth dates of the world's people appear nowhere."""
    secrets = [
        world["x_pesel"],
        "Kowalska",
        "Wiśniewski",
        "1980-05-17",
        "17.05.1980",
        "Anna",
    ]
    u1 = world["u1"].pk
    for user, scopes in (
        (analyst, ["national", "v14", f"u{u1}"]),
        (official_a, ["v14", f"u{u1}"]),
    ):
        client = client_for(user)
        for scope in scopes:
            query = f"?year=2025&scope={scope}"
            bodies = [
                client.get(f"/reports/statistics/{query}").content,
                client.get(f"/reports/statistics/statistics.json{query}").content,
                client.get(
                    f"/reports/statistics/tables/participants_by_age_band.csv{query}"
                ).content,
                client.get(
                    f"/reports/statistics/charts/participants_by_sex.svg{query}"
                ).content,
            ]
            xlsx = client.get(f"/reports/statistics/statistics.xlsx{query}").content
            with zipfile.ZipFile(io.BytesIO(xlsx)) as archive:
                bodies += [archive.read(name) for name in archive.namelist()]
            for body in bodies:
                text = body.decode("utf-8", errors="replace")
                for secret in secrets:
                    assert secret not in text, (user, scope, secret)


def test_pdf_job_from_request_to_download(
    client_for, analyst, world, django_capture_on_commit_callbacks
):
    client = client_for(analyst)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/reports/statistics/pdf/", {"year": "2025", "scope": "national"}
        )
    job = ReportJob.objects.get()
    assert response.status_code == 302
    assert response.url == f"/reports/jobs/{job.pk}/"
    assert (job.scope, job.year, job.state, job.progress) == (
        ScopeKind.NATIONAL,
        2025,
        JobState.DONE,
        100,
    )
    assert job.finished_at is not None
    page = client.get(response.url).content.decode()
    assert f'href="/reports/jobs/{job.pk}/download/"' in page
    fragment = client.get(f"/reports/jobs/{job.pk}/progress/").content.decode()
    assert "hx-trigger" not in fragment
    download = client.get(f"/reports/jobs/{job.pk}/download/")
    assert download["Content-Type"] == "application/pdf"
    assert b"".join(download.streaming_content).startswith(b"%PDF")
    assert 'filename="statystyka-2025-polska.pdf"' in download["Content-Disposition"]
    # The dashboard lists the job.
    dashboard = client.get("/reports/statistics/?year=2025").content.decode()
    assert f'href="/reports/jobs/{job.pk}/"' in dashboard


def test_pending_job_polls_and_is_not_queued_twice(client_for, analyst, world):
    scope = StatisticsScope(ScopeKind.NATIONAL)
    # on_commit never runs here: the job stays queued.
    first = report_job_request(actor=analyst, scope=scope, year=2025)
    again = report_job_request(actor=analyst, scope=scope, year=2025)
    assert again.pk == first.pk
    other_year = report_job_request(actor=analyst, scope=scope, year=2024)
    assert other_year.pk != first.pk
    fragment = client_for(analyst).get(f"/reports/jobs/{first.pk}/progress/")
    html = fragment.content.decode()
    assert 'hx-trigger="every 2s"' in html
    assert f'hx-get="/reports/jobs/{first.pk}/progress/"' in html
    assert re.search(r'<progress[^>]*value="0"', html)
    assert (
        client_for(analyst).get(f"/reports/jobs/{first.pk}/download/").status_code
        == 404
    )
    with pytest.raises(ValidationError) as error:
        report_job_request(actor=analyst, scope=scope, year=1990)
    assert error.value.code == "invalid_year"


def test_failed_job_shows_the_error(
    client_for, analyst, world, monkeypatch, django_capture_on_commit_callbacks
):
    def broken(**kwargs):
        raise RuntimeError("no fonts installed")

    monkeypatch.setattr("reporting.tasks_statistics.render_statistics_pdf", broken)
    client = client_for(analyst)
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/reports/statistics/pdf/", {"year": "2025", "scope": "v14"})
    job = ReportJob.objects.get()
    assert (job.state, job.error) == (JobState.FAILED, "no fonts installed")
    page = english(client).get(f"/reports/jobs/{job.pk}/").content.decode()
    assert "The report could not be prepared: no fonts installed" in page


def test_charts_and_downloads_after_the_dashboard_read_the_kept_statistics(
    client_for, analyst, world, settings
):
    """The dashboard counts once; its charts and downloads, requested right
    after, count nothing. With caching off every request counts afresh."""
    client = client_for(analyst)
    query = "?year=2025&scope=v14"
    before = client.get(f"/reports/statistics/statistics.json{query}").json()
    make_participation(make_person(world["u1"]), admitted_on=world["p1"].admitted_on)
    with CaptureQueriesContext(connection) as chart:
        response = client.get(
            f"/reports/statistics/charts/participants_by_sex.svg{query}"
        )
    assert response.status_code == 200
    assert not [q for q in chart.captured_queries if "participation" in q["sql"]]
    assert client.get(f"/reports/statistics/statistics.json{query}").json() == before
    # Another year or area is counted on its own.
    assert cache_key(StatisticsScope(ScopeKind.NATIONAL), 2025) != cache_key(
        StatisticsScope(ScopeKind.NATIONAL), 2024
    )
    settings.STATISTICS_CACHE_SECONDS = 0
    after = client.get(f"/reports/statistics/statistics.json{query}").json()
    assert after != before
