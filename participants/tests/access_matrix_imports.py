"""The access-control matrix of the upload pages of the imports (units and
participants): every URL against every role, as in
cis_kis/tests/test_access_matrix.py. Entries: name -> (path, GET, POST).

The register of units is uploaded by officials and administrators, the
participants of a unit by its managers; a file (`{job}`: manager A's
participants file, with errors) is its uploader's only.
"""

from cis_kis.tests.access import LOGIN, roles

UPLOADERS_PAGE = roles(LOGIN, 404, 200, 404, 200, 200, 404, 200)
UPLOADERS_NO_POST = roles(LOGIN, 404, 405, 404, 405, 405, 404, 405)
OWNER_PAGE = roles(LOGIN, 404, 200, 404, 404, 404, 404, 404)
OWNER_NO_POST = roles(LOGIN, 404, 405, 404, 404, 404, 404, 404)

MATRIX: dict[str, tuple[str, dict, dict]] = {
    "participants:import_list": (
        "/participants/imports/",
        UPLOADERS_PAGE,
        UPLOADERS_NO_POST,
    ),
    # POSTs without a file: the form again, 400.
    "participants:import_units_upload": (
        "/participants/imports/units/new/",
        roles(LOGIN, 404, 404, 404, 200, 200, 404, 200),
        roles(LOGIN, 404, 404, 404, 400, 400, 404, 400),
    ),
    "participants:import_participants_upload": (
        "/participants/imports/participants/new/",
        roles(LOGIN, 404, 200, 404, 404, 404, 404, 404),
        roles(LOGIN, 404, 400, 404, 404, 404, 404, 404),
    ),
    "participants:import_detail": (
        "/participants/imports/{job}/",
        OWNER_PAGE,
        OWNER_NO_POST,
    ),
    "participants:import_progress": (
        "/participants/imports/{job}/progress/",
        OWNER_PAGE,
        OWNER_NO_POST,
    ),
    # A file with errors cannot be confirmed: the page again, 400.
    "participants:import_confirm": (
        "/participants/imports/{job}/confirm/",
        OWNER_NO_POST,
        roles(LOGIN, 404, 400, 404, 404, 404, 404, 404),
    ),
    "participants:import_errors": (
        "/participants/imports/{job}/errors.csv",
        OWNER_PAGE,
        OWNER_NO_POST,
    ),
}
