"""What the programmes hold about a person in the export of everything held
(GDPR art. 15) and in the anonymisation: enrolments, the attendance register,
the allowances and supported employment."""

from __future__ import annotations

import datetime
import json
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from django.utils import timezone, translation

from participants.constants import ParticipationState
from participants.pdf_privacy import TEMPLATE, data_export_context
from participants.services import participant_anonymise, participant_data
from programs.constants import AttendanceStatus
from programs.models import (
    AttendanceEntry,
    MonthlyAllowance,
    SupportedEmployment,
    SupportedEmploymentRefund,
)
from programs.services.supported import (
    supported_employment_update,
    supported_refund_record,
    supported_refund_void,
)
from programs.tests.factories import (
    ActivityFactory,
    EnrolmentFactory,
    ParticipationFactory,
    SupportedEmploymentFactory,
    approve_month,
)
from units.tests.factories import UnitFactory

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def held(unit_a, staff_a):
    """A centre's former participant with a bit of everything the programmes
    hold: an enrolment, two days of attendance (one with a note), an
    approved month's allowance and a job with an employer."""
    participation = ParticipationFactory.for_unit(
        unit_a,
        admitted_on=D(2025, 9, 1),
        state=ParticipationState.EXITED,
        exited_on=D(2025, 10, 31),
        exit_reason="employment",
    )
    EnrolmentFactory(
        activity=ActivityFactory(unit=unit_a, name="Warsztat gastronomiczny"),
        participation=participation,
        starts_on=D(2025, 9, 1),
        ends_on=D(2025, 10, 31),
    )
    AttendanceEntry.objects.create(
        participation=participation,
        date=D(2025, 10, 1),
        status=AttendanceStatus.PRESENT,
        updated_by=staff_a,
    )
    entry = AttendanceEntry.objects.create(
        participation=participation,
        date=D(2025, 10, 2),
        status=AttendanceStatus.SICK_CERTIFIED,
        note="Zwolnienie do 3 października.",
        updated_by=staff_a,
    )
    entry.note = "Zwolnienie lekarskie do 3 października."
    entry.save()  # a second history row with the earlier words
    MonthlyAllowance.objects.create(
        allowance_month=approve_month(unit_a, D(2025, 10, 1)),
        participation=participation,
        benefit_rate=Decimal("1721.90"),
        base_amount=Decimal("2066.28"),
        deductions=Decimal("51.66"),
        amount=Decimal("2014.62"),
    )
    job = SupportedEmploymentFactory(
        participation=participation,
        employer_name="Piekarnia Kłos sp. z o.o.",
        employer_nip="5260250274",
        starts_on=D(2025, 11, 3),
        support="Opiekun w pierwszym miesiącu.",
        refund_monthly=Decimal("1200.00"),
        refund_basis="art. 16, umowa z PUP nr 7/2025",
    )
    SupportedEmploymentRefund.objects.create(
        employment=job, month=1, amount=Decimal("1100.00")
    )
    SupportedEmploymentRefund.objects.create(
        employment=job,
        month=2,
        amount=Decimal("5.00"),
        voided_at=timezone.now(),
        void_reason="Pomyłka Anny Nowak.",
    )
    return participation


def test_the_export_holds_enrolments_attendance_allowances_and_support(held):
    data = participant_data(held.participant)
    json.dumps(data)  # amounts are strings, so the JSON file can be written
    [stint] = data["participations"]
    [enrolment] = stint["enrolments"]
    assert (enrolment["activity"], enrolment["starts_on"], enrolment["ends_on"]) == (
        "Warsztat gastronomiczny",
        "2025-09-01",
        "2025-10-31",
    )
    assert [
        (row["date"], row["status"], row["note"]) for row in stint["attendance"]
    ] == [
        ("2025-10-01", "present", ""),
        ("2025-10-02", "sick_certified", "Zwolnienie lekarskie do 3 października."),
    ]
    assert "version" not in stint["attendance"][0]
    [allowance] = stint["allowances"]
    assert (allowance["amount"], allowance["deductions"]) == ("2014.62", "51.66")
    assert [
        (row["month"], row["amount"], row["void_reason"])
        for row in stint["supported_employment_refunds"]
    ] == [(1, "1100.00", ""), (2, "5.00", "Pomyłka Anny Nowak.")]
    [job] = stint["supported_employment"]
    assert (job["employer_name"], job["support"], job["refund_monthly"]) == (
        "Piekarnia Kłos sp. z o.o.",
        "Opiekun w pierwszym miesiącu.",
        "1200.00",
    )


def test_the_json_download_holds_the_amounts(client_for, manager_a, held):
    response = client_for(manager_a).get(
        f"/participants/{held.participant_id}/data.json"
    )
    assert response.status_code == 200
    [stint] = response.json()["participations"]
    assert stint["allowances"][0]["amount"] == "2014.62"


