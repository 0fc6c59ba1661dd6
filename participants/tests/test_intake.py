"""The intake pages: the stepped registration of a person with the referral
(its steps, warnings and refusals) and a new referral of a known person."""

import datetime
import re

import pytest
from django.utils import timezone

from accounts.constants import MembershipRole
from accounts.tests.factories import MembershipFactory
from participants.constants import (
    AccessAction,
    ParticipationState,
    ReferralIssuer,
    ReferralRequester,
)
from participants.models import AccessLog, Participant, Participation, Referral
from participants.services import (
    GroundInput,
    ReferralInput,
    participant_register,
    participation_admit,
    participation_not_admit,
    participation_refer,
)
from participants.tests.factories import ground, make_pesel
from units.tests.factories import UnitFactory

pytestmark = pytest.mark.django_db
D = datetime.date
URL = "/participants/new/"
STEP_FIELD = "intake_wizard_view-current_step"
PESEL = make_pesel(D(1980, 5, 17), "F", 1)

PERSON = {
    "pesel": PESEL,
    "first_name": "Ewa",
    "last_name": "Nowak",
    "citizenship": "polskie",
    "address": "ul. Długa 1, 26-600 Radom",
    "phone": "600 100 200",
    "education": "secondary",
}
REFERRAL = {
    "requested_by": ReferralRequester.PUP,
    "issued_by": ReferralIssuer.PUP,
    "issuer_name": "Powiatowy Urząd Pracy w Radomiu",
    "number": "PUP/12/2025",
    "referred_on": "2025-03-03",
    "social_worker": "Jan Wiśniewski",
    "ref": "CIS-A/7/2025",
}
CONSENT = {"info_clause_on": "2025-03-04", "confirm": "on"}


def grounds_data():
    return {
        "primary_ground": ground("long_term_unemployed").pk,
        "other_grounds": [ground("disabled").pk],
        "evidence_kind": "pup_certificate",
        "evidence_date": "2025-02-20",
        "evidence_issuer": "PUP Radom",
    }


def english(client):
    client.cookies["django_language"] = "en"
    return client


def post_step(client, step, data, **extra):
    payload = {STEP_FIELD: step, **extra}
    payload.update({f"{step}-{name}": value for name, value in data.items()})
    return client.post(URL, payload)


def current_step(response):
    match = re.search(rf'name="{STEP_FIELD}" value="(\w+)"', response.content.decode())
    return match.group(1) if match else None


def walk(client, *, person=None, referral=None, consent=None):
    """GET the wizard and POST the steps of a one-unit user up to the
    information clause; returns the response of the last step."""
    assert client.get(URL).status_code == 200
    assert current_step(post_step(client, "person", person or PERSON)) == "referral"
    assert current_step(post_step(client, "referral", referral or REFERRAL)) == (
        "grounds"
    )
    assert current_step(post_step(client, "grounds", grounds_data())) == "consent"
    return post_step(client, "consent", consent or CONSENT)


def register(unit, pesel=PESEL, **extra):
    data = {
        "first_name": "Anna",
        "last_name": "Kowalska",
        "pesel": pesel,
        "info_clause_on": D(2025, 1, 2),
        **extra,
    }
    return participant_register(actor=None, unit=unit, **data)


def refer(participant, issued_by=ReferralIssuer.PUP):
    return participation_refer(
        actor=None,
        participant=participant,
        referral=ReferralInput(
            requested_by=ReferralRequester.PUP,
            issued_by=issued_by,
            referred_on=D(2025, 1, 6),
        ),
        grounds=[GroundInput(ground("long_term_unemployed"), is_primary=True)],
    )


# The wizard, step by step


