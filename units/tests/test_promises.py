"""What a centre's applications stated against what its accepted annual
reports say (art. 6 ust. 1): the terms of status, the figures read from a
report, a worked example, the queries, and who sees it on the centre's page."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from accounts.constants import MembershipRole
from accounts.tests.factories import MembershipFactory
from participants.constants import EMPLOYED_OUTCOMES, Outcome
from programs.constants import ActivityKind
from reporting import services as reporting_services
from reporting.constants import ReportState
from reporting.models import UnitAnnualReport
from reporting.tests.reports_helpers import activity, enrol, stint, submitted_report
from units.constants import ApplicationKind, DecisionKind
from units.models import StatusDecision
from units.selectors_contents import (
    ACCEPTED,
    IN_PROGRESS,
    MISSING,
    REPORT_ACCEPTED,
    VOCATIONAL,
    WORK_OR_BUSINESS_OUTCOMES,
    promises_vs_done,
    reported_figures,
    status_terms,
)
from units.services import (
    ApplicationContents,
    application_mark_complete,
    application_record_decided,
    application_register,
    decision_issue_on_application,
    decision_record_existing,
)
from units.tests.factories import FoundingBodyFactory, UnitFactory, voivodeship

pytestmark = pytest.mark.django_db
D = datetime.date
DAY = D(2026, 6, 30)


def snapshot(
    *,
    participants=None,
    vocational=None,
    outcomes=None,
    finance=None,
):
    """A report's snapshot in the shape reporting freezes (only the parts
    read here)."""
    total = {"total": participants}
    if vocational is not None:
        total["vocational"] = vocational
    outcomes = outcomes or {}
    return {
        "version": 1,
        "computed": {
            "participants_total": {"rows": {}, "total": total},
            "economically_independent": {
                "rows": {code: {"total": n} for code, n in outcomes.items()},
                "total": {"total": sum(outcomes.values())},
            },
        },
        "entered": {"finance": finance or {}},
    }


def report(unit, year, state=ReportState.ACCEPTED, **figures):
    return UnitAnnualReport.objects.create(
        unit=unit, year=year, state=state, snapshot=snapshot(**figures)
    )


def decide(official, application, issued_on):
    application.documents.update(delivered_on=application.received_on, on_paper=True)
    application_mark_complete(actor=official, application=application)
    return decision_issue_on_application(
        actor=official, application=application, grant=True, issued_on=issued_on
    )


@pytest.fixture
def centre(official_a):
    """A centre granted its status on 2 March 2020 on one application (until
    1 March 2025) and extended on another from 2 March 2025."""
    body = FoundingBodyFactory(voivodeship=voivodeship("14"))
    first = application_register(
        actor=official_a,
        voivodeship=voivodeship("14"),
        founding_body=body,
        received_on=D(2020, 2, 3),
        proposed_name="CIS Obietnica",
        proposed_address="ul. Słowna 1",
        proposed_municipality="Radom",
        proposed_places=30,
        contents=ApplicationContents(
            expected_participants=40,
            expected_trained=30,
            expected_employed=10,
            expected_independent=12,
            annual_budget=Decimal("500000.00"),
        ),
    )
    grant = decide(official_a, first, D(2020, 3, 2))
    unit = grant.unit
    second = application_register(
        actor=official_a,
        voivodeship=voivodeship("14"),
        founding_body=body,
        kind=ApplicationKind.EXTENSION,
        unit=unit,
        received_on=D(2024, 11, 4),
        proposed_name="CIS Obietnica",
        proposed_address="ul. Słowna 1",
        proposed_municipality="Radom",
        proposed_places=35,
        contents=ApplicationContents(
            expected_participants=50,
            expected_employed=15,
            expected_independent=20,
            annual_budget=Decimal("600000.00"),
        ),
    )
    decide(official_a, second, D(2025, 1, 15))
    report(
        unit,
        2023,
        participants=45,
        vocational=28,
        outcomes={
            "open_market": 6,
            "supported_employment": 2,
            "own_business": 1,
            "social_cooperative": 3,
        },
        finance={
            "local_government": "300000.00",
            "esf": "150000.50",
            "labour_fund": None,
            "own_revenue": "",
            "other": "49999.50",
        },
    )
    report(unit, 2025, participants=38)
    report(unit, 2024, state=ReportState.SUBMITTED, participants=99)
    report(unit, 2022, state=ReportState.RETURNED, participants=99)
    # Another centre's accepted report of a year in the comparison.
    report(UnitFactory(), 2023, participants=99)
    return {"unit": unit, "first": first, "second": second}


def test_terms_of_status_from_the_decisions(centre):
    terms = status_terms(StatusDecision.objects.filter(unit=centre["unit"]))
    assert [(t.start, t.end, t.application) for t in terms] == [
        (D(2020, 3, 2), D(2025, 3, 1), centre["first"]),
        (D(2025, 3, 2), D(2030, 3, 1), centre["second"]),
    ]


def test_a_loss_of_status_cuts_the_terms(unit_a):
    decision_record_existing(
        unit=unit_a, kind=DecisionKind.GRANT, number="G/1", issued_on=D(2020, 3, 2)
    )
    decision_record_existing(
        unit=unit_a,
        kind=DecisionKind.LOSS,
        number="L/1",
        issued_on=D(2022, 6, 30),
        loss_ground="founder_request",
    )
    terms = status_terms(StatusDecision.objects.filter(unit=unit_a))
    # Lost on 30 June (units.status): the term ends the day before.
    assert [(t.start, t.end) for t in terms] == [(D(2020, 3, 2), D(2022, 6, 29))]
    report(unit_a, 2021, participants=7)
    report(unit_a, 2023, participants=8)
    promises = promises_vs_done(unit=unit_a, day=DAY)
    assert [(y.year, y.report) for y in promises.years] == [(2021, ACCEPTED)]
    assert promises.years_without_data == 2


def test_worked_example(centre, django_assert_num_queries):
    unit = centre["unit"]
    with django_assert_num_queries(2), translation.override("en"):
        promises = promises_vs_done(unit=unit, day=DAY)
    table = [
        (
            y.year,
            y.application,
            y.report,
            [(f.code, f.stated, f.reported, f.below) for f in y.figures],
        )
        for y in promises.years
    ]
    first, second = centre["first"], centre["second"]
    nothing = [
        ("participants", 50, None, False),
        ("trained", None, None, False),
        ("employed", 15, None, False),
        ("independent", 20, None, False),
        ("budget", Decimal("600000.00"), None, False),
    ]
    unreported = [
        ("participants", 40, None, False),
        ("trained", 30, None, False),
        ("employed", 10, None, False),
        ("independent", 12, None, False),
        ("budget", Decimal("500000.00"), None, False),
    ]
    assert table == [
        (2026, second, IN_PROGRESS, nothing),
        (
            2025,
            second,
            ACCEPTED,
            [
                ("participants", 50, 38, True),
                # Not stated in the application; nobody in workshops is 0.
                ("trained", None, 0, False),
                ("employed", 15, 0, True),
                ("independent", 20, 0, True),
                # The centre entered no finance figures.
                ("budget", Decimal("600000.00"), None, False),
            ],
        ),
        # Submitted but not accepted yet.
        (2024, first, MISSING, unreported),
        (
            2023,
            first,
            ACCEPTED,
            [
                ("participants", 40, 45, False),
                ("trained", 30, 28, True),
                ("employed", 10, 9, True),
                ("independent", 12, 12, False),
                ("budget", Decimal("500000.00"), Decimal("500000.00"), False),
            ],
        ),
        # Returned for correction.
        (2022, first, MISSING, unreported),
        (2021, first, MISSING, unreported),
        (2020, first, MISSING, unreported),
    ]
    assert promises.years_without_data == 0
    with translation.override("en"):
        assert [f.label for f in promises.years[0].figures] == [
            "Participants",
            "Trained",
            "Found work or started a business",
            "Became economically independent",
            "Budget (PLN)",
        ]


def test_queries_do_not_grow_with_the_years(
    unit_a, official_a, django_assert_num_queries
):
    decision_record_existing(
        unit=unit_a, kind=DecisionKind.GRANT, number="G/1", issued_on=D(2006, 1, 2)
    )
    for n, start in enumerate((D(2011, 1, 2), D(2016, 1, 2), D(2021, 1, 2))):
        decision_record_existing(
            unit=unit_a,
            kind=DecisionKind.EXTENSION,
            number=f"E/{n}",
            issued_on=start - datetime.timedelta(days=30),
            valid_until=D(start.year + 5, 1, 1),
        )
    for year in range(2006, 2026):
        report(unit_a, year, participants=year - 2000)
    with django_assert_num_queries(2):
        promises = promises_vs_done(unit=unit_a, day=DAY)
    # Decisions recorded from an earlier register have no application here;
    # the years with an accepted report are shown, the current one counted.
    assert [y.year for y in promises.years] == list(range(2025, 2005, -1))
    assert {y.application for y in promises.years} == {None}
    assert promises.years[0].figures[0].reported == 25
    assert promises.years_without_data == 1


def test_years_with_neither_application_nor_report_are_only_counted(unit_a):
    decision_record_existing(
        unit=unit_a, kind=DecisionKind.GRANT, number="G/1", issued_on=D(2023, 5, 1)
    )
    promises = promises_vs_done(unit=unit_a, day=DAY)
    assert promises.years == ()
    assert promises.years_without_data == 4  # 2023 to 2026


def test_reported_figures_of_a_snapshot_without_them():
    assert reported_figures({}) == {
        "participants": None,
        "trained": None,
        "employed": None,
        "independent": None,
        "budget": None,
    }
    assert reported_figures([]) == reported_figures({})
    odd = snapshot(participants="<3", finance={"esf": "abc", "other": "1.50"})
    assert reported_figures(odd) == {
        "participants": None,
        "trained": 0,
        "employed": 0,
        "independent": 0,
        "budget": Decimal("1.50"),
    }


def test_the_codes_read_are_those_of_the_other_apps():
    assert REPORT_ACCEPTED == ReportState.ACCEPTED
    assert VOCATIONAL == ActivityKind.VOCATIONAL
    assert set(WORK_OR_BUSINESS_OUTCOMES) == set(EMPLOYED_OUTCOMES) - {
        Outcome.SOCIAL_COOPERATIVE
    }


def test_figures_of_a_real_accepted_report(unit_a, manager_a, official_a):
    """The report as reporting freezes it, from participants' records."""
    grant = decision_record_existing(
        unit=unit_a, kind=DecisionKind.GRANT, number="G/R", issued_on=D(2024, 1, 2)
    )
    application_record_decided(
        decision=grant,
        received_on=D(2023, 11, 6),
        proposed_places=20,
        contents=ApplicationContents(expected_participants=3, expected_trained=2),
    )
    working = stint(
        unit_a,
        admitted=D(2025, 2, 3),
        exited=D(2025, 10, 31),
        outcome=Outcome.OPEN_MARKET,
    )
    stint(unit_a, admitted=D(2025, 3, 3), last_name="Nowak")
    enrol(activity(unit_a, ActivityKind.VOCATIONAL), working, D(2025, 3, 1))
    accepted = reporting_services.report_accept(
        actor=official_a, report=submitted_report(manager_a, unit_a, 2025)
    )
    assert accepted.state == ReportState.ACCEPTED
    years = {y.year: y for y in promises_vs_done(unit=unit_a, day=DAY).years}
    year = years[2025]
    assert year.report == ACCEPTED
    assert [(f.code, f.stated, f.reported) for f in year.figures] == [
        ("participants", 3, 2),
        ("trained", 2, 1),
        ("employed", None, 1),
        ("independent", None, 1),
        ("budget", None, Decimal("257500.75")),
    ]


