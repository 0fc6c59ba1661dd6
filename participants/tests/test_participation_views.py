"""The participation page and its documents, through the client: access for
every role, each action with its refusal, the programme versions and their
comparison, the downloads, the access log and the number of queries."""

import datetime

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone, translation
from django.utils.formats import date_format

from participants.constants import (
    AccessAction,
    ExitReason,
    Outcome,
    ParticipationState,
    ProgrammeChange,
    ReferralIssuer,
    ReferralRequester,
    RemovalGround,
)
from participants.models import AccessLog, FollowUp, IndividualProgramme
from participants.services import (
    GroundInput,
    ReferralInput,
    participant_register,
    participation_admit,
    participation_exit,
    participation_ground_record,
    participation_refer,
    programme_record,
    programme_sign,
)
from participants.tests.factories import ground, make_pesel
from participants.views_participation import word_diff

pytestmark = pytest.mark.django_db
D = datetime.date
REFERRED_ON = D(2025, 3, 3)
ADMITTED_ON = D(2025, 3, 10)
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
PDF = b"%PDF-1.4\n% skan skierowania\n"


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def en(client_for, settings):
    """A client logged in as `user` that reads the pages in English."""

    def make(user):
        client = client_for(user)
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        return client

    return make


def register(actor, unit, serial=1, **extra):
    data = {
        "first_name": "Anna",
        "last_name": "Kowalska",
        "pesel": make_pesel(D(1980, 5, 17), "F", serial),
        "info_clause_on": D(2025, 3, 1),
        **extra,
    }
    return participant_register(actor=actor, unit=unit, **data)


def refer(actor, unit, *, issued_by=ReferralIssuer.PUP, benefits=(), document=None):
    return participation_refer(
        actor=actor,
        participant=register(actor, unit),
        referral=ReferralInput(
            requested_by=ReferralRequester.SELF,
            issued_by=issued_by,
            issuer_name="Powiatowy Urząd Pracy w Radomiu",
            number="PUP/12/2025",
            social_worker="Maria Nowak",
            referred_on=REFERRED_ON,
            document=document,
        ),
        grounds=[GroundInput(ground("long_term_unemployed"), is_primary=True)],
        benefits=benefits,
    )


def admitted(actor, unit, **kwargs):
    return participation_admit(
        actor=actor, participation=refer(actor, unit, **kwargs), admitted_on=ADMITTED_ON
    )


def ipzs(actor, participation, *, change=ProgrammeChange.INITIAL, **extra):
    data = {
        "starts_on": ADMITTED_ON,
        "ends_on": D(2025, 12, 31),
        "goals": "Powrót na rynek pracy.",
        "hours_per_week": 35,
        "workshop": "Warsztat gastronomiczny",
        "reason": "" if change == ProgrammeChange.INITIAL else "Postępy.",
        **extra,
    }
    return programme_record(
        actor=actor, participation=participation, change=change, **data
    )


def exited(actor, unit, **extra):
    participation = admitted(actor, unit)
    ipzs(actor, participation)
    return participation_exit(
        actor=actor,
        participation=participation,
        exited_on=D(2025, 8, 29),
        reason=ExitReason.EMPLOYMENT,
        outcome=Outcome.OPEN_MARKET,
        **extra,
    )


def url(participation, suffix=""):
    return f"/participants/participations/{participation.pk}/{suffix}"


