from django.db import migrations


def load(apps, schema_editor):
    from tipsom.programme.thematic import load as load_areas

    load_areas(apps.get_model("programme", "ThematicArea"))


def unload(apps, schema_editor):
    from tipsom.programme.thematic import AREAS

    apps.get_model("programme", "ThematicArea").objects.filter(
        number__in=[area["number"] for area in AREAS]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("programme", "0001_initial")]

    operations = [migrations.RunPython(load, unload)]
