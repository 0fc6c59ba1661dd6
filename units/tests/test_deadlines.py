import datetime

import pytest

from units.deadlines import add_months, days_deadline, months_deadline, next_working_day

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (D(2026, 3, 10), 1, D(2026, 4, 10)),
        (D(2026, 1, 31), 1, D(2026, 2, 28)),  # no 31 February: last day (art. 57 § 3)
        (D(2024, 1, 31), 1, D(2024, 2, 29)),
        (D(2026, 12, 15), 1, D(2027, 1, 15)),
        (D(2026, 3, 1), 60, D(2031, 3, 1)),
    ],
)
def test_add_months(start, months, expected):
    assert add_months(start, months) == expected


@pytest.mark.parametrize(
    ("day", "expected", "why"),
    [
        (D(2026, 3, 11), D(2026, 3, 11), "a Wednesday stays"),
        (D(2026, 3, 15), D(2026, 3, 16), "Sunday moves to Monday"),
        (D(2026, 3, 14), D(2026, 3, 16), "Saturday moves to Monday since 2017"),
        (D(2017, 5, 27), D(2017, 5, 27), "Saturday stayed before 1 June 2017"),
        (D(2026, 11, 11), D(2026, 11, 12), "Independence Day"),
        (D(2026, 12, 24), D(2026, 12, 28), "Christmas Eve (a holiday since 2025)"),
        (D(2026, 4, 5), D(2026, 4, 7), "Easter Sunday and Monday"),
        (D(2026, 5, 1), D(2026, 5, 4), "1 May, then Saturday 2 and Sunday 3 May"),
    ],
)
def test_next_working_day_kpa_art_57_par_4(day, expected, why):
    assert next_working_day(day) == expected, why


def test_decision_month_ending_on_all_saints_moves_to_monday():
    # Complete on 1 October 2026: one month ends on Sunday 1 November (a holiday).
    assert months_deadline(D(2026, 10, 1), 1) == D(2026, 11, 2)


def test_thirty_day_deadline_on_a_holiday():
    # 12 October 2026 + 30 days = 11 November, Independence Day.
    assert days_deadline(D(2026, 10, 12), 30) == D(2026, 11, 12)
