"""Mass assignment: fields a form does not have are ignored (the "trust" issue).

Every form of the participants' pages and of the officials' pages is posted
valid, with extra fields that name what the server alone decides: the unit,
the voivodeship, the state, the participant or participation, the acting user
(created_by, handled_by, issued_by, override_by, exit_recorded_by…), the
role and the superuser flag. They go in plain and with the form's prefix. The
post must succeed, and the rows it wrote must keep the unit or voivodeship of
the URL and the user's scope, name the logged-in user as the actor, and be
in the state that the action itself leads to. Nothing of another unit or
voivodeship changes, and nobody becomes an administrator.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

import pytest
from django.db.models import Model
from django.test import Client

from accounts.constants import Role
from accounts.models import User
from cis_kis.tests.test_malformed_input import (
    FORMS,
    fill,
    post_case,
    world,  # noqa: F401 - the officials' fixture
)
from participants.constants import ParticipationState
from participants.models import (
    DataExport,
    FollowUp,
    IndividualProgramme,
    Participant,
    Participation,
    ParticipationGround,
)
from participants.services import (
    participation_admit,
    participation_exit,
)
from participants.tests.factories import ground, make_pesel
from participants.tests.test_services import admitted, refer, register
from units.models import (
    FoundingBody,
    Inspection,
    KisNotification,
    Recommendation,
    StatusApplication,
    StatusDecision,
    SubsidyReturn,
    SupplementRequest,
    Unit,
)
from units.tests.factories import voivodeship

pytestmark = pytest.mark.django_db
D = datetime.date


def extras(outsider: Any, unit: Any, participant: Any, participation: Any) -> dict:
    """The fields nobody may post, with values of another unit, voivodeship
    and user."""
    user = outsider.pk
    return {
        "unit": unit.pk,
        "unit_id": unit.pk,
        "voivodeship": unit.voivodeship_id,
        "voivodeship_id": unit.voivodeship_id,
        "participant": participant.pk,
        "participant_id": participant.pk,
        "participation": participation.pk,
        "created_by": user,
        "handled_by": user,
        "issued_by": user,
        "requested_by": user,
        "recorded_by": user,
        "override_by": user,
        "exit_recorded_by": user,
        "history_user": user,
        "user": user,
        "role": Role.MINISTRY_ANALYST,
        "is_superuser": "on",
        "is_staff": "on",
        "anonymised_at": "2020-01-01T00:00",
        "pesel_hash": "0" * 64,
        "version": "9",
    }


def with_extras(data: dict, extra: dict, prefix: str, fields: set[str]) -> dict:
    """`data` plus every extra the form has no field for, plain and prefixed."""
    added = {}
    for name, value in extra.items():
        if name in fields:
            continue
        added[name] = value
        if prefix:
            added[f"{prefix}-{name}"] = value
    return {**added, **data}


# --- officials' forms (units app) ---------------------------------------------

# Officials' forms: the state each action leads to, and a state to post that
# differs from it.
STATES = {
    "application supplement": ("received", "incomplete", "decided"),
    "application supplement_received": ("incomplete", "complete", "decided"),
    "application complete": ("ready", "complete", "decided"),
    "application decide": ("complete", "decided", "incomplete"),
    "kis completion": ("kis_received", "incomplete", "entered"),
    "kis completed": ("kis_incomplete", "received", "entered"),
    "kis enter": ("kis_received", "entered", "incomplete"),
}
ACTOR_FIELDS: dict[type[Model], str] = {
    StatusApplication: "handled_by",
    SupplementRequest: "requested_by",
    StatusDecision: "issued_by",
    Inspection: "created_by",
    Recommendation: "issued_by",
    KisNotification: "handled_by",
    SubsidyReturn: "recorded_by",
}
VOIVODESHIP_MODELS: tuple[type[Model], ...] = (
    FoundingBody,
    Unit,
    StatusApplication,
    StatusDecision,
    Inspection,
    KisNotification,
)
UNITS_FORMS = [case for case in FORMS if case.url.startswith("/units/")]


def last_pks() -> dict[type[Model], int]:
    return {
        model: model.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        for model in (*ACTOR_FIELDS, *VOIVODESHIP_MODELS)
    }


def test_the_officials_forms_cover_every_units_form():
    assert {case.name for case in UNITS_FORMS} == {
        "founding_body_create",
        "application_create",
        "application document",
        "application supplement",
        "application supplement_received",
        "application complete",
        "application decide",
        "status loss",
        "subsidy return",
        "status closure",
        "inspection_create",
        "inspection recommend",
        "inspection met",
        "kis_notification_create",
        "kis completion",
        "kis completed",
        "kis enter",
        "kis_closure_create",
    }


@pytest.mark.parametrize("case", UNITS_FORMS, ids=lambda case: case.name)
def test_officials_forms_ignore_extra_fields(
    world,  # noqa: F811 - fixture
    case,
    official_a,
    official_other,
    unit_other,
    django_capture_on_commit_callbacks,
):
    mazowieckie = voivodeship("14")
    other = voivodeship("12")
    client = Client()
    client.force_login(official_a)
    data = {k: fill(v, world) for k, v in case.data().items()}
    fields = set(case.baseline)
    extra = {
        "unit": unit_other.pk,
        "unit_id": unit_other.pk,
        "voivodeship": other.pk,
        "voivodeship_id": other.pk,
        "created_by": official_other.pk,
        "handled_by": official_other.pk,
        "issued_by": official_other.pk,
        "requested_by": official_other.pk,
        "history_user": official_other.pk,
        "state": STATES.get(case.name, (None, None, "decided"))[2],
        "number": "X/1/2020",
        "sequence": "77",
        "role": Role.MINISTRY_ANALYST,
        "is_superuser": "on",
        "is_staff": "on",
    }
    before = last_pks()
    others_before = {
        model: set(model.objects.filter(voivodeship=other).values_list("pk", flat=True))
        for model in VOIVODESHIP_MODELS
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = post_case(
            client,
            case,
            case.url.format(**world),
            with_extras(data, extra, case.prefix, fields),
        )
    assert response.status_code == 302, response.content.decode()[:2000]

    for model, actor in ACTOR_FIELDS.items():
        new = model.objects.filter(pk__gt=before[model])
        assert set(new.values_list(actor, flat=True)) <= {official_a.pk}, model
        assert not model.objects.filter(**{actor: official_other}).exists(), model
    for model in VOIVODESHIP_MODELS:
        new = model.objects.filter(pk__gt=before[model])
        assert set(new.values_list("voivodeship", flat=True)) <= {mazowieckie.pk}
        others = set(
            model.objects.filter(voivodeship=other).values_list("pk", flat=True)
        )
        assert others == others_before[model], model
    new_decisions = StatusDecision.objects.filter(pk__gt=before[StatusDecision])
    assert set(new_decisions.values_list("unit", flat=True)) <= {world["unit"], None}
    new_inspections = Inspection.objects.filter(pk__gt=before[Inspection])
    assert set(new_inspections.values_list("unit", flat=True)) <= {world["unit"]}
    assert not StatusDecision.objects.filter(number="X/1/2020").exists()
    assert not Inspection.objects.filter(unit=unit_other).exists()
    assert not KisNotification.objects.filter(unit=unit_other).exists()
    if case.name in STATES:
        key, expected, _posted = STATES[case.name]
        model = StatusApplication if case.name.startswith("application") else None
        row = (model or KisNotification).objects.get(pk=world[key])
        assert row.state == expected
    if case.name == "application_create":
        application = StatusApplication.objects.get(pk__gt=before[StatusApplication])
        assert (application.state, application.unit_id) == ("received", None)
    official_a.refresh_from_db()
    assert (official_a.role, official_a.is_superuser, official_a.is_staff) == (
        Role.VOIVODESHIP_OFFICIAL,
        False,
        False,
    )
    assert official_a.voivodeship_id == mazowieckie.pk


# --- participants' pages ------------------------------------------------------


@pytest.fixture
def people(settings, tmp_path, staff_a, staff_b, manager_a, unit_a, unit_b):
    """Participations of unit A in each state a form acts on, and a person of
    unit B whose ids the extra fields name."""
    settings.MEDIA_ROOT = tmp_path
    serials = iter(range(1, 100))

    def person(**extra: Any) -> Participant:
        return register(
            staff_a,
            unit_a,
            pesel=make_pesel(D(1980, 5, 17), "F", next(serials)),
            **extra,
        )

    referred = refer(staff_a, person())
    ineligible = refer(staff_a, person(), benefits=["unemployment_benefit"])
    active = participation_admit(
        actor=staff_a,
        participation=refer(staff_a, person()),
        admitted_on=D(2025, 3, 10),
    )
    left = participation_exit(
        actor=staff_a,
        participation=participation_admit(
            actor=staff_a,
            participation=refer(staff_a, person()),
            admitted_on=D(2025, 3, 10),
        ),
        exited_on=D(2025, 6, 30),
        reason="employment",
        outcome="open_market",
    )
    outsider = admitted(staff_b, unit_b)
    return {
        "referred": referred,
        "ineligible": ineligible,
        "active": active,
        "left": left,
        "edited": person(),
        "outsider": outsider,
    }


def snapshot(participation: Participation) -> tuple:
    """What a post elsewhere must not change of a participation and its person."""
    row = Participation.objects.get(pk=participation.pk)
    person = Participant.objects.get(pk=row.participant_id)
    return (
        row.unit_id,
        row.state,
        row.admitted_on,
        row.exited_on,
        row.override_by_id,
        row.exit_recorded_by_id,
        row.grounds.count(),
        row.programmes.count(),
        row.follow_ups.count(),
        person.unit_id,
        person.last_name,
        person.pesel_hash,
        person.anonymised_at,
        person.created_by_id,
        person.data_exports.count(),
    )


def post(user: Any, url: str, data: dict) -> Any:
    client = Client()
    client.cookies["django_language"] = "en"
    client.force_login(user)
    return client.post(url, data)


def participation_url(participation: Participation) -> str:
    return f"/participants/participations/{participation.pk}/"


def check_no_trace_of(outsider_user: Any, unit_b: Any) -> None:
    """Nothing names the outsider as the actor, nothing moved to unit B."""
    assert not Participation.objects.filter(override_by=outsider_user).exists()
    assert not Participation.objects.filter(exit_recorded_by=outsider_user).exists()
    assert not IndividualProgramme.objects.filter(created_by=outsider_user).exists()
    assert not FollowUp.objects.filter(recorded_by=outsider_user).exists()
    assert not DataExport.objects.filter(requested_by=outsider_user).exists()
    assert list(
        Participant.objects.filter(unit=unit_b).values_list("created_by", flat=True)
    ) == [outsider_user.pk]
    assert Participation.objects.filter(unit=unit_b).count() == 1
    assert not User.objects.filter(is_superuser=True).exists()


ParticipantCase = tuple[str, str, Callable[[dict], str], dict, set[str], str]

# (name, user, url of the people, data, fields of the form, prefix)
PARTICIPANT_FORMS: list[ParticipantCase] = [
    (
        "admit",
        "staff_a",
        lambda p: participation_url(p["referred"]),
        {"action": "admit", "admit-admitted_on": "2025-03-10"},
        {"admitted_on"},
        "admit",
    ),
    (
        "override",
        "staff_a",
        lambda p: participation_url(p["ineligible"]),
        {"action": "override", "override-reason": "Świadczenie wygasło."},
        {"reason"},
        "override",
    ),
    (
        "not_admit",
        "staff_a",
        lambda p: participation_url(p["referred"]),
        {
            "action": "not_admit",
            "not_admit-reason": "Nie zgłosił się.",
            "not_admit-confirm": "on",
        },
        {"reason", "confirm"},
        "not_admit",
    ),
    (
        "ground",
        "staff_a",
        lambda p: participation_url(p["referred"]),
        {
            "action": "ground",
            "ground-ground": "{disabled}",
            "ground-note": "Orzeczenie",
        },
        {"ground", "is_primary", "note"},
        "ground",
    ),
    (
        "programme",
        "staff_a",
        lambda p: participation_url(p["active"]),
        {
            "action": "programme",
            "programme-change": "initial",
            "programme-kind": "ipzs",
            "programme-starts_on": "2025-03-10",
            "programme-ends_on": "2025-12-31",
            "programme-goals": "Powrót na rynek pracy.",
            "programme-hours_per_week": "35",
        },
        {"change", "kind", "starts_on", "ends_on", "goals", "hours_per_week"},
        "programme",
    ),
    (
        "exit",
        "staff_a",
        lambda p: participation_url(p["active"]),
        {
            "action": "exit",
            "exit-exited_on": "2025-08-29",
            "exit-reason": "employment",
            "exit-outcome": "open_market",
            "exit-confirm": "on",
        },
        {"exited_on", "reason", "outcome", "confirm"},
        "exit",
    ),
    (
        "follow_up",
        "staff_a",
        lambda p: participation_url(p["left"]),
        {
            "action": "follow_up",
            "follow_up-follow_up": "{follow_up}",
            "follow_up-checked_on": "2025-10-01",
            "follow_up-outcome": "open_market",
            "follow_up-employer": "Firma Sp. z o.o.",
        },
        {"follow_up", "checked_on", "outcome", "employer"},
        "follow_up",
    ),
    (
        "edit",
        "staff_a",
        lambda p: f"/participants/{p['edited'].pk}/edit/",
        {
            "pesel": "{edited_pesel}",
            "first_name": "Anna",
            "last_name": "Nowakowska",
            "citizenship": "polskie",
            "info_clause_on": "2025-03-01",
        },
        {"pesel", "first_name", "last_name", "citizenship", "info_clause_on"},
        "",
    ),
    (
        "refer",
        "staff_a",
        lambda p: f"/participants/{p['left'].participant_id}/refer/",
        {
            "referral-requested_by": "self",
            "referral-issued_by": "pup",
            "referral-referred_on": "2025-09-01",
            "grounds-primary_ground": "{long_term_unemployed}",
        },
        {"requested_by", "issued_by", "referred_on", "primary_ground"},
        "referral",
    ),
    (
        "data export",
        "manager_a",
        lambda p: f"/participants/{p['left'].participant_id}/data/",
        {},
        set(),
        "",
    ),
]


@pytest.fixture
def edited(people):
    """`people` with the values the posts need filled in."""
    edited = Participant.objects.get(pk=people["edited"].pk)
    return {
        "{disabled}": str(ground("disabled").pk),
        "{long_term_unemployed}": str(ground("long_term_unemployed").pk),
        "{follow_up}": str(people["left"].follow_ups.get(months_after=3).pk),
        "{edited_pesel}": edited.pesel,
    }


@pytest.mark.parametrize(
    "case", PARTICIPANT_FORMS, ids=[case[0] for case in PARTICIPANT_FORMS]
)
def test_participants_forms_ignore_extra_fields(
    request, people, edited, case, staff_a, staff_b, unit_a, unit_b
):
    name, role, url_of, data, fields, prefix = case
    user = request.getfixturevalue(role)
    outsider = people["outsider"]
    unrelated = {key: snapshot(people[key]) for key in ("outsider", "ineligible")}
    data = {key: edited.get(value, value) for key, value in data.items()}
    extra = extras(staff_b, unit_b, outsider.participant, outsider)
    extra["state"] = ParticipationState.EXITED
    if name == "exit":
        extra["state"] = ParticipationState.NOT_ADMITTED
    if prefix == "referral":  # the page has two forms
        extra = {
            **extra,
            **{f"grounds-{k}": v for k, v in extra.items() if k != "unit"},
        }
    programmes, follow_ups = (
        IndividualProgramme.objects.count(),
        FollowUp.objects.count(),
    )

    response = post(user, url_of(people), with_extras(data, extra, prefix, fields))
    assert response.status_code == 302, response.content.decode()[:3000]

    check_no_trace_of(staff_b, unit_b)
    if name != "override":
        assert snapshot(people["ineligible"]) == unrelated["ineligible"]
    assert snapshot(outsider) == unrelated["outsider"]
    assert set(
        Participant.objects.exclude(unit=unit_b).values_list("unit", flat=True)
    ) == {unit_a.pk}
    assert set(
        Participation.objects.exclude(unit=unit_b).values_list("unit", flat=True)
    ) == {unit_a.pk}
    assert set(Participant.objects.values_list("anonymised_at", flat=True)) == {None}
    expected_state = {
        "admit": ("referred", ParticipationState.ACTIVE),
        "override": ("ineligible", ParticipationState.REFERRED),
        "not_admit": ("referred", ParticipationState.NOT_ADMITTED),
        "ground": ("referred", ParticipationState.REFERRED),
        "programme": ("active", ParticipationState.ACTIVE),
        "exit": ("active", ParticipationState.EXITED),
        "follow_up": ("left", ParticipationState.EXITED),
    }
    if name in expected_state:
        key, state = expected_state[name]
        row = Participation.objects.get(pk=people[key].pk)
        assert row.state == state
    if name == "override":
        row = Participation.objects.get(pk=people["ineligible"].pk)
        assert row.override_by == staff_a
    if name == "exit":
        row = Participation.objects.get(pk=people["active"].pk)
        assert row.exit_recorded_by == staff_a
    if name == "ground":
        assert list(
            ParticipationGround.objects.filter(ground__code="disabled").values_list(
                "participation", flat=True
            )
        ) == [people["referred"].pk]
    if name == "programme":
        programme = IndividualProgramme.objects.get()
        assert IndividualProgramme.objects.count() == programmes + 1
        assert (programme.participation_id, programme.version) == (
            people["active"].pk,
            1,
        )
        assert programme.created_by == staff_a
    if name == "follow_up":
        assert FollowUp.objects.count() == follow_ups
        check = people["left"].follow_ups.get(months_after=3)
        assert (check.recorded_by, check.checked_on) == (staff_a, D(2025, 10, 1))
    if name == "edit":
        person = Participant.objects.get(pk=people["edited"].pk)
        assert (person.last_name, person.unit_id, person.created_by) == (
            "Nowakowska",
            unit_a.pk,
            staff_a,
        )
        assert person.pesel_hash != "0" * 64
    if name == "refer":
        new = Participation.objects.filter(
            participant_id=people["left"].participant_id
        ).latest("pk")
        assert (new.unit_id, new.state, new.admitted_on, new.override_by) == (
            unit_a.pk,
            ParticipationState.REFERRED,
            None,
            None,
        )
    if name == "data export":
        export = DataExport.objects.get()
        assert (export.participant_id, export.requested_by) == (
            people["left"].participant_id,
            request.getfixturevalue("manager_a"),
        )


def test_the_intake_wizard_ignores_extra_fields(
    people, staff_a, staff_b, unit_a, unit_b
):
    outsider = people["outsider"]
    extra = extras(staff_b, unit_b, outsider.participant, outsider)
    extra["state"] = ParticipationState.ACTIVE
    pesel = make_pesel(D(1977, 8, 8), "M", 7)
    steps = [
        (
            "person",
            {
                "pesel": pesel,
                "first_name": "Adam",
                "last_name": "Kwiatkowski",
                "citizenship": "polskie",
            },
        ),
        (
            "referral",
            {"requested_by": "self", "issued_by": "pup", "referred_on": "2025-03-03"},
        ),
        ("grounds", {"primary_ground": ground("long_term_unemployed").pk}),
        ("consent", {"info_clause_on": "2025-03-04", "confirm": "on"}),
    ]
    client = Client()
    client.force_login(staff_a)
    assert client.get("/participants/new/").status_code == 200
    for step, values in steps:
        data = {"intake_wizard_view-current_step": step}
        data.update(
            with_extras(
                {f"{step}-{k}": v for k, v in values.items()},
                {k: v for k, v in extra.items() if k not in values},
                step,
                set(),
            )
        )
        response = client.post("/participants/new/", data)
    assert response.status_code == 302
    person = Participant.objects.get(pesel=pesel)
    participation = person.participations.get()
    assert (person.unit_id, person.created_by, person.anonymised_at) == (
        unit_a.pk,
        staff_a,
        None,
    )
    assert person.pesel_hash != "0" * 64
    assert (
        participation.unit_id,
        participation.state,
        participation.admitted_on,
        participation.override_by,
    ) == (unit_a.pk, ParticipationState.REFERRED, None, None)
    check_no_trace_of(staff_b, unit_b)
    assert snapshot(outsider)[:6] == (
        unit_b.pk,
        ParticipationState.ACTIVE,
        outsider.admitted_on,
        None,
        None,
        None,
    )


def test_the_password_form_changes_no_role(client_for, staff_a, official_a):
    official_a.set_password("Stare-Haslo-2026")
    official_a.save()
    client = client_for(official_a)
    response = client.post(
        "/accounts/password/change/",
        {
            "old_password": "Stare-Haslo-2026",
            "new_password1": "Nowe-Bardzo-Dlugie-Haslo-2026",
            "new_password2": "Nowe-Bardzo-Dlugie-Haslo-2026",
            "role": Role.MINISTRY_ANALYST,
            "is_superuser": "on",
            "is_staff": "on",
            "voivodeship": voivodeship("12").pk,
            "email": "admin@example.org",
        },
    )
    assert response.status_code == 302
    official_a.refresh_from_db()
    assert official_a.check_password("Nowe-Bardzo-Dlugie-Haslo-2026")
    assert (
        official_a.role,
        official_a.is_superuser,
        official_a.is_staff,
        official_a.voivodeship_id,
        official_a.email,
    ) == (
        Role.VOIVODESHIP_OFFICIAL,
        False,
        False,
        voivodeship("14").pk,
        "official.a@example.org",
    )
