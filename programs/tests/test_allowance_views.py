"""The allowance pages through the client: the month's review, approval with
confirmation, bonus and reopening forms, the payroll list and refund request
downloads (logged), and the lists' query counts."""

import datetime
import io
from decimal import Decimal

import pytest
from django.utils import translation
from openpyxl import load_workbook

from accounts.tests.factories import MembershipFactory
from participants.constants import AccessAction
from participants.models import AccessLog
from programs.constants import AllowanceMonthState
from programs.models import AllowanceMonth
from programs.services.allowances import allowance_month_approve, allowance_month_open
from programs.tests.allowance_fixtures import attendance, participation

pytestmark = pytest.mark.django_db
D = datetime.date
MARCH = D(2026, 3, 1)


@pytest.fixture
def month(unit_a, manager_a):
    kowalska = participation(unit_a, last_name="Kowalska", first_name="Anna")
    nowak = participation(unit_a, last_name="Nowak", first_name="Jan")
    attendance(kowalska, MARCH, workdays=(2, 3))
    attendance(nowak, MARCH, {3: "unexcused", 4: "unexcused"}, workdays=(2,))
    return allowance_month_open(unit=unit_a, month=MARCH, actor=manager_a)


def test_review_page_shows_amounts_flags_and_the_attendance_link(
    client_for, staff_a, month
):
    response = client_for(staff_a).get(f"/programs/allowances/{month.pk}/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "Kowalska Anna" in body
    assert "2\u00a0066,28" in body
    assert "1\u00a0859,65" in body
    assert "3\u00a0925,93" in body  # the total
    assert f"/programs/attendance/?unit={month.unit_id}&amp;month=2026-03" in body
    # staff see no approval button
    assert f"/programs/allowances/{month.pk}/approve/" not in body


def test_manager_approves_with_confirmation(client_for, manager_a, month):
    client = client_for(manager_a)
    url = f"/programs/allowances/{month.pk}/approve/"
    assert client.get(url).status_code == 200
    refused = client.post(url, {})
    assert refused.status_code == 400
    assert refused.context["form"].errors["confirm"][0].startswith(
        "Zaznacz"
    ) or refused.context["form"].has_error("confirm", "required")
    response = client.post(url, {"confirm": "on"})
    assert response.status_code == 302
    month.refresh_from_db()
    assert month.state == AllowanceMonthState.APPROVED


def test_bonus_form_redisplays_the_refusal(client_for, manager_a, month):
    row = month.allowances.get(participation__participant__last_name="Nowak")
    url = f"/programs/allowances/entries/{row.pk}/bonus/"
    response = client_for(manager_a).post(url, {"bonus_percent": "150"})
    assert response.status_code == 400
    assert response.context["form"].has_error("bonus_percent", "bonus_over_max")
    response = client_for(manager_a).post(url, {"bonus_percent": "10"})
    assert response.status_code == 302
    row.refresh_from_db()
    assert row.bonus_amount == Decimal("206.63")  # 10% of 2066.28


def test_reopen_form_records_the_reason(client_for, manager_a, month):
    allowance_month_approve(allowance_month=month, actor=manager_a)
    client = client_for(manager_a)
    url = f"/programs/allowances/{month.pk}/reopen/"
    assert client.post(url, {"reason": ""}).status_code == 400
    assert client.post(url, {"reason": "Korekta listy obecności"}).status_code == 302
    page = client.get(f"/programs/allowances/{month.pk}/").content.decode()
    assert "Korekta listy obecności" in page


def test_recompute_of_an_approved_month_is_refused_with_a_message(
    client_for, staff_a, manager_a, month
):
    allowance_month_approve(allowance_month=month, actor=manager_a)
    with translation.override("en"):
        response = client_for(staff_a).post(
            f"/programs/allowances/{month.pk}/recompute/",
            follow=True,
            HTTP_ACCEPT_LANGUAGE="en",
        )
    assert response.status_code == 200
    assert AllowanceMonth.objects.get(pk=month.pk).state == AllowanceMonthState.APPROVED


def test_draft_documents_are_refused(client_for, staff_a, month):
    response = client_for(staff_a).get(f"/programs/allowances/{month.pk}/payroll.xlsx")
    assert response.status_code == 302
    assert response.url == f"/programs/allowances/{month.pk}/"


def test_payroll_xlsx_has_totals_and_number_formats(
    client_for, staff_a, manager_a, month
):
    allowance_month_approve(allowance_month=month, actor=manager_a)
    response = client_for(staff_a).get(f"/programs/allowances/{month.pk}/payroll.xlsx")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet["B2"].value == "Nazwisko i imię"
    assert [sheet.cell(row=3, column=2).value, sheet.cell(row=4, column=2).value] == [
        "Kowalska Anna",
        "Nowak Jan",
    ]
    assert sheet.cell(row=3, column=13).value == 2066.28
    assert sheet.cell(row=3, column=13).number_format == "#,##0.00"
    assert sheet.cell(row=5, column=1).value == "Razem"
    assert sheet.cell(row=5, column=13).value == pytest.approx(3925.93)
    assert (
        AccessLog.objects.filter(
            action=AccessAction.EXPORT, unit=month.unit, user=staff_a
        ).count()
        == 1
    )


def test_refund_xlsx_excludes_the_bonus(client_for, staff_a, manager_a, month):
    allowance_month_approve(allowance_month=month, actor=manager_a)
    response = client_for(staff_a).get(f"/programs/allowances/{month.pk}/refund.xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet.cell(row=2, column=8).value == "Razem do refundacji (zł)"
    # 2066.28 + 403.34 + 165.30
    assert sheet.cell(row=3, column=8).value == pytest.approx(2634.92)


def test_payroll_pdf_is_prepared_then_downloaded_and_logged(
    client_for, staff_a, manager_a, month, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    allowance_month_approve(allowance_month=month, actor=manager_a)
    client = client_for(staff_a)
    url = f"/programs/allowances/{month.pk}/payroll.pdf"
    first = client.get(url)
    assert first.status_code == 302  # queued (run at once in the tests)
    second = client.get(url)
    assert second.status_code == 200
    assert second["Content-Type"] == "application/pdf"
    assert b"".join(second.streaming_content).startswith(b"%PDF")
    assert (
        AccessLog.objects.filter(action=AccessAction.EXPORT, user=staff_a).count() == 1
    )


def test_kis_staff_see_no_centre_to_compute(client_for, unit_other):

    user = MembershipFactory(unit=unit_other, role="staff").user
    response = client_for(user).get("/programs/allowances/")
    assert response.status_code == 200
    assert response.context["has_centres"] is False
    refused = client_for(user).post(
        "/programs/allowances/open/", {"unit": unit_other.pk, "month": "2026-03"}
    )
    assert refused.status_code == 400
    assert refused.context["form"].has_error("unit")


def test_open_form_computes_and_redirects(client_for, staff_a, unit_a):
    participation(unit_a)
    response = client_for(staff_a).post(
        "/programs/allowances/open/", {"unit": unit_a.pk, "month": "2026-03"}
    )
    month = AllowanceMonth.objects.get(unit=unit_a, month=MARCH)
    assert response.status_code == 302
    assert response.url == f"/programs/allowances/{month.pk}/"
    bad = client_for(staff_a).post(
        "/programs/allowances/open/", {"unit": unit_a.pk, "month": "marzec"}
    )
    assert bad.status_code == 400


def test_month_list_query_count(
    client_for, staff_a, manager_a, unit_a, django_assert_max_num_queries
):
    participation(unit_a)
    for number in range(1, 13):
        allowance_month_open(unit=unit_a, month=D(2025, number, 1), actor=manager_a)
    client = client_for(staff_a)
    with django_assert_max_num_queries(12):
        response = client.get("/programs/allowances/")
    assert response.status_code == 200
    assert len(response.context["table"].page.object_list) == 12


def test_review_page_query_count(
    client_for, staff_a, manager_a, unit_a, django_assert_max_num_queries
):
    for _ in range(30):
        participation(unit_a)
    month = allowance_month_open(unit=unit_a, month=MARCH, actor=manager_a)
    client = client_for(staff_a)
    with django_assert_max_num_queries(12):
        response = client.get(f"/programs/allowances/{month.pk}/")
    assert len(response.context["rows"]) == 30


def test_benefit_rates_list(client_for, staff_a):
    response = client_for(staff_a).get("/programs/benefit-rates/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "1721.90" in body or "1721,90" in body
