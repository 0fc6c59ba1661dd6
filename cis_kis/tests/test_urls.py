"""Every URL of the project is listed here with who may reach it; a URL
missing from the table fails the test, so none can be added unguarded.
(The full role-by-role matrix grows with the trust issue.)"""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

pytestmark = pytest.mark.django_db

# Name → public (reachable without logging in).
PUBLIC = {
    "health",
    "set_language",
    "accounts:login",
    "accounts:logout",  # POST only; logging out an anonymous user does nothing
    "accounts:password_reset",
    "accounts:password_reset_done",
    "accounts:password_reset_confirm",
    "accounts:password_reset_complete",
    "register:index",
    "register:detail",
    "register:export_csv",
    "register:export_uw_cis_01",
}
# Name → URL to try, for the pages that need a log-in.
LOGIN_REQUIRED = {
    "home": "/",
    "history": "/history/unit/1/",
    "accounts:profile": "/accounts/profile/",
    "accounts:two_factor_verify": "/accounts/two-factor/",
    "accounts:two_factor_setup": "/accounts/two-factor/setup/",
    "accounts:two_factor_disable": "/accounts/two-factor/disable/",
    "accounts:password_change": "/accounts/password/change/",
    "accounts:password_change_done": "/accounts/password/change/done/",
    "units:list": "/units/",
    "units:detail": "/units/{unit_a}/",
    "units:status_action": "/units/{unit_a}/status/",
    "units:founding_body_create": "/units/founding-bodies/new/",
    "units:founding_body_list": "/units/founding-bodies/",
    "units:application_list": "/units/applications/",
    "units:application_create": "/units/applications/new/",
    "units:application_detail": "/units/applications/1/",
    "units:application_contents": "/units/applications/1/contents/",
    "units:application_document": "/units/applications/1/documents/statute/",
    "units:decision_detail": "/units/decisions/1/",
    "units:subsidy_return": "/units/decisions/1/subsidy-return/",
    "units:decision_pdf": "/units/decisions/1/pdf/",
    "units:inspection_create": "/units/{unit_a}/inspections/new/",
    "units:inspection_detail": "/units/inspections/1/",
    "units:kis_notification_list": "/units/kis/",
    "units:kis_notification_create": "/units/kis/new/",
    "units:kis_notification_detail": "/units/kis/1/",
    "units:kis_closure_create": "/units/{unit_a}/kis-closure/",
    "participants:list": "/participants/",
    "participants:follow_ups": "/participants/follow-ups/",
    "participants:intake": "/participants/new/",
    "participants:detail": "/participants/1/",
    "participants:edit": "/participants/1/edit/",
    "participants:refer": "/participants/1/refer/",
    "participants:participation": "/participants/participations/1/",
    "participants:programme": "/participants/participations/1/programmes/1/",
    "participants:programme_pdf": "/participants/participations/1/programmes/1/pdf/",
    "participants:programme_compare": (
        "/participants/participations/1/programmes/compare/"
    ),
    "participants:certificate_pdf": "/participants/participations/1/certificate/",
    "participants:referral_document": (
        "/participants/participations/1/referral-document/"
    ),
    "participants:evidence_file": "/participants/grounds/1/evidence/",
    "participants:data": "/participants/1/data/",
    "participants:data_json": "/participants/1/data.json",
    "participants:data_pdf": "/participants/data-exports/1/",
    "participants:anonymise": "/participants/1/anonymise/",
    "participants:access_log": "/participants/access-log/",
    # Upload pages of the imports (participants/tests/access_matrix.py).
    "participants:import_list": "/participants/imports/",
    "participants:import_units_upload": "/participants/imports/units/new/",
    "participants:import_participants_upload": (
        "/participants/imports/participants/new/"
    ),
    "participants:import_detail": "/participants/imports/1/",
    "participants:import_progress": "/participants/imports/1/progress/",
    "participants:import_confirm": "/participants/imports/1/confirm/",
    "participants:import_errors": "/participants/imports/1/errors.csv",
    # What a centre provides (participants/tests/access_matrix_provisions.py).
    "participants:provisions_missing": "/participants/provisions/missing/",
    "participants:provision_create": "/participants/participations/1/provisions/new/",
    "participants:provision_void": "/participants/provisions/1/void/",
    "participants:meal": "/participants/participations/1/meal/",
    # Statistics and report jobs (reporting/tests/access_matrix_statistics.py).
    "reporting:statistics": "/reports/statistics/",
    "reporting:statistics_chart": "/reports/statistics/charts/participants_by_sex.svg",
    "reporting:statistics_csv": "/reports/statistics/tables/participants_by_sex.csv",
    "reporting:statistics_xlsx": "/reports/statistics/statistics.xlsx",
    "reporting:statistics_json": "/reports/statistics/statistics.json",
    "reporting:statistics_pdf": "/reports/statistics/pdf/",
    "reporting:statistics_years": "/reports/statistics/years/",
    "reporting:statistics_years_chart": "/reports/statistics/years/charts/units.svg",
    "reporting:statistics_years_csv": "/reports/statistics/years/tables/units.csv",
    "reporting:statistics_years_xlsx": "/reports/statistics/years/comparison.xlsx",
    "reporting:statistics_years_pdf": "/reports/statistics/years/pdf/",
    "reporting:job_detail": "/reports/jobs/1/",
    "reporting:job_progress": "/reports/jobs/1/progress/",
    "reporting:job_download": "/reports/jobs/1/download/",
    # Integration allowances (programs/tests/access_matrix_allowances.py).
    "programs:allowance_months": "/programs/allowances/",
    "programs:allowance_month_open": "/programs/allowances/open/",
    "programs:allowance_month": "/programs/allowances/1/",
    "programs:allowance_recompute": "/programs/allowances/1/recompute/",
    "programs:allowance_approve": "/programs/allowances/1/approve/",
    "programs:allowance_reopen": "/programs/allowances/1/reopen/",
    "programs:allowance_bonus": "/programs/allowances/entries/1/bonus/",
    "programs:allowance_payroll_pdf": "/programs/allowances/1/payroll.pdf",
    "programs:allowance_payroll_xlsx": "/programs/allowances/1/payroll.xlsx",
    "programs:allowance_refund_pdf": "/programs/allowances/1/refund.pdf",
    "programs:allowance_refund_xlsx": "/programs/allowances/1/refund.xlsx",
    "programs:benefit_rates": "/programs/benefit-rates/",
    # Activities and attendance (programs/tests/access_matrix_activities.py).
    "programs:activity_list": "/programs/activities/",
    "programs:activity_create": "/programs/activities/new/",
    "programs:activity_detail": "/programs/activities/1/",
    "programs:activity_edit": "/programs/activities/1/edit/",
    "programs:session_cancel": "/programs/sessions/1/cancel/",
    "programs:session_restore": "/programs/sessions/1/restore/",
    "programs:enrolment_end": "/programs/enrolments/1/end/",
    "programs:attendance": "/programs/attendance/",
    "programs:attendance_cell": "/programs/attendance/cell/",
    "programs:attendance_pdf": "/programs/attendance/pdf/",
    "programs:monthly_programme": "/programs/monthly-programme/",
    "programs:monthly_programme_pdf": "/programs/monthly-programme/pdf/",
    "programs:supported_list": "/programs/supported-employment/",
    "programs:supported_create": (
        "/programs/participations/1/supported-employment/new/"
    ),
    "programs:supported_edit": "/programs/supported-employment/1/edit/",
    "programs:supported_refunds": "/programs/supported-employment/1/refunds/",
    "programs:supported_refund_void": (
        "/programs/supported-employment/1/refunds/1/void/"
    ),
    # Unit annual reports (reporting/tests/access_matrix_reports.py).
    "reporting:unit_report_list": "/reports/unit-reports/",
    "reporting:unit_report_open": "/reports/unit-reports/open/",
    "reporting:unit_report_official_list": "/reports/unit-reports/review/",
    "reporting:unit_report_missing": "/reports/unit-reports/missing/",
    "reporting:unit_report_detail": "/reports/unit-reports/1/",
    "reporting:unit_report_edit": "/reports/unit-reports/1/edit/",
    "reporting:unit_report_submit": "/reports/unit-reports/1/submit/",
    "reporting:unit_report_review": "/reports/unit-reports/1/review/",
    "reporting:unit_report_pdf": "/reports/unit-reports/1/pdf/",
}


