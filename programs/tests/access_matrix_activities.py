"""Access-control matrix entries for the activities, timetables, sessions,
enrolments, attendance and supported employment: name -> (path, GET, POST), the
expected answers built with cis_kis.tests.access.roles().

Everything here is for the staff of a unit only (the register and the
enrolments are personal data): officials, analysts and administrators get 404
like another unit's staff; lists and the register answer every unit's staff
with their own rows. POSTs send no data (a 400 proves the role got past the
access checks).
"""

from cis_kis.tests.access import (
    A_RECORD,
    A_RECORD_FORM_POST,
    LOGIN,
    NOTHING_PAST_ACCESS,
    UNIT_STAFF_FORM_POST,
    UNIT_STAFF_NO_POST,
    UNIT_STAFF_PAGE,
    roles,
)

# A manager POSTing nothing gets the form's errors; staff who manage no unit,
# and everyone else, get 404.
MANAGER_FORM_POST = roles(LOGIN, 404, 400, 404, 404, 404, 404, 404)

MATRIX: dict[str, tuple[str, dict, dict]] = {
    "programs:activity_list": (
        "/programs/activities/",
        UNIT_STAFF_PAGE,
        UNIT_STAFF_NO_POST,
    ),
    "programs:activity_create": (
        "/programs/activities/new/",
        UNIT_STAFF_PAGE,
        UNIT_STAFF_FORM_POST,
    ),
    "programs:activity_detail": (
        "/programs/activities/{activity}/",
        A_RECORD,
        NOTHING_PAST_ACCESS,
    ),
    "programs:activity_edit": (
        "/programs/activities/{activity}/edit/",
        A_RECORD,
        A_RECORD_FORM_POST,
    ),
    "programs:session_cancel": (
        "/programs/sessions/{session}/cancel/",
        A_RECORD,
        A_RECORD_FORM_POST,
    ),
    "programs:session_restore": (
        "/programs/sessions/{session}/restore/",
        A_RECORD,
        A_RECORD_FORM_POST,
    ),
    "programs:enrolment_end": (
        "/programs/enrolments/{enrolment}/end/",
        A_RECORD,
        A_RECORD_FORM_POST,
    ),
    "programs:attendance": (
        "/programs/attendance/",
        UNIT_STAFF_PAGE,
        UNIT_STAFF_FORM_POST,
    ),
    "programs:attendance_cell": (
        "/programs/attendance/cell/",
        UNIT_STAFF_NO_POST,
        UNIT_STAFF_FORM_POST,
    ),
    "programs:attendance_pdf": (
        "/programs/attendance/pdf/?unit={unit_a}&month=2026-03",
        A_RECORD,
        UNIT_STAFF_NO_POST,
    ),
    # The programme holds no personal data, but it is the unit's working
    # document: its staff read it, its managers adopt it.
    "programs:monthly_programme": (
        "/programs/monthly-programme/",
        UNIT_STAFF_PAGE,
        MANAGER_FORM_POST,
    ),
    "programs:monthly_programme_pdf": (
        "/programs/monthly-programme/pdf/?unit={unit_a}&month=2026-03",
        A_RECORD,
        UNIT_STAFF_NO_POST,
    ),
    "programs:supported_list": (
        "/programs/supported-employment/",
        UNIT_STAFF_PAGE,
        UNIT_STAFF_NO_POST,
    ),
    "programs:supported_create": (
        "/programs/participations/{exited}/supported-employment/new/",
        A_RECORD,
        A_RECORD_FORM_POST,
    ),
    "programs:supported_edit": (
        "/programs/supported-employment/{supported}/edit/",
        A_RECORD,
        A_RECORD_FORM_POST,
    ),
    "programs:supported_refunds": (
        "/programs/supported-employment/{supported}/refunds/",
        A_RECORD,
        A_RECORD_FORM_POST,
    ),
    "programs:supported_refund_void": (
        "/programs/supported-employment/{supported}/refunds/1/void/",
        A_RECORD,
        A_RECORD_FORM_POST,
    ),
}
