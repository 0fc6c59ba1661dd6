"""What an application for CIS status states (art. 4 ust. 2): the rules on the
contents, their registration and correction until the decision, who may
correct them, and how the application's page shows them."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation

from cis_kis.tests.concurrency import row_lock_test, run_at_once
from participants.models import ExclusionGround
from units.constants import ApplicationState
from units.models import StatusApplication
from units.services import (
    ApplicationContents,
    application_contents_update,
    application_mark_complete,
    application_register,
    decision_issue_on_application,
)
from units.tests.factories import (
    FoundingBodyFactory,
    StatusApplicationFactory,
    voivodeship,
)

pytestmark = pytest.mark.django_db
D = datetime.date

FULL = ApplicationContents(
    planned_start_on=D(2026, 6, 1),
    expected_participants=40,
    target_groups=["long_term_unemployed", "homeless"],
    planned_activity="Gastronomia i usługi remontowe.",
    reintegration_programme="Warsztaty zawodowe, trening kompetencji.",
    planned_staff_count=6,
    planned_staff="Kierownik, psycholog, instruktorzy.",
    activity_schedule="Pon.–pt. 7:30–15:30.",
    expected_trained=30,
    expected_employed=10,
    expected_independent=12,
    annual_budget=Decimal("650000.00"),
    reintegration_costs=Decimal("210000.50"),
    founder_setup_funds=Decimal("80000.00"),
    founder_running_share=Decimal("35.50"),
    other_funding="Dotacja gminy.",
)


def register(actor, contents=None, **kwargs):
    defaults = {
        "voivodeship": voivodeship("14"),
        "founding_body": FoundingBodyFactory(voivodeship=voivodeship("14")),
        "received_on": D(2026, 3, 2),
        "proposed_name": "CIS „Przystań”",
        "proposed_address": "ul. Portowa 1",
        "proposed_municipality": "Płock",
        "proposed_places": 30,
    }
    return application_register(
        actor=actor, contents=contents, **{**defaults, **kwargs}
    )


def correct(actor, application, contents, **kwargs):
    centre = {
        "proposed_name": application.proposed_name,
        "proposed_address": application.proposed_address,
        "proposed_municipality": application.proposed_municipality,
        "proposed_places": application.proposed_places,
        **kwargs,
    }
    return application_contents_update(
        actor=actor, application=application, contents=contents, **centre
    )


def decided(actor, application):
    application.documents.update(delivered_on=application.received_on, on_paper=True)
    application_mark_complete(actor=actor, application=application)
    decision_issue_on_application(
        actor=actor, application=application, grant=True, issued_on=D(2026, 3, 20)
    )
    application.refresh_from_db()
    return application


# --- the rules -------------------------------------------------------------


def test_registration_keeps_what_the_application_states(official_a):
    application = register(official_a, FULL)
    application.refresh_from_db()
    assert application.planned_start_on == D(2026, 6, 1)
    assert application.target_groups == ["long_term_unemployed", "homeless"]
    assert application.expected_trained == 30
    assert application.annual_budget == Decimal("650000.00")
    assert application.reintegration_costs == Decimal("210000.50")
    assert application.founder_running_share == Decimal("35.50")
    assert application.contents_not_stated() == []
    assert application.history.get().history_user == official_a


def test_an_application_without_contents_stays_valid(official_a):
    application = register(official_a)
    with translation.override("en"):
        assert application.contents_not_stated() == [
            "planned start of activity",
            "expected number of participants",
            "target groups",
            "planned production, trade or service activity",
            "programme of vocational and social reintegration",
            "planned number of staff",
            "planned staff and their qualifications",
            "organisation and schedule of activities",
            "people expected to be trained",
            "people expected to find work or start a business",
            "people expected to become economically independent",
            "estimated annual budget (PLN)",
            "of which costs of reintegration (PLN)",
            "founder's own resources for setting up the centre (PLN)",
            "founder's share in the running costs (%)",
            "other sources of funding",
        ]


@pytest.mark.parametrize(
    ("changes", "field", "code", "message"),
    [
        (
            {"expected_trained": 41},
            "expected_trained",
            "result_over_participants",
            "Cannot exceed the expected number of participants (40).",
        ),
        (
            {"expected_employed": 41},
            "expected_employed",
            "result_over_participants",
            "Cannot exceed the expected number of participants (40).",
        ),
        (
            {"expected_independent": 50},
            "expected_independent",
            "result_over_participants",
            "Cannot exceed the expected number of participants (40).",
        ),
        (
            {"reintegration_costs": Decimal("650000.01")},
            "reintegration_costs",
            "reintegration_over_budget",
            "The reintegration costs (650,000.01 PLN) cannot exceed the annual "
            "budget (650,000.00 PLN).",
        ),
        (
            {"annual_budget": None},
            "reintegration_costs",
            "reintegration_without_budget",
            "State the annual budget that includes the reintegration costs.",
        ),
        (
            {"annual_budget": Decimal("-1"), "reintegration_costs": None},
            "annual_budget",
            "min_value",
            "The amount cannot be negative.",
        ),
        (
            {"founder_setup_funds": Decimal("-0.01")},
            "founder_setup_funds",
            "min_value",
            "The amount cannot be negative.",
        ),
        (
            {"founder_running_share": Decimal("100.01")},
            "founder_running_share",
            "max_value",
            "Give a percentage from 0 to 100.",
        ),
        (
            {"founder_running_share": Decimal("-5")},
            "founder_running_share",
            "min_value",
            "Give a percentage from 0 to 100.",
        ),
        (
            {"annual_budget": Decimal("650000.005")},
            "annual_budget",
            "max_decimal_places",
            "Ensure that there are no more than 2 decimal places.",
        ),
        (
            {"target_groups": ["homeless", "pensioners"]},
            "target_groups",
            "target_group_unknown",
            "Not a group of participants of art. 1 ust. 2 of the Act on the day "
            "the application was received: pensioners.",
        ),
        (
            {"target_groups": ["homeless", "homeless"]},
            "target_groups",
            "target_group_twice",
            "Each target group can be given once.",
        ),
        (
            {"target_groups": "homeless"},
            "target_groups",
            "target_groups_invalid",
            "Choose the target groups from the list.",
        ),
        (
            {"planned_start_on": D(2026, 3, 1)},
            "planned_start_on",
            "start_before_receipt",
            "The planned start cannot precede the receipt of the application.",
        ),
    ],
)
def test_contents_rules(official_a, changes, field, code, message):
    fields = {**FULL.__dict__, **changes}
    with translation.override("en"):
        with pytest.raises(ValidationError) as exc:
            register(official_a, ApplicationContents(**fields))
        errors = exc.value.error_dict
        assert list(errors) == [field]
        assert [e.code for e in errors[field]] == [code]
        assert [m for e in errors[field] for m in e.messages] == [message]
    assert not StatusApplication.objects.exists()


def test_messages_of_the_rules_are_in_polish(official_a):
    """The messages shared with the annual reports and Django's own are
    already translated; the others are listed for translation."""
    contents = ApplicationContents(
        annual_budget=Decimal("-1"), founder_setup_funds=Decimal("1.001")
    )
    with translation.override("pl"), pytest.raises(ValidationError) as exc:
        register(official_a, contents)
    with translation.override("pl"):
        assert exc.value.message_dict == {
            "annual_budget": ["Kwota nie może być ujemna."],
            "founder_setup_funds": [
                "Upewnij się, że liczba ma nie więcej niż 2 cyfry po przecinku."
            ],
        }


def test_results_are_not_checked_without_expected_participants(official_a):
    contents = ApplicationContents(expected_participants=None, expected_trained=500)
    assert register(official_a, contents).expected_trained == 500


def test_a_group_that_does_not_apply_yet_on_receipt_is_refused(official_a):
    ExclusionGround.objects.create(
        code="future_group",
        name_pl="grupa przyszła",
        name_en="future group",
        article="art. 1 ust. 2 pkt 9",
        valid_from=D(2027, 1, 1),
    )
    with pytest.raises(ValidationError) as exc:
        register(official_a, ApplicationContents(target_groups=["future_group"]))
    assert exc.value.error_dict["target_groups"][0].code == "target_group_unknown"
    later = register(
        official_a,
        ApplicationContents(target_groups=["future_group"]),
        received_on=D(2027, 1, 4),
    )
    assert later.target_groups == ["future_group"]


@pytest.mark.parametrize(
    "changes",
    [
        {"reintegration_costs": Decimal("700000")},
        {"annual_budget": None},
        {"expected_trained": 41},
        {"founder_running_share": Decimal("120")},
        {"founder_setup_funds": Decimal("-1")},
    ],
)
def test_the_database_refuses_contents_that_skip_the_rules(official_a, changes):
    application = register(official_a, FULL)
    with pytest.raises(IntegrityError), transaction.atomic():
        StatusApplication.objects.filter(pk=application.pk).update(**changes)


# --- correcting until the decision ----------------------------------------


def test_official_corrects_a_pending_application(official_a):
    application = register(official_a)
    corrected = correct(
        official_a,
        application,
        ApplicationContents(expected_participants=25, target_groups=["disabled"]),
        proposed_places=20,
    )
    corrected.refresh_from_db()
    assert corrected.expected_participants == 25
    assert corrected.target_groups == ["disabled"]
    assert corrected.proposed_places == 20
    latest = corrected.history.first()
    assert latest.history_user == official_a
    assert latest.expected_participants == 25
    assert corrected.history.count() == 2


def test_correction_keeps_the_rules(official_a):
    application = register(official_a)
    with pytest.raises(ValidationError) as exc:
        correct(
            official_a,
            application,
            ApplicationContents(expected_participants=5, expected_employed=6),
        )
    assert exc.value.error_dict["expected_employed"][0].code == (
        "result_over_participants"
    )
    application.refresh_from_db()
    assert application.expected_participants is None


def test_a_decided_application_cannot_be_corrected(official_a):
    application = decided(official_a, register(official_a, FULL))
    with translation.override("en"):
        with pytest.raises(ValidationError) as exc:
            correct(official_a, application, ApplicationContents(expected_trained=1))
        assert exc.value.code == "invalid_transition"
        assert exc.value.messages == [
            "The application has been decided; what it states can no longer be changed."
        ]
    application.refresh_from_db()
    assert application.expected_trained == 30


def test_only_an_official_of_the_voivodeship_corrects(
    official_a, official_other, staff_a, analyst
):
    application = register(official_a)
    for user in (official_other, staff_a, analyst):
        with pytest.raises(PermissionDenied):
            correct(user, application, ApplicationContents(expected_trained=1))
    application.refresh_from_db()
    assert application.expected_trained is None


# --- the pages -------------------------------------------------------------


def english(client):
    client.cookies["django_language"] = "en"
    return client


FORM = {
    "kind": "grant",
    "received_on": "2026-03-02",
    "case_number": "WPS-II.9421.7.2026",
    "proposed_name": "CIS Przystań",
    "proposed_address": "ul. Portowa 1",
    "proposed_municipality": "Płock",
    "proposed_places": "30",
    "planned_start_on": "2026-06-01",
    "expected_participants": "40",
    "target_groups": ["homeless", "long_term_unemployed"],
    "planned_activity": "Gastronomia.",
    "reintegration_programme": "Warsztaty.",
    "planned_staff_count": "6",
    "planned_staff": "Kierownik i instruktorzy.",
    "activity_schedule": "Pon.–pt.",
    "expected_trained": "30",
    "expected_employed": "10",
    "expected_independent": "12",
    "annual_budget": "650 000,50",
    "reintegration_costs": "210000,5",
    "founder_setup_funds": "80\u00a0000",
    "founder_running_share": "35,5",
    "other_funding": "Dotacja gminy.",
}


def test_registration_form_round_trip_in_polish_notation(client_for, official_a):
    body = FoundingBodyFactory(voivodeship=voivodeship("14"))
    response = client_for(official_a).post(
        "/units/applications/new/", {**FORM, "founding_body": body.pk}
    )
    application = StatusApplication.objects.get(proposed_name="CIS Przystań")
    assert response.status_code == 302
    assert response.url == f"/units/applications/{application.pk}/"
    assert application.annual_budget == Decimal("650000.50")
    assert application.reintegration_costs == Decimal("210000.50")
    assert application.founder_setup_funds == Decimal("80000")
    assert application.founder_running_share == Decimal("35.50")
    assert application.target_groups == ["homeless", "long_term_unemployed"]
    assert application.expected_independent == 12
    assert application.contents_not_stated() == []
    # The checklist of attachments is still made on registration.
    assert application.documents.count() == 5


def test_registration_form_groups_the_contents_into_fieldsets(client_for, official_a):
    page = english(client_for(official_a)).get("/units/applications/new/")
    html = page.content.decode()
    legends = [
        "Application",
        "The centre",
        "Participants",
        "Activity and reintegration",
        "Staff",
        "Expected results",
        "Finance",
    ]
    positions = [html.index(f'mb-2">{legend}</legend>') for legend in legends]
    assert positions == sorted(positions)
    # The target groups are the grounds of art. 1 ust. 2 in force.
    assert 'name="target_groups" value="homeless"' in html
    assert 'name="target_groups" value="other_excluded"' in html


def test_registration_form_errors_keep_the_input(client_for, official_a):
    body = FoundingBodyFactory(voivodeship=voivodeship("14"))
    data = {
        **FORM,
        "founding_body": body.pk,
        "expected_trained": "45",
        "annual_budget": "abc",
    }
    response = client_for(official_a).post("/units/applications/new/", data)
    assert response.status_code == 200
    errors = response.context["form"].errors.as_data()
    assert {name: [e.code for e in found] for name, found in errors.items()} == {
        "annual_budget": ["invalid"],
        "expected_trained": ["result_over_participants"],
    }
    html = response.content.decode()
    assert "Gastronomia.</textarea>" in html
    assert 'value="45"' in html
    assert not StatusApplication.objects.exists()


def test_contents_form_round_trip(client_for, official_a):
    application = StatusApplicationFactory(stated=True)
    url = f"/units/applications/{application.pk}/contents/"
    client = client_for(official_a)
    page = client.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    # Amounts are shown as a Polish office writes them.
    assert 'value="650000,00"' in html
    assert 'value="35,50"' in html
    data = {
        **FORM,
        "proposed_name": application.proposed_name,
        "expected_participants": "45",
        "expected_trained": "44",
        "target_groups": ["disabled"],
        "annual_budget": "700 000",
    }
    response = client.post(url, data)
    assert response.status_code == 302
    assert response.url == f"/units/applications/{application.pk}/"
    application.refresh_from_db()
    assert application.expected_trained == 44
    assert application.target_groups == ["disabled"]
    assert application.annual_budget == Decimal("700000")
    assert application.history.first().history_user == official_a


def test_contents_form_errors_keep_the_input_and_change_nothing(client_for, official_a):
    application = StatusApplicationFactory(stated=True)
    url = f"/units/applications/{application.pk}/contents/"
    data = {
        **FORM,
        "proposed_name": "Nowa nazwa",
        "annual_budget": "650000.50",
        "reintegration_costs": "700000",
        "founder_setup_funds": "80000",
        "founder_running_share": "35.5",
    }
    # English notation for the English page.
    response = english(client_for(official_a)).post(url, data)
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "reintegration_costs": [
            "The reintegration costs (700,000.00 PLN) cannot exceed the annual "
            "budget (650,000.50 PLN)."
        ]
    }
    html = response.content.decode()
    assert 'value="Nowa nazwa"' in html
    # The page names the application as it is, not as typed.
    assert '<h1 class="h3 mb-3">What the application states</h1>' in html
    assert application.proposed_name in html
    application.refresh_from_db()
    assert application.reintegration_costs == Decimal("210000.50")
    assert application.proposed_name != "Nowa nazwa"


def test_an_unreadable_figure_is_not_quoted_from_the_stored_one(client_for, official_a):
    """A budget or a number of participants that cannot be read is reported
    on its own field; the fields compared with it do not quote the value
    stored before."""
    application = StatusApplicationFactory(stated=True)
    url = f"/units/applications/{application.pk}/contents/"
    data = {
        **FORM,
        "annual_budget": "abc",
        "reintegration_costs": "700000",
        "expected_participants": "xyz",
        "expected_trained": "50",
        "founder_setup_funds": "80000",
        "founder_running_share": "35.5",
    }
    response = english(client_for(official_a)).post(url, data)
    errors = response.context["form"].errors
    assert set(errors) == {"annual_budget", "expected_participants"}
    application.refresh_from_db()
    assert application.expected_trained == 30


def test_contents_are_read_only_once_decided(client_for, official_a):
    application = decided(official_a, register(official_a, FULL))
    client = english(client_for(official_a))
    url = f"/units/applications/{application.pk}/contents/"
    for response in (client.get(url), client.post(url, FORM)):
        assert response.status_code == 302
        assert response.url == f"/units/applications/{application.pk}/"
    application.refresh_from_db()
    assert application.planned_activity == FULL.planned_activity
    page = client.get(f"/units/applications/{application.pk}/").content.decode()
    assert "what it states can no longer be changed" in page
    assert url not in page
    assert "what it states is kept as it was when the decision was taken" in page


def test_contents_page_access(
    client_for,
    refused,
    official_a,
    official_other,
    staff_a,
    manager_a,
    analyst,
    admin_user,
):
    application = StatusApplicationFactory()
    url = f"/units/applications/{application.pk}/contents/"
    for user in (None, official_other, staff_a, manager_a, analyst, admin_user):
        refused(client_for(user), url)
        refused(client_for(user), url, "post")
    assert client_for(official_a).get(url).status_code == 200
    application.refresh_from_db()
    assert application.history.count() == 1


def test_detail_page_shows_not_stated_and_the_items_missing(client_for, official_a):
    application = StatusApplicationFactory(
        expected_participants=25, annual_budget=Decimal("1234567.5")
    )
    page = english(client_for(official_a)).get(f"/units/applications/{application.pk}/")
    contents = page.context["contents"]
    assert [item.code for item in contents if item.stated] == [
        "expected_participants",
        "annual_budget",
    ]
    html = page.content.decode()
    assert html.count("not stated</span>") == 14
    assert "1,234,567.50" in html
    assert "The application does not state 14 items of art. 4 ust. 2" in html
    assert "<li>Planned start of activity</li>" in html
    assert "<li>Expected number of participants</li>" not in html
    assert "it does not prevent the decision" in html
    assert f"/units/applications/{application.pk}/contents/" in html


def test_detail_page_of_a_complete_statement(client_for, official_a, analyst):
    application = register(official_a, FULL)
    application.documents.update(delivered_on=D(2026, 3, 2), on_paper=True)
    page = english(client_for(official_a)).get(f"/units/applications/{application.pk}/")
    html = page.content.decode()
    assert page.context["not_stated"] == []
    assert "The application states every item of art. 4 ust. 2" in html
    assert "not stated</span>" not in html
    assert "long-term unemployed" in html
    assert "210,000.50" in html
    # Analysts read it, without the link to correct it.
    read = english(client_for(analyst)).get(f"/units/applications/{application.pk}/")
    assert "Gastronomia i usługi remontowe." in read.content.decode()
    assert "/contents/" not in read.content.decode()


def test_detail_page_lists_the_draft_rules_when_not_delivered(client_for, official_a):
    application = register(official_a, FULL)
    page = english(client_for(official_a)).get(f"/units/applications/{application.pk}/")
    assert page.context["not_stated"] == ["draft rules (regulamin) of the centre"]
    assert "The application does not state 1 item of art. 4 ust. 2" in (
        page.content.decode()
    )


def test_application_state_is_untouched_by_a_correction(official_a):
    application = register(official_a)
    application.documents.update(delivered_on=D(2026, 3, 2), on_paper=True)
    application_mark_complete(actor=official_a, application=application)
    corrected = correct(official_a, application, FULL)
    corrected.refresh_from_db()
    assert corrected.state == ApplicationState.COMPLETE
    assert corrected.decision_due_on == D(2026, 4, 2)


@row_lock_test
def test_a_correction_at_the_moment_of_the_decision_never_follows_it(official_a):
    application = register(official_a, FULL)
    application.documents.update(delivered_on=D(2026, 3, 2), on_paper=True)
    application_mark_complete(actor=official_a, application=application)
    second_official = type(official_a).objects.get(pk=official_a.pk)
    results, errors = run_at_once(
        lambda: decision_issue_on_application(
            actor=official_a,
            application=application,
            grant=True,
            issued_on=D(2026, 3, 20),
        ),
        lambda: correct(
            second_official,
            application,
            ApplicationContents(**{**FULL.__dict__, "expected_trained": 1}),
        ),
    )
    assert len(results) + len(errors) == 2
    assert [e.code for e in errors] in ([], ["invalid_transition"])
    # Whichever came first, nothing changed what the application states
    # after it was decided.
    versions = list(application.history.order_by("history_date", "history_id"))
    decided_at = next(
        n for n, v in enumerate(versions) if v.state == ApplicationState.DECIDED
    )
    assert {v.expected_trained for v in versions[decided_at:]} == {
        versions[decided_at].expected_trained
    }
    application.refresh_from_db()
    assert application.expected_trained == (1 if not errors else 30)


def test_the_administration_site_shows_a_decided_application_read_only(
    admin_client,
):
    from units.tests.factories import StatusApplicationFactory  # noqa: PLC0415

    pending = StatusApplicationFactory(stated=True)
    decided = StatusApplicationFactory(stated=True)
    StatusApplication.objects.filter(pk=decided.pk).update(state="decided")
    url = "/admin/units/statusapplication/{}/change/"
    assert 'name="_save"' in admin_client.get(url.format(pending.pk)).content.decode()
    page = admin_client.get(url.format(decided.pk))
    assert page.status_code == 200
    assert 'name="_save"' not in page.content.decode()
    response = admin_client.post(url.format(decided.pk), {"proposed_name": "Inna"})
    assert response.status_code == 403
    decided.refresh_from_db()
    assert decided.proposed_name != "Inna"


def test_registration_offers_the_groups_of_the_day_received(client_for, official_a):
    """A group that applied when the application arrived but has ended since
    can still be ticked on registering it late; one ended before cannot."""
    from participants.models import ExclusionGround  # noqa: PLC0415

    ExclusionGround.objects.filter(code="homeless").update(valid_until=D(2026, 5, 31))
    body = FoundingBodyFactory(voivodeship=voivodeship("14"))
    client = client_for(official_a)
    response = client.post(
        "/units/applications/new/", {**FORM, "founding_body": body.pk}
    )
    assert response.status_code == 302
    application = StatusApplication.objects.get(proposed_name="CIS Przystań")
    assert application.target_groups == ["homeless", "long_term_unemployed"]
    later = {**FORM, "founding_body": body.pk, "received_on": "2026-06-02"}
    later["proposed_name"] = "CIS Późniejszy"
    later["planned_start_on"] = "2026-07-01"
    response = client.post("/units/applications/new/", later)
    assert response.status_code == 200
    assert "target_groups" in response.context["form"].errors


def test_an_extension_is_not_asked_for_its_start_and_setup_funds():
    from units.tests.factories import (  # noqa: PLC0415
        StatusApplicationFactory,
        UnitFactory,
    )

    grant = StatusApplicationFactory(kind="grant")
    extension = StatusApplicationFactory(kind="extension", unit=UnitFactory())
    labels = {
        str(StatusApplication._meta.get_field(name).verbose_name)
        for name in ("planned_start_on", "founder_setup_funds")
    }
    assert labels <= set(grant.contents_not_stated())
    assert not labels & set(extension.contents_not_stated())
    assert len(extension.contents_not_stated()) == len(grant.contents_not_stated()) - 2
