"""Load the competency framework from workforce/data/competencies.json.

The framework is reference data every installation needs, tests included. Re-running updates rows in
place, matched on their codes; competencies missing from a newer file are deactivated, never deleted,
because staff levels and evidence point at them.
"""

import json
from pathlib import Path

from django.db import migrations

FRAMEWORK = Path(__file__).resolve().parent.parent / "data" / "competencies.json"


def load_framework(apps, schema_editor):
    area_model = apps.get_model("workforce", "SkillArea")
    competency_model = apps.get_model("workforce", "Competency")
    data = json.loads(FRAMEWORK.read_text(encoding="utf-8"))
    areas = {}
    for order, entry in enumerate(data["skill_areas"]):
        areas[entry["code"]], _ = area_model.objects.update_or_create(
            code=entry["code"], defaults={"name_id": entry["name_id"], "name_en": entry["name_en"], "order": order}
        )
    codes = []
    for order, entry in enumerate(data["competencies"]):
        codes.append(entry["code"])
        defaults = {key: value for key, value in entry.items() if key not in ("code", "skill_area")}
        competency_model.objects.update_or_create(
            code=entry["code"],
            defaults={**defaults, "skill_area": areas[entry["skill_area"]], "order": order, "is_active": True},
        )
    competency_model.objects.exclude(code__in=codes).update(is_active=False)


class Migration(migrations.Migration):
    dependencies = [
        ("workforce", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(load_framework, migrations.RunPython.noop),
    ]
