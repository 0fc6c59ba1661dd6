"""The printed programme and the certificate of participation, rendered with
WeasyPrint and read back with pypdf: Polish text whatever the user's language."""

from __future__ import annotations

import datetime
import io

import pytest
from django.utils import translation
from pypdf import PdfReader

from participants.constants import ExitReason, Outcome, ProgrammeChange, ReferralIssuer
from participants.pdf import hours_pl, render_certificate_pdf, render_programme_pdf
from participants.services import (
    GroundInput,
    ReferralInput,
    participant_register,
    participation_admit,
    participation_exit,
    participation_refer,
    programme_record,
)
from participants.tasks import render_programme_pdf_task
from participants.tests.factories import ground, make_pesel

pytestmark = pytest.mark.django_db
D = datetime.date
UNIT_NAME = "Centrum Integracji Społecznej „Źródło” w Łodzi"
PESEL = make_pesel(D(1980, 5, 17), "F", 1)


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def centre(unit_a):
    unit_a.name = UNIT_NAME
    unit_a.address = "ul. Żeglarska 5, 90-001 Łódź"
    unit_a.municipality = "Łódź"
    unit_a.save()
    return unit_a


def _text(content: bytes) -> tuple[str, int]:
    """The PDF's text with runs of whitespace made single spaces, and its pages."""
    reader = PdfReader(io.BytesIO(content))
    text = " ".join(page.extract_text() for page in reader.pages)
    return " ".join(text.split()), len(reader.pages)


def _participation(actor, unit, **person):
    data = {
        "first_name": "Józefa",
        "last_name": "Wiśniewska",
        "pesel": PESEL,
        "info_clause_on": D(2025, 3, 1),
        **person,
    }
    participant = participant_register(actor=actor, unit=unit, **data)
    participation = participation_refer(
        actor=actor,
        participant=participant,
        referral=ReferralInput(
            requested_by="self", issued_by=ReferralIssuer.PUP, referred_on=D(2025, 3, 3)
        ),
        grounds=[GroundInput(ground("long_term_unemployed"), is_primary=True)],
    )
    return participation_admit(
        actor=actor, participation=participation, admitted_on=D(2025, 3, 10)
    )


def _programme(actor, participation, **extra):
    data = {
        "change": ProgrammeChange.INITIAL,
        "starts_on": D(2025, 3, 10),
        "ends_on": D(2025, 12, 31),
        "goals": "Zdobycie kwalifikacji kucharza i podjęcie pracy.",
        "social_reintegration": "Zajęcia z gospodarowania budżetem domowym.",
        "vocational_reintegration": "Praktyka w kuchni; kurs HACCP.",
        "workshop": "Warsztat gastronomiczny",
        "hours_per_week": 32,
        "social_worker": "Grażyna Łęcka",
        **extra,
    }
    return programme_record(actor=actor, participation=participation, **data)


def test_hours_pl_declines_the_noun():
    assert [hours_pl(n) for n in (1, 2, 5, 12, 22, 30, 32, 35, 40)] == [
        "1 godzina",
        "2 godziny",
        "5 godzin",
        "12 godzin",
        "22 godziny",
        "30 godzin",
        "32 godziny",
        "35 godzin",
        "40 godzin",
    ]


def test_programme_pdf_is_the_polish_ipzs_for_signature(staff_a, centre):
    participation = _participation(staff_a, centre)
    programme = _programme(staff_a, participation)

    with translation.override("en"):
        content = render_programme_pdf(programme)
        assert translation.get_language() == "en"
    assert content.startswith(b"%PDF-")
    text, pages = _text(content)
    assert text.startswith(
        f"{UNIT_NAME} ul. Żeglarska 5, 90-001 Łódź, Łódź "
        "Indywidualny program zatrudnienia socjalnego wersja 1 – wersja pierwsza "
        f"Uczestnik Józefa Wiśniewska Identyfikator PESEL: {PESEL} "
        "Okres realizacji od 10 marca 2025 r. do 31 grudnia 2025 r. "
        "Okres próbny kończy się 9 kwietnia 2025 r. "
        "Warsztat Warsztat gastronomiczny "
        "Wymiar zajęć 32 godziny tygodniowo "
        "Pracownik socjalny Grażyna Łęcka "
        "Cele Zdobycie kwalifikacji kucharza i podjęcie pracy. "
        "Reintegracja społeczna Zajęcia z gospodarowania budżetem domowym. "
        "Reintegracja zawodowa Praktyka w kuchni; kurs HACCP. "
        "Program sporządzono na podstawie art. 13 i 14 ustawy z dnia 13 czerwca "
        "2003 r. o zatrudnieniu socjalnym. "
        "uczestnik pracownik socjalny kierownik"
    )
    assert "Powód zmiany" not in text
    assert f"Strona 1 z {pages}" in text


def test_programme_pdf_of_an_amendment_gives_the_reason(staff_a, centre):
    participation = _participation(staff_a, centre)
    _programme(staff_a, participation, signed_on=D(2025, 3, 12))
    amendment = _programme(
        staff_a,
        participation,
        change=ProgrammeChange.AMENDMENT,
        reason="Zmiana warsztatu na prośbę uczestniczki.",
        workshop="Warsztat ogrodniczy",
    )
    text, _pages = _text(render_programme_pdf(amendment))
    assert "wersja 2 – zmiana programu" in text
    assert "Warsztat Warsztat ogrodniczy" in text
    assert "Podpisano" not in text  # this version is not signed yet
    assert "Powód zmiany Zmiana warsztatu na prośbę uczestniczki. Cele" in text


