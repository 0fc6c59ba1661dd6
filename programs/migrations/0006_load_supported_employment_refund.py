"""The dated rule of the refund to an employer in supported employment
(art. 16 of the Act): read by programs/refund_schedule.py and described, with
what was verified, in docs/legal-basis.md, section 8.3."""

import datetime

from django.db import migrations

ACT = "ustawy o zatrudnieniu socjalnym"
AMENDMENT_2022 = datetime.date(2022, 2, 15)

RULES = [
    # (code, applies from, value, article, note)
    (
        "supported_employment_refund",
        None,
        {
            "commitment_months": 12,
            "tranches": [
                {"months": 3, "percent": "100"},
                {"months": 3, "percent": "80"},
                {"months": 6, "percent": "60"},
            ],
            "with_contributions": True,
        },
        f"art. 16 ust. 2 {ACT}",
        "The employer undertakes to employ the referred participant for at "
        "least 12 months; the starosta refunds part of the pay for the first "
        "12 months, at most 100% of the unemployment benefit with the "
        "social-insurance contributions in months 1-3, 80% in months 4-6 and "
        "60% in months 7-12 (the wording of the 2007 amendment, as quoted by "
        "labour offices and centres). Ustęp not verified against the "
        "published text.",
    ),
    (
        "supported_employment_refund",
        AMENDMENT_2022,
        {
            "commitment_months": 6,
            "tranches": [{"months": 6, "percent": "100"}],
            "with_contributions": True,
        },
        f"art. 16 ust. 2 {ACT}; art. 1 ustawy z dnia 13 stycznia 2022 r. "
        "(Dz.U. 2022 poz. 218)",
        "The commitment shortened from 12 to 6 months, with a refund of at "
        "most 100% of the benefit for the whole period (reported of the act "
        "as passed; the amended wording itself not read).",
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
        ("programs", "0005_allowance_month_first_day_in_clean"),
        ("units", "0012_supported_employment_refund_rule"),
    ]

    operations = [migrations.RunPython(load, unload)]