def messages_of(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


def edits(participation):
    return AccessLog.objects.filter(
        participant=participation.participant, action=AccessAction.EDIT
    ).count()


# --- access ------------------------------------------------------------------


def test_every_url_is_refused_outside_the_unit(
    client_for, refused, staff_a, staff_b, official_a, analyst, unit_a
):
    participation = exited(staff_a, unit_a)
    participation.certificate_pdf = "participants/x/certificates/z.pdf"
    participation.save(update_fields=["certificate_pdf"])
    referral = participation.referral
    referral.document = "participants/x/referrals/s.pdf"
    referral.save(update_fields=["document"])
    row = participation.grounds.get()
    row.evidence_file = "participants/x/evidence/e.png"
    row.save(update_fields=["evidence_file"])
    urls = [
        url(participation),
        url(participation, "programmes/1/"),
        url(participation, "programmes/1/pdf/"),
        url(participation, "programmes/compare/?a=1&b=1"),
        url(participation, "certificate/"),
        url(participation, "referral-document/"),
        f"/participants/grounds/{row.pk}/evidence/",
    ]
    for address in urls:
        for user in (None, staff_b, official_a, analyst):
            refused(client_for(user), address)
    for user in (None, staff_b, official_a, analyst):
        refused(client_for(user), url(participation), "post")
    assert not AccessLog.objects.exists()


def test_unknown_participation_and_version_are_404(en, staff_a, unit_a):
    participation = admitted(staff_a, unit_a)
    client = en(staff_a)
    assert client.get("/participants/participations/999999/").status_code == 404
    assert client.get(url(participation, "programmes/1/")).status_code == 404
    assert client.get(url(participation, "programmes/1/pdf/")).status_code == 404


# --- the page ------------------------------------------------------------------


def test_page_shows_the_referral_grounds_and_problems_and_logs_the_read(
    en, staff_a, unit_a
):
    participation = refer(staff_a, unit_a, issued_by=ReferralIssuer.OPS)
    response = en(staff_a).get(url(participation), REMOTE_ADDR="10.1.2.3")

    assert response.status_code == 200
    content = response.content.decode()
    assert "social-assistance centre (OPS): Powiatowy Urząd Pracy w Radomiu" in content
    assert "PUP/12/2025" in content
    assert "Maria Nowak" in content
    assert "long-term unemployed" in content
    assert response.context["problems"] == [
        "For this ground the referral is issued by: county labour office (PUP). "
        "(art. 12 ust. 1 ustawy o zatrudnieniu socjalnym)"
    ]
    assert response.context["stage"] == "referred"
    assert set(response.context["offer"]) == {
        "admit",
        "override",
        "not_admit",
        "ground",
        "referral_document",
    }
    assert list(
        AccessLog.objects.values_list("user", "unit", "action", "what", "ip_address")
    ) == [(staff_a.pk, unit_a.pk, AccessAction.VIEW, "participation", "10.1.2.3")]


def test_page_of_an_active_cis_participation_shows_its_limits(en, staff_a, unit_a):
    participation = admitted(staff_a, unit_a)
    response = en(staff_a).get(url(participation))

    limits = response.context["limits"]
    assert (limits.trial_ends_on, limits.basic_ends_on, limits.extended_ends_on) == (
        D(2025, 4, 9),
        D(2026, 4, 9),
        D(2027, 4, 9),
    )
    assert response.context["stage"] == "programme"
    assert set(response.context["offer"]) == {
        "programme",
        "ground",
        "exit",
        "referral_document",
    }
    assert "Only the head of the unit records a removal" in response.content.decode()


def test_page_shows_the_trial_period_while_it_runs(en, staff_a, unit_a):
    today = timezone.localdate()
    participation = participation_admit(
        actor=staff_a,
        participation=refer(staff_a, unit_a),
        admitted_on=today - datetime.timedelta(days=5),
    )
    response = en(staff_a).get(url(participation))
    assert response.context["stage"] == "trial"
    with translation.override("en"):
        expected = (
            f"trial period from {date_format(participation.admitted_on)} to "
            f"{date_format(participation.trial_ends_on)}"
        )
    assert expected in response.content.decode()


def test_page_offers_no_action_after_a_refusal_of_admission(en, staff_a, unit_a):
    participation = refer(staff_a, unit_a)
    en(staff_a).post(
        url(participation),
        {
            "action": "not_admit",
            "not_admit-reason": "Nie zgłosił się.",
            "not_admit-confirm": "on",
        },
    )
    response = en(staff_a).get(url(participation))
    assert response.context["offer"] == {}
    assert "Nie zgłosił się." in response.content.decode()


# --- admission -----------------------------------------------------------------


def test_admit(en, staff_a, unit_a):
    participation = refer(staff_a, unit_a)
    response = en(staff_a).post(
        url(participation), {"action": "admit", "admit-admitted_on": "2025-03-10"}
    )

    assert response.status_code == 302
    assert response.url == url(participation)
    assert messages_of(response) == ["The person has been admitted."]
    participation.refresh_from_db()
    assert participation.state == ParticipationState.ACTIVE
    assert participation.trial_ends_on == D(2025, 4, 9)
    assert list(
        AccessLog.objects.filter(action=AccessAction.EDIT).values_list(
            "what", flat=True
        )
    ) == ["admit"]


def test_admit_in_the_wrong_state_is_refused_and_writes_nothing(en, staff_a, unit_a):
    participation = admitted(staff_a, unit_a)
    history = participation.history.count()
    response = en(staff_a).post(
        url(participation), {"action": "admit", "admit-admitted_on": "2025-03-20"}
    )

    assert response.status_code == 400
    assert messages_of(response) == ["The action could not be completed; see below."]
    assert response.context["admit_form"].non_field_errors() == [
        "Only a referred person can be admitted."
    ]
    assert "Only a referred person can be admitted." in response.content.decode()
    participation.refresh_from_db()
    assert participation.admitted_on == ADMITTED_ON
    assert participation.history.count() == history
    assert edits(participation) == 0


def test_admit_of_an_ineligible_person_needs_the_override(en, staff_a, unit_a):
    participation = refer(staff_a, unit_a, benefits=["old_age_pension"])
    client = en(staff_a)
    response = client.post(
        url(participation), {"action": "admit", "admit-admitted_on": "2025-03-10"}
    )
    assert response.status_code == 400
    assert response.context["admit_form"].non_field_errors() == [
        "A person with a right to old-age pension may not take part in this unit. "
        "(art. 1 ust. 3 pkt 7 ustawy o zatrudnieniu socjalnym)"
    ]
    # The date typed is kept.
    assert 'value="2025-03-10"' in response.content.decode()

    response = client.post(
        url(participation),
        {"action": "override", "override-reason": "Emerytura zawieszona."},
    )
    assert response.status_code == 302
    assert messages_of(response) == ["The reason for admitting the person is recorded."]
    response = client.post(
        url(participation), {"action": "admit", "admit-admitted_on": "2025-03-10"}
    )
    assert response.status_code == 302
    participation.refresh_from_db()
    assert participation.state == ParticipationState.ACTIVE
    assert participation.override_reason == "Emerytura zawieszona."
    assert participation.override_by == staff_a


def test_override_in_the_wrong_state_is_refused(en, staff_a, unit_a):
    participation = admitted(staff_a, unit_a)
    response = en(staff_a).post(
        url(participation), {"action": "override", "override-reason": "Powód."}
    )
    assert response.status_code == 400
    assert response.context["override_form"].non_field_errors() == [
        "Only a referred person awaits admission."
    ]
    participation.refresh_from_db()
    assert participation.override_reason == ""


def test_not_admit_asks_for_confirmation(en, staff_a, unit_a):
    participation = refer(staff_a, unit_a)
    client = en(staff_a)
    response = client.post(
        url(participation),
        {"action": "not_admit", "not_admit-reason": "Nie zgłosił się."},
    )
    assert response.status_code == 400
    assert response.context["not_admit_form"].errors == {
        "confirm": ["This field is required."]
    }
    assert "Nie zgłosił się." in response.content.decode()
    participation.refresh_from_db()
    assert participation.state == ParticipationState.REFERRED

    response = client.post(
        url(participation),
        {
            "action": "not_admit",
            "not_admit-reason": "Nie zgłosił się.",
            "not_admit-confirm": "on",
        },
    )
    assert response.status_code == 302
    assert messages_of(response) == ["The referral is closed without admission."]
    participation.refresh_from_db()
    assert participation.state == ParticipationState.NOT_ADMITTED
    assert participation.not_admitted_reason == "Nie zgłosił się."


def test_not_admit_in_the_wrong_state_is_refused(en, staff_a, unit_a):
    participation = admitted(staff_a, unit_a)
    response = en(staff_a).post(
        url(participation),
        {"action": "not_admit", "not_admit-reason": "x", "not_admit-confirm": "on"},
    )
    assert response.status_code == 400
    assert response.context["not_admit_form"].non_field_errors() == [
        "Only a referred person awaits admission."
    ]
    participation.refresh_from_db()
    assert participation.state == ParticipationState.ACTIVE


def test_unknown_action_is_404(en, staff_a, unit_a):
    participation = refer(staff_a, unit_a)
    response = en(staff_a).post(url(participation), {"action": "anonymise"})
    assert response.status_code == 404


# --- grounds and their scans -----------------------------------------------------


def test_ground_with_a_scan_and_its_download(en, staff_a, unit_a):
    participation = refer(staff_a, unit_a)
    client = en(staff_a)
    response = client.post(
        url(participation),
        {
            "action": "ground",
            "ground-ground": ground("disabled").pk,
            "ground-evidence_kind": "disability",
            "ground-evidence_date": "2024-11-04",
            "ground-evidence_issuer": "Powiatowy Zespół ds. Orzekania",
            "ground-evidence_file": SimpleUploadedFile(
                "orzeczenie.png", PNG, content_type="image/png"
            ),
        },
    )
    assert response.status_code == 302
    assert messages_of(response) == ["The ground has been recorded."]
    row = participation.grounds.get(ground__code="disabled")
    assert (row.is_primary, row.evidence_kind, row.evidence_date) == (
        False,
        "disability",
        D(2024, 11, 4),
    )

    page = client.get(url(participation)).content.decode()
    assert f"/participants/grounds/{row.pk}/evidence/" in page
    assert "special-category data" in page

    download = client.get(f"/participants/grounds/{row.pk}/evidence/")
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PNG
    assert download["Content-Disposition"].startswith("attachment;")
    # Stored under a random name: the uploaded one may name the person.
    assert "orzeczenie" not in download["Content-Disposition"]
    assert download["Content-Disposition"].endswith('.png"')
    assert AccessLog.objects.filter(action=AccessAction.DOCUMENT).get().what == (
        "evidence of the ground disabled"
    )


def test_ground_refused_on_a_closed_participation(en, staff_a, unit_a):
    participation = exited(staff_a, unit_a)
    response = en(staff_a).post(
        url(participation),
        {"action": "ground", "ground-ground": ground("disabled").pk},
    )
    assert response.status_code == 400
    assert response.context["ground_form"].non_field_errors() == [
        "The grounds of a closed participation cannot be changed."
    ]
    assert participation.grounds.count() == 1


def test_ground_refuses_a_file_that_is_not_a_scan(en, staff_a, unit_a):
    participation = refer(staff_a, unit_a)
    response = en(staff_a).post(
        url(participation),
        {
            "action": "ground",
            "ground-ground": ground("disabled").pk,
            "ground-note": "Orzeczenie o stopniu",
            "ground-evidence_file": SimpleUploadedFile("x.png", b"GIF89a..."),
        },
    )
    assert response.status_code == 400
    assert response.context["ground_form"].errors == {
        "evidence_file": ["Attach a PDF, JPEG or PNG file."]
    }
    assert 'value="Orzeczenie o stopniu"' in response.content.decode()
    assert participation.grounds.count() == 1


def test_file_views_are_404_without_a_file(en, staff_a, unit_a):
    participation = refer(staff_a, unit_a)
    row = participation.grounds.get()
    client = en(staff_a)
    assert client.get(url(participation, "referral-document/")).status_code == 404
    assert client.get(f"/participants/grounds/{row.pk}/evidence/").status_code == 404
    assert not AccessLog.objects.exists()


def test_referral_document_download(en, staff_a, unit_a):
    participation = refer(
        staff_a,
        unit_a,
        document=SimpleUploadedFile("skierowanie.pdf", PDF, "application/pdf"),
    )
    client = en(staff_a)
    page = client.get(url(participation)).content.decode()
    assert url(participation, "referral-document/") in page

    response = client.get(url(participation, "referral-document/"))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert list(
        AccessLog.objects.filter(action=AccessAction.DOCUMENT).values_list(
            "user", "participant", "what"
        )
    ) == [(staff_a.pk, participation.participant_id, "referral document")]


# --- the programme -------------------------------------------------------------------


PROGRAMME_POST = {
    "action": "programme",
    "programme-change": "initial",
    "programme-kind": "ipzs",
    "programme-starts_on": "2025-03-10",
    "programme-ends_on": "2025-12-31",
    "programme-goals": "Powrót na rynek pracy.",
    "programme-social_reintegration": "Trening umiejętności społecznych.",
    "programme-vocational_reintegration": "Kurs kucharza.",
    "programme-workshop": "Warsztat gastronomiczny",
    "programme-hours_per_week": "35",
    "programme-social_worker": "Maria Nowak",
}


def test_programme_form_is_prefilled_for_the_first_version(en, staff_a, unit_a):
    participation = admitted(staff_a, unit_a)
    form = en(staff_a).get(url(participation)).context["programme_form"]
    assert form.initial == {
        "change": ProgrammeChange.INITIAL,
        "kind": "ipzs",
        "starts_on": ADMITTED_ON,
        "ends_on": D(2026, 4, 9),
        "social_worker": "Maria Nowak",
    }


def test_programme_form_of_a_club_has_no_end(en, staff_a, unit_a):
    unit_a.kind = "KIS"
    unit_a.save()
    participation = admitted(staff_a, unit_a, issued_by=ReferralIssuer.NONE)
    response = en(staff_a).get(url(participation))
    assert response.context["limits"] is None
    assert response.context["programme_form"].initial == {
        "change": ProgrammeChange.INITIAL,
        "kind": "kis_plan",
        "starts_on": ADMITTED_ON,
        "social_worker": "Maria Nowak",
    }


def test_programme_record_then_an_amendment_by_default(
    en, staff_a, unit_a, django_capture_on_commit_callbacks
):
    participation = admitted(staff_a, unit_a)
    client = en(staff_a)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url(participation), PROGRAMME_POST)
    assert response.status_code == 302
    assert messages_of(response) == ["The programme version has been recorded."]
    programme = participation.programmes.get()
    assert (programme.version, programme.hours_per_week, programme.created_by) == (
        1,
        35,
        staff_a,
    )
    programme.refresh_from_db()
    assert programme.pdf.name == (
        f"participants/{unit_a.pk}/programmes/program-{participation.pk}-v1.pdf"
    )

    response = client.get(url(participation))
    form = response.context["programme_form"]
    assert form.initial["change"] == ProgrammeChange.AMENDMENT
    assert form.initial["goals"] == "Powrót na rynek pracy."
    assert set(response.context["offer"]) == {
        "programme",
        "sign",
        "ground",
        "exit",
        "referral_document",
    }


