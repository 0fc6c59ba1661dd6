"""The register of KIS (art. 18a of the Act): notifications, their 30-day
deadline, entry into the register, closure, pages, access and the public
register's entry date."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.utils import timezone, translation

from accounts.constants import MembershipRole
from accounts.tests.factories import MembershipFactory
from units.constants import FounderType, UnitKind
from units.constants_kis import KisNotificationKind, KisNotificationState
from units.models import KisNotification, Unit
from units.register import REGISTER_CSV_COLUMNS
from units.services import (
    kis_closure_record,
    kis_notification_completed,
    kis_notification_register,
    kis_notification_request_completion,
    kis_register_entry,
)
from units.tests.factories import FoundingBodyFactory, UnitFactory, voivodeship

pytestmark = pytest.mark.django_db
D = datetime.date
DAY = datetime.timedelta(days=1)
TODAY = timezone.localdate()


RECEIVED = D(2026, 3, 2)


def notify(actor, received_on=RECEIVED, *, founder_type=FounderType.NGO, **kw):
    """A founding notification in mazowieckie (the voivodeship of official_a)."""
    body = FoundingBodyFactory(founder_type=founder_type, voivodeship=voivodeship("14"))
    data = {
        "voivodeship": voivodeship("14"),
        "founding_body": body,
        "received_on": received_on,
        "club_name": "KIS Razem",
        "address": "ul. Klubowa 1",
        "municipality": "Radom",
        "activity_types": ["job_search", "legal_advice"],
        "planned_start": None,
        **kw,
    }
    return kis_notification_register(actor=actor, **data)


def fresh(notification):
    return KisNotification.objects.get(pk=notification.pk)


# Deadlines (art. 18a ust. 2; KPA art. 57 § 4 for days off).


@pytest.mark.parametrize(
    ("received_on", "due_on"),
    [
        (D(2026, 3, 2), D(2026, 4, 1)),  # a Wednesday: exactly 30 days
        (D(2026, 3, 5), D(2026, 4, 7)),  # Saturday, Easter Sunday and Monday
        (D(2026, 10, 2), D(2026, 11, 2)),  # Sunday and All Saints' Day
        (D(2026, 10, 12), D(2026, 11, 12)),  # Independence Day, a Wednesday
        (D(2022, 2, 15), D(2022, 3, 17)),  # the first day of the rule
    ],
)
def test_entry_is_due_30_days_after_the_notification(official_a, received_on, due_on):
    notification = notify(official_a, received_on)
    assert notification.state == KisNotificationState.RECEIVED
    assert fresh(notification).register_due_on == due_on


def test_no_deadline_before_the_2022_amendment(official_a):
    assert notify(official_a, D(2022, 2, 14)).register_due_on is None


def test_call_to_complete_suspends_and_completion_recounts(official_a):
    notification = notify(official_a, D(2026, 3, 2))
    kis_notification_request_completion(
        actor=official_a,
        notification=notification,
        requested_on=D(2026, 3, 10),
        message="Brak kopii uchwały o utworzeniu klubu.",
    )
    suspended = fresh(notification)
    assert suspended.state == KisNotificationState.INCOMPLETE
    assert suspended.register_due_on is None
    assert suspended.completion_requested_on == D(2026, 3, 10)
    kis_notification_completed(
        actor=official_a, notification=notification, received_on=D(2026, 3, 20)
    )
    recounted = fresh(notification)
    assert recounted.state == KisNotificationState.RECEIVED
    assert recounted.completed_on == D(2026, 3, 20)
    # 30 days from 20 March is Sunday 19 April: the next working day.
    assert recounted.register_due_on == D(2026, 4, 20)


def test_completion_cannot_precede_the_call(official_a):
    notification = notify(official_a)
    kis_notification_request_completion(
        actor=official_a,
        notification=notification,
        requested_on=D(2026, 3, 10),
        message="Brak formularza.",
    )
    with pytest.raises(ValidationError) as error:
        kis_notification_completed(
            actor=official_a, notification=notification, received_on=D(2026, 3, 9)
        )
    assert error.value.error_dict["received_on"][0].code == "received_before_request"


def test_a_founding_needs_known_activities(official_a):
    with pytest.raises(ValidationError) as error:
        notify(official_a, activity_types=[])
    assert error.value.error_dict["activity_types"][0].code == "no_activity"
    with pytest.raises(ValidationError) as error:
        notify(official_a, activity_types=["job_search", "karaoke"])
    assert error.value.error_dict["activity_types"][0].code == "unknown_activity"
    assert not KisNotification.objects.exists()


def test_unit_activity_types_are_checked(unit_other):
    unit_other.activity_types = ["self_help_groups", "unknown"]
    with pytest.raises(ValidationError) as error:
        unit_other.full_clean()
    assert error.value.error_dict["activity_types"][0].code == "unknown_activity"
    unit_other.activity_types = ["self_help_groups"]
    unit_other.full_clean()


# Entry into the register.


def test_entry_creates_the_club(official_a):
    notification = notify(official_a, planned_start=D(2026, 4, 1))
    unit = kis_register_entry(
        actor=official_a, notification=notification, entered_on=D(2026, 3, 25)
    )
    unit.refresh_from_db()
    assert (unit.kind, unit.name, unit.address, unit.municipality) == (
        UnitKind.KIS,
        "KIS Razem",
        "ul. Klubowa 1",
        "Radom",
    )
    assert unit.activity_types == ["job_search", "legal_advice"]
    assert unit.founding_body_id == notification.founding_body_id
    assert unit.voivodeship == voivodeship("14")
    assert unit.opened_on == D(2026, 4, 1)
    entered = fresh(notification)
    assert entered.state == KisNotificationState.ENTERED
    assert entered.unit == unit
    assert entered.entered_on == D(2026, 3, 25)
    assert entered.register_due_on is None
    assert entered.history.first().history_user == official_a


def test_entry_without_a_start_date_opens_the_club_on_entry(official_a):
    unit = kis_register_entry(
        actor=official_a, notification=notify(official_a), entered_on=D(2026, 3, 9)
    )
    assert unit.opened_on == D(2026, 3, 9)


def test_powiat_founder_is_refused_by_art_18(official_a):
    notification = notify(official_a, founder_type=FounderType.POWIAT)
    with pytest.raises(ValidationError) as error:
        kis_register_entry(
            actor=official_a, notification=notification, entered_on=D(2026, 3, 9)
        )
    assert error.value.error_dict["founding_body"][0].code == "founder_not_allowed"
    assert fresh(notification).state == KisNotificationState.RECEIVED
    assert not Unit.objects.filter(kind=UnitKind.KIS).exists()


def test_refused_transitions(official_a, unit_a):
    notification = notify(official_a)
    with pytest.raises(ValidationError) as error:
        kis_notification_completed(
            actor=official_a, notification=notification, received_on=D(2026, 3, 9)
        )
    assert error.value.code == "invalid_transition"
    kis_notification_request_completion(
        actor=official_a,
        notification=notification,
        requested_on=D(2026, 3, 3),
        message="Brak danych.",
    )
    for call in (
        lambda: kis_notification_request_completion(
            actor=official_a,
            notification=notification,
            requested_on=D(2026, 3, 4),
            message="Znowu.",
        ),
        lambda: kis_register_entry(
            actor=official_a, notification=notification, entered_on=D(2026, 3, 9)
        ),
    ):
        with pytest.raises(ValidationError) as error:
            call()
        assert error.value.code == "invalid_transition"
    kis_notification_completed(
        actor=official_a, notification=notification, received_on=D(2026, 3, 5)
    )
    unit = kis_register_entry(
        actor=official_a, notification=notification, entered_on=D(2026, 3, 9)
    )
    with pytest.raises(ValidationError) as error:
        kis_register_entry(
            actor=official_a, notification=notification, entered_on=D(2026, 3, 10)
        )
    assert error.value.code == "invalid_transition"
    assert Unit.objects.filter(kind=UnitKind.KIS).count() == 1
    # A CIS is not closed by notification; a closed club cannot close again.
    with pytest.raises(ValidationError) as error:
        kis_closure_record(
            actor=official_a,
            unit=unit_a,
            received_on=D(2026, 5, 1),
            activity_ended_on=D(2026, 4, 30),
        )
    assert error.value.code == "invalid_transition"
    kis_closure_record(
        actor=official_a,
        unit=unit,
        received_on=D(2026, 5, 1),
        activity_ended_on=D(2026, 4, 30),
    )
    with pytest.raises(ValidationError) as error:
        kis_closure_record(
            actor=official_a,
            unit=unit,
            received_on=D(2026, 5, 2),
            activity_ended_on=D(2026, 5, 1),
        )
    assert error.value.code == "invalid_transition"


def test_only_officials_of_the_voivodeship_act(
    official_a, official_other, staff_a, analyst, admin_user
):
    notification = notify(official_a)
    for actor in (official_other, staff_a, analyst):
        with pytest.raises(PermissionDenied):
            notify(actor)
        with pytest.raises(PermissionDenied):
            kis_notification_request_completion(
                actor=actor,
                notification=notification,
                requested_on=D(2026, 3, 3),
                message="x",
            )
        with pytest.raises(PermissionDenied):
            kis_register_entry(
                actor=actor, notification=notification, entered_on=D(2026, 3, 9)
            )
    assert fresh(notification).state == KisNotificationState.RECEIVED
    unit = kis_register_entry(
        actor=admin_user, notification=notification, entered_on=D(2026, 3, 9)
    )
    for actor in (official_other, staff_a, analyst):
        with pytest.raises(PermissionDenied):
            kis_closure_record(
                actor=actor,
                unit=unit,
                received_on=D(2026, 5, 1),
                activity_ended_on=D(2026, 4, 30),
            )


# Closure (art. 18a ust. 4).


def open_club():
    """A club of mazowieckie open since 2020."""
    return UnitFactory(
        kind=UnitKind.KIS, voivodeship=voivodeship("14"), opened_on=D(2020, 1, 1)
    )


@pytest.mark.parametrize(
    ("ended_on", "received_on", "late"),
    [
        (D(2026, 3, 2), D(2026, 4, 1), False),  # the 30th day
        (D(2026, 3, 2), D(2026, 4, 2), True),  # the 31st day
        (D(2026, 3, 5), D(2026, 4, 7), False),  # Sat 4 April → Tue 7 April
        (D(2026, 3, 5), D(2026, 4, 8), True),
        (D(2022, 1, 10), D(2022, 6, 1), False),  # closed before the duty existed
    ],
)
def test_closure_is_recorded_and_late_after_30_days(
    official_a, ended_on, received_on, late
):
    club = open_club()
    notification = kis_closure_record(
        actor=official_a,
        unit=club,
        received_on=received_on,
        activity_ended_on=ended_on,
    )
    notification.refresh_from_db()
    assert notification.kind == KisNotificationKind.CLOSURE
    assert notification.state == KisNotificationState.RECORDED
    assert notification.late is late
    assert notification.unit == club
    club.refresh_from_db()
    assert club.closed_on == ended_on


def test_closure_dates_are_checked(official_a):
    club = open_club()
    with pytest.raises(ValidationError) as error:
        kis_closure_record(
            actor=official_a,
            unit=club,
            received_on=D(2026, 3, 1),
            activity_ended_on=D(2026, 3, 2),
        )
    assert error.value.error_dict["received_on"][0].code == "notice_before_closure"
    club.refresh_from_db()
    assert club.closed_on is None


def test_a_closure_found_by_the_voivode_needs_how_and_is_never_late(official_a):
    """Art. 18a ust. 5: the voivode removes a club whose closure it found
    without the operator's notice; the 30 days of ust. 4 bind the operator."""
    club = open_club()
    with pytest.raises(ValidationError) as error:
        kis_closure_record(
            actor=official_a,
            unit=club,
            received_on=D(2026, 6, 1),
            activity_ended_on=D(2026, 3, 2),
            found_by_voivode=True,
            finding="  ",
        )
    assert error.value.error_dict["finding"][0].code == "finding_required"
    club.refresh_from_db()
    assert club.closed_on is None
    notification = kis_closure_record(
        actor=official_a,
        unit=club,
        received_on=D(2026, 6, 1),
        activity_ended_on=D(2026, 3, 2),
        found_by_voivode=True,
        finding=" Kontrola 1 czerwca: lokal pusty, pisma wracają. ",
    )
    notification.refresh_from_db()
    assert (notification.found_by_voivode, notification.late) == (True, False)
    assert notification.finding == "Kontrola 1 czerwca: lokal pusty, pisma wracają."
    club.refresh_from_db()
    assert club.closed_on == D(2026, 3, 2)


