"""Two-factor authentication (TOTP) through the real log-in flow: password,
then the code or the set-up page, then the page asked for. The suite runs
with OTP_ENFORCED off (force_login); these tests switch it on."""

from binascii import unhexlify

import pytest
from django.conf import settings as django_settings
from django.contrib import admin
from django.core.checks import run_checks
from django.test import Client
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.constants import Role
from accounts.tests.factories import TEST_PASSWORD, UserFactory
from accounts.two_factor import secret_key_base32
from accounts.views import SETUP_KEY_SESSION_KEY
from cis_kis.checks import check_demo_mode, check_otp_enforced

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"
VERIFY = "/accounts/two-factor/"
SETUP = "/accounts/two-factor/setup/"
DISABLE = "/accounts/two-factor/disable/"
WRONG_CODE = "The code is wrong or has expired. Enter the current code."


@pytest.fixture(autouse=True)
def enforced(settings):
    settings.OTP_ENFORCED = True
    settings.DEMO_MODE = False


def english_client() -> Client:
    """A client that chose English, so the messages are the msgids."""
    client = Client()
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def code(key: str, *, steps_ahead: int = 0) -> str:
    """The code an authenticator app shows now (or `steps_ahead` steps on)."""
    return f"{totp(unhexlify(key), drift=steps_ahead):06d}"


def wrong_code(key: str) -> str:
    # Not any code the device accepts (tolerance: one step either way).
    accepted = {code(key, steps_ahead=n) for n in (-1, 0, 1)}
    return next(c for c in ("000000", "111111", "222222") if c not in accepted)


def log_in(client: Client, user, next_url: str = "") -> str:
    """Post the password; return where the log-in page sends the user."""
    url = f"{LOGIN}?next={next_url}" if next_url else LOGIN
    response = client.post(url, {"username": user.email, "password": TEST_PASSWORD})
    assert response.status_code == 302, response.content.decode()
    return response.url


def device_for(user) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)


def test_official_without_device_is_sent_to_setup_and_reaches_nothing_else(
    official_a, unit_a
):
    client = english_client()
    assert log_in(client, official_a) == f"{SETUP}?next=%2F"
    for url in ("/", "/units/", f"/units/{unit_a.pk}/", "/accounts/profile/"):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response.url.startswith(f"{SETUP}?next="), (url, response.url)
    assert client.post("/units/applications/new/").url == SETUP
    assert client.get("/admin/").url == f"{SETUP}?next=%2Fadmin%2F"
    # What stays open: the set-up page itself, health, the language switch,
    # static files, and logging out.
    assert client.get(SETUP).status_code == 200
    assert client.get("/health/").status_code == 200
    # Static files are not redirected (whitenoise serves them before the
    # middleware in production; the test run has no file server: 404).
    assert client.get("/static/css/app.css").status_code == 404
    assert client.post("/i18n/setlang/", {"language": "en"}).status_code == 302
    assert client.post("/accounts/logout/").url == LOGIN
    assert client.get("/").url == "/accounts/login/?next=/"


def test_setup_page_shows_the_key_as_inline_svg_and_text(official_a):
    client = english_client()
    log_in(client, official_a)
    response = client.get(SETUP)
    content = response.content.decode()
    key = client.session[SETUP_KEY_SESSION_KEY]
    assert f'<code id="two-factor-key">{secret_key_base32(key)}</code>' in content
    assert '<svg width="' in content
    assert 'xmlns="http://www.w3.org/2000/svg"' in content
    assert "<img" not in content
    assert "Your role requires two-factor authentication." in content
    # The same key until it is confirmed, so a reload does not change it.
    client.get(SETUP)
    assert client.session[SETUP_KEY_SESSION_KEY] == key


def test_setup_with_a_wrong_code_fails_with_the_message(official_a):
    client = english_client()
    log_in(client, official_a)
    client.get(SETUP)
    key = client.session[SETUP_KEY_SESSION_KEY]
    response = client.post(f"{SETUP}?next=/", {"token": wrong_code(key)})
    assert response.status_code == 200
    assert response.context["form"].errors == {"token": [WRONG_CODE]}
    assert not TOTPDevice.objects.filter(user=official_a).exists()
    assert client.get("/").url == f"{SETUP}?next=%2F"


def test_setup_with_a_malformed_code_fails_with_the_message(official_a):
    client = english_client()
    log_in(client, official_a)
    client.get(SETUP)
    response = client.post(SETUP, {"token": "12345a"})
    assert response.context["form"].errors == {
        "token": ["Enter the 6 digits of the code."]
    }


