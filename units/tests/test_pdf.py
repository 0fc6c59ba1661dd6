"""The PDF of a voivode's decision on CIS status, built through the services."""

from __future__ import annotations

import datetime
import io

import pytest
from django.utils import translation
from pypdf import PdfReader

from units.constants import DecisionKind, LossGround, LossInitiator
from units.models import StatusDecision
from units.pdf import (
    LOSS_GROUNDS_PL,
    LOSS_INITIATORS_PL,
    polish_date,
    render_decision_pdf,
)
from units.services.status import (
    application_mark_complete,
    application_register,
    decision_issue_on_application,
    status_loss_decide,
)
from units.tasks import render_decision_pdf_task
from units.tests.factories import FoundingBodyFactory, voivodeship

pytestmark = pytest.mark.django_db

CENTRE = "Centrum Integracji Społecznej „Nowy Start” w Radomiu"
FOUNDER = "Stowarzyszenie „Razem do Pracy”"
FOUNDER_ADDRESS = "ul. Żeromskiego 12, 26-600 Radom"
ISSUED_ON = datetime.date(2026, 3, 5)


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def _issue(actor, *, grant: bool, reasoning: str = "") -> StatusDecision:
    founding_body = FoundingBodyFactory(
        name=FOUNDER, address=FOUNDER_ADDRESS, voivodeship=voivodeship("14")
    )
    application = application_register(
        actor=actor,
        voivodeship=voivodeship("14"),
        founding_body=founding_body,
        received_on=datetime.date(2026, 1, 12),
        proposed_name=CENTRE,
        proposed_address="ul. Słowackiego 3, 26-600 Radom",
        proposed_municipality="Radom",
        proposed_places=40,
    )
    application.documents.update(delivered_on=datetime.date(2026, 1, 12), on_paper=True)
    application_mark_complete(actor=actor, application=application)
    return decision_issue_on_application(
        actor=actor,
        application=application,
        grant=grant,
        issued_on=ISSUED_ON,
        reasoning=reasoning,
    )


def _issue_with_pdf(
    actor, capture, *, grant: bool, reasoning: str = ""
) -> StatusDecision:
    with capture(execute=True):
        decision = _issue(actor, grant=grant, reasoning=reasoning)
    decision.refresh_from_db()
    return decision


def _text(content: bytes) -> tuple[str, int]:
    """The PDF's text with runs of whitespace made single spaces, and its pages."""
    reader = PdfReader(io.BytesIO(content))
    text = " ".join(page.extract_text() for page in reader.pages)
    return " ".join(text.split()), len(reader.pages)


def _stored_pdf(decision: StatusDecision) -> bytes:
    with decision.pdf.open("rb") as handle:
        return handle.read()


def test_polish_date_uses_the_genitive_month():
    assert polish_date(datetime.date(2026, 3, 5)) == "5 marca 2026 r."
    assert polish_date(datetime.date(2026, 11, 23)) == "23 listopada 2026 r."
    assert polish_date(datetime.date(2027, 1, 1)) == "1 stycznia 2027 r."


def test_grant_decision_pdf_is_a_polish_administrative_decision(
    official_a, django_capture_on_commit_callbacks
):
    decision = _issue_with_pdf(
        official_a, django_capture_on_commit_callbacks, grant=True
    )

    assert decision.kind == DecisionKind.GRANT
    assert decision.number == "CIS-14.1.2026"
    assert decision.pdf.name == f"decisions/{decision.voivodeship_id}/CIS-14.1.2026.pdf"
    content = _stored_pdf(decision)
    assert content.startswith(b"%PDF-")
    text, pages = _text(content)
    assert text.startswith(
        "Mazowiecki Urząd Wojewódzki w Warszawie Warszawa, 5 marca 2026 r. "
        "Znak: CIS-14.1.2026 DECYZJA nr CIS-14.1.2026 Na podstawie art. 5 ust. 1 i 2 "
        "ustawy z dnia 13 czerwca 2003 r. o zatrudnieniu socjalnym"
    )
    assert (
        "po rozpatrzeniu wniosku z dnia 12 stycznia 2026 r., złożonego przez "
        f"{FOUNDER}, o przyznanie statusu centrum integracji społecznej „{CENTRE}”, "
        "orzekam: przyznaje się status centrum integracji społecznej "
        f"„{CENTRE}” utworzonemu przez {FOUNDER} na okres do dnia 04.03.2031 r. "
        "UZASADNIENIE Niniejsza decyzja w pełni uwzględnia żądanie strony, dlatego "
        "na podstawie art. 107 § 4 Kodeksu postępowania administracyjnego nie "
        "wymaga uzasadnienia. POUCZENIE"
    ) in text
    assert "w terminie 14 dni od dnia jej doręczenia" in text
    assert "art. 127a Kodeksu postępowania administracyjnego" in text
    assert "Wojewoda Mazowiecki podpis" in text
    assert f"Otrzymują: 1. {FOUNDER}, {FOUNDER_ADDRESS} 2. a/a" in text
    assert f"Sporządził(a): {official_a.full_name}" in text
    assert f"Strona 1 z {pages}" in text
    assert f"Strona {pages} z {pages}" in text


