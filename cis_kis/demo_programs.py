"""Demo activities and attendance: for every demo unit open today, its
activities with a weekly timetable (a centre's workshops and social
reintegration, a club's activities of art. 18), its participants in the
programme enrolled, the sessions of the last twelve months and the next one,
and the register of those months filled up to yesterday (mostly present,
some sick leave, a few unexcused absences, some days off), and the
supported employment of a centre's participants who left for it (with the
highest refund the rule allows), and the monthly programmes of activities of
the last and this month adopted by the unit's manager. Everything goes
through the services; running it again changes nothing.

`load_programs(units)` runs after `load_participants(units)`."""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone

from accounts.constants import MembershipRole
from participants.constants import Outcome, ParticipationState
from participants.models import IndividualProgramme, Participation
from programs.constants import SupportedEmploymentForm
from programs.models import Activity, Enrolment, MonthlyProgramme, SupportedEmployment
from programs.refund_schedule import highest_refund
from programs.selectors import working_days
from programs.selectors_allowances import (
    rate_points,
    refund_rule_on,
    supported_refund_schedule,
)
from programs.services.activities import (
    SlotInput,
    activity_create,
    enrolment_add,
    sessions_generate,
)
from programs.services.attendance import attendance_bulk_fill
from programs.services.programme import monthly_programme_adopt
from programs.services.supported import (
    supported_employment_record,
    supported_refund_record,
)
from units.constants import CisStatus, UnitKind
from units.deadlines import add_months
from units.models import Unit

T = datetime.time
WEEKDAYS = (0, 1, 2, 3, 4)
EIGHT, TWO_PM = T(8), T(14)


@dataclass(frozen=True)
class DemoActivity:
    name: str
    kind: str
    workshop: str = ""  # the workshop's name in the programmes (IPZS)
    weekdays: tuple[int, ...] = WEEKDAYS
    starts_at: datetime.time = EIGHT
    ends_at: datetime.time = TWO_PM
    instructor: str = ""
    place: str = ""
    everyone: bool = False  # every participant is enrolled


CIS_ACTIVITIES = (
    DemoActivity(
        "Warsztat gastronomiczny",
        "vocational",
        "gastronomiczny",
        instructor="Halina Kowalczyk",
        place="kuchnia szkoleniowa",
    ),
    DemoActivity(
        "Warsztat krawiecki",
        "vocational",
        "krawiecki",
        instructor="Barbara Lis",
        place="pracownia krawiecka",
    ),
    DemoActivity(
        "Warsztat remontowo-budowlany",
        "vocational",
        "remontowo-budowlany",
        instructor="Tadeusz Mazur",
        place="warsztat przy ul. Społecznej",
    ),
    DemoActivity(
        "Warsztat porządkowo-gospodarczy",
        "vocational",
        "porządkowo-gospodarczy",
        instructor="Zofia Wróbel",
        place="magazyn gospodarczy",
    ),
    DemoActivity(
        "Warsztat ogrodniczy",
        "vocational",
        "ogrodniczy",
        instructor="Stanisław Pawlak",
        place="szklarnia",
    ),
    DemoActivity(
        "Trening umiejętności społecznych i budżet domowy",
        "social",
        weekdays=(1,),
        starts_at=T(14, 30),
        ends_at=T(16),
        instructor="Agnieszka Kaczmarek (psycholog)",
        place="sala 2",
        everyone=True,
    ),
    DemoActivity(
        "Grupa wsparcia",
        "social",
        weekdays=(3,),
        starts_at=T(14, 30),
        ends_at=T(16),
        instructor="Agnieszka Kaczmarek (psycholog)",
        place="sala 2",
        everyone=True,
    ),
)
KIS_ACTIVITIES = (
    DemoActivity(
        "Klub pracy — pomoc w szukaniu zatrudnienia",
        "job_search",
        weekdays=(0, 2),
        starts_at=T(10),
        ends_at=T(13),
        instructor="Piotr Michalski (doradca zawodowy)",
        place="sala klubowa",
        everyone=True,
    ),
    DemoActivity(
        "Grupa samopomocowa",
        "self_help",
        weekdays=(3,),
        starts_at=T(16),
        ends_at=T(18),
        instructor="Maria Kubiak",
        place="sala klubowa",
        everyone=True,
    ),
    DemoActivity(
        "Poradnictwo prawne",
        "legal_advice",
        weekdays=(4,),
        starts_at=T(12),
        ends_at=T(14),
        instructor="mec. Jan Górski",
        place="pokój 3",
    ),
)