def test_application_recorded_for_an_earlier_decision(unit_a):
    grant = decision_record_existing(
        unit=unit_a, kind=DecisionKind.GRANT, number="G/E", issued_on=D(2024, 1, 2)
    )
    contents = ApplicationContents(expected_participants=20, expected_trained=10)
    application = application_record_decided(
        decision=grant,
        received_on=D(2023, 11, 6),
        proposed_places=20,
        contents=contents,
    )
    again = application_record_decided(
        decision=grant,
        received_on=D(2023, 11, 6),
        proposed_places=25,
        contents=contents,
    )
    grant.refresh_from_db()
    assert again.pk == application.pk == grant.application_id
    assert again.state == "decided"
    assert again.unit == unit_a
    assert again.proposed_places == 25
    assert again.kind == ApplicationKind.GRANT


def test_a_loss_on_the_first_of_january_leaves_that_year_out(unit_a):
    decision_record_existing(
        unit=unit_a, kind=DecisionKind.GRANT, number="G/2", issued_on=D(2020, 3, 2)
    )
    decision_record_existing(
        unit=unit_a,
        kind=DecisionKind.LOSS,
        number="L/2",
        issued_on=D(2023, 1, 1),
        loss_ground="founder_request",
    )
    terms = status_terms(StatusDecision.objects.filter(unit=unit_a))
    assert [(t.start, t.end) for t in terms] == [(D(2020, 3, 2), D(2022, 12, 31))]


