"""The participant's path through the services: intake, eligibility (art. 1),
referral (art. 12), admission and trial period (art. 15), programme limits
(art. 14, 15), exit (art. 13 ust. 4) and follow-ups."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from participants.constants import (
    Benefit,
    ExitReason,
    Outcome,
    ParticipationState,
    ProgrammeChange,
    ReferralIssuer,
    ReferralRequester,
    RemovalGround,
)
from participants.services import (
    GroundInput,
    ReferralInput,
    follow_up_record,
    participant_register,
    participation_admit,
    participation_exit,
    participation_ground_record,
    participation_limits,
    participation_not_admit,
    participation_override,
    participation_refer,
    programme_record,
)
from participants.tests.factories import ground, make_pesel

pytestmark = pytest.mark.django_db
D = datetime.date
REFERRED_ON = D(2025, 3, 3)
ADMITTED_ON = D(2025, 3, 10)


def register(actor, unit, **extra):
    data = {
        "first_name": "Anna",
        "last_name": "Kowalska",
        "pesel": make_pesel(D(1980, 5, 17), "F", 1),
        "info_clause_on": D(2025, 3, 1),
        **extra,
    }
    return participant_register(actor=actor, unit=unit, **data)


def refer(
    actor,
    participant,
    *,
    on=REFERRED_ON,
    primary="long_term_unemployed",
    issued_by=ReferralIssuer.PUP,
    benefits=(),
    others=(),
):
    return participation_refer(
        actor=actor,
        participant=participant,
        referral=ReferralInput(
            requested_by=ReferralRequester.SELF, issued_by=issued_by, referred_on=on
        ),
        grounds=[GroundInput(ground(primary), is_primary=True)]
        + [GroundInput(ground(code)) for code in others],
        benefits=benefits,
    )


def admitted(actor, unit, *, on=ADMITTED_ON, **kwargs):
    participation = refer(actor, register(actor, unit), **kwargs)
    return participation_admit(actor=actor, participation=participation, admitted_on=on)


def ipzs(actor, participation, *, ends_on, change=ProgrammeChange.INITIAL, **extra):
    return programme_record(
        actor=actor,
        participation=participation,
        change=change,
        starts_on=participation.admitted_on,
        ends_on=ends_on,
        goals="Powrót na rynek pracy.",
        hours_per_week=extra.pop("hours_per_week", 35),
        reason=extra.pop(
            "reason", "" if change == ProgrammeChange.INITIAL else "Postępy."
        ),
        **extra,
    )


def test_register_takes_birth_date_and_sex_from_the_pesel(staff_a, unit_a):
    participant = register(staff_a, unit_a)
    assert participant.birth_date == D(1980, 5, 17)
    assert participant.sex == "F"
    assert len(participant.pesel_hash) == 64
    assert participant.pesel not in participant.pesel_hash


def test_register_refuses_a_pesel_that_contradicts_the_birth_date(staff_a, unit_a):
    with pytest.raises(ValidationError) as error:
        register(staff_a, unit_a, birth_date=D(1981, 5, 17), sex="M")
    codes = {e.code for errors in error.value.error_dict.values() for e in errors}
    assert codes == {"pesel_birth_date_mismatch", "pesel_sex_mismatch"}


def test_register_refuses_an_invalid_pesel(staff_a, unit_a):
    valid = make_pesel(D(1980, 5, 17), "F", 1)
    wrong_check_digit = valid[:-1] + str((int(valid[-1]) + 1) % 10)
    with pytest.raises(ValidationError) as error:
        register(
            staff_a, unit_a, pesel=wrong_check_digit, birth_date=D(1980, 5, 17), sex="F"
        )
    assert error.value.error_dict["pesel"][0].code == "invalid_pesel"


def test_person_without_pesel_needs_a_document(staff_a, unit_a):
    with pytest.raises(ValidationError) as error:
        register(staff_a, unit_a, pesel="", birth_date=D(1990, 1, 2), sex="M")
    assert error.value.error_dict["pesel"][0].code == "no_identifier"
    person = register(
        staff_a,
        unit_a,
        pesel="",
        birth_date=D(1990, 1, 2),
        sex="M",
        document_type="passport",
        document_number="ab 123456",
    )
    assert person.document_number == "AB 123456"


def test_the_same_pesel_twice_in_one_unit_is_refused(staff_a, unit_a):
    register(staff_a, unit_a)
    with pytest.raises(ValidationError, match="already has a participant"):
        register(staff_a, unit_a)


def test_another_units_staff_cannot_register(staff_b, unit_a):
    with pytest.raises(PermissionDenied):
        register(staff_b, unit_a)


def test_official_cannot_register(official_a, unit_a):
    with pytest.raises(PermissionDenied):
        register(official_a, unit_a)


def test_referral_records_grounds_and_eligibility(staff_a, unit_a):
    participation = refer(staff_a, register(staff_a, unit_a), others=["disabled"])
    assert participation.state == ParticipationState.REFERRED
    assert participation.referral.issued_by == ReferralIssuer.PUP
    assert [(g.ground.code, g.is_primary) for g in participation.grounds.all()] == [
        ("long_term_unemployed", True),
        ("disabled", False),
    ]
    assert participation.eligibility_problems == []


def test_second_open_participation_is_refused(staff_a, unit_a):
    participant = register(staff_a, unit_a)
    refer(staff_a, participant)
    with pytest.raises(ValidationError, match="already has an open participation"):
        refer(staff_a, participant)


@pytest.mark.parametrize(
    ("kind", "day", "benefit", "excluded"),
    [
        ("CIS", D(2021, 6, 1), Benefit.INCAPACITY_PENSION, True),
        ("CIS", D(2025, 6, 1), Benefit.INCAPACITY_PENSION, True),
        ("KIS", D(2021, 6, 1), Benefit.INCAPACITY_PENSION, True),
        ("KIS", D(2022, 2, 15), Benefit.INCAPACITY_PENSION, False),
        ("KIS", D(2025, 6, 1), Benefit.OLD_AGE_PENSION, True),
        ("CIS", D(2025, 6, 1), Benefit.UNEMPLOYMENT_BENEFIT, True),
    ],
)
def test_art_1_ust_3_and_3a_entitlements_that_exclude(
    staff_a, unit_a, kind, day, benefit, excluded
):
    unit_a.kind = kind
    unit_a.save()
    issuer = ReferralIssuer.PUP if kind == "CIS" else ReferralIssuer.NONE
    participation = refer(
        staff_a,
        register(staff_a, unit_a),
        on=day,
        benefits=[benefit],
        issued_by=issuer,
    )
    problems = participation.eligibility_problems
    assert bool(problems) is excluded
    if excluded:
        assert problems[0]["code"] == "excluded_benefit"
        assert problems[0]["article"].startswith("art. 1 ust. 3 pkt ")


def test_art_12_long_term_unemployed_are_referred_by_the_labour_office(staff_a, unit_a):
    participation = refer(
        staff_a, register(staff_a, unit_a), issued_by=ReferralIssuer.OPS
    )
    assert [p["code"] for p in participation.eligibility_problems] == [
        "referral_issuer"
    ]
    assert participation.eligibility_problems[0]["article"].startswith("art. 12")


def test_art_12_a_centre_needs_a_referral(staff_a, unit_a):
    with pytest.raises(ValidationError) as error:
        refer(staff_a, register(staff_a, unit_a), issued_by=ReferralIssuer.NONE)
    assert error.value.error_dict["issued_by"][0].code == "cis_needs_referral"


def test_admission_of_an_ineligible_person_needs_a_justified_override(staff_a, unit_a):
    participation = refer(
        staff_a, register(staff_a, unit_a), benefits=[Benefit.OLD_AGE_PENSION]
    )
    with pytest.raises(ValidationError) as error:
        participation_admit(
            actor=staff_a, participation=participation, admitted_on=D(2025, 3, 10)
        )
    assert error.value.error_list[0].code == "not_eligible"
    assert "art. 1 ust. 3 pkt 7" in error.value.messages[0]
    with pytest.raises(ValidationError):
        participation_override(actor=staff_a, participation=participation, reason=" ")
    participation_override(
        actor=staff_a, participation=participation, reason="Emerytura zawieszona."
    )
    participation = participation_admit(
        actor=staff_a, participation=participation, admitted_on=D(2025, 3, 10)
    )
    assert participation.state == ParticipationState.ACTIVE
    assert participation.override_by == staff_a


@pytest.mark.parametrize(
    ("admitted_on", "trial_ends_on"),
    [
        (D(2025, 3, 10), D(2025, 4, 9)),
        # No 31 February: the month ends on the last day of February
        # (KC art. 112).
        (D(2025, 1, 31), D(2025, 2, 28)),
        (D(2025, 1, 28), D(2025, 2, 27)),
        (D(2021, 12, 1), D(2021, 12, 31)),
    ],
)
def test_art_15_trial_period_is_one_month(staff_a, unit_a, admitted_on, trial_ends_on):
    participation = refer(staff_a, register(staff_a, unit_a), on=admitted_on)
    participation = participation_admit(
        actor=staff_a, participation=participation, admitted_on=admitted_on
    )
    assert participation.trial_ends_on == trial_ends_on


def test_a_club_has_no_trial_period(staff_a, unit_a):
    unit_a.kind = "KIS"
    unit_a.save()
    participation = admitted(staff_a, unit_a, issued_by=ReferralIssuer.NONE)
    assert participation.trial_ends_on is None


@pytest.mark.parametrize(
    ("admitted_on", "basic_end", "extended_end"),
    [
        # Before 15 Feb 2022: 11 months after the trial, extension up to 6.
        (D(2021, 3, 1), D(2022, 2, 28), D(2022, 8, 31)),
        # Since: 12 months after the trial, extension up to 12.
        (D(2025, 3, 1), D(2026, 3, 31), D(2027, 3, 31)),
    ],
)
def test_art_15_participation_period_and_extension(
    staff_a, unit_a, admitted_on, basic_end, extended_end
):
    participation = refer(staff_a, register(staff_a, unit_a), on=admitted_on)
    participation = participation_admit(
        actor=staff_a, participation=participation, admitted_on=admitted_on
    )
    with pytest.raises(ValidationError) as error:
        ipzs(staff_a, participation, ends_on=basic_end + datetime.timedelta(days=1))
    assert error.value.error_dict["ends_on"][0].code == "beyond_participation_period"
    first = ipzs(staff_a, participation, ends_on=basic_end)
    assert first.version == 1
    with pytest.raises(ValidationError) as error:
        ipzs(
            staff_a,
            participation,
            ends_on=extended_end + datetime.timedelta(days=1),
            change=ProgrammeChange.EXTENSION,
        )
    assert error.value.error_dict["ends_on"][0].code == "beyond_extension"
    second = ipzs(
        staff_a, participation, ends_on=extended_end, change=ProgrammeChange.EXTENSION
    )
    assert second.version == 2


def test_an_extension_needs_a_reason(staff_a, unit_a):
    participation = admitted(staff_a, unit_a)
    ipzs(staff_a, participation, ends_on=D(2025, 12, 31))
    with pytest.raises(ValidationError) as error:
        ipzs(
            staff_a,
            participation,
            ends_on=D(2026, 6, 30),
            change=ProgrammeChange.EXTENSION,
            reason="",
        )
    assert error.value.error_dict["reason"][0].code == "reason_required"


@pytest.mark.parametrize(
    ("hours", "valid"), [(29, False), (30, True), (40, True), (41, False)]
)
def test_art_14_ust_1_thirty_to_forty_hours_a_week(staff_a, unit_a, hours, valid):
    participation = admitted(staff_a, unit_a)
    if valid:
        assert (
            ipzs(
                staff_a, participation, ends_on=D(2025, 12, 31), hours_per_week=hours
            ).hours_per_week
            == hours
        )
    else:
        with pytest.raises(ValidationError) as error:
            ipzs(staff_a, participation, ends_on=D(2025, 12, 31), hours_per_week=hours)
        assert error.value.error_dict["hours_per_week"][0].code == "hours_out_of_range"


def test_art_13_ust_4a_removal_is_decided_by_the_head(staff_a, manager_a, unit_a):
    participation = admitted(staff_a, unit_a)
    with pytest.raises(ValidationError) as error:
        participation_exit(
            actor=staff_a,
            participation=participation,
            exited_on=D(2025, 5, 5),
            reason=ExitReason.REMOVED,
            outcome=Outcome.NONE,
            removal_ground=RemovalGround.ABSENCE,
            note="Nieobecny od 1 kwietnia.",
        )
    assert error.value.error_dict["reason"][0].code == "removal_by_head"
    with pytest.raises(ValidationError) as error:
        participation_exit(
            actor=manager_a,
            participation=participation,
            exited_on=D(2025, 5, 5),
            reason=ExitReason.REMOVED,
            outcome=Outcome.NONE,
            note="Nieobecny.",
        )
    assert error.value.error_dict["removal_ground"][0].code == "removal_ground_required"
    participation = participation_exit(
        actor=manager_a,
        participation=participation,
        exited_on=D(2025, 5, 5),
        reason=ExitReason.REMOVED,
        outcome=Outcome.NONE,
        removal_ground=RemovalGround.ABSENCE,
        note="Nieobecny od 1 kwietnia.",
    )
    assert participation.state == ParticipationState.EXITED


def test_exit_plans_follow_ups_at_3_6_and_optionally_12_months(staff_a, unit_a):
    participation = admitted(staff_a, unit_a)
    participation = participation_exit(
        actor=staff_a,
        participation=participation,
        exited_on=D(2025, 8, 31),
        reason=ExitReason.EMPLOYMENT,
        outcome=Outcome.OPEN_MARKET,
        follow_up_12=True,
    )
    assert [(f.months_after, f.due_on) for f in participation.follow_ups.all()] == [
        (3, D(2025, 11, 30)),
        (6, D(2026, 2, 28)),
        (12, D(2026, 8, 31)),
    ]
    check = participation.follow_ups.get(months_after=3)
    with pytest.raises(ValidationError) as error:
        follow_up_record(
            actor=staff_a,
            follow_up=check,
            checked_on=D(2025, 12, 1),
            outcome="open_market",
        )
    assert error.value.error_dict["employer"][0].code == "employer_required"
    check = follow_up_record(
        actor=staff_a,
        follow_up=check,
        checked_on=D(2025, 12, 1),
        outcome="open_market",
        employer="Firma Sprzątająca Sp. z o.o.",
    )
    assert check.done


def test_exit_cannot_precede_admission_nor_happen_twice(staff_a, unit_a):
    participation = admitted(staff_a, unit_a)
    with pytest.raises(ValidationError) as error:
        participation_exit(
            actor=staff_a,
            participation=participation,
            exited_on=D(2025, 3, 9),
            reason=ExitReason.RESIGNED,
            outcome=Outcome.NONE,
        )
    assert error.value.error_dict["exited_on"][0].code == "exit_before_admission"
    participation_exit(
        actor=staff_a,
        participation=participation,
        exited_on=D(2025, 3, 20),
        reason=ExitReason.RESIGNED,
        outcome=Outcome.NONE,
    )
    with pytest.raises(ValidationError) as error:
        participation_exit(
            actor=staff_a,
            participation=participation,
            exited_on=D(2025, 3, 21),
            reason=ExitReason.RESIGNED,
            outcome=Outcome.NONE,
        )
    assert error.value.code == "invalid_transition"


def test_not_admitted_closes_the_referral(staff_a, unit_a):
    participation = refer(staff_a, register(staff_a, unit_a))
    participation = participation_not_admit(
        actor=staff_a, participation=participation, reason="Nie zgłosił się."
    )
    assert participation.state == ParticipationState.NOT_ADMITTED
    # A new referral may follow.
    assert refer(staff_a, participation.participant).state == "referred"


def test_marking_another_ground_primary_moves_the_mark(staff_a, unit_a):
    participation = refer(staff_a, register(staff_a, unit_a), others=["disabled"])
    participation_ground_record(
        actor=staff_a,
        participation=participation,
        item=GroundInput(
            ground("disabled"), is_primary=True, evidence_kind="disability"
        ),
    )
    assert list(
        participation.grounds.filter(is_primary=True).values_list(
            "ground__code", flat=True
        )
    ) == ["disabled"]
    # Checked again: the labour office issues referrals for the long-term
    # unemployed only (art. 12 ust. 1).
    participation.refresh_from_db()
    assert [p["code"] for p in participation.eligibility_problems] == [
        "referral_issuer"
    ]


def test_a_club_removal_takes_no_ground_of_art_13(manager_a, unit_a):
    unit_a.kind = "KIS"
    unit_a.save()
    participation = admitted(manager_a, unit_a, issued_by=ReferralIssuer.NONE)
    with pytest.raises(ValidationError) as error:
        participation_exit(
            actor=manager_a,
            participation=participation,
            exited_on=D(2025, 5, 5),
            reason=ExitReason.REMOVED,
            outcome=Outcome.NONE,
            removal_ground=RemovalGround.ABSENCE,
            note="Nie przychodzi.",
        )
    assert error.value.error_dict["removal_ground"][0].code == "removal_ground_not_cis"


def test_a_club_plan_extension_must_end_later(staff_a, unit_a):
    unit_a.kind = "KIS"
    unit_a.save()
    participation = admitted(staff_a, unit_a, issued_by=ReferralIssuer.NONE)
    assert participation_limits(participation) is None
    programme_record(
        actor=staff_a,
        participation=participation,
        starts_on=D(2025, 3, 10),
        ends_on=D(2025, 9, 30),
        goals="Aktywizacja.",
    )
    with pytest.raises(ValidationError) as error:
        programme_record(
            actor=staff_a,
            participation=participation,
            change=ProgrammeChange.EXTENSION,
            reason="Dłużej.",
            starts_on=D(2025, 3, 10),
            ends_on=D(2025, 9, 30),
            goals="Aktywizacja.",
        )
    assert error.value.error_dict["ends_on"][0].code == "extension_not_later"


def test_historical_exit_plans_no_follow_ups(staff_a, unit_a):
    participation = admitted(staff_a, unit_a)
    participation = participation_exit(
        actor=None,
        participation=participation,
        exited_on=D(2025, 6, 30),
        reason=ExitReason.COMPLETED,
        outcome=Outcome.CONTINUED,
        historical=True,
    )
    assert participation.state == ParticipationState.EXITED
    assert not participation.follow_ups.exists()


def test_follow_up_employment_cannot_end_before_it_starts(staff_a, unit_a):
    participation = admitted(staff_a, unit_a)
    participation_exit(
        actor=staff_a,
        participation=participation,
        exited_on=D(2025, 6, 30),
        reason=ExitReason.EMPLOYMENT,
        outcome=Outcome.OPEN_MARKET,
    )
    check = participation.follow_ups.get(months_after=3)
    with pytest.raises(ValidationError) as error:
        follow_up_record(
            actor=staff_a,
            follow_up=check,
            checked_on=D(2025, 10, 1),
            outcome="open_market",
            employer="Firma",
            employment_from=D(2025, 9, 1),
            employment_until=D(2025, 8, 1),
        )
    assert error.value.error_dict["employment_until"][0].code == "employment_dates"
