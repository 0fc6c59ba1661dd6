"""The table of the public register."""

from __future__ import annotations

import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from units.constants import CisStatus, UnitKind
from units.models import Unit


class RegisterTable(tables.Table):
    """Rows of `units.register.register_unit_list`; every cell is a column or
    an annotation of that queryset, so a page costs one query."""

    name = tables.Column(
        verbose_name=_("Name"), linkify=("register:detail", {"pk": tables.A("pk")})
    )
    kind = tables.Column(verbose_name=_("Kind"))
    voivodeship = tables.Column(
        verbose_name=_("Voivodeship"), order_by=("voivodeship__teryt",)
    )
    municipality = tables.Column(verbose_name=_("Municipality"))
    address = tables.Column(verbose_name=_("Address"))
    founding_body = tables.Column(
        verbose_name=_("Founding body"), order_by=("founding_body__name",)
    )
    founder_type = tables.Column(
        verbose_name=_("Founder type"),
        accessor="founding_body__get_founder_type_display",
        order_by=("founding_body__founder_type",),
    )
    cis_status = tables.Column(verbose_name=_("CIS status"))
    status_valid_until = tables.DateColumn(
        verbose_name=_("Status valid until"), default="—"
    )
    decision_number = tables.Column(
        verbose_name=_("Grant or extension decision"), default="—"
    )
    decision_issued_on = tables.DateColumn(verbose_name=_("Decision date"), default="—")
    opened_on = tables.DateColumn(verbose_name=_("Opened on"))
    closed_on = tables.DateColumn(verbose_name=_("Closed on"), default="—")
    kis_entered_on = tables.DateColumn(
        verbose_name=_("Entered in the register of KIS"), default="—"
    )

    class Meta:
        model = Unit
        fields = (
            "name",
            "kind",
            "voivodeship",
            "municipality",
            "address",
            "founding_body",
            "founder_type",
            "cis_status",
            "status_valid_until",
            "decision_number",
            "decision_issued_on",
            "opened_on",
            "closed_on",
            "kis_entered_on",
        )
        order_by = ("name",)
        empty_text = _("No units match these criteria.")

    def render_kind(self, record: Unit) -> str:
        # The short code (CIS/KIS) keeps the column narrow.
        return record.kind

    def render_cis_status(self, value: str, record: Unit) -> str:
        if record.kind != UnitKind.CIS:
            return "—"  # a KIS has no status
        return str(CisStatus(value).label)