def test_a_notice_with_a_finding_is_refused_not_emptied(official_a):
    """A finding typed with the operator's notice chosen is a mistake to
    point out, not text to drop."""
    club = open_club()
    with pytest.raises(ValidationError) as error:
        kis_closure_record(
            actor=official_a,
            unit=club,
            received_on=D(2026, 3, 20),
            activity_ended_on=D(2026, 3, 2),
            finding="Kontrola: lokal pusty.",
        )
    assert error.value.error_dict["finding"][0].code == "finding_with_notice"
    club.refresh_from_db()
    assert club.closed_on is None


# Pages.


@pytest.fixture
def entered(official_a):
    """A club of mazowieckie entered on its notification, with one staff member."""
    notification = notify(official_a, club_name="KIS Zgłoszony")
    club = kis_register_entry(
        actor=official_a, notification=notification, entered_on=D(2026, 3, 9)
    )
    staff = MembershipFactory(
        user__email="staff.kis@example.org", unit=club, role=MembershipRole.STAFF
    ).user
    return {"notification": fresh(notification), "club": club, "staff": staff}


def test_pages_refused_to_everyone_but_offices(
    client_for,
    refused,
    entered,
    staff_a,
    manager_a,
    official_other,
    analyst,
    admin_user,
):
    notification, club, staff = (
        entered["notification"],
        entered["club"],
        entered["staff"],
    )
    office_urls = ["/units/kis/", f"/units/kis/{notification.pk}/"]
    official_urls = ["/units/kis/new/", f"/units/{club.pk}/kis-closure/"]
    for user in (None, staff, staff_a, manager_a):
        for url in office_urls + official_urls:
            refused(client_for(user), url)
            refused(client_for(user), url, "post")
    # Another voivodeship's official lists nothing of it and cannot open it.
    for url in (f"/units/kis/{notification.pk}/", f"/units/{club.pk}/kis-closure/"):
        refused(client_for(official_other), url)
        refused(client_for(official_other), url, "post")
    other_list = client_for(official_other).get("/units/kis/")
    assert list(other_list.context["table"].page.object_list) == []
    # Analysts and administrators read, but neither registers nor acts.
    for user in (analyst, admin_user):
        client = client_for(user)
        assert client.get("/units/kis/").status_code == 200
        assert client.get(f"/units/kis/{notification.pk}/").status_code == 200
        for url in official_urls:
            refused(client, url)
            refused(client, url, "post")
    # The club's own staff see its page, without the closure form.
    page = client_for(staff).get(f"/units/{club.pk}/")
    assert page.status_code == 200
    assert page.context["can_close_kis"] is False
    assert "kis_closure_form" not in page.context