def test_programme_refused_out_of_range_keeps_the_input(en, staff_a, unit_a):
    participation = admitted(staff_a, unit_a)
    response = en(staff_a).post(
        url(participation), {**PROGRAMME_POST, "programme-hours_per_week": "20"}
    )
    assert response.status_code == 400
    assert response.context["programme_form"].errors == {
        "hours_per_week": [
            "Between 30 and 40 hours a week "
            "(art. 14 ust. 1 ustawy o zatrudnieniu socjalnym)."
        ]
    }
    content = response.content.decode()
    assert "Trening umiejętności społecznych." in content
    assert 'value="20"' in content
    assert not participation.programmes.exists()


def test_programme_refused_before_admission(en, staff_a, unit_a):
    participation = refer(staff_a, unit_a)
    response = en(staff_a).post(url(participation), PROGRAMME_POST)
    assert response.status_code == 400
    assert response.context["programme_form"].non_field_errors() == [
        "A programme is drawn up for an admitted participant."
    ]
    assert not participation.programmes.exists()


def test_sign_a_version(en, staff_a, unit_a):
    participation = admitted(staff_a, unit_a)
    ipzs(staff_a, participation)
    client = en(staff_a)
    form = client.get(url(participation)).context["sign_form"]
    assert form.initial["version"] == 1
    response = client.post(
        url(participation),
        {"action": "sign", "sign-version": "1", "sign-signed_on": "2025-03-12"},
    )
    assert response.status_code == 302
    assert messages_of(response) == ["The signature has been recorded."]
    assert participation.programmes.get().signed_on == D(2025, 3, 12)

    response = client.post(
        url(participation),
        {"action": "sign", "sign-version": "1", "sign-signed_on": "2025-03-13"},
    )
    assert response.status_code == 400
    assert response.context["sign_form"].non_field_errors() == [
        "This version is already signed."
    ]
    assert participation.programmes.get().signed_on == D(2025, 3, 12)
    response = client.post(
        url(participation),
        {"action": "sign", "sign-version": "7", "sign-signed_on": "2025-03-13"},
    )
    assert response.status_code == 404


