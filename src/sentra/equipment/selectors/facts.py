"""Set-based gathering of the facts behind gaps, budgets and readiness.

Each fact is one ``GROUP BY`` over its table for every centre asked about at once, so the national
plan costs the same handful of queries as one centre's (see bench/bench_equipment.py).
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Callable, Iterable
from decimal import Decimal
from typing import Any

from django.db.models import Count, F, Q, QuerySet

from sentra.assessments.selectors import device_needs
from sentra.cases.models import PlannedService, PlanStatus, ServiceDelivery
from sentra.equipment.models import Condition, DeviceRequest, Item, ItemType, RequestStatus, Standard
from sentra.equipment.rules.gaps import CentreFacts, StandardRule, TypeInfo
from sentra.network.models import CentreCapacity

SESSION_WINDOW_DAYS = 28
# Working days in the four-week window (Monday to Friday); national holidays are not subtracted.
SESSION_WINDOW_WORKING_DAYS = 20
ATTENDED = ("attended", "partial")


def plan_year_end(today: datetime.date) -> datetime.date:
    """The plan is for next year: an item reaching its end of life by 31 December next year is due."""
    return datetime.date(today.year + 1, 12, 31)


def standard_rules() -> list[StandardRule]:
    return [
        StandardRule(
            standard_id=row["pk"],
            component_id=row["component_id"],
            subtype_id=row["subtype_id"],
            setting=row["setting"],
            item_type_id=row["item_type_id"],
            minimum_quantity=row["minimum_quantity"],
            caseload_basis=row["caseload_basis"],
            caseload_per_unit=row["caseload_per_unit"],
        )
        for row in Standard.objects.filter(is_active=True).values(
            "pk",
            "component_id",
            "subtype_id",
            "setting",
            "item_type_id",
            "minimum_quantity",
            "caseload_basis",
            "caseload_per_unit",
        )
    ]


def type_infos() -> dict[int, TypeInfo]:
    return {
        row["pk"]: TypeInfo(
            item_type_id=row["pk"],
            code=row["code"],
            category=row["category"],
            device_code=row["device_code"],
            unit_cost=Decimal(row["unit_cost"]),
            is_active=row["is_active"],
        )
        for row in ItemType.objects.values("pk", "code", "category", "device_code", "unit_cost", "is_active")
    }


def _in_centres(queryset: QuerySet[Any], field: str, centre_ids: Iterable[int] | None) -> QuerySet[Any]:
    return queryset if centre_ids is None else queryset.filter(**{f"{field}__in": list(centre_ids)})


def gather(
    centre_ids: Iterable[int] | None, today: datetime.date, rules: list[StandardRule] | None = None
) -> dict[int, CentreFacts]:
    """Facts for the given centres (None: every centre with any capacity, inventory or need)."""
    ids = None if centre_ids is None else list(centre_ids)
    rules = standard_rules() if rules is None else rules
    bases = {rule.caseload_basis for rule in rules}
    places: dict[int, dict[tuple[int, str], int]] = defaultdict(dict)
    for sentra_id, component_id, setting, count in _in_centres(
        CentreCapacity.objects.filter(places__gt=0), "sentra_id", ids
    ).values_list("sentra_id", "component_id", "setting", "places"):
        places[sentra_id][(component_id, setting)] = count
    caseload: dict[int, dict[tuple[str, int, int | None, str], float]] = defaultdict(dict)
    if "active_cases" in bases:
        _active_cases(ids, caseload)
    if "daily_sessions" in bases:
        _daily_sessions(ids, today, caseload)
    facts: dict[int, CentreFacts] = {}

    def of(sentra_id: int) -> CentreFacts:
        if sentra_id not in facts:
            facts[sentra_id] = CentreFacts(
                centre_id=sentra_id,
                places=places.get(sentra_id, {}),
                caseload=caseload.get(sentra_id, {}),
                held={},
                usable={},
                good={},
                to_replace={},
                waiting={},
                needs_total={},
            )
        return facts[sentra_id]

    for sentra_id in ids if ids is not None else set(places) | set(caseload):
        of(sentra_id)
    _items(ids, today, of)
    _requests(ids, of)
    return facts


def _active_cases(
    ids: list[int] | None, caseload: dict[int, dict[tuple[str, int, int | None, str], float]]
) -> None:
    services: QuerySet[Any] = PlannedService.objects.filter(
        plan__status=PlanStatus.APPROVED,
        plan__case__terminated_on__isnull=True,
        plan__case__closed_on__isnull=True,
    )
    services = _in_centres(services, "plan__case__sentra_id", ids)
    by_subtype = services.values(
        sentra=F("plan__case__sentra_id"),
        comp=F("component_id"),
        sub=F("subtype_id"),
        set=F("plan__case__setting"),
    ).annotate(n=Count("plan__case_id", distinct=True))
    for row in by_subtype:
        if row["sub"] is not None:
            caseload[row["sentra"]][("active_cases", row["comp"], row["sub"], row["set"])] = float(row["n"])
    by_component = services.values(
        sentra=F("plan__case__sentra_id"), comp=F("component_id"), set=F("plan__case__setting")
    ).annotate(n=Count("plan__case_id", distinct=True))
    for row in by_component:
        caseload[row["sentra"]][("active_cases", row["comp"], None, row["set"])] = float(row["n"])


def _daily_sessions(
    ids: list[int] | None,
    today: datetime.date,
    caseload: dict[int, dict[tuple[str, int, int | None, str], float]],
) -> None:
    since = today - datetime.timedelta(days=SESSION_WINDOW_DAYS)
    deliveries: QuerySet[Any] = ServiceDelivery.objects.filter(
        delivered_on__gt=since, delivered_on__lte=today, attendance__in=ATTENDED
    )
    deliveries = _in_centres(deliveries, "case__sentra_id", ids)
    per_day = SESSION_WINDOW_WORKING_DAYS
    for row in deliveries.values(
        sentra=F("case__sentra_id"), comp=F("component_id"), sub=F("subtype_id"), set=F("case__setting")
    ).annotate(n=Count("id")):
        key_sub = ("daily_sessions", row["comp"], row["sub"], row["set"])
        key_all = ("daily_sessions", row["comp"], None, row["set"])
        if row["sub"] is not None:
            caseload[row["sentra"]][key_sub] = caseload[row["sentra"]].get(key_sub, 0.0) + row["n"] / per_day
        caseload[row["sentra"]][key_all] = caseload[row["sentra"]].get(key_all, 0.0) + row["n"] / per_day


def _items(ids: list[int] | None, today: datetime.date, of: Callable[[int], CentreFacts]) -> None:
    held = ~Q(condition=Condition.WRITTEN_OFF)
    in_house = held & Q(on_loan=False)
    usable = in_house & Q(condition__in=[Condition.GOOD, Condition.NEEDS_REPAIR])
    due = in_house & (Q(condition=Condition.BROKEN) | Q(lifespan_ends_on__lte=plan_year_end(today)))
    rows = (
        _in_centres(Item.objects.all(), "sentra_id", ids)
        .values("sentra_id", "item_type_id")
        .annotate(
            ever=Count("id"),
            held_all=Count("id", filter=held),
            in_house=Count("id", filter=in_house),
            usable=Count("id", filter=usable),
            good=Count("id", filter=held & Q(condition=Condition.GOOD)),
            due=Count("id", filter=due),
        )
        .order_by()
    )
    for row in rows:
        facts: CentreFacts = of(row["sentra_id"])
        type_id = row["item_type_id"]
        facts.held[type_id] = row["in_house"]
        facts.usable[type_id] = row["usable"]
        facts.good[type_id] = row["good"]
        facts.to_replace[type_id] = row["due"]
        facts.items_held += row["held_all"]
        facts.items_ever += row["ever"]


def _requests(ids: list[int] | None, of: Callable[[int], CentreFacts]) -> None:
    rows = (
        _in_centres(DeviceRequest.objects.all(), "sentra_id", ids)
        .values("sentra_id", "device_code")
        .annotate(
            waiting=Count("id", filter=Q(status=RequestStatus.WAITING)),
            total=Count("id", filter=~Q(status=RequestStatus.CANCELLED)),
        )
        .order_by()
    )
    for row in rows:
        facts: CentreFacts = of(row["sentra_id"])
        facts.waiting[row["device_code"]] = row["waiting"]
        facts.needs_total[row["device_code"]] = row["total"]
    # Open needs from assessments that nobody has put on the waiting list yet are unmet needs too.
    linked = DeviceRequest.objects.filter(assessment_need_id__isnull=False).values("assessment_need_id")
    unlisted = device_needs(centre_ids=ids) if ids is not None else device_needs()
    rows = (
        unlisted.exclude(pk__in=linked)
        .values("sentra_id", "device")
        .annotate(n=Count("beneficiary_id", distinct=True))
        .order_by()
    )
    for row in rows:
        facts = of(row["sentra_id"])
        facts.waiting[row["device"]] = facts.waiting.get(row["device"], 0) + row["n"]
        facts.needs_total[row["device"]] = facts.needs_total.get(row["device"], 0) + row["n"]
