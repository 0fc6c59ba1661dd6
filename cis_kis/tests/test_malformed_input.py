"""Bad input never causes a 500 (the "trust" issue).

Every form of the project gets malformed values, one field at a time with the
other fields valid, so that each value reaches as deep as it can: overlong
strings, NUL bytes, impossible dates, non-numeric and out-of-range ids and
numbers, unknown choices, broken multipart. Every list gets malformed filter,
sort, page and export parameters, and the URL segments that take strings get
junk. The answer must be below 500: a form shown again with its errors
(200/400), a refusal (4xx) or, where the value happens to be acceptable (an
empty optional date, a long text without a limit), the usual redirect.

Each form's valid baseline is checked first (it must redirect), so a probe
that answers 400 is known to fail on the probed field and not on another.
Every probe runs in a savepoint that is rolled back, so all of them start
from the same state. One run lists every failure as (what, field, value,
status).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, urlencode

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from accounts.models import User
from units.filters import UnitFilter
from units.filters_kis import KisNotificationFilter
from units.filters_register import RegisterFilter
from units.filters_status import ApplicationFilter
from units.lists_bodies import FoundingBodyFilter, FoundingBodyTable
from units.services import (
    application_mark_complete,
    application_register,
    application_request_supplement,
    decision_record_existing,
    inspection_record,
    kis_notification_register,
    kis_notification_request_completion,
    kis_register_entry,
    recommendation_issue,
)
from units.tables import UnitTable
from units.tables_kis import KisNotificationTable
from units.tables_register import RegisterTable
from units.tables_status import ApplicationTable
from units.tests.factories import (
    FoundingBodyFactory,
    UnitFactory,
    make_nip,
    voivodeship,
)

pytestmark = pytest.mark.django_db
D = datetime.date
TODAY = timezone.localdate()

LONG = "x" * 10_000
NUL = "a\x00b"
HUGE = "99999999999999999999"

TEXT = [LONG, NUL, "\x00"]
EMAIL = [*TEXT, "not-an-e-mail", "a@" + LONG, "a\x00@example.org"]
DATE = [
    "2026-13-45",
    "31.02.2026",
    "yesterday",
    "",
    "9999-12-31",
    "0001-01-01",
    "-1",
    HUGE,
    *TEXT,
]
IDS = ["abc", "-1", "0", HUGE, "1.5", "1e309", "²", "", *TEXT]
CHOICE = ["zzz", *IDS]
NUMBER = ["-5", "1e309", HUGE, "abc", "nan", "inf", "²", "1.5", "", *TEXT]
MULTI: list[Any] = [[v] for v in CHOICE] + [[], ["job_search", "zzz"]]
CHECKBOX = ["abc", "0", "false", *TEXT]

VALUES = {
    "text": TEXT,
    "email": EMAIL,
    "date": DATE,
    "choice": CHOICE,
    "model": IDS,
    "number": NUMBER,
    "multi": MULTI,
    "bool": CHECKBOX,
}


@dataclass(frozen=True)
class FormCase:
    """A form posted to `url` by `role`: a valid `baseline` (unprefixed field
    names) and the kind of each field to probe."""

    name: str
    url: str
    role: str
    baseline: dict[str, Any]
    fields: dict[str, str]
    prefix: str = ""
    action: str = ""
    multipart: bool = False

    def data(self, **override: Any) -> dict[str, Any]:
        values = {**self.baseline, **override}
        data = {
            (f"{self.prefix}-{k}" if self.prefix else k): v for k, v in values.items()
        }
        if self.action:
            data["action"] = self.action
        return data


DAY = datetime.timedelta(days=1)
PAST = (TODAY - 30 * DAY).isoformat()
PAST_LATER = (TODAY - 20 * DAY).isoformat()
PASSWORD = "Stare-Haslo-2026"
NEW_PASSWORD = "Nowe-Bardzo-Dlugie-Haslo-2026"

FORMS = [
    FormCase(
        "login",
        "/accounts/login/",
        "anonymous",
        {"username": "staff.a@example.org", "password": PASSWORD},
        {"username": "email", "password": "text"},
    ),
    FormCase(
        "password_change",
        "/accounts/password/change/",
        "staff_a",
        {
            "old_password": PASSWORD,
            "new_password1": NEW_PASSWORD,
            "new_password2": NEW_PASSWORD,
        },
        {"old_password": "text", "new_password1": "text", "new_password2": "text"},
    ),
    FormCase(
        "password_reset",
        "/accounts/password/reset/",
        "anonymous",
        {"email": "staff.a@example.org"},
        {"email": "email"},
    ),
    FormCase(
        "password_reset_confirm",
        "/accounts/password/reset/<uidb64>/set-password/",  # see post_case
        "anonymous",
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
        {"new_password1": "text", "new_password2": "text"},
    ),
    FormCase(
        "set_language",
        "/i18n/setlang/",
        "staff_a",
        {"language": "en", "next": "/units/"},
        {"language": "choice", "next": "text"},
    ),
    FormCase(
        "founding_body_create",
        "/units/founding-bodies/new/",
        "official_a",
        {
            "name": "Fundacja Nowa",
            "founder_type": "ngo",
            "nip": make_nip(9001),
            "regon": "",
            "krs": "0000123456",
            "address": "ul. Polna 1",
            "email": "fundacja@example.org",
            "phone": "48 123 456 789",
        },
        {
            "name": "text",
            "founder_type": "choice",
            "nip": "text",
            "regon": "text",
            "krs": "text",
            "address": "text",
            "email": "email",
            "phone": "text",
        },
    ),
    FormCase(
        "application_create",
        "/units/applications/new/",
        "official_a",
        {
            "kind": "grant",
            "founding_body": "{body}",
            "unit": "",
            "received_on": PAST,
            "case_number": "WPS-II.1",
            "proposed_name": "CIS Nowy",
            "proposed_address": "ul. Nowa 1",
            "proposed_municipality": "Radom",
            "proposed_places": "20",
        },
        {
            "kind": "choice",
            "founding_body": "model",
            "unit": "model",
            "received_on": "date",
            "case_number": "text",
            "proposed_name": "text",
            "proposed_address": "text",
            "proposed_municipality": "text",
            "proposed_places": "number",
        },
    ),
    FormCase(
        "application document",
        "/units/applications/{received}/",
        "official_a",
        {"kind": "statute", "delivered_on": PAST, "on_paper": "on", "note": "ok"},
        {"kind": "choice", "delivered_on": "date", "on_paper": "bool", "note": "text"},
        prefix="document",
        action="document",
        multipart=True,
    ),
    FormCase(
        "application supplement",
        "/units/applications/{received}/",
        "official_a",
        {
            "requested_on": PAST,
            "respond_by": PAST_LATER,
            "missing": ["statute"],
            "message": "Proszę uzupełnić.",
        },
        {
            "requested_on": "date",
            "respond_by": "date",
            "missing": "multi",
            "message": "text",
        },
        prefix="supplement",
        action="supplement",
    ),
    FormCase(
        "application supplement_received",
        "/units/applications/{incomplete}/",
        "official_a",
        {"received_on": PAST_LATER},
        {"received_on": "date"},
        prefix="supplement_received",
        action="supplement_received",
    ),
    FormCase(
        "application complete",
        "/units/applications/{ready}/",
        "official_a",
        {"complete_on": PAST},
        {"complete_on": "date"},
        prefix="complete",
        action="complete",
    ),
    FormCase(
        "application decide",
        "/units/applications/{complete}/",
        "official_a",
        {"outcome": "refuse", "issued_on": PAST_LATER, "reasoning": "Braki."},
        {"outcome": "choice", "issued_on": "date", "reasoning": "text"},
        prefix="decide",
        action="decide",
    ),
    FormCase(
        "status loss",
        "/units/{unit}/status/",
        "official_a",
        {"ground": "founder_request", "issued_on": PAST, "reasoning": "Wniosek."},
        {"ground": "choice", "issued_on": "date", "reasoning": "text"},
        prefix="loss",
        action="loss",
    ),
    FormCase(
        "subsidy return",
        "/units/decisions/{loss}/subsidy-return/",
        "official_a",
        {
            "unused_amount": "1000,00",
            "established_on": PAST,
            "note": "",
            "lines-TOTAL_FORMS": "2",
            "lines-INITIAL_FORMS": "0",
            "lines-MIN_NUM_FORMS": "1",
            "lines-MAX_NUM_FORMS": "20",
            "lines-0-grantor": "Gmina Radom",
            "lines-0-grantor_kind": "gmina",
            "lines-0-granted": "3000",
            "lines-1-grantor": "",
            "lines-1-grantor_kind": "",
            "lines-1-granted": "",
        },
        {
            "unused_amount": "number",
            "established_on": "date",
            "note": "text",
            "lines-TOTAL_FORMS": "number",
            "lines-0-grantor": "text",
            "lines-0-grantor_kind": "choice",
            "lines-0-granted": "number",
        },
    ),
    FormCase(
        "status closure",
        "/units/{unit}/status/",
        "official_a",
        {"issued_on": PAST, "reasoning": "Likwidacja."},
        {"issued_on": "date", "reasoning": "text"},
        prefix="closure",
        action="closure",
    ),
    FormCase(
        "inspection_create",
        "/units/{unit}/inspections/new/",
        "official_a",
        {"started_on": PAST, "ended_on": PAST_LATER, "scope": "Całość", "findings": ""},
        {
            "started_on": "date",
            "ended_on": "date",
            "scope": "text",
            "findings": "text",
        },
        prefix="inspection",
    ),
    FormCase(
        "inspection recommend",
        "/units/inspections/{inspection}/",
        "official_a",
        {
            "kind": "explanations",
            "text": "Proszę o wyjaśnienia.",
            "delivered_on": PAST,
            "deadline": (TODAY + 30 * DAY).isoformat(),
        },
        {"kind": "choice", "text": "text", "delivered_on": "date", "deadline": "date"},
        prefix="recommend",
        action="recommend",
    ),
    FormCase(
        "inspection met",
        "/units/inspections/{inspection}/",
        "official_a",
        {"recommendation": "{recommendation}", "met_on": PAST_LATER, "note": ""},
        {"recommendation": "model", "met_on": "date", "note": "text"},
        prefix="met",
        action="met",
    ),
    FormCase(
        "kis_notification_create",
        "/units/kis/new/",
        "official_a",
        {
            "founding_body": "{body}",
            "received_on": PAST,
            "club_name": "KIS Nowy",
            "address": "ul. Klubowa 2",
            "municipality": "Radom",
            "activity_types": ["job_search"],
            "planned_start": "",
        },
        {
            "founding_body": "model",
            "received_on": "date",
            "club_name": "text",
            "address": "text",
            "municipality": "text",
            "activity_types": "multi",
            "planned_start": "date",
        },
    ),
    FormCase(
        "kis completion",
        "/units/kis/{kis_received}/",
        "official_a",
        {"requested_on": PAST_LATER, "message": "Brak adresu."},
        {"requested_on": "date", "message": "text"},
        prefix="completion",
        action="completion",
    ),
    FormCase(
        "kis completed",
        "/units/kis/{kis_incomplete}/",
        "official_a",
        {"received_on": PAST_LATER},
        {"received_on": "date"},
        prefix="completed",
        action="completed",
    ),
    FormCase(
        "kis enter",
        "/units/kis/{kis_received}/",
        "official_a",
        {"entered_on": PAST_LATER},
        {"entered_on": "date"},
        prefix="enter",
        action="enter",
    ),
    FormCase(
        "kis_closure_create",
        "/units/{kis}/kis-closure/",
        "official_a",
        {"activity_ended_on": PAST_LATER, "received_on": PAST_LATER},
        {"activity_ended_on": "date", "received_on": "date"},
        prefix="kis_closure",
    ),
]

# The action field itself, on every page that dispatches on it.
ACTION_URLS = [
    ("/units/applications/{received}/", "official_a"),
    ("/units/inspections/{inspection}/", "official_a"),
    ("/units/kis/{kis_received}/", "official_a"),
    ("/units/{unit}/status/", "official_a"),
]

# Lists: (url, roles that reach it, filterset, table).
LISTS = [
    ("/units/", ("staff_a", "official_a", "analyst"), UnitFilter, UnitTable),
    (
        "/units/founding-bodies/",
        ("official_a", "analyst"),
        FoundingBodyFilter,
        FoundingBodyTable,
    ),
    (
        "/units/applications/",
        ("official_a", "analyst"),
        ApplicationFilter,
        ApplicationTable,
    ),
    (
        "/units/kis/",
        ("official_a", "analyst"),
        KisNotificationFilter,
        KisNotificationTable,
    ),
    ("/register/", ("anonymous",), RegisterFilter, RegisterTable),
    ("/register/export.csv", ("anonymous",), RegisterFilter, None),
    ("/register/uw-cis-01.csv", ("anonymous",), RegisterFilter, None),
]
FILTER_VALUES = ["abc", "zzz", "-1", HUGE, "²", "", *TEXT]
PAGING = [
    {"page": "abc"},
    {"page": "-1"},
    {"page": "0"},
    {"page": "999999"},
    {"page": HUGE},
    {"page": "1e309"},
    {"page": "²"},
    {"per_page": "0"},
    {"per_page": "-1"},
    {"per_page": "abc"},
    {"per_page": HUGE},
    {"sort": "not_a_column"},
    {"sort": "-not_a_column"},
    {"sort": ",,"},
    {"sort": LONG},
    {"sort": NUL},
    {"voivodeship": "abc"},
    {"voivodeship": "²"},
    {"status": "zzz"},
    {"_export": "pdf"},
    {"_export": "csv", "page": "abc"},
    {"_export": "xlsx", "per_page": "0"},
    {"_export": "csv", "sort": "not_a_column"},
    {"_export": NUL},
]

# Strings where the URL converter takes them.
SEGMENTS = [
    "abc",
    "-1",
    HUGE,
    "%00",
    "a%00b",
    quote(LONG),
    "%C2%B2",
    "..",
]

# Bodies that claim to be multipart and are not (valid or complete).
BROKEN_MULTIPART = [
    (b"not multipart at all", "multipart/form-data; boundary=xyz"),
    (b"", "multipart/form-data; boundary=xyz"),
    (b"--xyz\r\n\r\n", "multipart/form-data; boundary=xyz"),
    (b"--xyz--", "multipart/form-data; boundary=xyz"),
    (b"whatever", "multipart/form-data"),
    (b"whatever", "multipart/form-data; boundary="),
    (b"whatever", "multipart/form-data; boundary=" + "x" * 100),
    (b"whatever", "multipart/form-data; boundary=\x00"),
    (
        b'--xyz\r\nContent-Disposition: form-data; name="action"\r\n\r\n'
        b"document\r\n--xyz\r\n"
        b'Content-Disposition: form-data; name="document-kind"\r\n\r\n'
        b"statute\r\n--xyz\r\n"
        b'Content-Disposition: form-data; name="document-file"; '
        b'filename="a.pdf"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.4 cut',
        "multipart/form-data; boundary=xyz",
    ),
    (
        b'--xyz\r\nContent-Disposition: form-data; name="action"\r\n\r\n'
        b"document\r\n--xyz\r\nno headers here\r\n\r\nbody\r\n--xyz--\r\n",
        "multipart/form-data; boundary=xyz",
    ),
    (
        b'--xyz\r\nContent-Disposition: form-data; name="action"\r\n\r\n'
        b"document\r\n--xyz\r\n"
        b'Content-Disposition: form-data; name="document-file"; filename="'
        + b"a" * 10_000
        + b'.pdf"\r\n\r\n%PDF\r\n--xyz--\r\n',
        "multipart/form-data; boundary=xyz",
    ),
]

# Files uploaded with the document action (`document-file`).
FILES = [
    ("a" * 10_000 + ".pdf", b"%PDF-1.4"),
    ("a\x00b.pdf", b"%PDF-1.4"),
    ("../../../etc/passwd", b"root"),
    (".pdf", b""),
    ("ząb żółć.pdf", b"%PDF-1.4"),
]


@pytest.fixture
def world(settings, tmp_path, unit_a, official_a, staff_a):
    """Objects in every state that some form acts on, all of A's voivodeship."""
    settings.MEDIA_ROOT = tmp_path
    staff_a.set_password(PASSWORD)
    staff_a.save()
    mazowieckie = voivodeship("14")
    decision_record_existing(
        unit=unit_a, kind="grant", number="G/A", issued_on=D(2024, 1, 2)
    )

    def application(name: str) -> Any:
        return application_register(
            actor=official_a,
            voivodeship=mazowieckie,
            founding_body=FoundingBodyFactory(voivodeship=mazowieckie),
            received_on=TODAY - 40 * DAY,
            proposed_name=name,
            proposed_address="ul. Długa 5",
            proposed_municipality="Radom",
            proposed_places=20,
        )

    received = application("CIS Przyjęty")
    incomplete = application("CIS Niepełny")
    application_request_supplement(
        actor=official_a,
        application=incomplete,
        requested_on=TODAY - 35 * DAY,
        respond_by=TODAY - 28 * DAY,
        missing=["statute"],
        message="",
    )
    ready = application("CIS Gotowy")
    ready.documents.update(delivered_on=TODAY - 40 * DAY, on_paper=True)
    complete = application("CIS Kompletny")
    complete.documents.update(delivered_on=TODAY - 40 * DAY, on_paper=True)
    application_mark_complete(actor=official_a, application=complete)

    inspection = inspection_record(
        actor=official_a,
        unit=unit_a,
        started_on=TODAY - 60 * DAY,
        ended_on=None,
        scope="Realizacja reintegracji.",
        findings="",
    )
    recommendation = recommendation_issue(
        actor=official_a,
        inspection=inspection,
        kind="explanations",
        text="Proszę o wyjaśnienia.",
        delivered_on=TODAY - 50 * DAY,
        deadline=TODAY - 30 * DAY,
    )

    def notification(name: str) -> Any:
        return kis_notification_register(
            actor=official_a,
            voivodeship=mazowieckie,
            founding_body=FoundingBodyFactory(voivodeship=mazowieckie),
            received_on=TODAY - 40 * DAY,
            club_name=name,
            address="ul. Długa 7",
            municipality="Radom",
            activity_types=["job_search"],
            planned_start=None,
        )

    kis_received = notification("KIS Przyjęty")
    kis_incomplete = notification("KIS Niepełny")
    kis_notification_request_completion(
        actor=official_a,
        notification=kis_incomplete,
        requested_on=TODAY - 35 * DAY,
        message="Brak adresu.",
    )
    kis = kis_register_entry(
        actor=official_a,
        notification=notification("KIS Wpisany"),
        entered_on=TODAY - 35 * DAY,
    )
    loss = decision_record_existing(
        unit=UnitFactory(voivodeship=mazowieckie),
        kind="loss",
        number="L/A",
        issued_on=TODAY - 60 * DAY,
        loss_ground="founder_request",
    )
    return {
        "unit": unit_a.pk,
        "loss": loss.pk,
        "body": FoundingBodyFactory(voivodeship=mazowieckie).pk,
        "received": received.pk,
        "incomplete": incomplete.pk,
        "ready": ready.pk,
        "complete": complete.pk,
        "inspection": inspection.pk,
        "recommendation": recommendation.pk,
        "kis_received": kis_received.pk,
        "kis_incomplete": kis_incomplete.pk,
        "kis": kis.pk,
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


class Probe:
    """Sends requests in rolled-back savepoints and collects the 5xx."""

    def __init__(self, capture: Any) -> None:
        self.capture = capture
        self.failures: list[tuple[str, str, str, Any]] = []

    def report(self) -> str:
        return "\n".join(str(failure) for failure in self.failures)

    def send(self, what: str, name: str, value: Any, call: Any) -> int:
        with transaction.atomic():
            try:
                # Decisions render their PDF after the commit: run it too.
                with self.capture(execute=True):
                    response = call()
            except Exception as error:  # noqa: BLE001 - every crash is listed
                self.failures.append((what, name, shorten(value), repr(error)[:200]))
                transaction.set_rollback(True)
                return 0
            transaction.set_rollback(True)
        if response.status_code >= 500:
            self.failures.append((what, name, shorten(value), response.status_code))
        return response.status_code


def shorten(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 40 else f"{text[:30]}…({len(text)} chars)"


def fill(value: Any, world: dict[str, Any]) -> Any:
    if isinstance(value, str) and value.startswith("{"):
        return value.format(**world)
    return value


def post_case(client: Client, case: FormCase, url: str, data: dict[str, Any]) -> Any:
    if case.name == "password_reset_confirm":
        # A fresh link (logging in changes the token), which puts the token
        # in the session and redirects to the form.
        user = User.objects.get(email="staff.a@example.org")
        uid = urlsafe_base64_encode(force_bytes(user.pk))
        token = default_token_generator.make_token(user)
        url = client.get(f"/accounts/password/reset/{uid}/{token}/").url
    return client.post(url, data)


def test_baselines_are_valid(world, clients, django_capture_on_commit_callbacks):
    """Each form's baseline succeeds, so every probe changes one field only."""
    probe = Probe(django_capture_on_commit_callbacks)
    answers = {}
    for case in FORMS:
        client = clients(case.role)
        url = case.url.format(**world)
        data = {k: fill(v, world) for k, v in case.data().items()}
        answers[case.name] = probe.send(
            case.name,
            "baseline",
            "",
            lambda c=client, u=url, d=data, s=case: post_case(c, s, u, d),
        )
    assert probe.failures == [], probe.report()
    assert answers == dict.fromkeys(answers, 302)


def test_no_form_answers_500_to_malformed_values(
    world, clients, django_capture_on_commit_callbacks
):
    probe = Probe(django_capture_on_commit_callbacks)
    for case in FORMS:
        client = clients(case.role)
        url = case.url.format(**world)
        baseline = {k: fill(v, world) for k, v in case.data().items()}
        for name, kind in case.fields.items():
            key = f"{case.prefix}-{name}" if case.prefix else name
            for value in VALUES[kind]:
                data = {**baseline, key: value}
                probe.send(
                    case.name,
                    name,
                    value,
                    lambda c=client, u=url, d=data, s=case: post_case(c, s, u, d),
                )
        if case.multipart:
            for filename, content in FILES:
                upload = SimpleUploadedFile(filename, content)
                data = {**baseline, f"{case.prefix}-file": upload}
                probe.send(
                    case.name,
                    "file",
                    filename,
                    lambda c=client, u=url, d=data: c.post(u, d),
                )
            for body, content_type in BROKEN_MULTIPART:
                probe.send(
                    case.name,
                    "multipart body",
                    (content_type, body),
                    lambda c=client, u=url, b=body, t=content_type: c.post(
                        u, data=b, content_type=t
                    ),
                )
    for template, role in ACTION_URLS:
        client = clients(role)
        url = template.format(**world)
        for value in CHOICE:
            probe.send(
                url,
                "action",
                value,
                lambda c=client, u=url, v=value: c.post(u, {"action": v}),
            )
    assert probe.failures == [], probe.report()


def test_no_list_answers_500_to_malformed_filters(
    world, clients, django_capture_on_commit_callbacks
):
    probe = Probe(django_capture_on_commit_callbacks)
    for url, roles, filterset, table in LISTS:
        sorts: list[dict[str, str]] = []
        if table is not None:
            for column in table.base_columns:
                sorts += [{"sort": column}, {"sort": f"-{column}"}]
        queries = list(PAGING) + sorts
        for name in filterset.base_filters:
            queries += [{name: value} for value in FILTER_VALUES]
        for number, role in enumerate(roles):
            client = clients(role)
            # Another role gets the same filters over other rows: the paging
            # and sorting are what its rows could break.
            for query in queries if number == 0 else PAGING + sorts:
                target = f"{url}?{urlencode(query)}"
                probe.send(
                    f"{url} as {role}",
                    "?",
                    query,
                    lambda c=client, t=target: c.get(t),
                )
            # Under htmx the same list renders only its table: the same
            # queryset, another template, so the paging probes it.
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


def test_no_url_segment_answers_500_to_junk(
    world, clients, django_capture_on_commit_callbacks
):
    probe = Probe(django_capture_on_commit_callbacks)
    official = clients("official_a")
    anonymous = clients("anonymous")
    for segment in SEGMENTS:
        document = f"/units/applications/{world['received']}/documents/{segment}/"
        probe.send(
            "application_document", "kind", segment, lambda u=document: official.get(u)
        )
        for reset in (
            f"/accounts/password/reset/{segment}/bad-token/",
            f"/accounts/password/reset/MQ/{segment}/",
        ):
            probe.send(
                "password_reset_confirm",
                "uidb64/token",
                segment,
                lambda u=reset: anonymous.get(u),
            )
            probe.send(
                "password_reset_confirm",
                "uidb64/token (POST)",
                segment,
                lambda u=reset: anonymous.post(
                    u, {"new_password1": LONG, "new_password2": LONG}
                ),
            )
    assert probe.failures == [], probe.report()
