"""The list of participations that lack what a centre provides (art. 14 ust.
2). The rows come annotated from selectors_provisions.with_provision_status;
nothing here queries the database."""

from __future__ import annotations

import datetime
from typing import Any

import django_tables2 as tables
from django.db.models import F, QuerySet
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from participants.constants_provisions import EXPIRY_WARNING_DAYS, ExaminationResult
from participants.models import Participation


def _day(value: datetime.date) -> str:
    return date_format(value, "SHORT_DATE_FORMAT")


def _ordered(
    queryset: QuerySet[Participation], field: str, is_descending: bool
) -> tuple[QuerySet[Participation], bool]:
    # What is missing first, on every database alike.
    key = (
        F(field).desc(nulls_last=True)
        if is_descending
        else F(field).asc(nulls_first=True)
    )
    return queryset.order_by(key, "participant__last_name", "pk"), True


class MissingProvisionTable(tables.Table):
    """One row per participation under way that lacks something."""

    participant = tables.Column(
        verbose_name=_("Participant"),
        linkify=lambda record: record.get_absolute_url(),
        order_by=("participant__last_name", "participant__first_name", "pk"),
    )
    unit = tables.Column(
        verbose_name=_("Unit"), accessor="unit__name", order_by=("unit__name",)
    )
    workshop = tables.Column(verbose_name=_("Workshop"), default="—")
    admitted_on = tables.DateColumn(verbose_name=_("Admitted on"), default="—")
    # A missing date is the point of the list: rendered, not left blank.
    ohs_training_on = tables.Column(
        verbose_name=_("Health and safety training"), empty_values=()
    )
    examination_on = tables.Column(
        verbose_name=_("Medical examination"), empty_values=()
    )
    examination_valid_until = tables.Column(
        verbose_name=_("Examination valid until"), empty_values=()
    )
    examination_result = tables.Column(
        verbose_name=_("Result of the examination"), default="—"
    )
    work_clothing_on = tables.Column(
        verbose_name=_("Work clothing and footwear"), empty_values=()
    )

    class Meta:
        sequence = (
            "participant",
            "unit",
            "workshop",
            "admitted_on",
            "ohs_training_on",
            "examination_on",
            "examination_valid_until",
            "examination_result",
            "work_clothing_on",
        )
        order_by = ("participant",)
        empty_text = _(
            "Every participant under way has the health and safety training, a "
            "valid medical examination and work clothing."
        )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.today = timezone.localdate()
        self.soon = self.today + datetime.timedelta(days=EXPIRY_WARNING_DAYS)

    @staticmethod
    def _provided(value: datetime.date | None) -> SafeString:
        if value is None:
            return format_html(
                '<span class="badge text-bg-danger">{}</span>', _("missing")
            )
        return format_html("{}", _day(value))

    def render_ohs_training_on(self, value: datetime.date | None) -> SafeString:
        return self._provided(value)

    def render_examination_on(self, value: datetime.date | None) -> SafeString:
        return self._provided(value)

    def render_work_clothing_on(self, value: datetime.date | None) -> SafeString:
        return self._provided(value)

    def render_examination_valid_until(
        self, value: datetime.date | None, record: Participation
    ) -> SafeString | str:
        if value is None:
            return "—" if record.examination_on is None else str(_("no end date"))
        if value < self.today:
            return format_html(
                '<span class="badge text-bg-danger">{}</span> {}',
                _("expired"),
                _day(value),
            )
        if value <= self.soon:
            return format_html(
                '<span class="badge text-bg-warning">{}</span> {}',
                _("expires soon"),
                _day(value),
            )
        return _day(value)

    def render_examination_result(self, value: str) -> SafeString:
        label = ExaminationResult(value).label
        if value == ExaminationResult.UNFIT:
            return format_html('<span class="badge text-bg-danger">{}</span>', label)
        return format_html("{}", label)

    def value_examination_result(self, value: str) -> str:
        return str(ExaminationResult(value).label) if value else ""

    # An export gets the dates, and "missing" where there is none.
    @staticmethod
    def _exported(value: datetime.date | None) -> datetime.date | str:
        return value if value is not None else str(_("missing"))

    def value_ohs_training_on(self, value: datetime.date | None) -> Any:
        return self._exported(value)

    def value_examination_on(self, value: datetime.date | None) -> Any:
        return self._exported(value)

    def value_work_clothing_on(self, value: datetime.date | None) -> Any:
        return self._exported(value)

    def value_examination_valid_until(self, value: datetime.date | None) -> Any:
        return value if value is not None else ""

    def order_ohs_training_on(
        self, queryset: QuerySet[Participation], is_descending: bool
    ) -> tuple[QuerySet[Participation], bool]:
        return _ordered(queryset, "ohs_training_on", is_descending)

    def order_examination_on(
        self, queryset: QuerySet[Participation], is_descending: bool
    ) -> tuple[QuerySet[Participation], bool]:
        return _ordered(queryset, "examination_on", is_descending)

    def order_examination_valid_until(
        self, queryset: QuerySet[Participation], is_descending: bool
    ) -> tuple[QuerySet[Participation], bool]:
        return _ordered(queryset, "examination_valid_until", is_descending)

    def order_work_clothing_on(
        self, queryset: QuerySet[Participation], is_descending: bool
    ) -> tuple[QuerySet[Participation], bool]:
        return _ordered(queryset, "work_clothing_on", is_descending)
