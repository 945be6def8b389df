"""Load the seven ATENSI service components and their sub-types from network/data/atensi.json.

The catalogue is reference data every installation needs (tests included), so it arrives with the
schema. Re-running updates names in place and never duplicates; rows are matched on their codes.
"""

import json
from pathlib import Path

from django.db import migrations

CATALOGUE = Path(__file__).resolve().parent.parent / "data" / "atensi.json"


def load_catalogue(apps, schema_editor):
    component_model = apps.get_model("network", "ServiceComponent")
    subtype_model = apps.get_model("network", "ServiceSubtype")
    data = json.loads(CATALOGUE.read_text(encoding="utf-8"))
    for entry in data["components"]:
        component, _ = component_model.objects.update_or_create(
            code=entry["code"],
            defaults={"number": entry["number"], "name_id": entry["name_id"], "name_en": entry["name_en"]},
        )
        for sub in entry["subtypes"]:
            subtype_model.objects.update_or_create(
                code=sub["code"],
                defaults={"component": component, "name_id": sub["name_id"], "name_en": sub["name_en"]},
            )


class Migration(migrations.Migration):

    dependencies = [
        ("network", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(load_catalogue, migrations.RunPython.noop),
    ]
