"""The demo data set (DESIGN section 5): voivodeships, founders, CIS and KIS of
both founder groups, one login per role, and participants in every state
(cis_kis/demo_participants.py). Every write goes through the
apps' services, so running it again updates rather than duplicates."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, replace
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from stdnum.pl import nip, regon

from accounts.constants import MembershipRole, Role
from accounts.services import membership_grant, user_create_or_update
from cis_kis.demo_allowances import load_allowances
from cis_kis.demo_participants import load_participants
from cis_kis.demo_programs import load_programs
from cis_kis.demo_reports import load_reports
from units.constants import (
    ApplicationState,
    DecisionKind,
    DocumentKind,
    FounderType,
    GrantorKind,
    LossGround,
    LossInitiator,
    UnitKind,
)
from units.constants_kis import KIS_REGISTER_SINCE, KisActivity
from units.deadlines import add_months
from units.models import (
    KisNotification,
    StatusApplication,
    StatusDecision,
    Unit,
    Voivodeship,
)
from units.services import (
    ApplicationContents,
    application_contents_update,
    application_mark_complete,
    application_record_decided,
    application_register,
    application_request_supplement,
    decision_record_existing,
    founding_body_upsert,
    kis_notification_register,
    kis_register_entry,
    status_loss_decide,
    unit_upsert,
)
from units.services.subsidies import Subsidy, subsidy_return_record

DEMO_DOMAIN = "demo.example.org"
# Founder types registered in the National Court Register (KRS).
_KRS_TYPES = {FounderType.NGO, FounderType.SOCIAL_COOPERATIVE, FounderType.CHURCH}


def valid_nip(prefix: str) -> str:
    """The first valid NIP that starts with the nine digits of `prefix`."""
    for digit in "0123456789":
        if nip.is_valid(prefix + digit):
            return prefix + digit
    # Some prefixes have no valid check digit (it would be 10): try the next.
    return valid_nip(str(int(prefix) + 1).zfill(9))


def valid_regon(prefix: str) -> str:
    """A nine-digit REGON made valid with python-stdnum's check digit."""
    return prefix + regon.calc_check_digit(prefix)


@dataclass(frozen=True)
class DemoUnit:
    key: str
    kind: str
    name: str
    voivodeship: str
    municipality: str
    municipality_teryt: str
    founder_name: str
    founder_type: str
    opened_on: datetime.date
    closed_on: datetime.date | None = None
    places: int | None = None
    # A centre that lost its status that many months ago (the first of that
    # month), so that the demo reads the same whenever it is loaded.
    lost_months_ago: int | None = None


