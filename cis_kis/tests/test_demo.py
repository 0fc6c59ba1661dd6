import datetime
from collections import Counter
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction
from django.db.models import Count
from django.utils import timezone, translation
from stdnum.pl import pesel as stdnum_pesel

from accounts.access import Level, scope_for
from accounts.models import Membership, User
from cis_kis import demo
from cis_kis.demo import LOGINS, demo_email
from cis_kis.demo_participants import MOVED_PERSON, demo_pesel
from participants.constants import (
    DocumentType,
    ExitReason,
    Outcome,
    ParticipationState,
    ProgrammeChange,
    ProgrammeKind,
    ReferralIssuer,
    RemovalGround,
)
from participants.models import (
    FollowUp,
    IndividualProgramme,
    Participant,
    Participation,
    ParticipationGround,
    Provision,
    Referral,
)
from participants.selectors import follow_ups_due, in_another_cis
from participants.selectors_provisions import (
    missing_provisions_for_user,
    provision_status,
)
from participants.services import participation_limits
from programs.constants import AllowanceMonthState
from programs.models import (
    Activity,
    AllowanceMonth,
    AttendanceEntry,
    MonthlyProgramme,
    SupportedEmployment,
    SupportedEmploymentRefund,
)
from programs.refund_schedule import highest_refund
from programs.selectors_allowances import (
    rate_points,
    refund_rule_on,
    supported_refund_schedule,
)
from units.constants import FounderGroup, UnitKind
from units.models import FoundingBody, Unit

pytestmark = pytest.mark.django_db

EXPECTED_LOGINS = [
    "admin@demo.example.org",
    "analyst@demo.example.org",
    "official14@demo.example.org",
    "official12@demo.example.org",
    "manager.cis1@demo.example.org",
    "staff.cis1@demo.example.org",
    "staff.cis2@demo.example.org",
    "staff.kis1@demo.example.org",
]


