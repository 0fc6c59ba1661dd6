"""Participants of the demo units (DESIGN section 5): every state a
participation can be in, on whatever day the demo is loaded, since every date
is counted back from today. Every write goes through participants.services as
the system (actor None), so the data keeps to the same checks as the unit's
staff; a person the unit already has is left as they are, so loading the demo
again adds nothing."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone
from stdnum.pl import pesel as stdnum_pesel

from participants.constants import (
    Benefit,
    DocumentType,
    Education,
    EvidenceKind,
    ExitReason,
    FollowUpOutcome,
    Outcome,
    ProgrammeChange,
    ProgrammeKind,
    ReferralIssuer,
    ReferralRequester,
    RemovalGround,
    Sex,
)
from participants.identity import pesel_hash
from participants.models import ExclusionGround, Participant, Participation
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
    programme_sign,
)
from units.constants import UnitKind
from units.deadlines import add_months
from units.models import Unit

DAY = datetime.timedelta(days=1)
HOURS_PER_WEEK = 35

# Grounds of exclusion (participants/migrations/0002).
UNEMPLOYED = "long_term_unemployed"
HOMELESS = "homeless"
ALCOHOL = "alcohol_addiction"
DRUGS = "drug_addiction"
MENTAL = "mental_illness"
PRISON = "released_from_prison"
REFUGEE = "refugee"
DISABLED = "disabled"

# Where the participation is today (see _plan).
REFERRED = "referred"
NOT_ADMITTED = "not_admitted"
TRIAL = "trial"
PROGRAMME = "programme"
OVERRIDE = "override"
AMENDED = "amended"
EXTENDED = "extended"
COMPLETED = "completed"
OWN_BUSINESS = "own_business"
EMPLOYMENT = "employment"
EMPLOYMENT_CHECKED = "employment_checked"
RESIGNED = "resigned"
REMOVED = "removed"
MOVED_AWAY = "moved_away"
OTHER = "other"


@dataclass(frozen=True)
class Town:
    """Where a demo unit's participants live and who refers them."""

    locative: str  # "w Radomiu"
    postcode: str
    ops: str
    prison: str
    ops_kind: str = ReferralIssuer.OPS

    @property
    def pup(self) -> str:
        return f"Powiatowy Urząd Pracy {self.locative}"


# The demo units open today, by their key in demo.UNITS; the closed centre
# (cis-zabrze) has no participants. The order gives each unit its numbers.
TOWNS = {
    "cis1": Town(
        "w Radomiu",
        "26-600",
        "Miejski Ośrodek Pomocy Społecznej w Radomiu",
        "Zakład Karny w Płocku",
    ),
    "cis2": Town(
        "w Płocku",
        "09-400",
        "Miejski Ośrodek Pomocy Społecznej w Płocku",
        "Zakład Karny w Płocku",
    ),
    "kis1": Town(
        "w Nowym Targu",
        "34-400",
        "Ośrodek Pomocy Społecznej w Nowym Targu",
        "Zakład Karny w Nowym Wiśniczu",
    ),
    "kis-otwock": Town(
        "w Otwocku",
        "05-400",
        "Ośrodek Pomocy Społecznej w Otwocku",
        "Zakład Karny w Płocku",
    ),
    "cis-tarnow": Town(
        "w Tarnowie",
        "33-100",
        "Miejski Ośrodek Pomocy Społecznej w Tarnowie",
        "Zakład Karny w Tarnowie",
    ),
    "kis-krakow": Town(
        "w Krakowie",
        "31-042",
        "Miejski Ośrodek Pomocy Społecznej w Krakowie",
        "Zakład Karny w Nowym Wiśniczu",
    ),
    "cis-bytom": Town(
        "w Bytomiu",
        "41-902",
        "Bytomskie Centrum Pomocy Społecznej",
        "Zakład Karny w Wojkowicach",
    ),
    "kis-slupsk": Town(
        "w Słupsku",
        "76-200",
        "Miejski Ośrodek Pomocy Rodzinie w Słupsku",
        "Zakład Karny w Czarnem",
    ),
    "cis-konin": Town(
        "w Koninie",
        "62-500",
        "Centrum Usług Społecznych w Koninie",
        "Zakład Karny w Rawiczu",
        ops_kind=ReferralIssuer.CUS,
    ),
}


@dataclass(frozen=True)
class Person:
    first_name: str
    last_name: str
    sex: str
    birth_date: datetime.date
    pesel: str = ""
    residence_card: str = ""
    citizenship: str = "polskie"


