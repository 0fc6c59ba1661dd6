"""The pages of the unit annual reports through the client: the unit's list
of years, the report page, the figures form, submission, the officials'
review and lists, the PDF; bad input, mass assignment and query counts."""

import datetime

import pytest
from django.utils import timezone

from accounts.tests.factories import MembershipFactory
from reporting import services
from reporting.constants import ReportState
from reporting.models import UnitAnnualReport
from reporting.tests.reports_helpers import (
    CIS_FIGURES,
    activity,
    enrol,
    stint,
    submitted_report,
)
from units.tests.factories import UnitFactory, voivodeship

pytestmark = pytest.mark.django_db
D = datetime.date
THIS_YEAR = timezone.localdate().year
LAST_YEAR = THIS_YEAR - 1


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def en(client_for, settings):
    """A client logged in as `user` that reads the pages in English."""

    def make(user):
        client = client_for(user)
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        return client

    return make


def url(report, page=""):
    return f"/reports/unit-reports/{report.pk}/{page}"


def test_the_unit_lists_its_years_and_opens_a_draft(en, staff_a, unit_a):
    client = en(staff_a)
    page = client.get("/reports/unit-reports/").content.decode()
    assert f"Open the report for {LAST_YEAR}" in page
    assert "Open the report for 2015" in page
    assert "Open the report for 2014" not in page
    response = client.post(
        "/reports/unit-reports/open/", {"unit": unit_a.pk, "year": LAST_YEAR}
    )
    report = UnitAnnualReport.objects.get()
    assert response.status_code == 302
    assert response.url == url(report)
    assert (report.unit, report.year, report.state) == (unit_a, LAST_YEAR, "draft")
    page = client.get("/reports/unit-reports/").content.decode()
    assert f"Report for {LAST_YEAR}" in page


@pytest.mark.parametrize(
    "data",
    [
        {"year": THIS_YEAR + 1},
        {"year": 2014},
        {"year": "abc"},
        {"year": "99999999999999999999"},
        {"year": ""},
    ],
)
def test_opening_refuses_bad_input(en, staff_a, unit_a, data):
    response = en(staff_a).post(
        "/reports/unit-reports/open/", {"unit": unit_a.pk, **data}
    )
    assert response.status_code == 400
    assert not UnitAnnualReport.objects.exists()


def test_opening_refuses_another_units_report(en, staff_a, unit_b):
    response = en(staff_a).post(
        "/reports/unit-reports/open/", {"unit": unit_b.pk, "year": LAST_YEAR}
    )
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    assert not UnitAnnualReport.objects.exists()


def test_the_list_of_years_takes_few_queries(
    staff_a, unit_a, unit_b, client_for, django_assert_max_num_queries
):
    MembershipFactory(user=staff_a, unit=unit_b)
    for year in range(2015, THIS_YEAR):
        services.report_open(actor=None, unit=unit_a, year=year)
        services.report_open(actor=None, unit=unit_b, year=year)
    client = client_for(staff_a)
    with django_assert_max_num_queries(10):
        response = client.get("/reports/unit-reports/")
    assert response.content.decode().count("btn-outline-primary") == 2 * (
        THIS_YEAR - 2015
    )


@pytest.fixture
def draft(staff_a, unit_a):
    person = stint(unit_a, admitted=D(LAST_YEAR, 3, 1), last_name="Wiśniewska")
    enrol(activity(unit_a, "social"), person, D(LAST_YEAR, 3, 1))
    return services.report_open(actor=staff_a, unit=unit_a, year=LAST_YEAR)


def test_a_draft_shows_live_figures_with_their_time(en, staff_a, draft):
    page = en(staff_a).get(url(draft)).content.decode()
    assert "computed from the unit's records now" in page
    assert "Participants in the year" in page
    assert "admitted on or before 31 December" in page
    assert "Funding by source" in page
    assert "MRiPS CAS 02" in page
    assert "Enter the figures" in page
    assert "Submit to the voivode" not in page  # staff, not the manager
    assert "Wiśniewska" not in page


