"""The coordinator's rule, as a baseline and as a filler: the most urgent first (then in list order),
each to the nearest centre that has room for every need (and every staff unit) they bring.

With the families policy on, the first member of a family to come up tries to take the whole family
to the nearest centre with room for all of them; failing that they are placed alone, and every later
member may only join the centre the family already has.
"""

from __future__ import annotations

import numpy as np

from sentra.placement.rules.compiled import Compiled, IntArray
from sentra.placement.rules.geo import haversine_array
from sentra.placement.rules.groups import group_people, nearest_eligible

#: Nearest centres precomputed per (home, class); beyond them only centres with room are searched.
CANDIDATES = 16


def urgency_order(compiled: Compiled, people: IntArray) -> IntArray:
    """People by urgency (highest first), then in list order."""
    result: IntArray = people[np.lexsort((people, -compiled.urgency[people]))]
    return result


def greedy_assign(compiled: Compiled) -> IntArray:
    """The greedy baseline: a centre index per person, ``-1`` when unplaced."""
    site_of = np.full(compiled.n, -1, dtype=np.int64)
    remaining = compiled.cap.copy()
    greedy_fill(compiled, site_of, remaining, np.arange(compiled.n, dtype=np.int64))
    return site_of


def greedy_fill(compiled: Compiled, site_of: IntArray, remaining: IntArray, people: IntArray) -> int:
    """Place the unplaced among ``people`` greedily into ``remaining`` capacity (both updated in place).

    Returns how many were placed.
    """
    people = people[site_of[people] < 0]
    if len(people) == 0 or compiled.m == 0:
        return 0
    order = urgency_order(compiled, people)
    groups = group_people(compiled, order)
    candidate_sites, _ = nearest_eligible(
        compiled,
        groups.loc_lat[groups.group_loc],
        groups.loc_lon[groups.group_loc],
        groups.group_class,
        CANDIDATES,
    )
    candidates: list[list[int]] = candidate_sites.tolist()
    truncated = compiled.eligible.sum(axis=1) > CANDIDATES
    uses = compiled.usage_lists()
    rows: list[list[int]] = remaining.tolist()
    pointer = [0] * groups.size
    # Centres that may still have room, per class; emptied lazily as they are found full.
    open_sites: list[set[int] | None] = [None] * len(compiled.classes)
    group_of: list[int] = groups.group_of_person.tolist()
    class_of: list[int] = compiled.person_class.tolist()
    placed_at: list[int] = site_of.tolist()
    eligible: list[list[bool]] = compiled.eligible.tolist()
    families = compiled.family_count > 0
    family_of: list[int] = compiled.family.tolist() if families else []
    anchor: dict[int, int] = {}
    members: dict[int, list[int]] = {}
    if families:
        for person in np.flatnonzero(compiled.family >= 0).tolist():
            members.setdefault(family_of[person], []).append(person)
            if placed_at[person] >= 0:
                anchor[family_of[person]] = placed_at[person]

    def has_room(row: list[int], use: list[tuple[int, int]]) -> bool:
        return all(row[resource] >= units for resource, units in use)

    def take(person: int, site: int) -> None:
        row = rows[site]
        for resource, units in uses[class_of[person]]:
            row[resource] -= units
        placed_at[person] = site

    def search_open(person: int, klass: int) -> int:
        sites = open_sites[klass]
        if sites is None:
            sites = set(np.flatnonzero(compiled.eligible[klass]).tolist())
            open_sites[klass] = sites
        if not sites:
            return -1
        ordered = np.fromiter(sites, dtype=np.int64, count=len(sites))
        km = haversine_array(
            compiled.lat[person], compiled.lon[person], compiled.site_lat[ordered], compiled.site_lon[ordered]
        )
        use = uses[klass]
        for site in ordered[np.argsort(km, kind="stable")].tolist():
            if has_room(rows[site], use):
                return int(site)
            sites.discard(site)
        return -1

    def nearest_with_room(person: int) -> int:
        group, klass = group_of[person], class_of[person]
        use = uses[klass]
        listed = candidates[group]
        position = pointer[group]
        while position < len(listed):
            site = listed[position]
            if site < 0:
                break
            if has_room(rows[site], use):
                pointer[group] = position
                return site
            position += 1
        pointer[group] = position
        if truncated[klass]:
            return search_open(person, klass)
        return -1

    def place_family(person: int, family: int) -> bool:
        waiting = [member for member in members[family] if placed_at[member] < 0]
        if len(waiting) < 2:
            return False
        waiting_classes = [class_of[member] for member in waiting]
        allowed = np.logical_and.reduce([compiled.eligible[klass] for klass in waiting_classes])
        sites = np.flatnonzero(allowed)
        if len(sites) == 0:
            return False
        need = compiled.usage[waiting_classes].sum(axis=0)
        km = haversine_array(
            compiled.lat[person], compiled.lon[person], compiled.site_lat[sites], compiled.site_lon[sites]
        )
        for site in sites[np.argsort(km, kind="stable")].tolist():
            if all(rows[site][r] >= need[r] for r in np.flatnonzero(need).tolist()):
                for member in waiting:
                    take(member, site)
                anchor[family] = site
                return True
        return False

    placed = 0
    for person in order.tolist():
        if placed_at[person] >= 0:
            continue
        if families and family_of[person] >= 0:
            family = family_of[person]
            if family in anchor:
                site = anchor[family]
                if eligible[class_of[person]][site] and has_room(rows[site], uses[class_of[person]]):
                    take(person, site)
                    placed += 1
                continue
            before = sum(1 for member in members[family] if placed_at[member] >= 0)
            if place_family(person, family):
                placed += sum(1 for member in members[family] if placed_at[member] >= 0) - before
                continue
            site = nearest_with_room(person)
            if site >= 0:
                take(person, site)
                anchor[family] = site
                placed += 1
            continue
        site = nearest_with_room(person)
        if site >= 0:
            take(person, site)
            placed += 1
    site_of[:] = placed_at
    remaining[:] = rows
    return placed