def run(*args):
    out = StringIO()
    call_command("load_demo", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def without_programs(monkeypatch):
    """For the tests of participants: the activities, attendance and
    allowances have their own demo tests (programs/tests/test_*_demo.py); the
    shared demo below loads them once."""
    monkeypatch.setattr(demo, "load_programs", lambda units: None)
    monkeypatch.setattr(demo, "load_allowances", lambda units: None)
    monkeypatch.setattr(demo, "load_reports", lambda units: None)


@pytest.fixture
def without_participants(monkeypatch):
    """For the tests of units and logins: the participants take most of the
    loading time and are tested below."""
    monkeypatch.setattr(demo, "load_participants", lambda units: None)
    monkeypatch.setattr(demo, "load_programs", lambda units: None)
    monkeypatch.setattr(demo, "load_allowances", lambda units: None)
    monkeypatch.setattr(demo, "load_reports", lambda units: None)


@pytest.mark.usefixtures("without_participants")
def test_load_demo_prints_every_login_and_the_password():
    output = run("--password", "demo-haslo-1")
    for email in EXPECTED_LOGINS:
        assert email in output
    assert "Password of every demo login: demo-haslo-1" in output
    assert [demo_email(login) for login in LOGINS] == EXPECTED_LOGINS
    for email in EXPECTED_LOGINS:
        assert User.objects.get(email=email).check_password("demo-haslo-1")


@pytest.mark.usefixtures("without_participants")
def test_load_demo_without_password_generates_one():
    output = run()
    password = output.strip().rsplit(": ", 1)[1]
    assert len(password) >= 12
    assert User.objects.get(email="analyst@demo.example.org").check_password(password)


def test_load_demo_refuses_an_empty_password():
    with pytest.raises(CommandError, match="must not be empty"):
        run("--password", " ")


def participant_counts():
    return {
        "participants": Participant.objects.count(),
        "participations": Participation.objects.count(),
        "referrals": Referral.objects.count(),
        "grounds": ParticipationGround.objects.count(),
        "programmes": IndividualProgramme.objects.count(),
        "signed": IndividualProgramme.objects.filter(signed_on__isnull=False).count(),
        "follow_ups": FollowUp.objects.count(),
        "checked": FollowUp.objects.filter(checked_on__isnull=False).count(),
        "provisions": Provision.objects.count(),
        "meals_declined": Participation.objects.filter(takes_meal=False).count(),
        "states": states_per_unit(),
    }


@pytest.mark.usefixtures("without_programs")
def test_load_demo_is_idempotent():
    run("--password", "a-first-pass")
    counts = (
        Unit.objects.count(),
        FoundingBody.objects.count(),
        User.objects.count(),
        Membership.objects.count(),
    )
    participants = participant_counts()
    run("--password", "a-second-pass")
    assert counts == (
        Unit.objects.count(),
        FoundingBody.objects.count(),
        User.objects.count(),
        Membership.objects.count(),
    )
    assert participant_counts() == participants
    assert participants["participants"] == 174
    assert User.objects.get(email="admin@demo.example.org").check_password(
        "a-second-pass"
    )


@pytest.mark.usefixtures("without_participants")
def test_demo_covers_kinds_founder_groups_and_voivodeships():
    run("--password", "x-demo-pass")
    units = Unit.objects.select_related("founding_body", "voivodeship")
    pairs = {(u.kind, u.founding_body.founder_group) for u in units}
    assert pairs == {
        (UnitKind.CIS, FounderGroup.LOCAL_GOVERNMENT),
        (UnitKind.CIS, FounderGroup.SOCIAL_ECONOMY),
        (UnitKind.KIS, FounderGroup.LOCAL_GOVERNMENT),
        (UnitKind.KIS, FounderGroup.SOCIAL_ECONOMY),
    }
    assert len({u.voivodeship.teryt for u in units}) >= 4
    for body in FoundingBody.objects.all():
        body.full_clean()  # every NIP and REGON is valid


@pytest.mark.usefixtures("without_participants")
def test_demo_logins_have_the_designed_scopes():
    run("--password", "x-demo-pass")

    def scope(email):
        return scope_for(User.objects.get(email=email))

    assert scope("admin@demo.example.org").is_admin
    assert scope("analyst@demo.example.org").level is Level.NATIONAL
    official14 = scope("official14@demo.example.org")
    assert official14.level is Level.VOIVODESHIP
    assert (
        User.objects.get(email="official12@demo.example.org").voivodeship.name
        == "małopolskie"
    )
    cis1 = Unit.objects.get(registry_id="DEMO-CIS1")
    cis2 = Unit.objects.get(registry_id="DEMO-CIS2")
    kis1 = Unit.objects.get(registry_id="DEMO-KIS1")
    assert cis1.kind == cis2.kind == UnitKind.CIS
    assert cis1.voivodeship.teryt == cis2.voivodeship.teryt == "14"
    assert kis1.kind == UnitKind.KIS
    assert kis1.voivodeship.teryt == "12"
    assert scope("manager.cis1@demo.example.org").managed_unit_ids == {cis1.pk}
    assert scope("staff.cis1@demo.example.org").unit_ids == {cis1.pk}
    assert scope("staff.cis1@demo.example.org").managed_unit_ids == frozenset()
    assert scope("staff.cis2@demo.example.org").unit_ids == {cis2.pk}
    assert scope("staff.kis1@demo.example.org").unit_ids == {kis1.pk}


@pytest.mark.usefixtures("without_participants")
@pytest.mark.parametrize(
    ("email", "template"),
    [
        ("admin@demo.example.org", "home/national.html"),
        ("analyst@demo.example.org", "home/national.html"),
        ("official14@demo.example.org", "home/voivodeship.html"),
        ("official12@demo.example.org", "home/voivodeship.html"),
        ("manager.cis1@demo.example.org", "home/units.html"),
        ("staff.cis1@demo.example.org", "home/units.html"),
        ("staff.cis2@demo.example.org", "home/units.html"),
        ("staff.kis1@demo.example.org", "home/units.html"),
    ],
)
def test_every_demo_login_logs_in_to_its_home_page(client, email, template):
    run("--password", "demo-login-pass")
    response = client.post(
        "/accounts/login/", {"username": email, "password": "demo-login-pass"}
    )
    assert response.status_code == 302
    assert client.get("/").templates[0].name == template


# --- participants -----------------------------------------------------------
# Every open demo unit has the same 19 persons; the Radom centre also has the
# man who moved there from Płock and the person admitted despite a problem,
# the Płock centre his earlier, ended participation.
COMMON = {"referred": 2, "active": 9, "exited": 7, "not_admitted": 1}
EXPECTED_STATES = {
    "DEMO-CIS1": {**COMMON, "active": 11},
    "DEMO-CIS2": {**COMMON, "exited": 8},
    "DEMO-KIS-OTWOCK": COMMON,
    "DEMO-KIS1": COMMON,
    "DEMO-CIS-TARNOW": COMMON,
    "DEMO-KIS-KRAKOW": COMMON,
    "DEMO-CIS-BYTOM": COMMON,
    "DEMO-KIS-SLUPSK": COMMON,
    "DEMO-CIS-KONIN": COMMON,
}
EXPECTED_PARTICIPANTS = {
    "DEMO-CIS1": 21,
    "DEMO-CIS2": 20,
    "DEMO-KIS-OTWOCK": 19,
    "DEMO-KIS1": 19,
    "DEMO-CIS-TARNOW": 19,
    "DEMO-KIS-KRAKOW": 19,
    "DEMO-CIS-BYTOM": 19,
    "DEMO-KIS-SLUPSK": 19,
    "DEMO-CIS-KONIN": 19,
}
CIS_KEYS = ["DEMO-CIS1", "DEMO-CIS2", "DEMO-CIS-TARNOW", "DEMO-CIS-BYTOM"]
KIS_KEYS = ["DEMO-KIS-OTWOCK", "DEMO-KIS1", "DEMO-KIS-KRAKOW", "DEMO-KIS-SLUPSK"]
WORKSHOPS = {
    "gastronomiczny",
    "remontowo-budowlany",
    "porządkowo-gospodarczy",
    "ogrodniczy",
    "krawiecki",
}


def states_per_unit():
    rows = Participation.objects.values("unit__registry_id", "state").annotate(
        n=Count("pk")
    )
    result: dict[str, dict[str, int]] = {}
    for row in rows:
        result.setdefault(row["unit__registry_id"], {})[row["state"]] = row["n"]
    return result


def unit(registry_id):
    return Unit.objects.get(registry_id=registry_id)


def due_split(rows, today):
    """(overdue, due within two weeks) of the follow-ups `rows`."""
    return (
        sum(row.due_on < today for row in rows),
        sum(row.due_on >= today for row in rows),
    )


@pytest.mark.parametrize(
    "day",
    [
        datetime.date(2028, 2, 29),  # a leap day: months back end on the 28th
        datetime.date(2027, 3, 31),  # a month's last day: months back clamp
    ],
)
@pytest.mark.usefixtures("without_programs")
def test_demo_participants_load_whatever_the_day(monkeypatch, day):
    assert not Participant.objects.exists()  # runs before the shared demo below
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: day)
    run("--password", "x-demo-pass")
    assert states_per_unit() == EXPECTED_STATES
    cis1 = User.objects.get(email="staff.cis1@demo.example.org")
    assert due_split(follow_ups_due(user=cis1, day=day), day) == (3, 1)
    assert not Participation.objects.filter(admitted_on__gt=day).exists()
    assert not Participation.objects.filter(exited_on__gt=day).exists()
    assert not IndividualProgramme.objects.filter(signed_on__gt=day).exists()
    assert not FollowUp.objects.filter(checked_on__gt=day).exists()


