"""The attendance register: working days, the grid, saving a day (versions,
locked months, other units), the row form without JavaScript, the counts for
the allowance, the printed list and the number of queries."""

import datetime
import io
import re

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation
from pypdf import PdfReader

from participants.constants import AccessAction
from participants.models import AccessLog
from programs.models import AttendanceEntry
from programs.pdf import render_attendance_pdf
from programs.selectors import (
    attendance_counts,
    attendance_days,
    build_attendance_grid,
    working_days,
)
from programs.services.attendance import (
    CellChange,
    attendance_bulk_fill,
    attendance_save_cells,
    attendance_set,
)
from programs.tests.factories import (
    ActivityFactory,
    EnrolmentFactory,
    ParticipationFactory,
    SessionFactory,
    approve_month,
    fill_month,
)

pytestmark = pytest.mark.django_db
D = datetime.date
MARCH = D(2026, 3, 1)
GRID = "/programs/attendance/"
CELL = "/programs/attendance/cell/"


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def person(unit_a):
    return ParticipationFactory.for_unit(
        unit_a,
        participant__first_name="Anna",
        participant__last_name="Kowalska",
        admitted_on=D(2026, 3, 4),
    )


def codes(error: ValidationError) -> set[str]:
    return {e.code for e in error.error_list}


# --- working days and the grid --------------------------------------------------


def test_working_days_skip_weekends_and_holidays_but_not_session_days():
    march = [day.date for day in working_days(month=MARCH)]
    assert len(march) == 22
    assert march[0] == D(2026, 3, 2)
    assert march[-1] == D(2026, 3, 31)
    april = [day.date for day in working_days(month=D(2026, 4, 1))]
    assert len(april) == 21
    assert D(2026, 4, 6) not in april  # Easter Monday
    november = working_days(month=D(2026, 11, 1), session_days=[D(2026, 11, 11)])
    assert len(november) == 21
    holiday = next(day for day in november if day.date == D(2026, 11, 11))
    assert holiday.is_holiday is True


def test_grid_has_a_row_per_participant_and_marks_days_outside_the_programme(
    unit_a, person
):
    # Out of the grid: exited before March, referred, another unit's.
    ParticipationFactory.for_unit(
        unit_a, state="exited", exited_on=D(2026, 2, 27), exit_reason="other"
    )
    ParticipationFactory.for_unit(
        unit_a, state="referred", admitted_on=None, trial_ends_on=None
    )
    ParticipationFactory()
    leaver = ParticipationFactory.for_unit(
        unit_a,
        participant__last_name="Zając",
        state="exited",
        exited_on=D(2026, 3, 10),
        exit_reason="employment",
    )
    SessionFactory(activity=ActivityFactory(unit=unit_a), date=D(2026, 3, 7))
    attendance_set(
        actor=None, participation=person, day=D(2026, 3, 4), status="present", version=0
    )
    grid = build_attendance_grid(unit=unit_a, month=D(2026, 3, 15))
    assert grid.month == MARCH
    assert len(grid.days) == 23  # 22 working days and the Saturday session
    assert [row.participation for row in grid.rows] == [person, leaver]
    row = grid.rows[0]
    assert [cell.in_programme for cell in row.cells[:4]] == [False, False, True, True]
    assert (row.cells[2].status, row.cells[2].version) == ("present", 1)
    assert row.counts["present"] == 1
    assert row.cells[2].label == "Kowalska Anna, 04.03.2026"
    leaver_days = [cell.date for cell in grid.rows[1].cells if cell.in_programme]
    assert leaver_days[-1] == D(2026, 3, 10)


def test_workshop_grid_shows_only_its_enrolled(unit_a, person):
    workshop = ActivityFactory(unit=unit_a)
    other = ParticipationFactory.for_unit(unit_a)
    EnrolmentFactory(activity=workshop, participation=person, starts_on=D(2026, 3, 4))
    EnrolmentFactory(
        activity=workshop,
        participation=other,
        starts_on=D(2025, 9, 1),
        ends_on=D(2026, 2, 27),
    )
    grid = build_attendance_grid(unit=unit_a, month=MARCH, activity=workshop)
    assert [row.participation for row in grid.rows] == [person]


# --- saving a day ---------------------------------------------------------------


def test_save_creates_then_changes_with_the_version(person, staff_a):
    entry = attendance_set(
        actor=staff_a,
        participation=person,
        day=D(2026, 3, 5),
        status="present",
        version=0,
    )
    assert (entry.version, entry.updated_by) == (1, staff_a)
    entry = attendance_set(
        actor=staff_a,
        participation=person,
        day=D(2026, 3, 5),
        status="sick_certified",
        version=1,
    )
    assert (entry.status, entry.version) == ("sick_certified", 2)
    assert entry.history.count() == 2
    assert (
        attendance_set(
            actor=staff_a, participation=person, day=D(2026, 3, 5), status="", version=2
        )
        is None
    )
    assert not AttendanceEntry.objects.exists()