def test_the_wizard_registers_the_person_and_the_referral(client_for, staff_a, unit_a):
    client = english(client_for(staff_a))
    first = client.get(URL)
    assert "Step 1 of 4" in first.content.decode()
    assert current_step(first) == "person"

    response = post_step(client, "person", PERSON)
    assert "Step 2 of 4" in response.content.decode()
    response = post_step(client, "referral", REFERRAL)
    assert "Step 3 of 4" in response.content.decode()
    response = post_step(client, "grounds", grounds_data())
    content = response.content.decode()
    assert "Step 4 of 4" in content
    # The summary of what was typed.
    assert "Powiatowy Urząd Pracy w Radomiu" in content
    assert "long-term unemployed (art. 1 ust. 2 pkt 5" in content
    assert "people with disabilities (art. 1 ust. 2 pkt 8" in content
    assert "Nowak" in content
    assert "03.03.2025" in content

    response = post_step(client, "consent", CONSENT)

    participant = Participant.objects.get()
    participation = Participation.objects.get()
    assert response.status_code == 302
    assert response.url == f"/participants/participations/{participation.pk}/"
    assert (participant.unit, participant.first_name, participant.last_name) == (
        unit_a,
        "Ewa",
        "Nowak",
    )
    assert (participant.pesel, participant.birth_date, participant.sex) == (
        PESEL,
        D(1980, 5, 17),
        "F",
    )
    assert participant.info_clause_on == D(2025, 3, 4)
    assert participant.created_by == staff_a
    assert participation.participant == participant
    assert participation.state == ParticipationState.REFERRED
    assert participation.ref == "CIS-A/7/2025"
    assert participation.benefits == []
    referral = participation.referral
    assert (
        referral.requested_by,
        referral.issued_by,
        referral.issuer_name,
        referral.number,
        referral.referred_on,
        referral.social_worker,
    ) == (
        "pup",
        "pup",
        "Powiatowy Urząd Pracy w Radomiu",
        "PUP/12/2025",
        D(2025, 3, 3),
        "Jan Wiśniewski",
    )
    assert [
        (g.ground.code, g.is_primary, g.evidence_kind, g.evidence_date)
        for g in participation.grounds.all()
    ] == [
        ("long_term_unemployed", True, "pup_certificate", D(2025, 2, 20)),
        ("disabled", False, "", None),
    ]
    log = AccessLog.objects.get()
    assert (log.user, log.unit, log.participant, log.action, log.what) == (
        staff_a,
        unit_a,
        participant,
        AccessAction.EDIT,
        "intake",
    )
    followed = client.get(response.url)
    assert [str(m) for m in followed.context["messages"]] == [
        "Nowak Ewa has been registered and the referral recorded."
    ]
    # The wizard starts afresh.
    assert current_step(client.get(URL)) == "person"


def test_a_kis_takes_a_person_without_referral(client_for):
    kis = UnitFactory(name="KIS Radom", kind="KIS")
    staff = MembershipFactory(unit=kis, role=MembershipRole.STAFF).user
    response = walk(
        client_for(staff),
        referral={**REFERRAL, "requested_by": "self", "issued_by": "none"},
    )
    assert response.status_code == 302
    referral = Referral.objects.get()
    assert (referral.participation.unit, referral.issued_by) == (kis, "none")


def test_a_failing_step_shows_the_polish_message_and_keeps_the_input(
    client_for, staff_a, unit_a
):
    client = client_for(staff_a)
    client.get(URL)
    response = post_step(client, "person", {**PERSON, "first_name": ""})
    content = response.content.decode()
    assert response.status_code == 400
    assert current_step(response) == "person"
    assert "To pole jest wymagane." in content
    assert 'value="Nowak"' in content
    assert f'value="{PESEL}"' in content
    assert 'value="ul. Długa 1, 26-600 Radom"' in content


def test_an_invalid_pesel_is_refused_on_the_person_step(client_for, staff_a, unit_a):
    client = english(client_for(staff_a))
    client.get(URL)
    wrong = PESEL[:-1] + str((int(PESEL[-1]) + 1) % 10)  # the check digit
    response = post_step(client, "person", {**PERSON, "pesel": wrong})
    assert response.status_code == 400
    assert current_step(response) == "person"
    assert response.context["form"].errors == {
        "pesel": [f"“{wrong}” is not a valid PESEL number."]
    }


def test_a_person_without_pesel_needs_the_birth_date_and_sex(
    client_for, staff_a, unit_a
):
    client = english(client_for(staff_a))
    client.get(URL)
    response = post_step(
        client,
        "person",
        {**PERSON, "pesel": "", "document_type": "passport"},
    )
    assert response.status_code == 400
    assert response.context["form"].errors == {
        "birth_date": ["Required for a person without a PESEL number."],
        "sex": ["Required for a person without a PESEL number."],
    }


def test_the_consent_must_be_confirmed(client_for, staff_a, unit_a):
    client = english(client_for(staff_a))
    response = walk(client, consent={"info_clause_on": "2025-03-04"})
    assert response.status_code == 400
    assert current_step(response) == "consent"
    assert response.context["form"].errors == {"confirm": ["This field is required."]}
    assert Participant.objects.count() == 0


