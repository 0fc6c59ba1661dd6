"""The annual report workflow: open, save what the unit enters, submit (the
frozen snapshot), return with comments, resubmit, accept; who may do each
step, and what happens when a step no longer applies."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from accounts.tests.factories import UserFactory
from cis_kis.tests.concurrency import row_lock_test, run_at_once
from reporting import services
from reporting.constants import ReportState, ReviewOutcome
from reporting.models import ReportReview, UnitAnnualReport
from reporting.tests.reports_helpers import (
    CIS_FIGURES,
    KIS_FIGURES,
    checked,
    stint,
    submitted_report,
)
from reporting.unit_report import compute_values, frozen_report, live_report

pytestmark = pytest.mark.django_db
D = datetime.date
TODAY = D(2026, 2, 10)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def codes(error: ValidationError) -> list[str]:
    if hasattr(error, "error_dict"):
        return [e.code for errors in error.error_dict.values() for e in errors]
    return [e.code for e in error.error_list]


def test_open_creates_the_draft_once(staff_a, unit_a):
    report = services.report_open(actor=staff_a, unit=unit_a, year=2025, today=TODAY)
    assert report.state == ReportState.DRAFT
    assert report.entered == {}
    again = services.report_open(actor=staff_a, unit=unit_a, year=2025, today=TODAY)
    assert again.pk == report.pk
    assert UnitAnnualReport.objects.count() == 1
    assert report.history.get().history_user == staff_a


def test_open_refuses_a_future_year_and_years_the_unit_was_not_open(staff_a, unit_a):
    with pytest.raises(ValidationError) as caught:
        services.report_open(actor=staff_a, unit=unit_a, year=2027, today=TODAY)
    assert codes(caught.value) == ["future_year"]
    with pytest.raises(ValidationError) as caught:
        services.report_open(actor=staff_a, unit=unit_a, year=2014, today=TODAY)
    assert codes(caught.value) == ["unit_not_open"]
    unit_a.closed_on = D(2023, 6, 30)
    unit_a.save()
    services.report_open(actor=staff_a, unit=unit_a, year=2023, today=TODAY)
    with pytest.raises(ValidationError) as caught:
        services.report_open(actor=staff_a, unit=unit_a, year=2024, today=TODAY)
    assert codes(caught.value) == ["unit_not_open"]


@pytest.mark.parametrize("who", ["staff_b", "official_a", "analyst", "admin_user"])
def test_only_the_units_staff_open_its_report(request, unit_a, who):
    with pytest.raises(PermissionDenied):
        services.report_open(
            actor=request.getfixturevalue(who), unit=unit_a, year=2025, today=TODAY
        )


def test_staff_save_the_figures_and_the_description(staff_a, unit_a):
    report = services.report_open(actor=staff_a, unit=unit_a, year=2025, today=TODAY)
    saved = services.report_save_entered(
        actor=staff_a,
        report=report,
        figures=CIS_FIGURES,
        narrative="  Uruchomiono warsztat krawiecki.  ",
    )
    saved.refresh_from_db()
    assert saved.narrative == "Uruchomiono warsztat krawiecki."
    assert saved.entered["finance"] == {
        "local_government": "120000.00",
        "esf": "80000.50",
        "labour_fund": "45000.00",
        "own_revenue": "12500.25",
        "other": "0.00",
    }
    assert saved.entered["grants"]["received"]["eu_funds"] == "80000.50"


def test_saving_refuses_bad_figures_and_keeps_the_old_ones(staff_a, unit_a):
    report = services.report_open(actor=staff_a, unit=unit_a, year=2025, today=TODAY)
    services.report_save_entered(actor=staff_a, report=report, figures=CIS_FIGURES)
    with pytest.raises(ValidationError) as caught:
        services.report_save_entered(
            actor=staff_a,
            report=report,
            figures={**CIS_FIGURES, "finance_esf": "-10", "staff_other": "x"},
        )
    assert sorted(codes(caught.value)) == ["invalid", "negative"]
    with pytest.raises(ValidationError) as caught:
        services.report_save_entered(
            actor=staff_a, report=report, figures=CIS_FIGURES, narrative="x" * 10_001
        )
    assert codes(caught.value) == ["too_long"]
    report.refresh_from_db()
    assert report.entered["finance"]["esf"] == "80000.50"


def test_another_units_staff_cannot_save(staff_a, staff_b, unit_a):
    report = services.report_open(actor=staff_a, unit=unit_a, year=2025, today=TODAY)
    with pytest.raises(PermissionDenied):
        services.report_save_entered(actor=staff_b, report=report, figures={})


def test_only_a_manager_submits_and_only_a_complete_report(staff_a, manager_a, unit_a):
    report = services.report_open(actor=staff_a, unit=unit_a, year=2025, today=TODAY)
    with pytest.raises(PermissionDenied):
        services.report_submit(actor=staff_a, report=report)
    services.report_save_entered(
        actor=staff_a,
        report=report,
        figures={k: v for k, v in CIS_FIGURES.items() if k != "staff_other"},
    )
    with pytest.raises(ValidationError) as caught:
        services.report_submit(actor=manager_a, report=report)
    assert codes(caught.value) == ["incomplete"]
    report.refresh_from_db()
    assert report.state == ReportState.DRAFT
    assert report.snapshot == {}
    assert not ReportReview.objects.exists()


def test_submission_freezes_the_whole_report(
    manager_a, unit_a, official_a, django_capture_on_commit_callbacks
):
    person = stint(unit_a, admitted=D(2025, 3, 1), exited=D(2025, 10, 31))
    at = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        report = services.report_open(actor=manager_a, unit=unit_a, year=2025)
        services.report_save_entered(
            actor=manager_a, report=report, figures=CIS_FIGURES, narrative="Opis."
        )
        report = services.report_submit(actor=manager_a, report=report, at=at)
    report.refresh_from_db()
    assert report.state == ReportState.SUBMITTED
    assert report.submitted_by == manager_a
    assert report.submitted_at == at
    snapshot = report.snapshot
    assert snapshot["version"] == 1
    assert snapshot["form"] == "MRiPS CAS 02"
    assert snapshot["year"] == 2025
    assert snapshot["narrative"] == "Opis."
    assert snapshot["entered"]["finance"] == report.entered["finance"]
    assert snapshot["entered"]["finance"]["esf"] == "80000.50"
    assert snapshot["computed"] == compute_values(unit_a, 2025)
    assert snapshot["computed"]["participants_completed"]["total"] == {"total": 1}
    meta = snapshot["meta"]
    assert meta["computed_at"] == at.isoformat()
    assert meta["name"] == "CIS A"
    assert meta["kind"] == "CIS"
    assert meta["founder"]["name"] == unit_a.founding_body.name
    assert meta["founder"]["type"] == "ngo"
    assert meta["founder"]["group"] == "social_economy"
    assert list(report.reviews.values_list("outcome", "by")) == [
        (ReviewOutcome.SUBMITTED, manager_a.pk)
    ]
    assert report.pdf.name.startswith(f"reports/units/2025/sprawozdanie-{unit_a.pk}")
    assert report.pdf.read(5) == b"%PDF-"
    # The official of the voivodeship is told; the message names no one.
    assert [m.to for m in mail.outbox] == [[official_a.email]]
    assert person.participant.last_name not in mail.outbox[0].body

    # Records change after the submission: the report does not.
    before = frozen_report(report)
    stint(unit_a, admitted=D(2025, 6, 1), primary="homeless")
    checked(person, 3, "open_market", D(2026, 1, 31))
    person.exited_on = D(2025, 12, 31)
    person.save()
    report.refresh_from_db()
    after = frozen_report(report)
    assert after == before
    assert after.computed[0].total.values == (1, 0, 0)
    assert live_report(report).computed[0].total.values == (2, 0, 0)
    with pytest.raises(ValidationError) as caught:
        services.report_save_entered(actor=manager_a, report=report, figures={})
    assert codes(caught.value) == ["invalid_transition"]
    with pytest.raises(ValidationError) as caught:
        services.report_submit(actor=manager_a, report=report)
    assert codes(caught.value) == ["invalid_transition"]


def test_return_needs_comments_and_an_official_of_the_voivodeship(
    manager_a, unit_a, official_a, official_other, analyst
):
    report = submitted_report(manager_a, unit_a, 2025)
    for outsider in (official_other, analyst, manager_a):
        with pytest.raises(PermissionDenied):
            services.report_return(actor=outsider, report=report, comments="Popraw.")
        with pytest.raises(PermissionDenied):
            services.report_accept(actor=outsider, report=report)
    with pytest.raises(ValidationError) as caught:
        services.report_return(actor=official_a, report=report, comments="   ")
    assert codes(caught.value) == ["comments_required"]
    report.refresh_from_db()
    assert report.state == ReportState.SUBMITTED


def test_return_then_resubmit_then_accept(
    manager_a, unit_a, official_a, django_capture_on_commit_callbacks
):
    stint(unit_a, admitted=D(2025, 3, 1))
    with django_capture_on_commit_callbacks(execute=True):
        report = submitted_report(manager_a, unit_a, 2025)
    report.refresh_from_db()
    first_snapshot = report.snapshot
    first_pdf = report.pdf.name
    assert report.pdf.storage.exists(first_pdf)
    with report.pdf.open("rb") as handle:
        first_bytes = handle.read()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.report_return(
            actor=official_a,
            report=report,
            comments="Proszę uzupełnić kwotę z Funduszu Pracy.",
        )
    report.refresh_from_db()
    assert report.state == ReportState.RETURNED
    assert report.reviewed_by == official_a
    assert [m.to for m in mail.outbox] == [[manager_a.email]]
    # Corrected: the records changed too, and the new snapshot shows both.
    stint(unit_a, admitted=D(2025, 9, 1), primary="homeless")
    services.report_save_entered(
        actor=manager_a,
        report=report,
        figures={**CIS_FIGURES, "finance_labour_fund": "47000"},
        narrative="Poprawione.",
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.report_submit(actor=manager_a, report=report)
    report.refresh_from_db()
    assert report.state == ReportState.SUBMITTED
    assert report.snapshot != first_snapshot
    assert report.snapshot["entered"]["finance"]["labour_fund"] == "47000.00"
    assert report.snapshot["narrative"] == "Poprawione."
    assert report.snapshot["computed"]["participants_total"]["total"]["total"] == 2
    assert report.pdf
    # Rendered anew from the new snapshot; the earlier file is gone (its name
    # may come back when both submissions fall in the same second).
    with report.pdf.open("rb") as handle:
        assert handle.read() != first_bytes
    folder = report.pdf.name.rsplit("/", 1)[0]
    assert report.pdf.storage.listdir(folder)[1] == [report.pdf.name.rsplit("/")[-1]]
    services.report_accept(actor=official_a, report=report, comments="Dziękujemy.")
    report.refresh_from_db()
    assert report.state == ReportState.ACCEPTED
    assert list(
        report.reviews.order_by("at", "pk").values_list("outcome", "comments")
    ) == [
        ("submitted", ""),
        ("returned", "Proszę uzupełnić kwotę z Funduszu Pracy."),
        ("submitted", ""),
        ("accepted", "Dziękujemy."),
    ]
    with pytest.raises(ValidationError) as caught:
        services.report_accept(actor=official_a, report=report)
    assert codes(caught.value) == ["invalid_transition"]
    with pytest.raises(ValidationError) as caught:
        services.report_return(actor=official_a, report=report, comments="Jeszcze raz.")
    assert codes(caught.value) == ["invalid_transition"]


def test_a_stale_copy_cannot_act_twice(manager_a, unit_a, official_a):
    """Two officials who opened the page at the same time: the second one,
    acting on its stale copy, is told the report has moved on."""
    report = submitted_report(manager_a, unit_a, 2025)
    stale = UnitAnnualReport.objects.get(pk=report.pk)
    services.report_accept(actor=official_a, report=report)
    with pytest.raises(ValidationError) as caught:
        services.report_return(actor=official_a, report=stale, comments="Popraw.")
    assert codes(caught.value) == ["invalid_transition"]
    assert ReportReview.objects.filter(outcome="returned").count() == 0


def test_kis_report_has_its_own_figures(unit_other):
    report = services.report_open(actor=None, unit=unit_other, year=2025)
    services.report_save_entered(actor=None, report=report, figures=KIS_FIGURES)
    report = services.report_submit(actor=None, report=report)
    assert report.snapshot["form"] == "MRiPS CAS 01"
    assert report.snapshot["entered"]["volunteers"] == {"F": 4, "M": 1}
    assert report.snapshot["entered"]["finance"]["other"] == "250.75"
    assert "participants_total" in report.snapshot["computed"]


@row_lock_test
def test_two_officials_at_once_one_wins(manager_a, unit_a, official_a):
    report = submitted_report(manager_a, unit_a, 2025)
    colleague = UserFactory(
        email="colleague.a@example.org",
        role="voivodeship_official",
        voivodeship=official_a.voivodeship,
    )
    results, errors = run_at_once(
        lambda: services.report_accept(actor=official_a, report=report),
        lambda: services.report_return(
            actor=colleague, report=report, comments="Proszę poprawić."
        ),
    )
    assert len(results) == 1
    assert [codes(error) for error in errors] == [["invalid_transition"]]
    report.refresh_from_db()
    assert report.state == results[0].state
    assert report.reviews.exclude(outcome="submitted").count() == 1
