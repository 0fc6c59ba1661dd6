"""Activities, their timetable, sessions and enrolments: the services and
the pages."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from participants.constants import AccessAction
from participants.models import AccessLog
from programs.models import Activity, Enrolment, Session
from programs.services.activities import (
    SlotInput,
    activity_create,
    enrolment_add,
    enrolment_end,
    session_add,
    session_cancel,
    session_restore,
    sessions_generate,
)
from programs.tests.factories import (
    ActivityFactory,
    EnrolmentFactory,
    ParticipationFactory,
    SessionFactory,
    weekday_slots,
)

pytestmark = pytest.mark.django_db
D = datetime.date
T = datetime.time


@pytest.fixture
def workshop(unit_a):
    activity = ActivityFactory(unit=unit_a, name="Warsztat gastronomiczny")
    weekday_slots(activity)
    return activity


def codes(error: ValidationError) -> set[str]:
    if hasattr(error, "error_dict"):
        return {e.code for errors in error.error_dict.values() for e in errors}
    return {e.code for e in error.error_list}


# --- sessions -------------------------------------------------------------


def test_generation_skips_public_holidays_and_weekends(workshop, staff_a):
    created = sessions_generate(
        actor=staff_a,
        activity=workshop,
        starts_on=D(2026, 4, 1),
        ends_on=D(2026, 5, 31),
    )
    dates = set(workshop.sessions.values_list("date", flat=True))
    # 43 weekdays in April and May 2026, less Easter Monday and 1 May.
    assert created == 41
    assert len(dates) == 41
    assert D(2026, 4, 6) not in dates  # Easter Monday
    assert D(2026, 5, 1) not in dates  # Labour Day, a Friday
    assert D(2026, 4, 7) in dates
    assert all(day.weekday() < 5 for day in dates)
    session = workshop.sessions.get(date=D(2026, 4, 7))
    assert (session.starts_at, session.ends_at) == (T(8), T(14))
    assert session.history.first().history_user == staff_a


def test_generation_skips_independence_day_and_is_idempotent(workshop, staff_a):
    period = {"starts_on": D(2026, 11, 1), "ends_on": D(2026, 11, 30)}
    assert sessions_generate(actor=staff_a, activity=workshop, **period) == 20
    assert not workshop.sessions.filter(date=D(2026, 11, 11)).exists()
    cancelled = workshop.sessions.get(date=D(2026, 11, 12))
    session_cancel(actor=staff_a, session=cancelled, note="Awaria kuchni")
    # Running it again adds nothing, and the cancelled session stays cancelled.
    assert sessions_generate(actor=staff_a, activity=workshop, **period) == 0
    assert workshop.sessions.filter(date__month=11).count() == 20
    cancelled.refresh_from_db()
    assert cancelled.cancelled is True


def test_generation_keeps_to_the_activity_run_and_refuses_bad_periods(unit_a, staff_a):
    activity = ActivityFactory(
        unit=unit_a, starts_on=D(2026, 3, 10), ends_on=D(2026, 3, 13)
    )
    weekday_slots(activity)
    created = sessions_generate(
        actor=staff_a,
        activity=activity,
        starts_on=D(2026, 3, 1),
        ends_on=D(2026, 3, 31),
    )
    assert created == 4
    with pytest.raises(ValidationError) as error:
        sessions_generate(
            actor=staff_a,
            activity=activity,
            starts_on=D(2026, 3, 31),
            ends_on=D(2026, 3, 1),
        )
    assert codes(error.value) == {"period_order"}
    with pytest.raises(ValidationError) as error:
        sessions_generate(
            actor=staff_a,
            activity=activity,
            starts_on=D(2026, 1, 1),
            ends_on=D(2027, 1, 2),
        )
    assert codes(error.value) == {"period_too_long"}


def test_cancel_and_restore_a_session(workshop, staff_a):
    session = SessionFactory(activity=workshop, date=D(2026, 3, 2))
    session_cancel(actor=staff_a, session=session, note="Choroba instruktora")
    session.refresh_from_db()
    assert (session.cancelled, session.note) == (True, "Choroba instruktora")
    with pytest.raises(ValidationError) as error:
        session_cancel(actor=staff_a, session=session, note="again")
    assert codes(error.value) == {"invalid_transition"}
    session_restore(actor=staff_a, session=session, note="")
    session.refresh_from_db()
    assert session.cancelled is False
    with pytest.raises(ValidationError) as error:
        session_restore(actor=staff_a, session=session)
    assert codes(error.value) == {"invalid_transition"}


def test_an_extra_session_on_a_saturday_and_no_duplicate(workshop, staff_a):
    session = session_add(
        actor=staff_a,
        activity=workshop,
        date=D(2026, 3, 7),
        starts_at=T(9),
        ends_at=T(12),
        note="Odrabianie",
    )
    assert session.date.weekday() == 5
    with pytest.raises(ValidationError) as error:
        session_add(
            actor=staff_a,
            activity=workshop,
            date=D(2026, 3, 7),
            starts_at=T(9),
            ends_at=T(11),
        )
    assert codes(error.value) == {"session_exists"}


# --- activities ---------------------------------------------------------------


def test_create_with_timetable_and_the_kind_must_fit_the_unit(unit_a, unit_other):
    activity = activity_create(
        actor=None,
        unit=unit_a,
        name="Trening umiejętności społecznych",
        kind="social",
        is_workshop=False,
        starts_on=D(2026, 1, 1),
        slots=[SlotInput(1, T(14), T(16)), SlotInput(3, T(14), T(16))],
    )
    assert list(activity.slots.values_list("weekday", flat=True)) == [1, 3]
    with pytest.raises(ValidationError) as error:
        activity_create(
            actor=None,
            unit=unit_other,  # a KIS
            name="Warsztat",
            kind="vocational",
            is_workshop=True,
            starts_on=D(2026, 1, 1),
        )
    assert codes(error.value) == {"kind_not_for_unit"}
    with pytest.raises(ValidationError) as error:
        activity_create(
            actor=None,
            unit=unit_a,
            name="Trening umiejętności społecznych",
            kind="social",
            starts_on=D(2026, 1, 1),
        )
    assert codes(error.value) == {"duplicate_name"}
    with pytest.raises(ValidationError) as error:
        activity_create(
            actor=None,
            unit=unit_a,
            name="Grupa",
            kind="social",
            is_workshop=True,
            starts_on=D(2026, 1, 1),
        )
    assert codes(error.value) == {"workshop_kind"}


# --- enrolments ---------------------------------------------------------------


def test_enrol_only_participants_of_the_unit_taking_part(workshop, unit_b, staff_a):
    ours = ParticipationFactory.for_unit(workshop.unit)
    enrolment = enrolment_add(
        actor=staff_a, activity=workshop, participation=ours, starts_on=D(2026, 3, 2)
    )
    assert enrolment.ends_on is None
    with pytest.raises(ValidationError) as error:
        enrolment_add(
            actor=staff_a,
            activity=workshop,
            participation=ours,
            starts_on=D(2026, 3, 9),
        )
    assert codes(error.value) == {"already_enrolled"}
    theirs = ParticipationFactory.for_unit(unit_b)
    with pytest.raises(ValidationError) as error:
        enrolment_add(
            actor=staff_a,
            activity=workshop,
            participation=theirs,
            starts_on=D(2026, 3, 2),
        )
    assert codes(error.value) == {"other_unit"}
    referred = ParticipationFactory.for_unit(
        workshop.unit, state="referred", admitted_on=None, trial_ends_on=None
    )
    with pytest.raises(ValidationError) as error:
        enrolment_add(
            actor=staff_a,
            activity=workshop,
            participation=referred,
            starts_on=D(2026, 3, 2),
        )
    assert codes(error.value) == {"not_active"}
    with pytest.raises(ValidationError) as error:
        enrolment_add(
            actor=staff_a,
            activity=workshop,
            participation=ours,
            starts_on=D(2025, 8, 1),
        )
    assert "before_admission" in codes(error.value) or "already_enrolled" in codes(
        error.value
    )


def test_one_workshop_at_a_time_and_ending_an_enrolment(workshop, staff_a):
    sewing = ActivityFactory(unit=workshop.unit, name="Warsztat krawiecki")
    participation = ParticipationFactory.for_unit(workshop.unit)
    first = enrolment_add(
        actor=staff_a,
        activity=workshop,
        participation=participation,
        starts_on=D(2026, 3, 2),
    )
    with pytest.raises(ValidationError) as error, translation.override("en"):
        enrolment_add(
            actor=staff_a,
            activity=sewing,
            participation=participation,
            starts_on=D(2026, 3, 16),
        )
    assert codes(error.value) == {"other_workshop"}
    with translation.override("en"):
        assert error.value.messages == [
            "The participant is in the workshop “Warsztat gastronomiczny” then; "
            "end that enrolment first."
        ]
    enrolment_end(actor=staff_a, enrolment=first, ends_on=D(2026, 3, 13))
    second = enrolment_add(
        actor=staff_a,
        activity=sewing,
        participation=participation,
        starts_on=D(2026, 3, 16),
    )
    assert second.activity == sewing
    with pytest.raises(ValidationError) as error:
        enrolment_end(actor=staff_a, enrolment=first, ends_on=D(2026, 3, 20))
    assert codes(error.value) == {"invalid_transition"}


# --- pages ------------------------------------------------------------------------


def test_list_filters_searches_and_counts_enrolled(client_for, staff_a, unit_a, unit_b):
    cooking = ActivityFactory(unit=unit_a, name="Warsztat gastronomiczny")
    ActivityFactory(
        unit=unit_a, name="Grupa wsparcia", kind="social", is_workshop=False
    )
    ActivityFactory(unit=unit_b, name="Warsztat obcy")
    for _n in range(2):
        EnrolmentFactory(activity=cooking, starts_on=D(2025, 9, 1))
    client = client_for(staff_a)
    response = client.get("/programs/activities/")
    rows = list(response.context["table"].page.object_list)
    assert [row.record.name for row in rows] == [
        "Grupa wsparcia",
        "Warsztat gastronomiczny",
    ]
    assert [row.record.enrolled for row in rows] == [0, 2]
    response = client.get("/programs/activities/", {"workshop": "yes"})
    assert [r.record.name for r in response.context["table"].page.object_list] == [
        "Warsztat gastronomiczny"
    ]
    response = client.get("/programs/activities/", {"q": "wsparc", "kind": "social"})
    assert [r.record.name for r in response.context["table"].page.object_list] == [
        "Grupa wsparcia"
    ]
    response = client.get(
        "/programs/activities/", {"_export": "csv"}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 200
    assert "Warsztat gastronomiczny" in response.content.decode()


def test_list_query_count_is_constant(
    client_for, staff_a, unit_a, django_assert_max_num_queries
):
    for n in range(30):
        activity = ActivityFactory(unit=unit_a, name=f"Zajęcia {n:02d}")
        EnrolmentFactory(activity=activity, starts_on=D(2025, 9, 1))
    client = client_for(staff_a)
    with django_assert_max_num_queries(12):
        response = client.get("/programs/activities/", {"per_page": 30})
    assert len(response.context["table"].page.object_list) == 30


def test_empty_list_says_how_to_start(client_for, staff_a):
    response = client_for(staff_a).get("/programs/activities/")
    assert str(response.context["table"].empty_text).startswith(
        "Nie zapisano jeszcze żadnych zajęć."
    )


def test_create_page_saves_the_activity_with_its_timetable(client_for, staff_a, unit_a):
    data = {
        "unit": unit_a.pk,
        "name": "Warsztat ogrodniczy",
        "kind": "vocational",
        "is_workshop": "on",
        "instructor": "Ewa Zielińska",
        "place": "szklarnia",
        "starts_on": "2026-03-01",
        "ends_on": "",
        "description": "",
        "slots-TOTAL_FORMS": "2",
        "slots-INITIAL_FORMS": "0",
        "slots-MIN_NUM_FORMS": "0",
        "slots-MAX_NUM_FORMS": "21",
        "slots-0-weekday": "0",
        "slots-0-starts_at": "08:00",
        "slots-0-ends_at": "14:00",
        "slots-1-weekday": "2",
        "slots-1-starts_at": "08:00",
        "slots-1-ends_at": "14:00",
    }
    response = client_for(staff_a).post("/programs/activities/new/", data)
    activity = Activity.objects.get(name="Warsztat ogrodniczy")
    assert response.status_code == 302
    assert response.url == f"/programs/activities/{activity.pk}/"
    assert list(activity.slots.values_list("weekday", "starts_at")) == [
        (0, T(8)),
        (2, T(8)),
    ]
    # A bad hour re-displays the form with the input kept.
    data["slots-1-ends_at"] = "07:00"
    data["name"] = "Inny"
    response = client_for(staff_a).post("/programs/activities/new/", data)
    assert response.status_code == 400
    assert response.context["formset"].forms[1].errors
    assert response.context["form"]["name"].value() == "Inny"
    assert not Activity.objects.filter(name="Inny").exists()


def test_edit_page_replaces_the_timetable(client_for, staff_a, workshop):
    data = {
        "name": workshop.name,
        "kind": "vocational",
        "is_workshop": "on",
        "instructor": "Nowy",
        "place": "",
        "starts_on": "2025-01-01",
        "ends_on": "",
        "description": "",
        "slots-TOTAL_FORMS": "5",
        "slots-INITIAL_FORMS": "5",
        "slots-MIN_NUM_FORMS": "0",
        "slots-MAX_NUM_FORMS": "21",
    }
    for n in range(5):
        data.update(
            {
                f"slots-{n}-weekday": str(n),
                f"slots-{n}-starts_at": "08:00",
                f"slots-{n}-ends_at": "14:00" if n else "12:00",
            }
        )
    data["slots-4-DELETE"] = "on"
    response = client_for(staff_a).post(
        f"/programs/activities/{workshop.pk}/edit/", data
    )
    assert response.status_code == 302
    workshop.refresh_from_db()
    assert workshop.instructor == "Nowy"
    assert list(workshop.slots.values_list("weekday", "ends_at")) == [
        (0, T(12)),
        (1, T(14)),
        (2, T(14)),
        (3, T(14)),
    ]


def test_detail_generates_sessions_and_enrols(client_for, staff_a, workshop):
    participation = ParticipationFactory.for_unit(workshop.unit)
    client = client_for(staff_a)
    url = f"/programs/activities/{workshop.pk}/"
    response = client.post(
        url,
        {
            "action": "generate",
            "generate-starts_on": "2026-04-01",
            "generate-ends_on": "2026-04-30",
        },
    )
    assert response.status_code == 302
    assert workshop.sessions.count() == 21
    response = client.post(
        url,
        {
            "action": "enrol",
            "enrol-participation": participation.pk,
            "enrol-starts_on": "2026-04-01",
        },
    )
    assert response.status_code == 302
    assert Enrolment.objects.get().participation == participation
    assert AccessLog.objects.filter(
        participant=participation.participant, action=AccessAction.EDIT
    ).exists()
    response = client.get(url, {"month": "2026-04"})
    assert response.status_code == 200
    assert len(response.context["sessions"]) == 21
    content = response.content.decode()
    assert str(participation.participant) in content
    assert f"/programs/sessions/{workshop.sessions.first().pk}/cancel/" in content


def test_enrol_form_offers_only_the_units_participants(
    client_for, staff_a, workshop, unit_b
):
    ours = ParticipationFactory.for_unit(workshop.unit)
    theirs = ParticipationFactory.for_unit(unit_b)
    response = client_for(staff_a).post(
        f"/programs/activities/{workshop.pk}/",
        {
            "action": "enrol",
            "enrol-participation": theirs.pk,
            "enrol-starts_on": "2026-04-01",
        },
    )
    assert response.status_code == 400
    assert "participation" in response.context["enrol_form"].errors
    choices = list(response.context["enrol_form"].fields["participation"].queryset)
    assert choices == [ours]


def test_cancel_page_asks_first_and_needs_a_reason(client_for, staff_a, workshop):
    session = SessionFactory(activity=workshop, date=D(2026, 3, 2))
    client = client_for(staff_a)
    url = f"/programs/sessions/{session.pk}/cancel/"
    assert client.get(url).status_code == 200
    response = client.post(url, {"note": "Święto lokalne"})  # not confirmed
    assert response.status_code == 400
    session.refresh_from_db()
    assert session.cancelled is False
    response = client.post(url, {"note": "Święto lokalne", "confirm": "on"})
    assert response.status_code == 302
    assert response.url == f"/programs/activities/{workshop.pk}/?month=2026-03"
    session.refresh_from_db()
    assert (session.cancelled, session.note) == (True, "Święto lokalne")
    response = client.post(f"/programs/sessions/{session.pk}/restore/", {"note": ""})
    assert response.status_code == 302
    assert Session.objects.get(pk=session.pk).cancelled is False


def test_end_enrolment_page(client_for, staff_a, workshop):
    enrolment = EnrolmentFactory(activity=workshop, starts_on=D(2026, 3, 2))
    client = client_for(staff_a)
    url = f"/programs/enrolments/{enrolment.pk}/end/"
    assert client.get(url).status_code == 200
    assert client.post(url, {"ends_on": "2026-03-31"}).status_code == 400
    response = client.post(url, {"ends_on": "2026-03-31", "confirm": "on"})
    assert response.status_code == 302
    enrolment.refresh_from_db()
    assert enrolment.ends_on == D(2026, 3, 31)


def test_other_units_objects_are_404(client_for, staff_b, workshop, refused):
    session = SessionFactory(activity=workshop)
    enrolment = EnrolmentFactory(activity=workshop)
    client = client_for(staff_b)
    for url in (
        f"/programs/activities/{workshop.pk}/",
        f"/programs/activities/{workshop.pk}/edit/",
        f"/programs/sessions/{session.pk}/cancel/",
        f"/programs/enrolments/{enrolment.pk}/end/",
    ):
        refused(client, url)
        refused(client, url, method="post")
