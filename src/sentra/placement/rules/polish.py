"""Polish: place leftover people into leftover capacity with a small exact MIP.

After rounding, some capacity is left and some people wait. Placing a waiting person saves their
penalty less their travel; the best set of placements within the leftover capacity is a small
multi-knapsack solved exactly by HiGHS (people with the same home, class and urgency are one integer
variable). It runs only when the model is small enough; the greedy fill stays as the fallback.
"""

from __future__ import annotations

import highspy
import numpy as np

from sentra.placement.rules.compiled import UNCAPPED, Compiled, IntArray
from sentra.placement.rules.geo import haversine_array
from sentra.placement.rules.lp import INF, build_lp, quiet_highs

#: Largest polish model (integer columns) attempted.
MAX_COLUMNS = 60_000


def polish_leftovers(
    compiled: Compiled,
    site_of: IntArray,
    remaining: IntArray,
    people: IntArray,
    *,
    time_limit: float = 10.0,
    per_site_class: int = 40,
) -> int:
    """Place some of ``people`` (unplaced) into ``remaining`` capacity optimally; returns how many.

    ``per_site_class`` limits, for every (centre, class) with room, the candidate groups to the most
    valuable ones (highest penalty, then nearest).
    """
    people = people[site_of[people] < 0]
    if compiled.family_count:
        people = people[compiled.family[people] < 0]  # families go through the anchored fill
    if len(people) == 0 or compiled.m == 0:
        return 0
    # Room per (class, centre): how many people of the class the centre could still take alone.
    usage = compiled.usage
    present = np.unique(compiled.person_class[people])
    per_resource = np.where(
        usage[present, None, :] > 0,
        remaining[None, :, :] // np.maximum(usage[present, None, :], 1),
        UNCAPPED,
    )
    room = np.zeros((len(compiled.classes), compiled.m), dtype=np.int64)
    room[present] = np.where(compiled.eligible[present], per_resource.min(axis=2), 0)
    if not (room > 0).any():
        return 0
    people = people[(room[compiled.person_class[people]] > 0).any(axis=1)]
    if len(people) == 0:
        return 0
    points = compiled.lat[people] + 1j * compiled.lon[people]
    _, loc_of = np.unique(points, return_inverse=True)
    keys = (loc_of * len(compiled.classes) + compiled.person_class[people]) * 6 + compiled.urgency[people]
    unique_keys, group_of = np.unique(keys, return_inverse=True)
    count = np.bincount(group_of, minlength=len(unique_keys))
    representative = np.zeros(len(unique_keys), dtype=np.int64)
    representative[group_of[::-1]] = people[::-1]
    g_class = compiled.person_class[representative]
    g_urgency = compiled.urgency[representative]

    arc_group, arc_site = np.nonzero(room[g_class] > 0)
    km = haversine_array(
        compiled.lat[representative[arc_group]],
        compiled.lon[representative[arc_group]],
        compiled.site_lat[arc_site],
        compiled.site_lon[arc_site],
    )
    saving = compiled.penalty[g_urgency[arc_group]] - compiled.per_km * km
    keep = saving > 0
    arc_group, arc_site, km, saving = arc_group[keep], arc_site[keep], km[keep], saving[keep]
    if len(arc_group) == 0:
        return 0
    # Keep the most valuable candidates per (centre, class).
    pair = arc_site * len(compiled.classes) + g_class[arc_group]
    order = np.lexsort((-saving, pair))
    rank = np.arange(len(order)) - np.searchsorted(pair[order], pair[order])
    chosen = order[rank < per_site_class]
    arc_group, arc_site, saving = arc_group[chosen], arc_site[chosen], saving[chosen]
    if len(arc_group) > MAX_COLUMNS:
        return 0
    used_groups, arc_group = np.unique(arc_group, return_inverse=True)
    n_arcs, n_groups = len(arc_group), len(used_groups)

    rows = [arc_group]
    cols = [np.arange(n_arcs)]
    vals = [np.ones(n_arcs)]
    upper_rows = [count[used_groups].astype(np.float64)]
    n_rows = n_groups
    arc_class = g_class[used_groups][arc_group]
    for r in range(len(compiled.resources)):
        uses = usage[arc_class, r]
        active = (uses > 0) & (remaining[arc_site, r] < UNCAPPED)
        if not active.any():
            continue
        sites, row_of = np.unique(arc_site[active], return_inverse=True)
        rows.append(n_rows + row_of)
        cols.append(np.flatnonzero(active))
        vals.append(uses[active].astype(np.float64))
        upper_rows.append(remaining[sites, r].astype(np.float64))
        n_rows += len(sites)
    lp = build_lp(
        cost=-saving,
        lower=np.zeros(n_arcs),
        upper=count[used_groups][arc_group].astype(np.float64),
        row_lower=np.full(n_rows, -INF),
        row_upper=np.concatenate(upper_rows),
        rows=np.concatenate(rows),
        cols=np.concatenate(cols),
        values=np.concatenate(vals),
        integer=np.ones(n_arcs, dtype=np.bool_),
    )
    highs = quiet_highs()
    highs.passModel(lp)
    highs.setOptionValue("time_limit", float(time_limit))
    highs.setOptionValue("mip_rel_gap", 1e-6)
    highs.run()
    if (
        highs.getInfo().primal_solution_status != 2
        or highs.getModelStatus() == highspy.HighsModelStatus.kInfeasible
    ):
        return 0
    take = np.rint(np.asarray(highs.getSolution().col_value)).astype(np.int64)
    members_order = np.argsort(group_of, kind="stable")
    starts = np.concatenate([[0], np.cumsum(count)[:-1]])
    taken = np.zeros(len(unique_keys), dtype=np.int64)
    placed = 0
    for arc in np.flatnonzero(take > 0).tolist():
        group = int(used_groups[arc_group[arc]])
        amount = int(take[arc])
        start = starts[group] + taken[group]
        members = people[members_order[start : start + amount]]
        site = int(arc_site[arc])
        site_of[members] = site
        remaining[site] -= usage[compiled.person_class[members]].sum(axis=0)
        taken[group] += amount
        placed += amount
    return placed
