"""Retention: the records whose every participation ended more than the
retention period ago, listed without names, and their anonymisation by the
`participants_retention` command (confirmed, one transaction each, keeping
what the statistics count)."""

import datetime
import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from dateutil.relativedelta import relativedelta
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone, translation

from participants.constants import AccessAction, ExitReason, Outcome
from participants.constants_provisions import ExaminationResult, ProvisionKind
from participants.models import AccessLog, Participant, Participation, Provision
from participants.retention import (
    RetentionRow,
    participants_past_retention,
    retention_anonymise,
    retention_cutoff,
)
from participants.services import (
    participant_anonymise,
    participation_admit,
    participation_exit,
    participation_not_admit,
    provision_record,
)
from participants.tests.factories import make_pesel
from participants.tests.test_services import refer, register

pytestmark = pytest.mark.django_db
D = datetime.date
TODAY = D(2026, 12, 1)
ROOT = Path(__file__).resolve().parents[2]


BIRTH = D(1970, 4, 5)


def person(unit, serial, *, last_name, birth=BIRTH, sex="F"):
    return register(
        None,
        unit,
        last_name=last_name,
        pesel=make_pesel(birth, sex, serial),
        info_clause_on=D(2010, 1, 4),
    )


def stint(participant, *, admitted_on, exited_on=None):
    """A participation admitted on `admitted_on`, ended on `exited_on` (None:
    still under way)."""
    participation = refer(
        None, participant, on=admitted_on - datetime.timedelta(days=7)
    )
    participation_admit(
        actor=None, participation=participation, admitted_on=admitted_on
    )
    if exited_on is not None:
        participation_exit(
            actor=None,
            participation=participation,
            exited_on=exited_on,
            reason=ExitReason.EMPLOYMENT,
            outcome=Outcome.OPEN_MARKET,
            historical=True,
        )
    participation.refresh_from_db()
    return participation


def not_admitted(participant, *, closed_on=None, history=True):
    """A referral closed without admission on `closed_on` (as the history
    records it); without history, the day it was recorded counts."""
    participation = refer(None, participant, on=D(2014, 2, 3))
    participation_not_admit(
        actor=None, participation=participation, reason="Nie zgłosił się."
    )
    moment = datetime.datetime.combine(
        closed_on or D(2014, 2, 10), datetime.time(12), tzinfo=datetime.UTC
    )
    Participation.objects.filter(pk=participation.pk).update(created_at=moment)
    rows = Participation.history.filter(id=participation.pk)
    if history:
        rows.filter(state="not_admitted").update(history_date=moment)
    else:
        rows.delete()
    return participation


@pytest.fixture
def records(unit_a, unit_b, manager_a):
    """Unit A: two records past ten years on 1 December 2026 (one exactly a
    day before the cut-off), one ended on the cut-off day, one with a later
    stint, one with a stint under way, one already anonymised, one closed
    without admission long ago, one without any participation; unit B: one
    past the period."""
    old = person(unit_a, 1, last_name="Stara")
    stint(old, admitted_on=D(2014, 3, 10), exited_on=D(2015, 6, 30))
    day_before = person(unit_a, 2, last_name="Graniczna")
    stint(day_before, admitted_on=D(2016, 1, 11), exited_on=D(2016, 11, 30))
    on_cutoff = person(unit_a, 3, last_name="Wczorajsza")
    stint(on_cutoff, admitted_on=D(2016, 1, 11), exited_on=D(2016, 12, 1))
    came_back = person(unit_a, 4, last_name="Powracająca")
    stint(came_back, admitted_on=D(2013, 1, 7), exited_on=D(2013, 12, 20))
    stint(came_back, admitted_on=D(2025, 1, 13), exited_on=D(2025, 6, 30))
    under_way = person(unit_a, 5, last_name="Obecna")
    stint(under_way, admitted_on=D(2012, 1, 9), exited_on=D(2012, 12, 21))
    stint(under_way, admitted_on=D(2026, 3, 2))
    erased = person(unit_a, 6, last_name="Usunięta")
    stint(erased, admitted_on=D(2012, 1, 9), exited_on=D(2012, 12, 21))
    participant_anonymise(actor=manager_a, participant=erased)
    refused = person(unit_a, 7, last_name="Niedopuszczona", sex="M")
    not_admitted(refused, closed_on=D(2014, 2, 17))
    person(unit_a, 8, last_name="Bezudziałowa")
    other = person(unit_b, 9, last_name="Obca")
    stint(other, admitted_on=D(2010, 2, 1), exited_on=D(2011, 1, 31))
    return {
        "old": old,
        "day_before": day_before,
        "on_cutoff": on_cutoff,
        "came_back": came_back,
        "under_way": under_way,
        "refused": refused,
        "other": other,
    }


