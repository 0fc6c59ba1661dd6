"""Demo data of the integration allowance: for every demo centre (CIS), the
past months of the last year computed from the demo attendance and approved
by the centre's manager; the current month is computed and stays a draft.

Idempotent: approved months are left as they are, drafts are computed again.
Run it after `load_programs` (it reads the attendance that one writes):

    from cis_kis.demo_allowances import load_allowances
    load_allowances(units)
"""

from __future__ import annotations

from collections.abc import Iterable

from django.utils import timezone

from accounts.constants import MembershipRole
from programs.constants import AllowanceMonthState
from programs.services.allowances import allowance_month_approve, allowance_month_open
from units.constants import UnitKind
from units.deadlines import add_months
from units.models import Unit

MONTHS_BACK = 12


def _people(unit: Unit):
    memberships = unit.memberships.select_related("user").order_by("pk")
    manager = next(
        (m.user for m in memberships if m.role == MembershipRole.MANAGER), None
    )
    staff = manager or next((m.user for m in memberships), None)
    return manager, staff


def load_allowances(units: Iterable[Unit]) -> int:
    """Compute (and, for past months, approve) the demo centres' allowances;
    returns the number of months written."""
    current = timezone.localdate().replace(day=1)
    written = 0
    for unit in units:
        if unit.kind != UnitKind.CIS:
            continue
        manager, staff = _people(unit)
        if staff is None:
            continue
        for back in range(MONTHS_BACK, -1, -1):
            month_start = add_months(current, -back)
            month = allowance_month_open(unit=unit, month=month_start, actor=staff)
            written += 1
            if (
                back > 0
                and manager is not None
                and month.state == AllowanceMonthState.DRAFT
                and month.allowances.exists()
            ):
                allowance_month_approve(allowance_month=month, actor=manager)
    return written