def test_a_decision_issued_in_the_system_keeps_its_application(unit_a, official_a):
    grant = decision_record_existing(
        unit=unit_a, kind=DecisionKind.GRANT, number="G/S", issued_on=D(2024, 1, 2)
    )
    StatusDecision.objects.filter(pk=grant.pk).update(issued_by=official_a)
    with pytest.raises(ValidationError) as error:
        application_record_decided(
            decision=grant,
            received_on=D(2023, 11, 6),
            proposed_places=20,
            contents=ApplicationContents(expected_participants=20),
        )
    assert error.value.error_list[0].code == "invalid_transition"
    grant.refresh_from_db()
    assert grant.application_id is None


def english(client):
    client.cookies["django_language"] = "en"
    return client


def test_officials_see_the_comparison_on_the_centre_page(
    centre, client_for, official_a, analyst, official_other
):
    url = f"/units/{centre['unit'].pk}/"
    page = english(client_for(official_a)).get(url)
    html = page.content.decode()
    assert "What the application stated and what the centre reported" in html
    assert "below the application" in html
    assert "no accepted report" in html
    assert f'href="/units/applications/{centre["first"].pk}/"' in html
    assert "500,000.00" in html
    read = english(client_for(analyst)).get(url).content.decode()
    assert "What the application stated and what the centre reported" in read
    assert client_for(official_other).get(url).status_code == 404


