import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from units.constants import CisStatus, UnitKind
from units.models import Unit


class UnitTable(tables.Table):
    name = tables.Column(linkify=True, verbose_name=_("Name"))
    kind = tables.Column(verbose_name=_("Kind"))
    voivodeship = tables.Column(
        verbose_name=_("Voivodeship"), order_by=("voivodeship__teryt",)
    )
    municipality = tables.Column(verbose_name=_("Municipality"))
    founding_body = tables.Column(
        verbose_name=_("Founding body"), order_by=("founding_body__name",)
    )
    founder_group = tables.Column(
        verbose_name=_("Founder group"),
        accessor="founding_body__get_founder_group_display",
        order_by=("founding_body__founder_type",),
    )
    cis_status = tables.Column(verbose_name=_("CIS status"), default="—")
    opened_on = tables.DateColumn(verbose_name=_("Opened on"))
    closed_on = tables.DateColumn(verbose_name=_("Closed on"), default="—")

    class Meta:
        model = Unit
        fields = (
            "name",
            "kind",
            "voivodeship",
            "municipality",
            "founding_body",
            "founder_group",
            "cis_status",
            "opened_on",
            "closed_on",
        )
        order_by = ("name",)
        empty_text = _("No units match these criteria.")

    def render_cis_status(self, value: str, record: Unit) -> str:
        if record.kind != UnitKind.CIS:
            return "—"
        return str(CisStatus(value).label)

    def render_kind(self, record: Unit) -> str:
        # The short code (CIS/KIS) keeps the column narrow.
        return record.kind