def test_official_registers_calls_and_enters_through_the_pages(client_for, official_a):
    client = client_for(official_a)
    client.cookies["django_language"] = "en"
    body = FoundingBodyFactory(name="Fundacja Krok", voivodeship=voivodeship("14"))
    form = client.get("/units/kis/new/").content.decode()
    assert 'type="checkbox" name="activity_types" value="public_works"' in form
    response = client.post(
        "/units/kis/new/",
        {
            "founding_body": body.pk,
            "received_on": "2026-03-02",
            "club_name": "KIS Krok",
            "address": "ul. Polna 3",
            "municipality": "Siedlce",
            "activity_types": ["job_search", "internships"],
            "planned_start": "",
        },
    )
    notification = KisNotification.objects.get(club_name="KIS Krok")
    url = f"/units/kis/{notification.pk}/"
    assert response.url == url
    assert notification.register_due_on == D(2026, 4, 1)
    assert notification.activity_types == ["job_search", "internships"]
    # A call without its content is refused and the typed date is kept.
    response = client.post(
        url, {"action": "completion", "completion-requested_on": "2026-03-04"}
    )
    assert response.status_code == 400
    content = response.content.decode()
    assert "This field is required." in content
    assert 'value="2026-03-04"' in content
    response = client.post(
        url,
        {
            "action": "completion",
            "completion-requested_on": "2026-03-04",
            "completion-message": "Brak kopii uchwały.",
        },
    )
    assert response.status_code == 302
    assert fresh(notification).state == KisNotificationState.INCOMPLETE
    # Entering an incomplete notification is refused, with the reason.
    response = client.post(url, {"action": "enter", "enter-entered_on": "2026-03-09"})
    assert response.status_code == 400
    assert "Only a received founding notification can be entered." in (
        response.content.decode()
    )
    assert fresh(notification).unit is None
    response = client.post(
        url, {"action": "completed", "completed-received_on": "2026-03-20"}
    )
    assert fresh(notification).register_due_on == D(2026, 4, 20)
    page = client.get(url).content.decode()
    assert "Enter the club in the register" in page
    response = client.post(url, {"action": "enter", "enter-entered_on": "2026-03-25"})
    assert response.status_code == 302
    club = Unit.objects.get(name="KIS Krok")
    assert fresh(notification).unit == club
    club_page = client.get(f"/units/{club.pk}/").content.decode()
    assert "help in finding a job, internships and vocational training" in club_page
    assert "Record the closure of the club (art. 18a ust. 4–5)" in club_page


