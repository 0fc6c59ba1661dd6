"""The unit staff's pages of the participants: the list with its filters,
sorting and export, the person's page, the correction of their data, the
checks due after an exit, the home page; who is refused and what is logged."""

import csv
import datetime
import io

import openpyxl
import pytest
from django.utils import timezone

from accounts.access import forget_scope
from accounts.constants import MembershipRole
from accounts.tests.factories import MembershipFactory
from participants.constants import (
    AccessAction,
    DocumentType,
    ExitReason,
    Outcome,
    ReferralIssuer,
    ReferralRequester,
)
from participants.models import AccessLog, Participant
from participants.services import (
    GroundInput,
    ReferralInput,
    participant_anonymise,
    participant_register,
    participation_admit,
    participation_exit,
    participation_not_admit,
    participation_refer,
    programme_record,
)
from participants.tests.factories import ground, make_pesel
from units.tests.factories import UnitFactory

pytestmark = pytest.mark.django_db
D = datetime.date
TODAY = timezone.localdate()
BORN = D(1980, 5, 17)
REFERRED_ON = D(2025, 3, 3)
ADMITTED_ON = D(2025, 3, 10)
EXITED_ON = D(2025, 6, 30)
PESEL_ANNA = make_pesel(BORN, "F", 1)
INVALID_PESEL = PESEL_ANNA[:-1] + str((int(PESEL_ANNA[-1]) + 1) % 10)


def person(actor, unit, first, last, *, birth=BORN, serial=1, **extra):
    data = {
        "first_name": first,
        "last_name": last,
        "info_clause_on": D(2025, 3, 1),
        "pesel": make_pesel(birth, extra.get("sex", "F"), serial),
        **extra,
    }
    return participant_register(actor=actor, unit=unit, **data)


def refer(actor, participant, *, on=REFERRED_ON, primary="long_term_unemployed"):
    issued_by = (
        ReferralIssuer.PUP if primary == "long_term_unemployed" else ReferralIssuer.OPS
    )
    return participation_refer(
        actor=actor,
        participant=participant,
        referral=ReferralInput(
            requested_by=ReferralRequester.SELF, issued_by=issued_by, referred_on=on
        ),
        grounds=[GroundInput(ground(primary), is_primary=True)],
    )


def admit(actor, participation, on=ADMITTED_ON):
    return participation_admit(actor=actor, participation=participation, admitted_on=on)


def programme(actor, participation, workshop):
    return programme_record(
        actor=actor,
        participation=participation,
        starts_on=participation.admitted_on,
        ends_on=participation.admitted_on + datetime.timedelta(days=180),
        goals="Powrót na rynek pracy.",
        hours_per_week=35,
        workshop=workshop,
    )


def leave(actor, participation, on=EXITED_ON):
    return participation_exit(
        actor=actor,
        participation=participation,
        exited_on=on,
        reason=ExitReason.EMPLOYMENT,
        outcome=Outcome.OPEN_MARKET,
    )


@pytest.fixture
def people(staff_a, unit_a, staff_b, unit_b):
    """One participation of unit A in each stage, and one of unit B."""
    referred = refer(staff_a, person(staff_a, unit_a, "Anna", "Kowalska"))
    trial = admit(
        staff_a,
        refer(
            staff_a,
            person(staff_a, unit_a, "Barbara", "Nowak", serial=2),
            on=TODAY - datetime.timedelta(days=7),
            primary="homeless",
        ),
        on=TODAY - datetime.timedelta(days=5),
    )
    in_programme = admit(
        staff_a, refer(staff_a, person(staff_a, unit_a, "Celina", "Wójcik", serial=3))
    )
    programme(staff_a, in_programme, "stolarska")
    exited = admit(
        staff_a,
        refer(
            staff_a,
            person(staff_a, unit_a, "Dorota", "Lewandowska", serial=4),
            primary="homeless",
        ),
        on=D(2025, 3, 12),
    )
    programme(staff_a, exited, "introligatorska")
    exited = leave(staff_a, exited)
    not_admitted = participation_not_admit(
        actor=staff_a,
        participation=refer(
            staff_a,
            person(
                staff_a,
                unit_a,
                "Ewa",
                "Zielińska",
                pesel="",
                birth=D(1990, 1, 2),
                birth_date=D(1990, 1, 2),
                sex="F",
                document_type=DocumentType.PASSPORT,
                document_number="AB 123456",
            ),
        ),
        reason="Nie zgłosiła się.",
    )
    other_unit = refer(staff_b, person(staff_b, unit_b, "Zofia", "Obca", serial=9))
    return {
        "referred": referred,
        "trial": trial,
        "programme": in_programme,
        "exited": exited,
        "not_admitted": not_admitted,
        "other_unit": other_unit,
    }


