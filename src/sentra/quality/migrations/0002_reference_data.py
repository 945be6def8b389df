"""Load the complaint categories and the public holidays (2025-2027) from quality/data/.

Both are reference data every installation needs, tests included. Re-running updates rows in place,
matched on the category code and the holiday date; the commands ``sentra load_complaint_categories``
and ``sentra load_holidays`` load corrected or newer files later.
"""

import json
from pathlib import Path

from django.db import migrations

DATA = Path(__file__).resolve().parent.parent / "data"


def load(apps, schema_editor):
    category_model = apps.get_model("quality", "ComplaintCategory")
    holiday_model = apps.get_model("quality", "PublicHoliday")
    categories = json.loads((DATA / "complaint_categories.json").read_text(encoding="utf-8"))
    for entry in categories["categories"]:
        category_model.objects.update_or_create(
            code=entry["code"],
            defaults={key: value for key, value in entry.items() if key != "code"},
        )
    holidays = json.loads((DATA / "holidays_id.json").read_text(encoding="utf-8"))
    for year in holidays["years"].values():
        for day in year["days"]:
            holiday_model.objects.update_or_create(
                date=day["date"],
                defaults={"name": day["name"], "kind": day["kind"], "source": year["reference"]},
            )


class Migration(migrations.Migration):

    dependencies = [
        ("quality", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(load, migrations.RunPython.noop),
    ]
