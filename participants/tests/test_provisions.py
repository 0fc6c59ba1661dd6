"""What a centre provides to each participant (art. 14 ust. 2-4): the rules of
the services with their error codes, the history, the panel of the
participation page with its warnings, the pages that record, void and set
the meal, and the list of missing provisions with its filters, sorting,
export and query count."""

import csv
import datetime
import io

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation

from accounts.constants import MembershipRole
from accounts.tests.factories import MembershipFactory
from participants.constants import AccessAction, ExitReason, Outcome
from participants.constants_provisions import (
    ExaminationResult,
    MissingProvision,
    ProvisionKind,
)
from participants.models import AccessLog, Participation, Provision
from participants.selectors_provisions import (
    missing_provisions_for_user,
    provision_status,
    with_provision_status,
)
from participants.services import (
    participant_anonymise,
    participation_admit,
    participation_exit,
    participation_meal_set,
    participation_not_admit,
    provision_record,
    provision_void,
)
from participants.tests.factories import make_pesel
from participants.tests.test_services import refer, register
from units.tests.factories import UnitFactory

pytestmark = pytest.mark.django_db
D = datetime.date
DAY = datetime.timedelta(days=1)
REFERRED_ON = D(2025, 3, 3)
ADMITTED_ON = D(2025, 3, 10)
OHS = ProvisionKind.OHS_TRAINING
EXAM = ProvisionKind.MEDICAL_EXAMINATION
CLOTHING = ProvisionKind.WORK_CLOTHING
PPE = ProvisionKind.PROTECTIVE_EQUIPMENT


def today():
    return timezone.localdate()


def admitted(actor, unit, serial=1, last_name="Kowalska", first_name="Anna"):
    participant = register(
        actor,
        unit,
        first_name=first_name,
        last_name=last_name,
        pesel=make_pesel(D(1980, 5, 17), "F", serial),
    )
    return participation_admit(
        actor=actor,
        participation=refer(actor, participant, on=REFERRED_ON),
        admitted_on=ADMITTED_ON,
    )


def record(actor, participation, kind, on=ADMITTED_ON, **extra):
    if kind == EXAM:
        extra.setdefault("result", ExaminationResult.FIT)
    return provision_record(
        actor=actor, participation=participation, kind=kind, provided_on=on, **extra
    )


def complete(actor, participation, *, valid_until=None):
    """The training, an examination (valid until `valid_until`) and clothing."""
    record(actor, participation, OHS)
    record(actor, participation, EXAM, valid_until=valid_until)
    record(actor, participation, CLOTHING, note="bluza L, obuwie 39")


def code_of(error: ValidationError, field: str | None = None) -> str:
    if field is None:
        return error.error_list[0].code
    return error.error_dict[field][0].code


@pytest.fixture
def kis_staff():
    unit = UnitFactory(name="KIS D", kind="KIS")
    return MembershipFactory(
        user__email="staff.kis@example.org", unit=unit, role=MembershipRole.STAFF
    ).user


@pytest.fixture
def en(client_for):
    def make(user):
        client = client_for(user)
        client.cookies["django_language"] = "en"
        return client

    return make


