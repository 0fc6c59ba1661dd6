"""The access-control matrix: every URL of the project against every role,
for GET and for POST, with the exact answer expected. The matrix is data,
reviewed like code; a URL that is not in it fails `test_matrix_covers_every_url`.

Roles: anonymous; staff and manager of unit A (a CIS in mazowieckie); staff of
unit B (same voivodeship); an official of A's voivodeship; an official of
another voivodeship; a ministry analyst; an administrator. Objects belong to
unit A or to A's voivodeship, so the outsiders probe ids they may not see.
Participants' pages are for the staff of the participant's own unit only (the
managers' pages for its managers); no official, analyst or administrator
reaches them in the application.
POSTs send no data: they prove who gets past the access checks (a form error
400/200 or a method refusal 405 is past them; 302 to log-in and 404 are not).
"""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from cis_kis.tests.access import (
    A_MANAGER_NO_POST,
    A_MANAGER_PAGE,
    A_OFFICE_OBJECT,
    A_OFFICE_OBJECT_NO_POST,
    A_RECORD,
    A_RECORD_FORM_POST,
    LOGGED_IN_NO_POST,
    LOGGED_IN_PAGE,
    LOGIN,
    NOTHING_PAST_ACCESS,
    OFFICES_NO_POST,
    OFFICES_PAGE,
    OFFICIALS_FORM,
    ROLES,
    UNIT_STAFF_FORM_POST,
    UNIT_STAFF_NO_POST,
    UNIT_STAFF_PAGE,
    each,
    matrix_failures,
    roles,
)
from cis_kis.tests.test_urls import named_patterns
from participants.constants import ExitReason, Outcome, ProgrammeChange
from participants.models import ParticipationGround
from participants.services import (
    GroundInput,
    ReferralInput,
    data_export_request,
    participant_register,
    participation_admit,
    participation_exit,
    participation_refer,
    programme_record,
)
from participants.tests.access_matrix import MATRIX as IMPORTS_MATRIX
from participants.tests.factories import ground, make_pesel
from programs.tests.access_matrix import MATRIX as PROGRAMS_MATRIX
from reporting.tests.access_matrix import MATRIX as REPORTING_MATRIX
from units.services import (
    application_mark_complete,
    application_record_document,
    application_register,
    decision_issue_on_application,
    decision_record_existing,
    inspection_record,
    kis_notification_register,
    kis_register_entry,
)
from units.tests.factories import FoundingBodyFactory, voivodeship

pytestmark = pytest.mark.django_db
D = datetime.date

