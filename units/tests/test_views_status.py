"""Officials' pages for CIS status: access for every role and the full path
from a registered application to a decision, through the pages."""

import datetime

import pytest
from django.utils import timezone

from units.constants import ApplicationState, CisStatus, DecisionKind
from units.models import StatusApplication, StatusDecision, Unit
from units.services import (
    application_mark_complete,
    application_register,
    decision_issue_on_application,
)
from units.tests.factories import FoundingBodyFactory, voivodeship

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def application(official_a):
    body = FoundingBodyFactory(name="Fundacja Most", voivodeship=voivodeship("14"))
    return application_register(
        actor=official_a,
        voivodeship=voivodeship("14"),
        founding_body=body,
        received_on=D(2026, 3, 2),
        proposed_name="CIS Most",
        proposed_address="ul. Krótka 2",
        proposed_municipality="Radom",
        proposed_places=30,
    )


@pytest.fixture
def decision(official_a, application):
    application.documents.update(delivered_on=D(2026, 3, 2), on_paper=True)
    application_mark_complete(actor=official_a, application=application)
    return decision_issue_on_application(
        actor=official_a, application=application, grant=True, issued_on=D(2026, 3, 9)
    )


def urls(application, decision):
    return [
        "/units/applications/",
        "/units/applications/new/",
        "/units/founding-bodies/new/",
        f"/units/applications/{application.pk}/",
        f"/units/applications/{application.pk}/documents/statute/",
        f"/units/decisions/{decision.pk}/",
        f"/units/decisions/{decision.pk}/pdf/",
    ]


def test_status_pages_refused_to_anonymous_staff_and_other_officials(
    client_for, refused, application, decision, staff_a, manager_a, official_other
):
    for url in urls(application, decision):
        for user in (None, staff_a, manager_a):
            refused(client_for(user), url)
    for url in urls(application, decision)[3:]:
        refused(client_for(official_other), url)
    refused(client_for(official_other), f"/units/{decision.unit.pk}/status/", "post")
    refused(client_for(staff_a), f"/units/{decision.unit.pk}/status/", "post")


def test_analyst_reads_but_cannot_act(client_for, analyst, application):
    client = client_for(analyst)
    assert client.get(f"/units/applications/{application.pk}/").status_code == 200
    assert client.get("/units/applications/new/").status_code == 404
    response = client.post(
        f"/units/applications/{application.pk}/",
        {"action": "complete", "complete-complete_on": "2026-03-02"},
    )
    assert response.status_code == 404


@pytest.mark.parametrize("kind", ["abc", "%00", "a%00b", "99999999999999999999"])
def test_unknown_document_kind_is_404(client_for, official_a, application, kind):
    # A NUL byte reached the query and PostgreSQL answered with a 500.
    url = f"/units/applications/{application.pk}/documents/{kind}/"
    assert client_for(official_a).get(url).status_code == 404


def test_far_future_completion_is_a_form_error(client_for, official_a, application):
    application.documents.update(delivered_on=D(2026, 3, 2), on_paper=True)
    response = client_for(official_a).post(
        f"/units/applications/{application.pk}/",
        {"action": "complete", "complete-complete_on": "9999-12-31"},
    )
    assert response.status_code == 400
    assert response.context["complete_form"].errors == {
        "complete_on": ["Data nie może być z przyszłości."]
    }
    application.refresh_from_db()
    assert application.state == ApplicationState.RECEIVED


def test_official_lists_only_their_voivodeship(
    client_for, official_a, official_other, application
):
    listed = client_for(official_a).get("/units/applications/")
    assert [r.record.pk for r in listed.context["table"].page.object_list] == [
        application.pk
    ]
    other = client_for(official_other).get("/units/applications/")
    assert list(other.context["table"].page.object_list) == []