@dataclass(frozen=True)
class Slot:
    """One demo person's story in a unit: the path of the participation, the
    grounds and what the unit does with the person."""

    path: str
    sex: str
    primary: str
    others: tuple[str, ...] = ()
    days_ago: int = 0  # the referral or the admission, for the short paths
    education: str = Education.VOCATIONAL
    workshop: str = ""
    requested_by: str = ReferralRequester.SELF
    kis_own_application: bool = False  # in a club: no referral at all
    benefits: tuple[str, ...] = ()
    later_ground: str = ""  # recorded after the admission, with its evidence
    draft: bool = False  # the first programme is drawn up but not yet signed
    social_contract: bool = False  # in a club, instead of the individual plan
    family: str = ""
    person: Person | None = None
    refugee: bool = False


SLOTS = [
    Slot(REFERRED, Sex.M, UNEMPLOYED, days_ago=4),
    Slot(
        REFERRED,
        Sex.F,
        HOMELESS,
        days_ago=9,
        requested_by=ReferralRequester.NGO,
        kis_own_application=True,
        education=Education.PRIMARY,
    ),
    Slot(
        NOT_ADMITTED,
        Sex.M,
        UNEMPLOYED,
        days_ago=45,
        benefits=(Benefit.UNEMPLOYMENT_BENEFIT,),
    ),
    Slot(
        TRIAL,
        Sex.F,
        UNEMPLOYED,
        (DISABLED,),
        days_ago=10,
        draft=True,
        workshop="krawiecki",
        education=Education.SECONDARY,
        family="Samotnie wychowuje dwoje dzieci w wieku szkolnym.",
    ),
    Slot(
        TRIAL,
        Sex.M,
        ALCOHOL,
        days_ago=3,
        requested_by=ReferralRequester.TREATMENT,
        kis_own_application=True,
        workshop="remontowo-budowlany",
    ),
    Slot(
        PROGRAMME,
        Sex.M,
        UNEMPLOYED,
        days_ago=120,
        workshop="remontowo-budowlany",
        later_ground=DISABLED,
    ),
    Slot(
        PROGRAMME,
        Sex.M,
        PRISON,
        (UNEMPLOYED,),
        days_ago=75,
        workshop="porządkowo-gospodarczy",
        education=Education.PRIMARY,
    ),
    Slot(
        PROGRAMME,
        Sex.F,
        UNEMPLOYED,
        days_ago=200,
        workshop="gastronomiczny",
        education=Education.SECONDARY,
    ),
    Slot(
        PROGRAMME,
        Sex.F,
        REFUGEE,
        days_ago=60,
        requested_by=ReferralRequester.PCPR,
        workshop="krawiecki",
        education=Education.HIGHER,
        refugee=True,
    ),
    Slot(
        PROGRAMME,
        Sex.M,
        HOMELESS,
        (ALCOHOL,),
        days_ago=95,
        requested_by=ReferralRequester.NGO,
        workshop="ogrodniczy",
        education=Education.PRIMARY,
        social_contract=True,
    ),
    Slot(
        AMENDED,
        Sex.F,
        UNEMPLOYED,
        workshop="gastronomiczny",
        family="Mężatka, troje dzieci; mąż pracuje sezonowo.",
    ),
    Slot(
        EXTENDED,
        Sex.F,
        MENTAL,
        workshop="ogrodniczy",
        kis_own_application=True,
        education=Education.SECONDARY,
    ),
    Slot(COMPLETED, Sex.M, UNEMPLOYED, workshop="remontowo-budowlany"),
    Slot(EMPLOYMENT, Sex.F, UNEMPLOYED, workshop="gastronomiczny"),
    Slot(
        RESIGNED,
        Sex.M,
        ALCOHOL,
        (UNEMPLOYED,),
        requested_by=ReferralRequester.TREATMENT,
        workshop="porządkowo-gospodarczy",
        kis_own_application=True,
    ),
    Slot(
        REMOVED,
        Sex.M,
        DRUGS,
        requested_by=ReferralRequester.TREATMENT,
        workshop="porządkowo-gospodarczy",
        education=Education.PRIMARY,
    ),
    Slot(OTHER, Sex.F, DISABLED, workshop="krawiecki", kis_own_application=True),
    Slot(
        EMPLOYMENT_CHECKED,
        Sex.F,
        UNEMPLOYED,
        workshop="gastronomiczny",
        education=Education.SECONDARY,
    ),
    Slot(
        OWN_BUSINESS,
        Sex.M,
        UNEMPLOYED,
        workshop="ogrodniczy",
        education=Education.SECONDARY,
    ),
]

