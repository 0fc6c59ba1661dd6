"""Bad input never causes a 500 on the participants' pages (the "trust"
issue), and a refused form writes nothing.

The sweep of cis_kis/tests/test_malformed_input.py, for every participants
page that accepts input, as the staff and the manager of unit A with real
participations in every state: the lists and their filters, the person's
edit form, each step of the intake wizard (with tampered steps and broken
management data), the new referral, every action of the participation page,
the comparison of programme versions, the access log, the data export and
the anonymisation.

Each form's valid baseline is checked first: it must redirect and write
(so the fingerprint below sees a write). Each probe then changes one field
of the baseline and runs in a savepoint that is rolled back, so all probes
start from the same state. A value that no form may accept must be refused
(400 or 404) with the fingerprint unchanged: the row count of every model of
the participants app and of its history (every change of a record adds a
history row), and the number of files under MEDIA_ROOT. A value that may
happen to be acceptable (a real date in another accepted format, a long
note without a limit) must only not answer 500, and write nothing unless it
redirects. One run lists every failure as (what, field, value, problem).
"""

from __future__ import annotations

import datetime
import enum
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import django_filters
import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client

from accounts.constants import MembershipRole
from accounts.tests.factories import MembershipFactory
from participants.constants import (
    ExitReason,
    Outcome,
    ProgrammeChange,
    ReferralIssuer,
)
from participants.filters import ParticipationFilter
from participants.filters_privacy import AccessLogFilter
from participants.models import AccessLog, Participant
from participants.services import (
    participation_admit,
    participation_exit,
    participation_not_admit,
)
from participants.tables import FollowUpTable, ParticipationTable
from participants.tables_privacy import AccessLogTable
from participants.tests.factories import ground, make_pesel
from participants.tests.test_services import ipzs, refer, register

pytestmark = pytest.mark.django_db
D = datetime.date

LONG = "x" * 10_000
NUL = "a\x00b"
HUGE = "99999999999999999999"
PDF = b"%PDF-1.4\n% skan\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32

PESEL_1 = make_pesel(D(1980, 5, 17), "F", 1)
WRONG_CHECK_DIGIT = PESEL_1[:-1] + str((int(PESEL_1[-1]) + 1) % 10)

TEXT_BAD = (LONG, NUL, "\x00")
BAD_DATES = (
    "2025-02-30",
    "9999-99-99",
    "2025-13-01",
    "31.02.2025",
    "yesterday",
    "-1",
    HUGE,
    *TEXT_BAD,
)
# Real dates in an accepted format (31.12.2025 is the Polish one): the form
# takes them and the service judges them.
ODD_DATES = ("31.12.2025", "0001-01-01", "9999-12-31")
BAD_IDS = ("abc", "-1", "0", HUGE, "1.5", "1e309", "²", *TEXT_BAD)
BAD_CHOICES = ("zzz", "-1", HUGE, "²", *TEXT_BAD)
BAD_MULTI = (["zzz"], ["abc"], ["-1"], [HUGE], ["1.5"], [NUL], [LONG])
BAD_HOURS = (
    "-5",
    "0",
    "61",
    "1000000",
    "1e309",
    HUGE,
    "abc",
    "nan",
    "inf",
    "1.5",
    "²",
    *TEXT_BAD,
)
BAD_PESELS = (
    WRONG_CHECK_DIGIT,
    PESEL_1[:10],
    PESEL_1 + "0",
    "abcdefghijk",
    "80131712345",  # month 13
    "00000000000",
    *TEXT_BAD,
)
BAD_EMAILS = ("not-an-e-mail", "a@" + LONG, "a\x00@example.org", *TEXT_BAD)


@dataclass(frozen=True)
class Kind:
    """The values probed in a field of this kind: those every form must
    refuse, and those it may accept."""

    refused: tuple[Any, ...]
    tolerated: tuple[Any, ...] = ()


KINDS = {
    "text": Kind(TEXT_BAD),  # a CharField with a max_length
    "free": Kind((NUL, "\x00"), (LONG,)),  # a text without a limit
    "date": Kind(BAD_DATES, ODD_DATES),
    "choice": Kind(BAD_CHOICES),
    "model": Kind(BAD_IDS),
    "multi": Kind(BAD_MULTI, ([],)),
    "hours": Kind(BAD_HOURS),
    "version": Kind((*BAD_IDS, "99")),  # an unknown version is 404
    "follow_up": Kind((*BAD_IDS, "99999", "{other_follow_up}")),
    "bool": Kind((), ("abc", "0", "false", *TEXT_BAD)),
    "pesel": Kind(BAD_PESELS),
    "email": Kind(BAD_EMAILS),
}


REFUSALS = (400, 404, 405)


class Expect(enum.Enum):
    REFUSED = "refused (400/404/405) and nothing written"
    TOLERATED = "below 500, nothing written unless redirected"
    DONE = "redirected and written"
    SHOWN = "shown (200) and nothing written"