@pytest.fixture(scope="module")
def demo_data(django_db_setup, django_db_blocker):
    """The demo loaded once for the tests below, which only read it; rolled
    back at the end of the module."""
    with django_db_blocker.unblock(), transaction.atomic():
        run("--password", "x-demo-pass")
        yield
        transaction.set_rollback(True)


pytestmark_demo = pytest.mark.usefixtures("demo_data")


@pytestmark_demo
def test_demo_participants_per_unit_and_state():
    assert states_per_unit() == EXPECTED_STATES
    participants = dict(
        Participant.objects.values_list("unit__registry_id")
        .annotate(n=Count("pk"))
        .values_list("unit__registry_id", "n")
    )
    assert participants == EXPECTED_PARTICIPANTS
    # The closed centre has none; each person has one participation.
    assert not Participant.objects.filter(unit__registry_id="DEMO-CIS-ZABRZE")
    assert Participation.objects.count() == Participant.objects.count() == 174


@pytestmark_demo
def test_demo_covers_every_state_exit_reason_and_outcome():
    assert set(Participation.objects.values_list("state", flat=True)) == set(
        ParticipationState.values
    )
    for registry_id in EXPECTED_STATES:
        exits = Participation.objects.filter(
            unit__registry_id=registry_id, state=ParticipationState.EXITED
        )
        assert set(exits.values_list("exit_reason", flat=True)) == set(
            ExitReason.values
        )
        assert set(exits.values_list("outcome", flat=True)) == set(Outcome.values)
    removed = Participation.objects.filter(exit_reason=ExitReason.REMOVED)
    assert Counter(
        (row.unit.kind, row.removal_ground) for row in removed.select_related("unit")
    ) == {(UnitKind.CIS, RemovalGround.ABSENCE): 5, (UnitKind.KIS, ""): 4}
    assert all(
        row.exit_note.startswith("Nieusprawiedliwiona nieobecność na zajęciach od ")
        for row in removed
    )


