"""Seed the model types and activity types of domain.md §4 (admins may change them afterwards)."""

from django.db import migrations


def seed(apps, schema_editor):
    from wards import reference

    ModelType = apps.get_model("wards", "ModelType")
    ActivityType = apps.get_model("wards", "ActivityType")
    for order, name in enumerate(reference.MODEL_TYPES, 1):
        ModelType.objects.get_or_create(name=name, defaults={"order": order})
    for order, (code, name, counts_houses) in enumerate(reference.ACTIVITY_TYPES, 1):
        ActivityType.objects.get_or_create(
            code=code, defaults={"name": name, "counts_houses": counts_houses, "order": order}
        )


class Migration(migrations.Migration):
    dependencies = [("wards", "0002_logbook")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
