"""The monthly programme of activities (art. 14 ust. 1a of the Act): the
month's sessions day by day with their hours, the manager adopting it, the
page and the printed PDF."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from programs.models import MonthlyProgramme
from programs.pdf_programme import programme_pdf_name
from programs.selectors_programme import build_monthly_programme
from programs.services.programme import monthly_programme_adopt
from programs.tests.factories import ActivityFactory, SessionFactory

pytestmark = pytest.mark.django_db
D = datetime.date
T = datetime.time
PAGE = "/programs/monthly-programme/"
PDF = "/programs/monthly-programme/pdf/"


@pytest.fixture
def march(unit_a):
    """Two parallel workshops and a group in March 2026 (Monday 2 March to
    Friday 6 March, one session cancelled, one on Saturday 7 March)."""
    kitchen = ActivityFactory(unit=unit_a, name="Gastronomia", place="kuchnia")
    garden = ActivityFactory(unit=unit_a, name="Ogrodnictwo", place="ogród")
    group = ActivityFactory(
        unit=unit_a, name="Trening umiejętności", kind="social", is_workshop=False
    )
    sessions = {}
    for day in range(2, 7):
        date = D(2026, 3, day)
        sessions[("kitchen", day)] = SessionFactory(
            activity=kitchen, date=date, starts_at=T(8), ends_at=T(14)
        )
        sessions[("garden", day)] = SessionFactory(
            activity=garden, date=date, starts_at=T(9), ends_at=T(15)
        )
    sessions["group"] = SessionFactory(
        activity=group, date=D(2026, 3, 7), starts_at=T(10), ends_at=T(12, 30)
    )
    cancelled = sessions[("garden", 6)]
    cancelled.cancelled = True
    cancelled.note = "instruktor chory"
    cancelled.save()
    return sessions


def test_days_hours_and_weeks_of_the_month(unit_a, march, django_assert_num_queries):
    with django_assert_num_queries(2):
        programme = build_monthly_programme(unit=unit_a, month=D(2026, 3, 15))
    assert programme.month == D(2026, 3, 1)
    # Working days of March 2026 (22) and the Saturday with a session.
    assert len(programme.days) == 23
    saturday = next(day for day in programme.days if day.date == D(2026, 3, 7))
    assert saturday.is_weekend
    assert [s.activity.name for s in saturday.sessions] == ["Trening umiejętności"]
    monday = programme.days[0]
    assert monday.date == D(2026, 3, 2)
    assert [s.activity.name for s in monday.sessions] == ["Gastronomia", "Ogrodnictwo"]
    # 8-14 and 9-15 overlap: the centre runs activities 8-15.
    assert monday.hours == Decimal("7.00")
    friday = programme.days[4]
    assert friday.hours == Decimal("6.00")  # the garden's session is cancelled
    assert programme.session_count == 11
    assert [
        (a.activity.name, a.sessions, a.cancelled, a.hours)
        for a in programme.activities
    ] == [
        ("Gastronomia", 5, 0, Decimal("30.00")),
        ("Ogrodnictwo", 4, 1, Decimal("24.00")),
        ("Trening umiejętności", 1, 0, Decimal("2.50")),
    ]
    # Weeks from Monday to Sunday, cut at the month's edges: March 2026
    # begins on a Sunday.
    assert [(w.first, w.last, w.hours) for w in programme.weeks[:3]] == [
        (D(2026, 3, 1), D(2026, 3, 1), Decimal("0.00")),
        (D(2026, 3, 2), D(2026, 3, 8), Decimal("36.50")),
        (D(2026, 3, 9), D(2026, 3, 15), Decimal("0.00")),
    ]
    assert programme.weeks[-1].last == D(2026, 3, 31)
    assert programme.adopted is None


def test_adopt_then_a_change_shows_and_adopting_again_records_it(
    unit_a, manager_a, march
):
    record = monthly_programme_adopt(
        actor=manager_a, unit=unit_a, month=D(2026, 3, 1), note="Plan na marzec."
    )
    assert (record.sessions, record.adopted_by, record.note) == (
        11,
        manager_a,
        "Plan na marzec.",
    )
    programme = build_monthly_programme(unit=unit_a, month=D(2026, 3, 1))
    assert programme.adopted is not None
    assert not programme.changed_since_adopted
    with pytest.raises(ValidationError) as error:
        monthly_programme_adopt(actor=manager_a, unit=unit_a, month=D(2026, 3, 1))
    assert error.value.code == "unchanged"
    session = march[("kitchen", 3)]
    session.ends_at = T(13)
    session.save()
    assert build_monthly_programme(
        unit=unit_a, month=D(2026, 3, 1)
    ).changed_since_adopted
    again = monthly_programme_adopt(actor=manager_a, unit=unit_a, month=D(2026, 3, 1))
    assert again.pk == record.pk
    assert MonthlyProgramme.objects.count() == 1
    assert again.history.count() == 2


def test_only_a_manager_adopts_and_only_a_month_with_sessions(
    unit_a, staff_a, manager_a, march
):
    with pytest.raises(PermissionDenied):
        monthly_programme_adopt(actor=staff_a, unit=unit_a, month=D(2026, 3, 1))
    with pytest.raises(ValidationError) as error:
        monthly_programme_adopt(actor=manager_a, unit=unit_a, month=D(2026, 4, 1))
    assert error.value.code == "no_sessions"
    assert not MonthlyProgramme.objects.exists()


def test_the_page_for_staff_and_for_the_manager(
    client_for, unit_a, staff_a, manager_a, march
):
    query = {"month": "2026-03"}
    staff = client_for(staff_a).get(PAGE, query)
    assert staff.status_code == 200
    body = staff.content.decode()
    assert "Miesięczny program zajęć" in body
    assert "Gastronomia" in body
    assert "instruktor chory" in body
    assert "Ten program nie został jeszcze zatwierdzony." in body
    assert staff.context["adopt_form"] is None
    assert 'method="post"' not in body.split("<main")[1]
    # Staff cannot adopt.
    refused = client_for(staff_a).post(PAGE, {"unit": unit_a.pk, "month": "2026-03"})
    assert refused.status_code == 404

    manager = client_for(manager_a)
    response = manager.get(PAGE, query)
    assert response.context["adopt_form"] is not None
    unit_id = march["group"].activity.unit_id
    response = manager.post(
        PAGE, {"unit": unit_id, "month": "2026-03", "note": "Zatwierdzam."}
    )
    assert response.status_code == 302
    assert response.url == f"{PAGE}?unit={unit_id}&month=2026-03"
    body = manager.get(response.url).content.decode()
    assert "Zatwierdzono" in body
    assert "Zatwierdzam." in body
    # Nothing changed: adopting again is refused with the reason.
    response = manager.post(PAGE, {"unit": unit_id, "month": "2026-03"})
    assert response.status_code == 400
    assert "nie zmienił się" in response.content.decode()
    # A month without sessions: the empty state, and no adoption.
    response = manager.get(PAGE, {"month": "2026-05"})
    assert "W tym miesiącu nie ma zajęć." in response.content.decode()
    assert manager.post(PAGE, {"unit": unit_id, "month": "2026-05"}).status_code == 400
    assert manager.post(PAGE, {"unit": unit_id, "month": "marzec"}).status_code == 400


def test_a_bad_month_is_a_form_error(client_for, staff_a):
    response = client_for(staff_a).get(PAGE, {"month": "2026-13"})
    assert response.status_code == 400
    assert response.context["programme"] is None


def test_the_printed_programme(
    client_for, unit_a, manager_a, march, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    client = client_for(manager_a)
    response = client.get(PDF, {"month": "2026-03"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    pdf = b"".join(response.streaming_content)
    assert pdf.startswith(b"%PDF")
    draft_name = programme_pdf_name(
        build_monthly_programme(unit=unit_a, month=D(2026, 3, 1))
    )
    monthly_programme_adopt(actor=manager_a, unit=unit_a, month=D(2026, 3, 1))
    adopted_name = programme_pdf_name(
        build_monthly_programme(unit=unit_a, month=D(2026, 3, 1))
    )
    assert adopted_name != draft_name
    assert client.get(PDF, {"month": "2026-03"}).status_code == 200


def test_hours_are_rounded_once(unit_a):
    """Five sessions of 20 minutes are 1,67 hours, not 5 × 0,33."""
    talk = ActivityFactory(
        unit=unit_a, name="Rozmowa", kind="social", is_workshop=False
    )
    for day in (2, 3, 4, 5, 6):
        SessionFactory(
            activity=talk, date=D(2026, 3, day), starts_at=T(9), ends_at=T(9, 20)
        )
    programme = build_monthly_programme(unit=unit_a, month=D(2026, 3, 1))
    assert programme.activities[0].hours == Decimal("1.67")
    assert programme.weeks[1].hours == Decimal("1.67")