def messages_of(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


def url(participation, suffix=""):
    return f"/participants/participations/{participation.pk}/{suffix}"


# --- services -------------------------------------------------------------------


def test_record_keeps_who_and_when_and_writes_the_history(staff_a, unit_a):
    participation = admitted(staff_a, unit_a)
    provision = record(
        staff_a,
        participation,
        EXAM,
        on=D(2025, 3, 7),
        valid_until=D(2027, 3, 6),
        result=ExaminationResult.FIT_WITH_RESTRICTIONS,
        note="  Bez dźwigania powyżej 10 kg.  ",
    )
    provision.refresh_from_db()
    assert (
        provision.participation,
        provision.kind,
        provision.provided_on,
        provision.valid_until,
        provision.result,
        provision.note,
        provision.recorded_by,
        provision.voided_at,
    ) == (
        participation,
        EXAM,
        D(2025, 3, 7),
        D(2027, 3, 6),
        ExaminationResult.FIT_WITH_RESTRICTIONS,
        "Bez dźwigania powyżej 10 kg.",
        staff_a,
        None,
    )
    assert provision.recorded_at is not None
    [entry] = provision.history.all()
    assert (entry.history_type, entry.history_user) == ("+", staff_a)


def test_an_examination_without_an_end_date_is_recorded(staff_a, unit_a):
    participation = admitted(staff_a, unit_a)
    provision = record(staff_a, participation, EXAM, valid_until=None)
    assert (provision.valid_until, provision.result) == (None, ExaminationResult.FIT)


@pytest.mark.parametrize(
    ("kind", "extra", "field", "code"),
    [
        (OHS, {"on": "tomorrow"}, "provided_on", "future_date"),
        (OHS, {"on": REFERRED_ON - DAY}, "provided_on", "before_referral"),
        (EXAM, {"result": ""}, "result", "result_required"),
        (OHS, {"result": ExaminationResult.FIT}, "result", "result_not_examination"),
        (
            CLOTHING,
            {"valid_until": D(2026, 3, 10)},
            "valid_until",
            "valid_until_not_examination",
        ),
        (
            EXAM,
            {"valid_until": ADMITTED_ON},
            "valid_until",
            "valid_until_not_after_examination",
        ),
        (
            EXAM,
            {"result": ExaminationResult.FIT_WITH_RESTRICTIONS, "note": "  "},
            "note",
            "restrictions_required",
        ),
        ("uniform", {}, "kind", "invalid_choice"),
    ],
)
def test_record_refuses_with_its_code(staff_a, unit_a, kind, extra, field, code):
    participation = admitted(staff_a, unit_a)
    if extra.get("on") == "tomorrow":
        extra = {**extra, "on": today() + DAY}
    with pytest.raises(ValidationError) as caught:
        record(staff_a, participation, kind, **extra)
    assert code_of(caught.value, field) == code
    assert not Provision.objects.exists()


def test_record_refuses_a_day_after_the_exit(staff_a, unit_a):
    participation = participation_exit(
        actor=staff_a,
        participation=admitted(staff_a, unit_a),
        exited_on=D(2025, 8, 29),
        reason=ExitReason.COMPLETED,
        outcome=Outcome.CONTINUED,
    )
    with pytest.raises(ValidationError) as caught, translation.override("en"):
        record(staff_a, participation, CLOTHING, on=D(2025, 8, 30))
    assert code_of(caught.value, "provided_on") == "after_exit"
    assert caught.value.messages == ["The date cannot follow the exit (29.08.2025)."]
    # Up to the exit, a late entry is taken.
    assert record(staff_a, participation, CLOTHING, on=D(2025, 8, 29)).pk


def test_record_refuses_a_club_a_closed_referral_and_an_anonymised_record(
    staff_a, manager_a, unit_a, kis_staff
):
    club = kis_staff.memberships.get().unit
    in_club = participation_admit(
        actor=kis_staff,
        participation=refer(kis_staff, register(kis_staff, club)),
        admitted_on=ADMITTED_ON,
    )
    with pytest.raises(ValidationError) as caught:
        record(kis_staff, in_club, OHS)
    assert code_of(caught.value) == "not_cis"
    closed = participation_not_admit(
        actor=staff_a,
        participation=refer(
            staff_a,
            register(staff_a, unit_a, pesel=make_pesel(D(1981, 1, 2), "F", 2)),
        ),
        reason="Nie zgłosiła się.",
    )
    with pytest.raises(ValidationError) as caught:
        record(staff_a, closed, OHS, on=REFERRED_ON)
    assert code_of(caught.value) == "invalid_transition"
    participant_anonymise(actor=manager_a, participant=closed.participant)
    with pytest.raises(ValidationError) as caught:
        record(staff_a, closed, OHS, on=REFERRED_ON)
    assert code_of(caught.value) == "invalid_transition"
    assert not Provision.objects.exists()


def test_only_the_units_staff_record(staff_a, staff_b, official_a, unit_a):
    participation = admitted(staff_a, unit_a)
    for outsider in (staff_b, official_a):
        with pytest.raises(PermissionDenied):
            record(outsider, participation, OHS)
    assert not Provision.objects.exists()


def test_a_referred_person_can_be_examined_before_the_admission(staff_a, unit_a):
    participation = refer(staff_a, register(staff_a, unit_a), on=REFERRED_ON)
    provision = record(staff_a, participation, EXAM, on=REFERRED_ON)
    assert provision.provided_on == REFERRED_ON


def test_the_database_refuses_what_the_service_refuses(staff_a, unit_a):
    participation = admitted(staff_a, unit_a)
    rows = [
        {"kind": OHS, "result": ExaminationResult.FIT},
        {"kind": EXAM, "result": ""},
        {"kind": CLOTHING, "valid_until": D(2026, 1, 1)},
        {"kind": EXAM, "result": "fit", "valid_until": ADMITTED_ON},
        {"kind": OHS, "void_reason": "pomyłka"},
        {"kind": "uniform"},
    ]
    for row in rows:
        with pytest.raises(IntegrityError), transaction.atomic():
            Provision.objects.create(
                participation=participation, provided_on=ADMITTED_ON, **row
            )


def test_void_keeps_the_entry_with_its_reason_and_history(staff_a, manager_a, unit_a):
    participation = admitted(staff_a, unit_a)
    provision = record(staff_a, participation, OHS)
    voided = provision_void(
        actor=manager_a, provision=provision, reason="  Wpisano u innej osoby. "
    )
    voided.refresh_from_db()
    assert voided.is_voided
    assert (voided.voided_by, voided.void_reason) == (
        manager_a,
        "Wpisano u innej osoby.",
    )
    assert [
        (entry.history_type, entry.history_user, entry.void_reason)
        for entry in voided.history.order_by("history_date", "history_id")
    ] == [("+", staff_a, ""), ("~", manager_a, "Wpisano u innej osoby.")]
    # A voided entry no longer counts.
    row = with_provision_status(Participation.objects.filter(pk=participation.pk)).get()
    assert row.ohs_training_on is None


def test_void_refuses_without_a_reason_twice_and_outsiders(staff_a, staff_b, unit_a):
    provision = record(staff_a, admitted(staff_a, unit_a), OHS)
    with pytest.raises(ValidationError) as caught:
        provision_void(actor=staff_a, provision=provision, reason=" ")
    assert code_of(caught.value, "reason") == "reason_required"
    with pytest.raises(PermissionDenied):
        provision_void(actor=staff_b, provision=provision, reason="Błąd.")
    provision_void(actor=staff_a, provision=provision, reason="Błąd.")
    with pytest.raises(ValidationError) as caught:
        provision_void(actor=staff_a, provision=provision, reason="Znowu.")
    assert code_of(caught.value) == "invalid_transition"
    provision.refresh_from_db()
    assert provision.void_reason == "Błąd."


def test_meal_is_set_with_its_history(staff_a, unit_a):
    participation = admitted(staff_a, unit_a)
    assert (participation.takes_meal, participation.meal_note) == (True, "")
    participation_meal_set(
        actor=staff_a, participation=participation, takes_meal=True, note=" dieta "
    )
    participation_meal_set(
        actor=staff_a, participation=participation, takes_meal=False, note=""
    )
    participation.refresh_from_db()
    assert (participation.takes_meal, participation.meal_note) == (False, "")
    latest = participation.history.order_by("-history_date", "-history_id")
    assert [(h.takes_meal, h.meal_note, h.history_user) for h in latest[:2]] == [
        (False, "", staff_a),
        (True, "dieta", staff_a),
    ]


def test_meal_is_refused_to_a_club_and_after_the_exit(staff_a, unit_a, kis_staff):
    club = kis_staff.memberships.get().unit
    in_club = refer(kis_staff, register(kis_staff, club))
    with pytest.raises(ValidationError) as caught:
        participation_meal_set(actor=kis_staff, participation=in_club, takes_meal=False)
    assert code_of(caught.value) == "not_cis"
    left = participation_exit(
        actor=staff_a,
        participation=admitted(staff_a, unit_a),
        exited_on=D(2025, 8, 29),
        reason=ExitReason.COMPLETED,
        outcome=Outcome.CONTINUED,
    )
    with pytest.raises(ValidationError) as caught:
        participation_meal_set(actor=staff_a, participation=left, takes_meal=False)
    assert code_of(caught.value) == "invalid_transition"


# --- what is missing --------------------------------------------------------------


def status_of(participation):
    row = with_provision_status(Participation.objects.filter(pk=participation.pk))
    return provision_status(row.get())


def test_status_of_a_participation_without_anything(staff_a, unit_a):
    with translation.override("en"):
        status = status_of(admitted(staff_a, unit_a))
    assert status.missing == [
        "occupational health and safety training",
        "medical examination",
        "work clothing and footwear",
    ]
    assert not status.complete


@pytest.mark.parametrize(
    ("days", "expired", "expiring"),
    [(-1, True, False), (0, False, True), (30, False, True), (31, False, False)],
)
def test_examination_validity_to_its_last_day(staff_a, unit_a, days, expired, expiring):
    participation = admitted(staff_a, unit_a)
    complete(staff_a, participation, valid_until=today() + DAY * days)
    status = status_of(participation)
    assert (status.missing, status.examination_expired) == ([], expired)
    assert status.examination_expiring == expiring
    assert status.complete == (not expired and not expiring)
    assert missing_provisions_for_user(user=staff_a).filter(
        pk=participation.pk
    ).exists() == (expired or expiring)


def test_the_latest_examination_counts(staff_a, unit_a):
    participation = admitted(staff_a, unit_a)
    complete(staff_a, participation, valid_until=D(2025, 9, 30))
    assert status_of(participation).examination_expired
    newer = record(
        staff_a,
        participation,
        EXAM,
        on=D(2025, 9, 29),
        result=ExaminationResult.UNFIT,
    )
    status = status_of(participation)
    assert (status.examination_expired, status.examination_unfit) == (False, True)
    provision_void(actor=staff_a, provision=newer, reason="Wynik innej osoby.")
    assert status_of(participation).examination_expired


@pytest.fixture
def situations(staff_a, staff_b, unit_a, unit_b, kis_staff):
    """Unit A: one participant without anything, one without the examination,
    one whose examination expired, one whose examination expires soon, one
    with everything, one with everything but the clothing (voided), one who
    has left without anything; unit B and a club: one without anything."""
    soon, later = today() + DAY * 10, today() + DAY * 200
    rows = {}
    rows["nothing"] = admitted(staff_a, unit_a, 1, "Abacka")
    rows["no_exam"] = admitted(staff_a, unit_a, 2, "Babacka")
    record(staff_a, rows["no_exam"], OHS)
    record(staff_a, rows["no_exam"], CLOTHING)
    rows["expired"] = admitted(staff_a, unit_a, 3, "Cabacka")
    complete(staff_a, rows["expired"], valid_until=D(2025, 12, 31))
    rows["expiring"] = admitted(staff_a, unit_a, 4, "Dabacka", "Ewa")
    complete(staff_a, rows["expiring"], valid_until=soon)
    rows["complete"] = admitted(staff_a, unit_a, 5, "Ebacka")
    complete(staff_a, rows["complete"], valid_until=later)
    record(staff_a, rows["complete"], PPE, note="rękawice, okulary")
    rows["voided"] = admitted(staff_a, unit_a, 6, "Fabacka")
    complete(staff_a, rows["voided"], valid_until=later)
    provision_void(
        actor=staff_a,
        provision=rows["voided"].provisions.get(kind=CLOTHING),
        reason="Wydano innej osobie.",
    )
    left = admitted(staff_a, unit_a, 7, "Gabacka")
    rows["left"] = participation_exit(
        actor=staff_a,
        participation=left,
        exited_on=D(2025, 8, 29),
        reason=ExitReason.COMPLETED,
        outcome=Outcome.CONTINUED,
    )
    rows["other_unit"] = admitted(staff_b, unit_b, 8, "Habacka")
    club = kis_staff.memberships.get().unit
    rows["club"] = participation_admit(
        actor=kis_staff,
        participation=refer(
            kis_staff,
            register(kis_staff, club, pesel=make_pesel(D(1980, 5, 17), "F", 9)),
        ),
        admitted_on=ADMITTED_ON,
    )
    return rows


def names(rows):
    return [row.participant.last_name for row in rows]


def test_missing_lists_the_participations_under_way_of_the_users_centres(
    staff_a, situations
):
    rows = missing_provisions_for_user(user=staff_a).order_by("participant__last_name")
    assert names(rows) == ["Abacka", "Babacka", "Cabacka", "Dabacka", "Fabacka"]


# --- the participation page -------------------------------------------------------


def test_panel_warns_about_what_is_missing(en, staff_a, unit_a):
    participation = admitted(staff_a, unit_a)
    response = en(staff_a).get(url(participation))
    content = response.content.decode()
    assert "Provided by the centre (art. 14 ust. 2–4)" in content
    assert "Not recorded yet:" in content
    for label in (
        "occupational health and safety training",
        "medical examination",
        "work clothing and footwear",
    ):
        assert f"<li>{label}</li>" in content
    assert "Nothing provided is recorded yet." in content
    create = f"/participants/participations/{participation.pk}/provisions/new/"
    for kind in ("ohs_training", "medical_examination", "work_clothing"):
        assert f'href="{create}?kind={kind}"' in content
    assert "takes the free daily meal" in content
    assert f'href="/participants/participations/{participation.pk}/meal/"' in content
    assert "Accident cover (art. 14 ust. 3)" in content


def test_panel_of_a_complete_participation(en, staff_a, unit_a):
    participation = admitted(staff_a, unit_a)
    complete(staff_a, participation, valid_until=today() + DAY * 100)
    content = en(staff_a).get(url(participation)).content.decode()
    assert "Not recorded yet:" not in content
    assert (
        "The health and safety training, a valid medical examination and work "
        "clothing are recorded."
    ) in content
    assert "bluza L, obuwie 39" in content
    assert "?kind=" not in content


@pytest.mark.parametrize(
    ("days", "text"),
    [
        (-3, "The medical examination expired on"),
        (12, "The medical examination is valid until"),
    ],
)
def test_panel_warns_about_the_examination(en, staff_a, unit_a, days, text):
    participation = admitted(staff_a, unit_a)
    complete(staff_a, participation, valid_until=today() + DAY * days)
    content = en(staff_a).get(url(participation)).content.decode()
    assert text in content
    assert 'provisions/new/?kind=medical_examination"' in content


def test_panel_shows_an_unfit_result_and_a_voided_entry(en, staff_a, unit_a):
    participation = admitted(staff_a, unit_a)
    complete(staff_a, participation)
    record(staff_a, participation, EXAM, on=D(2025, 4, 1), result="unfit")
    clothing = participation.provisions.get(kind=CLOTHING)
    provision_void(actor=staff_a, provision=clothing, reason="Pomyłka w dacie.")
    content = en(staff_a).get(url(participation)).content.decode()
    assert "The latest medical examination found the participant unfit." in content
    assert "<li>work clothing and footwear</li>" in content
    assert "Pomyłka w dacie." in content
    assert 'badge text-bg-secondary">voided</span>' in content
    # The voided entry offers no second void; the others do.
    void_links = content.count("/void/")
    assert void_links == 3


def test_a_clubs_participation_has_no_panel(en, kis_staff):
    club = kis_staff.memberships.get().unit
    participation = refer(kis_staff, register(kis_staff, club))
    content = en(kis_staff).get(url(participation)).content.decode()
    assert "art. 14 ust. 2–4" not in content
    response = en(kis_staff).get(url(participation, "provisions/new/"))
    assert response.status_code == 404


def test_an_exited_participation_lists_without_warning(en, staff_a, unit_a):
    participation = participation_exit(
        actor=staff_a,
        participation=admitted(staff_a, unit_a),
        exited_on=D(2025, 8, 29),
        reason=ExitReason.COMPLETED,
        outcome=Outcome.CONTINUED,
    )
    content = en(staff_a).get(url(participation)).content.decode()
    assert "Provided by the centre (art. 14 ust. 2–4)" in content
    assert "Not recorded yet:" not in content
    assert "/meal/" not in content


# --- recording ----------------------------------------------------------------------


def test_record_page_starts_with_the_kind_asked_and_logs_the_read(en, staff_a, unit_a):
    participation = admitted(staff_a, unit_a)
    response = en(staff_a).get(
        url(participation, "provisions/new/?kind=medical_examination")
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert form.initial == {"kind": EXAM, "provided_on": today()}
    assert "art. 14 ust. 2 pkt 2" in response.content.decode()
    response = en(staff_a).get(url(participation, "provisions/new/?kind=nonsense"))
    assert response.context["form"].initial["kind"] == ""
    assert (
        list(AccessLog.objects.values_list("participant", "action", "what"))
        == [(participation.participant_id, AccessAction.VIEW, "provision")] * 2
    )


def test_record_through_the_page(en, staff_a, unit_a):
    participation = admitted(staff_a, unit_a)
    client = en(staff_a)
    response = client.post(
        url(participation, "provisions/new/"),
        {
            "kind": EXAM,
            "provided_on": "2025-03-07",
            "result": "fit",
            "valid_until": "2027-03-06",
            "note": "",
            # Mass assignment: neither the author nor the participation.
            "recorded_by": "999",
            "participation": "999",
        },
    )
    assert response.status_code == 302
    assert response.url == url(participation) + "#p-provisions"
    assert messages_of(response) == ["Recorded: medical examination on 07.03.2025."]
    provision = Provision.objects.get()
    assert (provision.participation, provision.recorded_by) == (participation, staff_a)
    assert (provision.provided_on, provision.valid_until) == (
        D(2025, 3, 7),
        D(2027, 3, 6),
    )
    assert AccessLog.objects.filter(action=AccessAction.EDIT, what="provision").exists()


def test_record_errors_are_shown_again_with_the_input(en, staff_a, unit_a):
    participation = admitted(staff_a, unit_a)
    client = en(staff_a)
    data = {
        "kind": EXAM,
        "provided_on": "2025-03-07",
        "result": "fit_with_restrictions",
        "valid_until": "2025-03-07",
        "note": "",
    }
    response = client.post(url(participation, "provisions/new/"), data)
    assert response.status_code == 400
    form = response.context["form"]
    assert form.errors == {
        "valid_until": ["The examination is valid until a day after it."],
        "note": ["Note the restrictions the doctor set."],
    }
    content = response.content.decode()
    assert 'value="2025-03-07"' in content
    assert "The entry could not be saved; correct the fields marked below." in content
    response = client.post(
        url(participation, "provisions/new/"), {**data, "provided_on": "2025-03-02"}
    )
    assert response.status_code == 400
    assert response.context["form"].errors == {
        "provided_on": ["The date cannot precede the referral (03.03.2025)."]
    }
    response = client.post(url(participation, "provisions/new/"), {"kind": OHS})
    assert response.status_code == 400
    assert response.context["form"].errors == {
        "provided_on": ["This field is required."]
    }
    assert not Provision.objects.exists()


def test_errors_are_in_polish_by_default(client_for, staff_a, unit_a):
    participation = admitted(staff_a, unit_a)
    response = client_for(staff_a).post(url(participation, "provisions/new/"), {})
    assert response.status_code == 400
    assert response.context["form"].errors["provided_on"] == ["To pole jest wymagane."]


def test_record_page_of_an_anonymised_record_is_404(en, staff_a, manager_a, unit_a):
    participation = participation_exit(
        actor=staff_a,
        participation=admitted(staff_a, unit_a),
        exited_on=D(2025, 8, 29),
        reason=ExitReason.COMPLETED,
        outcome=Outcome.CONTINUED,
    )
    participant_anonymise(actor=manager_a, participant=participation.participant)
    assert en(staff_a).get(url(participation, "provisions/new/")).status_code == 404


# --- voiding and the meal -------------------------------------------------------------


def test_void_through_the_page(en, staff_a, unit_a):
    participation = admitted(staff_a, unit_a)
    provision = record(staff_a, participation, CLOTHING, note="rozmiar XL")
    client = en(staff_a)
    void_url = f"/participants/provisions/{provision.pk}/void/"
    page = client.get(void_url)
    assert page.status_code == 200
    assert "rozmiar XL" in page.content.decode()
    response = client.post(void_url, {"reason": ""})
    assert response.status_code == 400
    assert response.context["form"].errors == {"reason": ["This field is required."]}
    response = client.post(void_url, {"reason": "Wydano innej osobie."})
    assert response.status_code == 302
    assert response.url == url(participation) + "#p-provisions"
    assert messages_of(response) == ["The entry has been voided."]
    provision.refresh_from_db()
    assert (provision.voided_by, provision.void_reason) == (
        staff_a,
        "Wydano innej osobie.",
    )
    # Voided, it is gone from the void page; the panel keeps it.
    assert client.get(void_url).status_code == 404
    assert "Wydano innej osobie." in client.get(url(participation)).content.decode()


def test_meal_through_the_page(en, staff_a, unit_a):
    participation = admitted(staff_a, unit_a)
    client = en(staff_a)
    page = client.get(url(participation, "meal/"))
    assert page.context["form"].initial == {"takes_meal": True, "meal_note": ""}
    response = client.post(
        url(participation, "meal/"), {"meal_note": "Rezygnuje z posiłku."}
    )
    assert response.status_code == 302
    assert messages_of(response) == ["The daily meal has been saved."]
    participation.refresh_from_db()
    assert (participation.takes_meal, participation.meal_note) == (
        False,
        "Rezygnuje z posiłku.",
    )
    response = client.post(url(participation, "meal/"), {"meal_note": "x" * 201})
    assert response.status_code == 400
    assert 'value="' + "x" * 201 + '"' in response.content.decode()
    content = client.get(url(participation)).content.decode()
    assert "does not take the meal — Rezygnuje z posiłku." in content


# --- the list of missing provisions ----------------------------------------------

LIST = "/participants/provisions/missing/"


def listed(response):
    return [row.record.participant.last_name for row in response.context["table"].rows]


def test_list_shows_what_is_missing(en, staff_a, situations):
    response = en(staff_a).get(LIST)
    assert response.status_code == 200
    assert listed(response) == ["Abacka", "Babacka", "Cabacka", "Dabacka", "Fabacka"]
    content = response.content.decode()
    assert 'badge text-bg-danger">missing</span>' in content
    assert 'badge text-bg-danger">expired</span>' in content
    assert 'badge text-bg-warning">expires soon</span>' in content
    assert f'href="/participants/participations/{situations["nothing"].pk}/"' in content


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        (f"missing={MissingProvision.OHS_TRAINING}", ["Abacka"]),
        (f"missing={MissingProvision.MEDICAL_EXAMINATION}", ["Abacka", "Babacka"]),
        (f"missing={MissingProvision.EXAMINATION_EXPIRED}", ["Cabacka"]),
        (f"missing={MissingProvision.EXAMINATION_EXPIRING}", ["Dabacka"]),
        (f"missing={MissingProvision.WORK_CLOTHING}", ["Abacka", "Fabacka"]),
        ("q=dabacka", ["Dabacka"]),
        ("q=Ewa+Dab", ["Dabacka"]),
        ("q=Ebacka", []),
        ("sort=-participant", ["Fabacka", "Dabacka", "Cabacka", "Babacka", "Abacka"]),
        (
            "sort=examination_valid_until",
            ["Abacka", "Babacka", "Cabacka", "Dabacka", "Fabacka"],
        ),
        (
            "sort=-examination_valid_until",
            ["Fabacka", "Dabacka", "Cabacka", "Abacka", "Babacka"],
        ),
    ],
)
def test_list_filters_search_and_sorting(en, staff_a, situations, query, expected):
    assert listed(en(staff_a).get(f"{LIST}?{query}")) == expected