def names_in(response):
    return [str(row.record.participant) for row in response.context["table"].rows]


# --- access -----------------------------------------------------------------


LIST_URLS = [
    "/participants/",
    "/participants/?_export=csv",
    "/participants/?_export=xlsx",
    "/participants/follow-ups/",
]


def person_urls(participant):
    return [f"/participants/{participant.pk}/", f"/participants/{participant.pk}/edit/"]


def test_every_page_is_refused_to_anonymous_officials_and_analysts(
    client_for, refused, people, official_a, analyst
):
    participant = people["referred"].participant
    for user in (None, official_a, analyst):
        client = client_for(user)
        for url in LIST_URLS + person_urls(participant):
            refused(client, url)
        refused(client, f"/participants/{participant.pk}/edit/", method="post")
    assert not AccessLog.objects.exists()


def test_another_units_staff_cannot_open_the_person(
    client_for, refused, people, staff_b
):
    participant = people["referred"].participant
    client = client_for(staff_b)
    for url in person_urls(participant):
        refused(client, url)
    refused(client, f"/participants/{participant.pk}/edit/", method="post")
    assert not AccessLog.objects.exists()


def follow_up_names(client):
    response = client.get("/participants/follow-ups/")
    return [str(row.record.participation) for row in response.context["table"].rows]


def test_each_units_staff_find_only_their_units_people_in_the_lists(
    client_for, people, staff_a, staff_b
):
    client = client_for(staff_b)
    assert names_in(client.get("/participants/")) == ["Obca Zofia"]
    export = client.get("/participants/?_export=csv").content.decode()
    assert "Kowalska" not in export
    assert "Obca Zofia" in export
    leave(staff_b, admit(staff_b, people["other_unit"]))
    assert follow_up_names(client) == ["Obca Zofia – CIS B"] * 2
    assert follow_up_names(client_for(staff_a)) == ["Lewandowska Dorota – CIS A"] * 2


def test_every_page_opens_for_the_units_staff(client_for, people, staff_a):
    client = client_for(staff_a)
    for url in LIST_URLS + person_urls(people["referred"].participant):
        assert client.get(url).status_code == 200, url


def test_an_unknown_participant_is_not_found(client_for, staff_a):
    assert client_for(staff_a).get("/participants/999999/").status_code == 404


# --- the list ---------------------------------------------------------------


def test_list_shows_every_participation_of_the_unit_with_its_columns(
    client_for, people, staff_a
):
    client = client_for(staff_a)
    client.cookies["django_language"] = "en"
    response = client.get("/participants/")
    assert names_in(response) == [
        "Kowalska Anna",
        "Lewandowska Dorota",
        "Nowak Barbara",
        "Wójcik Celina",
        "Zielińska Ewa",
    ]
    rows = {
        row.record.participant.last_name: [
            row.get_cell_value(name)
            for name in ("stage", "primary_ground", "workshop", "referral_issuer")
        ]
        for row in response.context["table"].rows
    }
    assert rows == {
        "Kowalska": [
            "referred",
            "long-term unemployed",
            None,
            "county labour office (PUP)",
        ],
        "Nowak": [
            "in the trial period",
            "homeless people carrying out an individual programme of leaving "
            "homelessness",
            None,
            "social-assistance centre (OPS)",
        ],
        "Wójcik": [
            "in the programme",
            "long-term unemployed",
            "stolarska",
            "county labour office (PUP)",
        ],
        "Lewandowska": [
            "exited",
            "homeless people carrying out an individual programme of leaving "
            "homelessness",
            "introligatorska",
            "social-assistance centre (OPS)",
        ],
        "Zielińska": [
            "not admitted",
            "long-term unemployed",
            None,
            "county labour office (PUP)",
        ],
    }
    content = response.content.decode()
    assert f'href="/participants/{people["referred"].participant.pk}/"' in content
    assert PESEL_ANNA in content
    assert "passport AB 123456" in content
    assert 'href="/participants/new/"' in content


