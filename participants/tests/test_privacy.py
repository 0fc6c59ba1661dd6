"""Data protection pages of a unit's manager: the export of everything held
about a person (GDPR art. 15) as JSON and as PDF, anonymisation, and the
access log with its filters and exports."""

from __future__ import annotations

import csv
import datetime
import io
import json
import re
import zoneinfo
from pathlib import Path

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.loader import render_to_string
from django.utils import timezone, translation
from pypdf import PdfReader

from accounts.constants import MembershipRole
from accounts.tests.factories import MembershipFactory
from participants.constants import (
    AccessAction,
    EvidenceKind,
    ExitReason,
    FollowUpOutcome,
    Outcome,
    ReferralIssuer,
    ReferralRequester,
)
from participants.constants_provisions import ExaminationResult, ProvisionKind
from participants.identity import pesel_hash
from participants.models import (
    AccessLog,
    DataExport,
    FollowUp,
    IndividualProgramme,
    Participant,
    Participation,
    ParticipationGround,
    Provision,
    Referral,
)
from participants.pdf_privacy import TEMPLATE, data_export_context
from participants.services import (
    GroundInput,
    ReferralInput,
    access_log_record,
    follow_up_record,
    participant_anonymise,
    participant_data,
    participant_register,
    participation_admit,
    participation_exit,
    participation_meal_set,
    participation_refer,
    programme_record,
    provision_record,
    provision_void,
)
from participants.tasks import render_data_export_pdf_task
from participants.tests.factories import ParticipantFactory, ground, make_pesel
from units.tests.factories import UnitFactory

pytestmark = pytest.mark.django_db
D = datetime.date
PESEL = make_pesel(D(1980, 5, 17), "F", 1)


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def english(client_for):
    """A logged-in client that reads the pages in English."""

    def make(user):
        client = client_for(user)
        client.cookies["django_language"] = "en"
        return client

    return make


@pytest.fixture
def manager_b(unit_b):
    return MembershipFactory(
        user__email="manager.b@example.org", unit=unit_b, role=MembershipRole.MANAGER
    ).user


def scan(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"%PDF-1.4 scan", content_type="application/pdf")


def person(actor, unit, *, pesel=PESEL, last_name="Kowalska") -> Participant:
    return participant_register(
        actor=actor,
        unit=unit,
        first_name="Anna",
        last_name=last_name,
        pesel=pesel,
        info_clause_on=D(2025, 3, 1),
        address="ul. Długa 5, 26-600 Radom",
        phone="600 100 200",
        email="anna.kowalska@example.org",
        family_situation="Samotnie wychowuje syna.",
    )


def referred(actor, participant) -> Participation:
    return participation_refer(
        actor=actor,
        participant=participant,
        referral=ReferralInput(
            requested_by=ReferralRequester.SELF,
            issued_by=ReferralIssuer.PUP,
            referred_on=D(2025, 3, 3),
            issuer_name="Powiatowy Urząd Pracy w Radomiu",
            number="PUP/12/2025",
            social_worker="Ewa Nowak",
            document=scan("skierowanie.pdf"),
            note="Pilne.",
        ),
        grounds=[
            GroundInput(
                ground("long_term_unemployed"),
                is_primary=True,
                evidence_kind=EvidenceKind.PUP_CERTIFICATE,
                evidence_date=D(2025, 3, 1),
                evidence_issuer="PUP Radom",
                evidence_file=scan("zaswiadczenie.pdf"),
                note="Bezrobotna od 2022 r.",
            )
        ],
    )


def admitted(actor, unit, **kwargs) -> Participation:
    participation = referred(actor, person(actor, unit, **kwargs))
    participation = participation_admit(
        actor=actor, participation=participation, admitted_on=D(2025, 3, 10)
    )
    programme_record(
        actor=actor,
        participation=participation,
        starts_on=D(2025, 3, 10),
        ends_on=D(2025, 9, 30),
        goals="Powrót na rynek pracy.",
        hours_per_week=35,
        workshop="gastronomiczny",
        social_worker="Ewa Nowak",
    )
    return participation