# name: (path, expected GET, expected POST)
MATRIX = {
    "home": ("/", LOGGED_IN_PAGE, LOGGED_IN_NO_POST),
    "health": ("/health/", each(200), each(405)),
    # Officials of the voivodeship and managers of the unit read its history.
    "history": (
        "/history/unit/{unit}/",
        roles(LOGIN, 404, 200, 404, 200, 404, 404, 404),
        roles(LOGIN, 404, 405, 404, 405, 404, 404, 404),
    ),
    "set_language": ("/i18n/setlang/", each(302), each(302)),
    "accounts:login": (
        "/accounts/login/",
        roles(200, 302, 302, 302, 302, 302, 302, 302),
        roles(200, 302, 302, 302, 302, 302, 302, 302),
    ),
    "accounts:logout": ("/accounts/logout/", each(405), each(302)),
    "accounts:profile": ("/accounts/profile/", LOGGED_IN_PAGE, LOGGED_IN_NO_POST),
    # Two-factor pages, for users without a device (the suite runs with
    # OTP_ENFORCED off; accounts/tests/test_two_factor.py has the real flow).
    # The code page sends them on: officials, analysts and administrators to
    # the set-up page, staff home.
    "accounts:two_factor_verify": (
        "/accounts/two-factor/",
        roles(LOGIN, 302, 302, 302, 302, 302, 302, 302),
        roles(LOGIN, 302, 302, 302, 302, 302, 302, 302),
    ),
    # An empty code is a form error, shown again with 200.
    "accounts:two_factor_setup": (
        "/accounts/two-factor/setup/",
        LOGGED_IN_PAGE,
        LOGGED_IN_PAGE,
    ),
    # Only staff who have turned two-factor on can turn it off.
    "accounts:two_factor_disable": (
        "/accounts/two-factor/disable/",
        NOTHING_PAST_ACCESS,
        NOTHING_PAST_ACCESS,
    ),
    "accounts:password_change": (
        "/accounts/password/change/",
        LOGGED_IN_PAGE,
        LOGGED_IN_PAGE,
    ),
    "accounts:password_change_done": (
        "/accounts/password/change/done/",
        LOGGED_IN_PAGE,
        LOGGED_IN_NO_POST,
    ),
    "accounts:password_reset": ("/accounts/password/reset/", each(200), each(200)),
    "accounts:password_reset_done": (
        "/accounts/password/reset/sent/",
        each(200),
        each(405),
    ),
    "accounts:password_reset_confirm": (
        "/accounts/password/reset/MQ/bad-token/",
        each(200),
        each(200),
    ),
    "accounts:password_reset_complete": (
        "/accounts/password/reset/complete/",
        each(200),
        each(405),
    ),
    "units:list": ("/units/", LOGGED_IN_PAGE, LOGGED_IN_NO_POST),
    "units:detail": (
        "/units/{unit}/",
        roles(LOGIN, 200, 200, 404, 200, 404, 200, 200),
        LOGGED_IN_NO_POST,
    ),
    "units:status_action": (
        "/units/{unit}/status/",
        roles(LOGIN, 404, 404, 404, 405, 405, 404, 404),
        NOTHING_PAST_ACCESS,
    ),
    "units:inspection_create": (
        "/units/{unit}/inspections/new/",
        roles(LOGIN, 404, 404, 404, 302, 404, 404, 404),
        roles(LOGIN, 404, 404, 404, 400, 404, 404, 404),
    ),
    "units:inspection_detail": (
        "/units/inspections/{inspection}/",
        roles(LOGIN, 200, 200, 404, 200, 404, 200, 200),
        NOTHING_PAST_ACCESS,
    ),
    "units:founding_body_list": (
        "/units/founding-bodies/",
        OFFICES_PAGE,
        OFFICES_NO_POST,
    ),
    "units:founding_body_create": (
        "/units/founding-bodies/new/",
        OFFICIALS_FORM,
        OFFICIALS_FORM,
    ),
    "units:application_list": ("/units/applications/", OFFICES_PAGE, OFFICES_NO_POST),
    "units:application_create": (
        "/units/applications/new/",
        OFFICIALS_FORM,
        OFFICIALS_FORM,
    ),
    "units:application_detail": (
        "/units/applications/{application}/",
        A_OFFICE_OBJECT,
        NOTHING_PAST_ACCESS,
    ),
    # Corrected by an official of its voivodeship until the decision; the
    # application here is decided, so the official is sent back to it.
    "units:application_contents": (
        "/units/applications/{application}/contents/",
        roles(LOGIN, 404, 404, 404, 302, 404, 404, 404),
        roles(LOGIN, 404, 404, 404, 302, 404, 404, 404),
    ),
    "units:application_document": (
        "/units/applications/{application}/documents/statute/",
        A_OFFICE_OBJECT,
        A_OFFICE_OBJECT_NO_POST,
    ),
    "units:decision_detail": (
        "/units/decisions/{decision}/",
        A_OFFICE_OBJECT,
        A_OFFICE_OBJECT_NO_POST,
    ),
    "units:decision_pdf": (
        "/units/decisions/{decision}/pdf/",
        A_OFFICE_OBJECT,
        A_OFFICE_OBJECT_NO_POST,
    ),
    # Recorded by an official of the decision's voivodeship only.
    "units:subsidy_return": (
        "/units/decisions/{loss_decision}/subsidy-return/",
        roles(LOGIN, 404, 404, 404, 200, 404, 404, 404),
        roles(LOGIN, 404, 404, 404, 400, 404, 404, 404),
    ),
    "units:kis_notification_list": ("/units/kis/", OFFICES_PAGE, OFFICES_NO_POST),
    "units:kis_notification_create": (
        "/units/kis/new/",
        OFFICIALS_FORM,
        OFFICIALS_FORM,
    ),
    "units:kis_notification_detail": (
        "/units/kis/{kis_notification}/",
        A_OFFICE_OBJECT,
        NOTHING_PAST_ACCESS,
    ),
    "units:kis_closure_create": (
        "/units/{kis}/kis-closure/",
        roles(LOGIN, 404, 404, 404, 302, 404, 404, 404),
        roles(LOGIN, 404, 404, 404, 400, 404, 404, 404),
    ),
    "participants:list": ("/participants/", UNIT_STAFF_PAGE, UNIT_STAFF_NO_POST),
    "participants:follow_ups": (
        "/participants/follow-ups/",
        UNIT_STAFF_PAGE,
        UNIT_STAFF_NO_POST,
    ),
    "participants:intake": (
        "/participants/new/",
        UNIT_STAFF_PAGE,
        UNIT_STAFF_FORM_POST,
    ),
    "participants:detail": (
        "/participants/{participant}/",
        A_RECORD,
        UNIT_STAFF_NO_POST,
    ),
    "participants:edit": (
        "/participants/{participant}/edit/",
        A_RECORD,
        A_RECORD_FORM_POST,
    ),
    "participants:refer": (
        "/participants/{participant}/refer/",
        A_RECORD,
        A_RECORD_FORM_POST,
    ),
    "participants:participation": (
        "/participants/participations/{participation}/",
        A_RECORD,
        NOTHING_PAST_ACCESS,
    ),
    "participants:programme": (
        "/participants/participations/{participation}/programmes/1/",
        A_RECORD,
        UNIT_STAFF_NO_POST,
    ),
    "participants:programme_pdf": (
        "/participants/participations/{participation}/programmes/1/pdf/",
        A_RECORD,
        UNIT_STAFF_NO_POST,
    ),
    "participants:programme_compare": (
        "/participants/participations/{participation}/programmes/compare/?a=1&b=2",
        A_RECORD,
        UNIT_STAFF_NO_POST,
    ),
    "participants:certificate_pdf": (
        "/participants/participations/{former_participation}/certificate/",
        A_RECORD,
        UNIT_STAFF_NO_POST,
    ),
    "participants:referral_document": (
        "/participants/participations/{participation}/referral-document/",
        A_RECORD,
        UNIT_STAFF_NO_POST,
    ),
    "participants:evidence_file": (
        "/participants/grounds/{participation_ground}/evidence/",
        A_RECORD,
        UNIT_STAFF_NO_POST,
    ),
    "participants:data": (
        "/participants/{participant}/data/",
        A_MANAGER_PAGE,
        roles(LOGIN, 404, 302, 404, 404, 404, 404, 404),
    ),
    "participants:data_json": (
        "/participants/{participant}/data.json",
        A_MANAGER_PAGE,
        A_MANAGER_NO_POST,
    ),
    "participants:data_pdf": (
        "/participants/data-exports/{data_export}/",
        A_MANAGER_PAGE,
        A_MANAGER_NO_POST,
    ),
    "participants:anonymise": (
        "/participants/{participant}/anonymise/",
        A_MANAGER_PAGE,
        roles(LOGIN, 404, 400, 404, 404, 404, 404, 404),
    ),
    "participants:access_log": (
        "/participants/access-log/",
        A_MANAGER_PAGE,
        A_MANAGER_NO_POST,
    ),
    "register:index": ("/register/", each(200), each(405)),
    "register:detail": ("/register/{unit}/", each(200), each(405)),
    "register:export_csv": ("/register/export.csv", each(200), each(405)),
    "register:export_uw_cis_01": ("/register/uw-cis-01.csv", each(200), each(405)),
}