def test_list_shows_the_primary_ground_in_polish_by_default(
    client_for, people, staff_a
):
    response = client_for(staff_a).get("/participants/?q=Kowalska")
    row = response.context["table"].rows[0]
    assert row.get_cell_value("primary_ground") == "długotrwale bezrobotni"


FILTER_CASES = [
    ("stage=referred", ["Kowalska Anna"]),
    ("stage=trial", ["Nowak Barbara"]),
    ("stage=programme", ["Wójcik Celina"]),
    ("stage=exited", ["Lewandowska Dorota"]),
    ("stage=not_admitted", ["Zielińska Ewa"]),
    ("primary_ground=HOMELESS", ["Lewandowska Dorota", "Nowak Barbara"]),
    ("workshop=STOLAR", ["Wójcik Celina"]),
    ("workshop=ska", ["Lewandowska Dorota", "Wójcik Celina"]),
    ("referral_issuer=ops", ["Lewandowska Dorota", "Nowak Barbara"]),
    ("referral_issuer=pup", ["Kowalska Anna", "Wójcik Celina", "Zielińska Ewa"]),
    ("admitted_from=2025-03-11", ["Lewandowska Dorota", "Nowak Barbara"]),
    ("admitted_to=2025-03-11", ["Wójcik Celina"]),
    (
        "admitted_from=2025-03-10&admitted_to=2025-03-12",
        ["Lewandowska Dorota", "Wójcik Celina"],
    ),
    ("exited_from=2025-06-30&exited_to=2025-06-30", ["Lewandowska Dorota"]),
    ("exited_from=2025-07-01", []),
    ("exited_to=2025-06-29", []),
    ("q=kowalska", ["Kowalska Anna"]),
    ("q=Celina", ["Wójcik Celina"]),
    ("q=Nowak Barbara", ["Nowak Barbara"]),
    ("q=Barbara Kowalska", []),
    ("q=ab 123456", ["Zielińska Ewa"]),
    ("q=-", []),
]


def test_list_filters(client_for, people, staff_a):
    client = client_for(staff_a)
    homeless = str(ground("homeless").pk)
    for query, expected in FILTER_CASES:
        response = client.get(f"/participants/?{query.replace('HOMELESS', homeless)}")
        assert response.status_code == 200
        assert names_in(response) == expected, query


def test_list_searches_by_pesel_with_or_without_spaces(client_for, people, staff_a):
    client = client_for(staff_a)
    assert names_in(client.get(f"/participants/?q={PESEL_ANNA}")) == ["Kowalska Anna"]
    spaced = f"{PESEL_ANNA[:6]} {PESEL_ANNA[6:]}"
    assert names_in(client.get("/participants/", {"q": spaced})) == ["Kowalska Anna"]
    # Another unit's person is not found by their PESEL.
    other = people["other_unit"].participant.pesel
    assert names_in(client.get(f"/participants/?q={other}")) == []


def test_list_searches_by_the_units_reference(client_for, people, staff_a):
    participation = people["trial"]
    participation.ref = "CIS/7/2026"
    participation.save(update_fields=["ref"])
    assert names_in(client_for(staff_a).get("/participants/?q=cis/7")) == [
        "Nowak Barbara"
    ]


def test_unit_filter_offers_only_the_users_units(
    client_for, people, staff_a, staff_b, unit_a, unit_b
):
    unit_c = UnitFactory(name="CIS C")
    MembershipFactory(user=staff_a, unit=unit_c, role=MembershipRole.STAFF)
    forget_scope(staff_a)
    refer(staff_a, person(staff_a, unit_c, "Halina", "Czarnecka", serial=5))
    client = client_for(staff_a)
    client.cookies["django_language"] = "en"
    response = client.get("/participants/")
    offered = list(response.context["filter"].form.fields["unit"].queryset)
    assert offered == [unit_a, unit_c]
    assert "Czarnecka Halina" in names_in(response)
    assert names_in(client.get(f"/participants/?unit={unit_c.pk}")) == [
        "Czarnecka Halina"
    ]
    assert len(names_in(client.get(f"/participants/?unit={unit_a.pk}"))) == 5
    refused_unit = client.get(f"/participants/?unit={unit_b.pk}")
    assert names_in(refused_unit) == []
    assert refused_unit.context["filter"].form.errors["unit"] == [
        "Select a valid choice. That choice is not one of the available choices."
    ]