def exited(actor, unit, **kwargs) -> Participation:
    participation = participation_exit(
        actor=actor,
        participation=admitted(actor, unit, **kwargs),
        exited_on=D(2025, 8, 31),
        reason=ExitReason.EMPLOYMENT,
        outcome=Outcome.OPEN_MARKET,
        note="Zatrudniona w piekarni.",
    )
    follow_up_record(
        actor=actor,
        follow_up=participation.follow_ups.get(months_after=3),
        checked_on=D(2025, 12, 1),
        outcome=FollowUpOutcome.OPEN_MARKET,
        employer="Piekarnia Radomska",
    )
    return participation


def stored_scan_name() -> str:
    """The name the evidence scan is stored under (a random one)."""
    return ParticipationGround.objects.get().evidence_file.name.rsplit("/", 1)[-1]


def pdf_text(content: bytes) -> tuple[str, int]:
    reader = PdfReader(io.BytesIO(content))
    text = " ".join(page.extract_text() for page in reader.pages)
    return " ".join(text.split()), len(reader.pages)


def shown_messages(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


# --- export of the data (GDPR art. 15) ------------------------------------------


def test_json_export_holds_everything_and_is_logged(
    english, staff_a, manager_a, unit_a
):
    participation = exited(staff_a, unit_a)
    participant = participation.participant
    client = english(manager_a)
    response = client.get(f"/participants/{participant.pk}/data.json")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Content-Disposition"] == (
        f'attachment; filename="dane-uczestnika-{participant.pk}.json"'
    )
    text = response.content.decode()
    assert text.startswith('{\n  "generated_at": ')
    assert "ul. Długa 5, 26-600 Radom" in text  # not \u0141-escaped
    data = json.loads(text)
    assert data["controller"] == {
        "unit": "CIS A",
        "address": unit_a.address,
        "founding_body": unit_a.founding_body.name,
    }
    person_data = data["person"]
    assert (person_data["pesel"], person_data["first_name"]) == (PESEL, "Anna")
    assert person_data["last_name"] == "Kowalska"
    assert person_data["birth_date"] == "1980-05-17"
    assert person_data["address"] == "ul. Długa 5, 26-600 Radom"
    assert "pesel_hash" not in person_data
    [stint] = data["participations"]
    assert (stint["state"], stint["exit_reason"], stint["outcome"]) == (
        "exited",
        "employment",
        "open_market",
    )
    assert stint["exit_note"] == "Zatrudniona w piekarni."
    assert stint["referral"]["number"] == "PUP/12/2025"
    # Scans are stored under a random name, never the uploaded one.
    assert re.fullmatch(r"[0-9a-f]{32}\.pdf", stint["referral"]["document"])
    assert stint["grounds"] == [
        {
            "ground": "long_term_unemployed",
            "is_primary": True,
            "evidence_kind": "pup_certificate",
            "evidence_kind_label": "labour office certificate",
            "evidence_date": "2025-03-01",
            "evidence_issuer": "PUP Radom",
            "evidence_file": stored_scan_name(),
            "note": "Bezrobotna od 2022 r.",
        }
    ]
    assert [p["version"] for p in stint["programmes"]] == [1]
    assert stint["programmes"][0]["goals"] == "Powrót na rynek pracy."
    assert [(f["months_after"], f["employer"]) for f in stint["follow_ups"]] == [
        (3, "Piekarnia Radomska"),
        (6, ""),
    ]
    # The export is logged before it is built, so the person sees it too.
    [entry] = data["access_log"]
    assert {k: v for k, v in entry.items() if k != "at"} == {
        "user": "manager.a@example.org",
        "action": "data_export",
        "action_label": "exported all data held (GDPR art. 15)",
        "what": "JSON",
    }
    log = AccessLog.objects.get()
    assert (log.user, log.user_email, log.unit, log.participant) == (
        manager_a,
        "manager.a@example.org",
        participant.unit,
        participant,
    )
    assert (log.action, log.what, log.ip_address) == (
        AccessAction.DATA_EXPORT,
        "JSON",
        "127.0.0.1",
    )