def test_matrix_covers_every_url():
    """The core matrix here and the apps' matrices together name every URL."""
    covered = [MATRIX, PROGRAMS_MATRIX, REPORTING_MATRIX, IMPORTS_MATRIX]
    names = [name for matrix in covered for name in matrix]
    assert len(names) == len(set(names))
    assert set(named_patterns()) == set(names)


@pytest.fixture
def world(
    request, settings, tmp_path, django_capture_on_commit_callbacks, unit_a, official_a
):
    """Unit A with status, an inspection, an application of A's voivodeship
    with a scanned document, a decision with its PDF (and the loss of that
    centre's status later), and a KIS of A's
    voivodeship entered on a founding notification."""
    settings.MEDIA_ROOT = tmp_path
    for role in ROLES[1:]:
        request.getfixturevalue(role)
    decision_record_existing(
        unit=unit_a, kind="grant", number="G/A", issued_on=D(2024, 1, 2)
    )
    inspection = inspection_record(
        actor=official_a,
        unit=unit_a,
        started_on=D(2025, 5, 5),
        ended_on=None,
        scope="Realizacja reintegracji.",
        findings="",
    )
    application = application_register(
        actor=official_a,
        voivodeship=voivodeship("14"),
        founding_body=FoundingBodyFactory(voivodeship=voivodeship("14")),
        received_on=D(2026, 3, 2),
        proposed_name="CIS Macierz",
        proposed_address="ul. Długa 5",
        proposed_municipality="Radom",
        proposed_places=20,
    )
    application.documents.update(delivered_on=D(2026, 3, 2), on_paper=True)
    application_record_document(
        actor=official_a,
        application=application,
        kind="statute",
        delivered_on=D(2026, 3, 2),
        file=SimpleUploadedFile("statut.pdf", b"%PDF-1.4 statut"),
    )
    application_mark_complete(actor=official_a, application=application)
    with django_capture_on_commit_callbacks(execute=True):
        decision = decision_issue_on_application(
            actor=official_a,
            application=application,
            grant=True,
            issued_on=D(2026, 3, 9),
        )
    # The centre granted above later loses its status.
    loss_decision = decision_record_existing(
        unit=decision.unit,
        kind="loss",
        number="L/A",
        issued_on=D(2026, 6, 1),
        loss_ground="founder_request",
    )
    kis_notification = kis_notification_register(
        actor=official_a,
        voivodeship=voivodeship("14"),
        founding_body=FoundingBodyFactory(voivodeship=voivodeship("14")),
        received_on=D(2026, 3, 2),
        club_name="KIS Macierz",
        address="ul. Długa 7",
        municipality="Radom",
        activity_types=["job_search"],
        planned_start=None,
    )
    kis = kis_register_entry(
        actor=official_a, notification=kis_notification, entered_on=D(2026, 3, 10)
    )
    with django_capture_on_commit_callbacks(execute=True):
        people = _participants_of_unit_a(
            request.getfixturevalue("staff_a"), request.getfixturevalue("manager_a")
        )
    return {
        **people,
        "unit": unit_a.pk,
        "inspection": inspection.pk,
        "application": application.pk,
        "decision": decision.pk,
        "loss_decision": loss_decision.pk,
        "kis_notification": kis_notification.pk,
        "kis": kis.pk,
    }