def test_list_sorts_by_the_columns(client_for, people, staff_a):
    client = client_for(staff_a)
    assert names_in(client.get("/participants/?sort=-participant")) == [
        "Zielińska Ewa",
        "Wójcik Celina",
        "Nowak Barbara",
        "Lewandowska Dorota",
        "Kowalska Anna",
    ]
    admitted = client.get("/participants/?sort=admitted_on&stage=programme")
    assert names_in(admitted) == ["Wójcik Celina"]
    by_admission = client.get(
        "/participants/?sort=-admitted_on&admitted_from=2025-01-01"
    )
    assert names_in(by_admission) == [
        "Nowak Barbara",
        "Lewandowska Dorota",
        "Wójcik Celina",
    ]
    by_ground = client.get("/participants/?sort=primary_ground&stage=referred")
    assert names_in(by_ground) == ["Kowalska Anna"]
    by_ground = client.get(
        "/participants/?sort=-primary_ground&admitted_from=2025-01-01"
    )
    # "długotrwale bezrobotni" after "bezdomni…" in the descending order.
    assert names_in(by_ground) == [
        "Wójcik Celina",
        "Nowak Barbara",
        "Lewandowska Dorota",
    ]
    by_stage = client.get("/participants/?sort=stage")
    assert names_in(by_stage) == [
        "Kowalska Anna",
        "Nowak Barbara",
        "Wójcik Celina",
        "Lewandowska Dorota",
        "Zielińska Ewa",
    ]
    by_stage = client.get("/participants/?sort=-stage")
    assert names_in(by_stage)[0] == "Zielińska Ewa"
    by_end = client.get("/participants/?sort=-programme_ends_on&workshop=ska")
    assert names_in(by_end) == ["Lewandowska Dorota", "Wójcik Celina"]


def test_list_empty_states(client_for, staff_a):
    client = client_for(staff_a)
    client.cookies["django_language"] = "en"
    content = client.get("/participants/").content.decode()
    assert (
        "No participants are recorded yet. Use “New participant” to record the "
        "first one."
    ) in content
    content = client.get("/participants/?q=nobody").content.decode()
    assert "No participants match these criteria." in content


def test_list_under_htmx_renders_only_the_results(client_for, people, staff_a):
    response = client_for(staff_a).get(
        "/participants/?stage=trial", headers={"HX-Request": "true"}
    )
    content = response.content.decode()
    assert content.lstrip().startswith('<div id="results"')
    assert "<html" not in content
    assert "Nowak Barbara" in content


def test_export_writes_the_access_log_and_holds_the_pesel(
    client_for, people, staff_a, unit_a, unit_b
):
    unit_c = UnitFactory(name="CIS C")
    MembershipFactory(user=staff_a, unit=unit_c, role=MembershipRole.STAFF)
    client = client_for(staff_a)
    client.cookies["django_language"] = "en"
    response = client.get("/participants/?_export=csv&stage=referred")
    assert response["Content-Disposition"] == 'attachment; filename="uczestnicy.csv"'
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == [
        "Participant",
        "PESEL or document",
        "Unit",
        "Stage",
        "Primary ground",
        "Workshop",
        "Referral issued by",
        "Admitted on",
        "Programme ends on",
        "Exited on",
    ]
    assert rows[1:] == [
        [
            "Kowalska Anna",
            PESEL_ANNA,
            "CIS A",
            "referred",
            "long-term unemployed",
            "",
            "county labour office (PUP)",
            "—",
            "—",
            "—",
        ]
    ]
    entries = list(
        AccessLog.objects.order_by("unit__name").values_list(
            "unit__name", "user", "action", "what", "participant"
        )
    )
    assert entries == [
        ("CIS A", staff_a.pk, AccessAction.EXPORT, "participant list", None),
        ("CIS C", staff_a.pk, AccessAction.EXPORT, "participant list", None),
    ]


def test_xlsx_export_holds_the_filtered_rows(client_for, people, staff_a):
    client = client_for(staff_a)
    client.cookies["django_language"] = "en"
    response = client.get("/participants/?_export=xlsx&q=Zielińska")
    assert response["Content-Disposition"] == 'attachment; filename="uczestnicy.xlsx"'
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    rows = list(workbook.active.iter_rows(values_only=True))
    assert [row[:2] for row in rows[1:]] == [("Zielińska Ewa", "passport AB 123456")]
    assert AccessLog.objects.filter(action=AccessAction.EXPORT).count() == 1