def test_cutoff_is_the_same_day_n_years_earlier():
    assert retention_cutoff(years=10, today=TODAY) == D(2016, 12, 1)
    assert retention_cutoff(years=1, today=D(2028, 2, 29)) == D(2027, 2, 28)
    for years in (0, -1, True, "10"):
        with pytest.raises(ValueError, match="years"):
            retention_cutoff(years=years, today=TODAY)


def test_lists_exactly_the_records_whose_every_participation_ended_long_ago(
    records, unit_a, unit_b
):
    a, b = unit_a.registry_id, unit_b.registry_id
    assert participants_past_retention(years=10, today=TODAY) == sorted(
        [
            RetentionRow(a, "CIS A", records["old"].pk, D(2015, 6, 30)),
            RetentionRow(a, "CIS A", records["day_before"].pk, D(2016, 11, 30)),
            RetentionRow(a, "CIS A", records["refused"].pk, D(2014, 2, 17)),
            RetentionRow(b, "CIS B", records["other"].pk, D(2011, 1, 31)),
        ],
        key=lambda row: (row.unit_registry_id, row.participant_id),
    )
    assert participants_past_retention(years=10, unit_id=unit_b.pk, today=TODAY) == [
        RetentionRow(b, "CIS B", records["other"].pk, D(2011, 1, 31))
    ]
    # A day later the record that ended on the cut-off day is due too; the
    # latest of several stints counts.
    assert [
        row.participant_id
        for row in participants_past_retention(
            years=1, unit_id=unit_a.pk, today=D(2026, 7, 1)
        )
    ] == sorted(
        records[name].pk
        for name in ("old", "day_before", "on_cutoff", "came_back", "refused")
    )


def test_a_refusal_without_history_counts_from_the_day_it_was_recorded(unit_a):
    refused = person(unit_a, 1, last_name="Niedopuszczona")
    not_admitted(refused, closed_on=D(2015, 3, 2), history=False)
    assert participants_past_retention(years=10, today=TODAY) == [
        RetentionRow(unit_a.registry_id, "CIS A", refused.pk, D(2015, 3, 2))
    ]


def run(*args, stdin=None):
    out, err = io.StringIO(), io.StringIO()
    with translation.override("en"):
        call_command(
            "participants_retention",
            *args,
            stdout=out,
            stderr=err,
            stdin=stdin if stdin is not None else io.StringIO(""),
        )
    return out.getvalue(), err.getvalue()


def error_of(*args, stdin=None):
    with pytest.raises(CommandError) as error, translation.override("en"):
        call_command(
            "participants_retention",
            *args,
            stdout=io.StringIO(),
            stderr=io.StringIO(),
            stdin=stdin if stdin is not None else io.StringIO(""),
        )
    return str(error.value)


def header(years, count):
    cutoff = timezone.localdate() - relativedelta(years=years)
    return (
        f"Records past the retention period of {years} years (every "
        f"participation ended before {cutoff.isoformat()}): {count}"
    )