def test_programme_pdf_of_a_club_and_a_person_without_pesel(staff_a, centre):
    centre.kind = "KIS"
    centre.name = "Klub Integracji Społecznej „Przystań”"
    centre.save()
    participant = participant_register(
        actor=staff_a,
        unit=centre,
        first_name="Ołena",
        last_name="Szewczenko",
        birth_date=D(1990, 2, 3),
        sex="F",
        document_type="passport",
        document_number="fh 123456",
        info_clause_on=D(2025, 3, 1),
    )
    participation = participation_refer(
        actor=staff_a,
        participant=participant,
        referral=ReferralInput(
            requested_by="self",
            issued_by=ReferralIssuer.NONE,
            referred_on=D(2025, 3, 3),
        ),
        grounds=[GroundInput(ground("refugee"), is_primary=True)],
    )
    participation = participation_admit(
        actor=staff_a, participation=participation, admitted_on=D(2025, 3, 10)
    )
    programme = _programme(staff_a, participation, kind="kis_plan", hours_per_week=12)

    text, _pages = _text(render_programme_pdf(programme))
    assert "Indywidualny plan uczestnika klubu integracji społecznej wersja 1" in text
    assert (
        "Uczestnik Ołena Szewczenko Identyfikator dokument tożsamości: paszport "
        "FH 123456 Okres realizacji"
    ) in text
    assert "Okres próbny" not in text
    assert "Wymiar zajęć 12 godzin tygodniowo" in text
    assert "art. 13 i 14" not in text


def test_certificate_pdf_states_the_period_and_the_skills(staff_a, centre):
    participation = _participation(staff_a, centre)
    _programme(staff_a, participation)
    participation = participation_exit(
        actor=staff_a,
        participation=participation,
        exited_on=D(2025, 9, 30),
        reason=ExitReason.COMPLETED,
        outcome=Outcome.OPEN_MARKET,
    )

    with translation.override("en"):
        content = render_certificate_pdf(participation)
    assert content.startswith(b"%PDF-")
    text, pages = _text(content)
    assert text.startswith(
        f"{UNIT_NAME} ul. Żeglarska 5, 90-001 Łódź Łódź, 30 września 2025 r. "
        "ZAŚWIADCZENIE "
        "Zaświadcza się, że Pani Józefa Wiśniewska, urodzona 17 maja 1980 r., "
        f"PESEL: {PESEL}, uczestniczyła w zajęciach prowadzonych przez {UNIT_NAME} "
        "w okresie od 10 marca 2025 r. do 30 września 2025 r., realizując "
        "indywidualny program zatrudnienia socjalnego. "
        "W trakcie zajęć nabyła umiejętności w zakresie reintegracji społecznej i "
        "zawodowej, w warsztacie: Warsztat gastronomiczny. "
        "Reintegracja społeczna Zajęcia z gospodarowania budżetem domowym. "
        "Reintegracja zawodowa Praktyka w kuchni; kurs HACCP. "
        "Zaświadczenie wydaje się na podstawie art. 13 ust. 5a ustawy z dnia "
        "13 czerwca 2003 r. o zatrudnieniu socjalnym. "
        f"Kierownik {UNIT_NAME} podpis"
    )
    assert f"Strona {pages} z {pages}" in text


def test_certificate_of_a_man_agrees_with_his_sex(staff_a, centre):
    participation = _participation(
        staff_a,
        centre,
        first_name="Łukasz",
        last_name="Żak",
        pesel=make_pesel(D(1975, 1, 2), "M", 3),
    )
    participation = participation_exit(
        actor=staff_a,
        participation=participation,
        exited_on=D(2025, 4, 1),
        reason=ExitReason.RESIGNED,
        outcome=Outcome.NONE,
    )
    text, _pages = _text(render_certificate_pdf(participation))
    assert "Zaświadcza się, że Pan Łukasz Żak, urodzony 2 stycznia 1975 r." in text
    assert "uczestniczył w zajęciach" in text
    # No programme was drawn up: no programme content.
    assert (
        "w okresie od 10 marca 2025 r. do 1 kwietnia 2025 r. W trakcie zajęć nabył "
        "umiejętności w zakresie reintegracji społecznej i zawodowej. Zaświadczenie"
    ) in text
    assert "Reintegracja społeczna" not in text


def test_task_stores_the_programme_once(
    staff_a, centre, media_root, django_capture_on_commit_callbacks
):
    participation = _participation(staff_a, centre)
    with django_capture_on_commit_callbacks(execute=True):
        programme = _programme(staff_a, participation)
    programme.refresh_from_db()
    first = programme.pdf.open("rb").read()
    programme.pdf.close()
    render_programme_pdf_task.call(programme.pk)
    programme.refresh_from_db()
    assert programme.pdf.open("rb").read() == first
    programme.pdf.close()
    assert [p.name for p in media_root.rglob("*.pdf")] == [
        f"program-{participation.pk}-v1.pdf"
    ]
