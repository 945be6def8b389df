"""Template helpers of the registry pages."""

from __future__ import annotations

from typing import Any

from django import template

from sentra.beneficiaries import reasons
from sentra.beneficiaries.rules import nik as nik_rules

register = template.Library()


@register.filter
def reason_list(value: Any) -> list[str]:
    """Reasons of a match (``Match`` or a stored list of dicts) in words."""
    items = getattr(value, "reasons", value) or []
    return reasons.reasons_text(items)


@register.filter
def masked(value: str) -> str:
    return nik_rules.mask(value) if value else ""


@register.filter
def percent(value: float) -> int:
    return round(value)