def test_programme_page_links_the_neighbours_and_logs(en, staff_a, unit_a):
    participation = admitted(staff_a, unit_a)
    for change in ("initial", "amendment", "amendment"):
        ipzs(staff_a, participation, change=change)
    response = en(staff_a).get(url(participation, "programmes/2/"))

    assert response.status_code == 200
    assert (
        response.context["previous_version"],
        response.context["next_version"],
    ) == (1, 3)
    content = response.content.decode()
    assert url(participation, "programmes/1/") in content
    assert url(participation, "programmes/3/") in content
    assert url(participation, "programmes/2/pdf/") in content
    assert AccessLog.objects.get().what == "programme, version 2"


def test_compare_two_versions_word_by_word(en, staff_a, unit_a):
    participation = admitted(staff_a, unit_a)
    ipzs(staff_a, participation, goals="Powrót na rynek pracy.")
    ipzs(
        staff_a,
        participation,
        change=ProgrammeChange.AMENDMENT,
        goals="Powrót na <b>otwarty</b> rynek pracy.",
        hours_per_week=30,
    )
    response = en(staff_a).get(url(participation, "programmes/compare/?a=1&b=2"))

    assert response.status_code == 200
    rows = {row.label: row for row in response.context["rows"]}
    assert [label for label, row in rows.items() if row.differs] == [
        "Change",
        "Reason for the change",
        "Hours a week",
        "Goals",
    ]
    assert (rows["Hours a week"].a, rows["Hours a week"].b) == (35, 30)
    assert rows["Workshop"].differs is False
    assert rows["Goals"].word_diff == (
        'Powrót na <ins class="text-success"><span class="visually-hidden">added: '
        "</span>&lt;b&gt;otwarty&lt;/b&gt;</ins> rynek pracy."
    )
    content = response.content.decode()
    assert "<b>otwarty</b>" not in content
    assert AccessLog.objects.get().what == "programme, versions 1 and 2"


