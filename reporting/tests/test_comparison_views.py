"""The comparison of years in the browser's pages: the form and its errors,
the empty state, the tables and line charts, the CSV and XLSX downloads and
the PDF made by a report job (tasks run at once in the tests), on the world
of test_comparison.py (its docstring has the hand computation)."""

import csv
import io
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import load_workbook
from pypdf import PdfReader

from reporting.constants import JobState, ScopeKind
from reporting.models import ReportJob
from reporting.pdf_statistics import render_comparison_pdf
from reporting.statistics import StatisticsScope
from reporting.statistics.scopes import default_year
from reporting.tasks_statistics import report_job_request
from reporting.tests.statistics_factories import (
    build_years_world,
    make_participation,
    make_person,
    make_unit,
)
from units.tests.factories import voivodeship

pytestmark = pytest.mark.django_db
PAGE = "/reports/statistics/years/"
BAD_YEAR = f"Choose years from 2004 to {timezone.localdate().year}."
RANGE = "from=2023&to=2025"


def english(client):
    client.cookies["django_language"] = "en"
    return client


def spaced(text):
    return " ".join(text.replace("\xa0", " ").split())


@pytest.fixture
def world(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return build_years_world()


def test_analyst_compares_the_country(client_for, analyst, world):
    response = english(client_for(analyst)).get(f"{PAGE}?{RANGE}&scope=national")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Comparison of years 2023–2025: Poland" in html
    assert (
        '<caption class="visually-hidden">Participants, admissions and exits, by year'
        in html
    )
    # A column per year, the change and the change in percent.
    assert re.search(
        r'<th scope="col" class="text-end">2023</th>\s*'
        r'<th scope="col" class="text-end">2024</th>\s*'
        r'<th scope="col" class="text-end">2025</th>\s*'
        r'<th scope="col" class="text-end">Change 2023–2025</th>\s*'
        r'<th scope="col" class="text-end">Change \(%\)</th>',
        html,
    )
    # CIS participants 2, 3, 4: +2, +100.0%.
    assert re.search(
        r"CIS: participants \(distinct persons\)</th>\s*"
        r'<td class="text-end">2</td><td class="text-end">3</td>'
        r'<td class="text-end">4</td><td class="text-end">2</td>'
        r'<td class="text-end">100.0</td>',
        html,
    )
    assert (
        'src="/reports/statistics/years/charts/participants.svg?from=2023&amp;to=2025'
        '&amp;scope=national"' in html
    )
    assert 'alt="Line chart: Participants (distinct persons), by year.' in html
    assert (
        'href="/reports/statistics/years/tables/finance.csv?from=2023&amp;to=2025'
        '&amp;scope=national"' in html
    )
    assert 'href="/reports/statistics/years/comparison.xlsx?from=2023' in html
    assert 'action="/reports/statistics/years/pdf/"' in html
    assert "&lt;3" not in html  # national level: nothing withheld
    assert " style=" not in html


def test_defaults_and_each_roles_scope(
    client_for, analyst, official_a, staff_a, unit_a, world
):
    page = english(client_for(analyst)).get(PAGE)
    # The four years up to the last full one, for the whole country.
    assert page.status_code == 200
    last = default_year()
    assert page.context["comparison"].years == tuple(range(last - 3, last + 1))
    assert page.context["scope"].is_national
    official = english(client_for(official_a)).get(f"{PAGE}?{RANGE}")
    html = official.content.decode()
    assert "Comparison of years 2023–2025: Voivodeship mazowieckie" in html
    # Below national level counts of 1-2 are withheld, their change not given.
    assert re.search(
        r'CIS: participants \(distinct persons\)</th>\s*<td class="text-end">&lt;3</td>'
        r'<td class="text-end">3</td><td class="text-end">4</td>'
        r'<td class="text-end">—</td><td class="text-end">—</td>',
        html,
    )
    assert f'<option value="u{world["c1"].pk}"' in html
    staff = english(client_for(staff_a)).get(f"{PAGE}?{RANGE}")
    assert f"Comparison of years 2023–2025: {unit_a.name}" in staff.content.decode()


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        (
            "from=2025&to=2023",
            None,
            "The first year (2025) is later than the last year (2023).",
        ),
        (
            "from=2010&to=2025",
            None,
            "Compare at most 10 years at a time: choose a later first year or an "
            "earlier last year.",
        ),
        ("from=2025&to=2025", None, "Choose two years or more"),
        ("from=1990&to=2025", "from", BAD_YEAR),
        ("from=2023&to=2099", "to", BAD_YEAR),
        ("from=abc&to=2025", "from", BAD_YEAR),
        ("from=&to=2025", "from", BAD_YEAR),
        ("from=2023&to=2025&scope=atlantis", "scope", "Choose an area from the list."),
    ],
)
def test_bad_input_redisplays_the_form(
    client_for, analyst, world, query, field, message
):
    response = english(client_for(analyst)).get(f"{PAGE}?{query}")
    assert response.status_code == 400
    form = response.context["form"]
    errors = form.non_field_errors() if field is None else form.errors[field]
    assert any(error.startswith(message) for error in errors), errors
    html = response.content.decode()
    assert '<h1 class="h3 mb-3">Comparison of years</h1>' in html
    assert "<table" not in html
    # The choices made stay selected.
    if "scope=atlantis" not in query:
        assert 'value="national" selected' in html