@pytestmark_demo
def test_demo_stages_of_the_radom_centre():
    today = timezone.localdate()
    active = list(
        Participation.objects.filter(
            unit__registry_id="DEMO-CIS1", state=ParticipationState.ACTIVE
        ).prefetch_related("programmes")
    )
    trial = [row for row in active if row.in_trial_on(today)]
    assert len(trial) == 2
    # One of them has a programme drawn up and waiting for the signature.
    assert sorted(len(row.programmes.all()) for row in trial) == [0, 1]
    assert [p.signed_on for row in trial for p in row.programmes.all()] == [None]
    in_programme = [row for row in active if not row.in_trial_on(today)]
    assert len(in_programme) == 9
    assert all(
        p.signed_on is not None for row in in_programme for p in row.programmes.all()
    )
    referred = Participation.objects.filter(
        unit__registry_id="DEMO-CIS1", state=ParticipationState.REFERRED
    )
    assert [row.admitted_on for row in referred] == [None, None]


@pytestmark_demo
def test_demo_programmes_keep_to_the_act():
    cis_programmes = IndividualProgramme.objects.filter(
        participation__unit__kind=UnitKind.CIS
    )
    assert set(cis_programmes.values_list("kind", flat=True)) == {ProgrammeKind.IPZS}
    assert set(cis_programmes.values_list("hours_per_week", flat=True)) == {35}
    assert set(cis_programmes.values_list("workshop", flat=True)) == WORKSHOPS
    kis_kinds = Counter(
        IndividualProgramme.objects.filter(
            participation__unit__kind=UnitKind.KIS
        ).values_list("kind", flat=True)
    )
    assert kis_kinds == {ProgrammeKind.KIS_PLAN: 64, ProgrammeKind.SOCIAL_CONTRACT: 4}
    for registry_id in EXPECTED_STATES:
        changes = Counter(
            IndividualProgramme.objects.filter(
                participation__unit__registry_id=registry_id
            ).values_list("change", flat=True)
        )
        assert changes[ProgrammeChange.AMENDMENT] == 1
        assert changes[ProgrammeChange.EXTENSION] == 1
    amended = IndividualProgramme.objects.get(
        participation__unit__registry_id="DEMO-CIS1", change=ProgrammeChange.AMENDMENT
    )
    versions = amended.participation.programmes.order_by("version")
    assert [(p.version, p.change, p.workshop) for p in versions] == [
        (1, ProgrammeChange.INITIAL, "gastronomiczny"),
        (2, ProgrammeChange.AMENDMENT, "ogrodniczy"),
    ]
    extension = IndividualProgramme.objects.get(
        participation__unit__registry_id="DEMO-CIS1", change=ProgrammeChange.EXTENSION
    )
    limits = participation_limits(extension.participation)
    first = extension.participation.programmes.get(version=1)
    assert first.ends_on == limits.basic_ends_on
    assert limits.basic_ends_on < extension.ends_on <= limits.extended_ends_on
    for programme in cis_programmes.select_related("participation"):
        limits = participation_limits(programme.participation)
        assert programme.starts_on == programme.participation.admitted_on
        assert programme.ends_on <= limits.extended_ends_on