D = datetime.date
UNITS = [
    DemoUnit(
        "cis1",
        UnitKind.CIS,
        "Centrum Integracji Społecznej w Radomiu",
        "14",
        "Radom",
        "1463011",
        "Stowarzyszenie Pomocy Wzajemnej „Razem”",
        FounderType.NGO,
        D(2012, 3, 1),
        places=60,
    ),
    DemoUnit(
        "cis2",
        UnitKind.CIS,
        "Centrum Integracji Społecznej w Płocku",
        "14",
        "Płock",
        "1462011",
        "Miejski Ośrodek Pomocy Społecznej w Płocku",
        FounderType.JST_UNIT,
        D(2015, 9, 1),
        places=40,
    ),
    DemoUnit(
        "kis-otwock",
        UnitKind.KIS,
        "Klub Integracji Społecznej w Otwocku",
        "14",
        "Otwock",
        "1417011",
        "Ośrodek Pomocy Społecznej w Otwocku",
        FounderType.JST_UNIT,
        D(2016, 1, 4),
    ),
    DemoUnit(
        "kis1",
        UnitKind.KIS,
        "Klub Integracji Społecznej w Nowym Targu",
        "12",
        "Nowy Targ",
        "1211011",
        "Ośrodek Pomocy Społecznej w Nowym Targu",
        FounderType.JST_UNIT,
        D(2014, 5, 5),
    ),
    DemoUnit(
        "cis-tarnow",
        UnitKind.CIS,
        "Centrum Integracji Społecznej „Szansa” w Tarnowie",
        "12",
        "Tarnów",
        "1263011",
        "Caritas Diecezji Tarnowskiej",
        FounderType.CHURCH,
        D(2010, 2, 1),
        places=50,
    ),
    DemoUnit(
        "kis-krakow",
        UnitKind.KIS,
        "Klub Integracji Społecznej Fundacji „Nowy Start”",
        "12",
        "Kraków",
        "1261011",
        "Fundacja „Nowy Start”",
        FounderType.NGO,
        D(2018, 10, 1),
    ),
    DemoUnit(
        "cis-bytom",
        UnitKind.CIS,
        "Centrum Integracji Społecznej w Bytomiu",
        "24",
        "Bytom",
        "2462011",
        "Bytomskie Centrum Pomocy Społecznej",
        FounderType.JST_UNIT,
        D(2009, 6, 1),
        places=80,
    ),
    DemoUnit(
        "cis-zabrze",
        UnitKind.CIS,
        "Centrum Integracji Społecznej „Przystań”",
        "24",
        "Zabrze",
        "2478011",
        "Spółdzielnia Socjalna Osób Prawnych „Przystań”",
        FounderType.SOCIAL_COOPERATIVE,
        D(2017, 4, 1),
        D(2024, 12, 31),
        places=30,
    ),
    DemoUnit(
        "kis-slupsk",
        UnitKind.KIS,
        "Klub Integracji Społecznej w Słupsku",
        "22",
        "Słupsk",
        "2263011",
        "Stowarzyszenie „Horyzont”",
        FounderType.NGO,
        D(2019, 3, 1),
    ),
    DemoUnit(
        "cis-ostroleka",
        UnitKind.CIS,
        "Centrum Integracji Społecznej w Ostrołęce",
        "14",
        "Ostrołęka",
        "1461011",
        "Fundacja „Nowy Start”",
        FounderType.NGO,
        D(2019, 4, 1),
        places=25,
        lost_months_ago=5,
    ),
    DemoUnit(
        "cis-konin",
        UnitKind.CIS,
        "Centrum Integracji Społecznej w Koninie",
        "30",
        "Konin",
        "3062011",
        "Stowarzyszenie na Rzecz Zatrudnienia Socjalnego",
        FounderType.NGO,
        D(2013, 1, 2),
        places=45,
    ),
]


@dataclass(frozen=True)
class DemoLogin:
    email: str
    full_name: str
    role_label: str
    role: Role = Role.UNIT_STAFF
    voivodeship: str | None = None
    unit: str | None = None
    membership: MembershipRole | None = None
    superuser: bool = False


LOGINS = [
    DemoLogin("admin", "Adam Administracyjny", "administrator", superuser=True),
    DemoLogin(
        "analyst", "Anna Analityczna", "ministry analyst", role=Role.MINISTRY_ANALYST
    ),
    DemoLogin(
        "official14",
        "Olga Urzędnicza",
        "voivodeship official (mazowieckie)",
        role=Role.VOIVODESHIP_OFFICIAL,
        voivodeship="14",
    ),
    DemoLogin(
        "official12",
        "Oskar Wojewódzki",
        "voivodeship official (małopolskie)",
        role=Role.VOIVODESHIP_OFFICIAL,
        voivodeship="12",
    ),
    DemoLogin(
        "manager.cis1",
        "Maria Kierownicza",
        "unit manager (CIS, mazowieckie)",
        unit="cis1",
        membership=MembershipRole.MANAGER,
    ),
    DemoLogin(
        "staff.cis1",
        "Stefan Pracowity",
        "unit staff (CIS, mazowieckie)",
        unit="cis1",
        membership=MembershipRole.STAFF,
    ),
    DemoLogin(
        "staff.cis2",
        "Sylwia Płocka",
        "unit staff (another CIS, mazowieckie)",
        unit="cis2",
        membership=MembershipRole.STAFF,
    ),
    DemoLogin(
        "staff.kis1",
        "Krzysztof Klubowy",
        "unit staff (KIS, małopolskie)",
        unit="kis1",
        membership=MembershipRole.STAFF,
    ),
]


