"""Rate limits per client address on the log-in and password-reset POSTs
(django-ratelimit), answered with the 429 page; and the password rules."""

import types

import django_ratelimit.core
import pytest
from django.conf import settings as django_settings
from django.contrib.auth.password_validation import validate_password
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.test import Client

from accounts.tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"
RESET = "/accounts/password/reset/"
TOO_MANY = (
    "Too many attempts from your address in a short time. Wait a few minutes "
    "and try again."
)


@pytest.fixture(autouse=True)
def limits_on(settings, monkeypatch):
    settings.RATELIMIT_ENABLE = True
    cache.clear()
    # One fixed moment, so that no window of the limit ends during a test.
    monkeypatch.setattr(
        django_ratelimit.core, "time", types.SimpleNamespace(time=lambda: 1.8e9)
    )
    yield
    cache.clear()


def english_client(address: str = "127.0.0.1") -> Client:
    client = Client(REMOTE_ADDR=address)
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def test_the_default_limits():
    assert django_settings.LOGIN_RATE_LIMIT == "10/m"
    assert django_settings.PASSWORD_RESET_RATE_LIMIT == "5/h"
    assert django_settings.CACHES["default"]["BACKEND"] == (
        "django.core.cache.backends.locmem.LocMemCache"
    )


def test_login_answers_429_after_ten_posts_a_minute_from_one_address(staff_a):
    client = english_client()
    # Other accounts each time, so that django-axes (five failures for one
    # account) does not lock first.
    for n in range(10):
        response = client.post(
            LOGIN, {"username": f"nobody{n}@example.org", "password": "wrong"}
        )
        assert response.status_code == 200, n
    response = client.post(
        LOGIN, {"username": staff_a.email, "password": TEST_PASSWORD}
    )
    assert response.status_code == 429
    assert response.templates[0].name == "429.html"
    assert TOO_MANY in response.content.decode()
    # Not logged in, though the password was right.
    assert client.get("/").url == "/accounts/login/?next=/"
    # The page itself still opens; another address may still log in.
    assert client.get(LOGIN).status_code == 200
    other = english_client("10.0.0.2")
    response = other.post(LOGIN, {"username": staff_a.email, "password": TEST_PASSWORD})
    assert response.status_code == 302


def test_the_429_page_is_polish_by_default():
    client = Client()
    for _ in range(11):
        response = client.post(LOGIN, {"username": "a@example.org", "password": "x"})
    assert response.status_code == 429
    assert '<html lang="pl">' in response.content.decode()


def test_password_reset_answers_429_after_five_posts_an_hour(mailoutbox, staff_a):
    client = english_client()
    for n in range(5):
        response = client.post(RESET, {"email": f"nobody{n}@example.org"})
        assert response.status_code == 302, n
        assert response.url == "/accounts/password/reset/sent/"
    response = client.post(RESET, {"email": staff_a.email})
    assert response.status_code == 429
    assert TOO_MANY in response.content.decode()
    assert mailoutbox == []
    assert english_client("10.0.0.2").post(RESET, {"email": "x@example.org"}).url == (
        "/accounts/password/reset/sent/"
    )


def test_log_in_and_password_reset_count_apart():
    client = english_client()
    for _ in range(5):
        client.post(RESET, {"email": "nobody@example.org"})
    response = client.post(LOGIN, {"username": "nobody@example.org", "password": "x"})
    assert response.status_code == 200


def test_the_forwarded_header_is_ignored_without_a_proxy():
    client = english_client()
    for n in range(10):
        client.post(
            LOGIN,
            {"username": f"nobody{n}@example.org", "password": "x"},
            headers={"X-Forwarded-For": f"192.0.2.{n}"},
        )
    response = client.post(
        LOGIN,
        {"username": "nobody@example.org", "password": "x"},
        headers={"X-Forwarded-For": "192.0.2.99"},
    )
    assert response.status_code == 429


@pytest.mark.parametrize(
    ("password", "code"),
    [
        ("short1!", "password_too_short"),
        ("password123", "password_too_common"),
        ("4829103756", "password_entirely_numeric"),
    ],
)
def test_password_rules(password, code):
    with pytest.raises(ValidationError) as raised:
        validate_password(password)
    assert code in {error.code for error in raised.value.error_list}
