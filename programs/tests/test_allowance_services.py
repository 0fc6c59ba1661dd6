"""The allowance services: computing a unit's month from the attendance, the
bonus, approval (which locks the month) and reopening with a reason."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from accounts.tests.factories import MembershipFactory
from programs.constants import AllowanceMonthState
from programs.models import MonthlyAllowance
from programs.services.allowances import (
    allowance_bonus_set,
    allowance_month_approve,
    allowance_month_open,
    allowance_month_recompute,
    allowance_month_reopen,
)
from programs.tests.allowance_fixtures import attendance, participation

pytestmark = pytest.mark.django_db
D = datetime.date
MARCH = D(2026, 3, 1)


@pytest.fixture
def march(unit_a, manager_a):
    kowalska = participation(unit_a, last_name="Kowalska")
    nowak = participation(unit_a, last_name="Nowak")
    attendance(kowalska, MARCH, workdays=range(2, 7))
    attendance(nowak, MARCH, {3: "unexcused", 4: "unexcused"}, workdays=(2, 5))
    month = allowance_month_open(unit=unit_a, month=D(2026, 3, 15), actor=manager_a)
    return month, kowalska, nowak


def test_open_computes_every_participant_of_the_month(march):
    month, kowalska, nowak = march
    assert month.month == MARCH
    assert month.state == AllowanceMonthState.DRAFT
    rows = {row.participation_id: row for row in month.allowances.all()}
    full = rows[kowalska.pk]
    # 120% of 1721.90 (the benefit from 1 June 2025)
    assert full.benefit_rate == Decimal("1721.90")
    assert full.amount == Decimal("2066.28")
    assert full.contributions == {"disability": "165.30", "pension": "403.34"}
    assert full.breakdown["refund"] == "2634.92"
    assert full.flags == []
    # two unexcused days: 1/20 each
    assert rows[nowak.pk].deductions == Decimal("206.63")
    assert rows[nowak.pk].amount == Decimal("1859.65")
    assert rows[nowak.pk].breakdown["days"]["unexcused"] == 2


def test_a_participant_without_attendance_is_flagged(unit_a, staff_a):
    participation(unit_a)
    month = allowance_month_open(unit=unit_a, month=MARCH, actor=staff_a)
    assert month.allowances.get().flags == ["no_attendance"]


def test_a_club_has_no_allowance(unit_other, staff_a):

    MembershipFactory(user=staff_a, unit=unit_other, role="staff")
    staff_a.__dict__.pop("_cis_kis_scope", None)
    with pytest.raises(ValidationError) as error:
        allowance_month_open(unit=unit_other, month=MARCH, actor=staff_a)
    assert error.value.code == "kis_no_allowance"


def test_a_future_month_is_refused(unit_a, staff_a):
    with pytest.raises(ValidationError) as error:
        allowance_month_open(unit=unit_a, month=D(2099, 1, 1), actor=staff_a)
    assert error.value.code == "future_month"


def test_another_units_staff_cannot_open(unit_a, staff_b):
    with pytest.raises(PermissionDenied):
        allowance_month_open(unit=unit_a, month=MARCH, actor=staff_b)


def test_recompute_reads_the_corrected_attendance(march, staff_a):
    month, kowalska, _nowak = march
    attendance(kowalska, MARCH, {10: "unexcused"})
    allowance_month_recompute(allowance_month=month, actor=staff_a)
    assert month.allowances.get(participation=kowalska).amount == Decimal("1962.97")


def test_bonus_is_kept_by_a_recomputation(march, manager_a, staff_a):
    month, kowalska, _nowak = march
    row = month.allowances.get(participation=kowalska)
    allowance_bonus_set(allowance=row, percent=Decimal(25), actor=manager_a)
    allowance_month_recompute(allowance_month=month, actor=staff_a)
    row.refresh_from_db()
    assert row.bonus_percent == Decimal("25.00")
    assert row.bonus_amount == Decimal("516.57")  # 25% of 2066.28
    assert row.amount == Decimal("2582.85")


def test_staff_cannot_enter_a_bonus(march, staff_a):
    month, kowalska, _nowak = march
    with pytest.raises(PermissionDenied):
        allowance_bonus_set(
            allowance=month.allowances.get(participation=kowalska),
            percent=Decimal(10),
            actor=staff_a,
        )


@pytest.mark.parametrize(
    ("admitted_on", "trial_ends_on", "percent", "code"),
    [
        (D(2026, 3, 1), D(2026, 3, 31), Decimal(10), "bonus_in_trial"),
        (D(2025, 6, 2), D(2025, 7, 1), Decimal("100.5"), "bonus_over_max"),
    ],
)
def test_bonus_refused_by_the_act(
    unit_a, manager_a, admitted_on, trial_ends_on, percent, code
):
    person = participation(unit_a, admitted_on=admitted_on, trial_ends_on=trial_ends_on)
    month = allowance_month_open(unit=unit_a, month=MARCH, actor=manager_a)
    with pytest.raises(ValidationError) as error:
        allowance_bonus_set(
            allowance=month.allowances.get(participation=person),
            percent=percent,
            actor=manager_a,
        )
    assert error.value.error_dict["bonus_percent"][0].code == code


def test_approve_locks_the_month(march, manager_a, staff_a):
    month, kowalska, _nowak = march
    approved = allowance_month_approve(allowance_month=month, actor=manager_a)
    assert approved.state == AllowanceMonthState.APPROVED
    assert approved.approved_by == manager_a
    with pytest.raises(ValidationError) as error:
        allowance_month_recompute(allowance_month=month, actor=staff_a)
    assert error.value.code == "month_locked"
    with pytest.raises(ValidationError) as error:
        allowance_bonus_set(
            allowance=month.allowances.get(participation=kowalska),
            percent=Decimal(10),
            actor=manager_a,
        )
    assert error.value.code == "month_locked"
    with pytest.raises(ValidationError) as error:
        allowance_month_approve(allowance_month=month, actor=manager_a)
    assert error.value.code == "invalid_transition"


def test_only_a_manager_approves_and_reopens(march, staff_a, manager_a):
    month, *_ = march
    with pytest.raises(PermissionDenied):
        allowance_month_approve(allowance_month=month, actor=staff_a)
    allowance_month_approve(allowance_month=month, actor=manager_a)
    with pytest.raises(PermissionDenied):
        allowance_month_reopen(allowance_month=month, actor=staff_a, reason="x")


def test_reopen_needs_a_reason_and_records_it(march, manager_a, staff_a):
    month, *_ = march
    allowance_month_approve(allowance_month=month, actor=manager_a)
    with pytest.raises(ValidationError) as error:
        allowance_month_reopen(allowance_month=month, actor=manager_a, reason="  ")
    assert error.value.error_dict["reason"][0].code == "reason_required"
    reopened = allowance_month_reopen(
        allowance_month=month,
        actor=manager_a,
        reason="Zwolnienie lekarskie dostarczone.",
    )
    assert reopened.state == AllowanceMonthState.DRAFT
    assert reopened.reopened_by == manager_a
    assert reopened.reopen_reason == "Zwolnienie lekarskie dostarczone."
    states = list(
        month.history.order_by("history_date").values_list("state", flat=True)
    )
    assert states[-3:] == ["draft", "approved", "draft"]
    allowance_month_recompute(allowance_month=month, actor=staff_a)


def test_a_reopened_draft_can_be_approved_again(march, manager_a):
    month, *_ = march
    allowance_month_approve(allowance_month=month, actor=manager_a)
    allowance_month_reopen(allowance_month=month, actor=manager_a, reason="korekta")
    again = allowance_month_approve(allowance_month=month, actor=manager_a)
    assert again.state == AllowanceMonthState.APPROVED


def test_exited_before_the_month_is_not_included(unit_a, staff_a):
    participation(unit_a, exited_on=D(2026, 2, 27))
    kept = participation(unit_a, exited_on=D(2026, 3, 10))
    month = allowance_month_open(unit=unit_a, month=MARCH, actor=staff_a)
    assert list(
        MonthlyAllowance.objects.filter(allowance_month=month).values_list(
            "participation_id", flat=True
        )
    ) == [kept.pk]
    # 10 of 31 days of 2066.28
    assert month.allowances.get().amount == Decimal("666.54")


def test_compute_takes_a_constant_number_of_queries(
    unit_a, manager_a, django_assert_max_num_queries
):
    for n in range(60):
        person = participation(unit_a)
        attendance(
            person, MARCH, {3: "sick_certified"} if n % 2 else {}, workdays=(2, 4)
        )
    with django_assert_max_num_queries(16):
        month = allowance_month_open(unit=unit_a, month=MARCH, actor=manager_a)
    assert month.allowances.count() == 60


def test_days_off_used_earlier_in_the_year_of_participation_count(unit_a, staff_a):
    person = participation(unit_a)
    attendance(person, D(2026, 1, 1), dict.fromkeys(range(5, 17), "day_off"))
    attendance(person, MARCH, {9: "day_off"})
    month = allowance_month_open(unit=unit_a, month=MARCH, actor=staff_a)
    row = month.allowances.get()
    assert row.breakdown["days"]["days_off_unpaid"] == 1
    # 2066.28 − 2066.28/31
    assert row.amount == Decimal("1999.63")
    assert row.flags == ["days_off_over_limit"]
