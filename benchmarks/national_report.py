"""Benchmark of the national statistics over 150,000 participations on
PostgreSQL (issue #8: under 2 seconds).

Self-contained: creates a throwaway PostgreSQL database `cis_kis_bench` on the
server of DATABASE_URL (default postgres://postgres@127.0.0.1:5432), migrates
it, fills it with bulk_create (units of every founder type in all sixteen
voivodeships, persons with several stints, people without PESEL, grounds,
referrals, exits, follow-up checks, accepted annual reports with finance),
then times the full national statistics of one year (the selectors and the
JSON built from their tables) and prints the seconds and the number of SQL
queries. The database is dropped at the end unless --keep is given.

    .venv/bin/python benchmarks/national_report.py [--participations 150000] [--keep]
"""

from __future__ import annotations

import argparse
import datetime
import hashlib
import os
import random
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
DB_NAME = "cis_kis_bench"
YEAR = 2025
BATCH = 5000
ANONYMISED = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)


def server_url() -> str:
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        url = "postgres://postgres@127.0.0.1:5432/postgres"
    return url


def with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, f"/{name}", parts.query, ""))


def recreate_database(url: str, *, drop_only: bool = False) -> None:
    import psycopg2  # noqa: PLC0415 - only the benchmark needs the driver here

    connection = psycopg2.connect(
        with_database(url, "postgres").replace("postgres://", "postgresql://", 1)
    )
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{DB_NAME}" WITH (FORCE)')
        if not drop_only:
            cursor.execute(f'CREATE DATABASE "{DB_NAME}"')
    connection.close()