def test_word_diff_marks_removed_and_replaced_words():
    assert word_diff("a b c", "a x c") == (
        'a <del class="text-danger"><span class="visually-hidden">removed: </span>'
        'b</del> <ins class="text-success"><span class="visually-hidden">added: '
        "</span>x</ins> c"
    )


@pytest.mark.parametrize(
    "query", ["", "?a=1", "?a=x&b=2", "?a=1&b=9", "?a=2&b=2", "?a=1%00&b=2"]
)
def test_compare_without_a_valid_choice_shows_the_form(en, staff_a, unit_a, query):
    participation = admitted(staff_a, unit_a)
    ipzs(staff_a, participation)
    ipzs(staff_a, participation, change=ProgrammeChange.AMENDMENT)
    response = en(staff_a).get(url(participation, f"programmes/compare/{query}"))

    assert response.status_code == (200 if query == "" else 400)
    assert "rows" not in response.context
    assert response.context["form"].initial == ({"a": 1, "b": 2} if not query else {})
    assert not AccessLog.objects.exists()


def test_compare_with_one_version_says_so(en, staff_a, unit_a):
    participation = admitted(staff_a, unit_a)
    ipzs(staff_a, participation)
    response = en(staff_a).get(url(participation, "programmes/compare/"))
    assert response.status_code == 200
    assert "fewer than two versions" in response.content.decode()