def test_powiat_founder_refused_on_the_page_with_the_message(client_for, official_a):
    notification = notify(official_a, founder_type=FounderType.POWIAT)
    client = client_for(official_a)
    client.cookies["django_language"] = "en"
    response = client.post(
        f"/units/kis/{notification.pk}/",
        {"action": "enter", "enter-entered_on": "2026-03-09"},
    )
    assert response.status_code == 400
    content = response.content.decode()
    assert "A founder of type “county (powiat)” may not found a KIS" in content
    assert 'value="2026-03-09"' in content
    assert fresh(notification).state == KisNotificationState.RECEIVED


def test_closure_from_the_club_page(client_for, official_a, entered):
    client = client_for(official_a)
    client.cookies["django_language"] = "en"
    club = entered["club"]
    url = f"/units/{club.pk}/kis-closure/"
    assert client.get(url).url == f"/units/{club.pk}/#kis-register"
    response = client.post(
        url,
        {
            "kis_closure-activity_ended_on": "2026-03-31",
            "kis_closure-received_on": "2026-03-30",
        },
    )
    assert response.status_code == 400
    content = response.content.decode()
    assert "The notice cannot precede the closure." in content
    assert 'value="2026-03-31"' in content
    response = client.post(
        url,
        {
            "kis_closure-activity_ended_on": "2026-03-31",
            "kis_closure-received_on": "2026-05-04",
        },
    )
    closure = KisNotification.objects.get(kind=KisNotificationKind.CLOSURE)
    assert response.url == f"/units/kis/{closure.pk}/"
    assert closure.late is True  # 30 days from 31 March end on Thursday 30 April
    page = client.get(response.url).content.decode()
    assert "notified after the 30 days of art. 18a ust. 4" in page
    club.refresh_from_db()
    assert club.closed_on == D(2026, 3, 31)
    # A closed club has no closure form any more, and a second notice is refused.
    assert client.get(f"/units/{club.pk}/").context["can_close_kis"] is False
    response = client.post(
        url,
        {
            "kis_closure-activity_ended_on": "2026-04-30",
            "kis_closure-received_on": "2026-05-04",
        },
    )
    assert response.status_code == 400
    assert "The club is already closed." in response.content.decode()
    assert KisNotification.objects.filter(kind=KisNotificationKind.CLOSURE).count() == 1


