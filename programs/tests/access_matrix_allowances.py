"""Access-control matrix entries for the benefit rates, allowance months, payroll
and refund requests: name -> (path, GET, POST), the expected answers built with
cis_kis.tests.access.roles().

Allowances are personal data of a unit: its staff see them, its managers
approve, reopen and enter bonuses; officials, analysts and administrators get
404 like another unit's staff. POSTs send no data (a 400 proves the role got
past the access checks; recomputing a draft redirects back to it).
"""

from cis_kis.tests.access import (
    A_MANAGER_PAGE,
    A_RECORD,
    LOGIN,
    UNIT_STAFF_FORM_POST,
    UNIT_STAFF_NO_POST,
    UNIT_STAFF_PAGE,
    roles,
)

A_RECORD_REDIRECT_POST = roles(LOGIN, 302, 302, 404, 404, 404, 404, 404)
A_MANAGER_FORM_POST = roles(LOGIN, 404, 400, 404, 404, 404, 404, 404)

MATRIX: dict[str, tuple[str, dict, dict]] = {
    "programs:allowance_months": (
        "/programs/allowances/",
        UNIT_STAFF_PAGE,
        UNIT_STAFF_NO_POST,
    ),
    "programs:allowance_month_open": (
        "/programs/allowances/open/",
        UNIT_STAFF_PAGE,
        UNIT_STAFF_FORM_POST,
    ),
    "programs:allowance_month": (
        "/programs/allowances/{draft_month}/",
        A_RECORD,
        UNIT_STAFF_NO_POST,
    ),
    "programs:allowance_recompute": (
        "/programs/allowances/{draft_month}/recompute/",
        UNIT_STAFF_NO_POST,
        A_RECORD_REDIRECT_POST,
    ),
    "programs:allowance_approve": (
        "/programs/allowances/{draft_month}/approve/",
        A_MANAGER_PAGE,
        A_MANAGER_FORM_POST,
    ),
    "programs:allowance_reopen": (
        "/programs/allowances/{approved_month}/reopen/",
        A_MANAGER_PAGE,
        A_MANAGER_FORM_POST,
    ),
    "programs:allowance_bonus": (
        "/programs/allowances/entries/{draft_row}/bonus/",
        A_MANAGER_PAGE,
        A_MANAGER_FORM_POST,
    ),
    "programs:allowance_payroll_pdf": (
        "/programs/allowances/{approved_month}/payroll.pdf",
        A_RECORD,
        UNIT_STAFF_NO_POST,
    ),
    "programs:allowance_payroll_xlsx": (
        "/programs/allowances/{approved_month}/payroll.xlsx",
        A_RECORD,
        UNIT_STAFF_NO_POST,
    ),
    "programs:allowance_refund_pdf": (
        "/programs/allowances/{approved_month}/refund.pdf",
        A_RECORD,
        UNIT_STAFF_NO_POST,
    ),
    "programs:allowance_refund_xlsx": (
        "/programs/allowances/{approved_month}/refund.xlsx",
        A_RECORD,
        UNIT_STAFF_NO_POST,
    ),
    "programs:benefit_rates": (
        "/programs/benefit-rates/",
        UNIT_STAFF_PAGE,
        UNIT_STAFF_NO_POST,
    ),
}
