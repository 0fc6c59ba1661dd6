import re

import pytest
from django.core import mail
from django.urls import reverse

from accounts.tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"


def test_login_page_is_polish_by_default(client):
    response = client.get(LOGIN)
    assert response.status_code == 200
    content = response.content.decode()
    assert '<html lang="pl">' in content
    assert "Zaloguj się" in content
    assert "Adres e-mail" in content


def test_login_page_in_english_when_chosen(client):
    client.post(reverse("set_language"), {"language": "en", "next": LOGIN})
    content = client.get(LOGIN).content.decode()
    assert '<html lang="en">' in content
    assert "E-mail address" in content


def test_login_with_email_redirects_home(client, staff_a):
    response = client.post(
        LOGIN, {"username": "STAFF.A@example.org", "password": TEST_PASSWORD}
    )
    assert response.status_code == 302
    assert response.url == "/"
    assert client.get("/").status_code == 200


def test_wrong_password_shows_polish_error_and_keeps_email(client, staff_a):
    response = client.post(LOGIN, {"username": staff_a.email, "password": "wrong"})
    assert response.status_code == 200
    content = response.content.decode()
    assert "Podaj poprawny adres e-mail i hasło." in content
    assert f'value="{staff_a.email}"' in content


def test_lockout_after_five_failures(client, staff_a):
    for _ in range(5):
        client.post(LOGIN, {"username": staff_a.email, "password": "wrong"})
    response = client.post(
        LOGIN, {"username": staff_a.email, "password": TEST_PASSWORD}
    )
    assert response.status_code == 429
    assert "Konto zablokowane" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_logout_needs_post(client, staff_a):
    client.force_login(staff_a)
    assert client.get("/accounts/logout/").status_code == 405
    response = client.post("/accounts/logout/")
    assert response.status_code == 302
    assert response.url == LOGIN
    assert "_auth_user_id" not in client.session


def test_password_reset_sends_link_that_sets_new_password(client, staff_a):
    response = client.post("/accounts/password/reset/", {"email": staff_a.email})
    assert response.status_code == 302
    assert response.url == "/accounts/password/reset/sent/"
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [staff_a.email]
    link = re.search(r"http://testserver(/accounts/password/reset/\S+/)", message.body)
    assert link, message.body
    # The link redirects to a URL without the token, which shows the form.
    form_url = client.get(link.group(1)).url
    response = client.post(
        form_url,
        {"new_password1": "Nowe-haslo-2026!", "new_password2": "Nowe-haslo-2026!"},
    )
    assert response.status_code == 302
    staff_a.refresh_from_db()
    assert staff_a.check_password("Nowe-haslo-2026!")


def test_password_reset_for_unknown_email_sends_nothing(client):
    response = client.post("/accounts/password/reset/", {"email": "nobody@example.org"})
    assert response.status_code == 302
    assert mail.outbox == []


def test_password_change_validates_and_keeps_session(client, staff_a):
    client.force_login(staff_a)
    response = client.post(
        "/accounts/password/change/",
        {"old_password": TEST_PASSWORD, "new_password1": "123", "new_password2": "123"},
    )
    assert response.status_code == 200
    assert "To hasło jest za krótkie." in response.content.decode()
    response = client.post(
        "/accounts/password/change/",
        {
            "old_password": TEST_PASSWORD,
            "new_password1": "Bardzo-dobre-haslo-7",
            "new_password2": "Bardzo-dobre-haslo-7",
        },
    )
    assert response.url == "/accounts/password/change/done/"
    staff_a.refresh_from_db()
    assert staff_a.check_password("Bardzo-dobre-haslo-7")
    assert client.get("/").status_code == 200


def test_profile_shows_role_and_memberships(client, manager_a, unit_a):
    client.force_login(manager_a)
    content = client.get("/accounts/profile/").content.decode()
    assert "pracownik jednostki" in content
    assert f'href="/units/{unit_a.pk}/">CIS A</a> — kierownik' in content


def test_session_lasts_one_working_day(settings):
    assert settings.SESSION_COOKIE_AGE == 8 * 60 * 60


def test_browser_language_does_not_override_polish(client):
    content = client.get(LOGIN, headers={"Accept-Language": "en-US,en;q=0.9"}).content
    assert '<html lang="pl">' in content.decode()


def test_dates_use_polish_format(client_for, analyst, unit_a):
    content = client_for(analyst).get("/units/").content.decode()
    assert "01.01.2015" in content