def test_list_filters_and_highlights(client_for, official_a):
    overdue = notify(official_a, TODAY - 40 * DAY, club_name="KIS Spóźniony")
    soon = notify(official_a, TODAY - 27 * DAY, club_name="KIS Pilny")
    notify(official_a, TODAY - 2 * DAY, club_name="KIS Świeży")
    client = client_for(official_a)
    client.cookies["django_language"] = "en"

    def names(query):
        response = client.get(f"/units/kis/?{query}")
        return {row.record.club_name for row in response.context["table"].page}

    assert names("due=overdue") == {"KIS Spóźniony"}
    assert names("due=soon") == {"KIS Pilny"}
    assert names("q=pilny") == {"KIS Pilny"}
    assert names("state=incomplete") == set()
    assert names("kind=closure") == set()
    content = client.get("/units/kis/?due=overdue").content.decode()
    assert '<span class="badge text-bg-danger">overdue</span>' in content
    assert overdue.register_due_on < TODAY <= soon.register_due_on


def test_list_export_is_named(client_for, official_a):
    notify(official_a)
    response = client_for(official_a).get("/units/kis/?_export=csv")
    assert "zgloszenia-kis" in response["Content-Disposition"]


def test_list_query_count(client_for, official_a, django_assert_max_num_queries):
    body = FoundingBodyFactory(voivodeship=voivodeship("14"))
    for n in range(30):
        notify(
            official_a,
            D(2026, 1, 1) + n * DAY,
            founding_body=body,
            club_name=f"KIS {n}",
        )
    client = client_for(official_a)
    client.get("/units/kis/")
    with django_assert_max_num_queries(7):
        response = client.get("/units/kis/")
    assert len(response.context["table"].page.object_list) == 25