def test_the_figures_form_saves_and_keeps_input_on_errors(en, staff_a, draft):
    client = en(staff_a)
    form = client.get(url(draft, "edit/")).content.decode()
    assert 'name="finance_esf"' in form
    assert 'name="grants_used_allowances"' in form
    assert 'name="volunteers_F"' not in form
    bad = {**CIS_FIGURES, "finance_esf": "-5", "staff_other": "2"}
    response = client.post(url(draft, "edit/"), bad)
    assert response.status_code == 400
    page = response.content.decode()
    assert "Ensure this value is greater than or equal to 0" in page
    assert 'value="120000.00"' in page  # the other input is kept
    over = {**CIS_FIGURES, "grants_used_other": "9999999"}
    response = client.post(url(draft, "edit/"), over)
    assert response.status_code == 400
    assert "cannot exceed the grants received" in response.content.decode()
    response = client.post(
        url(draft, "edit/"), {**CIS_FIGURES, "narrative": "Nowy warsztat."}
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.entered["finance"]["esf"] == "80000.50"
    assert draft.narrative == "Nowy warsztat."
    form = client.get(url(draft, "edit/")).content.decode()
    assert 'value="80000.50"' in form
    assert "Nowy warsztat." in form


def test_extra_fields_cannot_set_the_state_the_unit_or_the_snapshot(
    client_for, manager_a, draft, unit_b
):
    client = client_for(manager_a)
    sneaky = {
        "state": "accepted",
        "unit": unit_b.pk,
        "year": 1999,
        "snapshot": '{"computed": {}}',
        "submitted_by": manager_a.pk,
        "reviewed_at": "2020-01-01T00:00:00Z",
    }
    assert (
        client.post(url(draft, "edit/"), {**CIS_FIGURES, **sneaky}).status_code == 302
    )
    draft.refresh_from_db()
    assert (draft.state, draft.unit_id, draft.year) == (
        "draft",
        draft.unit_id,
        LAST_YEAR,
    )
    assert draft.unit.name == "CIS A"
    assert draft.snapshot == {}
    assert draft.submitted_by is None
    assert draft.reviewed_at is None
    response = client.post(url(draft, "submit/"), {"confirm": "on", **sneaky})
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.state == ReportState.SUBMITTED
    assert draft.year == LAST_YEAR
    assert "computed" in draft.snapshot
    assert draft.snapshot["computed"] != {}


def test_submission_needs_confirmation_and_complete_figures(
    en, manager_a, staff_a, draft
):
    client = en(manager_a)
    assert en(staff_a).get(url(draft, "submit/")).status_code == 404
    assert en(staff_a).post(url(draft, "submit/"), {"confirm": "on"}).status_code == 404
    page = client.get(url(draft, "submit/")).content.decode()
    assert "frozen as it is now" in page
    assert client.post(url(draft, "submit/"), {}).status_code == 400
    response = client.post(url(draft, "submit/"), {"confirm": "on"})
    assert response.status_code == 400
    assert "Enter the finance, staff and other figures" in response.content.decode()
    draft.refresh_from_db()
    assert draft.state == ReportState.DRAFT
    client.post(url(draft, "edit/"), CIS_FIGURES)
    response = client.post(url(draft, "submit/"), {"confirm": "on"})
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.state == ReportState.SUBMITTED
    page = client.get(url(draft)).content.decode()
    assert "frozen when the report was submitted" in page
    assert "Enter the figures" not in page
    # The form of a submitted report sends the user back to it.
    response = client.get(url(draft, "edit/"))
    assert response.status_code == 302
    assert response.url == url(draft)
    assert client.post(url(draft, "edit/"), CIS_FIGURES).status_code == 302
    draft.refresh_from_db()
    assert draft.state == ReportState.SUBMITTED


def test_review_return_resubmit_accept_through_the_pages(
    en, manager_a, official_a, unit_a, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        report = submitted_report(manager_a, unit_a, LAST_YEAR)
    official = en(official_a)
    page = official.get(url(report, "review/")).content.decode()
    assert "Return for correction" in page
    response = official.post(
        url(report, "review/"), {"action": "return", "return-comments": "  "}
    )
    assert response.status_code == 400
    assert official.post(url(report, "review/"), {"action": "x"}).status_code == 400
    response = official.post(
        url(report, "review/"),
        {"action": "return", "return-comments": "Brak kwoty z EFS."},
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.state == ReportState.RETURNED
    manager = en(manager_a)
    page = manager.get(url(report)).content.decode()
    assert "Returned for correction" in page
    assert "Brak kwoty z EFS." in page
    assert "Submit again" in page
    # The manager corrects the returned report through its edit page.
    assert manager.get(url(report, "edit/")).status_code == 200
    corrected = {**CIS_FIGURES, "finance_esf": "1234.50"}
    assert manager.post(url(report, "edit/"), corrected).status_code == 302
    report.refresh_from_db()
    assert report.state == ReportState.RETURNED
    assert report.entered["finance"]["esf"] == "1234.50"
    # The official sees the returned report as it was submitted, and cannot
    # act on it any more.
    page = official.get(url(report, "review/")).content.decode()
    assert "The report is not waiting for review." in page
    response = official.post(url(report, "review/"), {"action": "accept"})
    assert response.status_code == 400
    assert manager.post(url(report, "submit/"), {"confirm": "on"}).status_code == 302
    response = official.post(
        url(report, "review/"), {"action": "accept", "accept-comments": ""}
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.state == ReportState.ACCEPTED
    assert report.snapshot["entered"]["finance"]["esf"] == "1234.50"
    page = manager.get(url(report)).content.decode()
    assert page.count("list-group-item") == 4


def test_the_pdf_is_the_submitted_report(
    client_for, manager_a, official_a, unit_a, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        report = submitted_report(manager_a, unit_a, LAST_YEAR)
    response = client_for(official_a).get(url(report, "pdf/"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    draft = services.report_open(actor=manager_a, unit=unit_a, year=THIS_YEAR)
    assert client_for(manager_a).get(url(draft, "pdf/")).status_code == 404


def test_a_pdf_not_rendered_yet_sends_back_to_the_report(
    client_for, manager_a, unit_a, django_capture_on_commit_callbacks
):
    report = submitted_report(manager_a, unit_a, LAST_YEAR)  # callbacks not run
    response = client_for(manager_a).get(url(report, "pdf/"))
    assert response.status_code == 302
    assert response.url == url(report)
    report.refresh_from_db()
    assert report.pdf  # asked for again: rendered at once by the test backend


@pytest.fixture
def reports_of_two_voivodeships(manager_a, unit_a, unit_b, unit_other):
    submitted = submitted_report(manager_a, unit_a, LAST_YEAR)
    services.report_open(actor=None, unit=unit_b, year=LAST_YEAR)  # a draft
    returned = submitted_report(None, unit_b, LAST_YEAR - 1)
    services.report_return(actor=None, report=returned, comments="Popraw.")
    other = submitted_report(None, unit_other, LAST_YEAR)
    services.report_accept(actor=None, report=other)
    return submitted, returned, other


def rows_of(client, path):
    response = client.get(path)
    assert response.status_code == 200
    return response.context["table"].page.object_list.data


def test_officials_see_their_voivodeships_sent_reports_only(
    client_for, official_a, official_other, analyst, reports_of_two_voivodeships
):
    submitted, returned, other = reports_of_two_voivodeships
    path = "/reports/unit-reports/review/"
    assert {r.pk for r in rows_of(client_for(official_a), path)} == {
        submitted.pk,
        returned.pk,
    }
    assert {r.pk for r in rows_of(client_for(official_other), path)} == {other.pk}
    # Analysts: submitted and accepted reports of the whole country.
    assert {r.pk for r in rows_of(client_for(analyst), path)} == {
        submitted.pk,
        other.pk,
    }
    filtered = rows_of(client_for(official_a), f"{path}?state=returned")
    assert [r.pk for r in filtered] == [returned.pk]
    filtered = rows_of(client_for(analyst), f"{path}?year={LAST_YEAR}&kind=KIS")
    assert [r.pk for r in filtered] == [other.pk]
    filtered = rows_of(client_for(official_a), f"{path}?q=CIS B")
    assert [r.pk for r in filtered] == [returned.pk]
    for bad in ("?year=abc", "?state=zzz", "?voivodeship=%00", "?sort=zzz&page=-1"):
        assert client_for(official_a).get(path + bad).status_code < 500
    assert client_for(official_other).get(url(submitted)).status_code == 404
    assert client_for(analyst).get(url(returned)).status_code == 404


def test_the_officials_list_exports_csv(
    client_for, official_a, reports_of_two_voivodeships
):
    response = client_for(official_a).get(
        "/reports/unit-reports/review/?_export=csv&state=submitted"
    )
    assert response.status_code == 200
    lines = response.content.decode().strip().splitlines()
    assert len(lines) == 2
    assert "CIS A" in lines[1]
    assert str(LAST_YEAR) in lines[1]


def test_the_officials_list_takes_few_queries(
    client_for, official_a, django_assert_max_num_queries
):
    region = voivodeship("14")
    for n in range(30):
        unit = UnitFactory(voivodeship=region, name=f"CIS {n:02d}")
        submitted_report(None, unit, LAST_YEAR)
    client = client_for(official_a)
    with django_assert_max_num_queries(12):
        response = client.get("/reports/unit-reports/review/?per_page=30")
    assert len(response.context["table"].page.object_list) == 30


def test_units_that_have_not_submitted(
    en, client_for, official_a, analyst, unit_a, unit_b, unit_other, manager_a
):
    services.report_open(actor=None, unit=unit_a, year=LAST_YEAR)
    UnitFactory(name="CIS zamknięte", closed_on=D(LAST_YEAR - 1, 6, 30))
    UnitFactory(name="CIS nowe", opened_on=D(THIS_YEAR, 1, 2))
    done = UnitFactory(name="CIS gotowe")
    submitted_report(None, done, LAST_YEAR)
    client = en(official_a)
    response = client.get("/reports/unit-reports/missing/")
    rows = response.context["table"].page.object_list.data
    assert [(u.name, u.report_state) for u in rows] == [
        ("CIS A", "draft"),
        ("CIS B", "not_opened"),
    ]
    page = response.content.decode()
    assert f"Reports for {LAST_YEAR} not submitted" in page
    assert "these reports are overdue" in page
    assert page.count(">overdue</span>") == 2
    assert f"31.03.{THIS_YEAR}" in page
    response = client.get(f"/reports/unit-reports/missing/?year={THIS_YEAR}")
    assert "these reports are overdue" not in response.content.decode()
    rows = response.context["table"].page.object_list.data
    assert {u.name for u in rows} == {"CIS A", "CIS B", "CIS nowe", "CIS gotowe"}
    rows = client_for(analyst).get("/reports/unit-reports/missing/?kind=KIS")
    assert [u.name for u in rows.context["table"].page.object_list.data] == ["KIS C"]
    for bad in ("?year=abc", "?year=1900", "?report_state=zzz", "?year=%00"):
        assert client.get("/reports/unit-reports/missing/" + bad).status_code < 500
    csv = client.get("/reports/unit-reports/missing/?_export=csv")
    assert f"{THIS_YEAR}-03-31 (overdue)" in csv.content.decode()


def test_the_missing_list_takes_few_queries(
    client_for, official_a, django_assert_max_num_queries
):
    region = voivodeship("14")
    for n in range(30):
        unit = UnitFactory(voivodeship=region, name=f"CIS {n:02d}")
        if n % 2:
            services.report_open(actor=None, unit=unit, year=LAST_YEAR)
    client = client_for(official_a)
    with django_assert_max_num_queries(10):
        response = client.get("/reports/unit-reports/missing/?per_page=30")
    assert len(response.context["table"].page.object_list) == 30


@pytest.mark.parametrize(
    "model", ["unitannualreport", "reportreview", "reportjob", "reportreminder"]
)
def test_the_admin_shows_reports_read_only(
    client_for, admin_user, manager_a, unit_a, model
):
    submitted_report(manager_a, unit_a, LAST_YEAR)
    client = client_for(admin_user)
    assert client.get(f"/admin/reporting/{model}/").status_code == 200
    assert client.get(f"/admin/reporting/{model}/add/").status_code == 403


def test_the_admin_opens_a_report_without_changing_it(
    client_for, admin_user, manager_a, unit_a
):
    report = submitted_report(manager_a, unit_a, LAST_YEAR)
    client = client_for(admin_user)
    page = client.get(f"/admin/reporting/unitannualreport/{report.pk}/change/")
    assert page.status_code == 200
    assert (
        client.post(
            f"/admin/reporting/unitannualreport/{report.pk}/change/", {"state": "draft"}
        ).status_code
        == 403
    )
    report.refresh_from_db()
    assert report.state == ReportState.SUBMITTED


def test_extra_fields_of_the_review_are_ignored(
    client_for, manager_a, official_a, official_other, unit_a, unit_b
):
    report = submitted_report(manager_a, unit_a, LAST_YEAR)
    sneaky = {
        "state": "accepted",
        "return-state": "accepted",
        "unit": unit_b.pk,
        "return-unit": unit_b.pk,
        "by": official_other.pk,
        "return-by": official_other.pk,
        "reviewed_by": official_other.pk,
    }
    response = client_for(official_a).post(
        url(report, "review/"),
        {"action": "return", "return-comments": "Popraw.", **sneaky},
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.state == ReportState.RETURNED
    assert report.unit == unit_a
    assert report.reviewed_by == official_a
    step = report.reviews.get(outcome="returned")
    assert (step.by, step.comments) == (official_a, "Popraw.")
