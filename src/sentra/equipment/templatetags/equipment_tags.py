"""Number formats of the equipment pages."""

from __future__ import annotations

from decimal import Decimal

from django import template

register = template.Library()


@register.filter
def rupiah(value: Decimal | int | float | None) -> str:
    """Whole rupiah with dots between thousands, as Indonesian offices write amounts: 12.500.000."""
    if value is None:
        return "—"
    return f"{round(value):,}".replace(",", ".")


@register.filter
def percent(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.0f}%"


@register.filter
def one_decimal(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f}".replace(".", ",")