def test_pdf_export_is_rendered_by_the_task_and_logged(
    english, staff_a, manager_a, unit_a, django_capture_on_commit_callbacks
):
    participant = exited(staff_a, unit_a).participant
    access_log_record(
        user=staff_a, unit=unit_a, action=AccessAction.VIEW, participant=participant
    )
    client = english(manager_a)
    url = f"/participants/{participant.pk}/data/"
    assert "No PDF has been prepared yet." in client.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post(url)
    assert len(callbacks) == 1
    assert response.status_code == 302
    assert response.url == url
    assert shown_messages(response) == [
        "The PDF is being prepared; it will be listed below in a moment."
    ]
    export = DataExport.objects.get()
    assert (export.participant, export.requested_by, export.ready) == (
        participant,
        manager_a,
        True,
    )
    assert export.pdf.name == (
        f"participants/{unit_a.pk}/exports/"
        f"dane-uczestnika-{participant.pk}-{export.pk}.pdf"
    )
    page = client.get(url).content.decode()
    assert f'href="/participants/data-exports/{export.pk}/"' in page

    response = client.get(f"/participants/data-exports/{export.pk}/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        f'attachment; filename="dane-uczestnika-{participant.pk}-{export.pk}.pdf"'
    )
    text, pages = pdf_text(b"".join(response.streaming_content))
    with translation.override("pl"):
        employment = str(ExitReason.EMPLOYMENT.label)
        viewed = str(AccessAction.VIEW.label)
    assert "Informacja o danych osobowych uczestnika (art. 15 RODO)" in text
    assert "Administratorem danych osobowych jest CIS A." in text
    assert f"Strona 1 z {pages}" in text
    for expected in (
        PESEL,
        "Kowalska",
        "17.05.1980",
        "ul. Długa 5, 26-600 Radom",
        "Uczestnictwo 1",
        "PUP/12/2025",
        "długotrwale bezrobotni",
        "PUP Radom",
        stored_scan_name(),
        "Wersja 1",
        "Powrót na rynek pracy.",
        employment,
        "Zatrudniona w piekarni.",
        "Sprawdzenie po 3 mies. od zakończenia",
        "Piekarnia Radomska",
        f"staff.a@example.org {viewed}",
    ):
        assert expected in text, expected
    # Only the download of the PDF is logged, not its preparation.
    assert list(
        AccessLog.objects.filter(participant=participant).values_list(
            "user_email", "action", "what"
        )
    ) == [
        ("manager.a@example.org", AccessAction.DATA_EXPORT, "PDF"),
        ("staff.a@example.org", AccessAction.VIEW, ""),
    ]


def test_pdf_not_ready_sends_back_to_the_data_page(
    english, staff_a, manager_a, unit_a, django_capture_on_commit_callbacks
):
    participant = person(staff_a, unit_a)
    client = english(manager_a)
    with django_capture_on_commit_callbacks(execute=False):
        client.post(f"/participants/{participant.pk}/data/")
    export = DataExport.objects.get()
    assert not export.ready
    page = client.get(f"/participants/{participant.pk}/data/").content.decode()
    assert "being prepared" in page
    response = client.get(f"/participants/data-exports/{export.pk}/")
    assert response.status_code == 302
    assert response.url == f"/participants/{participant.pk}/data/"
    assert shown_messages(response) == [
        "The PDF is being prepared; try again in a moment."
    ]
    assert not AccessLog.objects.exists()


# --- anonymisation ---------------------------------------------------------------