def build(participations: int) -> None:
    from django.db import connection  # noqa: PLC0415

    from participants.models import (  # noqa: PLC0415
        ExclusionGround,
        FollowUp,
        Participant,
        Participation,
        ParticipationGround,
        Referral,
    )
    from reporting.models import UnitAnnualReport  # noqa: PLC0415
    from units.constants import FounderType  # noqa: PLC0415
    from units.models import FoundingBody, Unit, Voivodeship  # noqa: PLC0415

    rng = random.Random(8)  # noqa: S311 - made-up data, repeatable
    regions = list(Voivodeship.objects.order_by("teryt"))
    grounds = list(ExclusionGround.objects.all())
    units_count = max(40, participations // 180)
    bodies = FoundingBody.objects.bulk_create(
        FoundingBody(
            name=f"Podmiot {n}",
            founder_type=FounderType.values[n % len(FounderType.values)],
            voivodeship=regions[n % len(regions)],
        )
        for n in range(units_count)
    )
    units = Unit.objects.bulk_create(
        Unit(
            kind="CIS" if n % 2 == 0 else "KIS",
            name=f"Jednostka {n}",
            registry_id=f"BENCH-{n}",
            founding_body=bodies[n],
            voivodeship=bodies[n].voivodeship,
            opened_on=datetime.date(2005 + n % 20, 1 + n % 12, 1),
            closed_on=datetime.date(YEAR, 6, 30) if n % 37 == 0 else None,
        )
        for n in range(units_count)
    )
    print(f"{len(units)} units", flush=True)
    start = datetime.date(2020, 1, 1)
    made = 0
    person = 0
    while made < participations:
        size = min(BATCH, participations - made)
        people, stints = [], []
        for _ in range(size):
            # About one stint in six is a person's second one, in another unit.
            if person and rng.random() < 0.17:
                key = hashlib.sha256(f"{rng.randrange(person)}".encode()).hexdigest()
            else:
                person += 1
                key = hashlib.sha256(f"{person}".encode()).hexdigest()
            without_pesel = rng.random() < 0.05
            unit = units[rng.randrange(len(units))]
            # Records are stored anonymised (PESEL erased, the keyed hash
            # kept), which the statistics count like any other; one in twenty
            # has no PESEL at all and counts by its record.
            people.append(
                Participant(
                    unit=unit,
                    pesel_hash="" if without_pesel else key,
                    document_type="passport" if without_pesel else "",
                    document_number=f"B{made + len(people)}" if without_pesel else "",
                    first_name="B",
                    last_name="B",
                    birth_date=datetime.date(
                        1950 + rng.randrange(55), 1 + rng.randrange(12), 1
                    ),
                    sex=rng.choice("FM"),
                    anonymised_at=None if without_pesel else ANONYMISED,
                )
            )
        people = Participant.objects.bulk_create(people, batch_size=BATCH)
        for p in people:
            admitted = start + datetime.timedelta(days=rng.randrange(6 * 365))
            exited = None
            if rng.random() < 0.7:
                exited = admitted + datetime.timedelta(days=30 + rng.randrange(500))
                if exited > datetime.date(2026, 11, 30):
                    exited = None
            stints.append(
                Participation(
                    participant=p,
                    unit_id=p.unit_id,
                    state="exited" if exited else "active",
                    admitted_on=admitted,
                    exited_on=exited,
                    exit_reason=rng.choice(
                        ["completed", "employment", "removed", "resigned", "other"]
                    )
                    if exited
                    else "",
                    outcome=rng.choice(
                        [
                            "open_market",
                            "supported_employment",
                            "social_cooperative",
                            "own_business",
                            "continued_activation",
                            "none",
                            "",
                        ]
                    )
                    if exited
                    else "",
                )
            )
        stints = Participation.objects.bulk_create(stints, batch_size=BATCH)
        ParticipationGround.objects.bulk_create(
            [
                ParticipationGround(
                    participation=s, ground=rng.choice(grounds), is_primary=True
                )
                for s in stints
            ],
            batch_size=BATCH,
        )
        Referral.objects.bulk_create(
            [
                Referral(
                    participation=s,
                    requested_by=rng.choice(["self", "ops", "pup", "ngo", "other"]),
                    issued_by="ops",
                    referred_on=s.admitted_on,
                )
                for s in stints
                if rng.random() < 0.9
            ],
            batch_size=BATCH,
        )
        FollowUp.objects.bulk_create(
            [
                FollowUp(
                    participation=s,
                    months_after=months,
                    due_on=s.exited_on + datetime.timedelta(days=30 * months),
                    checked_on=s.exited_on + datetime.timedelta(days=30 * months),
                    outcome=rng.choice(
                        ["open_market", "none", "no_contact", "supported_employment"]
                    ),
                )
                for s in stints
                if s.exited_on
                for months in (3, 6)
                if rng.random() < 0.5
            ],
            batch_size=BATCH,
        )
        made += size
        print(f"{made} participations", flush=True)
    UnitAnnualReport.objects.bulk_create(
        UnitAnnualReport(
            unit=unit,
            year=YEAR,
            state="accepted",
            snapshot={
                "entered": {
                    "finance": {
                        "local_government": f"{rng.randrange(10**6)}.25",
                        "esf": f"{rng.randrange(10**6)}.00",
                        "labour_fund": f"{rng.randrange(10**5)}.50",
                        "own_revenue": "0",
                        "other": "",
                    }
                }
            },
        )
        for unit in units
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--participations", type=int, default=150_000)
    parser.add_argument("--keep", action="store_true", help="Keep the database.")
    args = parser.parse_args()
    url = server_url()
    recreate_database(url)
    os.environ["DATABASE_URL"] = with_database(url, DB_NAME)
    os.environ.setdefault("SECRET_KEY", "benchmark-only")
    os.environ.setdefault("PESEL_HASH_KEY", "benchmark-only")
    os.environ["DJANGO_SETTINGS_MODULE"] = "cis_kis.settings"
    os.environ.setdefault("DEBUG", "false")
    sys.path.insert(0, str(ROOT))
    import django  # noqa: PLC0415

    django.setup()
    from django.core.management import call_command  # noqa: PLC0415
    from django.db import connection  # noqa: PLC0415
    from django.test.utils import CaptureQueriesContext  # noqa: PLC0415

    from reporting.constants import ScopeKind  # noqa: PLC0415
    from reporting.outputs import statistics_json  # noqa: PLC0415
    from reporting.statistics import StatisticsScope, annual_statistics  # noqa: PLC0415

    try:
        call_command("migrate", verbosity=0)
        began = time.perf_counter()
        build(args.participations)
        print(f"data built in {time.perf_counter() - began:.1f} s", flush=True)
        scope = StatisticsScope(ScopeKind.NATIONAL)
        timings = []
        for _ in range(3):
            with CaptureQueriesContext(connection) as queries:
                began = time.perf_counter()
                data = statistics_json(annual_statistics(scope=scope, year=YEAR))
                timings.append(time.perf_counter() - began)
        print(
            f"national statistics {YEAR} over {args.participations} participations: "
            f"{timings[0]:.2f} s first run, {min(timings):.2f} s best of 3, "
            f"{len(queries.captured_queries)} queries; "
            f"{data['cis']['participants']} CIS and {data['kis']['participants']} "
            "KIS participants"
        )
        return 0 if timings[0] < 2 else 1
    finally:
        connection.close()
        if not args.keep:
            recreate_database(url, drop_only=True)


if __name__ == "__main__":
    sys.exit(main())
