"""The demo allowances: past months approved, the current one a draft, and
loading twice changes nothing."""

import pytest
from django.utils import timezone

from cis_kis.demo_allowances import load_allowances
from programs.models import AllowanceMonth
from programs.tests.allowance_fixtures import participation

pytestmark = pytest.mark.django_db


def test_load_allowances_is_idempotent(unit_a, unit_other, manager_a, staff_a):
    participation(unit_a)
    assert load_allowances([unit_a, unit_other]) == 13
    current = timezone.localdate().replace(day=1)
    months = AllowanceMonth.objects.filter(unit=unit_a)
    assert months.count() == 13
    assert months.get(month=current).state == "draft"
    assert months.filter(state="approved").count() == 12
    approved_at = sorted(
        months.values_list("approved_at", flat=True).exclude(approved_at=None)
    )
    load_allowances([unit_a])
    assert (
        sorted(months.values_list("approved_at", flat=True).exclude(approved_at=None))
        == approved_at
    )
    assert not AllowanceMonth.objects.filter(unit=unit_other).exists()
