"""Template helpers of the workforce pages."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import template

register = template.Library()


@register.filter
def get_item(mapping: Mapping[Any, Any] | None, key: Any) -> Any:
    """``mapping[key]``, or the key itself when absent (a code is better than a blank cell)."""
    if not mapping:
        return key
    return mapping.get(key, key)