# --- exit and follow-ups -------------------------------------------------------------


EXIT_POST = {
    "action": "exit",
    "exit-exited_on": "2025-08-29",
    "exit-reason": "employment",
    "exit-outcome": "open_market",
    "exit-confirm": "on",
}
REMOVAL_POST = {
    **EXIT_POST,
    "exit-reason": "removed",
    "exit-outcome": "none",
    "exit-removal_ground": RemovalGround.ABSENCE,
    "exit-note": "Nieobecny od 1 sierpnia.",
}


def test_exit_asks_for_confirmation(en, staff_a, unit_a):
    participation = admitted(staff_a, unit_a)
    data = {key: value for key, value in EXIT_POST.items() if key != "exit-confirm"}
    response = en(staff_a).post(url(participation), data)
    assert response.status_code == 400
    assert response.context["exit_form"].errors == {
        "confirm": ["This field is required."]
    }
    participation.refresh_from_db()
    assert participation.state == ParticipationState.ACTIVE
    assert edits(participation) == 0


def test_exit_plans_the_checks(en, staff_a, unit_a):
    participation = admitted(staff_a, unit_a)
    response = en(staff_a).post(
        url(participation), {**EXIT_POST, "exit-follow_up_12": "on"}
    )
    assert response.status_code == 302
    assert messages_of(response) == ["The exit has been recorded."]
    participation.refresh_from_db()
    assert (participation.state, participation.exit_reason) == (
        ParticipationState.EXITED,
        ExitReason.EMPLOYMENT,
    )
    assert list(participation.follow_ups.values_list("months_after", "due_on")) == [
        (3, D(2025, 11, 29)),
        (6, D(2026, 2, 28)),
        (12, D(2026, 8, 29)),
    ]


def test_exit_in_the_wrong_state_is_refused(en, staff_a, unit_a):
    participation = refer(staff_a, unit_a)
    response = en(staff_a).post(url(participation), EXIT_POST)
    assert response.status_code == 400
    assert response.context["exit_form"].non_field_errors() == [
        "Only a participation under way can end."
    ]
    participation.refresh_from_db()
    assert participation.state == ParticipationState.REFERRED


def test_removal_is_refused_to_staff_and_allowed_to_the_manager(
    en, staff_a, manager_a, unit_a
):
    participation = admitted(staff_a, unit_a)
    response = en(staff_a).post(url(participation), REMOVAL_POST)
    assert response.status_code == 400
    assert response.context["exit_form"].errors["reason"] == [
        "Only the head of the unit ends a programme by decision (art. 13 ust. 4a)."
    ]
    participation.refresh_from_db()
    assert participation.state == ParticipationState.ACTIVE
    assert edits(participation) == 0

    page = en(manager_a).get(url(participation)).content.decode()
    assert "needs the ground of the decision" in page
    response = en(manager_a).post(url(participation), REMOVAL_POST)
    assert response.status_code == 302
    participation.refresh_from_db()
    assert (participation.exit_reason, participation.removal_ground) == (
        ExitReason.REMOVED,
        RemovalGround.ABSENCE,
    )
    assert participation.exit_recorded_by == manager_a


