"""Supported employment after the programme: the service's rules and the
pages (list, record, edit, the link from the participation page)."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from participants.constants import AccessAction
from participants.models import AccessLog
from programs.models import SupportedEmployment
from programs.services.supported import (
    pln,
    supported_employment_record,
    supported_employment_update,
)
from programs.tests.factories import ParticipationFactory, SupportedEmploymentFactory
from units.models import LegalRule
from units.tests.factories import make_nip

pytestmark = pytest.mark.django_db
D = datetime.date
LIST = "/programs/supported-employment/"


@pytest.fixture
def former(unit_a):
    return ParticipationFactory.for_unit(
        unit_a,
        participant__first_name="Marek",
        participant__last_name="Wójcik",
        participant__sex="M",
        state="exited",
        exited_on=D(2026, 2, 27),
        exit_reason="employment",
    )


def field_codes(error: ValidationError) -> dict[str, set[str]]:
    return {
        field: {e.code for e in errors} for field, errors in error.error_dict.items()
    }


def test_record_with_a_refund_rounds_it_to_the_grosz(former, staff_a):
    nip = make_nip(7)
    record = supported_employment_record(
        actor=staff_a,
        participation=former,
        form="employer",
        employer_name="Piekarnia Kłos sp. z o.o.",
        employer_nip=nip,
        starts_on=D(2026, 3, 2),
        support="Opiekun w miejscu pracy przez 3 miesiące.",
        refund_monthly=Decimal("1580.005"),
        refund_basis="art. 16 ustawy, umowa PUP/7/2026",
    )
    assert record.refund_monthly == Decimal("1580.01")
    assert record.created_by == staff_a
    assert pln("2.345") == Decimal("2.35")
    record = supported_employment_update(
        actor=staff_a, record=record, ends_on=D(2027, 3, 1)
    )
    assert record.ends_on == D(2027, 3, 1)
    assert record.history.count() == 2


def test_the_rules_of_a_record(former, unit_a, staff_a):
    with pytest.raises(ValidationError) as error:
        supported_employment_record(
            actor=staff_a,
            participation=former,
            form="employer",
            employer_name="",
            employer_nip="1234567890",
            starts_on=D(2026, 2, 1),
            refund_monthly=Decimal("100"),
            refund_basis="",
        )
    assert field_codes(error.value) == {
        "starts_on": {"before_exit"},
        "employer_name": {"employer_required"},
        "employer_nip": {"invalid_nip"},
        "refund_basis": {"refund_basis_required"},
    }
    active = ParticipationFactory.for_unit(unit_a)
    with pytest.raises(ValidationError) as error:
        supported_employment_record(
            actor=staff_a,
            participation=active,
            form="own_business",
            starts_on=D(2026, 3, 2),
        )
    assert [e.code for e in error.value.error_list] == ["not_after_programme"]
    assert not SupportedEmployment.objects.exists()


def test_list_filters_searches_and_is_scoped(client_for, staff_a, former, unit_b):
    SupportedEmploymentFactory(participation=former, employer_name="Piekarnia Kłos")
    SupportedEmploymentFactory(
        participation=ParticipationFactory.for_unit(
            former.unit,
            state="exited",
            exited_on=D(2026, 1, 30),
            exit_reason="completed",
        ),
        form="social_cooperative",
        employer_name="Spółdzielnia Socjalna Razem",
    )
    SupportedEmploymentFactory(
        participation__participant__unit=unit_b, employer_name="Obca firma"
    )
    client = client_for(staff_a)
    response = client.get(LIST)
    names = sorted(r.record.employer_name for r in response.context["table"].page)
    assert names == ["Piekarnia Kłos", "Spółdzielnia Socjalna Razem"]
    response = client.get(LIST, {"form": "social_cooperative"})
    assert [r.record.employer_name for r in response.context["table"].page] == [
        "Spółdzielnia Socjalna Razem"
    ]
    response = client.get(LIST, {"q": "wójcik"})
    assert [r.record.participation for r in response.context["table"].page] == [former]
    response = client.get(LIST, {"_export": "csv"})
    assert "Piekarnia Kłos" in response.content.decode()
    assert AccessLog.objects.filter(
        action=AccessAction.EXPORT, what="supported employment list"
    ).exists()


def test_list_query_count_is_constant(
    client_for, staff_a, unit_a, django_assert_max_num_queries
):
    for _n in range(30):
        SupportedEmploymentFactory(participation__participant__unit=unit_a)
    client = client_for(staff_a)
    with django_assert_max_num_queries(8):
        response = client.get(LIST, {"per_page": 30})
    assert len(response.context["table"].page.object_list) == 30


def test_record_and_edit_through_the_pages(client_for, staff_a, former, settings):
    client = client_for(staff_a)
    url = f"/programs/participations/{former.pk}/supported-employment/new/"
    response = client.get(url)
    assert response.status_code == 200
    assert response.context["form"]["starts_on"].value() == D(2026, 2, 27)
    data = {
        "form": "employer",
        "employer_name": "",
        "employer_nip": "",
        "starts_on": "2026-03-02",
        "ends_on": "",
        "support": "",
        "refund_monthly": "",
        "refund_basis": "",
    }
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.post(url, data)
    assert response.status_code == 400
    assert response.context["form"].errors["employer_name"] == ["Name the employer."]
    data["employer_name"] = "Piekarnia Kłos"
    response = client.post(url, data)
    assert response.status_code == 302
    record = SupportedEmployment.objects.get()
    response = client.post(
        f"/programs/supported-employment/{record.pk}/edit/",
        {**data, "ends_on": "2026-08-31"},
    )
    assert response.status_code == 302
    record.refresh_from_db()
    assert record.ends_on == D(2026, 8, 31)
    assert (
        AccessLog.objects.filter(
            participant=former.participant, action=AccessAction.EDIT
        ).count()
        == 2
    )


def test_participation_page_links_to_supported_employment(client_for, staff_a, former):
    with translation.override("en"):
        response = client_for(staff_a).get(f"/participants/participations/{former.pk}/")
    assert (
        f'href="/programs/participations/{former.pk}/supported-employment/new/"'
        in response.content.decode()
    )


def test_another_units_record_is_404(client_for, staff_b, former, refused):
    record = SupportedEmploymentFactory(participation=former)
    client = client_for(staff_b)
    refused(client, f"/programs/supported-employment/{record.pk}/edit/")
    refused(client, f"/programs/participations/{former.pk}/supported-employment/new/")


def test_a_refund_above_the_rule_or_for_another_form_is_refused(former, staff_a):
    """Since 15 February 2022 at most 100% of the benefit for 6 months: for
    employment from 2 March 2026 the highest month is the fourth, from
    2 June, at the amount of 1 June 2026 (1783,90 zł)."""
    base = {
        "actor": staff_a,
        "participation": former,
        "employer_name": "Piekarnia Kłos",
        "starts_on": D(2026, 3, 2),
        "refund_basis": "art. 16 ustawy, umowa PUP/7/2026",
    }
    with translation.override("en"), pytest.raises(ValidationError) as error:
        supported_employment_record(
            form="employer", refund_monthly=Decimal("1783.91"), **base
        )
    assert field_codes(error.value) == {"refund_monthly": {"refund_above_limit"}}
    message = error.value.message_dict["refund_monthly"][0]
    assert "1\u00a0783,90 zł" in message
    assert "100% of the unemployment benefit" in message
    with pytest.raises(ValidationError) as error:
        supported_employment_record(
            form="social_cooperative", refund_monthly=Decimal("500"), **base
        )
    assert field_codes(error.value) == {"refund_monthly": {"refund_not_employer"}}
    assert not SupportedEmployment.objects.exists()
    record = supported_employment_record(
        form="employer", refund_monthly=Decimal("1783.90"), **base
    )
    assert record.refund_monthly == Decimal("1783.90")


def test_a_refund_under_the_rule_before_2022(unit_a, staff_a):
    """Employment from 4 January 2022: the 2007 wording, whose highest month
    is 100% of 1240,80 zł."""
    former = ParticipationFactory.for_unit(
        unit_a,
        admitted_on=D(2021, 1, 4),
        state="exited",
        exited_on=D(2021, 12, 31),
        exit_reason="employment",
    )
    with pytest.raises(ValidationError) as error:
        supported_employment_record(
            actor=staff_a,
            participation=former,
            form="employer",
            employer_name="Zakład Zieleni",
            starts_on=D(2022, 1, 4),
            refund_monthly=Decimal("1240.81"),
            refund_basis="art. 16 ustawy",
        )
    assert field_codes(error.value) == {"refund_monthly": {"refund_above_limit"}}


def test_the_edit_page_shows_the_refund_schedule(client_for, staff_a, former):
    record = SupportedEmploymentFactory(
        participation=former, form="employer", starts_on=D(2026, 3, 16)
    )
    response = client_for(staff_a).get(
        f"/programs/supported-employment/{record.pk}/edit/"
    )
    assert response.status_code == 200
    months = response.context["refund_months"]
    assert [m.maximum for m in months] == [Decimal("1721.90")] * 3 + [
        Decimal("1783.90")
    ] * 3
    body = response.content.decode()
    assert "16.03.2026 – 15.04.2026" in body
    assert "1\u00a0783,90" in body
    assert "przez co najmniej 6 miesięcy" in body


def test_an_unreadable_refund_rule_is_a_clear_error(client_for, former, staff_a):
    """An administrator's row of the wrong shape: the form says so, nothing
    is saved, no server error."""
    LegalRule.objects.create(
        code="supported_employment_refund",
        valid_from=D(2026, 1, 1),
        value={"commitment_months": 6, "tranches": [{"months": 6, "percent": "NaN"}]},
        article="art. 16",
    )
    with pytest.raises(ValidationError) as error:
        supported_employment_record(
            actor=staff_a,
            participation=former,
            form="employer",
            employer_name="Piekarnia Kłos",
            starts_on=D(2026, 3, 2),
            refund_monthly=Decimal("100"),
            refund_basis="art. 16 ustawy",
        )
    assert field_codes(error.value) == {"refund_monthly": {"refund_rule_unreadable"}}
    response = client_for(staff_a).get(
        f"/programs/participations/{former.pk}/supported-employment/new/"
    )
    assert response.status_code == 200
    assert response.context["refund_rule"] is None
    assert "nie da się odczytać" in response.content.decode()


def test_the_schedule_follows_the_start_date_typed(client_for, former, staff_a):
    """A refused form shows the schedule of the date typed: 2021 is under
    the 12-month rule."""
    response = client_for(staff_a).post(
        f"/programs/participations/{former.pk}/supported-employment/new/",
        {
            "form": "employer",
            "employer_name": "Piekarnia Kłos",
            "employer_nip": "",
            "starts_on": "2021-09-01",
            "ends_on": "",
            "support": "",
            "refund_monthly": "5000",
            "refund_basis": "art. 16 ustawy",
        },
    )
    assert response.status_code == 400
    assert response.context["refund_starts_on"] == D(2021, 9, 1)
    assert len(response.context["refund_months"]) == 12
