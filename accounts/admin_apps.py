"""Django's admin, installed with the site that asks for the second factor.

Kept apart from accounts/apps.py: a second AppConfig there would make
Django's choice of the accounts app's configuration ambiguous.
"""

from django.contrib.admin.apps import AdminConfig


class TwoFactorAdminConfig(AdminConfig):
    default_site = "accounts.admin_site.TwoFactorAdminSite"