def test_a_scope_outside_the_users_is_not_found(
    client_for, official_other, staff_b, world
):
    c1 = world["c1"].pk
    assert (
        client_for(official_other).get(f"{PAGE}?{RANGE}&scope=v14").status_code == 404
    )
    assert (
        client_for(official_other).get(f"{PAGE}?{RANGE}&scope=u{c1}").status_code == 404
    )
    assert client_for(staff_b).get(f"{PAGE}?{RANGE}&scope=u{c1}").status_code == 404
    assert client_for(staff_b).get(f"{PAGE}?{RANGE}&scope=national").status_code == 404


def test_empty_state(client_for, analyst, world):
    response = english(client_for(analyst)).get(f"{PAGE}?from=2010&to=2012")
    assert response.status_code == 200
    html = response.content.decode()
    assert (
        "There is nothing to compare: no unit, participant or accepted annual report"
        in html
    )
    assert "<table" not in html
    assert "comparison.xlsx" not in html


def test_dashboard_links_to_the_comparison(client_for, analyst, world):
    html = (
        english(client_for(analyst))
        .get("/reports/statistics/?year=2025&scope=v14")
        .content.decode()
    )
    assert (
        '<a class="btn btn-outline-primary" href="/reports/statistics/years/'
        '?from=2022&amp;to=2025&amp;scope=v14">Comparison of years</a>' in html
    )


def test_csv_xlsx_and_chart_downloads(client_for, analyst, world):
    client = english(client_for(analyst))
    query = f"?{RANGE}&scope=national"
    response = client.get(f"{PAGE}tables/participants.csv{query}")
    assert response.status_code == 200
    assert (
        response["Content-Disposition"]
        == 'attachment; filename="statystyka-2023-2025-polska-participants.csv"'
    )
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == [
        "code",
        "Participants, admissions and exits, by year",
        "2023",
        "2024",
        "2025",
        "Change 2023–2025",
        "Change (%)",
    ]
    assert rows[1] == [
        "cis_participants",
        "CIS: participants (distinct persons)",
        "2",
        "3",
        "4",
        "2",
        "100.0",
    ]
    assert rows[3] == [
        "cis_exits",
        "CIS: exited during the year",
        "0",
        "1",
        "1",
        "1",
        "",
    ]
    xlsx = client.get(f"{PAGE}comparison.xlsx{query}")
    assert xlsx["Content-Disposition"].endswith(
        'filename="statystyka-2023-2025-polska.xlsx"'
    )
    book = load_workbook(io.BytesIO(xlsx.content))
    assert book.sheetnames[:3] == ["info", "units", "participants"]
    assert book["info"]["B2"].value == "2023–2025"
    finance = book["finance"]
    total = next(r for r in finance.iter_rows(values_only=True) if r[0] == "total")
    assert total[2:] == (1200.0, 0.0, 2000.5, 800.5, 66.7)
    assert finance["F5"].number_format == "#,##0.00"
    chart = client.get(f"{PAGE}charts/units.svg{query}")
    assert chart["Content-Type"] == "image/svg+xml"
    svg = chart.content.decode()
    assert "<svg" in svg
    assert "<script" not in svg
    assert "<style" not in svg
    assert "CIS: open on 31 December" in svg
    # Unknown tables or charts, and years the form refuses: not found.
    assert client.get(f"{PAGE}tables/nothing.csv{query}").status_code == 404
    assert client.get(f"{PAGE}charts/finance.svg{query}").status_code == 404
    assert client.get(f"{PAGE}comparison.xlsx?from=2025&to=2023").status_code == 404
    assert client.get(f"{PAGE}tables/units.csv?from=1990&to=2025").status_code == 404
    assert client.get(f"{PAGE}charts/units.svg?{RANGE}&scope=zz").status_code == 404


