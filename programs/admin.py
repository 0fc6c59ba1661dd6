"""Django admin of the programs app, registered from two modules."""

from programs import admin_activities, admin_allowances  # noqa: F401