def named_patterns(resolver=None, namespace=""):
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace == "admin":
                continue  # Django's admin guards itself (is_staff), tested below.
            ns = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from named_patterns(pattern, ns)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}{pattern.name}"


def test_every_url_is_in_the_table():
    names = set(named_patterns())
    assert names - PUBLIC - set(LOGIN_REQUIRED) == set()
    assert set(LOGIN_REQUIRED) <= names
    assert names >= PUBLIC


@pytest.mark.parametrize("name", sorted(LOGIN_REQUIRED))
def test_anonymous_is_refused(client, refused, name, unit_a):
    url = LOGIN_REQUIRED[name].format(unit_a=unit_a.pk)
    refused(client, url)
    refused(client, url, method="post")


@pytest.mark.parametrize(
    "url", ["/admin/", "/admin/accounts/user/", "/admin/units/unit/"]
)
def test_admin_refuses_everyone_but_administrators(
    client_for, staff_a, official_a, analyst, admin_user, url
):
    for user in (None, staff_a, official_a, analyst):
        response = client_for(user).get(url)
        assert response.status_code == 302
        assert response.url.startswith("/admin/login/")
    assert client_for(admin_user).get(url).status_code == 200


@pytest.mark.parametrize(
    "url",
    [
        "/admin/units/legalrule/",
        "/admin/units/statusapplication/",
        "/admin/units/statusdecision/",
        "/admin/units/decisioncounter/",
        "/admin/units/kisnotification/",
        "/admin/units/voivodeship/",
        "/admin/units/foundingbody/",
        "/admin/accounts/membership/",
        "/admin/participants/exclusionground/",
        "/admin/participants/participant/",
        "/admin/participants/participation/",
        "/admin/participants/accesslog/",
        "/admin/otp_totp/totpdevice/",
    ],
)
def test_admin_lists_open_for_administrators(client_for, admin_user, url):
    assert client_for(admin_user).get(url).status_code == 200
