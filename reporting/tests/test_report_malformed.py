"""Bad input never causes a 500 on the annual report pages: every form field
and every list parameter gets malformed values; the answer is below 500 and
nothing is changed by a refused value."""

import pytest
from django.utils import timezone

from reporting import services
from reporting.models import UnitAnnualReport
from reporting.tests.reports_helpers import CIS_FIGURES, submitted_report

pytestmark = pytest.mark.django_db

LONG = "x" * 10_001
NUL = "a\x00b"
HUGE = "99999999999999999999"
NUMBER = ["-5", "1e309", HUGE, "abc", "nan", "inf", "²", "1.5", "", LONG, NUL]
TEXT = [LONG, NUL, "\x00"]
YEAR = timezone.localdate().year - 1


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def test_the_open_form(client_for, staff_a, unit_a):
    client = client_for(staff_a)
    for field in ("unit", "year"):
        for value in [*NUMBER, "0", "-1"]:
            data = {"unit": unit_a.pk, "year": YEAR, field: value}
            response = client.post("/reports/unit-reports/open/", data)
            assert response.status_code == 400, (field, value)
    assert not UnitAnnualReport.objects.exists()


def test_the_figures_form(client_for, staff_a, unit_a):
    report = services.report_open(actor=staff_a, unit=unit_a, year=YEAR)
    client = client_for(staff_a)
    path = f"/reports/unit-reports/{report.pk}/edit/"
    assert client.post(path, CIS_FIGURES).status_code == 302
    report.refresh_from_db()
    saved = report.entered
    # Every value on one amount and one number of people, a few on the rest.
    for field in CIS_FIGURES:
        money = not field.startswith("staff_")
        full = field in ("finance_esf", "staff_other")
        values = NUMBER if full else ["-5", "abc", NUL, "1.5" if not money else HUGE]
        for value in values:
            if money and value == "1.5":
                continue  # a valid amount
            response = client.post(path, {**CIS_FIGURES, field: value})
            assert response.status_code == 400, (field, value)
    for value in TEXT[1:]:
        response = client.post(path, {**CIS_FIGURES, "narrative": value})
        assert response.status_code == 400, value
    assert client.post(path, {**CIS_FIGURES, "narrative": LONG}).status_code == 400
    report.refresh_from_db()
    assert report.entered == saved


def test_the_submit_and_review_forms(client_for, manager_a, official_a, unit_a):
    report = submitted_report(manager_a, unit_a, YEAR)
    official = client_for(official_a)
    path = f"/reports/unit-reports/{report.pk}/review/"
    for data in (
        {"action": NUL},
        {"action": LONG},
        {"action": "return", "return-comments": NUL},
        {"action": "return", "return-comments": "y" * 5001},
        {"action": "accept", "accept-comments": NUL},
    ):
        assert official.post(path, data).status_code == 400, data
    report.refresh_from_db()
    assert report.state == "submitted"
    draft = services.report_open(actor=manager_a, unit=unit_a, year=YEAR + 1)
    manager = client_for(manager_a)
    for value in ["", NUL, LONG]:
        response = manager.post(
            f"/reports/unit-reports/{draft.pk}/submit/", {"confirm": value}
        )
        assert response.status_code == 400


@pytest.mark.parametrize(
    "path", ["/reports/unit-reports/review/", "/reports/unit-reports/missing/"]
)
def test_the_lists(client_for, official_a, analyst, manager_a, unit_a, path):
    submitted_report(manager_a, unit_a, YEAR)
    assert client_for(analyst).get(path, {"voivodeship": NUL}).status_code == 200
    for user in (official_a,):
        client = client_for(user)
        for name in ("q", "year", "state", "kind", "voivodeship", "report_state"):
            for value in [*NUMBER, "zzz"]:
                response = client.get(path, {name: value})
                assert response.status_code < 500, (name, value)
        for query in ("sort=zzz", "page=-1", "page=abc", "per_page=-5", f"page={HUGE}"):
            assert client.get(f"{path}?{query}").status_code < 500, query
        for export in ("csv", "xlsx", "zzz", NUL):
            assert client.get(path, {"_export": export}).status_code < 500, export
        assert client.get(path, HTTP_HX_REQUEST="true").status_code == 200