def test_removal_without_the_facts_keeps_the_input(en, manager_a, unit_a):
    participation = admitted(manager_a, unit_a)
    response = en(manager_a).post(url(participation), {**REMOVAL_POST, "exit-note": ""})
    assert response.status_code == 400
    assert response.context["exit_form"].errors == {
        "note": ["State the facts the decision rests on."]
    }
    assert 'value="2025-08-29"' in response.content.decode()


def follow_up_post(follow_up, **extra):
    return {
        "action": "follow_up",
        "follow_up-follow_up": str(follow_up.pk),
        "follow_up-checked_on": "2025-12-01",
        "follow_up-outcome": "open_market",
        "follow_up-employer": "Firma Sprzątająca Sp. z o.o.",
        **extra,
    }


def test_follow_up_record(en, staff_a, unit_a):
    participation = exited(staff_a, unit_a)
    check = participation.follow_ups.get(months_after=3)
    client = en(staff_a)
    forms = client.get(url(participation)).context["follow_up_forms"]
    assert [(row.months_after, form.initial) for row, form in forms] == [
        (3, {"follow_up": check.pk}),
        (6, {"follow_up": participation.follow_ups.get(months_after=6).pk}),
    ]

    response = client.post(url(participation), follow_up_post(check))
    assert response.status_code == 302
    assert messages_of(response) == ["The follow-up has been recorded."]
    check.refresh_from_db()
    assert (check.checked_on, check.employer, check.recorded_by) == (
        D(2025, 12, 1),
        "Firma Sprzątająca Sp. z o.o.",
        staff_a,
    )
    response = client.get(url(participation))
    assert [row.months_after for row, _form in response.context["follow_up_forms"]] == [
        6
    ]


def test_follow_up_without_employer_keeps_the_input(en, staff_a, unit_a):
    participation = exited(staff_a, unit_a)
    check = participation.follow_ups.get(months_after=3)
    response = en(staff_a).post(
        url(participation),
        follow_up_post(
            check, **{"follow_up-employer": "", "follow_up-note": "Dzwoniono"}
        ),
    )
    assert response.status_code == 400
    bound = [form for row, form in response.context["follow_up_forms"] if form.is_bound]
    assert [form.errors for form in bound] == [{"employer": ["Give the employer."]}]
    assert "Dzwoniono" in response.content.decode()
    check.refresh_from_db()
    assert check.checked_on is None


def test_follow_up_of_another_participation_is_404(en, staff_a, unit_a):
    participation = exited(staff_a, unit_a)
    other = participation_exit(
        actor=staff_a,
        participation=participation_admit(
            actor=staff_a,
            participation=participation_refer(
                actor=staff_a,
                participant=register(staff_a, unit_a, serial=2, first_name="Ewa"),
                referral=ReferralInput(
                    requested_by=ReferralRequester.SELF,
                    issued_by=ReferralIssuer.PUP,
                    referred_on=REFERRED_ON,
                ),
                grounds=[GroundInput(ground("long_term_unemployed"), is_primary=True)],
            ),
            admitted_on=ADMITTED_ON,
        ),
        exited_on=D(2025, 8, 29),
        reason=ExitReason.RESIGNED,
        outcome=Outcome.NONE,
    )
    foreign = other.follow_ups.get(months_after=3)
    response = en(staff_a).post(url(participation), follow_up_post(foreign))
    assert response.status_code == 404
    foreign.refresh_from_db()
    assert foreign.checked_on is None


# --- the PDFs ---------------------------------------------------------------------