def test_application_list_query_count(
    client_for, official_a, django_assert_max_num_queries
):
    body = FoundingBodyFactory(voivodeship=voivodeship("14"))
    for n in range(30):
        application_register(
            actor=official_a,
            voivodeship=voivodeship("14"),
            founding_body=body,
            received_on=D(2026, 1, 1) + datetime.timedelta(days=n),
            proposed_name=f"CIS {n}",
            proposed_address="ul. A 1",
            proposed_municipality="Radom",
            proposed_places=10,
        )
    client = client_for(official_a)
    client.get("/units/applications/")
    with django_assert_max_num_queries(7):
        response = client.get("/units/applications/")
    assert len(response.context["table"].page.object_list) == 25


def test_official_takes_an_application_to_a_granted_status(client_for, official_a):
    client = client_for(official_a)
    body = FoundingBodyFactory(
        name="Stowarzyszenie Krok", voivodeship=voivodeship("14")
    )
    response = client.post(
        "/units/applications/new/",
        {
            "kind": "grant",
            "founding_body": body.pk,
            "received_on": "2026-03-02",
            "case_number": "WPS-II.9421.1.2026",
            "proposed_name": "CIS Krok",
            "proposed_address": "ul. Polna 3",
            "proposed_municipality": "Siedlce",
            "proposed_places": "25",
        },
    )
    application = StatusApplication.objects.get(proposed_name="CIS Krok")
    assert response.url == f"/units/applications/{application.pk}/"
    url = response.url
    # Confirming complete with documents missing is refused, with the reason.
    response = client.post(url, {"action": "complete", "complete-complete_on": ""})
    assert response.status_code == 400
    assert "Brakuje dokumentów" in response.content.decode()
    for kind in application.documents.values_list("kind", flat=True):
        client.post(
            url,
            {
                "action": "document",
                "document-kind": kind,
                "document-delivered_on": "2026-03-02",
                "document-on_paper": "on",
            },
        )
    assert client.post(url, {"action": "complete"}).status_code == 302
    application.refresh_from_db()
    assert application.state == ApplicationState.COMPLETE
    assert application.decision_due_on == D(2026, 4, 2)
    # A refusal without reasons is refused, and the typed date is kept.
    response = client.post(
        url,
        {
            "action": "decide",
            "decide-outcome": "refuse",
            "decide-issued_on": "2026-03-20",
        },
    )
    assert response.status_code == 400
    assert "Podaj uzasadnienie odmowy." in response.content.decode()
    assert 'value="2026-03-20"' in response.content.decode()
    response = client.post(
        url,
        {
            "action": "decide",
            "decide-outcome": "grant",
            "decide-issued_on": "2026-03-20",
        },
    )
    assert response.status_code == 302
    decision = StatusDecision.objects.get(application=application)
    assert decision.kind == DecisionKind.GRANT
    unit = Unit.objects.get(name="CIS Krok")
    assert unit.status_on(D(2026, 3, 20)).status == CisStatus.ACTIVE
    # A second decision on the same application is refused.
    response = client.post(
        url,
        {
            "action": "decide",
            "decide-outcome": "grant",
            "decide-issued_on": "2026-03-21",
        },
    )
    assert response.status_code == 404
    assert StatusDecision.objects.count() == 1


def test_official_decides_loss_of_status_on_the_unit_page(
    client_for, official_a, decision
):
    client = client_for(official_a)
    unit_url = f"/units/{decision.unit.pk}/"
    assert "Decyzja o utracie statusu (art. 6)" in client.get(unit_url).content.decode()
    response = client.post(
        f"{unit_url}status/",
        {
            "action": "loss",
            "loss-ground": "founder_request",
            "loss-issued_on": "2026-09-01",
            "loss-reasoning": "Wniosek fundacji.",
        },
    )
    loss = StatusDecision.objects.get(kind=DecisionKind.LOSS)
    assert response.url == f"/units/decisions/{loss.pk}/"
    assert decision.unit.status_on(D(2026, 9, 1)).status == CisStatus.LOST