# Persons with refugee status and a residence card, without a PESEL.
REFUGEES = [
    ("Nadzeya", "Hrynevich", Sex.F, datetime.date(1988, 6, 14), "białoruskie"),
    ("Fatima", "Ahmadi", Sex.F, datetime.date(1992, 2, 3), "afgańskie"),
    ("Aliaksandr", "Kavalenka", Sex.M, datetime.date(1984, 11, 21), "białoruskie"),
    ("Yusuf", "Al-Hassan", Sex.M, datetime.date(1990, 9, 8), "syryjskie"),
    ("Maryam", "Karimi", Sex.F, datetime.date(1995, 5, 30), "afgańskie"),
    ("Siarhei", "Dubrouski", Sex.M, datetime.date(1979, 1, 17), "białoruskie"),
    ("Olena", "Bondarenko", Sex.F, datetime.date(1986, 3, 25), "ukraińskie"),
    ("Ahmad", "Haidari", Sex.M, datetime.date(2000, 7, 12), "afgańskie"),
    ("Aryna", "Lukashevich", Sex.F, datetime.date(1998, 12, 2), "białoruskie"),
]

FIRST_NAMES = {
    Sex.F: [
        "Anna", "Katarzyna", "Małgorzata", "Agnieszka", "Barbara", "Ewa",
        "Elżbieta", "Joanna", "Magdalena", "Monika", "Beata", "Dorota",
        "Renata", "Iwona", "Justyna", "Aleksandra", "Sylwia", "Marta",
        "Paulina", "Karolina", "Wioletta", "Grażyna", "Halina", "Bożena",
    ],
    Sex.M: [
        "Piotr", "Krzysztof", "Andrzej", "Tomasz", "Paweł", "Marcin",
        "Michał", "Grzegorz", "Jarosław", "Dariusz", "Marek", "Rafał",
        "Robert", "Mariusz", "Zbigniew", "Sławomir", "Łukasz", "Adam",
        "Kamil", "Sebastian", "Waldemar", "Jacek", "Artur", "Damian",
    ],
}  # fmt: skip
LAST_NAMES = [
    "Nowak", "Kowalski", "Wiśniewski", "Wójcik", "Kowalczyk", "Kamiński",
    "Lewandowski", "Zieliński", "Szymański", "Woźniak", "Dąbrowski",
    "Kozłowski", "Jankowski", "Mazur", "Kwiatkowski", "Krawczyk",
    "Piotrowski", "Grabowski", "Nowakowski", "Pawłowski", "Michalski",
    "Adamczyk", "Dudek", "Zając", "Wieczorek", "Jabłoński", "Król",
    "Majewski", "Olszewski", "Jaworski", "Wróbel", "Malinowski", "Pawlak",
    "Witkowski", "Walczak", "Stępień", "Górski", "Rutkowski", "Michalak",
    "Sikora",
]  # fmt: skip
STREETS = [
    "Słowackiego", "Żeromskiego", "Kościuszki", "Mickiewicza", "Polna",
    "Ogrodowa", "Lipowa", "Kolejowa", "Szkolna", "Spacerowa", "Długa",
    "Klonowa",
]  # fmt: skip
SOCIAL_WORKERS = [
    "Joanna Kaczmarek",
    "Teresa Baran",
    "Agata Sobczak",
    "Urszula Wilk",
    "Ilona Czarnecka",
]