def test_official_home_lists_entries_due(client_for, official_a, official_other):
    due = notify(official_a, TODAY - 25 * DAY, club_name="KIS Na Czas")
    notify(official_a, TODAY - 2 * DAY, club_name="KIS Później")
    response = client_for(official_a).get("/")
    assert [n.pk for n in response.context["kis_notifications_due"]] == [due.pk]
    assert "KIS Na Czas" in response.content.decode()
    other = client_for(official_other).get("/")
    assert list(other.context["kis_notifications_due"]) == []


def test_menu_has_kis_notifications_for_offices(client_for, official_a, staff_a):
    with translation.override("en"):
        client = client_for(official_a)
        client.cookies["django_language"] = "en"
        assert 'href="/units/kis/">KIS notifications</a>' in (
            client.get("/").content.decode()
        )
        staff = client_for(staff_a)
        staff.cookies["django_language"] = "en"
        assert "/units/kis/" not in staff.get("/").content.decode()


# The public register.


def test_register_shows_the_date_of_entry(client, entered, unit_other):
    client.cookies["django_language"] = "en"
    club = entered["club"]
    response = client.get("/register/?kind=KIS")
    dates = {
        row.record.name: row.record.kis_entered_on
        for row in response.context["table"].page
    }
    assert dates == {"KIS Zgłoszony": D(2026, 3, 9), "KIS C": None}
    detail = client.get(f"/register/{club.pk}/").content.decode()
    assert "Entered in the register of KIS" in detail
    assert '<dd class="col-sm-7" id="kis-entered-on">9 March 2026</dd>' in detail
    csv = client.get("/register/export.csv?kind=KIS").content.decode("utf-8-sig")
    lines = [line.split(";") for line in csv.split("\r\n") if line]
    assert lines[0][-1] == REGISTER_CSV_COLUMNS[-1] == "data_wpisu_kis"
    by_name = {line[1]: line[-1] for line in lines[1:]}
    assert by_name == {"KIS Zgłoszony": "2026-03-09", "KIS C": ""}