def demo_email(login: DemoLogin) -> str:
    return f"{login.email}@{DEMO_DOMAIN}"


@transaction.atomic
def load_demo(*, password: str) -> list[tuple[str, str]]:
    """Load (or refresh) the demo data; return (e-mail, role) of every login."""
    voivodeships = {v.teryt: v for v in Voivodeship.objects.all()}
    units: dict[str, Unit] = {}
    for number, spec in enumerate(UNITS, start=1):
        voivodeship = voivodeships[spec.voivodeship]
        body = founding_body_upsert(
            name=spec.founder_name,
            founder_type=spec.founder_type,
            voivodeship=voivodeship,
            nip=valid_nip(f"{spec.voivodeship}{number:07d}"),
            regon=valid_regon(f"{spec.voivodeship}{number:06d}"),
            krs=f"{number:010d}" if spec.founder_type in _KRS_TYPES else "",
            address=f"ul. Przykładowa {number}, {spec.municipality}",
        )
        units[spec.key] = unit_upsert(
            registry_id=f"DEMO-{spec.key.upper()}",
            kind=spec.kind,
            name=spec.name,
            founding_body=body,
            voivodeship=voivodeship,
            opened_on=spec.opened_on,
            closed_on=spec.closed_on,
            address=f"ul. Społeczna {number}, {spec.municipality}",
            municipality=spec.municipality,
            municipality_teryt=spec.municipality_teryt,
            places=spec.places,
            email=f"{spec.key}@{DEMO_DOMAIN}",
        )
    _load_status_history(units)
    _load_granting_applications(units)
    result = []
    for login in LOGINS:
        user = user_create_or_update(
            email=demo_email(login),
            full_name=login.full_name,
            role=login.role,
            voivodeship=voivodeships[login.voivodeship] if login.voivodeship else None,
            password=password,
            is_superuser=login.superuser,
        )
        if login.unit and login.membership:
            membership_grant(user=user, unit=units[login.unit], role=login.membership)
        result.append((user.email, login.role_label))
    _load_applications(voivodeships)
    for spec in UNITS:
        if spec.lost_months_ago:
            _load_loss_of_status(units[spec.key], lost_on(spec))
    _load_kis_notifications(voivodeships)
    load_participants(units)
    # Activities and a year of attendance, then the allowance months computed
    # from it (the past months approved).
    load_programs(units)
    load_allowances(units.values())
    # Last year's annual reports in every state of their review.
    load_reports(units)
    return result


def _load_status_history(units: dict[str, Unit]) -> None:
    """Each demo CIS gets its grant and the extensions that keep it active to
    today (the Bytom centre's status ends in four months, so it shows among
    the statuses expiring soon); the closed centre gets a closure decision."""
    today = timezone.localdate()
    for spec in UNITS:
        if spec.kind != UnitKind.CIS:
            continue
        unit = units[spec.key]
        issued, kind, n = spec.opened_on, DecisionKind.GRANT, 1
        end = add_months(issued, 60) - datetime.timedelta(days=1)
        last_day = spec.closed_on or lost_on(spec) or today
        while True:
            if spec.key == "cis-bytom" and end >= today:
                end = add_months(today, 4)
            decision_record_existing(
                unit=unit,
                kind=kind,
                number=f"DEMO/{spec.key.upper()}/{n}",
                issued_on=issued,
                valid_until=end,
            )
            if end >= last_day:
                break
            issued, kind, n = (
                end - datetime.timedelta(days=60),
                DecisionKind.EXTENSION,
                n + 1,
            )
            end = add_months(end + datetime.timedelta(days=1), 60) - datetime.timedelta(
                days=1
            )
        if spec.closed_on:
            decision_record_existing(
                unit=unit,
                kind=DecisionKind.CLOSURE,
                number=f"DEMO/{spec.key.upper()}/Z",
                issued_on=spec.closed_on,
            )


def lost_on(spec: DemoUnit) -> datetime.date | None:
    """The day a demo centre lost its status, counted back from today."""
    if not spec.lost_months_ago:
        return None
    return add_months(timezone.localdate().replace(day=1), -spec.lost_months_ago)