EVIDENCE = {
    UNEMPLOYED: (EvidenceKind.PUP_CERTIFICATE, "{pup}"),
    HOMELESS: (EvidenceKind.HOMELESSNESS_PROGRAMME, "{ops}"),
    ALCOHOL: (
        EvidenceKind.MEDICAL,
        "Poradnia Terapii Uzależnienia od Alkoholu i Współuzależnienia {town}",
    ),
    DRUGS: (EvidenceKind.MEDICAL, "Poradnia Leczenia Uzależnień {town}"),
    MENTAL: (EvidenceKind.MEDICAL, "Poradnia Zdrowia Psychicznego {town}"),
    PRISON: (EvidenceKind.PRISON, "{prison}"),
    REFUGEE: (
        EvidenceKind.INTEGRATION_PROGRAMME,
        "Powiatowe Centrum Pomocy Rodzinie {town}",
    ),
    DISABLED: (
        EvidenceKind.DISABILITY,
        "Powiatowy Zespół do Spraw Orzekania o Niepełnosprawności {town}",
    ),
}
REQUESTERS = {
    ReferralRequester.TREATMENT: "Poradnia Terapii Uzależnień {town}",
    ReferralRequester.NGO: "Towarzystwo Pomocy im. św. Brata Alberta, koło {town}",
    ReferralRequester.PCPR: "Powiatowe Centrum Pomocy Rodzinie {town}",
}
SOCIAL_REINTEGRATION = {
    UNEMPLOYED: "Trening kompetencji społecznych, zajęcia z psychologiem raz "
    "w miesiącu.",
    HOMELESS: "Realizacja programu wychodzenia z bezdomności, pomoc w uzyskaniu "
    "mieszkania socjalnego.",
    ALCOHOL: "Terapia odwykowa w poradni, grupa wsparcia AA raz w tygodniu.",
    DRUGS: "Terapia w poradni leczenia uzależnień, testy kontrolne.",
    MENTAL: "Zajęcia z psychologiem co tydzień, współpraca z poradnią zdrowia "
    "psychicznego.",
    PRISON: "Spotkania z kuratorem i psychologiem, trening radzenia sobie ze stresem.",
    REFUGEE: "Kurs języka polskiego, realizacja programu integracji z PCPR.",
    DISABLED: "Rehabilitacja i zajęcia z psychologiem, doradztwo w sprawie uprawnień.",
}


def demo_pesel(birth_date: datetime.date, sex: str, serial: int) -> str:
    """A valid PESEL: the date of birth (the century in the month: +20 for
    2000-2099), a serial number, the sex digit (odd for a man) and the check
    digit of python-stdnum."""
    month = birth_date.month + (20 if birth_date.year >= 2000 else 0)
    sex_digit = 2 * (serial % 5) + (1 if sex == Sex.M else 0)
    body = (
        f"{birth_date.year % 100:02d}{month:02d}{birth_date.day:02d}"
        f"{serial % 1000:03d}{sex_digit}"
    )
    return body + stdnum_pesel.calc_check_digit(body)


# A man who took part in the Płock centre, moved to Radom and takes part in
# the Radom centre now: staff of Płock checking his PESEL see that he takes
# part in another centre; staff of Radom do not (he has left Płock).
MOVED_PERSON = Person(
    "Marek",
    "Zawadzki",
    Sex.M,
    datetime.date(1979, 4, 12),
    pesel=demo_pesel(datetime.date(1979, 4, 12), Sex.M, 990),
)

# Persons of one unit only, after the common ones.
EXTRA_SLOTS = {
    "cis1": [
        Slot(
            PROGRAMME,
            Sex.M,
            UNEMPLOYED,
            days_ago=55,
            workshop="remontowo-budowlany",
            person=MOVED_PERSON,
        ),
        # The one eligibility problem of the demo: the labour office issued
        # the referral although homelessness is the primary ground.
        Slot(
            OVERRIDE,
            Sex.F,
            HOMELESS,
            (UNEMPLOYED,),
            days_ago=40,
            workshop="porządkowo-gospodarczy",
            education=Education.PRIMARY,
        ),
    ],
    "cis2": [
        Slot(
            MOVED_AWAY,
            Sex.M,
            UNEMPLOYED,
            workshop="remontowo-budowlany",
            person=MOVED_PERSON,
        ),
    ],
}

OVERRIDE_REASON = (
    "Osoba jest także długotrwale bezrobotna i skierowanie wydał PUP. MOPS "
    "potwierdził pismem realizację programu wychodzenia z bezdomności; "
    "skierowanie ośrodka zostanie dołączone."
)
NOT_ADMITTED_REASON = (
    "Ma prawo do zasiłku dla bezrobotnych (art. 1 ust. 3 pkt 1 ustawy); "
    "skierowanie zwrócono do urzędu pracy."
)


def slots_for(key: str) -> list[Slot]:
    """The demo persons of the unit `key` of demo.UNITS."""
    return [*SLOTS, *EXTRA_SLOTS.get(key, [])]


