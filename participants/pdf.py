"""Printable documents of a participation, rendered with WeasyPrint: the
individual programme for signature (art. 13) and the certificate of
participation and skills gained (art. 13 ust. 5a). They are written in Polish
whatever language the user reads."""

from __future__ import annotations

import weasyprint
from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

from participants.constants import DocumentType, Sex
from participants.models import IndividualProgramme, Participant, Participation
from units.pdf import polish_date

# The identity document as the document names it. This is the wording of the
# printed document, fixed whatever the interface language, so it is kept here
# rather than in the translation catalogue of the choice labels.
DOCUMENT_TYPES_PL = {
    DocumentType.PASSPORT: "paszport",
    DocumentType.RESIDENCE_CARD: "karta pobytu",
    DocumentType.FOREIGN_ID: "zagraniczny dokument tożsamości",
    DocumentType.TRAVEL_DOCUMENT: "dokument podróży dla cudzoziemca",
    DocumentType.OTHER: "inny dokument",
}

# Words that agree with the person's sex.
FORMS_PL = {
    Sex.F: {
        "title": "Pani",
        "born": "urodzona",
        "took_part": "uczestniczyła",
        "acquired": "nabyła",
    },
    Sex.M: {
        "title": "Pan",
        "born": "urodzony",
        "took_part": "uczestniczył",
        "acquired": "nabył",
    },
}


def hours_pl(hours: int | None) -> str:
    """`hours` with the noun in the right Polish form: "35 godzin", "32 godziny"."""
    if hours is None:
        return ""
    if hours == 1:
        return "1 godzina"
    if hours % 10 in (2, 3, 4) and hours % 100 not in (12, 13, 14):
        return f"{hours} godziny"
    return f"{hours} godzin"


def identity_line(participant: Participant) -> str:
    """The PESEL, or the identity document of a person without one."""
    if participant.pesel:
        return f"PESEL: {participant.pesel}"
    if participant.document_number:
        kind = DOCUMENT_TYPES_PL.get(participant.document_type, "dokument")
        return f"dokument tożsamości: {kind} {participant.document_number}"
    return ""


def _pdf(template: str, context: dict[str, object]) -> bytes:
    with translation.override("pl"):
        html = render_to_string(template, context)
    return weasyprint.HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()


def programme_context(programme: IndividualProgramme) -> dict[str, object]:
    participation = programme.participation
    participant = participation.participant
    return {
        "programme": programme,
        "participation": participation,
        "participant": participant,
        "unit": participation.unit,
        "identity": identity_line(participant),
        "starts_on": polish_date(programme.starts_on),
        "ends_on": polish_date(programme.ends_on),
        "signed_on": polish_date(programme.signed_on) if programme.signed_on else "",
        "hours": hours_pl(programme.hours_per_week),
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
    participant = participation.participant
    return {
        "participation": participation,
        "participant": participant,
        "unit": participation.unit,
        "identity": identity_line(participant),
        "forms": FORMS_PL.get(participant.sex, FORMS_PL[Sex.F]),
        "birth_date": polish_date(participant.birth_date),
        "admitted_on": polish_date(participation.admitted_on),
        "exited_on": polish_date(participation.exited_on),
        "issued_on": polish_date(participation.exited_on),
        "programme": programmes[-1] if programmes else None,
    }


def render_certificate_pdf(participation: Participation) -> bytes:
    return _pdf("participants/pdf/certificate.html", certificate_context(participation))
