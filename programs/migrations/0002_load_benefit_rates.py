"""The basic unemployment benefit (zasiłek dla bezrobotnych, first 90 days)
from each date it applied, with the notice that set it. The integration
allowance is a share of it (art. 15 of the Act); docs/legal-basis.md,
section 7.4, says which figures were checked against which source."""

import datetime
from decimal import Decimal

from django.db import migrations

D = datetime.date
UNVERIFIED = " [unverified: figure from the yearly indexation, notice not read]"

RATES = [
    # (applies from, amount, source)
    (D(2018, 6, 1), "847.80",
     "Obwieszczenie MRPiPS z 2018 r. w sprawie wysokości zasiłku dla "
     "bezrobotnych (M.P. 2018 poz. 475); art. 72 ust. 1 pkt 1 lit. a ustawy "
     "o promocji zatrudnienia i instytucjach rynku pracy"),
    (D(2019, 6, 1), "861.40",
     "Obwieszczenie MRPiPS z 2019 r. w sprawie wysokości zasiłku dla "
     "bezrobotnych (M.P. 2019)" + UNVERIFIED),
    (D(2020, 6, 1), "881.30",
     "Obwieszczenie MRPiPS z 2020 r. w sprawie wysokości zasiłku dla "
     "bezrobotnych (M.P. 2020 poz. 467)" + UNVERIFIED),
    (D(2020, 9, 1), "1200.00",
     "Art. 15 pkt 2 ustawy z dnia 19 czerwca 2020 r. o dodatku "
     "solidarnościowym (Dz.U. 2020 poz. 1068), zmieniający art. 72 ust. 1 "
     "ustawy o promocji zatrudnienia"),
    (D(2021, 6, 1), "1240.80",
     "Obwieszczenie MRPiPS z 2021 r. w sprawie wysokości zasiłku dla "
     "bezrobotnych (M.P. 2021 poz. 486)" + UNVERIFIED),
    (D(2022, 6, 1), "1304.10",
     "Obwieszczenie MRiPS z dnia 10 maja 2022 r. w sprawie wysokości zasiłku "
     "dla bezrobotnych (M.P. 2022 poz. 486)"),
    (D(2023, 6, 1), "1491.90",
     "Obwieszczenie MRiPS z 2023 r. w sprawie wysokości zasiłku dla "
     "bezrobotnych (M.P. 2023)"),
    (D(2024, 6, 1), "1662.00",
     "Obwieszczenie MRPiPS z 2024 r. w sprawie wysokości zasiłku dla "
     "bezrobotnych (M.P. 2024)"),
    (D(2025, 6, 1), "1721.90",
     "Obwieszczenie MRPiPS z dnia 19 maja 2025 r. w sprawie wysokości "
     "zasiłku dla bezrobotnych; art. 2 pkt 50 i art. 224 ust. 1 ustawy z dnia "
     "20 marca 2025 r. o rynku pracy i służbach zatrudnienia (Dz.U. 2025 "
     "poz. 620)"),
    (D(2026, 6, 1), "1783.90",
     "Obwieszczenie MRPiPS z dnia 2 marca 2026 r. w sprawie wysokości "
     "zasiłku dla bezrobotnych; art. 224 ust. 1 ustawy o rynku pracy i "
     "służbach zatrudnienia"),
]


def load(apps, schema_editor):
    BenefitRate = apps.get_model("programs", "BenefitRate")
    for valid_from, amount, source in RATES:
        BenefitRate.objects.update_or_create(
            valid_from=valid_from,
            defaults={"amount": Decimal(amount), "source": source},
        )


def unload(apps, schema_editor):
    BenefitRate = apps.get_model("programs", "BenefitRate")
    BenefitRate.objects.filter(valid_from__in=[row[0] for row in RATES]).delete()


class Migration(migrations.Migration):
    dependencies = [("programs", "0001_initial")]

    operations = [migrations.RunPython(load, unload)]
