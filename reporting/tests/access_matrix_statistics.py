"""Access-control matrix entries for the statistics, dashboards and report jobs:
name -> (path, GET, POST), the expected answers built with
cis_kis.tests.access.roles().

Objects: unit A (a CIS of mazowieckie, 14), report jobs of unit A (one
done, with its PDF) and a national comparison of years. Analysts and
administrators see every scope; officials their voivodeship and its units;
unit staff their own units. Nobody else gets past the access checks (404,
or the log-in page for the anonymous).
"""

from cis_kis.tests.access import LOGGED_IN_NO_POST, LOGIN, roles

UNIT_A_AGGREGATES = roles(LOGIN, 200, 200, 404, 200, 404, 200, 200)
VOIVODESHIP_14_AGGREGATES = roles(LOGIN, 404, 404, 404, 200, 404, 200, 200)
NATIONAL_AGGREGATES = roles(LOGIN, 404, 404, 404, 404, 404, 200, 200)

MATRIX: dict[str, tuple[str, dict, dict]] = {
    "reporting:statistics": (
        "/reports/statistics/?scope=u{unit}&year=2025",
        UNIT_A_AGGREGATES,
        LOGGED_IN_NO_POST,
    ),
    "reporting:statistics_chart": (
        "/reports/statistics/charts/participants_by_sex.svg?scope=v14&year=2025",
        VOIVODESHIP_14_AGGREGATES,
        LOGGED_IN_NO_POST,
    ),
    "reporting:statistics_csv": (
        "/reports/statistics/tables/participants_by_sex.csv?scope=u{unit}&year=2025",
        UNIT_A_AGGREGATES,
        LOGGED_IN_NO_POST,
    ),
    "reporting:statistics_xlsx": (
        "/reports/statistics/statistics.xlsx?scope=national&year=2025",
        NATIONAL_AGGREGATES,
        LOGGED_IN_NO_POST,
    ),
    "reporting:statistics_json": (
        "/reports/statistics/statistics.json?scope=v14&year=2025",
        VOIVODESHIP_14_AGGREGATES,
        LOGGED_IN_NO_POST,
    ),
    # A POST queues the PDF and redirects to the job.
    "reporting:statistics_pdf": (
        "/reports/statistics/pdf/?scope=u{unit}&year=2025",
        LOGGED_IN_NO_POST,
        roles(LOGIN, 302, 302, 404, 302, 404, 302, 302),
    ),
    # The comparison of years: the same scopes as the dashboard.
    "reporting:statistics_years": (
        "/reports/statistics/years/?scope=u{unit}&from=2024&to=2025",
        UNIT_A_AGGREGATES,
        LOGGED_IN_NO_POST,
    ),
    "reporting:statistics_years_chart": (
        "/reports/statistics/years/charts/participants.svg?scope=v14&from=2024&to=2025",
        VOIVODESHIP_14_AGGREGATES,
        LOGGED_IN_NO_POST,
    ),
    "reporting:statistics_years_csv": (
        "/reports/statistics/years/tables/units.csv?scope=u{unit}&from=2024&to=2025",
        UNIT_A_AGGREGATES,
        LOGGED_IN_NO_POST,
    ),
    "reporting:statistics_years_xlsx": (
        "/reports/statistics/years/comparison.xlsx?scope=national&from=2024&to=2025",
        NATIONAL_AGGREGATES,
        LOGGED_IN_NO_POST,
    ),
    # A POST queues the PDF of the comparison and redirects to the job.
    "reporting:statistics_years_pdf": (
        "/reports/statistics/years/pdf/?scope=u{unit}&from=2024&to=2025",
        LOGGED_IN_NO_POST,
        roles(LOGIN, 302, 302, 404, 302, 404, 302, 302),
    ),
    "reporting:job_detail": (
        "/reports/jobs/{job}/",
        UNIT_A_AGGREGATES,
        LOGGED_IN_NO_POST,
    ),
    "reporting:job_progress": (
        "/reports/jobs/{job}/progress/",
        UNIT_A_AGGREGATES,
        LOGGED_IN_NO_POST,
    ),
    "reporting:job_download": (
        "/reports/jobs/{job}/download/",
        UNIT_A_AGGREGATES,
        LOGGED_IN_NO_POST,
    ),
}

