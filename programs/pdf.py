"""The signed attendance list of a month (lista obecności), rendered with
WeasyPrint: a row per participant, a column per working day, a column for
the participant's signature, the legend and page numbers. Written in Polish
whatever language the user reads."""

from __future__ import annotations

import hashlib

import weasyprint
from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

from programs.constants import ATTENDANCE_LETTERS
from programs.selectors import AttendanceGrid
from units.pdf import MONTHS_GENITIVE

# Month names in the nominative, as the list's title names its month. The
# wording of the printed document is fixed, so it is kept here.
MONTHS_PL = (
    "styczeń",
    "luty",
    "marzec",
    "kwiecień",
    "maj",
    "czerwiec",
    "lipiec",
    "sierpień",
    "wrzesień",
    "październik",
    "listopad",
    "grudzień",
)
LEGEND_PL = (
    ("O", "obecny"),
    ("C", "nieobecność z powodu choroby, ze zwolnieniem lekarskim (L4)"),
    ("B", "nieobecność z powodu choroby, bez zaświadczenia"),
    ("U", "inna nieobecność usprawiedliwiona"),
    ("N", "nieobecność nieusprawiedliwiona"),
    ("W", "dzień wolny"),
    ("·", "poza programem (przed przyjęciem lub po zakończeniu)"),
)
WEEKDAYS_PL = ("pn", "wt", "śr", "cz", "pt", "so", "nd")

assert {letter for letter, _text in LEGEND_PL[:-1]} == set(  # noqa: S101
    ATTENDANCE_LETTERS.values()
)


def grid_fingerprint(grid: AttendanceGrid) -> str:
    """A short hash of everything the list prints: a changed day, person or
    name gives another file."""
    digest = hashlib.sha256()
    digest.update(
        f"{grid.unit.pk}|{grid.unit.name}|{grid.month}|"
        f"{grid.activity.pk if grid.activity else ''}|"
        f"{grid.activity.name if grid.activity else ''}|{grid.is_locked}".encode()
    )
    digest.update(",".join(f"{day.date:%d}" for day in grid.days).encode())
    for row in grid.rows:
        digest.update(f"\n{row.participation.pk}|{row.name}|".encode())
        digest.update(
            ",".join(
                f"{cell.status}{'' if cell.in_programme else '-'}" for cell in row.cells
            ).encode()
        )
    return digest.hexdigest()[:16]


def attendance_pdf_name(grid: AttendanceGrid) -> str:
    scope = f"w{grid.activity.pk}" if grid.activity else "all"
    return (
        f"programs/{grid.unit.pk}/attendance/"
        f"lista-obecnosci-{grid.month:%Y-%m}-{scope}-{grid_fingerprint(grid)}.pdf"
    )


def attendance_context(grid: AttendanceGrid) -> dict[str, object]:
    return {
        "grid": grid,
        "unit": grid.unit,
        "month_name": f"{MONTHS_PL[grid.month.month - 1]} {grid.month.year}",
        "days": [
            {"day": day.date.day, "weekday": WEEKDAYS_PL[day.date.weekday()]}
            for day in grid.days
        ],
        "rows": [
            {
                "number": number,
                "name": row.name,
                "cells": [
                    (
                        ATTENDANCE_LETTERS.get(cell.status, "")
                        if cell.in_programme
                        else "·"
                    )
                    for cell in row.cells
                ],
            }
            for number, row in enumerate(grid.rows, start=1)
        ],
        "legend": LEGEND_PL,
        "months_genitive": MONTHS_GENITIVE,
    }


def render_attendance_pdf(grid: AttendanceGrid) -> bytes:
    with translation.override("pl"):
        html = render_to_string(
            "programs/pdf/attendance.html", attendance_context(grid)
        )
    return weasyprint.HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()
