from django.db import migrations


def load(apps, schema_editor):
    from tipsom.justice.offences import load as load_offences

    load_offences(apps.get_model("justice", "Offence"))


def unload(apps, schema_editor):
    from tipsom.justice.offences import OFFENCES

    apps.get_model("justice", "Offence").objects.filter(
        code__in=[row["code"] for row in OFFENCES]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("justice", "0001_initial")]

    operations = [migrations.RunPython(load, unload)]