def test_anonymisation_erases_identity_documents_and_history(
    english,
    staff_a,
    manager_a,
    unit_a,
    media_root,
    django_capture_on_commit_callbacks,
):
    participation = exited(staff_a, unit_a)
    participant = participation.participant
    access_log_record(
        user=staff_a, unit=unit_a, action=AccessAction.VIEW, participant=participant
    )
    client = english(manager_a)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/participants/{participant.pk}/data/")
    referral = Referral.objects.get(participation=participation)
    files = [
        Path(referral.document.path),
        Path(ParticipationGround.objects.get().evidence_file.path),
        Path(DataExport.objects.get().pdf.path),
    ]
    assert all(path.exists() for path in files)

    url = f"/participants/{participant.pk}/anonymise/"
    page = client.get(url).content.decode()
    assert "Anonymise the record of Kowalska Anna" in page
    assert "the unit, the sex and the year of birth;" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"confirm": "on"})
    assert response.status_code == 302
    assert response.url == f"/participants/{participant.pk}/"
    assert shown_messages(response) == ["The record has been anonymised."]

    participant.refresh_from_db()
    assert participant.is_anonymised
    assert str(participant) == f"anonymised participant no. {participant.pk}"
    erased = (
        "pesel",
        "document_number",
        "first_name",
        "last_name",
        "citizenship",
        "address",
        "phone",
        "email",
        "family_situation",
    )
    assert {name: getattr(participant, name) for name in erased} == dict.fromkeys(
        erased, ""
    )
    assert (participant.sex, participant.birth_date) == ("F", D(1980, 1, 1))
    assert participant.pesel_hash == pesel_hash(PESEL)
    participation.refresh_from_db()
    assert (participation.exit_reason, participation.outcome) == (
        ExitReason.EMPLOYMENT,
        Outcome.OPEN_MARKET,
    )
    assert (participation.admitted_on, participation.exited_on) == (
        D(2025, 3, 10),
        D(2025, 8, 31),
    )
    assert (participation.exit_note, participation.certificate_pdf.name) == ("", "")
    row = ParticipationGround.objects.get()
    assert (row.ground.code, row.is_primary, row.evidence_kind) == (
        "long_term_unemployed",
        True,
        EvidenceKind.PUP_CERTIFICATE,
    )
    assert (row.evidence_issuer, row.evidence_file.name, row.note) == ("", "", "")
    referral.refresh_from_db()
    assert (referral.issued_by, referral.referred_on) == (
        ReferralIssuer.PUP,
        D(2025, 3, 3),
    )
    assert (referral.number, referral.social_worker, referral.document.name) == (
        "",
        "",
        "",
    )
    programme = IndividualProgramme.objects.get()
    assert (programme.goals, programme.social_worker, programme.hours_per_week) == (
        "",
        "",
        35,
    )
    assert list(
        FollowUp.objects.order_by("months_after").values_list("outcome", "employer")
    ) == [(FollowUpOutcome.OPEN_MARKET, "")]  # the check not yet made is gone
    assert not DataExport.objects.exists()
    assert not any(path.exists() for path in files)
    # The service writes with update() and then drops every history row.
    ids = [participation.pk]
    assert Participant.history.filter(id=participant.pk).count() == 0
    assert Participation.history.filter(id__in=ids).count() == 0
    for model in (Referral, ParticipationGround, IndividualProgramme, FollowUp):
        assert model.history.filter(participation_id__in=ids).count() == 0, model
    assert list(
        AccessLog.objects.order_by("at", "pk").values_list(
            "user_email", "action", "participant"
        )
    ) == [
        ("staff.a@example.org", AccessAction.VIEW, participant.pk),
        ("manager.a@example.org", AccessAction.ANONYMISE, participant.pk),
    ]


def test_anonymisation_is_refused_while_a_participation_is_open(
    english, staff_a, manager_a, unit_a
):
    participant = admitted(staff_a, unit_a).participant
    client = english(manager_a)
    url = f"/participants/{participant.pk}/anonymise/"
    assert "The person still has an open participation." in (
        client.get(url).content.decode()
    )
    response = client.post(url, {"confirm": "on"})
    assert response.status_code == 400
    assert response.context["form"].non_field_errors() == [
        "End the open participation before anonymising the record."
    ]
    assert 'name="confirm"' in response.content.decode()
    participant.refresh_from_db()
    assert (participant.pesel, participant.last_name) == (PESEL, "Kowalska")
    assert not participant.is_anonymised
    assert not AccessLog.objects.exists()