def test_setup_with_the_right_code_turns_two_factor_on_and_the_page_opens(
    official_a,
):
    client = english_client()
    target = log_in(client, official_a, next_url="/units/")
    assert target == f"{SETUP}?next=%2Funits%2F"
    client.get(target)
    key = client.session[SETUP_KEY_SESSION_KEY]
    response = client.post(target, {"token": code(key)})
    assert response.status_code == 302
    assert response.url == "/units/"
    device = TOTPDevice.objects.get(user=official_a)
    assert (device.key, device.confirmed) == (key, True)
    assert SETUP_KEY_SESSION_KEY not in client.session
    page = client.get("/units/")
    assert page.status_code == 200
    assert [str(m) for m in page.context["messages"]] == [
        "Two-factor authentication is on. From now on you will be asked for a "
        "code from the app after your password."
    ]
    assert client.get("/").status_code == 200
    # The set-up page does not offer a second device.
    response = client.get(SETUP, follow=True)
    assert response.redirect_chain == [("/accounts/profile/", 302)]
    assert [str(m) for m in response.context["messages"]] == [
        "Two-factor authentication is already on."
    ]


def test_the_first_code_cannot_be_used_again_to_log_in(official_a):
    client = english_client()
    log_in(client, official_a)
    client.get(SETUP)
    key = client.session[SETUP_KEY_SESSION_KEY]
    first = code(key)
    client.post(SETUP, {"token": first})
    other = english_client()
    log_in(other, official_a)
    response = other.post(VERIFY, {"token": first})
    assert response.context["form"].errors == {"token": [WRONG_CODE]}


def test_official_with_a_device_must_enter_a_code_after_the_password(
    settings, official_a
):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # a wrong code, then the right one
    device = device_for(official_a)
    client = english_client()
    assert log_in(client, official_a) == f"{VERIFY}?next=%2F"
    assert client.get("/units/").url == f"{VERIFY}?next=%2Funits%2F"
    # Knowing the password is not enough to set up another device.
    assert client.get(SETUP).url == VERIFY
    response = client.post(f"{VERIFY}?next=/units/", {"token": wrong_code(device.key)})
    assert response.status_code == 200
    assert response.context["form"].errors == {"token": [WRONG_CODE]}
    assert client.get("/").status_code == 302
    response = client.post(f"{VERIFY}?next=/units/", {"token": code(device.key)})
    assert response.status_code == 302
    assert response.url == "/units/"
    assert client.get("/units/").status_code == 200
    assert client.get(VERIFY).url == "/"  # already verified


def test_wrong_codes_slow_down_the_next_try(settings, official_a):
    settings.OTP_TOTP_THROTTLE_FACTOR = 60
    device = device_for(official_a)
    client = english_client()
    log_in(client, official_a)
    client.post(VERIFY, {"token": wrong_code(device.key)})
    response = client.post(VERIFY, {"token": code(device.key)})
    assert response.context["form"].errors == {
        "token": ["Too many wrong codes. Wait 60 seconds and try again."]
    }
    device.refresh_from_db()
    assert device.throttling_failure_count == 1
    assert client.get("/").status_code == 302


def test_the_code_page_does_not_accept_an_outside_next(official_a):
    device = device_for(official_a)
    client = english_client()
    log_in(client, official_a)
    response = client.post(
        f"{VERIFY}?next=https://evil.example.com/", {"token": code(device.key)}
    )
    assert response.url == "/"


def test_staff_without_two_factor_log_in_with_the_password_only(staff_a):
    client = english_client()
    assert log_in(client, staff_a) == "/"
    assert client.get("/").status_code == 200
    assert client.get("/participants/").status_code == 200
    # The code page has nothing to ask them.
    assert client.get(VERIFY).url == "/"


def test_staff_can_turn_two_factor_on_and_off(settings, staff_a):
    client = english_client()
    log_in(client, staff_a)
    profile = client.get("/accounts/profile/").content.decode()
    assert "Off: your account is protected by the password alone." in profile
    assert f'href="{SETUP}"' in profile
    assert client.get(DISABLE).status_code == 404  # nothing to turn off yet
    response = client.get(SETUP)
    assert "Your role requires" not in response.content.decode()
    key = client.session[SETUP_KEY_SESSION_KEY]
    response = client.post(SETUP, {"token": code(key)})
    assert response.url == "/accounts/profile/"
    profile = client.get("/accounts/profile/").content.decode()
    assert "On: after your password you enter a code" in profile
    assert f'href="{DISABLE}"' in profile

    # From now on their log-in asks for the code too.
    again = english_client()
    assert log_in(again, staff_a) == f"{VERIFY}?next=%2F"
    assert again.get("/participants/").status_code == 302
    again.post(VERIFY, {"token": code(key, steps_ahead=1)})
    assert again.get("/participants/").status_code == 200

    # Turning it off needs a code too (a later one: each code works once).
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    response = client.post(DISABLE, {"token": wrong_code(key)})
    assert response.context["form"].errors == {"token": [WRONG_CODE]}
    assert TOTPDevice.objects.filter(user=staff_a).count() == 1
    response = client.post(DISABLE, {"token": code(key, steps_ahead=-1)})
    assert response.context["form"].errors == {"token": [WRONG_CODE]}
    TOTPDevice.objects.filter(user=staff_a).update(last_t=-1)
    response = client.post(DISABLE, {"token": code(key)})
    assert response.url == "/accounts/profile/"
    assert not TOTPDevice.objects.filter(user=staff_a).exists()
    assert log_in(english_client(), staff_a) == "/"