def test_the_pdf_lays_the_sections_out_as_tables(held):
    with translation.override("pl"):
        context = data_export_context(held.participant)
        html = render_to_string(TEMPLATE, context)
        sick = str(AttendanceStatus.SICK_CERTIFIED.label)
    [stint] = context["participations"]
    tables = {table.title: table for table in stint["tables"]}
    attendance = tables["Lista obecności"]
    assert attendance.rows == [
        ["01.10.2025", "obecny", "—"],
        ["02.10.2025", sick, "Zwolnienie lekarskie do 3 października."],
    ]
    allowance = tables["Świadczenie integracyjne (art. 15 i 15a ustawy)"]
    assert allowance.rows[0][1:] == ["2066,28", "51,66", "0,00", "2014,62"]
    job = tables["Zatrudnienie wspierane"]
    assert "Piekarnia Kłos sp. z o.o." in job.rows[0]
    assert "Zajęcia, na które osoba była zapisana" in html
    assert "Warsztat gastronomiczny" in html


def test_a_clubs_participation_has_no_allowance_section(staff_a):
    club = UnitFactory(kind="KIS", name="KIS E")
    participation = ParticipationFactory.for_unit(club)
    [stint] = participant_data(participation.participant)["participations"]
    assert "allowances" not in stint
    assert stint["attendance"] == []
    with translation.override("pl"):
        [shown] = data_export_context(participation.participant)["participations"]
    empty = {table.title: table.rows for table in shown["tables"]}
    assert empty["Lista obecności"] == []
    assert "Świadczenie integracyjne (art. 15 i 15a ustawy)" not in empty


def test_anonymisation_erases_the_words_and_keeps_days_and_amounts(held, manager_a):
    participant_anonymise(actor=manager_a, participant=held.participant)
    assert list(
        AttendanceEntry.objects.filter(participation=held).values_list(
            "date", "status", "note"
        )
    ) == [
        (D(2025, 10, 1), AttendanceStatus.PRESENT, ""),
        (D(2025, 10, 2), AttendanceStatus.SICK_CERTIFIED, ""),
    ]
    assert not AttendanceEntry.history.filter(participation_id=held.pk).exists()
    job = SupportedEmployment.objects.get(participation=held)
    assert (
        job.employer_name,
        job.employer_nip,
        job.support,
        job.refund_basis,
        job.starts_on,
        job.refund_monthly,
    ) == ("", "", "", "", D(2025, 11, 3), Decimal("1200.00"))
    assert not SupportedEmployment.history.filter(participation_id=held.pk).exists()
    assert list(
        SupportedEmploymentRefund.objects.order_by("month").values_list(
            "month", "amount", "void_reason"
        )
    ) == [(1, Decimal("1100.00"), ""), (2, Decimal("5.00"), "—")]
    assert not SupportedEmploymentRefund.history.exists()
    assert MonthlyAllowance.objects.get(participation=held).amount == Decimal("2014.62")


def test_the_export_reads_the_refunds_in_a_constant_number_of_queries(
    held, django_assert_max_num_queries
):
    from django.db import connection  # noqa: PLC0415
    from django.test.utils import CaptureQueriesContext  # noqa: PLC0415

    with CaptureQueriesContext(connection) as few:
        participant_data(held.participant)
    job = SupportedEmployment.objects.get(participation=held)
    for month in range(3, 13):
        SupportedEmploymentRefund.objects.create(
            employment=job, month=month, amount=Decimal("10.00")
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        data = participant_data(held.participant)
    assert len(data["participations"][0]["supported_employment_refunds"]) == 12


def test_the_pdf_shows_the_refunds_with_the_reason_of_a_voided_one(held):
    with translation.override("pl"):
        [stint] = data_export_context(held.participant)["participations"]
    tables = {table.title: table for table in stint["tables"]}
    refunds = tables["Refundacja pracodawcy w zatrudnieniu wspieranym (art. 16 ustawy)"]
    assert [row[1:3] for row in refunds.rows] == [["1", "1100,00"], ["2", "5,00"]]
    assert refunds.rows[0][0].endswith(", 03.11.2025")  # the employment, by its start
    assert refunds.rows[1][-1] == "Pomyłka Anny Nowak."
    job = tables["Zatrudnienie wspierane"]
    assert "art. 16, umowa z PUP nr 7/2025" in job.rows[0]


def test_an_anonymised_record_takes_no_supported_employment(held, manager_a, staff_a):
    participant_anonymise(actor=manager_a, participant=held.participant)
    job = SupportedEmployment.objects.get(participation=held)
    for attempt in (
        lambda: supported_refund_record(
            actor=staff_a, record=job, month=3, amount=Decimal(1)
        ),
        lambda: supported_refund_void(
            actor=staff_a,
            refund=SupportedEmploymentRefund.objects.get(month=1),
            reason="Pomyłka.",
        ),
    ):
        with pytest.raises(ValidationError) as caught:
            attempt()
        assert caught.value.error_list[0].code == "anonymised"
    with pytest.raises(ValidationError) as caught:
        supported_employment_update(
            actor=staff_a, record=job, employer_name="Nowa Firma"
        )
    assert caught.value.error_list[0].code == "anonymised"
    job.refresh_from_db()
    assert job.employer_name == ""