def test_anonymisation_needs_the_confirmation(english, staff_a, manager_a, unit_a):
    participant = person(staff_a, unit_a)
    response = english(manager_a).post(f"/participants/{participant.pk}/anonymise/")
    assert response.status_code == 400
    assert response.context["form"].errors == {"confirm": ["This field is required."]}
    participant.refresh_from_db()
    assert not participant.is_anonymised


def test_an_anonymised_record_answers_404(client_for, staff_a, manager_a, unit_a):
    participant = participant_anonymise(
        actor=manager_a, participant=person(staff_a, unit_a)
    )
    client = client_for(manager_a)
    for url in (
        f"/participants/{participant.pk}/anonymise/",
        f"/participants/{participant.pk}/data/",
        f"/participants/{participant.pk}/data.json",
    ):
        assert client.get(url).status_code == 404, url
    for url in (
        f"/participants/{participant.pk}/anonymise/",
        f"/participants/{participant.pk}/data/",
    ):
        assert client.post(url, {"confirm": "on"}).status_code == 404, url
    assert AccessLog.objects.filter(action=AccessAction.ANONYMISE).count() == 1


# --- who may come ----------------------------------------------------------------


def _urls(participant: Participant, export: DataExport) -> list[tuple[str, str]]:
    return [
        ("get", f"/participants/{participant.pk}/data/"),
        ("post", f"/participants/{participant.pk}/data/"),
        ("get", f"/participants/{participant.pk}/data.json"),
        ("get", f"/participants/data-exports/{export.pk}/"),
        ("get", f"/participants/{participant.pk}/anonymise/"),
        ("post", f"/participants/{participant.pk}/anonymise/"),
        ("get", "/participants/access-log/"),
        ("get", "/participants/access-log/?_export=csv"),
    ]


@pytest.fixture
def ready_export(unit_a, manager_a):
    participant = ParticipantFactory(unit=unit_a)
    export = DataExport.objects.create(participant=participant, requested_by=manager_a)
    export.pdf.save("dane.pdf", io.BytesIO(b"%PDF-1.4"))
    return export


@pytest.mark.parametrize(
    "user_fixture", [None, "staff_a", "staff_b", "official_a", "analyst"]
)
def test_every_page_refuses_all_but_the_units_manager(
    request, client_for, refused, ready_export, user_fixture
):
    user = request.getfixturevalue(user_fixture) if user_fixture else None
    client = client_for(user)
    participant = ready_export.participant
    for method, url in _urls(participant, ready_export):
        refused(client, url, method)
    participant.refresh_from_db()
    assert not participant.is_anonymised
    assert DataExport.objects.count() == 1
    assert not AccessLog.objects.exists()


def test_another_units_manager_reaches_nothing_of_unit_a(
    client_for, refused, manager_b, ready_export
):
    client = client_for(manager_b)
    participant = ready_export.participant
    for method, url in _urls(participant, ready_export)[:6]:
        refused(client, url, method)
    access_log_record(
        user=None,
        unit=participant.unit,
        action=AccessAction.VIEW,
        participant=participant,
    )
    response = client.get("/participants/access-log/")
    assert response.status_code == 200
    assert list(response.context["table"].page.object_list) == []
    assert DataExport.objects.count() == 1
    assert AccessLog.objects.count() == 1


def test_the_manager_reaches_every_page(client_for, manager_a, ready_export):
    client = client_for(manager_a)
    participant = ready_export.participant
    for method, url in _urls(participant, ready_export):
        if method == "get":
            assert client.get(url).status_code == 200, url


# --- the access log --------------------------------------------------------------


def log_at(moment: datetime.datetime, **kwargs) -> AccessLog:
    entry = access_log_record(**kwargs)
    AccessLog.objects.filter(pk=entry.pk).update(at=moment)
    return entry


def warsaw(*args: int) -> datetime.datetime:
    return datetime.datetime(*args, tzinfo=zoneinfo.ZoneInfo("Europe/Warsaw"))