# The Ostrołęka centre lost its status: the gmina that subsidised it asked,
# after the settlement of its subsidies was found irregular (art. 6 ust. 1),
# and the official then established what it returns to each grantor (ust. 3).
def _load_loss_of_status(unit: Unit, issued_on: datetime.date) -> None:
    from accounts.models import User  # noqa: PLC0415

    if StatusDecision.objects.filter(unit=unit, kind=DecisionKind.LOSS).exists():
        return
    official = User.objects.get(email=f"official14@{DEMO_DOMAIN}")
    decision = status_loss_decide(
        actor=official,
        unit=unit,
        ground=LossGround.IRREGULAR_FINANCES,
        initiated_by=LossInitiator.MUNICIPALITY,
        issued_on=issued_on,
        reasoning=(
            "Na wniosek Prezydenta Miasta Ostrołęki, po kontroli rozliczenia "
            "dotacji za 2025 r., która wykazała wydatki niezwiązane z "
            "reintegracją uczestników."
        ),
    )
    subsidy_return_record(
        actor=official,
        decision=decision,
        unused_amount=Decimal("18450.00"),
        established_on=min(
            issued_on + datetime.timedelta(days=21), timezone.localdate()
        ),
        subsidies=[
            Subsidy("Miasto Ostrołęka", GrantorKind.GMINA, Decimal("120000.00")),
            Subsidy("Powiat ostrołęcki", GrantorKind.POWIAT, Decimal("45000.00")),
        ],
        note="Kwota niewykorzystanych dotacji według protokołu z rozliczenia.",
    )


def _contents(
    *,
    start: datetime.date | None,
    participants: int,
    groups: list[str],
    activity: str,
    staff: int,
    budget: str,
    reintegration: str,
    share: str,
    setup: str | None = None,
) -> ApplicationContents:
    """What a demo application states (art. 4 ust. 2): plausible figures for
    a centre of its size, the same every time."""
    return ApplicationContents(
        planned_start_on=start,
        expected_participants=participants,
        target_groups=groups,
        planned_activity=activity,
        reintegration_programme=(
            "Reintegracja społeczna: trening kompetencji społecznych, "
            "poradnictwo psychologiczne i prawne, grupy wsparcia. Reintegracja "
            "zawodowa: warsztaty zawodowe 30 godzin tygodniowo, doradztwo "
            "zawodowe, praktyki u pracodawców."
        ),
        planned_staff_count=staff,
        planned_staff=(
            "Kierownik centrum (wykształcenie wyższe, 5 lat pracy w pomocy "
            "społecznej), pracownik socjalny, psycholog, doradca zawodowy, "
            "instruktorzy zawodu w każdym warsztacie."
        ),
        activity_schedule=(
            "Zajęcia od poniedziałku do piątku w godzinach 7:30–15:30; "
            "miesięczny okres próbny, następnie warsztaty zawodowe "
            "przeplatane zajęciami reintegracji społecznej według "
            "indywidualnych programów."
        ),
        expected_trained=participants * 3 // 4,
        expected_employed=participants // 4,
        expected_independent=participants * 3 // 10,
        annual_budget=Decimal(budget),
        reintegration_costs=Decimal(reintegration),
        founder_setup_funds=Decimal(setup) if setup else None,
        founder_running_share=Decimal(share),
        other_funding=(
            "Dotacja gminy, środki Funduszu Pracy na refundację świadczeń "
            "integracyjnych, projekt współfinansowany z Europejskiego "
            "Funduszu Społecznego Plus, przychody z usług warsztatów."
        ),
    )


# The current term of these demo centres was extended on an application that
# is in the system (its contents as stated), so that the officials' page of
# the centre compares it with the accepted reports.
GRANTING_APPLICATIONS = {
    "cis1": {
        "participants": 75,
        "groups": ["long_term_unemployed", "homeless", "alcohol_addiction"],
        "activity": "Usługi remontowo-budowlane, gastronomia (catering), "
        "pielęgnacja zieleni miejskiej.",
        "staff": 9,
        "budget": "420000.00",
        "reintegration": "150000.00",
        "share": "35.00",
    },
    "cis-tarnow": {
        "participants": 60,
        "groups": ["long_term_unemployed", "disabled", "released_from_prison"],
        "activity": "Szwalnia, introligatornia i usługi porządkowe dla "
        "instytucji kościelnych i samorządowych.",
        "staff": 8,
        "budget": "330000.00",
        "reintegration": "120000.00",
        "share": "20.00",
    },
}


