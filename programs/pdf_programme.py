"""The monthly programme of activities printed for the notice board and the
files (art. 14 ust. 1a of the Act), rendered with WeasyPrint in Polish: the
days of the month with their sessions, the hours of each activity, the hours
a week, and who adopted it and when."""

from __future__ import annotations

import hashlib

import weasyprint
from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation

from programs.pdf import MONTHS_PL, WEEKDAYS_PL
from programs.selectors_programme import MonthProgramme
from units.pdf import polish_date


def programme_pdf_name(programme: MonthProgramme) -> str:
    """A name per state of the sessions and of the adoption."""
    adopted = programme.adopted
    stamp = (
        f"{adopted.fingerprint}|{adopted.adopted_at.isoformat()}|"
        f"{adopted.adopted_by_id}|{adopted.note}"
        if adopted
        else "-"
    )
    digest = hashlib.sha256(f"{programme.fingerprint}|{stamp}".encode()).hexdigest()
    return (
        f"programs/{programme.unit.pk}/programme/"
        f"program-zajec-{programme.month:%Y-%m}-{digest[:16]}.pdf"
    )


def programme_context(programme: MonthProgramme) -> dict[str, object]:
    adopted = programme.adopted
    return {
        "programme": programme,
        "unit": programme.unit,
        "month_name": f"{MONTHS_PL[programme.month.month - 1]} {programme.month.year}",
        "days": [
            {"day": day, "weekday": WEEKDAYS_PL[day.date.weekday()]}
            for day in programme.days
        ],
        "adopted_on": (
            polish_date(timezone.localtime(adopted.adopted_at).date())
            if adopted
            else ""
        ),
    }


def render_programme_pdf(programme: MonthProgramme) -> bytes:
    with translation.override("pl"):
        html = render_to_string(
            "programs/pdf/monthly_programme.html", programme_context(programme)
        )
    return weasyprint.HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()