def test_a_stale_save_is_refused_with_the_current_value_and_who_changed_it(
    person, staff_a, manager_a
):
    attendance_set(
        actor=staff_a,
        participation=person,
        day=D(2026, 3, 5),
        status="present",
        version=0,
    )
    # The manager read version 1 too, but staff changed it first.
    attendance_set(
        actor=staff_a,
        participation=person,
        day=D(2026, 3, 5),
        status="unexcused",
        version=1,
    )
    with pytest.raises(ValidationError) as error, translation.override("en"):
        attendance_set(
            actor=manager_a,
            participation=person,
            day=D(2026, 3, 5),
            status="day_off",
            version=1,
        )
    assert codes(error.value) == {"stale"}
    with translation.override("en"):
        message = error.value.messages[0]
    assert message.startswith(
        "Someone else has meanwhile changed this day: it now reads "
        f"“unexcused absence” (changed by {staff_a.full_name} on "
    )
    assert AttendanceEntry.objects.get().status == "unexcused"
    # A day created meanwhile by someone else (the save read it empty).
    attendance_set(
        actor=staff_a,
        participation=person,
        day=D(2026, 3, 6),
        status="present",
        version=0,
    )
    with pytest.raises(ValidationError) as error:
        attendance_set(
            actor=manager_a,
            participation=person,
            day=D(2026, 3, 6),
            status="excused",
            version=0,
        )
    assert codes(error.value) == {"stale"}


def test_a_locked_month_and_a_day_outside_the_programme_are_refused(
    unit_a, person, staff_a
):
    with pytest.raises(ValidationError) as error:
        attendance_set(
            actor=staff_a,
            participation=person,
            day=D(2026, 3, 3),
            status="present",
            version=0,
        )
    assert codes(error.value) == {"not_in_programme"}
    approve_month(unit_a, MARCH)
    with pytest.raises(ValidationError) as error:
        attendance_set(
            actor=staff_a,
            participation=person,
            day=D(2026, 3, 5),
            status="present",
            version=0,
        )
    assert codes(error.value) == {"month_locked"}
    assert not AttendanceEntry.objects.exists()
    # April is not locked.
    attendance_set(
        actor=staff_a,
        participation=person,
        day=D(2026, 4, 1),
        status="present",
        version=0,
    )


def test_partial_saves_keep_the_days_that_could_be_saved(person, staff_a):
    attendance_set(
        actor=staff_a,
        participation=person,
        day=D(2026, 3, 5),
        status="present",
        version=0,
    )
    results = attendance_save_cells(
        actor=staff_a,
        participation=person,
        changes=[
            CellChange(D(2026, 3, 4), "present", 0),
            CellChange(D(2026, 3, 5), "unexcused", 0),  # stale: version 1 exists
            CellChange(D(2026, 3, 6), "day_off", 0),
        ],
    )
    assert [codes(r.error) if r.error else None for r in results] == [
        None,
        {"stale"},
        None,
    ]
    assert dict(AttendanceEntry.objects.values_list("date", "status")) == {
        D(2026, 3, 4): "present",
        D(2026, 3, 5): "present",
        D(2026, 3, 6): "day_off",
    }


def test_bulk_fill_skips_what_is_there_and_locked_months(unit_a, person, staff_a):
    approve_month(unit_a, D(2026, 4, 1))
    rows = [
        (person.pk, D(2026, 3, 4), "present"),
        (person.pk, D(2026, 3, 5), "sick_uncertified"),
        (person.pk, D(2026, 4, 1), "present"),
    ]
    assert attendance_bulk_fill(actor=staff_a, unit_id=unit_a.pk, days=rows) == 2
    assert attendance_bulk_fill(actor=staff_a, unit_id=unit_a.pk, days=rows) == 0
    assert AttendanceEntry.objects.count() == 2


# --- the selectors the allowance uses ----------------------------------------------


def test_attendance_counts_and_days(unit_a, unit_b, person):
    fill_month(
        person,
        MARCH,
        days={
            D(2026, 3, 9): "sick_certified",
            D(2026, 3, 10): "sick_certified",
            D(2026, 3, 11): "unexcused",
            D(2026, 3, 12): "day_off",
        },
    )
    fill_month(ParticipationFactory.for_unit(unit_b), MARCH)
    counts = attendance_counts(unit=unit_a, month=D(2026, 3, 20))
    assert counts == {
        person.pk: {
            "present": 16,
            "sick_certified": 2,
            "sick_uncertified": 0,
            "excused": 0,
            "unexcused": 1,
            "day_off": 1,
        }
    }
    days = attendance_days(participation_ids=[person.pk], month=MARCH)
    assert len(days[person.pk]) == 20
    assert days[person.pk][D(2026, 3, 11)] == "unexcused"
    assert attendance_days(participation_ids=[person.pk], month=D(2026, 4, 1)) == {}