# The mix of a demo register: weights of the statuses of an ordinary day.
DAY_WEIGHTS = (
    ("present", 900),
    ("day_off", 30),
    ("sick_uncertified", 15),
    ("excused", 15),
    ("unexcused", 10),
)
SICK_LEAVE_CHANCE = 0.015  # a certified sick leave of some days begins


def load_programs(units: dict[str, Unit]) -> None:
    """Activities, enrolments, sessions and attendance of the open units."""
    today = timezone.localdate()
    first = add_months(today.replace(day=1), -12)
    yesterday = today - datetime.timedelta(days=1)
    for key in sorted(units):
        unit = units[key]
        if not unit.is_open_on(today):
            continue
        if unit.kind == UnitKind.CIS and unit.status_on(today).status == CisStatus.LOST:
            continue  # a centre that lost its status runs no programme
        start = max(first, unit.opened_on)
        activities = _activities(unit, start)
        for activity in activities.values():
            _sessions(activity, start, add_months(today.replace(day=1), 2))
        _enrol(unit, activities, today)
        _fill(unit, start, yesterday)
        _supported(unit)
        _programmes(unit, today)


def _activities(unit: Unit, start: datetime.date) -> dict[DemoActivity, Activity]:
    specs = CIS_ACTIVITIES if unit.kind == UnitKind.CIS else KIS_ACTIVITIES
    existing = {a.name: a for a in Activity.objects.filter(unit=unit)}
    result = {}
    for spec in specs:
        activity = existing.get(spec.name)
        if activity is None:
            activity = activity_create(
                actor=None,
                unit=unit,
                name=spec.name,
                kind=spec.kind,
                is_workshop=spec.kind == "vocational",
                instructor=spec.instructor,
                place=spec.place,
                starts_on=start,
                slots=[
                    SlotInput(weekday, spec.starts_at, spec.ends_at)
                    for weekday in spec.weekdays
                ],
            )
        result[spec] = activity
    return result


def _sessions(activity: Activity, start: datetime.date, end: datetime.date) -> None:
    """Generated in periods of at most a year, as the service allows."""
    day = max(start, activity.starts_on)
    while day < end:
        until = min(end - datetime.timedelta(days=1), add_months(day, 6))
        sessions_generate(actor=None, activity=activity, starts_on=day, ends_on=until)
        day = until + datetime.timedelta(days=1)


def _enrol(
    unit: Unit, activities: dict[DemoActivity, Activity], today: datetime.date
) -> None:
    """The participants taking part: in their programme's workshop (a
    centre) and in the activities for everyone."""
    participations = list(
        Participation.objects.filter(unit=unit, state=ParticipationState.ACTIVE)
    )
    workshops = dict(
        IndividualProgramme.objects.filter(participation__in=participations)
        .order_by("participation_id", "version")
        .values_list("participation_id", "workshop")
    )  # the latest version wins
    enrolled = set(
        Enrolment.objects.filter(participation__in=participations).values_list(
            "activity_id", "participation_id"
        )
    )
    for participation in participations:
        for spec, activity in activities.items():
            wanted = spec.everyone or (
                spec.workshop and workshops.get(participation.pk) == spec.workshop
            )
            if not wanted or (activity.pk, participation.pk) in enrolled:
                continue
            starts_on = max(participation.admitted_on, activity.starts_on)
            if starts_on > today:
                continue
            enrolment_add(
                actor=None,
                activity=activity,
                participation=participation,
                starts_on=starts_on,
            )