def test_register_list_query_count_with_kis(
    client, official_a, django_assert_max_num_queries
):
    for n in range(30):
        kis_register_entry(
            actor=official_a,
            notification=notify(official_a, club_name=f"KIS {n:02d}"),
            entered_on=D(2026, 3, 9),
        )
    client.get("/register/")
    with django_assert_max_num_queries(4):
        response = client.get("/register/")
    rows = list(response.context["table"].page)
    assert len(rows) == 25
    assert {row.record.kis_entered_on for row in rows} == {D(2026, 3, 9)}


# Demo data.


def test_demo_loads_kis_notifications_once():
    call_command("load_demo", "--password", "x-demo-pass")
    counts = (KisNotification.objects.count(), Unit.objects.count())
    call_command("load_demo", "--password", "x-demo-pass")
    assert counts == (KisNotification.objects.count(), Unit.objects.count())
    rows = {
        n.club_name: (n.voivodeship.teryt, n.state, n.entered_on, n.received_on)
        for n in KisNotification.objects.select_related("voivodeship")
    }
    assert rows == {
        "Klub Integracji Społecznej w Pruszkowie": (
            "14",
            KisNotificationState.ENTERED,
            D(2023, 3, 20),
            D(2023, 3, 1),
        ),
        "Klub Integracji Społecznej „Krok Dalej” w Wieliczce": (
            "12",
            KisNotificationState.RECEIVED,
            None,
            TODAY - 24 * DAY,
        ),
    }
    club = Unit.objects.get(name="Klub Integracji Społecznej w Pruszkowie")
    assert club.opened_on == D(2023, 3, 20)
    # The clubs founded before 15 February 2022 have no notification.
    assert not KisNotification.objects.filter(
        unit__registry_id__startswith="DEMO-"
    ).exists()


def test_a_closure_found_by_the_voivode_from_the_club_page(
    client_for, official_a, entered
):
    client = client_for(official_a)
    client.cookies["django_language"] = "en"
    club = entered["club"]
    url = f"/units/{club.pk}/kis-closure/"
    data = {
        "kis_closure-found_by_voivode": "1",
        "kis_closure-activity_ended_on": "2026-03-31",
        "kis_closure-received_on": "2026-06-10",
        "kis_closure-finding": "",
    }
    response = client.post(url, data)
    assert response.status_code == 400
    assert "Say how the voivode found that the club closed." in (
        response.content.decode()
    )
    response = client.post(
        url, {**data, "kis_closure-finding": "Kontrola: lokal pusty."}
    )
    closure = KisNotification.objects.get(kind=KisNotificationKind.CLOSURE)
    assert response.url == f"/units/kis/{closure.pk}/"
    assert (closure.found_by_voivode, closure.late) == (True, False)
    page = client.get(response.url).content.decode()
    assert "Kontrola: lokal pusty." in page
    assert "notice (art. 18a ust. 5)" in page
    assert "notified after the 30 days" not in page


def test_the_database_holds_the_rule_of_a_found_closure(official_a):
    from django.db import IntegrityError, transaction  # noqa: PLC0415

    club = open_club()
    notification = kis_closure_record(
        actor=official_a,
        unit=club,
        received_on=D(2026, 6, 1),
        activity_ended_on=D(2026, 3, 2),
        found_by_voivode=True,
        finding="Kontrola.",
    )
    for change in ({"finding": ""}, {"late": True}, {"found_by_voivode": False}):
        with pytest.raises(IntegrityError), transaction.atomic():
            KisNotification.objects.filter(pk=notification.pk).update(**change)