def test_viewing_the_list_writes_no_access_log(client_for, people, staff_a):
    client_for(staff_a).get("/participants/")
    assert not AccessLog.objects.exists()


def test_list_query_count_does_not_grow_with_rows(
    client_for, staff_a, unit_a, settings, django_assert_max_num_queries
):
    settings.PAGE_SIZE = 50
    for n in range(32):
        participation = refer(
            staff_a, person(staff_a, unit_a, f"Imię{n:02d}", "Kowalska", serial=n)
        )
        if n % 2:
            programme(staff_a, admit(staff_a, participation), f"warsztat {n}")
    client = client_for(staff_a)
    client.get("/participants/")  # warm the session and the scope
    with django_assert_max_num_queries(7):
        response = client.get("/participants/")
    assert len(response.context["table"].page.object_list) == 32
    with django_assert_max_num_queries(8):
        response = client.get("/participants/?_export=csv")
    assert len(response.content.decode().strip().splitlines()) == 33


# --- the person's page --------------------------------------------------------


def test_detail_shows_the_person_and_writes_the_access_log(
    client_for, people, staff_a, unit_a
):
    participation = people["exited"]
    participant = participation.participant
    client = client_for(staff_a)
    client.cookies["django_language"] = "en"
    response = client.get(f"/participants/{participant.pk}/")
    assert response.status_code == 200
    content = response.content.decode()
    assert "Lewandowska Dorota" in content
    assert participant.pesel in content
    assert f'href="/participants/participations/{participation.pk}/"' in content
    assert f'href="/participants/{participant.pk}/edit/"' in content
    # No open participation: a new referral may be recorded.
    assert f'href="/participants/{participant.pk}/refer/"' in content
    # Staff, not the manager: no export, access log nor anonymisation.
    assert f'href="/participants/{participant.pk}/anonymise/"' not in content
    assert f'href="/participants/{participant.pk}/data/"' not in content
    [row] = response.context["participations"]
    assert row.stage == "exited"
    # The programme was not signed: the timeline dates it by its start.
    assert [(event.day, event.title) for event in row.timeline] == [
        (D(2025, 3, 3), "Referral"),
        (D(2025, 3, 12), "Admitted"),
        (D(2025, 3, 12), "individual social-employment programme (IPZS), version 1"),
        (D(2025, 4, 11), "End of the trial period"),
        (D(2025, 6, 30), "Exit"),
        (D(2025, 9, 30), "check 3 months after the exit"),
        (D(2025, 12, 30), "check 6 months after the exit"),
    ]
    entry = AccessLog.objects.get()
    assert (entry.user, entry.unit, entry.participant, entry.action, entry.what) == (
        staff_a,
        unit_a,
        participant,
        AccessAction.VIEW,
        "participant record",
    )
    assert entry.ip_address == "127.0.0.1"


def test_detail_offers_no_new_referral_while_one_is_open(client_for, people, staff_a):
    participant = people["trial"].participant
    content = client_for(staff_a).get(f"/participants/{participant.pk}/").content
    assert f'href="/participants/{participant.pk}/refer/"' not in content.decode()


def test_detail_offers_the_manager_export_log_and_anonymisation(
    client_for, people, manager_a
):
    participant = people["exited"].participant
    content = client_for(manager_a).get(f"/participants/{participant.pk}/").content
    content = content.decode()
    assert f'href="/participants/{participant.pk}/data/"' in content
    assert (
        f'href="/participants/access-log/?participant_id={participant.pk}"' in content
    )
    assert f'href="/participants/{participant.pk}/anonymise/"' in content


def test_detail_of_an_anonymised_record(client_for, people, manager_a):
    participant = participant_anonymise(
        actor=manager_a, participant=people["exited"].participant
    )
    client = client_for(manager_a)
    client.cookies["django_language"] = "en"
    response = client.get(f"/participants/{participant.pk}/")
    content = response.content.decode()
    assert f"anonymised participant no. {participant.pk}" in content
    assert "The identifying data of this person were erased on" in content
    assert f'href="/participants/{participant.pk}/edit/"' not in content
    assert f'href="/participants/{participant.pk}/refer/"' not in content
    assert f'href="/participants/{participant.pk}/anonymise/"' not in content
    assert client.get(f"/participants/{participant.pk}/edit/").status_code == 404


