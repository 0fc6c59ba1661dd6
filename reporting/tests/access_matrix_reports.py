"""Access-control matrix entries for the unit annual reports and their review:
name -> (path, GET, POST), the expected answers built with
cis_kis.tests.access.roles().

The world (reporting/tests/test_access_reports.py) has a draft of unit A for
one year and a submitted report of unit A for the year before. A draft is the
unit's own: its staff see and edit it, only its manager submits it; nobody
outside the unit sees it. A submitted report is seen by the unit, by the
officials of its voivodeship (who alone review it) and read only by analysts
and administrators. POSTs send no data: 400 proves the role got past the
access checks, 405 that the page takes no POST.
"""

from cis_kis.tests.access import (
    A_MANAGER_PAGE,
    A_RECORD,
    A_RECORD_FORM_POST,
    LOGGED_IN_NO_POST,
    LOGIN,
    OFFICES_NO_POST,
    OFFICES_PAGE,
    UNIT_STAFF_FORM_POST,
    UNIT_STAFF_NO_POST,
    UNIT_STAFF_PAGE,
    roles,
)

A_SUBMITTED_REPORT = roles(LOGIN, 200, 200, 404, 200, 404, 200, 200)
A_REVIEWER_PAGE = roles(LOGIN, 404, 404, 404, 200, 404, 404, 404)
A_REVIEWER_FORM_POST = roles(LOGIN, 404, 404, 404, 400, 404, 404, 404)
A_MANAGER_FORM_POST = roles(LOGIN, 404, 400, 404, 404, 404, 404, 404)

MATRIX: dict[str, tuple[str, dict, dict]] = {
    "reporting:unit_report_list": (
        "/reports/unit-reports/",
        UNIT_STAFF_PAGE,
        UNIT_STAFF_NO_POST,
    ),
    "reporting:unit_report_open": (
        "/reports/unit-reports/open/",
        UNIT_STAFF_NO_POST,
        UNIT_STAFF_FORM_POST,
    ),
    "reporting:unit_report_official_list": (
        "/reports/unit-reports/review/",
        OFFICES_PAGE,
        OFFICES_NO_POST,
    ),
    "reporting:unit_report_missing": (
        "/reports/unit-reports/missing/",
        OFFICES_PAGE,
        OFFICES_NO_POST,
    ),
    "reporting:unit_report_detail": (
        "/reports/unit-reports/{submitted}/",
        A_SUBMITTED_REPORT,
        LOGGED_IN_NO_POST,
    ),
    "reporting:unit_report_edit": (
        "/reports/unit-reports/{draft}/edit/",
        A_RECORD,
        A_RECORD_FORM_POST,
    ),
    "reporting:unit_report_submit": (
        "/reports/unit-reports/{draft}/submit/",
        A_MANAGER_PAGE,
        A_MANAGER_FORM_POST,
    ),
    "reporting:unit_report_review": (
        "/reports/unit-reports/{submitted}/review/",
        A_REVIEWER_PAGE,
        A_REVIEWER_FORM_POST,
    ),
    "reporting:unit_report_pdf": (
        "/reports/unit-reports/{submitted}/pdf/",
        A_SUBMITTED_REPORT,
        LOGGED_IN_NO_POST,
    ),
}