def test_back_keeps_what_was_typed_on_both_steps(client_for, staff_a, unit_a):
    client = client_for(staff_a)
    client.get(URL)
    post_step(client, "person", PERSON)
    # Back from a half-filled referral step.
    response = post_step(
        client,
        "referral",
        {"issuer_name": "MOPS w Radomiu"},
        wizard_goto_step="person",
    )
    assert response.status_code == 200
    assert current_step(response) == "person"
    assert 'value="Nowak"' in response.content.decode()
    response = post_step(client, "person", PERSON)
    assert current_step(response) == "referral"
    assert 'value="MOPS w Radomiu"' in response.content.decode()


def test_the_referred_on_date_cannot_be_in_the_future(client_for, staff_a, unit_a):
    client = english(client_for(staff_a))
    client.get(URL)
    post_step(client, "person", PERSON)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    response = post_step(
        client, "referral", {**REFERRAL, "referred_on": tomorrow.isoformat()}
    )
    assert response.status_code == 400
    assert response.context["form"].errors == {
        "referred_on": ["The date cannot be in the future."]
    }


def test_an_unknown_step_is_a_bad_request(client_for, staff_a, unit_a):
    client = client_for(staff_a)
    client.get(URL)
    response = post_step(client, "unit", {"unit": unit_a.pk})
    assert response.status_code == 400


# Refusals of the services land on the right step, nothing is created


def test_a_cis_referral_without_issuer_returns_to_the_referral_step(
    client_for, staff_a, unit_a
):
    client = english(client_for(staff_a))
    response = walk(client, referral={**REFERRAL, "issued_by": "none"})
    assert response.status_code == 400
    assert current_step(response) == "referral"
    assert response.context["form"].errors == {
        "issued_by": [
            "A centre admits on a referral of the OPS, CUS or labour office "
            "(art. 12 ust. 1)."
        ]
    }
    assert 'value="Powiatowy Urząd Pracy w Radomiu"' in response.content.decode()
    assert Participant.objects.count() == 0
    assert Participation.objects.count() == 0
    assert AccessLog.objects.count() == 0
    # The other steps are kept: correct the issuer and go on to the end.
    response = post_step(client, "referral", REFERRAL)
    assert current_step(response) == "grounds"
    form = response.context["form"]
    assert form["primary_ground"].value() == str(ground("long_term_unemployed").pk)
    assert form["other_grounds"].value() == [str(ground("disabled").pk)]
    assert current_step(post_step(client, "grounds", grounds_data())) == "consent"
    assert post_step(client, "consent", CONSENT).status_code == 302
    assert Participation.objects.get().referral.issued_by == "pup"


def test_a_pesel_already_in_the_unit_returns_to_the_person_step(
    client_for, staff_a, unit_a
):
    existing = register(unit_a)
    client = english(client_for(staff_a))
    response = walk(client)
    content = response.content.decode()
    assert response.status_code == 400
    assert current_step(response) == "person"
    assert response.context["form"].errors["pesel"] == [
        "This unit already has a participant with this PESEL."
    ]
    assert 'value="Ewa"' in content
    assert list(Participant.objects.all()) == [existing]
    assert Participation.objects.count() == 0
    # With another PESEL the stored referral is still there.
    other = make_pesel(D(1980, 5, 17), "F", 2)
    response = post_step(client, "person", {**PERSON, "pesel": other})
    assert 'value="PUP/12/2025"' in response.content.decode()


# The unit step


def test_the_unit_step_appears_only_for_several_units(
    client_for, staff_a, unit_a, unit_b
):
    client = english(client_for(staff_a))
    assert current_step(client.get(URL)) == "person"

    MembershipFactory(user=staff_a, unit=unit_b, role=MembershipRole.STAFF)
    response = client.get(URL)
    content = response.content.decode()
    assert current_step(response) == "unit"
    assert "Step 1 of 5" in content
    assert list(response.context["form"].fields["unit"].queryset) == [unit_a, unit_b]

    response = post_step(client, "unit", {"unit": unit_b.pk})
    assert current_step(response) == "person"
    assert "Step 2 of 5" in response.content.decode()
    post_step(client, "person", PERSON)
    post_step(client, "referral", REFERRAL)
    post_step(client, "grounds", grounds_data())
    response = post_step(client, "consent", CONSENT)
    assert response.status_code == 302
    assert Participant.objects.get().unit == unit_b