def values_of(kind: str, *, required: bool) -> list[tuple[Any, Expect]]:
    spec = KINDS[kind]
    refused = list(spec.refused)
    tolerated = list(spec.tolerated)
    if required:
        refused += ["", "false"] if kind == "bool" else [""]
    return [(v, Expect.REFUSED) for v in refused] + [
        (v, Expect.TOLERATED) for v in tolerated
    ]


@dataclass(frozen=True)
class FormCase:
    """A form posted to `url` (placeholders from the world) by `role`: a valid
    `baseline` (the POST names) and the kind of each probed field."""

    name: str
    url: str
    role: str
    baseline: dict[str, Any]
    fields: dict[str, str]
    required: frozenset[str] = frozenset()
    file_field: str = ""
    file_required: bool = False


def prefixed(prefix: str, data: dict[str, Any]) -> dict[str, Any]:
    return {f"{prefix}-{name}": value for name, value in data.items()}


def action(name: str, data: dict[str, Any]) -> dict[str, Any]:
    return {"action": name, **prefixed(name, data)}


PAGE = "/participants/participations/{%s}/"
PERSON = {
    "pesel": PESEL_1,
    "document_type": "",
    "document_number": "",
    "first_name": "Anna",
    "last_name": "Kowalska",
    "birth_date": "",
    "sex": "",
    "citizenship": "polskie",
    "address": "ul. Nowa 3, 26-600 Radom",
    "phone": "600 100 200",
    "email": "anna@example.org",
    "education": "secondary",
    "family_situation": "",
    "info_clause_on": "2025-03-01",
}
PERSON_FIELDS = {
    "pesel": "pesel",
    "document_type": "choice",
    "document_number": "text",
    "first_name": "text",
    "last_name": "text",
    "birth_date": "date",
    "sex": "choice",
    "citizenship": "text",
    "address": "text",
    "phone": "text",
    "email": "email",
    "education": "choice",
    "family_situation": "free",
    "info_clause_on": "date",
}
REFERRAL = {
    "requested_by": "pup",
    "requester_name": "",
    "issued_by": "pup",
    "issuer_name": "Powiatowy Urząd Pracy w Radomiu",
    "number": "PUP/12/2025",
    "referred_on": "2025-03-03",
    "social_worker": "Jan Wiśniewski",
    "ref": "CIS-A/7/2025",
    "note": "",
}
REFERRAL_FIELDS = {
    "requested_by": "choice",
    "requester_name": "text",
    "issued_by": "choice",
    "issuer_name": "text",
    "number": "text",
    "referred_on": "date",
    "social_worker": "text",
    "ref": "text",
    "note": "free",
}
GROUNDS = {
    "primary_ground": "{long_term_unemployed}",
    "other_grounds": ["{disabled}"],
    "evidence_kind": "pup_certificate",
    "evidence_date": "2025-02-20",
    "evidence_issuer": "PUP Radom",
    "benefits": [],
}
GROUNDS_FIELDS = {
    "primary_ground": "model",
    "other_grounds": "multi",
    "evidence_kind": "choice",
    "evidence_date": "date",
    "evidence_issuer": "text",
    "benefits": "multi",
}
CONSENT = {"info_clause_on": "2025-03-04", "confirm": "on"}
CONSENT_FIELDS = {"info_clause_on": "date", "confirm": "bool"}
REQUIRED_STEP_FIELDS = frozenset(
    {
        "first_name",
        "last_name",
        "citizenship",
        "requested_by",
        "issued_by",
        "referred_on",
        "primary_ground",
        "info_clause_on",
        "confirm",
    }
)

ADMIT = {"admitted_on": "2025-03-10"}
OVERRIDE = {"reason": "Skierowanie wydał OPS; przyjęta wyjątkowo."}
NOT_ADMIT = {"reason": "Nie zgłosiła się.", "confirm": "on"}
GROUND = {
    "ground": "{disabled}",
    "evidence_kind": "disability",
    "evidence_date": "2025-02-20",
    "evidence_issuer": "PZON Radom",
    "note": "",
}
PROGRAMME = {
    "change": ProgrammeChange.INITIAL,
    "kind": "ipzs",
    "starts_on": "2025-03-10",
    "ends_on": "2025-12-31",
    "signed_on": "",
    "goals": "Powrót na rynek pracy.",
    "social_reintegration": "",
    "vocational_reintegration": "",
    "workshop": "Warsztat gastronomiczny",
    "hours_per_week": "35",
    "social_worker": "",
    "reason": "",
}
SIGN = {"version": "1", "signed_on": "2025-03-20"}
EXIT = {
    "exited_on": "2025-08-29",
    "reason": ExitReason.EMPLOYMENT,
    "removal_ground": "",
    "note": "",
    "outcome": Outcome.OPEN_MARKET,
    "confirm": "on",
}
FOLLOW_UP = {
    "follow_up": "{follow_up}",
    "checked_on": "2025-12-01",
    "outcome": "open_market",
    "employer": "Firma Nowak",
    "employment_from": "2025-09-01",
    "employment_until": "",
    "note": "",
}


