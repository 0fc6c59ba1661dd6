"""Two managers approving one month at the same moment: one wins, the other is
told, nothing is written twice. Needs real row locks: PostgreSQL."""

import datetime

from accounts.tests.factories import MembershipFactory
from cis_kis.tests.concurrency import ROW_LOCK_MARKS, run_at_once
from programs.constants import AllowanceMonthState
from programs.models import AllowanceMonth
from programs.services.allowances import allowance_month_approve, allowance_month_open
from programs.tests.allowance_fixtures import participation

pytestmark = ROW_LOCK_MARKS


def test_two_managers_approving_one_month_one_wins(unit_a, manager_a):
    other_manager = MembershipFactory(unit=unit_a, role="manager").user
    participation(unit_a)
    month = allowance_month_open(
        unit=unit_a, month=datetime.date(2026, 3, 1), actor=manager_a
    )

    def approve(actor):
        return lambda: allowance_month_approve(allowance_month=month, actor=actor)

    results, errors = run_at_once(approve(manager_a), approve(other_manager))
    assert len(results) == 1
    assert len(errors) == 1
    assert errors[0].code == "invalid_transition"
    month.refresh_from_db()
    assert month.state == AllowanceMonthState.APPROVED
    assert month.approved_by_id == results[0].approved_by_id
    approvals = AllowanceMonth.history.filter(id=month.pk, state="approved").count()
    assert approvals == 1