def test_detail_without_participations(client_for, staff_a, unit_a):
    participant = person(staff_a, unit_a, "Anna", "Kowalska")
    client = client_for(staff_a)
    client.cookies["django_language"] = "en"
    content = client.get(f"/participants/{participant.pk}/").content.decode()
    assert "No participation is recorded for this person yet." in content


def test_detail_query_count_does_not_grow_with_participations(
    client_for, staff_a, unit_a, django_assert_max_num_queries
):
    participant = person(staff_a, unit_a, "Anna", "Kowalska")
    for n in range(4):
        participation = admit(
            staff_a,
            refer(staff_a, participant, on=D(2024, 1 + 2 * n, 1)),
            on=D(2024, 1 + 2 * n, 2),
        )
        programme(staff_a, participation, f"warsztat {n}")
        leave(staff_a, participation, on=D(2024, 2 + 2 * n, 20))
    refer(staff_a, participant, on=D(2025, 3, 3))
    client = client_for(staff_a)
    client.get(f"/participants/{participant.pk}/")  # warm the session
    with django_assert_max_num_queries(9):
        response = client.get(f"/participants/{participant.pk}/")
    assert len(response.context["participations"]) == 5
    assert sum(len(row.timeline) for row in response.context["participations"]) == 29


# --- editing ------------------------------------------------------------------


def person_data(participant, **changes):
    data = {
        "pesel": participant.pesel,
        "document_type": participant.document_type,
        "document_number": participant.document_number,
        "first_name": participant.first_name,
        "last_name": participant.last_name,
        "birth_date": participant.birth_date.isoformat(),
        "sex": participant.sex,
        "citizenship": participant.citizenship,
        "address": participant.address,
        "phone": participant.phone,
        "email": participant.email,
        "education": participant.education,
        "family_situation": participant.family_situation,
        "info_clause_on": participant.info_clause_on.isoformat(),
    }
    return {**data, **changes}


def test_edit_form_shows_the_data_and_logs_the_read(client_for, people, staff_a):
    participant = people["referred"].participant
    response = client_for(staff_a).get(f"/participants/{participant.pk}/edit/")
    assert response.status_code == 200
    assert response.context["form"].initial["pesel"] == PESEL_ANNA
    assert list(AccessLog.objects.values_list("action", "what")) == [
        (AccessAction.VIEW, "participant record (edit form)")
    ]


def test_edit_saves_through_the_service(client_for, people, staff_a):
    participant = people["referred"].participant
    client = client_for(staff_a)
    client.cookies["django_language"] = "en"
    response = client.post(
        f"/participants/{participant.pk}/edit/",
        person_data(participant, last_name="Nowakowska", address="ul. Długa 1"),
        follow=True,
    )
    assert response.redirect_chain == [(f"/participants/{participant.pk}/", 302)]
    assert "The data of Nowakowska Anna have been saved." in response.content.decode()
    participant.refresh_from_db()
    assert (participant.last_name, participant.address) == ("Nowakowska", "ul. Długa 1")
    assert participant.history.first().history_user == staff_a
    assert list(
        AccessLog.objects.order_by("pk").values_list("action", "what", "participant")
    ) == [
        (AccessAction.EDIT, "participant record", participant.pk),
        (AccessAction.VIEW, "participant record", participant.pk),
    ]


def test_edit_with_an_invalid_pesel_keeps_the_input(client_for, people, staff_a):
    participant = people["referred"].participant
    client = client_for(staff_a)
    client.cookies["django_language"] = "en"
    response = client.post(
        f"/participants/{participant.pk}/edit/",
        person_data(participant, pesel=INVALID_PESEL, last_name="Nowakowska"),
    )
    assert response.status_code == 400
    form = response.context["form"]
    message = f"“{INVALID_PESEL}” is not a valid PESEL number."
    assert form.errors == {"pesel": [message]}
    content = response.content.decode()
    assert message in content
    assert f'value="{INVALID_PESEL}"' in content
    assert 'value="Nowakowska"' in content
    participant.refresh_from_db()
    assert (participant.pesel, participant.last_name) == (PESEL_ANNA, "Kowalska")
    assert not AccessLog.objects.filter(action=AccessAction.EDIT).exists()