def test_programme_pdf_is_prepared_then_served(en, staff_a, unit_a):
    participation = admitted(staff_a, unit_a)
    programme = ipzs(staff_a, participation)  # on_commit never runs here
    assert not programme.pdf
    client = en(staff_a)

    response = client.get(url(participation, "programmes/1/pdf/"))
    assert response.status_code == 302
    assert response.url == url(participation)
    assert messages_of(response) == [
        "The PDF is being prepared; try again in a moment."
    ]
    assert not AccessLog.objects.filter(action=AccessAction.DOCUMENT).exists()

    programme.refresh_from_db()
    response = client.get(url(participation, "programmes/1/pdf/"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        f'attachment; filename="program-{participation.pk}-v1.pdf"'
    )
    content = b"".join(response.streaming_content)
    assert content.startswith(b"%PDF-")
    assert content == programme.pdf.open("rb").read()
    assert AccessLog.objects.get(action=AccessAction.DOCUMENT).what == (
        "programme PDF, version 1"
    )


def test_certificate_pdf_after_the_exit(
    en, staff_a, unit_a, django_capture_on_commit_callbacks
):
    participation = admitted(staff_a, unit_a)
    client = en(staff_a)
    assert client.get(url(participation, "certificate/")).status_code == 404
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url(participation), EXIT_POST)
    assert response.status_code == 302
    participation.refresh_from_db()
    assert participation.certificate_pdf.name == (
        f"participants/{unit_a.pk}/certificates/zaswiadczenie-{participation.pk}.pdf"
    )

    response = client.get(url(participation, "certificate/"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    assert AccessLog.objects.get(action=AccessAction.DOCUMENT).what == (
        "certificate PDF"
    )
    page = client.get(url(participation)).content.decode()
    assert url(participation, "certificate/") in page


def test_certificate_not_yet_rendered_is_enqueued(en, staff_a, unit_a):
    participation = exited(staff_a, unit_a)  # on_commit never runs here
    response = en(staff_a).get(url(participation, "certificate/"))
    assert response.status_code == 302
    assert messages_of(response) == [
        "The PDF is being prepared; try again in a moment."
    ]
    participation.refresh_from_db()
    assert participation.certificate_pdf


# --- queries ------------------------------------------------------------------------


@pytest.mark.parametrize("exit_first", [False, True])
def test_participation_page_queries_do_not_grow_with_rows(
    en, staff_a, unit_a, django_assert_max_num_queries, exit_first
):
    participation = admitted(staff_a, unit_a)
    for code in ("disabled", "homeless", "released_from_prison"):
        participation_ground_record(
            actor=staff_a,
            participation=participation,
            item=GroundInput(ground(code), evidence_kind="other"),
        )
    ipzs(staff_a, participation)
    for _ in range(31):
        programme = ipzs(staff_a, participation, change=ProgrammeChange.AMENDMENT)
        programme_sign(actor=staff_a, programme=programme, signed_on=D(2025, 4, 1))
    if exit_first:
        participation_exit(
            actor=staff_a,
            participation=participation,
            exited_on=D(2025, 8, 29),
            reason=ExitReason.COMPLETED,
            outcome=Outcome.CONTINUED,
            follow_up_12=True,
        )
    assert IndividualProgramme.objects.count() == 32
    assert FollowUp.objects.count() == (3 if exit_first else 0)
    client = en(staff_a)
    client.get(url(participation))  # warm the session
    # Session, user, scope, the participation, its grounds, versions and
    # checks, the history, two legal rules, the log entry, what the centre
    # provided (art. 14 ust. 2), and on an open participation the grounds
    # offered by the form.
    with django_assert_max_num_queries(13):
        response = client.get(url(participation))
    assert len(response.context["programmes"]) == 32
    assert len(response.context["grounds"]) == 4
    assert len(response.context["timeline"]) == 32 + (7 if exit_first else 3)
    assert set(response.context["offer"]) == (
        {"follow_up", "referral_document"}
        if exit_first
        else {"programme", "sign", "ground", "exit", "referral_document"}
    )


def test_referral_scan_is_attached_replacing_the_earlier_one(
    en, staff_a, unit_a, django_capture_on_commit_callbacks
):
    participation = refer(
        staff_a,
        unit_a,
        document=SimpleUploadedFile("stare.pdf", PDF, "application/pdf"),
    )
    earlier = participation.referral.document
    earlier_name = earlier.name
    client = en(staff_a)
    new_scan = b"%PDF-1.4 nowy skan"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url(participation),
            {
                "action": "referral_document",
                "referral_document-document": SimpleUploadedFile(
                    "nowe.pdf", new_scan, "application/pdf"
                ),
            },
        )
    assert response.status_code == 302
    participation.referral.refresh_from_db()
    assert participation.referral.document.read() == new_scan
    assert not earlier.storage.exists(earlier_name)


def test_referral_scan_must_be_a_document(en, staff_a, unit_a):
    participation = refer(staff_a, unit_a)
    response = en(staff_a).post(
        url(participation),
        {
            "action": "referral_document",
            "referral_document-document": SimpleUploadedFile(
                "skierowanie.pdf", b"MZ not a pdf", "application/pdf"
            ),
        },
    )
    assert response.status_code == 400
    assert response.context["referral_document_form"].errors["document"] == [
        "Attach a PDF, JPEG or PNG file."
    ]
    participation.referral.refresh_from_db()
    assert not participation.referral.document