@pytest.fixture
def log_rows(staff_a, manager_a, staff_b, unit_a, unit_b):
    nowak = ParticipantFactory(
        unit=unit_a, first_name="Jan", last_name="Nowak", sex="M"
    )
    kowalska = ParticipantFactory(unit=unit_a, first_name="Ewa", last_name="Kowalska")
    gone = participant_anonymise(
        actor=None, participant=ParticipantFactory(unit=unit_a)
    )
    AccessLog.objects.all().delete()  # the anonymisation's own entry
    other = ParticipantFactory(unit=unit_b, last_name="Zielińska")
    log_at(
        warsaw(2026, 11, 2, 9, 0),
        user=staff_a,
        unit=unit_a,
        action=AccessAction.VIEW,
        participant=nowak,
    )
    log_at(
        warsaw(2026, 11, 3, 10, 0),
        user=manager_a,
        unit=unit_a,
        action=AccessAction.DOCUMENT,
        participant=kowalska,
        what="skierowanie.pdf",
    )
    log_at(
        warsaw(2026, 11, 4, 11, 0),
        user=staff_a,
        unit=unit_a,
        action=AccessAction.ANONYMISE,
        participant=gone,
    )
    log_at(
        warsaw(2026, 11, 5, 12, 0),
        user=staff_a,
        unit=unit_a,
        action=AccessAction.EXPORT,
        what="participants, CSV",
    )
    log_at(
        warsaw(2026, 11, 6, 13, 0),
        user=staff_b,
        unit=unit_b,
        action=AccessAction.VIEW,
        participant=other,
    )
    return {"nowak": nowak, "kowalska": kowalska, "gone": gone}


def rows(response) -> list[tuple[str, str, str]]:
    return [
        (row.record.at.strftime("%d.%m"), row.record.user_email, row.record.action)
        for row in response.context["table"].page.object_list
    ]


def test_access_log_lists_the_managed_units_newest_first(english, manager_a, log_rows):
    response = english(manager_a).get("/participants/access-log/")
    assert response.status_code == 200
    assert rows(response) == [
        ("05.11", "staff.a@example.org", "export"),
        ("04.11", "staff.a@example.org", "anonymise"),
        ("03.11", "manager.a@example.org", "document"),
        ("02.11", "staff.a@example.org", "view"),
    ]
    content = response.content.decode()
    nowak, gone = log_rows["nowak"], log_rows["gone"]
    assert f'<a href="/participants/{nowak.pk}/">Nowak Jan</a>' in content
    assert f"<td >anonymised participant no. {gone.pk}</td>" in content
    assert f'href="/participants/{gone.pk}/"' not in content
    assert "Zielińska" not in content
    assert "downloaded a document" in content


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("user=MANAGER.A", ["03.11"]),
        ("user=staff.a", ["05.11", "04.11", "02.11"]),
        ("action=view", ["02.11"]),
        ("participant=nowak", ["02.11"]),
        ("participant=zielińska", []),
        ("date_from=2026-11-03&date_to=2026-11-04", ["04.11", "03.11"]),
        ("date_to=2026-11-02", ["02.11"]),
        ("action=export&date_from=2026-11-01", ["05.11"]),
    ],
)
def test_access_log_filters(english, manager_a, log_rows, query, expected):
    response = english(manager_a).get(f"/participants/access-log/?{query}")
    assert [day for day, _, _ in rows(response)] == expected


def test_access_log_finds_a_participant_by_pesel(english, manager_a, log_rows):
    pesel = log_rows["kowalska"].pesel
    spaced = f"{pesel[:4]} {pesel[4:]}"
    response = english(manager_a).get(f"/participants/access-log/?participant={spaced}")
    assert rows(response) == [("03.11", "manager.a@example.org", "document")]


def test_access_log_empty_state(english, manager_a, log_rows):
    content = (
        english(manager_a).get("/participants/access-log/?user=nobody").content.decode()
    )
    assert (
        '<tr><td colspan="7">No access to participants&#x27; data matches these '
        "criteria.</td></tr>"
    ) in content
    assert "0 results" in content


