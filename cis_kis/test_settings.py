"""Settings for the test suite: the production settings with what a test run
on plain HTTP needs (no HTTPS redirect, static files from the finders, a fast
password hasher)."""

import os

os.environ.setdefault("SECRET_KEY", "test-secret-key-not-for-production")
os.environ.setdefault("PESEL_HASH_KEY", "test-pesel-hash-key-not-for-production")

from cis_kis.settings import *  # noqa: F403

SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
LANGUAGE_COOKIE_SECURE = False
SECURE_HSTS_SECONDS = 0
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
WHITENOISE_AUTOREFRESH = True
# Tasks run at once, inside the test.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
# The suite tests scoping with force_login, which gives no second factor; the
# two-factor tests switch enforcement on with the settings fixture.
OTP_ENFORCED = False
# The cache (and so the rate-limit counters) lives as long as the test run;
# the rate-limit tests switch the limits on with the settings fixture.
RATELIMIT_ENABLE = False
