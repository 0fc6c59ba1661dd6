"""The demo annual reports (cis_kis/demo_reports.py): the plan of states,
complete figures, and nothing changed by loading them again."""

import pytest
from django.utils import timezone

from cis_kis.demo_reports import RETURN_COMMENT, load_reports
from reporting.models import ReportReview, UnitAnnualReport
from reporting.unit_report import entered_missing
from units.tests.factories import UnitFactory

pytestmark = pytest.mark.django_db


def test_demo_reports_follow_the_plan_and_load_once(unit_a, unit_b, unit_other):
    year = timezone.localdate().year - 1
    units = {
        "cis1": unit_a,
        "cis2": unit_b,
        "kis1": unit_other,
        "cis-tarnow": UnitFactory(name="CIS Tarnów", places=25),
        "kis-krakow": UnitFactory(name="KIS Kraków", kind="KIS"),
        "cis-new": UnitFactory(name="CIS nowe", opened_on=timezone.localdate()),
    }
    reports = load_reports(units)
    states = {r.unit.name: r.state for r in UnitAnnualReport.objects.all()}
    assert states == {
        "CIS A": "submitted",
        "KIS C": "returned",
        "CIS Tarnów": "accepted",
        "KIS Kraków": "accepted",
    }
    assert {r.year for r in reports} == {year}
    for report in UnitAnnualReport.objects.all():
        assert entered_missing(report.unit.kind, report.snapshot["entered"]) == []
    returned = UnitAnnualReport.objects.get(state="returned")
    assert returned.reviews.get(outcome="returned").comments == RETURN_COMMENT
    reviews = ReportReview.objects.count()
    load_reports(units)
    assert UnitAnnualReport.objects.count() == 4
    assert ReportReview.objects.count() == reviews
