"""Tables of the participants' lists. The rows come annotated from the
selectors (and `selectors.with_stage`); nothing here queries the database."""

from __future__ import annotations

import datetime
from typing import Any

import django_tables2 as tables
from django.db.models import Case, F, QuerySet, When
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from participants.constants import Stage
from participants.models import Participation


def _english() -> bool:
    return (get_language() or "pl").startswith("en")


class ParticipationTable(tables.Table):
    """One row per participation."""

    participant = tables.Column(
        verbose_name=_("Participant"),
        linkify=lambda record: record.participant.get_absolute_url(),
        order_by=("participant__last_name", "participant__first_name", "pk"),
    )
    identifier = tables.Column(
        verbose_name=_("PESEL or document"),
        accessor="participant__identifier",
        order_by=("participant__pesel", "participant__document_number"),
    )
    unit = tables.Column(verbose_name=_("Unit"), order_by=("unit__name",))
    stage = tables.Column(verbose_name=_("Stage"), default="—")
    primary_ground = tables.Column(
        verbose_name=_("Primary ground"),
        accessor="primary_ground_name_pl",
        default="—",
    )
    workshop = tables.Column(verbose_name=_("Workshop"), default="—")
    referral_issuer = tables.Column(
        verbose_name=_("Referral issued by"),
        accessor="referral__issued_by",
        order_by=("referral__issued_by",),
        default="—",
    )
    admitted_on = tables.DateColumn(verbose_name=_("Admitted on"), default="—")
    programme_ends_on = tables.DateColumn(
        verbose_name=_("Programme ends on"), default="—"
    )
    exited_on = tables.DateColumn(verbose_name=_("Exited on"), default="—")

    class Meta:
        sequence = (
            "participant",
            "identifier",
            "unit",
            "stage",
            "primary_ground",
            "workshop",
            "referral_issuer",
            "admitted_on",
            "programme_ends_on",
            "exited_on",
        )
        order_by = ("participant",)
        empty_text = _("No participants match these criteria.")

    def render_unit(self, record: Participation) -> str:
        return record.unit.name

    def render_stage(self, value: str) -> str:
        return str(Stage(value).label)

    def order_stage(
        self, queryset: QuerySet[Participation], is_descending: bool
    ) -> tuple[QuerySet[Participation], bool]:
        # In the order of the path, not of the codes' spelling.
        rank = Case(
            *(When(stage=stage.value, then=n) for n, stage in enumerate(Stage)),
            default=len(Stage),
        )
        key = rank.desc() if is_descending else rank.asc()
        return queryset.order_by(key, "pk"), True

    def render_primary_ground(self, record: Participation) -> str:
        name = (
            record.primary_ground_name_en
            if _english()
            else record.primary_ground_name_pl
        )
        return name or "—"

    def order_primary_ground(
        self, queryset: QuerySet[Participation], is_descending: bool
    ) -> tuple[QuerySet[Participation], bool]:
        # Sorted by the name the user reads, participations without one last.
        field = F("primary_ground_name_en" if _english() else "primary_ground_name_pl")
        key = (
            field.desc(nulls_last=True) if is_descending else field.asc(nulls_last=True)
        )
        return queryset.order_by(key, "pk"), True

    def render_referral_issuer(self, record: Participation) -> str:
        return str(record.referral.get_issued_by_display())


class FollowUpTable(tables.Table):
    """Checks after the exit that are overdue or due soon."""

    participant = tables.Column(
        verbose_name=_("Participant"),
        accessor="participation__participant",
        linkify=lambda record: record.participation.get_absolute_url(),
        order_by=(
            "participation__participant__last_name",
            "participation__participant__first_name",
        ),
    )
    unit = tables.Column(
        verbose_name=_("Unit"),
        accessor="participation__unit__name",
        order_by=("participation__unit__name",),
    )
    exited_on = tables.DateColumn(
        verbose_name=_("Exited on"), accessor="participation__exited_on"
    )
    months_after = tables.Column(verbose_name=_("Months after the exit"))
    due_on = tables.Column(verbose_name=_("Due on"))

    class Meta:
        sequence = ("participant", "unit", "exited_on", "months_after", "due_on")
        order_by = ("due_on",)
        empty_text = _(
            "No check after an exit is overdue or due within the next two weeks."
        )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.today = timezone.localdate()

    def render_due_on(self, value: datetime.date) -> SafeString:
        label = date_format(value, "SHORT_DATE_FORMAT")
        if value < self.today:
            return format_html(
                '<span class="badge text-bg-danger">{}</span> {}', _("overdue"), label
            )
        return format_html(
            '<span class="badge text-bg-warning">{}</span> {}', _("due soon"), label
        )

    def value_due_on(self, value: datetime.date) -> datetime.date:
        return value  # an export gets the date, not the badge
