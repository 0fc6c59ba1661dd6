"""Tables of the activities' and supported employment's lists. Rows come
annotated from the selectors; nothing here queries the database."""

from __future__ import annotations

import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from programs.models import Activity, SupportedEmployment


class ActivityTable(tables.Table):
    name = tables.Column(verbose_name=_("Name"), linkify=True)
    unit = tables.Column(verbose_name=_("Unit"), order_by=("unit__name",))
    kind = tables.Column(verbose_name=_("Kind"))
    is_workshop = tables.BooleanColumn(verbose_name=_("Workshop"))
    instructor = tables.Column(verbose_name=_("Instructor"), default="—")
    place = tables.Column(verbose_name=_("Place"), default="—")
    starts_on = tables.DateColumn(verbose_name=_("Runs from"))
    ends_on = tables.DateColumn(verbose_name=_("Runs until"), default="—")
    enrolled = tables.Column(verbose_name=_("Enrolled now"))

    class Meta:
        model = Activity
        fields = ()
        sequence = (
            "name",
            "unit",
            "kind",
            "is_workshop",
            "instructor",
            "place",
            "starts_on",
            "ends_on",
            "enrolled",
        )
        order_by = ("name",)
        empty_text = _("No activities match these criteria.")

    def render_unit(self, record: Activity) -> str:
        return record.unit.name

    def value_unit(self, record: Activity) -> str:
        return record.unit.name


class SupportedEmploymentTable(tables.Table):
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
    form = tables.Column(verbose_name=_("Form"))
    employer_name = tables.Column(verbose_name=_("Employer"), default="—")
    starts_on = tables.DateColumn(verbose_name=_("From"))
    ends_on = tables.DateColumn(verbose_name=_("Until"), default="—")
    refund_monthly = tables.Column(verbose_name=_("Monthly refund (PLN)"), default="—")
    edit = tables.LinkColumn(
        "programs:supported_edit",
        args=[tables.A("pk")],
        text=_("Edit"),
        verbose_name="",
        orderable=False,
        exclude_from_export=True,
    )

    class Meta:
        model = SupportedEmployment
        fields = ()
        sequence = (
            "participant",
            "unit",
            "form",
            "employer_name",
            "starts_on",
            "ends_on",
            "refund_monthly",
            "edit",
        )
        order_by = ("-starts_on",)
        empty_text = _("No supported employment matches these criteria.")