def test_list_filter_by_unit_offers_only_the_users_centres(
    en, staff_a, staff_b, unit_a, unit_b, situations
):
    response = en(staff_a).get(f"{LIST}?unit={unit_a.pk}")
    assert listed(response) == ["Abacka", "Babacka", "Cabacka", "Dabacka", "Fabacka"]
    assert list(response.context["filter"].form.fields["unit"].queryset) == [unit_a]
    # Another unit's id is no choice.
    response = en(staff_a).get(f"{LIST}?unit={unit_b.pk}")
    assert "unit" in response.context["filter"].form.errors
    assert listed(en(staff_b).get(LIST)) == ["Habacka"]


def test_list_of_a_club_is_empty(en, kis_staff, situations):
    response = en(kis_staff).get(LIST)
    assert listed(response) == []
    assert "Every participant under way has the health and safety training" in (
        response.content.decode()
    )


def test_list_under_htmx_renders_only_the_results(en, staff_a, situations):
    response = en(staff_a).get(LIST, headers={"HX-Request": "true"})
    assert response.templates[0].name == "includes/table_results.html"


def test_list_csv_export_is_logged(en, staff_a, unit_a, situations):
    response = en(staff_a).get(f"{LIST}?_export=csv&missing=examination_expired")
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == [
        "Participant",
        "Unit",
        "Workshop",
        "Admitted on",
        "Health and safety training",
        "Medical examination",
        "Examination valid until",
        "Result of the examination",
        "Work clothing and footwear",
    ]
    assert rows[1:] == [
        [
            "Cabacka Anna",
            "CIS A",
            "",
            "2025-03-10",
            "2025-03-10",
            "2025-03-10",
            "2025-12-31",
            "fit to take part in the activities",
            "2025-03-10",
        ]
    ]
    xlsx = en(staff_a).get(f"{LIST}?_export=xlsx&missing=examination_expired")
    assert xlsx.status_code == 200
    assert xlsx.content.startswith(b"PK")
    response = en(staff_a).get(f"{LIST}?_export=csv&missing=ohs_training")
    assert list(csv.reader(io.StringIO(response.content.decode())))[1][4:] == [
        "missing",
        "missing",
        "",
        "",
        "missing",
    ]
    assert (
        list(
            AccessLog.objects.filter(action=AccessAction.EXPORT).values_list(
                "unit", "participant", "what"
            )
        )
        == [(unit_a.pk, None, "missing provisions list")] * 3
    )


