"""The sixteen voivodeship offices: name, seat and the voivode's title."""

from django.db import migrations

OFFICES = {
    "02": ("Dolnośląski Urząd Wojewódzki we Wrocławiu", "Wrocław", "Wojewoda Dolnośląski"),
    "04": ("Kujawsko-Pomorski Urząd Wojewódzki w Bydgoszczy", "Bydgoszcz",
           "Wojewoda Kujawsko-Pomorski"),
    "06": ("Lubelski Urząd Wojewódzki w Lublinie", "Lublin", "Wojewoda Lubelski"),
    "08": ("Lubuski Urząd Wojewódzki w Gorzowie Wielkopolskim", "Gorzów Wielkopolski",
           "Wojewoda Lubuski"),
    "10": ("Łódzki Urząd Wojewódzki w Łodzi", "Łódź", "Wojewoda Łódzki"),
    "12": ("Małopolski Urząd Wojewódzki w Krakowie", "Kraków", "Wojewoda Małopolski"),
    "14": ("Mazowiecki Urząd Wojewódzki w Warszawie", "Warszawa", "Wojewoda Mazowiecki"),
    "16": ("Opolski Urząd Wojewódzki w Opolu", "Opole", "Wojewoda Opolski"),
    "18": ("Podkarpacki Urząd Wojewódzki w Rzeszowie", "Rzeszów", "Wojewoda Podkarpacki"),
    "20": ("Podlaski Urząd Wojewódzki w Białymstoku", "Białystok", "Wojewoda Podlaski"),
    "22": ("Pomorski Urząd Wojewódzki w Gdańsku", "Gdańsk", "Wojewoda Pomorski"),
    "24": ("Śląski Urząd Wojewódzki w Katowicach", "Katowice", "Wojewoda Śląski"),
    "26": ("Świętokrzyski Urząd Wojewódzki w Kielcach", "Kielce", "Wojewoda Świętokrzyski"),
    "28": ("Warmińsko-Mazurski Urząd Wojewódzki w Olsztynie", "Olsztyn",
           "Wojewoda Warmińsko-Mazurski"),
    "30": ("Wielkopolski Urząd Wojewódzki w Poznaniu", "Poznań", "Wojewoda Wielkopolski"),
    "32": ("Zachodniopomorski Urząd Wojewódzki w Szczecinie", "Szczecin",
           "Wojewoda Zachodniopomorski"),
}


def load(apps, schema_editor):
    Voivodeship = apps.get_model("units", "Voivodeship")
    for teryt, (office, city, title) in OFFICES.items():
        Voivodeship.objects.filter(teryt=teryt).update(
            office_name=office,
            office_city=city,
            voivode_title=title,
            decision_number_format=f"CIS-{teryt}.{{seq}}.{{year}}",
        )


def unload(apps, schema_editor):
    Voivodeship = apps.get_model("units", "Voivodeship")
    Voivodeship.objects.update(office_name="", office_city="", voivode_title="")


class Migration(migrations.Migration):
    dependencies = [("units", "0004_load_legal_rules")]

    operations = [migrations.RunPython(load, reverse_code=unload)]
