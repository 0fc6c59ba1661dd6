import pytest
from django.utils import timezone

from accounts.tests.factories import UserFactory
from cis_kis import __version__
from programs.services.programme import monthly_programme_adopt
from programs.tests.factories import (
    ActivityFactory,
    ParticipationFactory,
    SessionFactory,
)

pytestmark = pytest.mark.django_db


def test_anonymous_is_sent_to_login(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response.url == "/accounts/login/?next=/"


def test_staff_home_lists_their_units(client_for, staff_a, unit_a, unit_b):
    response = client_for(staff_a).get("/")
    assert response.templates[0].name == "home/units.html"
    content = response.content.decode()
    assert "Moje jednostki" in content
    assert "CIS A" in content
    assert "CIS B" not in content


def test_official_home_shows_their_voivodeship(
    client_for, official_a, unit_a, unit_b, unit_other
):
    response = client_for(official_a).get("/")
    assert response.templates[0].name == "home/voivodeship.html"
    assert response.context["counts"].cis == 2
    assert response.context["counts"].kis == 0
    assert "Województwo mazowieckie" in response.content.decode()


def test_analyst_home_shows_the_country(
    client_for, analyst, unit_a, unit_b, unit_other
):
    response = client_for(analyst).get("/")
    assert response.templates[0].name == "home/national.html"
    assert response.context["totals"]["cis"] == 2
    assert response.context["totals"]["kis"] == 1
    content = response.content.decode()
    assert "Polska: jednostki zatrudnienia socjalnego" in content
    assert "Administracja" not in content


def test_admin_home_links_to_admin(client_for, admin_user):
    response = client_for(admin_user).get("/")
    assert response.templates[0].name == "home/national.html"
    assert 'href="/admin/"' in response.content.decode()


def test_user_without_scope_gets_an_explanation(client_for):
    response = client_for(UserFactory()).get("/")
    assert response.templates[0].name == "home/no_scope.html"
    assert "nie jest jeszcze przypisane" in response.content.decode()


def test_footer_shows_version(client_for, analyst):
    assert f"wersja {__version__}" in client_for(analyst).get("/").content.decode()


def test_health_check(client, django_assert_num_queries):
    with django_assert_num_queries(1):
        response = client.get("/health/")
    assert response.status_code == 200
    assert response.content == b"ok"


def test_pages_load_nothing_from_other_servers(client_for, analyst, unit_a):
    content = client_for(analyst).get("/units/").content.decode()
    assert "http://" not in content.replace("http://www.w3.org", "")
    assert "https://" not in content
    assert "/static/bootstrap/css/bootstrap.min.css" in content
    assert "/static/django_htmx/htmx-2.min.js" in content


def test_security_headers(client):
    response = client.get("/accounts/login/")
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp


def test_menu_follows_the_role(client_for, staff_a, official_a, analyst):
    staff_menu = client_for(staff_a).get("/").content.decode()
    assert ">Moje jednostki</a>" in staff_menu
    assert "Wnioski o status" not in staff_menu
    official_menu = client_for(official_a).get("/").content.decode()
    assert 'href="/units/applications/">Wnioski o status</a>' in official_menu
    assert 'href="/units/founding-bodies/">Podmioty tworzące</a>' in official_menu
    assert ">Jednostki</a>" in official_menu
    assert "Wnioski o status" in client_for(analyst).get("/").content.decode()


def test_health_check_answers_only_safe_methods(client):
    assert client.post("/health/").status_code == 405


def test_centre_home_counts_the_missing_provisions(client_for, staff_a, unit_a):
    ParticipationFactory.for_unit(unit_a)
    response = client_for(staff_a).get("/")
    assert response.context["missing_provisions"] == 1
    content = response.content.decode()
    assert "1 uczestnik w programie nie ma szkolenia BHP" in content
    assert 'href="/participants/provisions/missing/"' in content


def test_a_managers_home_says_whether_this_months_programme_is_adopted(
    client_for, manager_a, staff_a, unit_a
):
    today = timezone.localdate()
    SessionFactory(activity=ActivityFactory(unit=unit_a), date=today)
    response = client_for(manager_a).get("/")
    assert [p.unit for p in response.context["programmes"]] == [unit_a]
    assert "jeszcze niezatwierdzony" in response.content.decode()
    monthly_programme_adopt(actor=manager_a, unit=unit_a, month=today)
    assert "zatwierdzony" in client_for(manager_a).get("/").content.decode()
    # Staff who do not manage the unit are not asked to adopt it.
    assert client_for(staff_a).get("/").context["programmes"] == []