def _load_granting_applications(units: dict[str, Unit]) -> None:
    """The applications behind the current terms of GRANTING_APPLICATIONS."""
    for key, figures in GRANTING_APPLICATIONS.items():
        unit = units[key]
        decision = (
            StatusDecision.objects.filter(
                unit=unit,
                kind__in=[DecisionKind.GRANT, DecisionKind.EXTENSION],
                # The demo's own, recorded from paper; never one issued here.
                issued_by__isnull=True,
            )
            .order_by("-issued_on", "-pk")
            .first()
        )
        if decision is None:
            continue
        received = decision.issued_on - datetime.timedelta(days=45)
        application_record_decided(
            decision=decision,
            received_on=received,
            proposed_places=unit.places or 30,
            case_number=f"WPS-II.9421.{decision.pk}.{received.year}",
            contents=_contents(start=None, **figures),
        )


def _load_applications(voivodeships: dict[str, Voivodeship]) -> None:
    """Two pending applications: a complete one in mazowieckie whose decision
    is due within days, and one in małopolskie waiting for a document."""
    from accounts.models import User  # noqa: PLC0415

    today = timezone.localdate()
    # The Siedlce application states everything; the Oświęcim one leaves the
    # expected results and the founder's resources out, so that its page
    # shows what is not stated yet.
    siedlce = _contents(
        start=add_months(today, 3).replace(day=1),
        participants=40,
        groups=["long_term_unemployed", "homeless", "drug_addiction"],
        activity="Usługi gastronomiczne (stołówka i catering), drobne "
        "usługi remontowe, szycie i naprawa odzieży.",
        staff=6,
        budget="780000.00",
        reintegration="265000.00",
        share="40.00",
        setup="150000.00",
    )
    oswiecim = replace(
        _contents(
            start=add_months(today, 4).replace(day=1),
            participants=30,
            groups=["long_term_unemployed", "mental_illness"],
            activity="Usługi porządkowe i pielęgnacja terenów zielonych gminy.",
            staff=5,
            budget="560000.00",
            reintegration="190000.00",
            share="60.00",
        ),
        expected_trained=None,
        expected_employed=None,
        expected_independent=None,
        founder_running_share=None,
        other_funding="",
    )
    pending = [
        (
            "14",
            "Centrum Integracji Społecznej „Nowy Dom” w Siedlcach",
            "Siedlce",
            "Stowarzyszenie „Nowy Dom”",
            FounderType.NGO,
            today - datetime.timedelta(days=27),
            ApplicationState.COMPLETE,
            siedlce,
        ),
        (
            "12",
            "Centrum Integracji Społecznej w Oświęcimiu",
            "Oświęcim",
            "Gmina Miasto Oświęcim",
            FounderType.GMINA,
            today - datetime.timedelta(days=10),
            ApplicationState.INCOMPLETE,
            oswiecim,
        ),
    ]
    for number, (
        teryt,
        name,
        town,
        founder,
        founder_type,
        received,
        state,
        contents,
    ) in enumerate(pending, start=90):
        official = User.objects.get(email=f"official{teryt}@{DEMO_DOMAIN}")
        existing = StatusApplication.objects.filter(proposed_name=name).first()
        if existing is not None:
            if existing.state != ApplicationState.DECIDED:
                application_contents_update(
                    actor=official,
                    application=existing,
                    proposed_name=existing.proposed_name,
                    proposed_address=existing.proposed_address,
                    proposed_municipality=existing.proposed_municipality,
                    proposed_places=existing.proposed_places,
                    contents=contents,
                )
            continue
        body = founding_body_upsert(
            name=founder,
            founder_type=founder_type,
            voivodeship=voivodeships[teryt],
            nip=valid_nip(f"{teryt}{number:07d}"),
            address=f"ul. Główna {number}, {town}",
        )
        application = application_register(
            actor=official,
            voivodeship=voivodeships[teryt],
            founding_body=body,
            received_on=received,
            proposed_name=name,
            proposed_address=f"ul. Zielona {number}, {town}",
            proposed_municipality=town,
            proposed_places=35,
            case_number=f"WPS-II.9421.{number}.{received.year}",
            contents=contents,
        )
        if state == ApplicationState.COMPLETE:
            application.documents.update(delivered_on=received, on_paper=True)
            application_mark_complete(actor=official, application=application)
        else:
            application.documents.exclude(kind=DocumentKind.STAROSTA_OPINION).update(
                delivered_on=received, on_paper=True
            )
            application_request_supplement(
                actor=official,
                application=application,
                requested_on=received + datetime.timedelta(days=3),
                respond_by=received + datetime.timedelta(days=17),
                missing=[DocumentKind.STAROSTA_OPINION],
                message="Prosimy o dostarczenie opinii starosty.",
            )


