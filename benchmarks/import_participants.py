"""Benchmark of `import_participants`: 20,000 rows on a fresh SQLite database.

Self-contained: builds a throwaway SQLite database from the migrations,
imports a generated register of 40 units (`import_units`), then a generated,
valid file of participants (every state: open, exited with each reason, KIS
without PESEL, persons with an earlier stint), and imports it again (nothing
changes). Prints rows, seconds and rows per second of each run.

    .venv/bin/python benchmarks/import_participants.py [--rows 20000] [--keep]
"""

from __future__ import annotations

import argparse
import csv
import datetime
import io
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GROUNDS = (
    "long_term_unemployed",
    "homeless",
    "alcohol_addiction",
    "mental_illness",
    "released_from_prison",
    "disabled",
)
UNITS = 40  # half CIS, half KIS, in mazowieckie and małopolskie


def pesel(birth: datetime.date, sex: str, serial: int) -> str:
    """A valid PESEL (serial 0…4999: 1000 serial numbers × 5 sex digits)."""
    from stdnum.pl import pesel as stdnum_pesel  # noqa: PLC0415

    month = birth.month + (20 if birth.year >= 2000 else 0)
    sex_digit = 2 * (serial // 1000) + (1 if sex == "M" else 0)
    body = f"{birth.year % 100:02d}{month:02d}{birth.day:02d}{serial % 1000:03d}"
    body += str(sex_digit)
    return body + stdnum_pesel.calc_check_digit(body)


def units_csv() -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(
        [
            *("registry_id", "kind", "name", "voivodeship"),
            *("founder_name", "founder_type", "opened_on"),
        ]
    )
    for number in range(UNITS):
        kind = "CIS" if number % 2 == 0 else "KIS"
        writer.writerow(
            [
                f"B-{number:03d}",
                kind,
                f"{kind} nr {number}",
                "14" if number % 4 < 2 else "12",
                f"Stowarzyszenie nr {number}",
                "ngo",
                "2010-01-04",
            ]
        )
    return out.getvalue()


def participants_csv(rows: int) -> str:
    """`rows` valid rows: about one in ten a person's earlier, closed stint."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(
        [
            *("unit_registry_id", "participant_ref", "pesel", "first_name"),
            *("last_name", "birth_date", "sex", "primary_exclusion_ground"),
            *("other_exclusion_grounds", "referred_by", "admitted_on"),
            *("trial_ended_on", "exited_on", "exit_reason"),
        ]
    )
    reasons = ("completed", "employment", "resigned", "other")
    written = person = 0
    while written < rows:
        unit = person % UNITS
        kind = "CIS" if unit % 2 == 0 else "KIS"
        sex = "F" if person % 2 else "M"
        birth = datetime.date(1960, 1, 1) + datetime.timedelta(days=person % 9000)
        serial = person // 9000
        with_pesel = kind == "CIS" or person % 3 != 0
        number = pesel(birth, sex, serial) if with_pesel else ""
        ground = GROUNDS[person % len(GROUNDS)]
        others = GROUNDS[(person + 1) % len(GROUNDS)] if person % 5 == 0 else ""
        referred_by = ("pup", "ops", "self", "other")[person % 4]
        if kind == "CIS" and ground == "long_term_unemployed":
            referred_by = "pup"
        admitted = datetime.date(2023, 1, 2) + datetime.timedelta(days=person % 700)
        stints = [(admitted, None, "")]
        if person % 10 == 0 and with_pesel:
            earlier = admitted - datetime.timedelta(days=400)
            stints.insert(0, (earlier, earlier + datetime.timedelta(days=200), "other"))
        elif person % 3 == 1:
            exited = admitted + datetime.timedelta(days=90 + person % 200)
            stints = [(admitted, exited, reasons[person % len(reasons)])]
        for stint, (admitted_on, exited_on, reason) in enumerate(stints):
            if written >= rows:
                break
            writer.writerow(
                [
                    f"B-{unit:03d}",
                    f"P-{person}-{stint}",
                    number,
                    "Anna" if sex == "F" else "Jan",
                    f"Nazwisko{person}",
                    birth.isoformat(),
                    sex,
                    ground,
                    others,
                    referred_by,
                    admitted_on.isoformat(),
                    "",
                    exited_on.isoformat() if exited_on else "",
                    reason,
                ]
            )
            written += 1
        person += 1
    return out.getvalue()


def timed(label: str, rows: int, run: Callable[[], object]) -> float:
    """Wall-clock seconds of `run`; the processor time is printed too (on a
    busy machine the wall clock counts the time spent waiting for it)."""
    start, cpu = time.perf_counter(), time.process_time()
    run()
    seconds = time.perf_counter() - start
    cpu = time.process_time() - cpu
    print(
        f"{label}: {rows} rows, {seconds:.1f} s, {rows / seconds:.0f} rows/s "
        f"(processor {cpu:.1f} s)"
    )
    return seconds


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    parser.add_argument("--rows", type=int, default=20_000)
    parser.add_argument(
        "--keep", action="store_true", help="Keep the database and the files."
    )
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

    call_command("migrate", verbosity=0)
    units = workdir / "units.csv"
    units.write_text(units_csv(), encoding="utf-8")
    people = workdir / "participants.csv"
    people.write_text(participants_csv(args.rows), encoding="utf-8")
    call_command("import_units", str(units), stdout=io.StringIO())

    first = timed(
        "import",
        args.rows,
        lambda: call_command("import_participants", str(people), stdout=sys.stdout),
    )
    timed(
        "re-import (nothing changes)",
        args.rows,
        lambda: call_command("import_participants", str(people), stdout=sys.stdout),
    )
    if args.keep:
        print(f"Kept in {workdir}")
    else:
        for path in sorted(workdir.rglob("*"), reverse=True):
            path.rmdir() if path.is_dir() else path.unlink()
        workdir.rmdir()
    return 0 if first < 30 else 1


if __name__ == "__main__":
    sys.exit(main())