def _statuses(seed: str, days: list[datetime.date]) -> list[str]:
    """A plausible run of days for one person, the same for the same seed."""
    chance = random.Random(seed)  # noqa: S311 - demo data, not security
    statuses, names = [], [name for name, _weight in DAY_WEIGHTS]
    weights = [weight for _name, weight in DAY_WEIGHTS]
    sick_left = 0
    for _day in days:
        if sick_left:
            statuses.append("sick_certified")
            sick_left -= 1
        elif chance.random() < SICK_LEAVE_CHANCE:
            sick_left = chance.randint(1, 6)
            statuses.append("sick_certified")
        else:
            statuses.append(chance.choices(names, weights)[0])
    return statuses


def _fill(unit: Unit, start: datetime.date, end: datetime.date) -> None:
    """The register of every admitted participant, from `start` to `end`."""
    if end < start:
        return
    calendar: list[datetime.date] = []
    month = start.replace(day=1)
    while month <= end:
        calendar.extend(
            day.date for day in working_days(month=month) if start <= day.date <= end
        )
        month = add_months(month, 1)
    participations = Participation.objects.filter(
        unit=unit,
        state__in=[ParticipationState.ACTIVE, ParticipationState.EXITED],
        admitted_on__lte=end,
    ).filter(Q(exited_on__isnull=True) | Q(exited_on__gte=start))
    rows = []
    for participation in participations.order_by("pk"):
        days = [
            day
            for day in calendar
            if participation.admitted_on <= day
            and (participation.exited_on is None or day <= participation.exited_on)
        ]
        seed = f"{unit.registry_id}/{participation.ref or participation.pk}"
        rows.extend(
            (participation.pk, day, status)
            for day, status in zip(days, _statuses(seed, days), strict=True)
        )
    attendance_bulk_fill(actor=None, unit_id=unit.pk, days=rows)


def _supported(unit: Unit) -> None:
    """A centre's participants who left for supported employment, employed by
    a local firm from the next working week, with the highest refund."""
    if unit.kind != UnitKind.CIS:
        return
    for participation in Participation.objects.filter(
        unit=unit,
        state=ParticipationState.EXITED,
        outcome=Outcome.SUPPORTED,
        supported_employment__isnull=True,
    ).order_by("pk"):
        starts_on = participation.exited_on + datetime.timedelta(days=3)
        refund = highest_refund(
            starts_on=starts_on, rule=refund_rule_on(starts_on), rates=rate_points()
        )
        record = supported_employment_record(
            actor=None,
            participation=participation,
            form=SupportedEmploymentForm.EMPLOYER,
            employer_name=f"Przedsiębiorstwo Usług Komunalnych {unit.municipality}",
            starts_on=starts_on,
            support="Opiekun w miejscu pracy; spotkania z doradcą zawodowym centrum.",
            refund_monthly=refund,
            refund_basis=f"art. 16 ustawy; umowa z PUP nr {participation.pk}/ZW",
        )
        _refunds(record)


def _refunds(record: SupportedEmployment) -> None:
    """The refunds of the months that have ended, each the month's highest
    (the contributions refunded on it depend on the employer's rates and are
    left out)."""
    today = timezone.localdate()
    _rule, months = supported_refund_schedule(starts_on=record.starts_on)
    for month in months:
        if month.last_day >= today or month.maximum is None:
            break
        supported_refund_record(
            actor=None, record=record, month=month.number, amount=month.maximum
        )


def _programmes(unit: Unit, today: datetime.date) -> None:
    """Last month's and this month's programmes, adopted by the manager."""
    manager = next(
        (
            m.user
            for m in unit.memberships.select_related("user").order_by("pk")
            if m.role == MembershipRole.MANAGER
        ),
        None,
    )
    if manager is None:
        return
    this_month = today.replace(day=1)
    for month in (add_months(this_month, -1), this_month):
        if MonthlyProgramme.objects.filter(unit=unit, month=month).exists():
            continue
        try:
            monthly_programme_adopt(
                actor=manager,
                unit=unit,
                month=month,
                note="Program przygotowany na podstawie harmonogramu zajęć.",
            )
        except ValidationError:
            continue  # no sessions in that month: nothing to adopt