def test_the_unit_step_offers_only_the_users_units(client_for, staff_b, unit_a, unit_b):
    MembershipFactory(user=staff_b, unit=UnitFactory(), role=MembershipRole.STAFF)
    client = english(client_for(staff_b))
    client.get(URL)
    response = post_step(client, "unit", {"unit": unit_a.pk})
    assert response.status_code == 400
    assert response.context["form"].errors == {
        "unit": [
            "Select a valid choice. That choice is not one of the available choices."
        ]
    }


def test_another_units_staff_registers_in_their_own_unit(
    client_for, staff_b, unit_a, unit_b
):
    assert walk(client_for(staff_b)).status_code == 302
    assert Participant.objects.get().unit == unit_b


# Warnings after the person step


def test_possible_duplicates_are_shown_with_links(client_for, staff_a, unit_a):
    same_pesel = register(unit_a)
    similar = register(
        unit_a,
        pesel="",
        first_name="Ewa",
        last_name="Nowakowa",
        birth_date=D(1980, 5, 17),
        sex="F",
        document_type="passport",
        document_number="AB123456",
    )
    register(unit_a, pesel=make_pesel(D(1990, 1, 1), "F", 3))  # someone else
    client = english(client_for(staff_a))
    client.get(URL)
    for step, data in (("person", PERSON), ("referral", REFERRAL)):
        response = post_step(client, step, data)
        content = response.content.decode()
        assert "This may be a person the unit already knows" in content
        assert {p.pk for p in response.context["duplicates"]} == {
            same_pesel.pk,
            similar.pk,
        }
        assert f'href="/participants/{same_pesel.pk}/"' in content
        assert f'href="/participants/{similar.pk}/refer/"' in content
        assert response.context["in_another_cis"] is False


def test_no_warning_for_a_new_person(client_for, staff_a, unit_a):
    client = english(client_for(staff_a))
    client.get(URL)
    content = post_step(client, "person", PERSON).content.decode()
    assert "This may be a person the unit already knows" not in content
    assert "Taking part in another centre" not in content


def test_taking_part_in_another_cis_is_only_a_yes(client_for, staff_a, unit_a, unit_b):
    participation = refer(register(unit_b))
    participation_admit(
        actor=None, participation=participation, admitted_on=D(2025, 1, 13)
    )
    client = english(client_for(staff_a))
    client.get(URL)
    response = post_step(client, "person", PERSON)
    content = response.content.decode()
    assert response.context["in_another_cis"] is True
    assert (
        "A person with this PESEL is taking part in another social integration "
        "centre (CIS) now." in content
    )
    assert "CIS B" not in content
    assert "Kowalska" not in content
    assert response.context["duplicates"] == []


def test_a_referred_person_elsewhere_is_not_taking_part(
    client_for, staff_a, unit_a, unit_b
):
    refer(register(unit_b))
    client = english(client_for(staff_a))
    client.get(URL)
    assert post_step(client, "person", PERSON).context["in_another_cis"] is False


# Access to the wizard


@pytest.mark.parametrize("user_fixture", ["official_a", "analyst", "admin_user"])
def test_the_wizard_is_refused_outside_unit_staff(
    request, client_for, refused, unit_a, user_fixture
):
    client = client_for(request.getfixturevalue(user_fixture))
    refused(client, URL)
    refused(client, URL, method="post")


def test_the_wizard_is_refused_to_anonymous_users(client_for, refused):
    refused(client_for(None), URL)
    refused(client_for(None), URL, method="post")


# A new referral of a known person


def refer_url(participant):
    return f"/participants/{participant.pk}/refer/"


def referral_post(extra=None):
    data = {f"referral-{name}": value for name, value in REFERRAL.items()}
    data.update({f"grounds-{name}": value for name, value in grounds_data().items()})
    data.update(extra or {})
    return data


def ended(unit):
    participant = register(unit)
    participation_not_admit(
        actor=None, participation=refer(participant), reason="Nie zgłosiła się."
    )
    return participant