def _participants_of_unit_a(staff, manager):
    """A participant of unit A in the programme, with two programme versions,
    a referral document and a scanned ground (their PDFs rendered), another
    one who has left with a certificate, and a ready export of a person's
    data."""
    pdf = b"%PDF-1.4 scan"
    person = participant_register(
        actor=staff,
        unit=staff.memberships.get().unit,
        first_name="Anna",
        last_name="Kowalska",
        pesel=make_pesel(D(1980, 5, 17), "F", 1),
        info_clause_on=D(2025, 3, 1),
    )
    participation = participation_refer(
        actor=staff,
        participant=person,
        referral=ReferralInput(
            requested_by="self",
            issued_by="pup",
            referred_on=D(2025, 3, 3),
            document=SimpleUploadedFile("skierowanie.pdf", pdf),
        ),
        grounds=[
            GroundInput(
                ground("long_term_unemployed"),
                is_primary=True,
                evidence_file=SimpleUploadedFile("zaswiadczenie.pdf", pdf),
            )
        ],
    )
    participation_admit(
        actor=staff, participation=participation, admitted_on=D(2025, 3, 10)
    )
    for change, ends_on in (
        (ProgrammeChange.INITIAL, D(2025, 12, 31)),
        (ProgrammeChange.AMENDMENT, D(2026, 1, 31)),
    ):
        programme_record(
            actor=staff,
            participation=participation,
            change=change,
            reason="" if change == ProgrammeChange.INITIAL else "Zmiana warsztatu.",
            starts_on=D(2025, 3, 10),
            ends_on=ends_on,
            goals="Powrót do pracy.",
            hours_per_week=35,
        )
    former = participant_register(
        actor=staff,
        unit=person.unit,
        first_name="Jan",
        last_name="Nowak",
        pesel=make_pesel(D(1975, 2, 3), "M", 2),
        info_clause_on=D(2025, 1, 2),
    )
    left = participation_refer(
        actor=staff,
        participant=former,
        referral=ReferralInput(
            requested_by="ops", issued_by="ops", referred_on=D(2025, 1, 2)
        ),
        grounds=[GroundInput(ground("homeless"), is_primary=True)],
    )
    participation_admit(actor=staff, participation=left, admitted_on=D(2025, 1, 6))
    participation_exit(
        actor=staff,
        participation=left,
        exited_on=D(2025, 6, 30),
        reason=ExitReason.COMPLETED,
        outcome=Outcome.CONTINUED,
    )
    export = data_export_request(actor=manager, participant=former)
    return {
        "participant": person.pk,
        "participation": participation.pk,
        "former_participation": left.pk,
        "participation_ground": ParticipationGround.objects.get(
            participation=participation
        ).pk,
        "data_export": export.pk,
    }


def test_every_role_gets_exactly_the_expected_answer(request, world):
    assert matrix_failures(request, MATRIX, world) == []
