"""Benchmark of the allowance month: 60 participants of one centre on a fresh
SQLite database, each with a month of attendance (present, some unexcused,
sick and days off), computed by the allowance service. Prints the time and
the number of SQL queries of the first computation and of a recomputation.

Self-contained: builds a throwaway SQLite database from the migrations.

    .venv/bin/python benchmarks/allowance_month.py [--participants 60] [--keep]
"""

from __future__ import annotations

import argparse
import datetime
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MONTH = datetime.date(2026, 3, 1)


def build(participants: int):
    from accounts.constants import MembershipRole  # noqa: PLC0415
    from accounts.models import Membership, User  # noqa: PLC0415
    from participants.constants import ParticipationState  # noqa: PLC0415
    from participants.identity import pesel_hash  # noqa: PLC0415
    from participants.models import Participant, Participation  # noqa: PLC0415
    from participants.tests.factories import make_pesel  # noqa: PLC0415
    from programs.models import AttendanceEntry  # noqa: PLC0415
    from units.models import FoundingBody, Unit, Voivodeship  # noqa: PLC0415

    voivodeship = Voivodeship.objects.get(teryt="14")
    body = FoundingBody.objects.create(
        name="Gmina Benchmark", founder_type="gmina", voivodeship=voivodeship
    )
    unit = Unit.objects.create(
        kind="CIS",
        name="CIS Benchmark",
        voivodeship=voivodeship,
        founding_body=body,
        opened_on=datetime.date(2015, 1, 1),
    )
    manager = User.objects.create_user(email="bench@example.org", password=None)
    Membership.objects.create(user=manager, unit=unit, role=MembershipRole.MANAGER)
    entries = []
    for number in range(participants):
        person = Participant.objects.create(
            unit=unit,
            first_name="Anna",
            last_name=f"Testowa {number:03d}",
            sex="F",
            birth_date=datetime.date(1980, 1, 1),
            pesel=(pesel := make_pesel(datetime.date(1980, 1, 1), "F", number)),
            pesel_hash=pesel_hash(pesel),
        )
        participation = Participation.objects.create(
            participant=person,
            unit=unit,
            state=ParticipationState.ACTIVE,
            admitted_on=datetime.date(2025, 6, 2),
            trial_ends_on=datetime.date(2025, 7, 1),
        )
        for day in range(1, 32):
            date = MONTH.replace(day=day)
            if date.weekday() >= 5:
                continue
            status = "present"
            if day == 10 + number % 5:
                status = ("unexcused", "sick_certified", "day_off", "excused")[
                    number % 4
                ]
            entries.append(
                AttendanceEntry(participation=participation, date=date, status=status)
            )
    AttendanceEntry.objects.bulk_create(entries)
    return unit, manager


def timed(label: str, call) -> None:
    from django.db import connection, reset_queries  # noqa: PLC0415

    reset_queries()
    started = time.perf_counter()
    call()
    elapsed = (time.perf_counter() - started) * 1000
    print(f"{label}: {elapsed:.1f} ms, {len(connection.queries)} queries")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    parser.add_argument("--participants", type=int, default=60)
    parser.add_argument("--keep", action="store_true", help="Keep the database.")
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="cis-kis-bench-"))
    os.environ["DATABASE_URL"] = f"sqlite:///{workdir / 'bench.sqlite3'}"
    os.environ.setdefault("SECRET_KEY", "benchmark-only")
    os.environ.setdefault("PESEL_HASH_KEY", "benchmark-only")
    os.environ.setdefault("MEDIA_ROOT", str(workdir / "media"))
    os.environ["DJANGO_SETTINGS_MODULE"] = "cis_kis.settings"
    sys.path.insert(0, str(ROOT))

    import django  # noqa: PLC0415

    django.setup()
    from django.core.management import call_command  # noqa: PLC0415
    from django.db import connection  # noqa: PLC0415

    from programs.services.allowances import (  # noqa: PLC0415
        allowance_month_open,
        allowance_month_recompute,
    )

    call_command("migrate", verbosity=0)
    unit, manager = build(args.participants)
    connection.force_debug_cursor = True
    holder = {}
    print(f"{args.participants} participants, {MONTH:%Y-%m}")
    timed(
        "compute",
        lambda: holder.update(
            month=allowance_month_open(unit=unit, month=MONTH, actor=manager)
        ),
    )
    timed(
        "recompute",
        lambda: allowance_month_recompute(
            allowance_month=holder["month"], actor=manager
        ),
    )
    if args.keep:
        print(f"database kept in {workdir}")
    else:
        shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
