"""The monthly programme of activities of a unit (art. 14 ust. 1a of the Act):
every session of the month day by day, the hours each activity runs, the
hours a week the unit runs activities at all (the union of the sessions'
times, so parallel workshops count once), and the adopted programme with
whether the sessions have changed since. Two queries."""

from __future__ import annotations

import datetime
import hashlib
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from programs.models import Activity, MonthlyProgramme, Session
from programs.selectors import month_bounds, working_days
from units.models import Unit

HOUR = Decimal(3600)


@dataclass(frozen=True)
class ProgrammeSession:
    session: Session
    activity: Activity


@dataclass
class ProgrammeDay:
    date: datetime.date
    is_holiday: bool
    is_weekend: bool
    sessions: list[ProgrammeSession] = field(default_factory=list)

    @property
    def seconds(self) -> int:
        """How long at least one session is held on the day."""
        return _union_seconds(
            (s.session.starts_at, s.session.ends_at)
            for s in self.sessions
            if not s.session.cancelled
        )

    @property
    def hours(self) -> Decimal:
        return _as_hours(self.seconds)


@dataclass(frozen=True)
class ActivityHours:
    activity: Activity
    sessions: int
    cancelled: int
    hours: Decimal


@dataclass(frozen=True)
class WeekHours:
    first: datetime.date
    last: datetime.date
    hours: Decimal


@dataclass
class MonthProgramme:
    unit: Unit
    month: datetime.date
    days: list[ProgrammeDay]
    activities: list[ActivityHours]
    weeks: list[WeekHours]
    fingerprint: str
    adopted: MonthlyProgramme | None

    @property
    def session_count(self) -> int:
        return sum(len(day.sessions) for day in self.days)

    @property
    def changed_since_adopted(self) -> bool:
        return self.adopted is not None and self.adopted.fingerprint != self.fingerprint


def _seconds(moment: datetime.time) -> int:
    return moment.hour * 3600 + moment.minute * 60 + moment.second


def _as_hours(seconds: int) -> Decimal:
    """Seconds as hours, rounded once to the hundredth."""
    return (Decimal(seconds) / HOUR).quantize(Decimal("0.01"))


def _length(starts_at: datetime.time, ends_at: datetime.time) -> int:
    return _seconds(ends_at) - _seconds(starts_at)


def _union_seconds(spans) -> int:
    """The length of the union of (start, end) times, in seconds."""
    total, current_start, current_end = 0, None, None
    for start, end in sorted((_seconds(a), _seconds(b)) for a, b in spans):
        if current_end is None or start > current_end:
            if current_end is not None:
                total += current_end - current_start
            current_start, current_end = start, end
        else:
            current_end = max(current_end, end)
    if current_end is not None:
        total += current_end - current_start
    return total


def _fingerprint(unit: Unit, month: datetime.date, sessions: list[Session]) -> str:
    """A short hash of everything the programme prints."""
    digest = hashlib.sha256(f"{unit.pk}|{unit.name}|{month}".encode())
    for session in sessions:
        activity = session.activity
        digest.update(
            f"\n{session.pk}|{session.date}|{session.starts_at}|{session.ends_at}|"
            f"{session.cancelled}|{session.note}|{activity.pk}|{activity.name}|"
            f"{activity.kind}|{activity.place}|{activity.instructor}".encode()
        )
    return digest.hexdigest()[:16]


def build_monthly_programme(*, unit: Unit, month: datetime.date) -> MonthProgramme:
    first, last = month_bounds(month)
    sessions = list(
        Session.objects.filter(activity__unit=unit, date__range=(first, last))
        .select_related("activity")
        .order_by("date", "starts_at", "activity__name", "pk")
    )
    by_day: dict[datetime.date, list[ProgrammeSession]] = defaultdict(list)
    per_activity: dict[int, list[Session]] = defaultdict(list)
    activities: dict[int, Activity] = {}
    for session in sessions:
        by_day[session.date].append(ProgrammeSession(session, session.activity))
        per_activity[session.activity_id].append(session)
        activities[session.activity_id] = session.activity
    days = [
        ProgrammeDay(
            date=day.date,
            is_holiday=day.is_holiday,
            is_weekend=day.is_weekend,
            sessions=by_day.get(day.date, []),
        )
        for day in working_days(month=month, session_days=by_day)
    ]
    activity_hours = sorted(
        (
            ActivityHours(
                activity=activities[pk],
                sessions=sum(1 for s in rows if not s.cancelled),
                cancelled=sum(1 for s in rows if s.cancelled),
                hours=_as_hours(
                    sum(
                        _length(row.starts_at, row.ends_at)
                        for row in rows
                        if not row.cancelled
                    )
                ),
            )
            for pk, rows in per_activity.items()
        ),
        key=lambda row: (row.activity.name.lower(), row.activity.pk),
    )
    return MonthProgramme(
        unit=unit,
        month=first,
        days=days,
        activities=activity_hours,
        weeks=_weeks(days, first, last),
        fingerprint=_fingerprint(unit, first, sessions),
        adopted=MonthlyProgramme.objects.filter(unit=unit, month=first)
        .select_related("adopted_by")
        .first(),
    )


def _weeks(
    days: list[ProgrammeDay], first: datetime.date, last: datetime.date
) -> list[WeekHours]:
    """Monday-to-Sunday weeks of the month (cut at its first and last day)."""
    seconds: dict[datetime.date, int] = defaultdict(int)
    for day in days:
        seconds[day.date - datetime.timedelta(days=day.date.weekday())] += day.seconds
    weeks = []
    monday = first - datetime.timedelta(days=first.weekday())
    while monday <= last:
        weeks.append(
            WeekHours(
                first=max(monday, first),
                last=min(monday + datetime.timedelta(days=6), last),
                hours=_as_hours(seconds.get(monday, 0)),
            )
        )
        monday += datetime.timedelta(days=7)
    return weeks