def demo_person(unit_number: int, number: int, slot: Slot) -> Person:
    """The person of the `number`-th slot of the `unit_number`-th unit: names,
    dates of birth (1960-2003) and PESEL numbers differ from unit to unit."""
    if slot.person is not None:
        return slot.person
    if slot.refugee:
        first, last, sex, born, citizenship = REFUGEES[unit_number % len(REFUGEES)]
        return Person(
            first,
            last,
            sex,
            born,
            residence_card=f"RP{4180230 + 37 * unit_number:07d}",
            citizenship=citizenship,
        )
    firsts = FIRST_NAMES[slot.sex]
    first = firsts[(7 * number + 3 * unit_number) % len(firsts)]
    last = LAST_NAMES[(11 * number + 17 * unit_number) % len(LAST_NAMES)]
    if slot.sex == Sex.F and last.endswith("ki"):
        last = last[:-1] + "a"
    born = datetime.date(
        1960 + (13 * number + 7 * unit_number) % 44,
        1 + (5 * number + unit_number) % 12,
        1 + (9 * number + 4 * unit_number) % 28,
    )
    serial = 50 * unit_number + number
    return Person(first, last, slot.sex, born, pesel=demo_pesel(born, slot.sex, serial))


@dataclass(frozen=True)
class Check:
    """A follow-up done: its month after the exit and what the person does."""

    months: int
    outcome: str
    employer: str = ""
    note: str = ""


@dataclass(frozen=True)
class Exit:
    reason: str
    outcome: str
    on: datetime.date | None  # None: on the last day of the programme
    removal_ground: str = ""
    note: str = ""
    follow_up_12: bool = False
    checks: tuple[Check, ...] = ()


@dataclass(frozen=True)
class Plan:
    """The dates of a participation, counted back from today."""

    referred_on: datetime.date
    admitted_on: datetime.date | None = None
    not_admitted: str = ""
    override: str = ""
    programme: bool = False
    amended_on: datetime.date | None = None
    extended_on: datetime.date | None = None
    exit: Exit | None = None


def _removal_note(exited_on: datetime.date) -> str:
    """The facts of a decision for permanent absence."""
    first, last = exited_on - datetime.timedelta(days=35), exited_on - DAY * 7
    return (
        f"Nieusprawiedliwiona nieobecność na zajęciach od {first:%d.%m.%Y} do "
        f"{last:%d.%m.%Y}. Pisemne wezwania do usprawiedliwienia z "
        f"{first + DAY * 10:%d.%m.%Y} i {first + DAY * 20:%d.%m.%Y} pozostały "
        "bez odpowiedzi."
    )