def action_case(
    name: str,
    target: str,
    data: dict[str, Any],
    fields: dict[str, str],
    required: set[str],
    role: str = "staff_a",
    file_field: str = "",
    file_required: bool = False,
) -> FormCase:
    return FormCase(
        name=f"participation {name}",
        url=PAGE % target,
        role=role,
        baseline=action(name, data),
        fields={f"{name}-{field}": kind for field, kind in fields.items()},
        required=frozenset(f"{name}-{field}" for field in required),
        file_field=f"{name}-{file_field}" if file_field else "",
        file_required=file_required,
    )


ACTION_CASES = [
    action_case("admit", "referred", ADMIT, {"admitted_on": "date"}, {"admitted_on"}),
    action_case("override", "problem", OVERRIDE, {"reason": "text"}, {"reason"}),
    action_case(
        "not_admit",
        "referred",
        NOT_ADMIT,
        {"reason": "text", "confirm": "bool"},
        {"reason", "confirm"},
    ),
    action_case(
        "ground",
        "referred",
        GROUND,
        {
            "ground": "model",
            "is_primary": "bool",
            "evidence_kind": "choice",
            "evidence_date": "date",
            "evidence_issuer": "text",
            "note": "text",
        },
        {"ground"},
        file_field="evidence_file",
    ),
    action_case(
        "referral_document",
        "referred",
        {},
        {},
        set(),
        file_field="document",
        file_required=True,
    ),
    action_case(
        "programme",
        "active",
        PROGRAMME,
        {
            "change": "choice",
            "kind": "choice",
            "starts_on": "date",
            "ends_on": "date",
            "signed_on": "date",
            "goals": "free",
            "social_reintegration": "free",
            "vocational_reintegration": "free",
            "workshop": "text",
            "hours_per_week": "hours",
            "social_worker": "text",
            "reason": "free",
        },
        {"change", "kind", "starts_on", "ends_on", "goals"},
    ),
    action_case(
        "sign",
        "signable",
        SIGN,
        {"version": "version", "signed_on": "date"},
        {"version", "signed_on"},
    ),
    action_case(
        "exit",
        "active",
        EXIT,
        {
            "exited_on": "date",
            "reason": "choice",
            "removal_ground": "choice",
            "note": "free",
            "outcome": "choice",
            "follow_up_12": "bool",
            "confirm": "bool",
        },
        {"exited_on", "reason", "outcome", "confirm"},
    ),
    action_case(
        "follow_up",
        "exited",
        FOLLOW_UP,
        {
            "follow_up": "follow_up",
            "checked_on": "date",
            "outcome": "choice",
            "employer": "text",
            "employment_from": "date",
            "employment_until": "date",
            "note": "free",
        },
        {"follow_up", "checked_on", "outcome"},
    ),
]

FORMS = [
    FormCase(
        "person edit",
        "/participants/{referred_person}/edit/",
        "staff_a",
        PERSON,
        PERSON_FIELDS,
        frozenset({"first_name", "last_name", "citizenship", "info_clause_on"}),
    ),
    FormCase(
        "new referral",
        "/participants/{ended_person}/refer/",
        "staff_a",
        {**prefixed("referral", REFERRAL), **prefixed("grounds", GROUNDS)},
        {
            **{f"referral-{k}": v for k, v in REFERRAL_FIELDS.items()},
            **{f"grounds-{k}": v for k, v in GROUNDS_FIELDS.items()},
        },
        frozenset(
            {
                "referral-requested_by",
                "referral-issued_by",
                "referral-referred_on",
                "grounds-primary_ground",
            }
        ),
    ),
    *ACTION_CASES,
    FormCase(
        "anonymise",
        "/participants/{ended_person}/anonymise/",
        "manager_a",
        {"confirm": "on"},
        {"confirm": "bool"},
        frozenset({"confirm"}),
    ),
    FormCase(
        "data export",
        "/participants/{referred_person}/data/",
        "manager_a",
        {},
        {},
    ),
]

# Each action posted, valid, to a participation in a state that refuses it.
WRONG_STATE = [
    ("admit", "exited"),
    ("admit", "active"),
    ("override", "active"),
    ("not_admit", "exited"),
    ("ground", "exited"),
    ("programme", "referred"),
    ("programme", "exited"),
    ("sign", "active"),
    ("sign", "exited"),
    ("exit", "referred"),
    ("exit", "exited"),
    ("follow_up", "active"),
    ("follow_up", "other_exited"),
]

# Uploads: (name, content, what a form must do with it).
FILES = [
    ("skan.pdf", b"MZ\x90\x00 a program, not a scan", Expect.REFUSED),
    ("skan.exe", b"MZ\x90\x00", Expect.REFUSED),
    ("../../../etc/passwd", b"root:x:0:0", Expect.REFUSED),
    ("empty.pdf", b"", Expect.REFUSED),
    ("skan.pdf", b"%PD", Expect.REFUSED),
    ("skan.png", b"GIF89a", Expect.REFUSED),
    ("a" * 10_000 + ".pdf", PDF, Expect.TOLERATED),
    ("a\x00b.pdf", PDF, Expect.TOLERATED),
    ("ząb żółć.png", PNG, Expect.TOLERATED),
    ("skan.exe", PDF, Expect.TOLERATED),  # a PDF under another name
]


