"""What the programmes hold about a participation, for the export of
everything held about a person (GDPR art. 15) and for its anonymisation
(participants.personal_data): the activities the person was enrolled in, the
attendance register, the monthly integration allowances and supported
employment after the programme.

Anonymisation erases what was written about the person (the notes of the
attendance register; the employer, its NIP, the support and the refund's
basis of supported employment; the reasons a refund entry was voided) and
the history of those rows. It keeps the
days, the statuses and the amounts: the allowances are refunded from the
Labour Fund and the payroll lists are accounting records the unit keeps."""

from __future__ import annotations

from django.db.models import Model

from participants.personal_data import Section, register
from programs.models import (
    AttendanceEntry,
    Enrolment,
    MonthlyAllowance,
    SupportedEmployment,
    SupportedEmploymentRefund,
)


def _enrolments(participation: Model) -> list[Enrolment]:
    return list(
        Enrolment.objects.filter(participation=participation)
        .select_related("activity")
        .order_by("starts_on", "pk")
    )


def _attendance(participation: Model) -> list[AttendanceEntry]:
    return list(
        AttendanceEntry.objects.filter(participation=participation)
        .select_related("updated_by")
        .order_by("date")
    )


def _allowances(participation: Model) -> list[MonthlyAllowance]:
    return list(
        MonthlyAllowance.objects.filter(participation=participation)
        .select_related("allowance_month__unit")
        .order_by("allowance_month__month")
    )


def _supported(participation: Model) -> list[SupportedEmployment]:
    return list(
        SupportedEmployment.objects.filter(participation=participation)
        .select_related("created_by")
        .order_by("starts_on", "pk")
    )


def _refunds(participation: Model) -> list[SupportedEmploymentRefund]:
    return list(
        SupportedEmploymentRefund.objects.filter(
            employment__participation=participation
        )
        .select_related(
            "employment__participation__participant",
            "employment__participation__unit",
            "recorded_by",
            "voided_by",
        )
        .order_by("employment__starts_on", "month", "pk")
    )


def _nothing_written(participation_ids: list[int]) -> None:
    """Enrolments and allowances hold no words about the person."""


def _erase_attendance(participation_ids: list[int]) -> None:
    AttendanceEntry.objects.filter(participation__in=participation_ids).update(note="")
    AttendanceEntry.history.filter(participation_id__in=participation_ids).delete()


def _erase_supported(participation_ids: list[int]) -> None:
    SupportedEmployment.objects.filter(participation__in=participation_ids).update(
        employer_name="", employer_nip="", support="", refund_basis=""
    )
    SupportedEmployment.history.filter(participation_id__in=participation_ids).delete()
    refunds = SupportedEmploymentRefund.objects.filter(
        employment__participation__in=participation_ids
    )
    # A voided entry keeps a reason (a constraint), not the words written.
    refunds.filter(voided_at__isnull=False).update(void_reason="—")
    SupportedEmploymentRefund.history.filter(
        employment__participation__in=participation_ids
    ).delete()


def register_sections() -> None:
    # The headings are Polish: the PDF of the export is written in Polish
    # whatever language the manager reads (participants.pdf_privacy).
    register(
        Section(
            key="enrolments",
            title="Zajęcia, na które osoba była zapisana",
            empty="Brak zapisów na zajęcia.",
            model=Enrolment,
            rows=_enrolments,
            columns=("activity", "starts_on", "ends_on"),
            anonymise=_nothing_written,
        )
    )
    register(
        Section(
            key="attendance",
            title="Lista obecności",
            empty="Brak wpisów na liście obecności.",
            model=AttendanceEntry,
            rows=_attendance,
            columns=("date", "status", "note"),
            exclude=("participation", "version"),
            anonymise=_erase_attendance,
        )
    )
    register(
        Section(
            key="allowances",
            title="Świadczenie integracyjne (art. 15 i 15a ustawy)",
            empty="Nie naliczono świadczenia.",
            model=MonthlyAllowance,
            rows=_allowances,
            columns=(
                "allowance_month",
                "base_amount",
                "deductions",
                "bonus_amount",
                "amount",
            ),
            anonymise=_nothing_written,
            centre_only=True,
        )
    )
    register(
        Section(
            key="supported_employment",
            title="Zatrudnienie wspierane",
            empty="Nie odnotowano.",
            model=SupportedEmployment,
            rows=_supported,
            columns=(
                "form",
                "employer_name",
                "employer_nip",
                "starts_on",
                "ends_on",
                "support",
                "refund_monthly",
                "refund_basis",
            ),
            anonymise=_erase_supported,
        )
    )
    register(
        Section(
            key="supported_employment_refunds",
            title="Refundacja pracodawcy w zatrudnieniu wspieranym (art. 16 ustawy)",
            empty="Nie odnotowano.",
            model=SupportedEmploymentRefund,
            rows=_refunds,
            columns=(
                "employment",
                "month",
                "amount",
                "contributions",
                "voided_at",
                "void_reason",
            ),
            exclude=(),
            anonymise=_nothing_written,
        )
    )
