"""Reads of the needs: a person's proposals, and centre aggregates that name no one.

The aggregate functions take centre ids, not a user: the caller (workforce, equipment, placement,
insights) has already decided which centres the reader may see (``centre_ids_of(user)``, or all
centres for a national analyst) and shows counts only.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import models

from sentra.assessments.models import (
    URGENCY_RANK,
    DeviceNeed,
    Need,
    NeedStatus,
    Urgency,
)
from sentra.core.models import User


def needs_of(actor: User, beneficiary_id: int, *, current_only: bool = False) -> models.QuerySet[Need]:
    """A person's needs the actor may read, most urgent proposals first."""
    rows = Need.objects.visible_to(actor).filter(beneficiary_id=beneficiary_id)
    if current_only:
        rows = rows.current()
    return rows.select_related("assessment", "decided_by").prefetch_related("devices")


def current_needs_for_centres(centre_ids: Iterable[int]) -> models.QuerySet[Need]:
    """Proposed and accepted needs recorded for these centres (for counting, not for display)."""
    return Need.objects.current().filter(sentra_id__in=list(centre_ids))


def profession_demand(centre_ids: Iterable[int]) -> dict[int, dict[str, int]]:
    """Per centre, per profession: how many persons have a current need that asks for it.

    A person counts once per profession however many rules asked for it.
    """
    seen: set[tuple[int, str, int]] = set()
    for sentra_id, beneficiary_id, professions in current_needs_for_centres(centre_ids).values_list(
        "sentra_id", "beneficiary_id", "professions"
    ):
        for profession in professions:
            seen.add((sentra_id, profession, beneficiary_id))
    demand: dict[int, dict[str, int]] = {}
    for sentra_id, profession, _beneficiary in seen:
        by_profession = demand.setdefault(sentra_id, {})
        by_profession[profession] = by_profession.get(profession, 0) + 1
    return demand


def service_demand(centre_ids: Iterable[int]) -> dict[int, dict[tuple[str, str], int]]:
    """Per centre, per (ATENSI component, sub-type or ""): how many persons currently need it."""
    seen = set(
        current_needs_for_centres(centre_ids).values_list(
            "sentra_id", "component", "subtype", "beneficiary_id"
        )
    )
    demand: dict[int, dict[tuple[str, str], int]] = {}
    for sentra_id, component, subtype, _beneficiary in seen:
        by_service = demand.setdefault(sentra_id, {})
        by_service[(component, subtype)] = by_service.get((component, subtype), 0) + 1
    return demand


def device_needs(
    *,
    centre_ids: Iterable[int] | None = None,
    beneficiary_ids: Iterable[int] | None = None,
    devices: Iterable[str] | None = None,
) -> models.QuerySet[DeviceNeed]:
    """Open device needs whose recommendation is still proposed or accepted, oldest first."""
    rows = DeviceNeed.objects.current()
    if centre_ids is not None:
        rows = rows.filter(sentra_id__in=list(centre_ids))
    if beneficiary_ids is not None:
        rows = rows.filter(beneficiary_id__in=list(beneficiary_ids))
    if devices is not None:
        rows = rows.filter(device__in=list(devices))
    return rows.order_by("created_at", "pk")


def device_demand(centre_ids: Iterable[int]) -> dict[int, dict[str, int]]:
    """Per centre, per device code: how many persons have an open need for it."""
    seen = set(device_needs(centre_ids=centre_ids).values_list("sentra_id", "device", "beneficiary_id"))
    demand: dict[int, dict[str, int]] = {}
    for sentra_id, device, _beneficiary in seen:
        by_device = demand.setdefault(sentra_id, {})
        by_device[device] = by_device.get(device, 0) + 1
    return demand


@dataclass
class PersonNeeds:
    """What one person needs now: services (component, sub-type), professions, devices, top urgency."""

    beneficiary_id: int
    urgency: str = Urgency.ROUTINE
    services: set[tuple[str, str]] = field(default_factory=set)
    professions: set[str] = field(default_factory=set)
    devices: set[str] = field(default_factory=set)
    accepted: int = 0
    proposed: int = 0


def needs_by_beneficiary(beneficiary_ids: Iterable[int]) -> dict[int, PersonNeeds]:
    """Current needs per person (for placement: a waiting person's needed services and urgency).

    Persons without a current need are absent from the result.
    """
    wanted = list(beneficiary_ids)
    found: dict[int, PersonNeeds] = {}
    rows = Need.objects.current().filter(beneficiary_id__in=wanted)
    for beneficiary_id, component, subtype, professions, urgency, status in rows.values_list(
        "beneficiary_id", "component", "subtype", "professions", "urgency", "status"
    ):
        person = found.setdefault(beneficiary_id, PersonNeeds(beneficiary_id))
        person.services.add((component, subtype))
        person.professions.update(professions)
        if URGENCY_RANK[Urgency(urgency)] > URGENCY_RANK[Urgency(person.urgency)]:
            person.urgency = urgency
        if status == NeedStatus.ACCEPTED:
            person.accepted += 1
        else:
            person.proposed += 1
    for beneficiary_id, device in device_needs(beneficiary_ids=wanted).values_list(
        "beneficiary_id", "device"
    ):
        found.setdefault(beneficiary_id, PersonNeeds(beneficiary_id)).devices.add(device)
    return found


def urgency_counts(centre_ids: Iterable[int]) -> dict[int, Counter[str]]:
    """Per centre: how many current needs are routine, soon and urgent."""
    counts: dict[int, Counter[str]] = {}
    rows = current_needs_for_centres(centre_ids).values("sentra_id", "urgency").annotate(n=models.Count("pk"))
    for row in rows.order_by():
        counts.setdefault(row["sentra_id"], Counter())[row["urgency"]] += row["n"]
    return counts
