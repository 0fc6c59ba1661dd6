"""The sources of the 2019-2021 benefit amounts, now read (docs/legal-basis.md,
section 7.4): the amounts were right; the rows lose their "unverified" mark.
A source an administrator has since rewritten is left alone."""

import datetime

from django.db import migrations

D = datetime.date
MARK = " [unverified: figure from the yearly indexation, notice not read]"
SOURCES = {
    D(2019, 6, 1): "Obwieszczenie Ministra Rodziny, Pracy i Polityki Społecznej "
    "z 2019 r. w sprawie wysokości zasiłku dla bezrobotnych (kwota od 1 czerwca "
    "2019 r. do 31 maja 2020 r.)",
    D(2020, 6, 1): "Obwieszczenie Ministra Rodziny, Pracy i Polityki Społecznej "
    "z dnia 22 maja 2020 r. w sprawie wysokości zasiłku dla bezrobotnych "
    "(M.P. 2020 poz. 467)",
    D(2021, 6, 1): "Obwieszczenie Ministra Rozwoju, Pracy i Technologii z dnia "
    "19 maja 2021 r. w sprawie wysokości zasiłku dla bezrobotnych "
    "(M.P. 2021 poz. 486)",
}


def load(apps, schema_editor):
    BenefitRate = apps.get_model("programs", "BenefitRate")
    for valid_from, source in SOURCES.items():
        BenefitRate.objects.filter(
            valid_from=valid_from, source__endswith=MARK
        ).update(source=source)


class Migration(migrations.Migration):
    dependencies = [("programs", "0006_load_supported_employment_refund")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