def test_edit_refuses_a_pesel_of_another_person_in_the_unit(
    client_for, people, staff_a
):
    participant = people["referred"].participant
    taken = people["trial"].participant
    client = client_for(staff_a)
    client.cookies["django_language"] = "en"
    response = client.post(
        f"/participants/{participant.pk}/edit/",
        person_data(
            participant,
            pesel=taken.pesel,
            birth_date=taken.birth_date.isoformat(),
        ),
    )
    assert response.status_code == 400
    messages = [
        m for errors in response.context["form"].errors.values() for m in errors
    ]
    assert messages == ["This unit already has a participant with this PESEL."]


def test_edit_of_a_person_without_pesel_needs_birth_date_and_sex(
    client_for, people, staff_a
):
    participant = people["not_admitted"].participant
    client = client_for(staff_a)
    client.cookies["django_language"] = "en"
    response = client.post(
        f"/participants/{participant.pk}/edit/",
        person_data(participant, birth_date="", sex=""),
    )
    assert response.status_code == 400
    assert response.context["form"].errors == {
        "birth_date": ["Required for a person without a PESEL number."],
        "sex": ["Required for a person without a PESEL number."],
    }


def test_edit_of_another_units_participant_is_not_found(client_for, people, staff_a):
    participant = people["other_unit"].participant
    response = client_for(staff_a).post(
        f"/participants/{participant.pk}/edit/",
        person_data(participant, last_name="Zmieniona"),
    )
    assert response.status_code == 404
    assert Participant.objects.get(pk=participant.pk).last_name == "Obca"


# --- checks after the exit ----------------------------------------------------


def test_follow_ups_due_lists_the_overdue_checks(client_for, people, staff_a):
    client = client_for(staff_a)
    client.cookies["django_language"] = "en"
    response = client.get("/participants/follow-ups/")
    exited = people["exited"]
    rows = [
        (
            str(row.record.participation.participant),
            row.get_cell_value("unit"),
            row.record.months_after,
            row.record.due_on,
        )
        for row in response.context["table"].rows
    ]
    assert rows == [
        ("Lewandowska Dorota", "CIS A", 3, D(2025, 9, 30)),
        ("Lewandowska Dorota", "CIS A", 6, D(2025, 12, 30)),
    ]
    content = response.content.decode()
    assert f'href="/participants/participations/{exited.pk}/"' in content
    assert content.count('<span class="badge text-bg-danger">overdue</span>') == 2


def test_follow_ups_due_empty_state(client_for, staff_a):
    client = client_for(staff_a)
    client.cookies["django_language"] = "en"
    content = client.get("/participants/follow-ups/").content.decode()
    assert (
        "No check after an exit is overdue or due within the next two weeks." in content
    )


def test_follow_ups_due_query_count(
    client_for, staff_a, unit_a, settings, django_assert_max_num_queries
):
    settings.PAGE_SIZE = 50
    for n in range(16):
        participation = admit(
            staff_a,
            refer(staff_a, person(staff_a, unit_a, f"Imię{n}", "Nowak", serial=n)),
        )
        leave(staff_a, participation)
    client = client_for(staff_a)
    client.get("/participants/follow-ups/")
    with django_assert_max_num_queries(5):
        response = client.get("/participants/follow-ups/")
    assert len(response.context["table"].page.object_list) == 32


# --- the home page and the menu -----------------------------------------------


def test_home_page_of_unit_staff_lists_follow_ups_and_links(
    client_for, people, staff_a
):
    client = client_for(staff_a)
    client.cookies["django_language"] = "en"
    response = client.get("/")
    assert [
        (str(f.participation.participant), f.months_after)
        for f in response.context["follow_ups_due"]
    ] == [("Lewandowska Dorota", 3), ("Lewandowska Dorota", 6)]
    content = response.content.decode()
    assert "CIS A" in content
    assert "3 months after the exit" in content
    assert 'href="/participants/new/"' in content
    assert 'href="/participants/follow-ups/"' in content
    assert 'href="/participants/">Participants</a>' in content


def test_home_page_without_follow_ups(client_for, staff_a):
    client = client_for(staff_a)
    client.cookies["django_language"] = "en"
    content = client.get("/").content.decode()
    assert "No check after an exit is overdue or due within the next two weeks." in (
        content
    )


def test_menu_has_no_participants_for_officials(client_for, official_a):
    content = client_for(official_a).get("/").content.decode()
    assert 'href="/participants/"' not in content