def test_list_query_count_does_not_grow_with_rows(
    en, staff_a, unit_a, settings, django_assert_max_num_queries
):
    settings.PAGE_SIZE = 50
    for n in range(30):
        participation = admitted(staff_a, unit_a, 10 + n, f"Nazwisko{n:02d}")
        if n % 3 == 0:
            complete(staff_a, participation, valid_until=D(2025, 12, 31))
        elif n % 3 == 1:
            record(staff_a, participation, OHS)
    client = en(staff_a)
    client.get(LIST)  # warm the session and the scope
    with django_assert_max_num_queries(7):
        response = client.get(LIST)
    assert len(response.context["table"].page.object_list) == 30
    with django_assert_max_num_queries(8):
        response = client.get(f"{LIST}?_export=csv")
    assert len(response.content.decode().strip().splitlines()) == 31


def test_participants_list_links_the_missing_provisions(en, staff_a):
    content = en(staff_a).get("/participants/").content.decode()
    assert f'href="{LIST}"' in content


def test_participation_page_queries_do_not_grow_with_provisions(
    en, staff_a, unit_a, django_assert_max_num_queries
):
    participation = admitted(staff_a, unit_a)
    for n in range(20):
        provision = record(staff_a, participation, CLOTHING, note=f"komplet {n}")
        if n % 2:
            provision_void(actor=staff_a, provision=provision, reason="Dubel.")
    client = en(staff_a)
    client.get(url(participation))
    with django_assert_max_num_queries(13):
        response = client.get(url(participation))
    assert len(response.context["provisions"]) == 20


def test_an_unfit_latest_examination_is_on_the_list(en, staff_a, unit_a):
    """Everything provided, but the latest examination found the person
    unfit: listed, with the result marked, like the panel warns."""
    participation = admitted(staff_a, unit_a, last_name="Gabacka", serial=71)
    record(staff_a, participation, OHS)
    record(staff_a, participation, CLOTHING)
    record(staff_a, participation, EXAM, result=ExaminationResult.UNFIT)
    response = en(staff_a).get(f"{LIST}?missing={MissingProvision.EXAMINATION_UNFIT}")
    assert listed(response) == ["Gabacka"]
    assert 'badge text-bg-danger">unfit</span>' in response.content.decode()
