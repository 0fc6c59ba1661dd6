"""The daily reminders of the checks after exit: counts per unit, to each of
its active members, naming no participant."""

import datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django.core.management.base import CommandError

from participants.constants import ExitReason, Outcome
from participants.notifications import follow_up_messages
from participants.services import participation_admit, participation_exit
from participants.tests.test_services import refer, register

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def exited(staff_a, unit_a):
    participation = refer(staff_a, register(staff_a, unit_a))
    participation_admit(
        actor=staff_a, participation=participation, admitted_on=D(2025, 3, 10)
    )
    return participation_exit(
        actor=staff_a,
        participation=participation,
        exited_on=D(2025, 6, 30),
        reason=ExitReason.COMPLETED,
        outcome=Outcome.CONTINUED,
    )


def test_members_of_the_unit_get_the_counts_and_no_names(
    exited, staff_a, manager_a, staff_b
):
    # 3 months after: 30 Sept 2025 (overdue on 5 Jan 2026); 6 months: 30 Dec
    # 2025 (overdue too). On 20 Dec 2025 one is overdue, one due in 10 days.
    messages = follow_up_messages(day=D(2025, 12, 20))
    assert sorted(m.to for m in messages) == [manager_a.email, staff_a.email]
    body = messages[0].body
    assert "- 1 sprawdzenie jest zaległe;" in body
    assert "- 1 sprawdzenie przypada w ciągu 14 dni." in body
    assert "Kowalska" not in body
    assert exited.participant.pesel not in body
    assert messages[0].subject == (
        "cis-kis: sprawdzenia sytuacji po zakończeniu uczestnictwa – CIS A"
    )


def test_nothing_is_sent_when_nothing_is_due(exited):
    assert follow_up_messages(day=D(2025, 7, 1)) == []


def test_a_done_check_is_not_reminded(exited, staff_a):
    exited.follow_ups.update(checked_on=D(2025, 10, 1), outcome="none")
    assert follow_up_messages(day=D(2026, 1, 20)) == []


def test_command_sends_and_refuses_a_bad_date(exited, staff_a, manager_a):
    call_command("send_follow_up_reminders", "--date", "2025-12-20")
    assert len(mail.outbox) == 2
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("send_follow_up_reminders", "--date", "20.12.2025")