def test_withheld_counts_in_the_chart(client_for, official_a, world):
    svg = (
        client_for(official_a)
        .get(f"{PAGE}charts/participants.svg?{RANGE}&scope=v14")
        .content.decode()
    )
    assert "&lt;3" in svg


def test_downloads_after_the_page_read_the_kept_figures(
    client_for, analyst, world, settings
):
    settings.STATISTICS_CACHE_SECONDS = 300
    client = client_for(analyst)
    query = f"?{RANGE}&scope=v14"
    assert client.get(f"{PAGE}{query}").status_code == 200
    with CaptureQueriesContext(connection) as downloads:
        for url in (
            f"{PAGE}charts/participants.svg{query}",
            f"{PAGE}tables/units.csv{query}",
            f"{PAGE}comparison.xlsx{query}",
        ):
            assert client.get(url).status_code == 200
    assert not [q for q in downloads.captured_queries if "participation" in q["sql"]]


def test_page_queries_do_not_grow_with_the_units(
    client_for, analyst, world, settings, django_assert_max_num_queries
):
    settings.STATISTICS_CACHE_SECONDS = 0  # count on every request
    client = client_for(analyst)
    url = f"{PAGE}?{RANGE}&scope=v14"
    with CaptureQueriesContext(connection) as before:
        assert client.get(url).status_code == 200
    for index in range(8):
        unit = make_unit(kind="CIS" if index % 2 else "KIS", name=f"Jednostka {index}")
        for _ in range(3):
            make_participation(
                make_person(unit),
                admitted_on=world["c1"].opened_on.replace(year=2024),
                exited_on=world["c1"].opened_on.replace(year=2025),
            )
    with django_assert_max_num_queries(len(before.captured_queries)):
        response = client.get(url)
    assert response.context["comparison"].cis.participants.values[-1] == 4 + 12


def test_pdf_job_from_request_to_download(
    client_for, analyst, world, django_capture_on_commit_callbacks
):
    client = english(client_for(analyst))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"{PAGE}pdf/", {"from": "2023", "to": "2025", "scope": "national"}
        )
    job = ReportJob.objects.get()
    assert response.status_code == 302
    assert response.url == f"/reports/jobs/{job.pk}/"
    assert (job.scope, job.year, job.to_year, job.state) == (
        ScopeKind.NATIONAL,
        2023,
        2025,
        JobState.DONE,
    )
    page = client.get(response.url).content.decode()
    assert "PDF report: comparison of years 2023–2025" in page
    assert (
        'href="/reports/statistics/years/?from=2023&amp;to=2025&amp;scope=national"'
        in page
    )
    download = client.get(f"/reports/jobs/{job.pk}/download/")
    assert download["Content-Type"] == "application/pdf"
    assert (
        'filename="statystyka-2023-2025-polska.pdf"' in download["Content-Disposition"]
    )
    assert b"".join(download.streaming_content).startswith(b"%PDF")
    # Listed on the comparison page, not on the dashboard of one year.
    assert (
        f'href="/reports/jobs/{job.pk}/"'
        in client.get(f"{PAGE}?{RANGE}&scope=national").content.decode()
    )
    assert (
        f'href="/reports/jobs/{job.pk}/"'
        not in client.get(
            "/reports/statistics/?year=2023&scope=national"
        ).content.decode()
    )


def test_pdf_request_with_bad_years(client_for, analyst, world):
    client = english(client_for(analyst))
    response = client.post(
        f"{PAGE}pdf/", {"from": "2025", "to": "2023", "scope": "national"}
    )
    assert response.status_code == 302
    assert response.url == f"{PAGE}?from=2025&to=2023&scope=national"
    page = client.get(response.url)
    assert page.status_code == 400
    assert "The first year (2025) is later than the last year (2023)." in (
        page.content.decode()
    )
    assert not ReportJob.objects.exists()


