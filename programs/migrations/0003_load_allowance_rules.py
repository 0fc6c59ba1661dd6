"""Legal rules of the integration allowance (art. 15 and 15a of the Act), with
the dates they apply from. The value shapes are read by programs/allowance.py
and described, with what was verified, in docs/legal-basis.md, section 7.3."""

import datetime

from django.db import migrations

ACT = "ustawy o zatrudnieniu socjalnym"
# The amount of the allowance (new art. 15 ust. 4) applies with effect from
# 1 January 2022 (art. 14 pkt 2 of the amending act, Dz.U. 2022 poz. 218);
# the rest of the amendment from its entry into force, 15 February 2022.
AMOUNT_2022 = datetime.date(2022, 1, 1)
AMENDMENT_2022 = datetime.date(2022, 2, 15)
UNVERIFIED = "Ustęp not verified against the published text."

RULES = [
    # (code, applies from, value, article, note)
    ("allowance_trial_percent", None, "50", f"art. 15 ust. 2 {ACT}",
     "Trial period: 50% of the unemployment benefit. " + UNVERIFIED),
    ("allowance_trial_percent", AMOUNT_2022, "120",
     f"art. 15 ust. 4 {ACT}; art. 14 pkt 2 ustawy z dnia 13 stycznia 2022 r. "
     "(Dz.U. 2022 poz. 218)",
     "One amount in the trial period and after it, with effect from "
     "1 January 2022."),
    ("allowance_programme_percent", None, "100", f"art. 15 ust. 3 {ACT}",
     "After the trial period: 100% of the benefit (since the 2007 "
     "amendment; 80% before). " + UNVERIFIED),
    ("allowance_programme_percent", AMOUNT_2022, "120",
     f"art. 15 ust. 4 {ACT}; art. 14 pkt 2 ustawy z dnia 13 stycznia 2022 r. "
     "(Dz.U. 2022 poz. 218)",
     "120% of the benefit, with effect from 1 January 2022."),
    ("allowance_days_off", None,
     {"days": 6, "window_months": 12, "in_trial": False},
     f"art. 15 ust. 5 {ACT}",
     "Days off granted by the manager at the participant's request in the "
     "participation period, with the allowance. " + UNVERIFIED),
    ("allowance_days_off", AMENDMENT_2022,
     {"days": 12, "window_months": 12, "in_trial": False},
     f"art. 15 ust. 5 {ACT}", "12 days. " + UNVERIFIED),
    ("allowance_sick_days", None,
     {"days": 14, "window_months": 12, "in_trial": False},
     f"art. 15 ust. 7 {ACT}",
     "Sick leave confirmed by a doctor in the participation period, paid at "
     "the reduced rate for at most 14 days; nothing beyond. " + UNVERIFIED),
    ("allowance_sick_days", AMENDMENT_2022,
     {"days": 21, "window_months": 12, "in_trial": False},
     f"art. 15 ust. 7a {ACT}; art. 10 ustawy z dnia 13 stycznia 2022 r.",
     "At most 21 days; people already in the participation period on "
     "15 February 2022 get the new rule (art. 10 of the amending act)."),
    ("allowance_sick_deduction", None, {"paid_day_share": "1/40"},
     f"art. 15 ust. 7a {ACT}",
     "The allowance is reduced by 1/40 for each day of paid sick leave. "
     "Reported for the text before 2022; not confirmed for the new ust. 7a."),
    ("allowance_unexcused_deduction", None, {"day_share": "1/20", "max_days": 3},
     f"art. 15 ust. 6 {ACT}",
     "1/20 for each day of unexcused absence; more than 3 such days in a "
     "month and no allowance is due for it. " + UNVERIFIED),
    ("allowance_partial_month", None, {"method": "calendar_days"},
     f"art. 15 ust. 4 {ACT}",
     "A month not wholly in the participation, and a day without the "
     "allowance, count by calendar days of the month (the system's reading)."),
    ("allowance_bonus_max_percent", None, {"percent": "50", "of": "allowance"},
     f"art. 15a ust. 2 {ACT}",
     "Up to 50% of the allowance (20% in the 2007 wording)."),
    ("allowance_bonus_max_percent", AMENDMENT_2022,
     {"percent": "100", "of": "allowance"},
     f"art. 15a ust. 2 {ACT}",
     "Up to 100% of the allowance of art. 15 ust. 4, in the participation "
     "period after the trial (ust. 1)."),
    ("allowance_contributions", None,
     {"rates": {"pension": "19.52", "disability": "8.00"}, "on_bonus": False},
     "art. 6 ust. 1, art. 22 ust. 1 pkt 1 i 2 ustawy o systemie ubezpieczeń "
     "społecznych",
     "Pension (19.52%) and disability (8%) insurance on the allowance, "
     "financed in full from the Labour Fund; no sickness or accident "
     "insurance; the health contribution is paid by the social-assistance "
     "centre, not by the unit."),
    ("allowance_refund", None,
     {"allowance": True, "bonus": False, "contributions": ["pension", "disability"]},
     f"art. 16 {ACT}",
     "The starosta (PUP) refunds from the Labour Fund the allowances paid in "
     "the previous month and the social-insurance contributions on them, on "
     "the unit's copy of the payroll list; whoever referred the participant. "
     "The bonus is paid from the unit's own funds. Article number not "
     "verified."),
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
        ("programs", "0002_load_benefit_rates"),
        ("units", "0010_allowance_and_report_rules"),
    ]

    operations = [migrations.RunPython(load, unload)]
