"""The grounds of social exclusion of art. 1 ust. 2 of the Act
(docs/legal-basis.md, section 2). A later amendment adds rows or closes them
with `valid_until` in a new migration or in the administration site."""

from django.db import migrations

ACT = "ustawy o zatrudnieniu socjalnym"

GROUNDS = [
    # (code, Polish name, English name, article, special category, order)
    ("homeless",
     "bezdomni realizujący indywidualny program wychodzenia z bezdomności",
     "homeless people carrying out an individual programme of leaving homelessness",
     f"art. 1 ust. 2 pkt 1 {ACT}", False, 1),
    ("alcohol_addiction", "uzależnieni od alkoholu", "people addicted to alcohol",
     f"art. 1 ust. 2 pkt 2 {ACT}", True, 2),
    ("drug_addiction",
     "uzależnieni od narkotyków lub innych środków odurzających",
     "people addicted to drugs or other intoxicants",
     f"art. 1 ust. 2 pkt 3 {ACT}", True, 3),
    ("mental_illness",
     "osoby z zaburzeniami psychicznymi (do 14 lutego 2022 r.: chorzy psychicznie)",
     "people with mental disorders (until 14 February 2022: mentally ill)",
     f"art. 1 ust. 2 pkt 4 {ACT}", True, 4),
    ("long_term_unemployed", "długotrwale bezrobotni", "long-term unemployed",
     f"art. 1 ust. 2 pkt 5 {ACT}", False, 5),
    ("released_from_prison",
     "zwalniani z zakładów karnych, mający trudności w integracji ze środowiskiem",
     "people released from prison with difficulties integrating",
     f"art. 1 ust. 2 pkt 6 {ACT}", True, 6),
    ("refugee", "uchodźcy realizujący indywidualny program integracji",
     "refugees carrying out an individual integration programme",
     f"art. 1 ust. 2 pkt 7 {ACT}", False, 7),
    ("disabled", "osoby niepełnosprawne", "people with disabilities",
     f"art. 1 ust. 2 pkt 8 {ACT}", True, 8),
    ("other_excluded",
     "inne osoby zagrożone wykluczeniem społecznym (katalog otwarty)",
     "other people at risk of social exclusion (open list)",
     f"art. 1 ust. 2 {ACT} (\u201ew szczególności\u201d)", False, 9),
]


def load(apps, schema_editor):
    ExclusionGround = apps.get_model("participants", "ExclusionGround")
    for code, name_pl, name_en, article, special, order in GROUNDS:
        ExclusionGround.objects.update_or_create(
            code=code,
            defaults={
                "name_pl": name_pl,
                "name_en": name_en,
                "article": article,
                "special_category": special,
                "order": order,
            },
        )


def unload(apps, schema_editor):
    ExclusionGround = apps.get_model("participants", "ExclusionGround")
    ExclusionGround.objects.filter(code__in=[g[0] for g in GROUNDS]).delete()


class Migration(migrations.Migration):
    dependencies = [("participants", "0001_initial")]

    operations = [migrations.RunPython(load, unload)]
