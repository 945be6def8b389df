"""Gap and replacement plan for one centre, from facts gathered by set-based queries.

Method (also shown on the gap pages and in docs/equipment.md):

* A standard **applies** to a centre when the centre offers the standard's ATENSI component in the
  standard's setting (places > 0 in its capacity); a standard without a setting applies when the
  centre offers the component in any setting, and its caseload is summed over those settings.
* **Required** units of a standard = max(minimum, ⌈caseload ÷ caseload per unit⌉) for a scaled
  standard, the minimum for a fixed one. Several standards naming one item type add up.
* **Held** units of a type: items not written off and not on loan. **Usable**: held and in good
  condition or needing repair (a broken item does not meet a standard).
* Purchase lines: *standard* — required - held, when positive; *replacement* — held items that are
  broken or reach the end of their expected life by the end of the plan year (one for one);
  *device need* — beneficiaries waiting for an assistive device, less spare devices of that code
  (usable units beyond what the standards require), bought as the cheapest catalogue type.
* **Beneficiaries served per unit**: for a standard's item type, the people behind the standards
  (their caseload, or the places offered for a fixed standard) ÷ required units; a device serves
  one person; a replacement of a type no standard names is not counted (0). The budget lists lines
  by people served per unit, most first, then the cheaper unit first.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal

ANY_SETTING = ""
BASIS_NONE = "none"
BASIS_PLACES = "places"
USABLE_CONDITIONS = frozenset({"good", "needs_repair"})

KIND_STANDARD = "standard"
KIND_REPLACEMENT = "replacement"
KIND_DEVICE_NEED = "device_need"


@dataclass(frozen=True)
class StandardRule:
    standard_id: int
    component_id: int
    subtype_id: int | None
    setting: str
    item_type_id: int
    minimum_quantity: int
    caseload_basis: str
    caseload_per_unit: int | None


@dataclass(frozen=True)
class TypeInfo:
    item_type_id: int
    code: str
    category: str
    device_code: str
    unit_cost: Decimal
    is_active: bool = True


@dataclass
class CentreFacts:
    """Everything the plan needs to know about one centre, already counted."""

    centre_id: int
    # (component_id, setting) -> places offered
    places: dict[tuple[int, str], int] = field(default_factory=dict)
    # (basis, component_id, subtype_id or None, setting) -> caseload (active cases, daily sessions)
    caseload: dict[tuple[str, int, int | None, str], float] = field(default_factory=dict)
    held: dict[int, int] = field(default_factory=dict)
    usable: dict[int, int] = field(default_factory=dict)
    good: dict[int, int] = field(default_factory=dict)
    to_replace: dict[int, int] = field(default_factory=dict)
    # device_code -> beneficiaries waiting / all needs ever recorded
    waiting: dict[str, int] = field(default_factory=dict)
    needs_total: dict[str, int] = field(default_factory=dict)
    items_held: int = 0
    items_ever: int = 0


@dataclass(frozen=True)
class Requirement:
    item_type_id: int
    required: int
    people: float
    standard_ids: tuple[int, ...]


@dataclass(frozen=True)
class PlanLine:
    centre_id: int
    kind: str
    item_type_id: int
    quantity: int
    unit_cost: Decimal
    served_per_unit: float
    required: int = 0
    held: int = 0

    @property
    def cost(self) -> Decimal:
        return self.unit_cost * self.quantity

    @property
    def people_served(self) -> float:
        return self.served_per_unit * self.quantity


@dataclass(frozen=True)
class CentrePlan:
    centre_id: int
    requirements: tuple[Requirement, ...]
    lines: tuple[PlanLine, ...]

    @property
    def total_cost(self) -> Decimal:
        return sum((line.cost for line in self.lines), Decimal(0))


def _caseload_of(rule: StandardRule, facts: CentreFacts, settings: Iterable[str]) -> float:
    total = 0.0
    for setting in settings:
        if rule.caseload_basis == BASIS_PLACES:
            total += facts.places.get((rule.component_id, setting), 0)
        else:
            key = (rule.caseload_basis, rule.component_id, rule.subtype_id, setting)
            total += facts.caseload.get(key, 0.0)
    return total


def applicable_settings(rule: StandardRule, facts: CentreFacts) -> list[str]:
    offered = sorted(
        setting
        for (component, setting), places in facts.places.items()
        if component == rule.component_id and places > 0
    )
    if rule.setting == ANY_SETTING:
        return offered
    return [rule.setting] if rule.setting in offered else []


def required_units(rule: StandardRule, caseload: float) -> int:
    if rule.caseload_basis == BASIS_NONE or not rule.caseload_per_unit:
        return rule.minimum_quantity
    # A small epsilon keeps 16.0000001 / 8 from asking for a third unit after float sums.
    scaled = math.ceil(caseload / rule.caseload_per_unit - 1e-9) if caseload > 0 else 0
    return max(rule.minimum_quantity, scaled)


def requirements(facts: CentreFacts, rules: Iterable[StandardRule]) -> tuple[Requirement, ...]:
    by_type: dict[int, tuple[int, float, list[int]]] = {}
    for rule in rules:
        settings = applicable_settings(rule, facts)
        if not settings:
            continue
        caseload = _caseload_of(rule, facts, settings)
        required = required_units(rule, caseload)
        if rule.caseload_basis == BASIS_NONE:
            people = float(sum(facts.places.get((rule.component_id, s), 0) for s in settings))
        else:
            people = caseload
        units, persons, ids = by_type.get(rule.item_type_id, (0, 0.0, []))
        by_type[rule.item_type_id] = (units + required, persons + people, [*ids, rule.standard_id])
    return tuple(
        Requirement(item_type_id=type_id, required=units, people=people, standard_ids=tuple(ids))
        for type_id, (units, people, ids) in sorted(by_type.items())
        if units > 0
    )


def _cheapest_by_device(types: Mapping[int, TypeInfo]) -> dict[str, TypeInfo]:
    cheapest: dict[str, TypeInfo] = {}
    for info in sorted(types.values(), key=lambda t: (t.unit_cost, t.code)):
        if info.device_code and info.is_active and info.device_code not in cheapest:
            cheapest[info.device_code] = info
    return cheapest


def centre_plan(
    facts: CentreFacts, rules: Iterable[StandardRule], types: Mapping[int, TypeInfo]
) -> CentrePlan:
    needs = requirements(facts, rules)
    lines: list[PlanLine] = []
    served: dict[int, float] = {}
    required_by_type: dict[int, int] = {}
    for need in needs:
        required_by_type[need.item_type_id] = need.required
        served[need.item_type_id] = need.people / need.required if need.required else 0.0
        held = facts.held.get(need.item_type_id, 0)
        missing = need.required - held
        if missing > 0:
            lines.append(
                PlanLine(
                    centre_id=facts.centre_id,
                    kind=KIND_STANDARD,
                    item_type_id=need.item_type_id,
                    quantity=missing,
                    unit_cost=types[need.item_type_id].unit_cost,
                    served_per_unit=served[need.item_type_id],
                    required=need.required,
                    held=held,
                )
            )
    for type_id, count in sorted(facts.to_replace.items()):
        if count <= 0 or type_id not in types:
            continue
        info = types[type_id]
        per_unit = served.get(type_id, 1.0 if info.device_code else 0.0)
        lines.append(
            PlanLine(
                centre_id=facts.centre_id,
                kind=KIND_REPLACEMENT,
                item_type_id=type_id,
                quantity=count,
                unit_cost=info.unit_cost,
                served_per_unit=per_unit,
                required=required_by_type.get(type_id, 0),
                held=facts.held.get(type_id, 0),
            )
        )
    cheapest = _cheapest_by_device(types)
    for device_code, waiting in sorted(facts.waiting.items()):
        if waiting <= 0 or device_code not in cheapest:
            continue
        spare = sum(
            max(0, facts.usable.get(info.item_type_id, 0) - required_by_type.get(info.item_type_id, 0))
            for info in types.values()
            if info.device_code == device_code
        )
        quantity = waiting - spare
        if quantity > 0:
            info = cheapest[device_code]
            lines.append(
                PlanLine(
                    centre_id=facts.centre_id,
                    kind=KIND_DEVICE_NEED,
                    item_type_id=info.item_type_id,
                    quantity=quantity,
                    unit_cost=info.unit_cost,
                    served_per_unit=1.0,
                    required=waiting,
                    held=spare,
                )
            )
    return CentrePlan(centre_id=facts.centre_id, requirements=needs, lines=tuple(rank(lines)))


def rank(lines: Iterable[PlanLine]) -> list[PlanLine]:
    """Most people served per unit first, then the cheaper unit, then a stable order."""
    return sorted(
        lines,
        key=lambda line: (
            -line.served_per_unit,
            line.unit_cost,
            line.centre_id,
            line.kind,
            line.item_type_id,
        ),
    )


@dataclass(frozen=True)
class Shares:
    standard_met_share: float | None
    good_condition_share: float | None
    required_units: int
    held_units: int


def readiness_shares(facts: CentreFacts, needs: Iterable[Requirement]) -> Shares:
    """Share of the standard met (usable units, capped per type) and share of held items in good condition."""
    required = 0
    met = 0
    for need in needs:
        required += need.required
        met += min(facts.usable.get(need.item_type_id, 0), need.required)
    good = sum(facts.good.values())
    return Shares(
        standard_met_share=(met / required) if required else None,
        good_condition_share=(good / facts.items_held) if facts.items_held else None,
        required_units=required,
        held_units=met,
    )