def test_loss_form_errors_keep_the_input(client_for, official_a, decision):
    response = client_for(official_a).post(
        f"/units/{decision.unit.pk}/status/",
        {
            "action": "loss",
            "loss-ground": "",
            "loss-issued_on": "2026-09-01",
            "loss-reasoning": "Powody.",
        },
    )
    assert response.status_code == 400
    content = response.content.decode()
    assert "Powody." in content
    assert "To pole jest wymagane." in content


def test_loss_on_a_ground_of_art_6_ust_1_says_who_started_the_case(
    client_for, official_a, decision
):
    client = client_for(official_a)
    data = {
        "action": "loss",
        "loss-ground": "not_carrying_out",
        "loss-initiated_by": "",
        "loss-issued_on": "2026-09-01",
        "loss-reasoning": "Kontrola z 2026 r.",
    }
    response = client.post(f"/units/{decision.unit.pk}/status/", data)
    assert response.status_code == 400
    content = response.content.decode()
    assert "Kontrola z 2026 r." in content
    assert "Wskaż, kto wszczął postępowanie" in content
    assert not StatusDecision.objects.filter(kind=DecisionKind.LOSS).exists()
    data["loss-initiated_by"] = "municipality"
    response = client.post(f"/units/{decision.unit.pk}/status/", data)
    loss = StatusDecision.objects.get(kind=DecisionKind.LOSS)
    assert response.url == f"/units/decisions/{loss.pk}/"
    page = client.get(response.url).content.decode()
    assert "Kto wszczął postępowanie" in page
    assert "wniosek wójta, burmistrza lub prezydenta miasta" in page


def test_decision_pdf_download_is_the_stored_file(
    client_for,
    official_a,
    application,
    settings,
    tmp_path,
    django_capture_on_commit_callbacks,
):
    settings.MEDIA_ROOT = tmp_path
    application.documents.update(delivered_on=D(2026, 3, 2), on_paper=True)
    application_mark_complete(actor=official_a, application=application)
    with django_capture_on_commit_callbacks(execute=True):
        decision = decision_issue_on_application(
            actor=official_a,
            application=application,
            grant=True,
            issued_on=D(2026, 3, 9),
        )
    decision.refresh_from_db()
    client = client_for(official_a)
    first = b"".join(
        client.get(f"/units/decisions/{decision.pk}/pdf/").streaming_content
    )
    second = b"".join(
        client.get(f"/units/decisions/{decision.pk}/pdf/").streaming_content
    )
    assert first.startswith(b"%PDF")
    assert first == second == decision.pdf.open("rb").read()


def test_pdf_not_ready_redirects_with_a_message(client_for, official_a, decision):
    response = client_for(official_a).get(f"/units/decisions/{decision.pk}/pdf/")
    assert response.status_code == 302
    assert response.url == f"/units/decisions/{decision.pk}/"


def test_official_home_lists_due_applications(client_for, official_a, application):
    application.documents.update(delivered_on=timezone.localdate(), on_paper=True)
    application.received_on = timezone.localdate() - datetime.timedelta(days=40)
    application.save()
    application_mark_complete(actor=official_a, application=application)
    response = client_for(official_a).get("/")
    assert [a.pk for a in response.context["applications_due"]] == [application.pk]
    assert "CIS Most" in response.content.decode()


def test_founding_body_form_does_not_redirect_off_site(client_for, official_a):
    response = client_for(official_a).post(
        "/units/founding-bodies/new/?next=https://evil.example/",
        {"name": "Fundacja Nowa", "founder_type": "ngo"},
    )
    assert response.status_code == 302
    assert response.url == "/units/applications/new/"


def test_founding_body_form_returns_to_a_local_page(client_for, official_a):
    response = client_for(official_a).post(
        "/units/founding-bodies/new/?next=/units/founding-bodies/",
        {"name": "Fundacja Druga", "founder_type": "ngo"},
    )
    assert response.url == "/units/founding-bodies/"