def test_attendance_counts_is_one_query(unit_a, django_assert_num_queries):
    for _n in range(5):
        fill_month(ParticipationFactory.for_unit(unit_a), MARCH)
    with django_assert_num_queries(1):
        counts = attendance_counts(unit=unit_a, month=MARCH)
    assert len(counts) == 5


# --- the grid page ------------------------------------------------------------------


def test_grid_page_is_keyboard_ready_and_logged(client_for, staff_a, unit_a, person):
    fill_month(person, MARCH)
    response = client_for(staff_a).get(GRID, {"month": "2026-03"})
    assert response.status_code == 200
    content = response.content.decode()
    # One input per day in the programme, labelled with the person and date.
    inputs = re.findall(r'<input type="text" class="[^"]*att-cell[^"]*"[^>]*>', content)
    assert len(inputs) == 20
    assert 'aria-label="Kowalska Anna, 04.03.2026"' in inputs[0]
    assert 'value="O"' in inputs[0]
    assert 'maxlength="1"' in inputs[0]
    assert 'data-row="0" data-col="2"' in inputs[0]
    assert f'form="row-{person.pk}"' in inputs[0]
    assert 'hx-post="/programs/attendance/cell/"' in inputs[0]
    # 22 working days, then the six counts of the legend.
    assert content.count('<th scope="col" class="text-center') == 22 + 6
    assert "/static/js/attendance.js" in content
    assert "<script>" not in content
    log = AccessLog.objects.get(what="attendance register 2026-03")
    assert (log.unit, log.action, log.user) == (unit_a, AccessAction.VIEW, staff_a)


def test_grid_page_of_a_locked_month_is_read_only(client_for, staff_a, unit_a, person):
    fill_month(person, MARCH)
    approve_month(unit_a, MARCH)
    response = client_for(staff_a).get(GRID, {"month": "2026-03"})
    content = response.content.decode()
    assert "att-cell" not in content
    assert '<form id="row-' not in content
    assert response.context["grid"].is_locked


def test_grid_page_refuses_another_units_register(client_for, staff_a, unit_b):
    response = client_for(staff_a).get(GRID, {"unit": unit_b.pk})
    assert response.status_code == 400
    assert "unit" in response.context["form"].errors
    response = client_for(staff_a).get(GRID, {"month": "marzec"})
    assert response.status_code == 400


def test_grid_query_count_is_constant_for_sixty_participants(
    client_for, staff_a, unit_a, django_assert_max_num_queries
):
    for _n in range(60):
        fill_month(ParticipationFactory.for_unit(unit_a), MARCH)
    workshop = ActivityFactory(unit=unit_a)
    SessionFactory(activity=workshop, date=D(2026, 3, 7))
    client = client_for(staff_a)
    with django_assert_max_num_queries(14):
        response = client.get(GRID, {"month": "2026-03"})
    grid = response.context["grid"]
    assert len(grid.rows) == 60
    assert len(grid.days) == 23


# --- saving from the page -------------------------------------------------------------


def cell_post(client, person, day, letter, version):
    stamp = f"{day:%Y%m%d}"
    return client.post(
        CELL,
        {
            "participation": person.pk,
            "date": day.isoformat(),
            "row": 0,
            "col": 3,
            f"d-{stamp}": letter,
            f"v-{stamp}": f"{version}:",
        },
        HTTP_HX_REQUEST="true",
    )


def test_cell_save_answers_with_the_new_cell(client_for, staff_a, person):
    response = cell_post(client_for(staff_a), person, D(2026, 3, 5), "c", 0)
    assert response.status_code == 200
    content = response.content.decode()
    assert 'value="C"' in content
    assert f'name="v-20260305" form="row-{person.pk}" value="1:C"' in content
    assert 'hx-swap-oob="true"' in content
    assert AttendanceEntry.objects.get().status == "sick_certified"
    assert AccessLog.objects.filter(
        participant=person.participant, action=AccessAction.EDIT
    ).exists()


def test_cell_save_of_a_stale_day_shows_the_current_value(
    client_for, staff_a, manager_a, person, settings
):
    attendance_set(
        actor=manager_a,
        participation=person,
        day=D(2026, 3, 5),
        status="day_off",
        version=0,
    )
    client = client_for(staff_a)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = cell_post(client, person, D(2026, 3, 5), "O", 0)
    content = response.content.decode()
    assert response.status_code == 200
    assert 'value="W"' in content  # the current value, with its version
    assert 'value="1:W"' in content
    assert "is-invalid" in content
    assert "it now reads “day off”" in content
    assert AttendanceEntry.objects.get().status == "day_off"