@pytestmark_demo
def test_demo_follow_ups_due_and_done():
    today = timezone.localdate()
    soon = today + datetime.timedelta(days=14)
    for registry_id in EXPECTED_STATES:
        rows = FollowUp.objects.filter(
            participation__unit__registry_id=registry_id,
            checked_on__isnull=True,
            due_on__lte=soon,
        )
        assert due_split(rows, today) == (3, 1), registry_id
    for email in ("staff.cis1", "staff.cis2", "staff.kis1"):
        user = User.objects.get(email=f"{email}@demo.example.org")
        assert due_split(follow_ups_due(user=user, day=today), today) == (3, 1)
    cis1 = User.objects.get(email="staff.cis1@demo.example.org")
    rows = list(follow_ups_due(user=cis1, day=today))
    # Overdue first (the oldest first), then the one due within days.
    assert [
        (row.months_after, row.participation.exit_reason, row.participation.outcome)
        for row in rows
    ] == [
        (3, ExitReason.COMPLETED, Outcome.SUPPORTED),
        (3, ExitReason.REMOVED, Outcome.NONE),
        (6, ExitReason.COMPLETED, Outcome.OWN_BUSINESS),
        (3, ExitReason.EMPLOYMENT, Outcome.OPEN_MARKET),
    ]
    assert rows[-1].due_on <= today + datetime.timedelta(days=14)
    checked = dict(
        FollowUp.objects.filter(checked_on__isnull=False)
        .values_list("participation__unit__registry_id")
        .annotate(n=Count("pk"))
        .values_list("participation__unit__registry_id", "n")
    )
    assert checked == {
        registry_id: 8 if registry_id == "DEMO-CIS2" else 6
        for registry_id in EXPECTED_STATES
    }
    twelve_months = FollowUp.objects.get(
        participation__unit__registry_id="DEMO-CIS1", months_after=12
    )
    assert (twelve_months.outcome, twelve_months.employer) == (
        Outcome.OPEN_MARKET,
        "Przedsiębiorstwo Gospodarki Komunalnej Sp. z o.o.",
    )


@pytestmark_demo
def test_demo_pesels_are_valid_and_match_the_person():
    for participant in Participant.objects.all():
        participant.full_clean()  # the PESEL agrees with the date and the sex
        assert 1960 <= participant.birth_date.year <= 2003
        if participant.pesel:
            assert stdnum_pesel.is_valid(participant.pesel)
            assert participant.citizenship == "polskie"
    without = Participant.objects.filter(pesel="")
    assert without.count() == 9
    assert set(without.values_list("document_type", flat=True)) == {
        DocumentType.RESIDENCE_CARD
    }
    assert "polskie" not in set(without.values_list("citizenship", flat=True))
    for registry_id in EXPECTED_STATES:
        sexes = Participant.objects.filter(unit__registry_id=registry_id)
        assert set(sexes.values_list("sex", flat=True)) == {"F", "M"}
    # Only the man who moved has the same PESEL in two units.
    repeated = (
        Participant.objects.exclude(pesel="")
        .values("pesel")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
    )
    assert [row["pesel"] for row in repeated] == [MOVED_PERSON.pesel]
    assert demo_pesel(datetime.date(1979, 4, 12), "M", 990) == "79041299016"