def multipart(*parts: tuple[str, str, bytes]) -> bytes:
    """A complete multipart body (boundary "xyz") of (name, filename, value)
    parts; a filename of None makes a plain field."""
    body = b""
    for name, filename, value in parts:
        disposition = f'form-data; name="{name}"'
        if filename is not None:
            disposition += f'; filename="{filename}"'
        body += f"--xyz\r\nContent-Disposition: {disposition}\r\n\r\n".encode()
        body += value + b"\r\n"
    return body + b"--xyz--\r\n"


MULTIPART = "multipart/form-data; boundary=xyz"
DOCUMENT_FIELD = "referral_document-document"
ACTION_PART = ("action", None, b"referral_document")
# Bodies that claim to be multipart (or a form) and are not valid or complete:
# (body, content type, what a form must do with it).
BROKEN_MULTIPART = [
    (b"not multipart at all", MULTIPART, Expect.REFUSED),
    (b"", MULTIPART, Expect.REFUSED),
    (b"--xyz\r\n\r\n", MULTIPART, Expect.REFUSED),
    (b"--xyz--", MULTIPART, Expect.REFUSED),
    (b"whatever", "multipart/form-data", Expect.REFUSED),
    (b"whatever", "multipart/form-data; boundary=", Expect.REFUSED),
    (b"whatever", "multipart/form-data; boundary=" + "x" * 100, Expect.REFUSED),
    (b"whatever", "multipart/form-data; boundary=\x00", Expect.REFUSED),
    (b"\xff\xfe\x00", "application/x-www-form-urlencoded", Expect.REFUSED),
    (
        b"action=%00&a=%ZZ&&=&" + b"b" * 10_000,
        "application/x-www-form-urlencoded",
        Expect.REFUSED,
    ),
    (
        b"--xyz\r\nno headers here\r\n\r\nbody\r\n--xyz--\r\n",
        MULTIPART,
        Expect.REFUSED,
    ),
    # A scan cut short (no closing boundary): Django's parser keeps what came,
    # and what came starts like a PDF.
    (
        multipart(ACTION_PART)[: -len(b"--xyz--\r\n")]
        + f'--xyz\r\nContent-Disposition: form-data; name="{DOCUMENT_FIELD}"; '
        'filename="a.pdf"\r\nContent-Type: application/pdf\r\n\r\n'.encode()
        + b"%PDF-1.4 cut",
        MULTIPART,
        Expect.TOLERATED,
    ),
    # A real PDF under a file name of 10 000 characters: the part's headers
    # exceed what Django's parser reads, so no file arrives.
    (
        multipart(ACTION_PART, (DOCUMENT_FIELD, "a" * 10_000 + ".pdf", PDF)),
        MULTIPART,
        Expect.REFUSED,
    ),
    (
        multipart(ACTION_PART, (DOCUMENT_FIELD, "a\x00b.pdf", PDF)),
        MULTIPART,
        Expect.TOLERATED,
    ),
]


# --- the world and the probe -------------------------------------------------


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def world(media, unit_a, staff_a, manager_a):
    """Participations of unit A in every state some form acts on."""

    def person(serial: int) -> Participant:
        return register(staff_a, unit_a, pesel=make_pesel(D(1980, 5, 17), "F", serial))

    referred = refer(staff_a, person(1))
    problem = refer(staff_a, person(2), issued_by=ReferralIssuer.OPS)

    def admitted(serial: int) -> Any:
        return participation_admit(
            actor=staff_a,
            participation=refer(staff_a, person(serial)),
            admitted_on=D(2025, 3, 10),
        )

    active, signable = admitted(3), admitted(4)
    ipzs(staff_a, signable, ends_on=D(2025, 12, 31))
    ipzs(
        staff_a,
        signable,
        ends_on=D(2025, 12, 31),
        change=ProgrammeChange.AMENDMENT,
        workshop="Warsztat ogrodniczy",
    )

    def exited(serial: int) -> Any:
        participation = admitted(serial)
        ipzs(staff_a, participation, ends_on=D(2025, 12, 31))
        return participation_exit(
            actor=staff_a,
            participation=participation,
            exited_on=D(2025, 8, 29),
            reason=ExitReason.EMPLOYMENT,
            outcome=Outcome.OPEN_MARKET,
        )

    exited_a, exited_b = exited(5), exited(6)
    not_admitted = participation_not_admit(
        actor=staff_a, participation=refer(staff_a, person(7)), reason="Nie przyszła."
    )
    return {
        "referred": referred.pk,
        "problem": problem.pk,
        "active": active.pk,
        "signable": signable.pk,
        "exited": exited_a.pk,
        "other_exited": exited_b.pk,
        "not_admitted": not_admitted.pk,
        "follow_up": exited_a.follow_ups.order_by("months_after").first().pk,
        "other_follow_up": exited_b.follow_ups.order_by("months_after").first().pk,
        "referred_person": referred.participant_id,
        "ended_person": not_admitted.participant_id,
        "ground_row": referred.grounds.get().pk,
        "long_term_unemployed": ground("long_term_unemployed").pk,
        "disabled": ground("disabled").pk,
        "unit": unit_a.pk,
    }


