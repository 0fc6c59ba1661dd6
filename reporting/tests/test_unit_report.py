"""The sections of the unit annual report, counted from hand-built records:
exact figures for a CIS (MRiPS CAS 02) and a KIS (MRiPS CAS 01), the rows
always shown, the figures the unit enters, and the number of queries."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from participants.models import ExclusionGround
from reporting.tests.reports_helpers import (
    CIS_FIGURES,
    activity,
    allowance,
    checked,
    enrol,
    referred,
    stint,
)
from reporting.unit_report import (
    build_report,
    clean_entered,
    compute_values,
    entered_missing,
    money,
    unit_meta,
)

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def cis_records(unit_a, unit_b):
    social = activity(unit_a, "social", "Trening kompetencji społecznych")
    workshop = activity(unit_a, "vocational", "Warsztat gastronomiczny")
    old_workshop = activity(unit_a, "vocational", "Warsztat remontowy")
    p1 = stint(
        unit_a,
        admitted=D(2024, 6, 1),
        exited=D(2025, 3, 31),
        outcome="open_market",
    )
    enrol(social, p1, D(2024, 6, 1), D(2025, 3, 31))
    enrol(old_workshop, p1, D(2024, 6, 1), D(2024, 12, 31))
    # The exit's outcome counts before a later check.
    checked(p1, 3, "supported_employment", D(2025, 6, 30))
    p2 = stint(unit_a, admitted=D(2025, 2, 1), sex="M", primary="homeless")
    enrol(workshop, p2, D(2025, 2, 1))
    p3 = stint(
        unit_a,
        admitted=D(2025, 5, 5),
        exited=D(2025, 11, 30),
        primary="homeless",
        reason="resigned",
        outcome="none",
    )
    enrol(social, p3, D(2025, 5, 5), D(2025, 6, 30))
    enrol(workshop, p3, D(2025, 7, 1), D(2025, 11, 30))
    checked(p3, 3, "own_business", D(2026, 2, 28))
    stint(
        unit_a,
        admitted=D(2023, 1, 1),
        exited=D(2024, 12, 31),
        sex="M",
        primary="alcohol_addiction",
    )
    stint(unit_a, admitted=D(2025, 12, 31), primary=None)
    stint(unit_a, admitted=D(2026, 1, 2))
    referred(unit_a)
    stint(unit_b, admitted=D(2025, 3, 1))
    allowance(p2, D(2025, 2, 1), "1994.64")
    allowance(p2, D(2025, 3, 1), "2494.64", bonus="500")
    allowance(p1, D(2025, 1, 1), "1994.64")
    allowance(p1, D(2025, 4, 1), "1000", state="draft")
    allowance(p1, D(2024, 12, 1), "1994.64")
    return unit_a


def test_cis_figures_of_the_year(cis_records):
    values = compute_values(cis_records, 2025)
    assert values["participants_total"] == {
        "rows": {
            "long_term_unemployed": {"total": 1, "social": 1},
            "homeless": {"total": 2, "social": 1, "vocational": 2},
            "none": {"total": 1},
        },
        "total": {"total": 4, "social": 2, "vocational": 2},
    }
    assert values["participants_started"] == {
        "rows": {
            "homeless": {"total": 2, "social": 1, "vocational": 2},
            "none": {"total": 1},
        },
        "total": {"total": 3, "social": 1, "vocational": 2},
    }
    assert values["participants_completed"] == {
        "rows": {
            "long_term_unemployed": {"total": 1, "social": 1},
            "homeless": {"total": 1, "social": 1, "vocational": 1},
        },
        "total": {"total": 2, "social": 2, "vocational": 1},
    }
    assert values["exits_by_reason"] == {
        "rows": {"completed": {"total": 1}, "resigned": {"total": 1}},
        "total": {"total": 2},
    }
    assert values["economically_independent"] == {
        "rows": {"open_market": {"total": 1}, "own_business": {"total": 1}},
        "total": {"total": 2},
    }
    assert values["allowances"]["rows"] == {
        "allowances_paid": {"total": "6483.92"},
        "bonuses_paid": {"total": "500.00"},
        "people_paid": {"total": 2},
    }


def test_an_earlier_year_counts_its_own_records(cis_records):
    values = compute_values(cis_records, 2024)
    assert values["participants_total"]["total"] == {
        "total": 2,
        "social": 1,
        "vocational": 1,
    }
    assert values["participants_completed"]["rows"] == {
        "alcohol_addiction": {"total": 1}
    }
    assert values["economically_independent"]["total"] == {"total": 0}
    assert values["allowances"]["rows"]["allowances_paid"] == {"total": "1994.64"}


def test_the_report_shows_every_group_with_zeros_in_the_acts_order(cis_records):
    with translation.override("en"):
        report = build_report(
            year=2025,
            meta=unit_meta(cis_records),
            computed=compute_values(cis_records, 2025),
            entered={},
            narrative="",
            as_of=timezone.now(),
            frozen=False,
        )
    total = report.computed[0]
    assert total.code == "participants_total"
    codes = [row.code for row in total.rows]
    grounds = list(
        ExclusionGround.objects.order_by("order", "code").values_list("code", flat=True)
    )
    assert codes == [*grounds, "none"]
    rows = {row.code: row for row in total.rows}
    assert rows["homeless"].values == (2, 1, 2)
    assert rows["refugee"].values == (0, 0, 0)
    assert rows["none"].label == "primary ground not recorded"
    assert total.total.values == (4, 2, 2)
    assert [c.label for c in total.columns] == [
        "participants",
        "of whom in social reintegration",
        "of whom in vocational reintegration",
    ]
    assert "admitted on or before 31 December" in total.definition
    independent = {s.code: s for s in report.computed}["economically_independent"]
    assert [(r.code, r.values) for r in independent.rows] == [
        ("open_market", (1,)),
        ("supported_employment", (0,)),
        ("social_cooperative", (0,)),
        ("own_business", (1,)),
    ]
    # Nothing entered yet: the entered sections show dashes, without totals.
    finance = report.entered[0]
    assert finance.code == "finance"
    assert [r.values for r in finance.rows] == [("—",)] * 5
    assert finance.total is None
    assert report.form == "MRiPS CAS 02"


@pytest.fixture
def kis_records(unit_other):
    job_search = activity(unit_other, "job_search", "Klub pracy")
    self_help = activity(unit_other, "self_help", "Grupa wsparcia")
    social = activity(unit_other, "social", "Warsztaty umiejętności")
    k1 = stint(
        unit_other,
        admitted=D(2025, 1, 10),
        exited=D(2025, 6, 30),
        outcome="open_market",
    )
    enrol(job_search, k1, D(2025, 1, 10), D(2025, 6, 30))
    k2 = stint(
        unit_other,
        admitted=D(2025, 3, 1),
        exited=D(2025, 9, 30),
        sex="M",
        outcome="continued_activation",
    )
    enrol(self_help, k2, D(2025, 3, 1), D(2025, 9, 30))
    enrol(job_search, k2, D(2025, 3, 1), D(2025, 9, 30))
    k3 = stint(unit_other, admitted=D(2024, 10, 1), primary="homeless")
    enrol(social, k3, D(2024, 10, 1))
    stint(
        unit_other,
        admitted=D(2025, 11, 1),
        exited=D(2025, 12, 15),
        primary="disabled",
        outcome="",
    )
    return unit_other


def test_kis_figures_of_the_year(kis_records):
    values = compute_values(kis_records, 2025)
    assert values["participants_total"]["rows"] == {
        "participants": {"F": 3, "M": 1, "total": 4}
    }
    assert values["participants_started"] == {
        "rows": {
            "long_term_unemployed": {"F": 1, "M": 1, "total": 2},
            "disabled": {"F": 1, "M": 0, "total": 1},
        },
        "total": {"F": 2, "M": 1, "total": 3},
    }
    assert values["participants_completed"] == {
        "rows": {
            "open_market": {"F": 1, "M": 0, "total": 1},
            "continued_activation": {"F": 0, "M": 1, "total": 1},
            "not_recorded": {"F": 1, "M": 0, "total": 1},
        },
        "total": {"F": 2, "M": 1, "total": 3},
    }
    assert values["social_reintegration"] == {
        "rows": {
            "social": {"F": 1, "M": 0, "total": 1},
            "self_help": {"F": 0, "M": 1, "total": 1},
        },
        "total": {"F": 1, "M": 1, "total": 2},
    }
    assert values["vocational_reintegration"] == {
        "rows": {"job_search": {"F": 1, "M": 1, "total": 2}},
        "total": {"F": 1, "M": 1, "total": 2},
    }


def test_kis_report_sections_and_rows(kis_records):
    with translation.override("en"):
        report = build_report(
            year=2025,
            meta=unit_meta(kis_records),
            computed=compute_values(kis_records, 2025),
            entered={"finance": {"local_government": "30000.00"}},
            narrative="",
            as_of=timezone.now(),
            frozen=False,
        )
    assert report.form == "MRiPS CAS 01"
    assert [s.code for s in report.computed] == [
        "participants_total",
        "participants_started",
        "participants_completed",
        "social_reintegration",
        "vocational_reintegration",
    ]
    assert [s.code for s in report.entered] == ["finance", "staff", "volunteers"]
    completed = report.computed[2]
    assert [c.label for c in completed.columns] == ["women", "men", "total"]
    assert [r.code for r in completed.rows] == [
        "open_market",
        "supported_employment",
        "social_cooperative",
        "own_business",
        "continued_activation",
        "none",
        "not_recorded",
    ]
    vocational = report.computed[4]
    assert [r.code for r in vocational.rows] == [
        "vocational",
        "job_search",
        "internship",
        "public_works",
        "socially_useful_work",
        "supported_employment",
    ]
    finance = report.entered[0]
    assert finance.rows[0].values == ("30000.00",)
    assert finance.rows[1].values == ("—",)
    assert finance.total.values == ("30000.00",)


def test_counting_takes_the_same_queries_whatever_the_number_of_people(
    unit_a, django_assert_max_num_queries
):
    workshop = activity(unit_a, "vocational")
    for n in range(40):
        p = stint(
            unit_a,
            admitted=D(2025, 1, 1 + n % 28),
            exited=D(2025, 12, 1) if n % 2 else None,
            sex="M" if n % 3 else "F",
            primary=["homeless", "disabled", "refugee"][n % 3],
            outcome="open_market" if n % 4 == 1 else "none",
        )
        enrol(workshop, p, D(2025, 2, 1))
        if n % 4 == 3:
            checked(p, 3, "social_cooperative", D(2026, 3, 1))
    with django_assert_max_num_queries(16):
        values = compute_values(unit_a, 2025)
    assert values["participants_total"]["total"] == {"total": 40, "vocational": 40}
    assert values["economically_independent"]["rows"] == {
        "open_market": {"total": 10},
        "social_cooperative": {"total": 10},
    }


def test_money_rounds_half_up():
    assert money("10.005") == Decimal("10.01")
    assert money("10.004") == Decimal("10.00")
    assert money(Decimal("2.675")) == Decimal("2.68")


def test_entered_figures_are_shaped_and_rounded():
    entered = clean_entered("CIS", {**CIS_FIGURES, "finance_other": "0.005"})
    assert entered["finance"] == {
        "local_government": "120000.00",
        "esf": "80000.50",
        "labour_fund": "45000.00",
        "own_revenue": "12500.25",
        "other": "0.01",
    }
    assert entered["staff"] == {
        "employment_contract": 6,
        "civil_law_contract": 3,
        "other": 1,
    }
    assert entered["grants"]["used"]["other"] == "5000.50"
    assert entered_missing("CIS", entered) == []
    kis = clean_entered("KIS", {"volunteers_F": "4"})
    assert kis["volunteers"] == {"F": 4, "M": None}
    assert "grants" not in kis
    assert "finance_esf" in entered_missing("KIS", kis)


@pytest.mark.parametrize(
    ("field", "value", "code"),
    [
        ("finance_esf", "-1", "negative"),
        ("finance_esf", "abc", "invalid"),
        ("finance_esf", "NaN", "invalid"),
        ("finance_esf", "1e20", "too_large"),
        ("staff_other", "-2", "negative"),
        ("staff_other", "1.5", "invalid"),
        ("staff_other", True, "invalid"),
        ("staff_other", "1000001", "too_large"),
    ],
)
def test_bad_entered_figures_are_refused_with_a_code(field, value, code):
    with pytest.raises(ValidationError) as caught:
        clean_entered("CIS", {**CIS_FIGURES, field: value})
    assert caught.value.error_dict[field][0].code == code


def test_grants_used_cannot_exceed_grants_received():
    with pytest.raises(ValidationError) as caught, translation.override("en"):
        clean_entered("CIS", {**CIS_FIGURES, "grants_used_other": "5001.00"})
    error = caught.value.error_dict["grants_used_other"][0]
    assert error.code == "grants_over_received"
    assert error.message == (
        "The grants used (245001.00 PLN) cannot exceed the grants received "
        "(245000.50 PLN)."
    )