def plan_for(slot: Slot, today: datetime.date) -> Plan:
    """Where the slot's participation stands on `today`. The admission comes a
    week after the referral; the exits are placed so that follow-ups fall due
    in the past (overdue), within the next two weeks (soon) and later."""

    def ago(days: int) -> datetime.date:
        return today - datetime.timedelta(days=days)

    def months_ago(months: int, days: int = 0) -> datetime.date:
        return add_months(today, -months) + datetime.timedelta(days=days)

    def stint(admitted: datetime.date, **kwargs: object) -> Plan:
        return Plan(
            referred_on=admitted - DAY * 7,
            admitted_on=admitted,
            programme=True,
            **kwargs,  # type: ignore[arg-type]
        )

    removed_on = months_ago(3, -10)
    cooperative = "Spółdzielnia Socjalna „Smaki Regionu”"
    plans = {
        REFERRED: Plan(referred_on=ago(slot.days_ago)),
        NOT_ADMITTED: Plan(
            referred_on=ago(slot.days_ago), not_admitted=NOT_ADMITTED_REASON
        ),
        TRIAL: Plan(
            referred_on=ago(slot.days_ago + 6),
            admitted_on=ago(slot.days_ago),
            programme=slot.draft,
        ),
        PROGRAMME: stint(ago(slot.days_ago)),
        OVERRIDE: stint(ago(slot.days_ago), override=OVERRIDE_REASON),
        AMENDED: stint(ago(210), amended_on=ago(44)),
        # Admitted so that the basic period of a centre ends within weeks.
        EXTENDED: stint(months_ago(13, 20), extended_on=ago(6)),
        # The check 3 months after is overdue.
        COMPLETED: stint(
            months_ago(17),
            exit=Exit(
                ExitReason.COMPLETED,
                Outcome.SUPPORTED,
                None,
                note="Zatrudnienie wspierane u pracodawcy po zakończeniu programu.",
            ),
        ),
        # The check 6 months after is overdue.
        OWN_BUSINESS: stint(
            months_ago(19),
            exit=Exit(
                ExitReason.COMPLETED,
                Outcome.OWN_BUSINESS,
                None,
                note="Otwiera działalność gospodarczą z dotacją urzędu pracy.",
                checks=(
                    Check(
                        3,
                        FollowUpOutcome.OWN_BUSINESS,
                        note="Prowadzi działalność na własny rachunek.",
                    ),
                ),
            ),
        ),
        # The check 3 months after falls due within the next week.
        EMPLOYMENT: stint(
            months_ago(8),
            exit=Exit(
                ExitReason.EMPLOYMENT,
                Outcome.OPEN_MARKET,
                months_ago(3, 6),
                note="Umowa o pracę na czas określony.",
            ),
        ),
        EMPLOYMENT_CHECKED: stint(
            months_ago(26),
            exit=Exit(
                ExitReason.EMPLOYMENT,
                Outcome.SOCIAL_COOPERATIVE,
                months_ago(15),
                note="Członkini spółdzielni socjalnej prowadzącej catering.",
                follow_up_12=True,
                checks=(
                    Check(3, FollowUpOutcome.SOCIAL_COOPERATIVE, cooperative),
                    Check(6, FollowUpOutcome.SOCIAL_COOPERATIVE, cooperative),
                    Check(
                        12,
                        FollowUpOutcome.OPEN_MARKET,
                        "Przedsiębiorstwo Gospodarki Komunalnej Sp. z o.o.",
                        "Umowa o pracę na czas nieokreślony.",
                    ),
                ),
            ),
        ),
        RESIGNED: stint(
            months_ago(14),
            exit=Exit(
                ExitReason.RESIGNED,
                Outcome.CONTINUED,
                months_ago(10),
                note="Rezygnacja na piśmie; podjął terapię w ośrodku stacjonarnym.",
                checks=(
                    Check(
                        3,
                        FollowUpOutcome.CONTINUED,
                        note="Kontynuuje terapię stacjonarną.",
                    ),
                    Check(6, FollowUpOutcome.NO_CONTACT),
                ),
            ),
        ),
        # The check 3 months after is overdue.
        REMOVED: stint(
            months_ago(9),
            exit=Exit(
                ExitReason.REMOVED,
                Outcome.NONE,
                removed_on,
                removal_ground=RemovalGround.ABSENCE,
                note=_removal_note(removed_on),
            ),
        ),
        # The first check is more than a month away.
        OTHER: stint(
            months_ago(5),
            exit=Exit(
                ExitReason.OTHER,
                Outcome.NONE,
                ago(40),
                note="Długotrwała hospitalizacja; może wrócić po leczeniu.",
            ),
        ),
        MOVED_AWAY: stint(
            months_ago(20),
            exit=Exit(
                ExitReason.OTHER,
                Outcome.CONTINUED,
                months_ago(14),
                note="Przeprowadzka do Radomia.",
                checks=(
                    Check(3, FollowUpOutcome.NONE),
                    Check(6, FollowUpOutcome.NO_CONTACT),
                ),
            ),
        ),
    }
    return plans[slot.path]


def load_participants(units: dict[str, Unit]) -> None:
    """The participants of every demo unit open today. A person the unit
    already has (by PESEL or document), or a slot whose participation is
    already there (by its reference), is left as it is."""
    today = timezone.localdate()
    grounds = {ground.code: ground for ground in ExclusionGround.objects.all()}
    for unit_number, (key, town) in enumerate(TOWNS.items()):
        unit = units[key]
        if not unit.is_open_on(today):
            continue
        for number, slot in enumerate(slots_for(key), start=1):
            person = demo_person(unit_number, number, slot)
            ref = f"{key.upper()}/{number:02d}"
            if _already_there(unit, person, ref):
                continue
            _Story(unit, town, grounds, slot, person, ref, plan_for(slot, today)).play()
    # What the centres provided to them (art. 14 ust. 2-4); that module reads
    # the slots of this one.
    from cis_kis.demo_provisions import load_provisions  # noqa: PLC0415

    load_provisions(units)


def _already_there(unit: Unit, person: Person, ref: str) -> bool:
    if Participation.objects.filter(unit=unit, ref=ref).exists():
        return True
    rows = Participant.objects.filter(unit=unit)
    if person.pesel:
        # An anonymised record keeps the keyed hash of the PESEL only.
        return rows.filter(
            Q(pesel=person.pesel) | Q(pesel_hash=pesel_hash(person.pesel))
        ).exists()
    return rows.filter(
        document_type=DocumentType.RESIDENCE_CARD,
        document_number=person.residence_card,
    ).exists()


