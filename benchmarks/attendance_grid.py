"""Benchmark of the attendance register page: one centre with 60 people in
the programme and a month of their days recorded, the grid page asked for by
its staff member through Django's test client. Prints the median time of
several runs in milliseconds (and the CPU time, which other work on the
machine disturbs less) and the number of SQL queries of one run.

Self-contained: migrates a throwaway SQLite database in a temporary folder
(the test settings otherwise) and removes it afterwards.

    .venv/bin/python benchmarks/attendance_grid.py [--participants 60] [--runs 7]
"""

from __future__ import annotations

import argparse
import datetime
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MONTH = datetime.date(2026, 3, 1)
STATUSES = ("present",) * 16 + ("sick_certified", "unexcused", "day_off", "excused")


def make_centre(participants: int):
    """The centre, its staff member and the month's register, in bulk."""
    from accounts.constants import MembershipRole  # noqa: PLC0415
    from accounts.models import Membership, User  # noqa: PLC0415
    from participants.models import Participant, Participation  # noqa: PLC0415
    from participants.tests.factories import make_pesel  # noqa: PLC0415
    from programs.models import AttendanceEntry  # noqa: PLC0415
    from programs.selectors import working_days  # noqa: PLC0415
    from units.models import FoundingBody, Unit, Voivodeship  # noqa: PLC0415

    region = Voivodeship.objects.get(teryt="14")
    founder = FoundingBody.objects.create(
        name="Stowarzyszenie Pomiarowe", founder_type="ngo", voivodeship=region
    )
    centre = Unit.objects.create(
        kind="CIS",
        name="CIS pomiarowy",
        voivodeship=region,
        founding_body=founder,
        opened_on=datetime.date(2016, 1, 4),
    )
    staff = User.objects.create_user(email="grid.bench@example.org", password=None)
    Membership.objects.create(user=staff, unit=centre, role=MembershipRole.STAFF)
    born = datetime.date(1979, 6, 15)
    people = Participant.objects.bulk_create(
        Participant(
            unit=centre,
            first_name="Jan",
            last_name=f"Pomiarowy {number:03d}",
            sex="M",
            birth_date=born,
            pesel=make_pesel(born, "M", number),
        )
        for number in range(participants)
    )
    stints = Participation.objects.bulk_create(
        Participation(
            participant=person,
            unit=centre,
            state="active",
            admitted_on=datetime.date(2025, 10, 1),
            trial_ends_on=datetime.date(2025, 10, 31),
        )
        for person in people
    )
    days = [day.date for day in working_days(month=MONTH)]
    AttendanceEntry.objects.bulk_create(
        AttendanceEntry(
            participation=stint,
            date=day,
            status=STATUSES[(index + number) % len(STATUSES)],
        )
        for number, stint in enumerate(stints)
        for index, day in enumerate(days)
    )
    return centre, staff, len(days)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    parser.add_argument("--participants", type=int, default=60)
    parser.add_argument("--runs", type=int, default=7)
    options = parser.parse_args()

    folder = Path(tempfile.mkdtemp(prefix="cis-kis-grid-"))
    os.environ["DATABASE_URL"] = f"sqlite:///{folder / 'grid.sqlite3'}"
    os.environ["MEDIA_ROOT"] = str(folder / "media")
    os.environ["DJANGO_SETTINGS_MODULE"] = "cis_kis.test_settings"
    sys.path.insert(0, str(ROOT))
    try:
        import django  # noqa: PLC0415

        django.setup()
        from django.core.management import call_command  # noqa: PLC0415
        from django.db import connection  # noqa: PLC0415
        from django.test import Client  # noqa: PLC0415
        from django.test.utils import (  # noqa: PLC0415
            CaptureQueriesContext,
            setup_test_environment,
        )

        setup_test_environment()
        call_command("migrate", verbosity=0)
        centre, staff, day_count = make_centre(options.participants)
        client = Client()
        client.force_login(staff)
        url = f"/programs/attendance/?unit={centre.pk}&month={MONTH:%Y-%m}"
        client.get(url)  # warm up: templates compiled, caches filled
        times, cpu = [], []
        for _run in range(options.runs):
            started, started_cpu = time.perf_counter(), time.process_time()
            response = client.get(url)
            times.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - started_cpu) * 1000)
            if response.status_code != 200:
                print(f"the page answered {response.status_code}", file=sys.stderr)
                return 1
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        print(
            f"attendance grid, {options.participants} participants x {day_count} "
            f"days: median {statistics.median(times):.1f} ms of {options.runs} runs "
            f"(min {min(times):.1f}, max {max(times):.1f}; CPU time median "
            f"{statistics.median(cpu):.1f} ms), "
            f"{len(queries.captured_queries)} queries"
        )
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