@pytest.fixture
def clients(request, world):
    """One logged-in client per role, answering 500 instead of raising."""

    def make(role: str) -> Client:
        client = Client(raise_request_exception=False)
        if role != "anonymous":
            client.force_login(request.getfixturevalue(role))
        return client

    return make


def fingerprint(media: Path) -> dict[str, int]:
    """What a write changes: the rows of every model of the participants app
    and of its history (not the access log, which every read writes), and
    the stored files."""
    counts = {
        model._meta.label: model._default_manager.count()
        for model in apps.get_app_config("participants").get_models()
        if model is not AccessLog
    }
    counts["files"] = sum(1 for path in media.rglob("*") if path.is_file())
    return counts


def changed(before: dict[str, int], after: dict[str, int]) -> dict[str, tuple]:
    return {k: (before[k], after[k]) for k in before if before[k] != after[k]}


def shorten(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 40 else f"{text[:30]}…({len(text)} chars)"


def fill(value: Any, world: dict[str, Any]) -> Any:
    if isinstance(value, list):
        return [fill(item, world) for item in value]
    if isinstance(value, str) and value.startswith("{"):
        return str(world[value[1:-1]])
    return value


def meets(expect: Expect, status: int, written: dict[str, tuple]) -> bool:
    if expect is Expect.REFUSED:
        return status in REFUSALS and not written
    if expect is Expect.DONE:
        return status == 302 and bool(written)
    if expect is Expect.SHOWN:
        return status == 200 and not written
    return status == 302 or not written


class Probe:
    """Sends requests in rolled-back savepoints and collects what fails."""

    def __init__(self, capture: Any, media: Path) -> None:
        self.capture = capture
        self.media = media
        self.failures: list[tuple[Any, ...]] = []
        self.statuses: dict[tuple[str, str], int] = {}

    def report(self) -> str:
        return "\n".join(str(failure) for failure in self.failures)

    def send(
        self,
        what: str,
        name: str,
        value: Any,
        call: Callable[[], Any],
        expect: Expect = Expect.TOLERATED,
    ) -> int:
        where = (what, name, shorten(value))
        before = fingerprint(self.media)
        with transaction.atomic():
            try:
                # The PDFs are rendered after the commit: render them too.
                with self.capture(execute=True):
                    answer = call()
                after = fingerprint(self.media)
            except Exception as error:  # noqa: BLE001 - every crash is listed
                self.failures.append((*where, repr(error)[:300]))
                transaction.set_rollback(True)
                return 0
            transaction.set_rollback(True)
        responses = answer if isinstance(answer, list) else [answer]
        statuses = [response.status_code for response in responses]
        status = statuses[-1]
        written = changed(before, after)
        if max(statuses) >= 500:
            self.failures.append((*where, statuses))
        elif not meets(expect, status, written):
            self.failures.append((*where, expect.value, status, written))
        return status


@pytest.fixture
def probe(django_capture_on_commit_callbacks, media):
    return Probe(django_capture_on_commit_callbacks, media)


def baseline_of(case: FormCase, world: dict[str, Any]) -> dict[str, Any]:
    data = {name: fill(value, world) for name, value in case.baseline.items()}
    if case.file_field and case.file_required:
        data[case.file_field] = SimpleUploadedFile("skan.pdf", PDF)
    return data


def poster(client: Client, url: str, data: dict[str, Any]) -> Callable[[], Any]:
    """A POST of `data`, each file in it sent afresh (a file is read once)."""

    def copy(value: Any) -> Any:
        if isinstance(value, SimpleUploadedFile):
            value.seek(0)
            return SimpleUploadedFile(value.name, value.read(), value.content_type)
        return value

    return lambda: client.post(url, {key: copy(v) for key, v in data.items()})


# --- forms -------------------------------------------------------------------


def test_baselines_are_valid(world, clients, probe):
    """Each form's baseline succeeds and writes, so that every probe changes
    one field only and the fingerprint sees a write."""
    for case in FORMS:
        probe.send(
            case.name,
            "baseline",
            "",
            poster(
                clients(case.role), case.url.format(**world), baseline_of(case, world)
            ),
            Expect.DONE,
        )
    assert probe.failures == [], probe.report()


@pytest.mark.parametrize("case", FORMS, ids=[case.name for case in FORMS])
def test_no_form_answers_500_or_writes_on_malformed_values(case, world, clients, probe):
    client = clients(case.role)
    url = case.url.format(**world)
    baseline = baseline_of(case, world)
    for name, kind in case.fields.items():
        for value, expect in values_of(kind, required=name in case.required):
            data = {**baseline, name: fill(value, world)}
            probe.send(case.name, name, value, poster(client, url, data), expect)
    if case.file_field:
        for filename, content, expect in FILES:
            upload = SimpleUploadedFile(filename, content)
            data = {**baseline, case.file_field: upload}
            probe.send(case.name, "file", filename, poster(client, url, data), expect)
    for body, content_type, refusal in BROKEN_MULTIPART:
        # The data export reads no field: whatever the body, it asks for
        # the PDF.
        expect = Expect.TOLERATED if case.name == "data export" else refusal
        probe.send(
            case.name,
            "body",
            (content_type, body),
            lambda c=client, u=url, b=body, t=content_type: c.post(
                u, data=b, content_type=t
            ),
            expect,
        )
    assert probe.failures == [], probe.report()


def test_a_long_file_name_is_stored_under_a_short_name(world, clients, media):
    """The scan's name is the user's: the stored one is a fresh short name."""
    client = clients("staff_a")
    response = client.post(
        PAGE.replace("{%s}", str(world["referred"])),
        data=multipart(ACTION_PART, (DOCUMENT_FIELD, "ą" * 120 + ".PDF", PDF)),
        content_type=MULTIPART,
    )
    assert response.status_code == 302
    stored = [path.relative_to(media) for path in media.rglob("*") if path.is_file()]
    assert len(stored) == 1
    assert stored[0].parent == Path(f"participants/{world['unit']}/referrals")
    assert len(stored[0].name) == len("0" * 32 + ".pdf")


def test_unknown_actions_and_actions_in_a_wrong_state_are_refused(
    world, clients, probe
):
    client = clients("staff_a")
    for target in ("referred", "active", "exited"):
        url = PAGE.replace("{%s}", str(world[target]))
        for value in ("zzz", "", "run", "__init__", "get", *BAD_IDS):
            probe.send(
                url,
                "action",
                value,
                lambda u=url, v=value: client.post(u, {"action": v}),
                Expect.REFUSED,
            )
    cases = {case.name.removeprefix("participation "): case for case in ACTION_CASES}
    for name, target in WRONG_STATE:
        case = cases[name]
        url = PAGE.replace("{%s}", str(world[target]))
        probe.send(
            f"{name} on {target}",
            "state",
            "",
            poster(client, url, baseline_of(case, world)),
            Expect.REFUSED,
        )
    assert probe.failures == [], probe.report()


def test_privacy_pages_are_refused_to_plain_staff(world, clients, probe):
    """Anonymisation and the data export are the manager's: staff get 404."""
    client = clients("staff_a")
    for case in FORMS:
        if case.role != "manager_a":
            continue
        probe.send(
            case.name,
            "role",
            "staff_a",
            poster(client, case.url.format(**world), baseline_of(case, world)),
            Expect.REFUSED,
        )
    # A person with a participation under way is not anonymised.
    probe.send(
        "anonymise",
        "open participation",
        "",
        poster(
            clients("manager_a"),
            f"/participants/{world['referred_person']}/anonymise/",
            {"confirm": "on"},
        ),
        Expect.REFUSED,
    )
    assert probe.failures == [], probe.report()


# --- the intake wizard -------------------------------------------------------

WIZARD = "/participants/new/"
STEP_FIELD = "intake_wizard_view-current_step"
STEPS = {
    "person": (
        {k: v for k, v in PERSON.items() if k != "info_clause_on"},
        PERSON_FIELDS,
    ),
    "referral": (REFERRAL, REFERRAL_FIELDS),
    "grounds": (GROUNDS, GROUNDS_FIELDS),
    "consent": (CONSENT, CONSENT_FIELDS),
}
NEW_PESEL = make_pesel(D(1985, 2, 3), "F", 9)


def step_data(step: str, world: dict[str, Any], **override: Any) -> dict[str, Any]:
    data = {**STEPS[step][0], **override}
    if step == "person":
        data["pesel"] = override.get("pesel", NEW_PESEL)
    payload = {STEP_FIELD: step}
    payload.update({f"{step}-{k}": fill(v, world) for k, v in data.items()})
    return payload


def walk(client: Client, world: dict[str, Any], upto: str) -> list[Any]:
    """GET the wizard and POST the valid steps before `upto`."""
    responses = [client.get(WIZARD)]
    for step in STEPS:
        if step == upto:
            break
        responses.append(client.post(WIZARD, step_data(step, world)))
    return responses


def test_the_wizard_never_answers_500_and_writes_only_when_done(world, clients, probe):
    client = clients("staff_a")
    # The session is rolled back with each probe: every probe starts from
    # the steps before it filled in.
    responses = walk(client, world, "consent")
    assert [r.status_code for r in responses] == [200, 200, 200, 200]
    probe.send(
        "wizard",
        "baseline",
        "",
        lambda: client.post(WIZARD, step_data("consent", world)),
        Expect.DONE,
    )
    for step, (_data, fields) in STEPS.items():
        for name, kind in fields.items():
            if step == "person" and name == "info_clause_on":
                continue
            for value, expect in values_of(kind, required=name in REQUIRED_STEP_FIELDS):
                data = step_data(step, world, **{name: value})
                probe.send(
                    f"wizard {step}",
                    name,
                    value,
                    lambda d=data: client.post(WIZARD, d),
                    expect,
                )
        for body, content_type, _expect in BROKEN_MULTIPART:
            probe.send(
                f"wizard {step}",
                "body",
                (content_type, body),
                lambda b=body, t=content_type: client.post(
                    WIZARD, data=b, content_type=t
                ),
                Expect.REFUSED,
            )
    assert probe.failures == [], probe.report()


def test_tampered_steps_of_the_wizard_are_refused(world, clients, probe):
    client = clients("staff_a")
    walk(client, world, "consent")
    person = step_data("person", world)
    # The step named in the management data: not one of this user's.
    for value in ("unit", "zzz", "", "done", "0", "Person", *TEXT_BAD):
        probe.send(
            "wizard",
            STEP_FIELD,
            value,
            lambda v=value: client.post(WIZARD, {**person, STEP_FIELD: v}),
            Expect.REFUSED,
        )
    # No management data, or one under another prefix.
    without = {k: v for k, v in person.items() if k != STEP_FIELD}
    for data in (without, {**without, "current_step": "person"}, {}):
        probe.send(
            "wizard",
            "management",
            sorted(data)[:3],
            lambda d=data: client.post(WIZARD, d),
            Expect.REFUSED,
        )
    # Jumps: to unknown steps (the form is processed as usual), forward over
    # steps never filled in (done() finds them invalid and shows them).
    for goto in ("zzz", "unit", "consent", "person", "", *TEXT_BAD):
        probe.send(
            "wizard",
            "wizard_goto_step",
            goto,
            lambda g=goto: client.post(WIZARD, {**person, "wizard_goto_step": g}),
        )
    fresh = clients("staff_a")
    probe.send(
        "wizard (fresh)",
        "the last step first",
        "",
        lambda: [fresh.get(WIZARD), fresh.post(WIZARD, step_data("consent", world))],
    )
    probe.send(
        "wizard (fresh)",
        "jump over the steps",
        "",
        lambda: [
            fresh.get(WIZARD),
            fresh.post(
                WIZARD,
                {
                    **step_data("person", world, first_name=""),
                    "wizard_goto_step": "consent",
                },
            ),
            fresh.post(WIZARD, step_data("consent", world)),
        ],
    )
    probe.send(
        "wizard (fresh)",
        "a step of the future",
        "",
        lambda: [fresh.get(WIZARD), fresh.post(WIZARD, step_data("grounds", world))],
    )
    assert probe.failures == [], probe.report()


def test_the_unit_step_refuses_junk_and_other_units(
    world, clients, probe, unit_a, unit_b, unit_other
):
    """A user of two units chooses one of them; anything else is refused."""
    user = MembershipFactory(
        user__email="two.units@example.org", unit=unit_a, role=MembershipRole.STAFF
    ).user
    MembershipFactory(user=user, unit=unit_b, role=MembershipRole.STAFF)
    client = Client(raise_request_exception=False)
    client.force_login(user)
    assert client.get(WIZARD).status_code == 200

    def unit_step(value: Any) -> dict[str, Any]:
        return {STEP_FIELD: "unit", "unit-unit": value}

    probe.send(
        "wizard unit",
        "unit",
        unit_b.pk,
        lambda: client.post(WIZARD, unit_step(unit_b.pk)),
        Expect.SHOWN,
    )
    for value in (*BAD_IDS, "", unit_other.pk):
        probe.send(
            "wizard unit",
            "unit",
            value,
            lambda v=value: client.post(WIZARD, unit_step(v)),
            Expect.REFUSED,
        )
    assert probe.failures == [], probe.report()


# --- lists, filters and pages read with parameters ---------------------------

FILTER_VALUES = ["abc", "zzz", "-1", "0", HUGE, "²", "", *TEXT_BAD]
DATE_FILTER_VALUES = [*BAD_DATES, *ODD_DATES, ""]
PAGING = [
    {"page": "abc"},
    {"page": "-1"},
    {"page": "0"},
    {"page": "999999"},
    {"page": HUGE},
    {"page": "1e309"},
    {"per_page": "0"},
    {"per_page": "-1"},
    {"per_page": "abc"},
    {"per_page": HUGE},
    {"sort": "not_a_column"},
    {"sort": "-not_a_column"},
    {"sort": ",,"},
    {"sort": LONG},
    {"sort": NUL},
    {"_export": "pdf"},
    {"_export": "csv", "page": "abc"},
    {"_export": "xlsx", "per_page": "0"},
    {"_export": "csv", "sort": "not_a_column"},
    {"_export": NUL},
    {"q": PESEL_1},
    {"q": WRONG_CHECK_DIGIT},
    {"q": "%"},
    {"q": "_"},
    {"q": "Kowalska Anna"},
    {"q": " " * 1000},
]
PARTICIPANT_IDS = [
    "abc",
    "1e309",
    "nan",
    "inf",
    "-inf",
    "-1",
    "0",
    HUGE,
    "9" * 5000,
    "1.5",
    "1e-999999999",
    "0x10",
    "{referred_person}",
]
LISTS = [
    (
        "/participants/",
        ("staff_a", "manager_a"),
        ParticipationFilter,
        ParticipationTable,
    ),
    ("/participants/follow-ups/", ("staff_a",), None, FollowUpTable),
    ("/participants/access-log/", ("manager_a",), AccessLogFilter, AccessLogTable),
]


def test_no_list_answers_500_to_malformed_filters(world, clients, probe):
    for url, roles, filterset, table in LISTS:
        queries: list[dict[str, str]] = list(PAGING)
        if filterset is not None:
            for name, item in filterset.base_filters.items():
                dated = isinstance(item, django_filters.DateFilter)
                values = DATE_FILTER_VALUES if dated else FILTER_VALUES
                queries += [{name: value} for value in values]
        if url.endswith("access-log/"):
            queries += [
                {"participant_id": fill(value, world)} for value in PARTICIPANT_IDS
            ]
        for column in table.base_columns:
            queries += [{"sort": column}, {"sort": f"-{column}"}]
        for number, role in enumerate(roles):
            client = clients(role)
            # The manager's list is the staff's: the paging and sorting only.
            for query in queries if number == 0 else PAGING:
                target = f"{url}?{urlencode(query)}"
                probe.send(
                    f"{url} as {role}", "?", query, lambda c=client, t=target: c.get(t)
                )
            # Under htmx the same list renders only its table.
            for query in PAGING:
                target = f"{url}?{urlencode(query)}"
                probe.send(
                    f"{url} as {role} (htmx)",
                    "?",
                    query,
                    lambda c=client, t=target: c.get(
                        t, headers={"HX-Request": "true", "HX-Target": "results"}
                    ),
                )
    assert probe.failures == [], probe.report()


def test_the_access_log_filters_one_person_by_id(world, clients):
    """The junk above answers; a real id still filters (so the probe of
    participant_id reaches the filter)."""
    client = clients("manager_a")
    client.get(f"/participants/{world['referred_person']}/")
    response = client.get(
        f"/participants/access-log/?participant_id={world['referred_person']}"
    )
    rows = list(response.context["table"].data)
    assert response.status_code == 200
    assert {row.participant_id for row in rows} == {world["referred_person"]}
    junk = client.get("/participants/access-log/?participant_id=1e309")
    assert junk.status_code == 200
    assert list(junk.context["table"].data) == []


def test_a_huge_exponent_in_participant_id_answers_at_once(world, clients):
    """`?participant_id=1e300000` is a valid Decimal, and `int()` of it (in
    AccessLogFilter.filter_participant_id) would take seconds — minutes for
    1e1000000. django-filter's NumberFilter refuses values above 1e50 before
    the filter runs; this keeps it so."""
    client = clients("manager_a")
    started = time.perf_counter()
    response = client.get("/participants/access-log/?participant_id=1e300000")
    elapsed = time.perf_counter() - started
    assert response.status_code == 200
    assert list(response.context["table"].data) == []
    assert elapsed < 1.0, f"answered after {elapsed:.1f} s"


COMPARE_VALUES = ["", "1", "2", "3", "abc", "-1", "0", HUGE, "1.5", "²", *TEXT_BAD]


def test_the_comparison_never_answers_500(world, clients, probe):
    client = clients("staff_a")
    for target in ("signable", "active", "exited"):
        url = f"/participants/participations/{world[target]}/programmes/compare/"
        queries = [{"a": a, "b": b} for a in COMPARE_VALUES for b in ("1", "2")]
        queries += [{"a": "1", "b": b} for b in COMPARE_VALUES]
        queries += [{"a": "1"}, {"b": "2"}, {"a": ["1", "2"], "b": ["2", "1"]}]
        for query in queries:
            target_url = f"{url}?{urlencode(query, doseq=True)}"
            probe.send(url, "?", query, lambda t=target_url: client.get(t))
    # The valid choice is shown, two equal versions are refused.
    url = f"/participants/participations/{world['signable']}/programmes/compare/"
    probe.send(url, "?", "a=1&b=2", lambda: client.get(f"{url}?a=1&b=2"), Expect.SHOWN)
    probe.send(
        url, "?", "a=1&b=1", lambda: client.get(f"{url}?a=1&b=1"), Expect.REFUSED
    )
    assert probe.failures == [], probe.report()


def test_no_url_answers_500_to_huge_ids(world, clients, probe):
    signable = world["signable"]
    urls = [
        "/participants/{id}/",
        "/participants/{id}/edit/",
        "/participants/{id}/refer/",
        "/participants/{id}/data/",
        "/participants/{id}/data.json",
        "/participants/{id}/anonymise/",
        "/participants/data-exports/{id}/",
        "/participants/participations/{id}/",
        "/participants/participations/{id}/programmes/1/",
        "/participants/participations/{id}/programmes/compare/",
        "/participants/participations/{id}/certificate/",
        "/participants/participations/{id}/referral-document/",
        "/participants/grounds/{id}/evidence/",
        f"/participants/participations/{signable}/programmes/{{id}}/",
        f"/participants/participations/{signable}/programmes/{{id}}/pdf/",
    ]
    for role in ("staff_a", "manager_a"):
        client = clients(role)
        for template in urls:
            for value in (HUGE, "9" * 400, "0", "00001"):
                url = template.replace("{id}", value)
                for method in ("get", "post"):
                    probe.send(
                        f"{url[:80]} as {role}",
                        method,
                        value,
                        lambda c=client, u=url, m=method: getattr(c, m)(u),
                        Expect.TOLERATED if value == "00001" else Expect.REFUSED,
                    )
    assert probe.failures == [], probe.report()