@dataclass
class _Story:
    """One demo person taken through the services, from intake to today."""

    unit: Unit
    town: Town
    grounds: dict[str, ExclusionGround]
    slot: Slot
    person: Person
    ref: str
    plan: Plan

    @property
    def is_cis(self) -> bool:
        return self.unit.kind == UnitKind.CIS

    def play(self) -> None:
        participant = self._register()
        participation = participation_refer(
            actor=None,
            participant=participant,
            referral=self._referral(),
            grounds=[
                self._ground(code, is_primary=index == 0)
                for index, code in enumerate((self.slot.primary, *self.slot.others))
            ],
            benefits=self.slot.benefits,
            ref=self.ref,
        )
        plan = self.plan
        if plan.not_admitted:
            participation_not_admit(
                actor=None, participation=participation, reason=plan.not_admitted
            )
            return
        if plan.override:
            participation_override(
                actor=None, participation=participation, reason=plan.override
            )
        if plan.admitted_on is None:
            return
        participation = participation_admit(
            actor=None, participation=participation, admitted_on=plan.admitted_on
        )
        if self.slot.later_ground:
            participation_ground_record(
                actor=None,
                participation=participation,
                item=self._ground(
                    self.slot.later_ground, on=plan.admitted_on + DAY * 10
                ),
            )
        if plan.programme:
            self._programmes(participation)
        if plan.exit is not None:
            self._exit(participation, plan.exit)

    def _register(self) -> Participant:
        person, slot = self.person, self.slot
        street = STREETS[(len(person.last_name) + person.birth_date.day) % 12]
        house = 1 + person.birth_date.toordinal() % 90
        where = f"{self.town.postcode} {self.unit.municipality}"
        address = (
            f"bez stałego adresu; noclegownia, ul. {street} {house}, {where}"
            if slot.primary == HOMELESS
            else f"ul. {street} {house}/{1 + house % 17}, {where}"
        )
        identity = (
            {"pesel": person.pesel}
            if person.pesel
            else {
                "document_type": DocumentType.RESIDENCE_CARD,
                "document_number": person.residence_card,
            }
        )
        return participant_register(
            actor=None,
            unit=self.unit,
            **identity,
            first_name=person.first_name,
            last_name=person.last_name,
            birth_date=person.birth_date,
            sex=person.sex,
            citizenship=person.citizenship,
            address=address,
            education=slot.education,
            family_situation=slot.family,
            info_clause_on=self.plan.referred_on,
        )

    def _referral(self) -> ReferralInput:
        """Art. 12 ust. 1: the labour office refers the long-term unemployed,
        the social-assistance centre (or CUS) everyone else; a club also
        takes people on their own application."""
        slot, town, on = self.slot, self.town, self.plan.referred_on
        requester = REQUESTERS.get(slot.requested_by, "").format(town=town.locative)
        if not self.is_cis and slot.kis_own_application:
            return ReferralInput(
                requested_by=ReferralRequester.SELF,
                issued_by=ReferralIssuer.NONE,
                referred_on=on,
                note="Zgłosił(a) się do klubu z własnej inicjatywy.",
            )
        number = f"{self.ref.rsplit('/', 1)[1]}/{on.year}"
        if slot.primary == UNEMPLOYED or self.plan.override:
            return ReferralInput(
                requested_by=slot.requested_by,
                requester_name=requester,
                issued_by=ReferralIssuer.PUP,
                issuer_name=town.pup,
                number=f"CAZ.5420.{number}",
                referred_on=on,
            )
        return ReferralInput(
            requested_by=slot.requested_by,
            requester_name=requester,
            issued_by=town.ops_kind,
            issuer_name=town.ops,
            number=f"DPS.4011.{number}",
            referred_on=on,
            social_worker=self._social_worker(),
        )

    def _social_worker(self) -> str:
        return SOCIAL_WORKERS[len(self.person.first_name) % len(SOCIAL_WORKERS)]

    def _ground(
        self, code: str, *, is_primary: bool = False, on: datetime.date | None = None
    ) -> GroundInput:
        kind, issuer = EVIDENCE[code]
        return GroundInput(
            ground=self.grounds[code],
            is_primary=is_primary,
            evidence_kind=kind,
            evidence_date=on
            or self.plan.referred_on - DAY * (14 if is_primary else 60),
            evidence_issuer=issuer.format(
                pup=self.town.pup,
                ops=self.town.ops,
                prison=self.town.prison,
                town=self.town.locative,
            ),
        )

    def _programme_end(self, participation: Participation) -> datetime.date:
        """A centre's programme runs to the end of the participation period
        of art. 15 in force on admission; a club's plan for a year."""
        if self.is_cis:
            return participation_limits(participation).basic_ends_on
        return add_months(participation.admitted_on, 12) - DAY

    def _programmes(self, participation: Participation) -> None:
        slot, plan, today = self.slot, self.plan, timezone.localdate()
        workshop = slot.workshop if self.is_cis else ""
        common = {
            "actor": None,
            "participation": participation,
            "starts_on": participation.admitted_on,
            "kind": (
                ProgrammeKind.IPZS
                if self.is_cis
                else ProgrammeKind.SOCIAL_CONTRACT
                if slot.social_contract
                else ProgrammeKind.KIS_PLAN
            ),
            "social_reintegration": SOCIAL_REINTEGRATION[slot.primary],
            "hours_per_week": HOURS_PER_WEEK if self.is_cis else None,
            "social_worker": self._social_worker(),
        }
        ends_on = self._programme_end(participation)
        first = programme_record(
            **common,
            ends_on=ends_on,
            goals=self._goals(workshop),
            vocational_reintegration=self._vocational(workshop),
            workshop=workshop,
        )
        if not slot.draft:
            programme_sign(
                actor=None,
                programme=first,
                signed_on=min(participation.admitted_on + DAY * 5, today),
            )
        if plan.amended_on is not None:
            new_workshop = "ogrodniczy" if self.is_cis else ""
            amendment = programme_record(
                **common,
                change=ProgrammeChange.AMENDMENT,
                reason=(
                    "Zmiana warsztatu z gastronomicznego na ogrodniczy: "
                    "przeciwwskazania zdrowotne do pracy w kuchni "
                    "(zaświadczenie lekarza medycyny pracy)."
                    if self.is_cis
                    else "Dodano zajęcia z doradcą zawodowym i kurs obsługi komputera."
                ),
                ends_on=ends_on,
                goals=self._goals(new_workshop),
                vocational_reintegration=self._vocational(new_workshop),
                workshop=new_workshop,
            )
            programme_sign(actor=None, programme=amendment, signed_on=plan.amended_on)
        if plan.extended_on is not None:
            extension = programme_record(
                **common,
                change=ProgrammeChange.EXTENSION,
                reason=(
                    "Przedłużenie o 6 miesięcy: uczestniczka kończy kurs "
                    "zawodowy, psycholog i pracownik socjalny rekomendują "
                    "dalszy udział."
                ),
                ends_on=add_months(ends_on + DAY, 6) - DAY,
                goals=self._goals(workshop),
                vocational_reintegration=self._vocational(workshop),
                workshop=workshop,
            )
            programme_sign(actor=None, programme=extension, signed_on=plan.extended_on)

    def _goals(self, workshop: str) -> str:
        if workshop:
            return (
                f"Nabycie umiejętności zawodowych w warsztacie {workshop}, "
                "odbudowa nawyku regularnej pracy i przygotowanie do podjęcia "
                "zatrudnienia."
            )
        return (
            "Odbudowa aktywności społecznej i zawodowej, przygotowanie do "
            "podjęcia pracy lub dalszej aktywizacji w urzędzie pracy."
        )

    def _vocational(self, workshop: str) -> str:
        if workshop:
            return (
                f"Warsztat {workshop}, {HOURS_PER_WEEK} godzin tygodniowo; "
                "doradztwo zawodowe raz w miesiącu."
            )
        return "Klub pracy dwa razy w tygodniu, doradztwo zawodowe, pomoc w CV."

    def _exit(self, participation: Participation, exit_: Exit) -> None:
        exited_on = exit_.on or min(
            self._programme_end(participation), timezone.localdate()
        )
        participation = participation_exit(
            actor=None,
            participation=participation,
            exited_on=exited_on,
            reason=exit_.reason,
            outcome=exit_.outcome,
            # Art. 13 ust. 4 names the grounds of a centre's decision.
            removal_ground=exit_.removal_ground if self.is_cis else "",
            note=exit_.note,
            follow_up_12=exit_.follow_up_12,
        )
        due = {row.months_after: row for row in participation.follow_ups.all()}
        for check in exit_.checks:
            follow_up = due[check.months]
            follow_up_record(
                actor=None,
                follow_up=follow_up,
                checked_on=min(follow_up.due_on + DAY * 4, timezone.localdate()),
                outcome=check.outcome,
                employer=check.employer,
                note=check.note,
            )