def test_a_new_referral_after_an_ended_participation(client_for, staff_a, unit_a):
    participant = ended(unit_a)
    client = english(client_for(staff_a))
    page = client.get(refer_url(participant))
    content = page.content.decode()
    assert page.status_code == 200
    assert "New referral of Kowalska Anna" in content
    assert "not admitted" in content

    response = client.post(refer_url(participant), referral_post())

    new = Participation.objects.exclude(state=ParticipationState.NOT_ADMITTED).get()
    assert response.status_code == 302
    assert response.url == f"/participants/participations/{new.pk}/"
    assert new.participant == participant
    assert new.state == ParticipationState.REFERRED
    assert new.ref == "CIS-A/7/2025"
    assert (new.referral.issued_by, new.referral.referred_on) == ("pup", D(2025, 3, 3))
    assert [(g.ground.code, g.is_primary) for g in new.grounds.all()] == [
        ("long_term_unemployed", True),
        ("disabled", False),
    ]
    assert list(
        AccessLog.objects.order_by("pk").values_list("action", "what", "participant")
    ) == [
        (AccessAction.VIEW, "referral form", participant.pk),
        (AccessAction.EDIT, "referral", participant.pk),
    ]
    followed = client.get(response.url)
    assert [str(m) for m in followed.context["messages"]] == [
        "The referral of Kowalska Anna has been recorded."
    ]


def test_a_new_referral_is_refused_while_one_is_open(client_for, staff_a, unit_a):
    participant = register(unit_a)
    refer(participant)
    client = english(client_for(staff_a))
    response = client.post(refer_url(participant), referral_post())
    assert response.status_code == 400
    assert response.context["referral_form"].non_field_errors() == [
        "The person already has an open participation in this unit."
    ]
    assert 'value="Powiatowy Urząd Pracy w Radomiu"' in response.content.decode()
    assert Participation.objects.count() == 1
    assert not AccessLog.objects.exclude(action=AccessAction.VIEW).exists()


def test_a_new_referral_shows_the_errors_of_both_forms(client_for, staff_a, unit_a):
    participant = ended(unit_a)
    client = english(client_for(staff_a))
    response = client.post(
        refer_url(participant),
        referral_post({"referral-referred_on": "", "grounds-primary_ground": ""}),
    )
    assert response.status_code == 400
    assert response.context["referral_form"].errors == {
        "referred_on": ["This field is required."]
    }
    assert response.context["grounds_form"].errors == {
        "primary_ground": ["This field is required."]
    }
    assert Participation.objects.count() == 1


def test_a_cis_referral_without_issuer_is_refused_on_the_referral_form(
    client_for, staff_a, unit_a
):
    participant = ended(unit_a)
    client = english(client_for(staff_a))
    response = client.post(
        refer_url(participant), referral_post({"referral-issued_by": "none"})
    )
    assert response.status_code == 400
    assert response.context["referral_form"].errors == {
        "issued_by": [
            "A centre admits on a referral of the OPS, CUS or labour office "
            "(art. 12 ust. 1)."
        ]
    }


def test_a_new_referral_of_an_anonymised_person_is_not_found(
    client_for, staff_a, unit_a
):
    participant = ended(unit_a)
    Participant.objects.filter(pk=participant.pk).update(anonymised_at=timezone.now())
    client = client_for(staff_a)
    assert client.get(refer_url(participant)).status_code == 404
    assert client.post(refer_url(participant), referral_post()).status_code == 404
    assert client.get("/participants/999999/refer/").status_code == 404


@pytest.mark.parametrize("user_fixture", ["staff_b", "official_a", "analyst"])
def test_a_new_referral_is_refused_outside_the_unit(
    request, client_for, refused, unit_a, user_fixture
):
    participant = ended(unit_a)
    client = client_for(request.getfixturevalue(user_fixture))
    refused(client, refer_url(participant))
    refused(client, refer_url(participant), method="post")
    assert Participation.objects.count() == 1
    assert AccessLog.objects.count() == 0


def test_a_new_referral_is_refused_to_anonymous_users(client_for, refused, unit_a):
    participant = ended(unit_a)
    refused(client_for(None), refer_url(participant))
    refused(client_for(None), refer_url(participant), method="post")


def test_the_referral_page_lists_participations_in_constant_queries(
    client_for, staff_a, unit_a, django_assert_max_num_queries
):
    participant = ended(unit_a)
    for n in range(35):
        participation = Participation.objects.create(
            participant=participant,
            unit=unit_a,
            state=ParticipationState.NOT_ADMITTED,
        )
        Referral.objects.create(
            participation=participation,
            requested_by="pup",
            issued_by="pup",
            referred_on=D(2020, 1, 1) + datetime.timedelta(days=n),
        )
    client = client_for(staff_a)
    client.get(refer_url(participant))  # warm the session
    with django_assert_max_num_queries(8):
        response = client.get(refer_url(participant))
    assert len(response.context["participations"]) == 36
    assert response.content.decode().count("/participants/participations/") == 36
