"""Shared parts of the access-control matrices (cis_kis/tests/test_access_matrix.py
and each app's tests/access_matrix.py): the roles, the expected answers, and
the loop that asks every URL as every role.
"""

from django.test import Client

ROLES = (
    "anonymous",
    "staff_a",
    "manager_a",
    "staff_b",
    "official_a",
    "official_other",
    "analyst",
    "admin_user",
)
LOGIN = "login"  # a redirect to the log-in page


def each(code):
    return dict.fromkeys(ROLES, code)


def roles(
    anonymous, staff_a, manager_a, staff_b, official_a, official_other, analyst, admin
):
    return dict(
        zip(
            ROLES,
            (
                anonymous,
                staff_a,
                manager_a,
                staff_b,
                official_a,
                official_other,
                analyst,
                admin,
            ),
            strict=True,
        )
    )


LOGGED_IN_PAGE = roles(LOGIN, 200, 200, 200, 200, 200, 200, 200)
LOGGED_IN_NO_POST = roles(LOGIN, 405, 405, 405, 405, 405, 405, 405)
OFFICES_PAGE = roles(LOGIN, 404, 404, 404, 200, 200, 200, 200)
OFFICES_NO_POST = roles(LOGIN, 404, 404, 404, 405, 405, 405, 405)
OFFICIALS_FORM = roles(LOGIN, 404, 404, 404, 200, 200, 404, 404)
A_OFFICE_OBJECT = roles(LOGIN, 404, 404, 404, 200, 404, 200, 200)
A_OFFICE_OBJECT_NO_POST = roles(LOGIN, 404, 404, 404, 405, 405, 405, 405)
NOTHING_PAST_ACCESS = roles(LOGIN, 404, 404, 404, 404, 404, 404, 404)
# Participants' personal data: unit staff only, and only of their own unit.
UNIT_STAFF_PAGE = roles(LOGIN, 200, 200, 200, 404, 404, 404, 404)
UNIT_STAFF_NO_POST = roles(LOGIN, 405, 405, 405, 404, 404, 404, 404)
UNIT_STAFF_FORM_POST = roles(LOGIN, 400, 400, 400, 404, 404, 404, 404)
A_RECORD = roles(LOGIN, 200, 200, 404, 404, 404, 404, 404)
A_RECORD_FORM_POST = roles(LOGIN, 400, 400, 404, 404, 404, 404, 404)
A_MANAGER_PAGE = roles(LOGIN, 404, 200, 404, 404, 404, 404, 404)
A_MANAGER_NO_POST = roles(LOGIN, 404, 405, 404, 404, 404, 404, 404)


def matrix_failures(request, matrix, world):
    """(name, role, method, got, expected) for every answer that differs."""
    failures = []
    for role in ROLES:
        user = None if role == "anonymous" else request.getfixturevalue(role)
        for name, (path, get_codes, post_codes) in matrix.items():
            url = path.format(**world)
            for method, expected in (("get", get_codes), ("post", post_codes)):
                # A fresh session each time: logging out must not leak into
                # the next request.
                client = Client()
                if user is not None:
                    client.force_login(user)
                response = getattr(client, method)(url)
                code = response.status_code
                if expected[role] == LOGIN:
                    if code != 302 or not response.url.startswith("/accounts/login/"):
                        failures.append((name, role, method, code, LOGIN))
                elif code != expected[role]:
                    failures.append((name, role, method, code, expected[role]))
    return failures