def test_the_command_lists_unit_id_and_end_date_only(records, unit_a, unit_b):
    out, err = run()
    a, b = unit_a.registry_id, unit_b.registry_id
    rows = sorted(
        [
            (a, records["old"].pk, "2015-06-30"),
            (a, records["day_before"].pk, "2016-11-30"),
            (a, records["refused"].pk, "2014-02-17"),
            (b, records["other"].pk, "2011-01-31"),
        ]
    )
    # Runs on 1 December 2026 or later: the record that ended on that day
    # ten years before is due from then on.
    if timezone.localdate() > D(2026, 12, 1):
        rows = sorted([*rows, (a, records["on_cutoff"].pk, "2016-12-01")])
    assert out.splitlines() == [
        header(10, len(rows)),
        "unit\trecord\tended on",
        *(f"{unit}\t{pk}\t{day}" for unit, pk, day in rows),
    ]
    assert err == ""
    for participant in Participant.objects.all():
        for secret in (participant.pesel, participant.last_name):
            if secret:
                assert secret not in out
    assert Participant.objects.filter(anonymised_at__isnull=False).count() == 1


def test_the_period_comes_from_the_setting_or_years(settings, records, unit_b):
    settings.PARTICIPANT_RETENTION_YEARS = 15
    out, _err = run()
    assert out.splitlines() == [
        header(15, 1),
        "unit\trecord\tended on",
        f"{unit_b.registry_id}\t{records['other'].pk}\t2011-01-31",
    ]
    out, _err = run("--years", "30")
    assert out.splitlines() == [header(30, 0)]
    out, _err = run("--years", "12", "--unit", unit_b.registry_id)
    assert out.splitlines() == [
        header(12, 1),
        "unit\trecord\tended on",
        f"{unit_b.registry_id}\t{records['other'].pk}\t2011-01-31",
    ]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--years", "0"], "--years must be a whole number from 1 to 200, not 0."),
        (["--years", "-3"], "--years must be a whole number from 1 to 200, not -3."),
        (
            ["--years", "5000"],
            "--years must be a whole number from 1 to 200, not 5000.",
        ),
        (
            ["--years", "ten"],
            "Error: argument --years: invalid int value: 'ten'",
        ),
        (["--unit", "NO-SUCH"], "No unit has the registry_id 'NO-SUCH'."),
        (["--unit", "a\x00b"], "No unit has the registry_id 'a\\x00b'."),
        (["--bogus"], "Error: unrecognized arguments: --bogus"),
    ],
)
def test_bad_arguments_are_refused_with_a_message(records, args, message):
    assert error_of(*args) == message
    assert Participant.objects.filter(anonymised_at__isnull=False).count() == 1


@pytest.mark.parametrize("value", [0, "ten", 2.5, True])
def test_a_bad_setting_is_refused_with_a_message(settings, value):
    settings.PARTICIPANT_RETENTION_YEARS = value
    assert error_of() == (
        "The setting PARTICIPANT_RETENTION_YEARS must be a whole number of "
        f"years from 1 to 200, not {value!r}."
    )