def test_refusal_pdf_keeps_the_reasoning_paragraphs(
    official_a, django_capture_on_commit_callbacks
):
    reasoning = (
        "Wnioskodawca nie wykazał tytułu prawnego do lokalu.\n\n"
        "Przedłożony program nie zapewnia finansowania."
    )
    decision = _issue_with_pdf(
        official_a, django_capture_on_commit_callbacks, grant=False, reasoning=reasoning
    )

    assert decision.kind == DecisionKind.REFUSAL
    text, _pages = _text(_stored_pdf(decision))
    assert (
        f"orzekam: odmawia się przyznania statusu centrum integracji społecznej "
        f"„{CENTRE}”. UZASADNIENIE Wnioskodawca nie wykazał tytułu prawnego do "
        "lokalu. Przedłożony program nie zapewnia finansowania. POUCZENIE"
    ) in text
    assert "art. 107 § 4" not in text


def test_refusal_without_reasoning_shows_a_dash_not_the_waiver(
    official_a, django_capture_on_commit_callbacks
):
    decision = _issue_with_pdf(
        official_a, django_capture_on_commit_callbacks, grant=False
    )

    text, _pages = _text(_stored_pdf(decision))
    assert "UZASADNIENIE — POUCZENIE" in text
    assert "art. 107 § 4" not in text


def test_loss_decision_pdf_states_the_ground_without_an_application(
    official_a, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        granted = _issue(official_a, grant=True)
    with django_capture_on_commit_callbacks(execute=True):
        decision = status_loss_decide(
            actor=official_a,
            unit=granted.unit,
            ground=LossGround.IRREGULAR_FINANCES,
            issued_on=datetime.date(2026, 9, 30),
            reasoning="Kontrola wykazała nierozliczenie dotacji za 2025 r.",
            initiated_by=LossInitiator.MARSHAL,
        )
    decision.refresh_from_db()

    assert decision.number == "CIS-14.2.2026"
    text, _pages = _text(_stored_pdf(decision))
    assert "Warszawa, 30 września 2026 r." in text
    assert (
        "Na podstawie art. 6 ustawy z dnia 13 czerwca 2003 r. o zatrudnieniu socjalnym"
    ) in text
    assert "po rozpatrzeniu wniosku" not in text
    assert (
        f"orzekam: stwierdza się utratę statusu centrum integracji społecznej "
        f"„{CENTRE}” z dniem 30.09.2026 r. Podstawa utraty statusu: centrum "
        "nieprawidłowo rozlicza się ze środków publicznych (art. 6 ust. 1 ustawy). "
        "Postępowanie wszczęto na wniosek marszałka województwa udzielającego "
        "centrum dotacji. UZASADNIENIE Kontrola wykazała nierozliczenie dotacji "
        "za 2025 r. POUCZENIE"
    ) in text
    assert f"Otrzymują: 1. {FOUNDER}, {FOUNDER_ADDRESS} 2. a/a" in text


def test_every_loss_ground_and_initiator_has_its_polish_wording():
    assert set(LOSS_GROUNDS_PL) == set(LossGround)
    assert set(LOSS_INITIATORS_PL) == set(LossInitiator)


def test_rendering_under_english_is_polish_and_restores_the_language(
    official_a, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        decision = _issue(official_a, grant=True)

    with translation.override("en"):
        content = render_decision_pdf(decision)
        # The renderer gives the user's language back when it is done.
        assert translation.get_language() == "en"
    text, _pages = _text(content)
    assert "Warszawa, 5 marca 2026 r." in text
    assert "orzekam: przyznaje się status" in text
    assert "POUCZENIE" in text


def test_rendering_twice_keeps_the_first_file(
    official_a, django_capture_on_commit_callbacks, media_root
):
    decision = _issue_with_pdf(
        official_a, django_capture_on_commit_callbacks, grant=True
    )
    first_name = decision.pdf.name
    first_bytes = _stored_pdf(decision)

    render_decision_pdf_task.call(decision.pk)

    decision.refresh_from_db()
    assert decision.pdf.name == first_name
    assert _stored_pdf(decision) == first_bytes
    assert [p.name for p in (media_root / "decisions").rglob("*.pdf")] == [
        "CIS-14.1.2026.pdf"
    ]


def test_file_name_comes_from_the_decision_number(
    official_a, django_capture_on_commit_callbacks
):
    office = voivodeship("14")
    office.decision_number_format = "WPS-II.9421/{seq}/{year}"
    office.save(update_fields=["decision_number_format"])

    decision = _issue_with_pdf(
        official_a, django_capture_on_commit_callbacks, grant=True
    )

    assert decision.number == "WPS-II.9421/1/2026"
    assert decision.pdf.name == f"decisions/{office.pk}/WPS-II.9421-1-2026.pdf"
    text, _pages = _text(_stored_pdf(decision))
    assert "Znak: WPS-II.9421/1/2026 DECYZJA nr WPS-II.9421/1/2026" in text