def test_the_centre_staff_do_not_see_the_comparison(centre, client_for):
    staff = MembershipFactory(unit=centre["unit"], role=MembershipRole.MANAGER).user
    page = english(client_for(staff)).get(f"/units/{centre['unit'].pk}/")
    assert page.status_code == 200
    assert "promises" not in page.context
    assert "What the application stated" not in page.content.decode()


def test_centre_page_query_count_with_the_comparison(
    centre, client_for, official_a, django_assert_max_num_queries
):
    client = client_for(official_a)
    url = f"/units/{centre['unit'].pk}/"
    client.get(url)
    # The unit page's own queries (the decisions, with their applications,
    # are read once for the status table and the comparison) and one for the
    # accepted reports; a query per year would add seven.
    with django_assert_max_num_queries(9):
        response = client.get(url)
    assert len(response.context["promises"].years) == 7


@pytest.mark.parametrize(
    "decisions",
    [
        [("grant", D(2020, 3, 2), D(2025, 3, 1))],
        [
            ("grant", D(2018, 1, 2), D(2023, 1, 1)),
            ("extension", D(2022, 11, 15), D(2028, 1, 1)),
        ],
        [
            ("grant", D(2018, 1, 2), D(2023, 1, 1)),
            ("extension", D(2023, 3, 1), D(2028, 2, 29)),  # after a gap
        ],
        [("grant", D(2020, 3, 2), D(2025, 3, 1)), ("loss", D(2022, 6, 30), None)],
        [("grant", D(2020, 3, 2), D(2025, 3, 1)), ("closure", D(2021, 1, 1), None)],
    ],
)
def test_the_terms_agree_with_the_status_rule(unit_a, decisions):
    """Every day of a term is a day of active status (units.status), and no
    day outside the terms is."""
    from units.status import DecisionFact, cis_status_on  # noqa: PLC0415

    for number, (kind, issued_on, valid_until) in enumerate(decisions):
        decision_record_existing(
            unit=unit_a,
            kind=kind,
            number=f"T/{number}",
            issued_on=issued_on,
            valid_until=valid_until,
            loss_ground="founder_request" if kind == "loss" else "",
        )
    stored = list(StatusDecision.objects.filter(unit=unit_a))
    terms = status_terms(stored)
    facts = [DecisionFact(d.kind, d.issued_on, d.valid_until, d.pk) for d in stored]
    day = D(2017, 12, 1)
    while day <= D(2029, 1, 1):
        in_term = any(term.start <= day <= term.end for term in terms)
        active = cis_status_on(facts, day).status == "active"
        assert in_term == active, day
        day += datetime.timedelta(days=1)
