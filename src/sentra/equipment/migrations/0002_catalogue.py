from django.db import migrations

from sentra.equipment.catalogue import load_catalogue


class Migration(migrations.Migration):
    dependencies = [
        ("equipment", "0001_initial"),
        ("network", "0002_atensi_catalogue"),
    ]

    operations = [migrations.RunPython(load_catalogue, migrations.RunPython.noop)]