def test_a_bad_argument_exits_non_zero_without_a_traceback():
    result = subprocess.run(
        [sys.executable, "manage.py", "participants_retention", "--years", "0"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "cis_kis.test_settings",
            "LANGUAGE": "en",
        },
        timeout=120,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    # The message may be in Polish (the default language) once translated.
    message = result.stderr.strip()
    assert message.startswith("CommandError: ")
    assert "--years" in message
    assert "200" in message


class Terminal(io.StringIO):
    """Typed answers at a terminal."""

    def isatty(self):
        return True


def anonymised_ids():
    return set(
        Participant.objects.filter(anonymised_at__isnull=False).values_list(
            "pk", flat=True
        )
    )


def test_anonymising_without_a_terminal_needs_yes(records):
    before = anonymised_ids()
    assert error_of("--anonymise") == (
        "Anonymisation cannot be undone and needs a confirmation: standard "
        "input is not a terminal, so run again with --yes. Nothing was "
        "anonymised."
    )
    assert anonymised_ids() == before


def test_anonymising_at_a_terminal_asks_first(records):
    before = anonymised_ids()
    assert (
        error_of("--anonymise", "--years", "15", stdin=Terminal("no\n"))
        == "Not confirmed. Nothing was anonymised."
    )
    assert anonymised_ids() == before
    out, _err = run("--anonymise", "--years", "15", stdin=Terminal("yes\n"))
    assert out.splitlines()[-1] == (
        "Anonymise this record for good? Type “yes” to confirm: "
        "Anonymised: 1. No longer due (skipped): 0. Refused: 0."
    )
    assert anonymised_ids() == before | {records["other"].pk}


def test_nothing_due_needs_no_confirmation(records):
    out, _err = run("--anonymise", "--years", "30")
    assert out.splitlines() == [header(30, 0), "Nothing to anonymise."]


def test_anonymise_with_yes_erases_identity_and_keeps_the_statistics(
    records, unit_a, unit_b
):
    old = records["old"]
    kept_hash = old.pesel_hash
    participation = old.participations.get()
    due = {records[name].pk for name in ("old", "day_before", "refused", "other")}
    if timezone.localdate() > D(2026, 12, 1):
        due.add(records["on_cutoff"].pk)
    before = anonymised_ids()

    out, err = run("--anonymise", "--yes")

    assert out.splitlines()[-1] == (
        f"Anonymised: {len(due)}. No longer due (skipped): 0. Refused: 0."
    )
    assert err == ""
    assert anonymised_ids() == before | due
    old.refresh_from_db()
    assert (old.pesel, old.first_name, old.last_name, old.document_number) == (
        "",
        "",
        "",
        "",
    )
    assert old.anonymised_at is not None
    # What the statistics count is kept.
    assert (old.unit_id, old.sex, old.birth_date, old.pesel_hash) == (
        unit_a.pk,
        "F",
        D(1970, 1, 1),
        kept_hash,
    )
    participation.refresh_from_db()
    assert (
        participation.unit_id,
        participation.state,
        participation.admitted_on,
        participation.exited_on,
        participation.exit_reason,
        participation.outcome,
    ) == (
        unit_a.pk,
        "exited",
        D(2014, 3, 10),
        D(2015, 6, 30),
        ExitReason.EMPLOYMENT,
        Outcome.OPEN_MARKET,
    )
    assert list(participation.grounds.values_list("ground__code", "is_primary")) == [
        ("long_term_unemployed", True)
    ]
    # The system did it: logged without a user, once per record.
    assert sorted(
        AccessLog.objects.filter(
            action=AccessAction.ANONYMISE, user__isnull=True
        ).values_list("participant_id", flat=True)
    ) == sorted(due)
    # The records still within the period are untouched.
    for name in ("came_back", "under_way"):
        records[name].refresh_from_db()
        assert records[name].anonymised_at is None
        assert records[name].last_name != ""
    assert Participant.objects.get(unit=unit_b).last_name == ""
    # Run again: nothing left.
    out, _err = run("--anonymise", "--yes")
    assert out.splitlines()[0] == header(10, 0)


def test_a_record_referred_again_since_it_was_listed_is_skipped(records):
    old = records["old"]
    stint(old, admitted_on=D(2026, 11, 2))
    result = retention_anonymise(
        participant_ids=[old.pk, records["other"].pk], years=10, today=TODAY
    )
    assert (result.anonymised, result.skipped, result.failed) == (
        [records["other"].pk],
        [old.pk],
        [],
    )
    old.refresh_from_db()
    assert old.anonymised_at is None


def test_retention_keeps_what_a_centre_provided_without_the_notes(unit_a):
    old = person(unit_a, 1, last_name="Stara")
    participation = stint(old, admitted_on=D(2014, 3, 10), exited_on=D(2015, 6, 30))
    provision_record(
        actor=None,
        participation=participation,
        kind=ProvisionKind.MEDICAL_EXAMINATION,
        provided_on=D(2014, 3, 7),
        result=ExaminationResult.FIT_WITH_RESTRICTIONS,
        note="Przeciwwskazana praca fizyczna.",
    )
    Participation.objects.filter(pk=participation.pk).update(meal_note="dieta")
    result = retention_anonymise(participant_ids=[old.pk], years=10, today=TODAY)
    assert result.anonymised == [old.pk]
    assert list(
        Provision.objects.values_list("kind", "provided_on", "result", "note")
    ) == [
        (
            ProvisionKind.MEDICAL_EXAMINATION,
            D(2014, 3, 7),
            ExaminationResult.FIT_WITH_RESTRICTIONS,
            "",
        )
    ]
    participation.refresh_from_db()
    assert participation.meal_note == ""
    assert not Provision.history.exists()