def test_pending_comparison_job_is_not_queued_twice(analyst, world):
    scope = StatisticsScope(ScopeKind.NATIONAL)
    first = report_job_request(actor=analyst, scope=scope, year=2023, to_year=2025)
    again = report_job_request(actor=analyst, scope=scope, year=2023, to_year=2025)
    one_year = report_job_request(actor=analyst, scope=scope, year=2023)
    other_range = report_job_request(
        actor=analyst, scope=scope, year=2023, to_year=2024
    )
    assert again.pk == first.pk
    assert len({first.pk, one_year.pk, other_range.pk}) == 3
    assert one_year.to_year is None
    assert str(first) == "whole country 2023–2025 (pdf)"


def test_the_pdf_in_polish(world):
    content = render_comparison_pdf(
        scope=StatisticsScope(ScopeKind.NATIONAL), first=2023, last=2025
    )
    reader = PdfReader(io.BytesIO(content))
    text = spaced("\n".join(page.extract_text() for page in reader.pages))
    assert "2023–2025" in text
    assert "Spis treści" in text
    assert "Uwagi metodologiczne" in text
    # Page numbers at the foot, from the second page.
    assert reader.pages[1].extract_text().strip().endswith("2")
    # Finance in total: 1 200,00 / 0,00 / 2 000,50, change 800,50 and 66,7.
    assert "1 200,00 0,00 2 000,50 800,50 66,7" in text
    # CIS participants 2, 3, 4, +2, +100,0 (the row's label comes before).
    assert re.search(r"CIS: \S.*? 2 3 4 2 100,0", text)


def test_the_pdf_below_national_level_withholds(world):
    content = render_comparison_pdf(
        scope=StatisticsScope(ScopeKind.VOIVODESHIP, voivodeship=voivodeship("14")),
        first=2023,
        last=2025,
    )
    text = spaced(
        "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(content)).pages)
    )
    assert re.search(r"CIS: \S.*? <3 3 4 — —", text)


MALFORMED = [
    "x" * 10_000,
    "a\x00b",
    "99999999999999999999",
    "-1",
    "²",
    "٢٠٢٥",
    "1e309",
    "",
    "u²",
    "v1\x00",
    "u99999999999999999999",
]


def test_malformed_parameters_never_fail(client_for, analyst, world):
    """Every parameter of every comparison URL gets junk: the answer is a
    form error or a refusal, never a 500."""
    paths = [
        PAGE,
        f"{PAGE}tables/units.csv",
        f"{PAGE}comparison.xlsx",
        f"{PAGE}charts/units.svg",
    ]
    failures = []
    client = client_for(analyst)
    for name in ("from", "to", "scope"):
        for value in MALFORMED:
            params = {"from": "2024", "to": "2025", name: value}
            for path in paths:
                code = client.get(path, params).status_code
                if code >= 500:
                    failures.append((path, name, value, code))
            code = client.post(f"{PAGE}pdf/", params).status_code
            if code >= 500:
                failures.append(("pdf", name, value, code))
    assert failures == []
    # The dashboard's own parameters: a superscript digit is no year.
    assert client.get("/reports/statistics/statistics.json?year=²").status_code == 404
    assert client.get("/reports/statistics/?scope=u²").status_code == 404


def test_a_ground_added_after_a_year_was_kept_leaves_that_year_without_it(
    client_for, analyst, world, settings
):
    """An earlier year's figures kept from before a ground was added have no
    row for it: the comparison shows it as not given, not a server error."""
    from participants.models import ExclusionGround  # noqa: PLC0415

    settings.STATISTICS_CACHE_SECONDS = 300
    client = client_for(analyst)
    assert (
        client.get("/reports/statistics/?year=2024&scope=national").status_code == 200
    )
    ExclusionGround.objects.create(
        code="new_ground", name_pl="nowa przesłanka", name_en="new", article="—"
    )
    response = client.get(f"{PAGE}?from=2024&to=2025&scope=national")
    assert response.status_code == 200
    added = response.context["comparison"].cis.by_primary_ground["new_ground"]
    assert added.values == (None, 0)
    assert added.change is None