@dataclass(frozen=True)
class DemoKisNotification:
    """A founder's notification of a club (art. 18a ust. 2): entered into the
    register on `entered_on`, or still waiting when that is None."""

    voivodeship: str
    club_name: str
    municipality: str
    founder_name: str
    founder_type: str
    received_on: datetime.date
    planned_start: datetime.date | None
    activity_types: tuple[str, ...]
    entered_on: datetime.date | None = None


def _kis_notifications() -> list[DemoKisNotification]:
    """The clubs of UNITS were all founded before 15 February 2022, so they
    predate the notification duty and have no notification. One club founded
    since then went through the register (its entry is its opening day), and
    one notification in małopolskie, received 20 days ago, waits for entry."""
    today = timezone.localdate()
    notifications = [
        DemoKisNotification(
            "14",
            "Klub Integracji Społecznej w Pruszkowie",
            "Pruszków",
            "Gmina Miasto Pruszków",
            FounderType.GMINA,
            D(2023, 3, 1),
            D(2023, 3, 20),
            (KisActivity.JOB_SEARCH, KisActivity.SELF_HELP_GROUPS),
            entered_on=D(2023, 3, 20),
        ),
        DemoKisNotification(
            "12",
            "Klub Integracji Społecznej „Krok Dalej” w Wieliczce",
            "Wieliczka",
            "Stowarzyszenie „Krok Dalej”",
            FounderType.NGO,
            today - datetime.timedelta(days=24),
            None,
            (KisActivity.JOB_SEARCH, KisActivity.LEGAL_ADVICE, KisActivity.OTHER),
        ),
    ]
    assert all(  # noqa: S101 - the data above keeps to the Act's dates
        spec.received_on >= KIS_REGISTER_SINCE for spec in notifications
    )
    return notifications


def _load_kis_notifications(voivodeships: dict[str, Voivodeship]) -> None:
    """The demo notifications of KIS, through the services; a club whose
    notification is already there is left as it is."""
    from accounts.models import User  # noqa: PLC0415

    for number, spec in enumerate(_kis_notifications(), start=95):
        if KisNotification.objects.filter(club_name=spec.club_name).exists():
            continue
        teryt = spec.voivodeship
        official = User.objects.get(email=f"official{teryt}@{DEMO_DOMAIN}")
        body = founding_body_upsert(
            name=spec.founder_name,
            founder_type=spec.founder_type,
            voivodeship=voivodeships[teryt],
            nip=valid_nip(f"{teryt}{number:07d}"),
            address=f"ul. Klubowa {number}, {spec.municipality}",
        )
        notification = kis_notification_register(
            actor=official,
            voivodeship=voivodeships[teryt],
            founding_body=body,
            received_on=spec.received_on,
            club_name=spec.club_name,
            address=f"ul. Klubowa {number}, {spec.municipality}",
            municipality=spec.municipality,
            activity_types=list(spec.activity_types),
            planned_start=spec.planned_start,
        )
        if spec.entered_on is not None:
            kis_register_entry(
                actor=official, notification=notification, entered_on=spec.entered_on
            )
