"""Scoped reads of inventories, standards and the catalogue."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, QuerySet

from sentra.core.access import get_visible_or_404, require_role
from sentra.core.models import Role
from sentra.equipment.models import Condition, Item, ItemType, Standard
from sentra.network.models import Sentra

# Every staff role reads its centre's inventory; national roles read every centre's.
INVENTORY_READERS = tuple(Role.values)


def centre_get(*, user: Any, pk: int) -> Sentra:
    require_role(user, *INVENTORY_READERS)
    return get_visible_or_404(Sentra.objects.all(), user, pk=pk)


def centres_for(user: Any) -> QuerySet[Sentra]:
    require_role(user, *INVENTORY_READERS)
    return Sentra.objects.visible_to(user).order_by("kind", "name")


def centre_summaries(user: Any) -> QuerySet[Sentra]:
    """The visible centres with counts of items held and items needing attention (one query)."""
    held = ~Q(equipment_items__condition=Condition.WRITTEN_OFF)
    attention = Q(equipment_items__condition__in=[Condition.NEEDS_REPAIR, Condition.BROKEN])
    return centres_for(user).annotate(
        items_held=Count("equipment_items", filter=held),
        items_attention=Count("equipment_items", filter=attention),
    )


def item_list(
    *,
    user: Any,
    sentra: Sentra,
    category: str = "",
    condition: str = "",
    query: str = "",
) -> QuerySet[Item]:
    items = Item.objects.visible_to(user).filter(sentra=sentra).select_related("item_type")
    if category:
        items = items.filter(item_type__category=category)
    if condition:
        items = items.filter(condition=condition)
    if query:
        items = items.filter(
            Q(asset_number__icontains=query)
            | Q(serial_number__icontains=query)
            | Q(location__icontains=query)
            | Q(item_type__name_id__icontains=query)
            | Q(item_type__name_en__icontains=query)
        )
    return items.order_by("asset_number")


def item_get(*, user: Any, pk: int) -> Item:
    require_role(user, *INVENTORY_READERS)
    return get_visible_or_404(Item.objects.select_related("item_type", "sentra"), user, pk=pk)


def item_types() -> QuerySet[ItemType]:
    return ItemType.objects.order_by("category", "code")


def standard_list(*, user: Any) -> QuerySet[Standard]:
    require_role(user, *INVENTORY_READERS)
    return Standard.objects.visible_to(user).select_related("component", "subtype", "item_type", "updated_by")


def standard_get(*, user: Any, pk: int) -> Standard:
    require_role(user, *INVENTORY_READERS)
    return get_visible_or_404(
        Standard.objects.select_related("component", "subtype", "item_type", "updated_by"), user, pk=pk
    )