def test_cell_save_in_a_locked_month_and_a_bad_letter(
    client_for, staff_a, unit_a, person
):
    client = client_for(staff_a)
    response = cell_post(client, person, D(2026, 3, 5), "X", 0)
    assert "is-invalid" in response.content.decode()
    approve_month(unit_a, MARCH)
    response = cell_post(client, person, D(2026, 3, 5), "O", 0)
    content = response.content.decode()
    assert "att-cell" not in content  # drawn read-only now
    assert "alert-danger" in content
    assert not AttendanceEntry.objects.exists()


def test_cell_of_another_units_participation_is_404(client_for, staff_b, person):
    response = cell_post(client_for(staff_b), person, D(2026, 3, 5), "O", 0)
    assert response.status_code == 404
    assert not AttendanceEntry.objects.exists()


def test_row_form_without_javascript_saves_the_changed_days(
    client_for, staff_a, manager_a, unit_a, person
):
    attendance_set(
        actor=staff_a,
        participation=person,
        day=D(2026, 3, 4),
        status="present",
        version=0,
    )
    attendance_set(
        actor=manager_a,
        participation=person,
        day=D(2026, 3, 6),
        status="day_off",
        version=0,
    )
    query = f"unit={unit_a.pk}&month=2026-03"
    response = client_for(staff_a).post(
        GRID,
        {
            "participation": person.pk,
            "back": query,
            "d-20260304": "o",  # unchanged
            "v-20260304": "1:O",
            "d-20260305": "N",  # new
            "v-20260305": "0:",
            "d-20260306": "U",  # the manager set it meanwhile: refused
            "v-20260306": "0:",
        },
    )
    assert response.status_code == 302
    assert response.url == f"/programs/attendance/?{query}"
    assert dict(AttendanceEntry.objects.values_list("date", "status")) == {
        D(2026, 3, 4): "present",
        D(2026, 3, 5): "unexcused",
        D(2026, 3, 6): "day_off",
    }
    assert AttendanceEntry.objects.get(date=D(2026, 3, 4)).version == 1


def test_row_form_with_an_unknown_letter_saves_nothing(client_for, staff_a, person):
    response = client_for(staff_a).post(
        GRID,
        {"participation": person.pk, "d-20260305": "Q", "v-20260305": "0:"},
    )
    assert response.status_code == 302
    assert not AttendanceEntry.objects.exists()


# --- the printed list -----------------------------------------------------------------


def pdf_text(content: bytes) -> tuple[str, int]:
    reader = PdfReader(io.BytesIO(content))
    text = " ".join(page.extract_text() for page in reader.pages)
    return " ".join(text.split()), len(reader.pages)


def test_pdf_lists_days_people_signatures_and_the_legend(unit_a, person):
    unit_a.name = "Centrum Integracji Społecznej „Źródło”"
    unit_a.save()
    fill_month(person, MARCH, days={D(2026, 3, 9): "sick_certified"})
    grid = build_attendance_grid(unit=unit_a, month=MARCH)
    text, pages = pdf_text(render_attendance_pdf(grid))
    assert pages == 1
    assert "Centrum Integracji Społecznej „Źródło”" in text
    assert "Lista obecności uczestników — marzec 2026" in text
    assert "Kowalska Anna" in text
    assert "Podpis uczestnika" in text
    assert "C — nieobecność z powodu choroby, ze zwolnieniem lekarskim (L4)" in text
    assert "Strona 1 z 1" in text
    assert "· · O O O" in text  # 2 and 3 March before the admission


def test_pdf_page_serves_the_list_and_logs_it(client_for, staff_a, unit_a, person):
    fill_month(person, MARCH)
    client = client_for(staff_a)
    url = f"/programs/attendance/pdf/?unit={unit_a.pk}&month=2026-03"
    response = client.get(url)  # the tests' task backend renders at once
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert AccessLog.objects.filter(
        unit=unit_a, action=AccessAction.DOCUMENT, what="attendance list PDF 2026-03"
    ).exists()
    # Under htmx the waiting page gets the link, not the file.
    response = client.get(url, HTTP_HX_REQUEST="true")
    assert b"%PDF" not in response.content
    assert url.replace("&", "&amp;") in response.content.decode()


def test_pdf_page_says_it_is_being_prepared_while_the_worker_has_not_run(
    client_for, staff_a, unit_a, person, settings
):
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}
    }
    client = client_for(staff_a)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    url = f"/programs/attendance/pdf/?unit={unit_a.pk}&month=2026-03"
    response = client.get(url)
    assert response.status_code == 202
    content = response.content.decode()
    assert "The attendance list is being prepared" in content
    assert 'hx-trigger="every 3s"' in content
    response = client.get(url, HTTP_HX_REQUEST="true")
    assert response.status_code == 202
    assert 'id="pdf-pending"' in response.content.decode()
