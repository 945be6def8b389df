"""Gap and replacement plans per centre and nationally, and the readiness figures for the scorecard."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Q
from django.utils import timezone

from sentra.core.access import get_visible_or_404, require_role
from sentra.core.models import Role
from sentra.equipment.models import ItemType
from sentra.equipment.rules.gaps import (
    CentreFacts,
    CentrePlan,
    PlanLine,
    Requirement,
    TypeInfo,
    centre_plan,
    rank,
    readiness_shares,
)
from sentra.equipment.selectors.facts import gather, plan_year_end, standard_rules, type_infos
from sentra.network.models import Sentra

# Every staff role reads its own centre's plan; national roles read every centre's and the aggregate.
PLAN_ROLES = tuple(Role.values)
NATIONAL_PLAN_ROLES = (Role.NATIONAL_ANALYST, Role.SYSADMIN)


@dataclass(frozen=True)
class EquipmentReadiness:
    """The equipment aspect of a centre's readiness (contract: /tmp/contracts/equipment.md)."""

    centre_id: int
    standard_met_share: float | None
    good_condition_share: float | None
    unmet_device_needs: int
    device_needs_total: int
    required_units: int
    held_units: int
    items_held: int


@dataclass(frozen=True)
class CentreGap:
    centre: Sentra
    plan: CentrePlan
    facts: CentreFacts
    types: dict[int, TypeInfo]
    item_types: dict[int, ItemType]
    readiness: EquipmentReadiness | None
    plan_year: int

    @property
    def requirement_rows(self) -> list[dict[str, Any]]:
        return [
            {
                "item_type": self.item_types[need.item_type_id],
                "required": need.required,
                "held": self.facts.held.get(need.item_type_id, 0),
                "usable": self.facts.usable.get(need.item_type_id, 0),
                "people": need.people,
                "missing": max(0, need.required - self.facts.held.get(need.item_type_id, 0)),
            }
            for need in self.plan.requirements
        ]

    @property
    def line_rows(self) -> list[dict[str, Any]]:
        return [{"line": line, "item_type": self.item_types[line.item_type_id]} for line in self.plan.lines]


def _readiness(facts: CentreFacts, needs: tuple[Requirement, ...]) -> EquipmentReadiness | None:
    needs_total = sum(facts.needs_total.values())
    if facts.items_ever == 0 and not needs and needs_total == 0:
        return None
    shares = readiness_shares(facts, needs)
    return EquipmentReadiness(
        centre_id=facts.centre_id,
        standard_met_share=shares.standard_met_share,
        good_condition_share=shares.good_condition_share,
        unmet_device_needs=sum(facts.waiting.values()),
        device_needs_total=needs_total,
        required_units=shares.required_units,
        held_units=shares.held_units,
        items_held=facts.items_held,
    )


def equipment_readiness(centre_id: int, today: datetime.date | None = None) -> EquipmentReadiness | None:
    """Readiness figures of one centre; None when it has no inventory, no standard and no device need."""
    today = today or timezone.localdate()
    rules = standard_rules()
    facts = gather([centre_id], today, rules)[centre_id]
    plan = centre_plan(facts, rules, type_infos())
    return _readiness(facts, plan.requirements)


def centre_gap(*, user: Any, pk: int, today: datetime.date | None = None) -> CentreGap:
    require_role(user, *PLAN_ROLES)
    centre = get_visible_or_404(Sentra.objects.all(), user, pk=pk)
    today = today or timezone.localdate()
    rules = standard_rules()
    types = type_infos()
    facts = gather([centre.pk], today, rules)[centre.pk]
    plan = centre_plan(facts, rules, types)
    return CentreGap(
        centre=centre,
        plan=plan,
        facts=facts,
        types=types,
        item_types=ItemType.objects.in_bulk(),
        readiness=_readiness(facts, plan.requirements),
        plan_year=plan_year_end(today).year,
    )


@dataclass(frozen=True)
class TypeTotal:
    item_type: ItemType
    quantity: int
    cost: Decimal
    people_served: float


@dataclass(frozen=True)
class CentreTotal:
    centre: Sentra
    quantity: int
    cost: Decimal
    people_served: float


@dataclass(frozen=True)
class NationalPlan:
    lines: list[PlanLine]
    by_type: list[TypeTotal]
    by_centre: list[CentreTotal]
    centres: dict[int, Sentra]
    item_types: dict[int, ItemType]
    total_cost: Decimal
    total_quantity: int
    plan_year: int


def national_plan(
    *, user: Any, today: datetime.date | None = None, centre_ids: list[int] | None = None
) -> NationalPlan:
    """Every visible centre's plan; national roles get the whole network in one pass of set queries."""
    require_role(user, *PLAN_ROLES)
    if user.role not in NATIONAL_PLAN_ROLES and centre_ids is None:
        centre_ids = list(Sentra.objects.visible_to(user).values_list("pk", flat=True))
    return compute_national_plan(today=today or timezone.localdate(), centre_ids=centre_ids)


def compute_national_plan(*, today: datetime.date, centre_ids: list[int] | None = None) -> NationalPlan:
    """Unscoped (callers scope): the bench and the national page both run this."""
    rules = standard_rules()
    types = type_infos()
    facts = gather(centre_ids, today, rules)
    lines: list[PlanLine] = []
    for centre_facts in facts.values():
        lines.extend(centre_plan(centre_facts, rules, types).lines)
    lines = rank(lines)
    item_types = ItemType.objects.in_bulk()
    centre_filter = Q(pk__in={line.centre_id for line in lines})
    centres = Sentra.objects.filter(centre_filter).only("pk", "code", "name", "kind").in_bulk()
    type_sums: dict[int, list[Any]] = defaultdict(lambda: [0, Decimal(0), 0.0])
    centre_sums: dict[int, list[Any]] = defaultdict(lambda: [0, Decimal(0), 0.0])
    for line in lines:
        for sums in (type_sums[line.item_type_id], centre_sums[line.centre_id]):
            sums[0] += line.quantity
            sums[1] += line.cost
            sums[2] += line.people_served
    by_type = sorted(
        (TypeTotal(item_types[key], *values) for key, values in type_sums.items()),
        key=lambda total: (-total.cost, total.item_type.code),
    )
    by_centre = sorted(
        (CentreTotal(centres[key], *values) for key, values in centre_sums.items()),
        key=lambda total: (-total.cost, total.centre.code),
    )
    return NationalPlan(
        lines=lines,
        by_type=by_type,
        by_centre=by_centre,
        centres=centres,
        item_types=item_types,
        total_cost=sum((line.cost for line in lines), Decimal(0)),
        total_quantity=sum(line.quantity for line in lines),
        plan_year=plan_year_end(today).year,
    )
