"""The access-control matrix of what a centre provides to its participants
(art. 14 ust. 2-4): every URL against every role, as in
cis_kis/tests/test_access_matrix.py. Entries: name -> (path, GET, POST).

Personal data: the staff of the participant's own centre only; another
unit's staff, officials, analysts and administrators (in the application)
get 404, anonymous users the log-in page. `{participation}` is a
participation under way in unit A, `{provision}` an entry of it in force.
POSTs send no data: the forms answer 400 with their errors, except the meal,
whose empty form (the box unticked) is valid and redirects.
"""

from cis_kis.tests.access import (
    A_RECORD,
    A_RECORD_FORM_POST,
    LOGIN,
    UNIT_STAFF_NO_POST,
    UNIT_STAFF_PAGE,
    roles,
)

MATRIX: dict[str, tuple[str, dict, dict]] = {
    # Each member of unit staff sees the list of their own centres.
    "participants:provisions_missing": (
        "/participants/provisions/missing/",
        UNIT_STAFF_PAGE,
        UNIT_STAFF_NO_POST,
    ),
    "participants:provision_create": (
        "/participants/participations/{participation}/provisions/new/",
        A_RECORD,
        A_RECORD_FORM_POST,
    ),
    "participants:provision_void": (
        "/participants/provisions/{provision}/void/",
        A_RECORD,
        A_RECORD_FORM_POST,
    ),
    "participants:meal": (
        "/participants/participations/{participation}/meal/",
        A_RECORD,
        roles(LOGIN, 302, 302, 404, 404, 404, 404, 404),
    ),
}
