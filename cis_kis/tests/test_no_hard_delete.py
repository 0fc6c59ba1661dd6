"""Participants, decisions, reports and allowances are never deleted: no page of
the application deletes anything, and the admin refuses to delete them even
for a superuser (the trust issue: "no hard delete ... through the UI").
Withdrawals and corrections are new records or state changes, kept in the
history; a person's data leave only by anonymisation."""

import pytest
from django.contrib import admin
from django.test import RequestFactory
from django.urls import URLPattern, URLResolver, get_resolver
from django.views.generic.edit import BaseDeleteView, DeletionMixin

from participants.models import (
    FollowUp,
    IndividualProgramme,
    Participant,
    Participation,
    ParticipationGround,
    Referral,
)
from programs.models import AllowanceMonth, MonthlyAllowance
from reporting.models import ReportReview, UnitAnnualReport
from units.models import KisNotification, StatusApplication, StatusDecision

pytestmark = pytest.mark.django_db

KEPT_FOR_GOOD = (
    Participant,
    Participation,
    Referral,
    ParticipationGround,
    IndividualProgramme,
    FollowUp,
    StatusApplication,
    StatusDecision,
    KisNotification,
    AllowanceMonth,
    MonthlyAllowance,
    UnitAnnualReport,
    ReportReview,
)


def _views(resolver=None):
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace != "admin":
                yield from _views(pattern)
        elif isinstance(pattern, URLPattern):
            yield pattern.name, getattr(pattern.callback, "view_class", None)


def test_no_page_of_the_application_deletes_anything():
    deleting = [
        name
        for name, view in _views()
        if view is not None and issubclass(view, BaseDeleteView | DeletionMixin)
    ]
    assert deleting == []


@pytest.mark.parametrize("model", KEPT_FOR_GOOD, ids=lambda m: m.__name__)
def test_the_admin_never_deletes_them(model, admin_user):
    model_admin = admin.site._registry.get(model)
    if model_admin is None:
        return  # not in the admin at all: nothing to delete there either
    request = RequestFactory().get("/admin/")
    request.user = admin_user
    assert model_admin.has_delete_permission(request) is False
    assert "delete_selected" not in model_admin.get_actions(request)
