"""The deadline of the units' annual reports to the voivode, as a dated rule
(docs/legal-basis.md, section 8.2)."""

from django.db import migrations

ACT = "ustawy o zatrudnieniu socjalnym"

RULES = [
    # (code, applies from, value, article, note)
    (
        "annual_report_deadline",
        None,
        {"month": 3, "day": 31},
        f"art. 5 ust. 4 pkt 2 (CIS) i art. 18a ust. 6 (KIS) {ACT}",
        "By this day of the following year a CIS reports to the voivode "
        "(art. 5 ust. 4 pkt 2; template: art. 5 ust. 6) and a KIS reports to "
        "the voivode (art. 18a ust. 6, added by the 2022 amendment in force "
        "from 15 February 2022; template: art. 18a ust. 7).",
    ),
]


def load(apps, schema_editor):
    LegalRule = apps.get_model("units", "LegalRule")
    for code, valid_from, value, article, note in RULES:
        LegalRule.objects.update_or_create(
            code=code,
            valid_from=valid_from,
            defaults={"value": value, "article": article, "note": note},
        )


def unload(apps, schema_editor):
    LegalRule = apps.get_model("units", "LegalRule")
    for code, valid_from, *_ in RULES:
        LegalRule.objects.filter(code=code, valid_from=valid_from).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("reporting", "0001_initial"),
        ("units", "0010_allowance_and_report_rules"),
    ]

    operations = [migrations.RunPython(load, reverse_code=unload)]
