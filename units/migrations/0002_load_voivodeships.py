"""The sixteen voivodeships with their TERYT codes (GUS, TERC register)."""

from django.db import migrations

VOIVODESHIPS = [
    ("02", "dolnośląskie"),
    ("04", "kujawsko-pomorskie"),
    ("06", "lubelskie"),
    ("08", "lubuskie"),
    ("10", "łódzkie"),
    ("12", "małopolskie"),
    ("14", "mazowieckie"),
    ("16", "opolskie"),
    ("18", "podkarpackie"),
    ("20", "podlaskie"),
    ("22", "pomorskie"),
    ("24", "śląskie"),
    ("26", "świętokrzyskie"),
    ("28", "warmińsko-mazurskie"),
    ("30", "wielkopolskie"),
    ("32", "zachodniopomorskie"),
]


def load(apps, schema_editor):
    Voivodeship = apps.get_model("units", "Voivodeship")
    for teryt, name in VOIVODESHIPS:
        Voivodeship.objects.update_or_create(teryt=teryt, defaults={"name": name})


def unload(apps, schema_editor):
    Voivodeship = apps.get_model("units", "Voivodeship")
    Voivodeship.objects.filter(teryt__in=[teryt for teryt, _ in VOIVODESHIPS]).delete()


class Migration(migrations.Migration):
    dependencies = [("units", "0001_initial")]

    operations = [migrations.RunPython(load, reverse_code=unload)]