def test_access_log_csv_export_is_logged(english, manager_a, unit_a, log_rows):
    response = english(manager_a).get("/participants/access-log/?_export=csv")
    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        'attachment; filename="rejestr-dostepu.csv"'
    )
    table = list(csv.reader(io.StringIO(response.content.decode())))
    gone = log_rows["gone"]
    assert table == [
        ["When", "User", "Unit", "Participant", "Action", "What", "Address"],
        [
            "2026-11-05 12:00",
            "staff.a@example.org",
            "CIS A",
            "",
            "exported a list with personal data",
            "participants, CSV",
            "",
        ],
        [
            "2026-11-04 11:00",
            "staff.a@example.org",
            "CIS A",
            f"anonymised participant no. {gone.pk}",
            "anonymised the record",
            "",
            "",
        ],
        [
            "2026-11-03 10:00",
            "manager.a@example.org",
            "CIS A",
            "Kowalska Ewa",
            "downloaded a document",
            "skierowanie.pdf",
            "",
        ],
        [
            "2026-11-02 09:00",
            "staff.a@example.org",
            "CIS A",
            "Nowak Jan",
            "viewed the record",
            "",
            "",
        ],
    ]
    entry = AccessLog.objects.order_by("-pk").first()
    assert (entry.user, entry.unit, entry.participant, entry.action, entry.what) == (
        manager_a,
        unit_a,
        None,
        AccessAction.EXPORT,
        "access log, CSV",
    )


def test_access_log_query_count_does_not_grow_with_rows(
    client_for, manager_a, staff_a, unit_a, settings, django_assert_max_num_queries
):
    settings.PAGE_SIZE = 50
    for n in range(35):
        participant = ParticipantFactory(unit=unit_a)
        if n % 5 == 0:
            participant = participant_anonymise(actor=None, participant=participant)
        access_log_record(
            user=staff_a,
            unit=unit_a,
            action=AccessAction.VIEW,
            participant=participant,
        )
    client = client_for(manager_a)
    client.get("/participants/access-log/")  # warm the session
    with django_assert_max_num_queries(5):
        response = client.get("/participants/access-log/")
    assert len(response.context["table"].page.object_list) == 42


def test_access_log_under_htmx_renders_only_the_results(english, manager_a, log_rows):
    response = english(manager_a).get(
        "/participants/access-log/?action=view", headers={"HX-Request": "true"}
    )
    content = response.content.decode()
    assert content.lstrip().startswith('<div id="results"')
    assert "<html" not in content
    assert rows(response) == [("02.11", "staff.a@example.org", "view")]


def test_the_task_renders_nothing_for_an_anonymised_record(staff_a, manager_a, unit_a):
    participant = person(staff_a, unit_a)
    export = DataExport.objects.create(participant=participant, requested_by=manager_a)
    # As if the anonymisation had committed between the request and the worker.
    Participant.objects.filter(pk=participant.pk).update(anonymised_at=timezone.now())
    render_data_export_pdf_task.call(export.pk)
    export.refresh_from_db()
    assert not export.ready


def test_access_log_link_from_a_persons_page_shows_only_that_person(
    english, manager_a, log_rows
):
    person = AccessLog.objects.get(participant__last_name="Nowak").participant
    response = english(manager_a).get(
        f"/participants/access-log/?participant_id={person.pk}"
    )
    assert response.status_code == 200
    shown = [
        (entry.participant_id, entry.action) for entry in response.context["table"].data
    ]
    assert shown == [(person.pk, AccessAction.VIEW)]


# --- what a centre provided (art. 14 ust. 2-4) -----------------------------------


def provided(actor, participation) -> None:
    """An examination with restrictions, a voided clothing entry, and a diet."""
    provision_record(
        actor=actor,
        participation=participation,
        kind=ProvisionKind.MEDICAL_EXAMINATION,
        provided_on=D(2025, 3, 7),
        valid_until=D(2026, 3, 6),
        result=ExaminationResult.FIT_WITH_RESTRICTIONS,
        note="Bez pracy na wysokości.",
    )
    clothing = provision_record(
        actor=actor,
        participation=participation,
        kind=ProvisionKind.WORK_CLOTHING,
        provided_on=D(2025, 3, 10),
        note="Bluza M, obuwie 38.",
    )
    provision_void(actor=actor, provision=clothing, reason="Wydano Annie Nowak.")
    participation_meal_set(
        actor=actor, participation=participation, takes_meal=True, note="bezglutenowa"
    )


