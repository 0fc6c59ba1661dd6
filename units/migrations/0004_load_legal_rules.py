"""Legal rules in force, with the dates they apply from (docs/legal-basis.md)."""

import datetime

from django.db import migrations

ACT = "ustawy o zatrudnieniu socjalnym"
AMENDMENT_2022 = datetime.date(2022, 2, 15)

RULES = [
    # (code, applies from, value, article, note)
    ("cis_founder_types", None,
     ["gmina", "powiat", "wojewodztwo", "jst_unit", "ngo", "church", "social_cooperative"],
     f"art. 3 ust. 2 {ACT}",
     "A local-government founder runs the centre as its budgetary unit or "
     "local-government budgetary establishment."),
    ("kis_founder_types", None,
     ["gmina", "jst_unit", "ngo", "church", "social_cooperative"],
     f"art. 18 ust. 1 {ACT}",
     "Among local governments only the gmina (and its units such as the OPS); "
     "a powiat or its units (PCPR) may not run a KIS."),
    ("cis_status_years", None, 5, f"art. 5 ust. 2 {ACT}", ""),
    ("decision_months", None, 1, "art. 35 § 3 Kodeksu postępowania administracyjnego",
     "A case that needs explanatory proceedings."),
    ("saturday_is_holiday", None, False,
     "art. 57 § 4 Kodeksu postępowania administracyjnego", "Before 1 June 2017."),
    ("saturday_is_holiday", datetime.date(2017, 6, 1), True,
     "art. 57 § 4 Kodeksu postępowania administracyjnego", ""),
    ("appeal_days", None, 14, "art. 129 § 2 Kodeksu postępowania administracyjnego",
     "Appeal to the minister through the voivode."),
    ("kis_register_days", AMENDMENT_2022, 30, f"art. 18a ust. 2 {ACT}", ""),
    ("kis_closure_notice_days", AMENDMENT_2022, 30, f"art. 18a ust. 4 {ACT}", ""),
    ("supervision_explanation_days", AMENDMENT_2022, 14,
     f"art. 5b ust. 2 pkt 1 {ACT}", "At least this many days from receipt."),
    ("supervision_remedy_days", AMENDMENT_2022, 30,
     f"art. 5b ust. 2 pkt 2 {ACT}", "At least this many days from receipt."),
    ("act_citation", None, "Dz. U. z 2020 r. poz. 176", "tekst jednolity", ""),
    ("act_citation", datetime.date(2022, 11, 3), "Dz. U. z 2022 r. poz. 2241",
     "tekst jednolity", ""),
    ("act_citation", datetime.date(2025, 1, 10), "Dz. U. z 2025 r. poz. 83",
     "tekst jednolity", "Announced on 10 January 2025."),
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
    dependencies = [("units", "0003_registry_applications_decisions")]

    operations = [migrations.RunPython(load, reverse_code=unload)]
