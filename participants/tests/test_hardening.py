"""What keeps personal data where it belongs beyond the happy path: replaced
and historical files, anonymised records, stale overrides, partial updates,
uploaded names, malformed filters, and every page that shows a record writing
the access log (administration site included)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import Count
from django.db.models.functions import ExtractYear

from participants.constants import AccessAction, ExitReason, Outcome
from participants.models import AccessLog, Participation, ParticipationGround
from participants.services import (
    GroundInput,
    follow_up_record,
    participant_anonymise,
    participant_update,
    participation_admit,
    participation_exit,
    participation_ground_record,
    participation_not_admit,
    participation_override,
    referral_attach_document,
)
from participants.tests.factories import ground, make_pesel
from participants.tests.test_services import refer, register

pytestmark = pytest.mark.django_db
D = datetime.date
PDF = b"%PDF-1.4 skan"


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def scan(name="skan.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def exited(staff, unit):
    participation = refer(staff, register(staff, unit))
    participation_admit(
        actor=staff, participation=participation, admitted_on=D(2025, 3, 10)
    )
    return participation_exit(
        actor=staff,
        participation=participation,
        exited_on=D(2025, 6, 30),
        reason=ExitReason.COMPLETED,
        outcome=Outcome.CONTINUED,
    )


def test_a_replaced_scan_is_deleted_and_none_outlives_anonymisation(
    staff_a, manager_a, unit_a, media_root, django_capture_on_commit_callbacks
):
    participation = refer(staff_a, register(staff_a, unit_a))
    item = GroundInput(ground("long_term_unemployed"), is_primary=True)
    with django_capture_on_commit_callbacks(execute=True):
        participation_ground_record(
            actor=staff_a,
            participation=participation,
            item=GroundInput(item.ground, is_primary=True, evidence_file=scan()),
        )
    first = ParticipationGround.objects.get().evidence_file.name
    with django_capture_on_commit_callbacks(execute=True):
        participation_ground_record(
            actor=staff_a,
            participation=participation,
            item=GroundInput(item.ground, is_primary=True, evidence_file=scan()),
        )
    second = ParticipationGround.objects.get().evidence_file.name
    assert first != second
    assert not (media_root / first).exists()
    assert (media_root / second).exists()
    participation_admit(
        actor=staff_a, participation=participation, admitted_on=D(2025, 3, 10)
    )
    participation_exit(
        actor=staff_a,
        participation=participation,
        exited_on=D(2025, 4, 1),
        reason=ExitReason.RESIGNED,
        outcome=Outcome.NONE,
    )
    with django_capture_on_commit_callbacks(execute=True):
        participant_anonymise(actor=manager_a, participant=participation.participant)
    assert [path for path in media_root.rglob("*") if path.is_file()] == []


def test_an_uploaded_name_is_not_kept_even_when_too_long(staff_a, unit_a):
    participation = refer(staff_a, register(staff_a, unit_a))
    participation_ground_record(
        actor=staff_a,
        participation=participation,
        item=GroundInput(
            ground("long_term_unemployed"),
            is_primary=True,
            evidence_file=scan("orzeczenie_Kowalska_" + "x" * 400 + ".pdf"),
        ),
    )
    name = ParticipationGround.objects.get().evidence_file.name
    assert "Kowalska" not in name
    assert name.endswith(".pdf")
    assert len(name.rsplit("/", 1)[-1]) == 36


def test_an_anonymised_record_takes_no_new_data_and_keeps_no_open_check(
    staff_a, manager_a, unit_a
):
    participation = exited(staff_a, unit_a)
    done, _pending = participation.follow_ups.order_by("months_after")
    follow_up_record(
        actor=staff_a, follow_up=done, checked_on=D(2025, 10, 1), outcome="none"
    )
    participant_anonymise(actor=manager_a, participant=participation.participant)
    assert list(participation.follow_ups.values_list("months_after", flat=True)) == [3]
    with pytest.raises(ValidationError) as error:
        follow_up_record(
            actor=staff_a,
            follow_up=done,
            checked_on=D(2025, 11, 1),
            outcome="open_market",
            employer="Piekarnia Jana Kowalskiego",
        )
    assert error.value.code == "invalid_transition"
    referral = Participation.objects.get().referral
    assert (referral.issuer_name, participation.participant.education) == ("", "")


def test_document_pages_of_an_anonymised_record_answer_404(
    client_for, staff_a, manager_a, unit_a
):
    participation = exited(staff_a, unit_a)
    participant_anonymise(actor=manager_a, participant=participation.participant)
    client = client_for(staff_a)
    base = f"/participants/participations/{participation.pk}/"
    for suffix in ("certificate/", "referral-document/", "programmes/1/pdf/"):
        assert client.get(base + suffix).status_code == 404
    participation.refresh_from_db()
    assert not participation.certificate_pdf


def test_an_override_needs_problems_and_a_stale_one_is_cleared(staff_a, unit_a):
    participation = refer(
        staff_a, register(staff_a, unit_a), primary="homeless", issued_by="ops"
    )
    assert participation.eligibility_problems == []
    with pytest.raises(ValidationError) as error:
        participation_override(actor=staff_a, participation=participation, reason="x")
    assert error.value.code == "invalid_transition"
    # A problem appears: the primary ground now needs the labour office.
    participation_ground_record(
        actor=staff_a,
        participation=participation,
        item=GroundInput(ground("long_term_unemployed"), is_primary=True),
    )
    participation.refresh_from_db()
    participation_override(
        actor=staff_a, participation=participation, reason="Skierowanie z OPS."
    )
    # The problems change: the reason given for the old ones goes.
    participation_ground_record(
        actor=staff_a,
        participation=participation,
        item=GroundInput(ground("homeless"), is_primary=True),
    )
    participation.refresh_from_db()
    assert participation.eligibility_problems == []
    assert (participation.override_reason, participation.override_by) == ("", None)
    # And a reason never covers other problems found at the admission.
    participation_ground_record(
        actor=staff_a,
        participation=participation,
        item=GroundInput(ground("long_term_unemployed"), is_primary=True),
    )
    participation.refresh_from_db()
    participation_override(actor=staff_a, participation=participation, reason="OPS.")
    Participation.objects.filter(pk=participation.pk).update(
        benefits=["old_age_pension"]
    )
    with pytest.raises(ValidationError) as error:
        participation_admit(
            actor=staff_a, participation=participation, admitted_on=D(2025, 3, 10)
        )
    assert error.value.error_list[0].code == "not_eligible"


def test_a_partial_update_keeps_the_pesel(staff_a, unit_a):
    participant = register(staff_a, unit_a)
    pesel, key = participant.pesel, participant.pesel_hash
    participant = participant_update(
        actor=staff_a, participant=participant, last_name="Nowak"
    )
    assert (participant.last_name, participant.pesel, participant.pesel_hash) == (
        "Nowak",
        pesel,
        key,
    )


@pytest.mark.parametrize("value", ["1e30", "123456789012345678901234", "0.5", "-1"])
def test_the_access_log_filter_takes_no_absurd_id(client_for, manager_a, value):
    response = client_for(manager_a).get(
        f"/participants/access-log/?participant_id={value}"
    )
    assert response.status_code == 200
    assert list(response.context["table"].data) == []


def test_an_invalid_edit_still_writes_the_access_log(client_for, staff_a, unit_a):
    participant = register(staff_a, unit_a)
    response = client_for(staff_a).post(
        f"/participants/{participant.pk}/edit/", {"first_name": ""}
    )
    assert response.status_code == 400
    assert list(AccessLog.objects.values_list("participant", "action")) == [
        (participant.pk, AccessAction.VIEW)
    ]


def test_every_admin_page_showing_a_record_is_logged(
    client_for, admin_user, staff_a, unit_a
):
    participant = register(staff_a, unit_a)
    version = participant.history.first().history_id
    client = client_for(admin_user)
    base = f"/admin/participants/participant/{participant.pk}/"
    for url in (
        "/admin/participants/participant/",
        f"{base}history/",
        f"{base}history/{version}/",
    ):
        assert client.get(url).status_code == 200
    assert list(
        AccessLog.objects.order_by("pk").values_list("participant", "unit", "what")
    ) == [
        (None, unit_a.pk, "administration site, list"),
        (participant.pk, unit_a.pk, "administration site, history"),
        (participant.pk, unit_a.pk, "administration site, earlier version"),
    ]


def _statistics(unit):
    """What the annual figures count, computed by the database."""
    rows = Participation.objects.filter(unit=unit)
    return {
        "by_ground": sorted(
            rows.filter(grounds__is_primary=True)
            .values_list("grounds__ground__code")
            .annotate(n=Count("pk"))
        ),
        "by_sex_and_birth_year": sorted(
            rows.values_list(
                "participant__sex", ExtractYear("participant__birth_date")
            ).annotate(n=Count("pk"))
        ),
        "by_exit": sorted(
            rows.values_list("state", "exit_reason", "outcome").annotate(n=Count("pk"))
        ),
        "dates": sorted(
            (str(admitted), str(exited))
            for admitted, exited in rows.values_list("admitted_on", "exited_on")
        ),
        "distinct_persons": rows.values("participant__pesel_hash").distinct().count(),
        "follow_ups_done": sorted(
            rows.filter(follow_ups__checked_on__isnull=False).values_list(
                "follow_ups__months_after", "follow_ups__outcome"
            )
        ),
    }


def test_anonymisation_keeps_the_statistics(staff_a, manager_a, unit_a):
    participation = exited(staff_a, unit_a)
    check = participation.follow_ups.get(months_after=3)
    follow_up_record(
        actor=staff_a,
        follow_up=check,
        checked_on=D(2025, 10, 1),
        outcome="open_market",
        employer="Piekarnia",
    )
    other = refer(
        staff_a,
        register(staff_a, unit_a, pesel=make_pesel(D(1990, 7, 3), "M", 5)),
        others=["disabled"],
    )
    before = _statistics(unit_a)
    participant_anonymise(actor=manager_a, participant=participation.participant)
    assert _statistics(unit_a) == before
    assert before["distinct_persons"] == 2
    assert other.state == "referred"


def test_no_scan_is_attached_to_a_referral_closed_without_admission(staff_a, unit_a):
    participation = participation_not_admit(
        actor=staff_a,
        participation=refer(staff_a, register(staff_a, unit_a)),
        reason="Nie zgłosił się.",
    )
    with pytest.raises(ValidationError) as error:
        referral_attach_document(
            actor=staff_a, participation=participation, document=scan()
        )
    assert error.value.code == "invalid_transition"
    participation.referral.refresh_from_db()
    assert not participation.referral.document