@pytestmark_demo
def test_demo_referrals_keep_to_art_12():
    referrals = Referral.objects.select_related("participation__unit")
    cis = Counter()
    for referral in referrals.filter(participation__unit__kind=UnitKind.CIS):
        primary = referral.participation.grounds.get(is_primary=True).ground.code
        cis[(primary == "long_term_unemployed", referral.issued_by)] += 1
    assert cis == {
        (True, ReferralIssuer.PUP): 52,
        (False, ReferralIssuer.OPS): 36,
        (False, ReferralIssuer.CUS): 9,
        (False, ReferralIssuer.PUP): 1,  # the one admitted despite the problem
    }
    kis = Counter(
        referrals.filter(participation__unit__kind=UnitKind.KIS).values_list(
            "issued_by", flat=True
        )
    )
    assert kis == {
        ReferralIssuer.PUP: 40,
        ReferralIssuer.OPS: 16,
        ReferralIssuer.NONE: 20,
    }
    radom = Referral.objects.filter(participation__unit__registry_id="DEMO-CIS1")
    assert set(radom.values_list("issuer_name", flat=True)) == {
        "Powiatowy Urząd Pracy w Radomiu",
        "Miejski Ośrodek Pomocy Społecznej w Radomiu",
    }
    overridden = Participation.objects.exclude(override_reason="").get()
    assert overridden.unit.registry_id == "DEMO-CIS1"
    assert overridden.state == ParticipationState.ACTIVE
    assert [p["code"] for p in overridden.eligibility_problems] == ["referral_issuer"]
    assert overridden.eligible
    problems = Participation.objects.exclude(eligibility_problems=[]).exclude(
        pk=overridden.pk
    )
    assert Counter(problems.values_list("state", flat=True)) == {
        ParticipationState.NOT_ADMITTED: 9
    }
    assert {row.eligibility_problems[0]["code"] for row in problems} == {
        "excluded_benefit"
    }


@pytestmark_demo
def test_demo_person_who_moved_shows_the_other_centre_warning():
    radom, plock = unit("DEMO-CIS1"), unit("DEMO-CIS2")
    pesel = MOVED_PERSON.pesel
    assert Participation.objects.get(
        unit=plock, participant__pesel=pesel
    ).exit_reason == (ExitReason.OTHER)
    assert (
        Participation.objects.get(unit=radom, participant__pesel=pesel).state
        == ParticipationState.ACTIVE
    )
    assert in_another_cis(pesel=pesel, unit=plock)
    assert not in_another_cis(pesel=pesel, unit=radom)
    # Nobody takes part in two centres at once.
    active_twice = (
        Participation.objects.filter(
            state=ParticipationState.ACTIVE, unit__kind=UnitKind.CIS
        )
        .values("participant__pesel_hash")
        .exclude(participant__pesel_hash="")
        .annotate(units=Count("unit", distinct=True))
        .filter(units__gt=1)
    )
    assert not active_twice.exists()


@pytestmark_demo
def test_demo_unit_staff_see_their_home_page(client):
    client.force_login(User.objects.get(email="staff.cis1@demo.example.org"))
    response = client.get("/")
    assert response.status_code == 200
    assert response.templates[0].name == "home/units.html"


@pytestmark_demo
def test_demo_has_activities_attendance_and_approved_allowance_months():
    cis1 = Unit.objects.get(registry_id="DEMO-CIS1")
    kis1 = Unit.objects.get(registry_id="DEMO-KIS1")
    assert Activity.objects.filter(unit=cis1, is_workshop=True).exists()
    assert Activity.objects.filter(unit=kis1).exists()
    assert AttendanceEntry.objects.filter(participation__unit=cis1).count() > 1000
    months = AllowanceMonth.objects.filter(unit=cis1)
    this_month = timezone.localdate().replace(day=1)
    assert months.filter(state=AllowanceMonthState.APPROVED).count() >= 11
    assert not months.filter(month=this_month, state=AllowanceMonthState.APPROVED)
    assert not AllowanceMonth.objects.filter(unit__kind=UnitKind.KIS).exists()


