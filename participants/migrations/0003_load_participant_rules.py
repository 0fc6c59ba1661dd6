"""Legal rules of participation (art. 1 ust. 3, 3a, art. 12, 14, 15 of the
Act) with the dates they apply from (docs/legal-basis.md, sections 3 and 7)."""

import datetime

from django.db import migrations

ACT = "ustawy o zatrudnieniu socjalnym"
AMENDMENT_2022 = datetime.date(2022, 2, 15)
EXCLUDING = [
    "unemployment_benefit",
    "pre_retirement_allowance",
    "pre_retirement_benefit",
    "structural_pension",
    "incapacity_pension",
    "old_age_pension",
    "teachers_compensatory",
]

RULES = [
    # (code, applies from, value, article, note)
    ("cis_excluding_benefits", None, EXCLUDING, f"art. 1 ust. 3 {ACT}",
     "The social pension (pkt 4) was repealed before the periods modelled."),
    ("kis_excluding_benefits", None, EXCLUDING, f"art. 1 ust. 3 {ACT}", ""),
    ("kis_excluding_benefits", AMENDMENT_2022,
     [code for code in EXCLUDING if code != "incapacity_pension"],
     f"art. 1 ust. 3 i 3a {ACT}",
     "A person with a disability pension for inability to work may take part "
     "in a KIS (not a CIS)."),
    ("referral_issuers", None,
     {"default": ["ops", "cus"], "long_term_unemployed": ["pup"]},
     f"art. 12 ust. 1 {ACT}",
     "Issued by the OPS (or CUS) of the person's place of residence; for the "
     "long-term unemployed by the labour office, which notifies the OPS."),
    ("trial_months", None, 1, f"art. 15 {ACT}", "Trial period of a CIS."),
    ("participation_months", None, 11, f"art. 15 ust. 3 {ACT}",
     "After the trial period (12 months in all)."),
    ("participation_months", AMENDMENT_2022, 12, f"art. 15 ust. 3 {ACT}",
     "After the trial period, which is counted apart."),
    ("extension_months", None, 6, f"art. 15 {ACT}", ""),
    ("extension_months", AMENDMENT_2022, 12, f"art. 15 {ACT}", ""),
    ("weekly_hours", None, {"min": 30, "max": None}, f"art. 14 ust. 1 {ACT}",
     "At least 6 hours a day (30 in a five-day week)."),
    ("weekly_hours", AMENDMENT_2022, {"min": 30, "max": 40},
     f"art. 14 ust. 1 {ACT}",
     "Less for people with a significant or moderate disability."),
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
        ("participants", "0002_load_exclusion_grounds"),
        ("units", "0008_rule_codes_participants"),
    ]

    operations = [migrations.RunPython(load, unload)]
