from django.db import migrations


def load(apps, schema_editor):
    from tipsom.justice.offences import OFFENCES

    Offence = apps.get_model("justice", "Offence")
    for row in OFFENCES:
        Offence.objects.update_or_create(code=row["code"], defaults=row)


def unload(apps, schema_editor):
    from tipsom.justice.offences import OFFENCES

    apps.get_model("justice", "Offence").objects.filter(
        code__in=[row["code"] for row in OFFENCES]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("justice", "0001_initial")]

    operations = [migrations.RunPython(load, unload)]