@pytestmark_demo
def test_demo_supported_employment_with_the_refund_the_rule_allows():
    records = SupportedEmployment.objects.select_related("participation__unit")
    assert records.exists()
    assert {r.participation.unit.kind for r in records} == {UnitKind.CIS}
    for record in records:
        assert record.participation.outcome == Outcome.SUPPORTED
        assert record.refund_monthly == highest_refund(
            starts_on=record.starts_on,
            rule=refund_rule_on(record.starts_on),
            rates=rate_points(),
        )
        # The months that have ended are refunded, each at its own highest.
        _rule, months = supported_refund_schedule(starts_on=record.starts_on)
        ended = [
            month
            for month in months
            if month.last_day < timezone.localdate() and month.maximum is not None
        ]
        assert [
            (refund.month, refund.amount) for refund in record.refunds.order_by("month")
        ] == [(month.number, month.maximum) for month in ended]
    assert SupportedEmploymentRefund.objects.exists()


@pytestmark_demo
def test_demo_monthly_programmes_adopted_by_the_manager():
    cis1 = Unit.objects.get(registry_id="DEMO-CIS1")
    programmes = MonthlyProgramme.objects.filter(unit=cis1)
    assert programmes.count() == 2
    assert {p.adopted_by.email for p in programmes} == {"manager.cis1@demo.example.org"}
    assert all(p.sessions > 0 for p in programmes)


@pytestmark_demo
def test_demo_provisions_of_the_centres_leave_a_few_missing():
    """Art. 14 ust. 2-4: every centre's participant has the training; the
    newest waits for the examination and the clothing, one examination has
    expired, one expires within weeks; a club has no such records."""
    today = timezone.localdate()
    assert not Provision.objects.filter(participation__unit__kind=UnitKind.KIS)
    centres = Unit.objects.filter(kind=UnitKind.CIS, participants__isnull=False)
    assert centres.distinct().count() == 5
    for email in ("staff.cis1", "staff.cis2"):
        user = User.objects.get(email=f"{email}@demo.example.org")
        rows = list(missing_provisions_for_user(user=user))
        with translation.override("en"):
            statuses = sorted(
                (
                    status.missing,
                    status.examination_expired,
                    status.examination_expiring,
                )
                for status in (provision_status(row, today) for row in rows)
            )
        assert statuses == [
            ([], False, True),
            ([], True, False),
            (["medical examination", "work clothing and footwear"], False, False),
        ], email
    active = Participation.objects.filter(
        unit__kind=UnitKind.CIS, state=ParticipationState.ACTIVE
    )
    trained = Provision.objects.in_force().filter(kind="ohs_training")
    assert not active.exclude(pk__in=trained.values("participation")).exists()
    assert Provision.objects.filter(voided_at__isnull=False).count() == 5
    assert (
        Provision.objects.filter(result="fit_with_restrictions")
        .exclude(note="")
        .count()
        == 5
    )
    assert Participation.objects.filter(takes_meal=False).count() == 5
    assert not Provision.objects.filter(provided_on__gt=today).exists()


@pytestmark_demo
def test_demo_centre_that_lost_its_status_returns_its_subsidies():
    """Art. 6: the Ostrołęka centre lost its status at the city's request;
    its unused subsidies are shared between the two grantors to the grosz."""
    from units.constants import CisStatus, DecisionKind  # noqa: PLC0415
    from units.deadlines import add_months  # noqa: PLC0415
    from units.models import StatusDecision  # noqa: PLC0415
    from units.status import DecisionFact, cis_status_on  # noqa: PLC0415

    centre = Unit.objects.get(registry_id="DEMO-CIS-OSTROLEKA")
    decision = StatusDecision.objects.get(unit=centre, kind=DecisionKind.LOSS)
    assert decision.loss_initiated_by == "municipality"
    facts = [
        DecisionFact(d.kind, d.issued_on, d.valid_until, d.pk)
        for d in StatusDecision.objects.filter(unit=centre)
    ]
    assert cis_status_on(facts, timezone.localdate()).status == CisStatus.LOST
    # Counted back from today, so the demo reads the same whenever loaded.
    assert decision.issued_on == add_months(timezone.localdate().replace(day=1), -5)
    assert not Activity.objects.filter(unit=centre).exists()
    settlement = decision.subsidy_return
    lines = list(settlement.lines.order_by("position"))
    assert [line.grantor for line in lines] == ["Miasto Ostrołęka", "Powiat ostrołęcki"]
    assert sum(line.to_return for line in lines) == settlement.unused_amount