@pytest.mark.parametrize("role", ["official_a", "analyst", "admin_user"])
def test_two_factor_cannot_be_turned_off_where_it_is_required(request, role):
    user = request.getfixturevalue(role)
    device = device_for(user)
    client = english_client()
    log_in(client, user)
    client.post(VERIFY, {"token": code(device.key)})
    assert client.get("/accounts/profile/").status_code == 200
    assert client.get(DISABLE).status_code == 404
    assert client.post(DISABLE, {"token": code(device.key)}).status_code == 404
    assert TOTPDevice.objects.filter(user=user).count() == 1


@pytest.mark.parametrize("role", ["analyst", "admin_user"])
def test_analysts_and_administrators_must_set_up_two_factor(request, role):
    user = request.getfixturevalue(role)
    assert log_in(english_client(), user) == f"{SETUP}?next=%2F"


def test_the_admin_asks_administrators_for_the_code(admin_user):
    device = device_for(admin_user)
    anonymous = english_client()
    response = anonymous.get("/admin/login/?next=/admin/units/unit/")
    assert response.url == "/accounts/login/?next=%2Fadmin%2Funits%2Funit%2F"
    client = english_client()
    assert log_in(client, admin_user, next_url="/admin/") == (
        f"{VERIFY}?next=%2Fadmin%2F"
    )
    assert client.get("/admin/").url == f"{VERIFY}?next=%2Fadmin%2F"
    response = client.post(f"{VERIFY}?next=/admin/", {"token": code(device.key)})
    assert response.url == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_the_admin_site_refuses_an_unverified_administrator(rf, admin_user):
    # Even past the middleware, the admin site itself wants the second factor.
    request = rf.get("/admin/")
    request.user = admin_user
    assert admin.site.has_permission(request) is False
    admin_user.is_verified = lambda: True
    assert admin.site.has_permission(request) is True


def test_an_htmx_request_is_sent_to_the_code_page_by_htmx(official_a):
    device_for(official_a)
    client = english_client()
    log_in(client, official_a)
    response = client.get("/units/", headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert response["HX-Redirect"] == VERIFY + "?next=%2Funits%2F"


def demo_official(voivodeship_a):
    return UserFactory(
        email="urzednik@demo.example.org",
        role=Role.VOIVODESHIP_OFFICIAL,
        voivodeship=voivodeship_a,
    )


def test_demo_logins_need_no_second_factor_in_demo_mode(settings, voivodeship_a):
    settings.DEMO_MODE = True
    user = demo_official(voivodeship_a)
    client = english_client()
    assert log_in(client, user) == "/"
    assert client.get("/").status_code == 200


def test_demo_logins_need_the_second_factor_without_demo_mode(voivodeship_a):
    user = demo_official(voivodeship_a)
    assert log_in(english_client(), user) == f"{SETUP}?next=%2F"


def test_demo_mode_exempts_only_the_demo_logins(settings, official_a):
    settings.DEMO_MODE = True
    assert log_in(english_client(), official_a) == f"{SETUP}?next=%2F"


def test_without_enforcement_the_password_is_enough(settings, official_a):
    settings.OTP_ENFORCED = False
    device_for(official_a)
    client = english_client()
    assert log_in(client, official_a) == "/"
    assert client.get("/").status_code == 200


def test_deploy_check_fails_with_demo_mode_and_debug_off(settings):
    settings.DEBUG = False
    settings.DEMO_MODE = True
    [error] = check_demo_mode()
    assert (error.id, error.level, error.msg) == (
        "cis_kis.E001",
        40,
        "DEMO_MODE is on while DEBUG is off.",
    )
    ids = {m.id for m in run_checks(include_deployment_checks=True)}
    assert "cis_kis.E001" in ids
    settings.DEBUG = True
    assert check_demo_mode() == []
    settings.DEBUG = False
    settings.DEMO_MODE = False
    assert check_demo_mode() == []


def test_deploy_check_fails_without_enforcement_and_debug_off(settings):
    settings.DEBUG = False
    settings.OTP_ENFORCED = False
    [error] = check_otp_enforced()
    assert (error.id, error.msg) == (
        "cis_kis.E002",
        "OTP_ENFORCED is off while DEBUG is off.",
    )
    assert "cis_kis.E002" in {m.id for m in run_checks(include_deployment_checks=True)}
    settings.OTP_ENFORCED = True
    assert check_otp_enforced() == []
    assert "cis_kis.E002" not in {
        m.id for m in run_checks(include_deployment_checks=True)
    }
