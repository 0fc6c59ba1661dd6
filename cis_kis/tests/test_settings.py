import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def manage(*args, **env):
    environment = {
        key: value
        for key, value in os.environ.items()
        if key
        not in {
            "DEBUG",
            "SECRET_KEY",
            "PESEL_HASH_KEY",
            "ALLOWED_HOSTS",
            "DJANGO_ALLOW_ASYNC_UNSAFE",
            "DEMO_MODE",
            "OTP_ENFORCED",
        }
    }
    environment["DJANGO_SETTINGS_MODULE"] = "cis_kis.settings"
    environment["ENV_FILE"] = os.devnull  # a developer's .env must not interfere
    environment.update(env)
    return subprocess.run(  # noqa: S603 - our own manage.py with fixed arguments
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )


def test_production_settings_pass_deploy_checks_without_warnings():
    result = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DEBUG="false",
        SECRET_KEY="x" * 20 + "a-long-random-production-secret-key-0123456789",
        PESEL_HASH_KEY="p" * 40,
        ALLOWED_HOSTS="cis-kis.example.org",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": "x" * 20 + "a-long-random-production-secret-key-0123456789",
    "PESEL_HASH_KEY": "p" * 40,
    "ALLOWED_HOSTS": "cis-kis.example.org",
}


@pytest.mark.parametrize(
    ("variable", "value", "message"),
    [
        ("DEMO_MODE", "true", "(cis_kis.E001) DEMO_MODE is on while DEBUG is off."),
        (
            "OTP_ENFORCED",
            "false",
            "(cis_kis.E002) OTP_ENFORCED is off while DEBUG is off.",
        ),
    ],
)
def test_deploy_checks_refuse_demo_and_test_switches(variable, value, message):
    result = manage("check", "--deploy", **PRODUCTION, **{variable: value})
    assert result.returncode != 0
    assert message in result.stderr


def test_secret_key_is_required_without_debug():
    result = manage("check", DEBUG="false")
    assert result.returncode != 0
    assert "SECRET_KEY must be set when DEBUG is off" in result.stderr


def test_pesel_hash_key_is_required_without_debug():
    result = manage("check", DEBUG="false", SECRET_KEY="k" * 60)
    assert result.returncode != 0
    assert "PESEL_HASH_KEY must be set when DEBUG is off" in result.stderr


@pytest.mark.parametrize(
    ("setting", "value"),
    [
        ("SESSION_COOKIE_SECURE", True),
        ("CSRF_COOKIE_SECURE", True),
        ("SECURE_SSL_REDIRECT", True),
        ("SESSION_COOKIE_HTTPONLY", True),
        ("TIME_ZONE", "Europe/Warsaw"),
        ("LANGUAGE_CODE", "pl"),
        ("OTP_ENFORCED", True),
        ("DEMO_MODE", False),
    ],
)
def test_production_defaults(setting, value):
    result = manage(
        "shell",
        "--no-imports",
        "-c",
        f"from django.conf import settings; print(repr(settings.{setting}))",
        DEBUG="false",
        SECRET_KEY="k" * 60,
        PESEL_HASH_KEY="p" * 40,
        ALLOWED_HOSTS="cis-kis.example.org",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == repr(value)


def test_database_url_selects_postgresql_with_persistent_connections():
    result = manage(
        "shell",
        "--no-imports",
        "-c",
        "from django.conf import settings; d = settings.DATABASES['default']; "
        "print(d['ENGINE'], d['NAME'], d['CONN_MAX_AGE'], d['CONN_HEALTH_CHECKS'])",
        DEBUG="true",
        DATABASE_URL="postgres://cis:pw@db.example.org:5432/ciskis",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "django.db.backends.postgresql",
        "ciskis",
        "60",
        "True",
    ]
