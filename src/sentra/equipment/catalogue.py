"""Loading the shipped catalogue and default standards (``data/catalogue.json``).

Used by the data migration and by tests that flush the database; works on the historical models a
migration passes in as well as on the real ones. Idempotent: existing codes and standards are kept
as administrators left them.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

CATALOGUE_FILE = Path(__file__).resolve().parent / "data" / "catalogue.json"


def read_catalogue(path: Path = CATALOGUE_FILE) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def load_catalogue(apps: Any, schema_editor: Any = None) -> None:
    item_type_model = apps.get_model("equipment", "ItemType")
    standard_model = apps.get_model("equipment", "Standard")
    revision_model = apps.get_model("equipment", "StandardRevision")
    component_model = apps.get_model("network", "ServiceComponent")
    subtype_model = apps.get_model("network", "ServiceSubtype")
    data = read_catalogue()
    types = {}
    for entry in data["item_types"]:
        item_type, _created = item_type_model.objects.get_or_create(code=entry["code"], defaults=entry)
        types[entry["code"]] = item_type
    if standard_model.objects.exists():
        return
    components = {component.code: component for component in component_model.objects.all()}
    subtypes = {subtype.code: subtype for subtype in subtype_model.objects.all()}
    for entry in data["standards"]:
        component = components.get(entry["component"])
        if component is None:  # the ATENSI catalogue is not loaded (a flushed test database)
            continue
        standard = standard_model.objects.create(
            component=component,
            subtype=subtypes.get(entry["subtype"]) if entry["subtype"] else None,
            setting=entry["setting"],
            item_type=types[entry["item_type"]],
            minimum_quantity=entry["minimum_quantity"],
            caseload_basis=entry["caseload_basis"],
            caseload_per_unit=entry["caseload_per_unit"],
            note=entry["note"],
        )
        revision_model.objects.create(
            standard=standard, version=1, data=standard_values(standard), reason=data["standards_source"]
        )


def standard_values(standard: Any) -> dict[str, Any]:
    """The versioned values of a standard, as stored in each revision."""
    return {
        "component": standard.component.code,
        "subtype": standard.subtype.code if standard.subtype_id else "",
        "setting": standard.setting,
        "item_type": standard.item_type.code,
        "minimum_quantity": standard.minimum_quantity,
        "caseload_basis": standard.caseload_basis,
        "caseload_per_unit": standard.caseload_per_unit,
        "note": standard.note,
        "is_active": standard.is_active,
    }
