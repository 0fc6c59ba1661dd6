"""Supervision of a CIS by the voivode (art. 5b): the statutory minimum
deadlines, overdue recommendations, and the pages with access for every role."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation

from units.constants_supervision import RecommendationKind
from units.models import Inspection, Recommendation
from units.services import (
    inspection_record,
    overdue_recommendations,
    recommendation_issue,
    recommendation_mark_met,
)
from units.tests.factories import UnitFactory

pytestmark = pytest.mark.django_db
D = datetime.date
DAY = datetime.timedelta(days=1)
EXPLANATIONS = RecommendationKind.EXPLANATIONS
REMEDY = RecommendationKind.REMEDY
MARCH_2 = D(2026, 3, 2)
LOSS_FLAG = "can ground a loss of status (art. 6 ust. 1a)"


def record(actor, unit, started_on=MARCH_2, **kwargs):
    defaults = {"ended_on": None, "scope": "Realizacja IPZS", "findings": ""}
    return inspection_record(
        actor=actor, unit=unit, started_on=started_on, **{**defaults, **kwargs}
    )


def issue(actor, inspection, kind=EXPLANATIONS, delivered_on=MARCH_2, days=14):
    return recommendation_issue(
        actor=actor,
        inspection=inspection,
        kind=kind,
        text="Proszę o wyjaśnienia.",
        delivered_on=delivered_on,
        deadline=delivered_on + days * DAY,
    )


@pytest.fixture
def inspection(official_a, unit_a):
    return record(official_a, unit_a)


def english(client):
    client.cookies["django_language"] = "en"
    return client


# Services: inspections.


def test_inspection_copies_the_voivodeship_and_names_the_official(official_a, unit_a):
    inspection = record(official_a, unit_a, ended_on=D(2026, 3, 6))
    assert inspection.voivodeship_id == unit_a.voivodeship_id
    assert inspection.created_by == official_a
    assert inspection.history.get().history_user == official_a


def test_inspection_cannot_end_before_it_starts(official_a, unit_a):
    with pytest.raises(ValidationError) as exc:
        record(official_a, unit_a, ended_on=D(2026, 3, 1))
    assert list(exc.value.message_dict) == ["ended_on"]
    assert exc.value.error_dict["ended_on"][0].code == "ended_before_started"
    assert not Inspection.objects.exists()


def test_database_refuses_an_inspection_ending_before_it_starts(official_a, unit_a):
    with pytest.raises(IntegrityError), transaction.atomic():
        Inspection.objects.create(
            unit=unit_a,
            voivodeship=unit_a.voivodeship,
            started_on=D(2026, 3, 2),
            ended_on=D(2026, 3, 1),
            scope="x",
            created_by=official_a,
        )


def test_inspection_cannot_start_in_the_future(official_a, unit_a):
    with pytest.raises(ValidationError) as exc:
        record(official_a, unit_a, started_on=D(2099, 1, 1))
    assert exc.value.error_dict["started_on"][0].code == "future_date"


def test_only_a_cis_is_supervised(official_a, voivodeship_a):
    kis = UnitFactory(kind="KIS", voivodeship=voivodeship_a)
    with pytest.raises(ValidationError) as exc:
        record(official_a, kis)
    assert exc.value.code == "invalid_transition"


@pytest.mark.parametrize(
    "role", ["official_other", "staff_a", "manager_a", "staff_b", "analyst"]
)
def test_only_an_official_of_the_voivodeship_supervises(
    request, role, official_a, unit_a
):
    actor = request.getfixturevalue(role)
    inspection = record(official_a, unit_a)
    recommendation = issue(official_a, inspection)
    with pytest.raises(PermissionDenied):
        record(actor, unit_a)
    with pytest.raises(PermissionDenied):
        issue(actor, inspection)
    with pytest.raises(PermissionDenied):
        recommendation_mark_met(
            actor=actor, recommendation=recommendation, met_on=D(2026, 3, 10)
        )
    assert Inspection.objects.count() == 1
    assert Recommendation.objects.count() == 1
    recommendation.refresh_from_db()
    assert recommendation.met_on is None


def test_an_administrator_may_record(admin_user, unit_a):
    assert record(admin_user, unit_a).created_by == admin_user


# Services: minimum deadlines (art. 5b ust. 2).


def test_explanations_13_days_refused_with_minimum_and_article(official_a, inspection):
    with translation.override("en"), pytest.raises(ValidationError) as exc:
        issue(official_a, inspection, EXPLANATIONS, D(2026, 3, 2), days=13)
    assert list(exc.value.message_dict) == ["deadline"]
    error = exc.value.error_dict["deadline"][0]
    assert error.code == "deadline_too_short"
    with translation.override("en"):
        assert exc.value.message_dict["deadline"] == [
            "The deadline must be at least 14 days from delivery (art. 5b ust. 2 "
            "pkt 1 ustawy o zatrudnieniu socjalnym), so not before 16 March 2026."
        ]
    assert not Recommendation.objects.exists()


def test_explanations_14_days_accepted(official_a, inspection):
    recommendation = issue(official_a, inspection, EXPLANATIONS, days=14)
    assert recommendation.deadline == D(2026, 3, 16)
    assert recommendation.issued_by == official_a
    assert recommendation.history.get().history_user == official_a


def test_remedy_29_days_refused_30_accepted(official_a, inspection):
    with translation.override("en"), pytest.raises(ValidationError) as exc:
        issue(official_a, inspection, REMEDY, D(2026, 3, 2), days=29)
    assert exc.value.error_dict["deadline"][0].code == "deadline_too_short"
    with translation.override("en"):
        assert exc.value.message_dict["deadline"] == [
            "The deadline must be at least 30 days from delivery (art. 5b ust. 2 "
            "pkt 2 ustawy o zatrudnieniu socjalnym), so not before 1 April 2026."
        ]
    # 30 days for a remedy; 14 would do for explanations, not for a remedy.
    assert issue(official_a, inspection, REMEDY, days=30).deadline == D(2026, 4, 1)


def test_no_minimum_before_15_february_2022(official_a, unit_a):
    inspection = record(official_a, unit_a, started_on=D(2022, 1, 10))
    for kind in (EXPLANATIONS, REMEDY):
        same_day = issue(official_a, inspection, kind, D(2022, 2, 14), days=0)
        assert same_day.deadline == D(2022, 2, 14)
    # From the day the amendment applies, the minimum holds.
    with pytest.raises(ValidationError) as exc:
        issue(official_a, inspection, EXPLANATIONS, D(2022, 2, 15), days=13)
    assert exc.value.error_dict["deadline"][0].code == "deadline_too_short"
    assert issue(official_a, inspection, EXPLANATIONS, D(2022, 2, 15), days=14)


def test_deadline_cannot_precede_delivery(official_a, unit_a):
    inspection = record(official_a, unit_a, started_on=D(2021, 5, 4))
    with pytest.raises(ValidationError) as exc:
        issue(official_a, inspection, REMEDY, D(2021, 6, 1), days=-1)
    assert exc.value.error_dict["deadline"][0].code == "deadline_before_delivery"


def test_delivery_cannot_precede_the_inspection(official_a, inspection):
    with pytest.raises(ValidationError) as exc:
        issue(official_a, inspection, REMEDY, D(2026, 3, 1), days=30)
    assert list(exc.value.message_dict) == ["delivered_on"]
    assert exc.value.error_dict["delivered_on"][0].code == "delivered_before_inspection"


def test_database_refuses_a_deadline_before_delivery(official_a, inspection):
    with pytest.raises(IntegrityError), transaction.atomic():
        Recommendation.objects.create(
            inspection=inspection,
            kind=REMEDY,
            text="x",
            delivered_on=D(2026, 3, 2),
            deadline=D(2026, 3, 1),
            issued_by=official_a,
        )


# Services: fulfilment and overdue recommendations.


def test_mark_met_twice_refused(official_a, inspection):
    recommendation = issue(official_a, inspection)
    recommendation_mark_met(
        actor=official_a, recommendation=recommendation, met_on=D(2026, 3, 10)
    )
    with pytest.raises(ValidationError) as exc:
        recommendation_mark_met(
            actor=official_a, recommendation=recommendation, met_on=D(2026, 3, 11)
        )
    assert exc.value.code == "invalid_transition"
    recommendation.refresh_from_db()
    assert recommendation.met_on == D(2026, 3, 10)


def test_cannot_be_met_before_delivery(official_a, inspection):
    recommendation = issue(official_a, inspection)
    with pytest.raises(ValidationError) as exc:
        recommendation_mark_met(
            actor=official_a, recommendation=recommendation, met_on=D(2026, 3, 1)
        )
    assert exc.value.error_dict["met_on"][0].code == "met_before_delivery"


def test_overdue_from_the_day_after_the_deadline_until_met(official_a, inspection):
    recommendation = issue(official_a, inspection, days=14)
    deadline = D(2026, 3, 16)
    assert list(overdue_recommendations(user=official_a, day=deadline)) == []
    assert list(overdue_recommendations(user=official_a, day=deadline + DAY)) == [
        recommendation
    ]
    recommendation_mark_met(
        actor=official_a, recommendation=recommendation, met_on=deadline + 3 * DAY
    )
    # Late fulfilment: overdue until the day it was met, not after.
    assert list(overdue_recommendations(user=official_a, day=deadline + 2 * DAY)) == [
        recommendation
    ]
    assert list(overdue_recommendations(user=official_a, day=deadline + 3 * DAY)) == []
    assert list(overdue_recommendations(user=official_a, day=D(2026, 12, 1))) == []


def test_overdue_recommendations_are_scoped(
    official_a, official_other, staff_a, staff_b, analyst, inspection
):
    recommendation = issue(official_a, inspection, days=14)
    day = D(2026, 3, 17)
    for user in (official_a, staff_a, analyst):
        assert list(overdue_recommendations(user=user, day=day)) == [recommendation]
    for user in (official_other, staff_b, None):
        assert list(overdue_recommendations(user=user, day=day)) == []


# Pages.


@pytest.fixture
def overdue(official_a, inspection):
    """A demand delivered 2 March 2026 with a 16 March deadline, never met."""
    return issue(official_a, inspection, days=14)


def test_unit_page_shows_supervision_and_overdue_flag_to_official(
    client_for, official_a, unit_a, overdue
):
    response = english(client_for(official_a)).get(f"/units/{unit_a.pk}/")
    content = response.content.decode()
    assert response.status_code == 200
    assert "Supervision (art. 5b)" in content
    assert f'href="/units/inspections/{overdue.inspection.pk}/"' in content
    assert LOSS_FLAG in content
    assert 'class="table-danger"' in content
    assert f'action="/units/{unit_a.pk}/inspections/new/"' in content


def test_unit_page_is_read_only_for_the_centres_staff_and_analysts(
    client_for, staff_a, analyst, official_a, unit_a, overdue
):
    for user in (staff_a, analyst):
        content = english(client_for(user)).get(f"/units/{unit_a.pk}/").content
        assert LOSS_FLAG in content.decode()
        assert b"Record an inspection" not in content


def test_met_recommendation_is_not_flagged(client_for, official_a, unit_a, overdue):
    recommendation_mark_met(
        actor=official_a, recommendation=overdue, met_on=D(2026, 3, 20)
    )
    content = english(client_for(official_a)).get(f"/units/{unit_a.pk}/").content
    assert LOSS_FLAG not in content.decode()
    assert b"after the deadline" in content


def supervision_urls(inspection):
    return [
        f"/units/{inspection.unit.pk}/inspections/new/",
        f"/units/inspections/{inspection.pk}/",
    ]


def test_supervision_pages_refused_outside_the_scope(
    client_for, refused, inspection, staff_b, official_other
):
    for user in (None, staff_b, official_other):
        for url in supervision_urls(inspection):
            refused(client_for(user), url)
            refused(client_for(user), url, method="post")
    assert Inspection.objects.count() == 1


def test_staff_and_analysts_read_but_cannot_act(
    client_for, refused, inspection, staff_a, manager_a, analyst, official_a
):
    recommendation = issue(official_a, inspection)
    create_url, detail_url = supervision_urls(inspection)
    for user in (staff_a, manager_a, analyst):
        client = english(client_for(user))
        refused(client, create_url)
        refused(client, create_url, method="post")
        response = client.get(detail_url)
        assert response.status_code == 200
        assert response.context["can_act"] is False
        assert b"Issue a recommendation" not in response.content
        for data in (
            {"action": "met", "met-recommendation": recommendation.pk},
            {"action": "recommend"},
        ):
            assert client.post(detail_url, data).status_code == 404
    recommendation.refresh_from_db()
    assert recommendation.met_on is None
    assert Inspection.objects.count() == 1


def test_get_of_the_create_url_leads_to_the_unit_page(client_for, official_a, unit_a):
    response = client_for(official_a).get(f"/units/{unit_a.pk}/inspections/new/")
    assert response.status_code == 302
    assert response.url == f"/units/{unit_a.pk}/#supervision"


def test_official_records_an_inspection_from_the_unit_page(
    client_for, official_a, unit_a
):
    client = english(client_for(official_a))
    response = client.post(
        f"/units/{unit_a.pk}/inspections/new/",
        {
            "inspection-started_on": "2026-03-02",
            "inspection-ended_on": "2026-03-04",
            "inspection-scope": "Sprawozdanie roczne",
            "inspection-findings": "Brak uwag.",
        },
        follow=True,
    )
    inspection = Inspection.objects.get()
    assert response.redirect_chain == [(f"/units/inspections/{inspection.pk}/", 302)]
    assert "The inspection has been recorded." in response.content.decode()
    assert (inspection.started_on, inspection.ended_on) == (
        D(2026, 3, 2),
        D(2026, 3, 4),
    )
    assert inspection.scope == "Sprawozdanie roczne"


def test_inspection_errors_keep_the_input(client_for, official_a, unit_a):
    response = english(client_for(official_a)).post(
        f"/units/{unit_a.pk}/inspections/new/",
        {
            "inspection-started_on": "2026-03-04",
            "inspection-ended_on": "2026-03-02",
            "inspection-scope": "Zakres kontroli XYZ",
        },
    )
    assert response.status_code == 400
    content = response.content.decode()
    assert "An inspection cannot end before it starts." in content
    assert "Zakres kontroli XYZ" in content
    assert 'value="2026-03-04"' in content
    assert not Inspection.objects.exists()


def test_official_issues_and_closes_a_recommendation(
    client_for, official_a, inspection
):
    client = english(client_for(official_a))
    url = f"/units/inspections/{inspection.pk}/"
    data = {
        "action": "recommend",
        "recommend-kind": "remedy",
        "recommend-text": "Usunąć nieprawidłowości w listach obecności.",
        "recommend-delivered_on": "2026-03-02",
        "recommend-deadline": "2026-03-31",
    }
    response = client.post(url, data)
    assert response.status_code == 400
    content = response.content.decode()
    assert "at least 30 days from delivery" in content
    assert "Usunąć nieprawidłowości w listach obecności." in content
    assert 'value="2026-03-31"' in content
    assert not Recommendation.objects.exists()

    response = client.post(
        url, {**data, "recommend-deadline": "2026-04-01"}, follow=True
    )
    assert response.redirect_chain == [(url, 302)]
    assert "The recommendation has been recorded." in response.content.decode()
    recommendation = Recommendation.objects.get()
    assert recommendation.deadline == D(2026, 4, 1)

    met = {
        "action": "met",
        "met-recommendation": recommendation.pk,
        "met-met_on": "2026-03-25",
    }
    response = client.post(url, met, follow=True)
    assert response.redirect_chain == [(url, 302)]
    assert "The recommendation has been marked fulfilled." in response.content.decode()
    recommendation.refresh_from_db()
    assert recommendation.met_on == D(2026, 3, 25)
    # Marking it again is refused; the date stays.
    assert client.post(url, {**met, "met-met_on": "2026-03-26"}).status_code == 400
    recommendation.refresh_from_db()
    assert recommendation.met_on == D(2026, 3, 25)


def test_unit_page_query_count(
    client_for, official_a, unit_a, django_assert_max_num_queries
):
    for n in range(12):
        inspection = record(official_a, unit_a, started_on=D(2025, 1, 1) + n * DAY)
        issue(official_a, inspection, EXPLANATIONS, inspection.started_on, days=14)
        issue(official_a, inspection, REMEDY, inspection.started_on, days=30)
    client = client_for(official_a)
    client.get(f"/units/{unit_a.pk}/")
    # 7 today (session, user, unit, decisions ×2, inspections, recommendations),
    # with room for other sections; an N+1 would add at least 12.
    with django_assert_max_num_queries(9):
        response = client.get(f"/units/{unit_a.pk}/")
    assert len(response.context["inspections"]) == 12
    assert response.content.count(b'class="table-danger"') == 24


def test_inspection_page_query_count(
    client_for, official_a, inspection, django_assert_max_num_queries
):
    for n in range(12):
        issue(official_a, inspection, REMEDY, D(2026, 3, 2) + n * DAY, days=30)
    client = client_for(official_a)
    url = f"/units/inspections/{inspection.pk}/"
    client.get(url)
    # Session, user, inspection, recommendations, the open ones for the form.
    with django_assert_max_num_queries(5):
        response = client.get(url)
    assert len(response.context["recommendations"]) == 12


@pytest.mark.parametrize(
    "url", ["/admin/units/inspection/", "/admin/units/recommendation/"]
)
def test_admin_lists_open_for_administrators(
    client_for, admin_user, official_a, overdue, url
):
    assert client_for(admin_user).get(url).status_code == 200
    assert client_for(official_a).get(url).status_code == 302