# Further cases of the same views (not URL names, so not in MATRIX, which
# names each URL once): other scopes and a job of another voivodeship.
EXTRA_CASES: dict[str, tuple[str, dict, dict]] = {
    "dashboard national": (
        "/reports/statistics/?scope=national",
        NATIONAL_AGGREGATES,
        LOGGED_IN_NO_POST,
    ),
    "dashboard voivodeship 14": (
        "/reports/statistics/?scope=v14",
        VOIVODESHIP_14_AGGREGATES,
        LOGGED_IN_NO_POST,
    ),
    "dashboard unit of another voivodeship": (
        "/reports/statistics/?scope=u{unit_other}",
        roles(LOGIN, 404, 404, 404, 404, 200, 200, 200),
        LOGGED_IN_NO_POST,
    ),
    "dashboard own default scope": (
        "/reports/statistics/",
        roles(LOGIN, 200, 200, 200, 200, 200, 200, 200),
        LOGGED_IN_NO_POST,
    ),
    "dashboard scope that means nothing": (
        "/reports/statistics/?scope=x1",
        roles(LOGIN, 404, 404, 404, 404, 404, 404, 404),
        LOGGED_IN_NO_POST,
    ),
    "csv national": (
        "/reports/statistics/tables/participants_by_sex.csv?scope=national",
        NATIONAL_AGGREGATES,
        LOGGED_IN_NO_POST,
    ),
    "job of another voivodeship's unit": (
        "/reports/jobs/{job_other}/",
        roles(LOGIN, 404, 404, 404, 404, 200, 200, 200),
        LOGGED_IN_NO_POST,
    ),
    "national job": (
        "/reports/jobs/{job_national}/",
        NATIONAL_AGGREGATES,
        LOGGED_IN_NO_POST,
    ),
    "comparison national": (
        "/reports/statistics/years/?scope=national&from=2024&to=2025",
        NATIONAL_AGGREGATES,
        LOGGED_IN_NO_POST,
    ),
    "comparison voivodeship 14": (
        "/reports/statistics/years/?scope=v14",
        VOIVODESHIP_14_AGGREGATES,
        LOGGED_IN_NO_POST,
    ),
    "comparison of a unit of another voivodeship": (
        "/reports/statistics/years/?scope=u{unit_other}",
        roles(LOGIN, 404, 404, 404, 404, 200, 200, 200),
        LOGGED_IN_NO_POST,
    ),
    "comparison own default scope": (
        "/reports/statistics/years/",
        roles(LOGIN, 200, 200, 200, 200, 200, 200, 200),
        LOGGED_IN_NO_POST,
    ),
    # A code that names no area is a form error, for everyone logged in.
    "comparison scope that means nothing": (
        "/reports/statistics/years/?scope=x1",
        roles(LOGIN, 400, 400, 400, 400, 400, 400, 400),
        LOGGED_IN_NO_POST,
    ),
    "comparison csv of a unit of another voivodeship": (
        "/reports/statistics/years/tables/units.csv?scope=u{unit_other}",
        roles(LOGIN, 404, 404, 404, 404, 200, 200, 200),
        LOGGED_IN_NO_POST,
    ),
    "comparison chart national": (
        "/reports/statistics/years/charts/units.svg?scope=national",
        NATIONAL_AGGREGATES,
        LOGGED_IN_NO_POST,
    ),
    "comparison xlsx voivodeship 14": (
        "/reports/statistics/years/comparison.xlsx?scope=v14",
        VOIVODESHIP_14_AGGREGATES,
        LOGGED_IN_NO_POST,
    ),
    "pdf of the national comparison": (
        "/reports/statistics/years/pdf/?scope=national&from=2024&to=2025",
        LOGGED_IN_NO_POST,
        roles(LOGIN, 404, 404, 404, 404, 404, 302, 302),
    ),
    "national comparison job": (
        "/reports/jobs/{job_comparison}/",
        NATIONAL_AGGREGATES,
        LOGGED_IN_NO_POST,
    ),
    "pdf of the national report": (
        "/reports/statistics/pdf/?scope=national",
        LOGGED_IN_NO_POST,
        roles(LOGIN, 404, 404, 404, 404, 404, 302, 302),
    ),
}