def test_json_export_holds_what_the_centre_provided(
    english, staff_a, manager_a, unit_a
):
    participation = admitted(staff_a, unit_a)
    provided(staff_a, participation)
    data = (
        english(manager_a)
        .get(f"/participants/{participation.participant_id}/data.json")
        .json()
    )
    [stint] = data["participations"]
    assert (stint["takes_meal"], stint["meal_note"]) == (True, "bezglutenowa")
    exam, clothing = stint["provisions"]
    assert {k: v for k, v in exam.items() if k != "recorded_at"} == {
        "kind": "medical_examination",
        "kind_label": "medical examination",
        "provided_on": "2025-03-07",
        "valid_until": "2026-03-06",
        "result": "fit_with_restrictions",
        "result_label": "fit with restrictions",
        "note": "Bez pracy na wysokości.",
        "recorded_by": str(staff_a),
        "voided_at": None,
        "voided_by": None,
        "void_reason": "",
    }
    assert (clothing["kind"], clothing["note"], clothing["void_reason"]) == (
        "work_clothing",
        "Bluza M, obuwie 38.",
        "Wydano Annie Nowak.",
    )
    assert clothing["voided_at"] is not None


def test_export_of_a_clubs_participation_has_no_meal(manager_a, unit_a):
    club = UnitFactory(kind="KIS", name="KIS E")
    participant = person(None, club)
    referred(None, participant)
    [stint] = participant_data(participant)["participations"]
    assert "takes_meal" not in stint
    assert "meal_note" not in stint
    assert stint["provisions"] == []
    with translation.override("pl"):
        context = data_export_context(participant)
    assert context["participations"][0]["is_centre"] is False


def test_pdf_export_lays_out_what_the_centre_provided(staff_a, unit_a):
    participation = admitted(staff_a, unit_a)
    provided(staff_a, participation)
    with translation.override("pl"):
        context = data_export_context(participation.participant)
        html = render_to_string(TEMPLATE, context)
    [stint] = context["participations"]
    assert stint["is_centre"] is True
    titles = [block.title for block in stint["provisions"]]
    assert titles[0].endswith(", 07.03.2025")
    assert titles[1].endswith(", 10.03.2025 (wpis unieważniony)")
    values = [item.value for item in stint["provisions"][0].items]
    assert "Bez pracy na wysokości." in values
    assert "06.03.2026" in values
    assert "bezglutenowa" in [item.value for item in stint["items"]]
    assert "Zapewnione przez centrum (art. 14 ust. 2 ustawy)" in html
    assert "Wydano Annie Nowak." in html


def test_anonymisation_erases_the_notes_on_provisions_and_keeps_the_rest(
    staff_a, manager_a, unit_a
):
    participation = admitted(staff_a, unit_a)
    provided(staff_a, participation)
    participation = participation_exit(
        actor=staff_a,
        participation=participation,
        exited_on=D(2025, 8, 31),
        reason=ExitReason.COMPLETED,
        outcome=Outcome.CONTINUED,
    )
    participant_anonymise(actor=manager_a, participant=participation.participant)
    participation.refresh_from_db()
    assert (participation.takes_meal, participation.meal_note) == (True, "")
    assert list(
        Provision.objects.order_by("provided_on").values_list(
            "kind", "provided_on", "valid_until", "result", "note", "void_reason"
        )
    ) == [
        (
            ProvisionKind.MEDICAL_EXAMINATION,
            D(2025, 3, 7),
            D(2026, 3, 6),
            ExaminationResult.FIT_WITH_RESTRICTIONS,
            "",
            "",
        ),
        (ProvisionKind.WORK_CLOTHING, D(2025, 3, 10), None, "", "", "—"),
    ]
    assert Provision.objects.filter(voided_at__isnull=False).count() == 1
    assert not Provision.history.filter(participation_id=participation.pk).exists()
