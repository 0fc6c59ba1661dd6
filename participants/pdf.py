"""Printable documents of a participation, rendered with WeasyPrint: the
individual programme for signature (art. 13) and the certificate of
participation and skills gained (art. 13 ust. 5a). They are written in Polish
whatever language the user reads."""

from __future__ import annotations

import weasyprint
from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

from participants.models import IndividualProgramme, Participation
from units.pdf import polish_date


def _pdf(template: str, context: dict[str, object]) -> bytes:
    with translation.override("pl"):
        html = render_to_string(template, context)
    return weasyprint.HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()


def programme_context(programme: IndividualProgramme) -> dict[str, object]:
    participation = programme.participation
    return {
        "programme": programme,
        "participation": participation,
        "participant": participation.participant,
        "unit": participation.unit,
        "starts_on": polish_date(programme.starts_on),
        "ends_on": polish_date(programme.ends_on),
        "signed_on": polish_date(programme.signed_on) if programme.signed_on else "",
        "trial_ends_on": (
            polish_date(participation.trial_ends_on)
            if participation.trial_ends_on
            else ""
        ),
    }


def render_programme_pdf(programme: IndividualProgramme) -> bytes:
    return _pdf("participants/pdf/programme.html", programme_context(programme))


def certificate_context(participation: Participation) -> dict[str, object]:
    programmes = list(participation.programmes.order_by("version"))
    return {
        "participation": participation,
        "participant": participation.participant,
        "unit": participation.unit,
        "admitted_on": polish_date(participation.admitted_on),
        "exited_on": polish_date(participation.exited_on),
        "issued_on": polish_date(participation.exited_on),
        "programme": programmes[-1] if programmes else None,
    }


def render_certificate_pdf(participation: Participation) -> bytes:
    return _pdf("participants/pdf/certificate.html", certificate_context(participation))
