"""The refunds an employer received for supported employment, month by
month (art. 16): each month against its own share of the benefit (the 2007
wording's 100/80/60% and the 2022 wording's 6 months at 100%), corrections,
voiding with a reason, and the limits they put on later edits."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from programs.models import SupportedEmploymentRefund
from programs.services.supported import (
    supported_employment_update,
    supported_refund_record,
    supported_refund_void,
)
from programs.tests.factories import ParticipationFactory, SupportedEmploymentFactory
from units.models import LegalRule

pytestmark = pytest.mark.django_db
D = datetime.date


def job(unit, starts_on, **kwargs):
    return SupportedEmploymentFactory(
        participation=ParticipationFactory.for_unit(
            unit,
            admitted_on=starts_on - datetime.timedelta(days=400),
            state="exited",
            exited_on=starts_on - datetime.timedelta(days=3),
            exit_reason="employment",
        ),
        starts_on=starts_on,
        **kwargs,
    )


def codes(error: ValidationError) -> dict[str, set[str]]:
    return {name: {e.code for e in errors} for name, errors in error.error_dict.items()}


def refused(**kwargs) -> dict[str, set[str]]:
    with pytest.raises(ValidationError) as caught:
        supported_refund_record(**kwargs)
    return codes(caught.value)


@pytest.mark.parametrize(
    ("month", "highest"),
    [
        # Employment from 1 March 2021 under the 2007 wording: 100% of the
        # benefit in months 1-3 (1200,00 zł until 31 May 2021), 80% in
        # months 4-6 and 60% in months 7-12 (of 1240,80 zł from 1 June 2021).
        (1, Decimal("1200.00")),
        (3, Decimal("1200.00")),
        (4, Decimal("992.64")),
        (7, Decimal("744.48")),
        (12, Decimal("744.48")),
    ],
)
def test_each_month_of_a_2021_agreement_has_its_own_highest_refund(
    unit_a, staff_a, month, highest
):
    record = job(unit_a, D(2021, 3, 1))
    refund = supported_refund_record(
        actor=staff_a, record=record, month=month, amount=highest
    )
    assert (refund.month, refund.amount, refund.recorded_by) == (
        month,
        highest,
        staff_a,
    )
    assert refused(
        actor=staff_a, record=record, month=month, amount=highest + Decimal("0.01")
    ) == {"amount": {"refund_above_limit"}}


def test_a_2026_agreement_covers_six_months_at_the_whole_benefit(unit_a, staff_a):
    record = job(unit_a, D(2026, 3, 2))
    # Month 4 begins on 2 June 2026, under the amount of 1 June 2026.
    refund = supported_refund_record(
        actor=staff_a,
        record=record,
        month=4,
        amount=Decimal("1783.90"),
        contributions=Decimal("348.22"),
    )
    assert refund.contributions == Decimal("348.22")
    assert refused(actor=staff_a, record=record, month=7, amount=Decimal(1)) == {
        "month": {"month_outside"}
    }
    assert refused(actor=staff_a, record=record, month=0, amount=Decimal(1)) == {
        "month": {"month_outside"}
    }


def test_a_month_not_begun_or_after_the_end_is_refused(unit_a, staff_a):
    today = timezone.localdate()
    record = job(unit_a, today - datetime.timedelta(days=10))
    assert refused(actor=staff_a, record=record, month=2, amount=Decimal(1)) == {
        "month": {"month_not_begun"}
    }
    ended = job(unit_a, D(2026, 3, 2), ends_on=D(2026, 4, 30))
    supported_refund_record(actor=staff_a, record=ended, month=2, amount=Decimal(1))
    assert refused(actor=staff_a, record=ended, month=3, amount=Decimal(1)) == {
        "month": {"month_after_end"}
    }


def test_recording_a_month_again_corrects_it_and_keeps_the_history(unit_a, staff_a):
    record = job(unit_a, D(2026, 3, 2))
    supported_refund_record(actor=staff_a, record=record, month=1, amount=Decimal(900))
    refund = supported_refund_record(
        actor=staff_a, record=record, month=1, amount=Decimal("950.005")
    )
    assert SupportedEmploymentRefund.objects.filter(employment=record).count() == 1
    assert refund.amount == Decimal("950.01")
    assert [row.amount for row in refund.history.order_by("history_date")] == [
        Decimal("900.00"),
        Decimal("950.01"),
    ]
    assert refund.history.first().history_user == staff_a


def test_only_an_employer_is_refunded(unit_a, staff_a):
    record = job(unit_a, D(2026, 3, 2), form="social_cooperative", employer_name="")
    with pytest.raises(ValidationError) as caught:
        supported_refund_record(
            actor=staff_a, record=record, month=1, amount=Decimal(1)
        )
    assert caught.value.error_list[0].code == "refund_not_employer"


def test_contributions_only_where_the_rule_refunds_them(unit_a, staff_a):
    rule = LegalRule.objects.filter(code="supported_employment_refund").latest(
        "valid_from"
    )
    LegalRule.objects.create(
        code="supported_employment_refund",
        valid_from=D(2026, 1, 1),
        value={**rule.value, "with_contributions": False},
        article=rule.article,
    )
    record = job(unit_a, D(2026, 3, 2))
    assert refused(
        actor=staff_a,
        record=record,
        month=1,
        amount=Decimal(100),
        contributions=Decimal(10),
    ) == {"contributions": {"contributions_not_refunded"}}


def test_voiding_needs_a_reason_and_the_month_can_be_recorded_anew(unit_a, staff_a):
    record = job(unit_a, D(2026, 3, 2))
    refund = supported_refund_record(
        actor=staff_a, record=record, month=2, amount=Decimal(500)
    )
    with pytest.raises(ValidationError) as caught:
        supported_refund_void(actor=staff_a, refund=refund, reason="  ")
    assert codes(caught.value) == {"reason": {"reason_required"}}
    voided = supported_refund_void(actor=staff_a, refund=refund, reason="Zły miesiąc.")
    assert (voided.voided_by, voided.void_reason) == (staff_a, "Zły miesiąc.")
    with pytest.raises(ValidationError) as caught:
        supported_refund_void(actor=staff_a, refund=voided, reason="Znowu.")
    assert caught.value.error_list[0].code == "already_voided"
    again = supported_refund_record(
        actor=staff_a, record=record, month=2, amount=Decimal(400)
    )
    assert again.pk != voided.pk
    assert SupportedEmploymentRefund.objects.filter(employment=record).count() == 2
    # A voided month no longer holds the edits of the employment back.
    supported_refund_void(actor=staff_a, refund=again, reason="Jednak nie.")
    record = supported_employment_update(
        actor=staff_a, record=record, starts_on=D(2026, 3, 9)
    )
    assert record.starts_on == D(2026, 3, 9)


def test_recorded_refunds_hold_the_form_the_start_and_the_months(unit_a, staff_a):
    record = job(unit_a, D(2026, 3, 2))
    supported_refund_record(actor=staff_a, record=record, month=3, amount=Decimal(1))
    for change, field in (
        ({"starts_on": D(2026, 3, 9)}, "starts_on"),
        ({"form": "social_cooperative", "refund_monthly": None}, "form"),
    ):
        with pytest.raises(ValidationError) as caught:
            supported_employment_update(actor=staff_a, record=record, **change)
        assert "refunds_recorded" in codes(caught.value)[field]
    with pytest.raises(ValidationError) as caught:
        supported_employment_update(
            actor=staff_a, record=record, ends_on=D(2026, 4, 30)
        )
    assert codes(caught.value) == {"ends_on": {"refunds_after_end"}}
    # Ending after the last refunded month began is fine.
    record = supported_employment_update(
        actor=staff_a, record=record, ends_on=D(2026, 5, 15)
    )
    assert record.ends_on == D(2026, 5, 15)


# --- the pages ----------------------------------------------------------------


def test_the_page_lists_the_months_and_records_one(client_for, unit_a, staff_a):
    record = job(unit_a, D(2021, 3, 1), employer_name="Piekarnia Kłos")
    client = client_for(staff_a)
    client.cookies["django_language"] = "en"
    url = f"/programs/supported-employment/{record.pk}/refunds/"
    page = client.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert "01.03.2021 – 31.03.2021" in html
    assert "992.64" in html.replace("\xa0", "").replace(",", ".")
    assert page.context["form"]["month"].initial == 1
    response = client.post(url, {"month": "4", "amount": "993", "contributions": ""})
    assert response.status_code == 400
    assert "In month 4 the refund cannot exceed" in response.content.decode()
    assert not SupportedEmploymentRefund.objects.exists()
    response = client.post(url, {"month": "4", "amount": "992.64"})
    assert response.status_code == 302
    refund = SupportedEmploymentRefund.objects.get()
    assert (refund.month, refund.amount, refund.contributions) == (
        4,
        Decimal("992.64"),
        Decimal(0),
    )
    page = client.get(url)
    assert page.context["total_amount"] == Decimal("992.64")
    assert "/refunds/4/void/" in page.content.decode()


def test_voiding_asks_first(client_for, unit_a, staff_a):
    record = job(unit_a, D(2026, 3, 2))
    supported_refund_record(actor=staff_a, record=record, month=1, amount=Decimal(5))
    client = client_for(staff_a)
    url = f"/programs/supported-employment/{record.pk}/refunds/1/void/"
    assert client.get(url).status_code == 200
    assert client.post(url, {"reason": ""}).status_code == 400
    assert SupportedEmploymentRefund.objects.get().voided_at is None
    response = client.post(url, {"reason": "Wpisano omyłkowo."})
    assert response.status_code == 302
    assert response["Location"].endswith(f"/supported-employment/{record.pk}/refunds/")
    assert SupportedEmploymentRefund.objects.get().void_reason == "Wpisano omyłkowo."
    assert client.get(url).status_code == 404
    page = client.get(f"/programs/supported-employment/{record.pk}/refunds/")
    assert page.context["voided"][0].void_reason == "Wpisano omyłkowo."
    assert "Wpisano omyłkowo." in page.content.decode()


def test_a_social_cooperative_has_no_refund_form(client_for, unit_a, staff_a):
    record = job(unit_a, D(2026, 3, 2), form="social_cooperative", employer_name="")
    client = client_for(staff_a)
    client.cookies["django_language"] = "en"
    page = client.get(f"/programs/supported-employment/{record.pk}/refunds/")
    assert page.status_code == 200
    assert "this form of support has none" in page.content.decode()
    assert '<form method="post"' not in page.content.decode()


def test_a_month_without_a_benefit_rate_is_refused(unit_a, staff_a):
    """Before the first amount the system holds (1 June 2018) the highest
    refund is not known: the entry waits for the administrator's rate."""
    record = job(unit_a, D(2017, 3, 1))
    assert refused(actor=staff_a, record=record, month=1, amount=Decimal(1)) == {
        "amount": {"no_benefit_rate"}
    }


def test_the_form_offers_only_the_months_of_the_employment(client_for, unit_a, staff_a):
    record = job(unit_a, D(2026, 3, 2), ends_on=D(2026, 4, 30))
    page = client_for(staff_a).get(
        f"/programs/supported-employment/{record.pk}/refunds/"
    )
    choices = [value for value, _label in page.context["form"].fields["month"].choices]
    assert choices == [1, 2]
    # The table still shows every month the refund could cover.
    assert len(page.context["rows"]) == 6
