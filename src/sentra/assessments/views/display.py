"""Labels shared by the pages: professions, ATENSI components, devices, and needs as table rows."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.utils.translation import gettext as _

from sentra.assessments import selectors
from sentra.assessments.models import URGENCY_RANK, Device, Need
from sentra.assessments.rules import text_in
from sentra.assessments.services import may_decide
from sentra.core.models import Profession, Role, User


def profession_label(code: str) -> str:
    if code == selectors.PEKERJA_SOSIAL:
        return _("Social worker")
    if code == "case_manager":
        return str(Role.CASE_MANAGER.label)
    try:
        return str(Profession(code).label)
    except ValueError:
        return code


def component_label(component: str, subtype: str | None, language: str) -> str:
    catalogue = selectors.atensi_catalogue()
    entry = catalogue.get(component)
    if entry is None:
        return component
    name = entry["name_en" if language.startswith("en") else "name_id"]
    if subtype and subtype in entry["subtypes"]:
        sub = entry["subtypes"][subtype]
        return f"{name}: {sub['name_en' if language.startswith('en') else 'name_id']}"
    return str(name)


def device_label(code: str) -> str:
    try:
        return str(Device(code).label)
    except ValueError:
        return code


def need_rows(user: User, needs: Iterable[Need], language: str) -> list[dict[str, Any]]:
    """Needs with everything a case manager reads before deciding: why, who, how urgent, devices."""
    rows = []
    # Undecided proposals first, the most urgent first among them: what needs a decision now.
    ordered = sorted(
        needs,
        key=lambda need: (
            need.status != "proposed",
            -URGENCY_RANK.get(need.urgency, 0),
            -need.created_at.timestamp(),
        ),
    )
    for need in ordered:
        rows.append(
            {
                "need": need,
                "service": text_in(need.service_label, language) if need.service_label else need.component,
                "component": component_label(need.component, need.subtype or None, language),
                "component_code": "/".join(filter(None, (need.component, need.subtype))),
                "professions": [profession_label(code) for code in need.professions],
                "rule_text": text_in(need.rule_text, language) if need.rule_text else need.rule_id,
                "evidence": [entry.get("text", "") for entry in need.evidence],
                "devices": [device_label(device.device) for device in need.devices.all()],
                "may_decide": need.status == "proposed" and may_decide(user, need),
            }
        )
    return rows
