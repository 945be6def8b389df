"""The scalable method: aggregation, a coarse LP fixing each centre's split by class, an exact
min-cost flow below it, a leftover fill, and a Lagrangian lower bound from the LP duals.

1. **Aggregate** people by (home point, class), urgency kept as counts (exact: see ``groups``).
2. **Coarse LP** (HiGHS dual simplex) over (zone ≈ 0.5° square, class) groups: variables
   ``x[G, j]`` at the group's mean km to ``j`` and unplaced counts per urgency at their penalty;
   group rows ``Σ_j x[G, j] + Σ_u z[G, u] = n_G``; a capacity row per (centre, service or capped
   profession). With many centres each group starts with its nearest ``coarse_k`` eligible centres
   and **column generation** adds any centre whose reduced cost under the duals is negative.
3. **Split**: ``Y[c, j] = Σ_G x[G, j]`` rounded down (then up, per centre, for the fitting subset with
   the most people) fixes how many people of each class every centre takes. With the split fixed,
   classes no longer share anything, and each class is a transportation problem solved **exactly**
   by OR-Tools' ``SimpleMinCostFlow``
   (fine groups → centres with capacity ``Y``, or unplaced at the urgency's penalty).
4. **Fill and repair**: people left over go greedily (urgent first, nearest with room) to whatever
   capacity rounding left; an urgent person still unplaced takes a place from non-urgent people when
   that lowers the objective; families (policy on) are gathered at one centre.
5. **Bound**: for capacity multipliers ``λ ≥ 0`` (the coarse LP's duals) the Lagrangian relaxation
   ``Σ_g Σ_u n[g,u]·min(P_u, min_j (w·km(g, j) + Σ_r usage[c,r]·λ[j,r])) - Σ λ·cap`` is a lower bound
   on every feasible placement (weak duality); it is evaluated at the fine level over every eligible
   centre, so it is valid for the real instance, not just for the coarse model.
"""

from __future__ import annotations

import dataclasses
import time
from dataclasses import dataclass, field

import numpy as np
from ortools.graph.python import min_cost_flow  # type: ignore[import-untyped]

from sentra.placement.rules.bound import (
    FineLagrangian,
    SmallCentreRelaxation,
    clearing_prices,
)
from sentra.placement.rules.coarse import (
    Coarse,
    CoarseLP,
    service_count,
    solve_coarse,
    solve_refined,
    zone_keys,
)
from sentra.placement.rules.compiled import (
    UNCAPPED,
    BoolArray,
    Compiled,
    FloatArray,
    IntArray,
    objective_of,
    remaining_capacity,
)
from sentra.placement.rules.geo import haversine_array
from sentra.placement.rules.greedy import greedy_fill
from sentra.placement.rules.groups import Groups, group_people, nearest_eligible
from sentra.placement.rules.repair import gather_families, place_urgent

#: With many centres, the largest ones (by places) are offered to every coarse group.
LARGE_SITES = 64
#: Integer cost units per km-equivalent in the min-cost flow (1 m resolution).
COST_SCALE = 1000.0
_BLOCK = 4_000_000


@dataclass
class TwoLevelOutcome:
    site_of: IntArray
    lower_bound: float
    stats: dict[str, float] = field(default_factory=dict)


def _round_split(compiled: Compiled, lp: CoarseLP, coarse: Coarse) -> IntArray:
    """Integer people per (class, centre) from the LP, within every capacity."""
    n_classes = len(compiled.classes)
    split = np.zeros((n_classes, compiled.m), dtype=np.float64)
    np.add.at(split, (coarse.klass[lp.x_group], lp.x_site), lp.x_value)
    whole = np.floor(split + 1e-7).astype(np.int64)
    left = compiled.cap - np.einsum("cj,cr->jr", whole, compiled.usage)
    fraction = split - whole
    c_idx, j_idx = np.nonzero(fraction > 1e-7)
    order = np.argsort(-fraction[c_idx, j_idx], kind="stable")
    c_idx, j_idx = c_idx[order], j_idx[order]
    # A centre with few fractional classes (the small partners: 1-5 places shared by bundles) is
    # rounded exactly: the subset of its fractional classes rounded up that fits every capacity with
    # the most people, then the most LP weight. Rounding up by fraction alone can let one large bundle
    # block two smaller ones.
    by_site = np.argsort(j_idx, kind="stable")
    edges = np.searchsorted(j_idx[by_site], np.arange(compiled.m + 1))
    greedy_c: list[int] = []
    greedy_j: list[int] = []
    for j in np.unique(j_idx).tolist():
        members = c_idx[by_site[edges[j] : edges[j + 1]]]
        if 1 < len(members) <= EXACT_ROUNDING_CLASSES:
            chosen = _best_subset(compiled.usage[members], left[j], fraction[members, j])
            whole[members[chosen], j] += 1
            left[j] -= compiled.usage[members[chosen]].sum(axis=0)
        else:
            greedy_c.extend(members.tolist())
            greedy_j.extend([j] * len(members))
    for c, j in zip(greedy_c, greedy_j, strict=True):
        use = compiled.usage[c]
        if np.all(left[j] >= use):
            left[j] -= use
            whole[c, j] += 1
    return whole


#: Up to this many fractional classes at one centre, the round-up is chosen exactly (2^k subsets).
EXACT_ROUNDING_CLASSES = 10


def _best_subset(usage: IntArray, left: IntArray, weight: FloatArray) -> BoolArray:
    """The subset of rows (classes) whose summed ``usage`` fits ``left``: most rows, then most weight."""
    k = len(usage)
    masks = (np.arange(1 << k)[:, None] >> np.arange(k)[None, :]) & 1
    fits = np.all(masks @ usage <= left, axis=1)
    score = masks.sum(axis=1) * (weight.sum() + 1.0) + masks @ weight
    best = int(np.argmax(np.where(fits, score, -1.0)))
    chosen: BoolArray = masks[best].astype(bool)
    return chosen


def _fine_flow(
    compiled: Compiled,
    groups: Groups,
    coarse: Coarse | None,
    lp: CoarseLP | None,
    split: IntArray,
    fine_k: int,
    outside: FloatArray | None = None,
) -> tuple[IntArray, IntArray, IntArray, IntArray]:
    """Exact transportation per class given the split. Returns the placed flows as
    (fine group, centre, amount) and the unplaced counts per (fine group, urgency). ``outside``
    (fine groups x 6) replaces the unplaced penalty by the value of another option."""
    m = compiled.m
    g_lat = groups.loc_lat[groups.group_loc]
    g_lon = groups.loc_lon[groups.group_loc]
    all_sites = m <= 2 * fine_k
    extra: dict[int, tuple[IntArray, IntArray]] = {}
    if not all_sites:
        # Fine group → the centres its coarse group uses in the LP, plus its nearest centres with a share.
        fine = sites = np.zeros(0, dtype=np.int64)
        if lp is not None and coarse is not None:
            used = lp.x_value > 1e-9
            coarse_pairs = np.unique(lp.x_group[used] * m + lp.x_site[used])
            pair_group, pair_site = coarse_pairs // m, coarse_pairs % m
            order = np.argsort(coarse.of_group, kind="stable")
            bounds = np.searchsorted(coarse.of_group[order], np.arange(coarse.size + 1))
            fine_of_pair = [order[bounds[g] : bounds[g + 1]] for g in pair_group.tolist()]
            sizes = np.array([len(item) for item in fine_of_pair], dtype=np.int64)
            fine = np.concatenate(fine_of_pair) if fine_of_pair else np.zeros(0, dtype=np.int64)
            sites = np.repeat(pair_site, sizes)
        near, _ = nearest_eligible(compiled, g_lat, g_lon, groups.group_class, fine_k, site_mask=split > 0)
        near_group = np.repeat(np.arange(groups.size), fine_k)
        near_site = near.ravel()
        keep = near_site >= 0
        all_pairs = np.unique(np.concatenate([fine * m + sites, near_group[keep] * m + near_site[keep]]))
        pair_fine, pair_centre = all_pairs // m, all_pairs % m
        valid = split[groups.group_class[pair_fine], pair_centre] > 0
        pair_fine, pair_centre = pair_fine[valid], pair_centre[valid]
        order = np.argsort(groups.group_class[pair_fine], kind="stable")
        pair_fine, pair_centre = pair_fine[order], pair_centre[order]
        bounds = np.searchsorted(groups.group_class[pair_fine], np.arange(len(compiled.classes) + 1))
        for c in range(len(compiled.classes)):
            extra[c] = (pair_fine[bounds[c] : bounds[c + 1]], pair_centre[bounds[c] : bounds[c + 1]])

    flow_group: list[IntArray] = []
    flow_site: list[IntArray] = []
    flow_amount: list[IntArray] = []
    unplaced = groups.counts.copy()
    order = np.argsort(groups.group_class, kind="stable")
    bounds = np.searchsorted(groups.group_class[order], np.arange(len(compiled.classes) + 1))
    for c in range(len(compiled.classes)):
        members = order[bounds[c] : bounds[c + 1]]
        centres = np.flatnonzero(split[c] > 0)
        if len(members) == 0 or len(centres) == 0:
            continue
        local = np.full(groups.size, -1, dtype=np.int64)
        local[members] = np.arange(len(members))
        centre_node = np.full(m, -1, dtype=np.int64)
        centre_node[centres] = len(members) + np.arange(len(centres))
        sink = len(members) + len(centres)
        if all_sites:
            tails = np.repeat(members, len(centres))
            heads = np.tile(centres, len(members))
        else:
            tails, heads = extra[c]
        km = haversine_array(g_lat[tails], g_lon[tails], compiled.site_lat[heads], compiled.site_lon[heads])
        totals = groups.counts[members].sum(axis=1)
        unplaced_member, unplaced_urgency = np.nonzero(groups.counts[members, 1:] > 0)
        unplaced_urgency = unplaced_urgency + 1
        flow = min_cost_flow.SimpleMinCostFlow()
        n_transport = len(tails)
        flow.add_arcs_with_capacity_and_unit_cost(
            np.concatenate([local[tails], centre_node[centres], unplaced_member]).astype(np.int32),
            np.concatenate(
                [centre_node[heads], np.full(len(centres), sink), np.full(len(unplaced_member), sink)]
            ).astype(np.int32),
            np.concatenate(
                [
                    groups.counts[tails].sum(axis=1),
                    split[c, centres],
                    groups.counts[members[unplaced_member], unplaced_urgency],
                ]
            ).astype(np.int64),
            np.concatenate(
                [
                    np.rint(km * compiled.per_km * COST_SCALE),
                    np.zeros(len(centres)),
                    np.rint(
                        (
                            compiled.penalty[unplaced_urgency]
                            if outside is None
                            else outside[members[unplaced_member], unplaced_urgency]
                        )
                        * COST_SCALE
                    ),
                ]
            ).astype(np.int64),
        )
        supplies = np.zeros(sink + 1, dtype=np.int64)
        supplies[: len(members)] = totals
        supplies[sink] = -int(totals.sum())
        flow.set_nodes_supplies(np.arange(sink + 1, dtype=np.int32), supplies)
        status = flow.solve()
        if status != flow.OPTIMAL:
            raise RuntimeError(f"min-cost flow failed for class {c}: status {status}")
        flows = flow.flows(np.arange(flow.num_arcs(), dtype=np.int32))
        moved = flows[:n_transport]
        positive = moved > 0
        flow_group.append(tails[positive])
        flow_site.append(heads[positive])
        flow_amount.append(moved[positive])
        left = flows[n_transport + len(centres) :]
        unplaced[members[unplaced_member], unplaced_urgency] = left
        # Groups of this class appear only in this class's flow: their unplaced counts are final.
    if flow_group:
        return (
            np.concatenate(flow_group),
            np.concatenate(flow_site),
            np.concatenate(flow_amount),
            unplaced,
        )
    empty = np.zeros(0, dtype=np.int64)
    return empty, empty, empty, unplaced


def _people_from_flows(
    compiled: Compiled,
    groups: Groups,
    flow_group: IntArray,
    flow_site: IntArray,
    flow_amount: IntArray,
    unplaced: IntArray,
) -> IntArray:
    """Person-level centres: in each group the most urgent are placed, the rest stay unplaced."""
    n = compiled.n
    site_of = np.full(n, -1, dtype=np.int64)
    people = np.arange(n)
    order = np.lexsort((people, -compiled.urgency, groups.group_of_person))
    key = groups.group_of_person[order] * 6 + compiled.urgency[order]
    starts = np.concatenate([[0], np.flatnonzero(np.diff(key)) + 1])
    run_of = np.repeat(np.arange(len(starts)), np.diff(np.concatenate([starts, [n]])))
    rank = np.arange(n) - starts[run_of]
    placed_count = groups.counts - unplaced
    placed = rank < placed_count[groups.group_of_person[order], compiled.urgency[order]]
    chosen = order[placed]  # grouped by fine group, in group order
    by_group = np.argsort(flow_group, kind="stable")
    slots = np.repeat(flow_site[by_group], flow_amount[by_group])
    if len(slots) != len(chosen):
        raise RuntimeError("flow and group counts disagree")
    site_of[chosen] = slots
    return site_of


def _presplit_small(
    compiled: Compiled, groups: Groups, small: BoolArray, alternative: FloatArray | None = None
) -> IntArray:
    """With many centres, fix each small centre's places per class beforehand (so the coarse LP only
    carries the large centres' rows).

    The candidates for a small centre are the fine groups that have it as their nearest small centre
    for their class. Without prices, places go to those candidates, smallest bundles first; with
    ``alternative`` (per fine group, the best large-centre option under the LP's prices) each place
    goes to the candidate that saves most against that option (or against waiting) per service unit
    it takes. Places still free then go to any class the centre can take."""
    n_classes = len(compiled.classes)
    split = np.zeros((n_classes, compiled.m), dtype=np.int64)
    lat = groups.loc_lat[groups.group_loc]
    lon = groups.loc_lon[groups.group_loc]
    mask = np.broadcast_to(small, compiled.eligible.shape)
    nearest, near_km = nearest_eligible(compiled, lat, lon, groups.group_class, 1, site_mask=mask)
    has = nearest[:, 0] >= 0
    weight = compiled.usage.sum(axis=1).astype(np.float64)
    class_demand = np.bincount(groups.group_class, weights=groups.total, minlength=n_classes)
    # Candidate (fine group, urgency) lots per small centre, best saving per unit first.
    lot_group, lot_urgency = np.nonzero(groups.counts[:, 1:] * has[:, None] > 0)
    lot_urgency = lot_urgency + 1
    lot_site = nearest[lot_group, 0]
    lot_class = groups.group_class[lot_group]
    lot_size = groups.counts[lot_group, lot_urgency]
    if alternative is None:
        score = -weight[lot_class]
    else:
        value = np.minimum(alternative[lot_group], compiled.penalty[lot_urgency])
        score = (value - compiled.per_km * near_km[lot_group, 0]) / weight[lot_class]
    order = np.lexsort((-score, lot_site))
    lot_site, lot_class, lot_size = lot_site[order], lot_class[order], lot_size[order]
    starts = np.searchsorted(lot_site, np.arange(compiled.m + 1))
    eligible_small = compiled.eligible & small[None, :]
    for site in np.flatnonzero(small).tolist():
        left = compiled.cap[site].copy()
        for c, size in zip(
            lot_class[starts[site] : starts[site + 1]].tolist(),
            lot_size[starts[site] : starts[site + 1]].tolist(),
            strict=True,
        ):
            use = compiled.usage[c]
            needed = use > 0
            room = int((left[needed] // use[needed]).min())
            take = min(room, size)
            if take > 0:
                split[c, site] += take
                left -= take * use
        classes = np.flatnonzero(eligible_small[:, site])
        for c in classes[np.lexsort((-class_demand[classes], weight[classes]))].tolist():
            use = compiled.usage[c]
            needed = use > 0
            take = int((left[needed] // use[needed]).min())
            if take > 0:
                split[c, site] += take
                left -= take * use
    return split


def _after_small(
    compiled: Compiled, groups: Groups, small_split: IntArray, fine_k: int, alternative: FloatArray | None
) -> Groups:
    """The fine groups less the people the small centres would take: a transportation problem over
    the small centres' fixed places in which staying out costs the best large-centre option under
    the current prices (or the penalty, when it is cheaper or no prices are known yet)."""
    outside = np.broadcast_to(compiled.penalty[None, :], (groups.size, 6)).copy()
    if alternative is not None:
        outside = np.minimum(outside, alternative[:, None])
    _, _, _, left = _fine_flow(compiled, groups, None, None, small_split, fine_k, outside=outside)
    return dataclasses.replace(groups, counts=left)


def solve_two_level(
    compiled: Compiled,
    *,
    zone_deg: float = 3.0,
    coarse_k: int = 24,
    fine_k: int = 12,
    max_rounds: int = 12,
    columns_per_group: int = 4,
    bound_k: int = 48,
    bound_iterations: int = 60,
    refine_rounds: int = 1,
    signature_zone_deg: float = 4.0,
    many_sites: int = 200,
    gap_tolerance: float = 1e-5,
    small_bound_iterations: int = 0,
    large_sites: int = LARGE_SITES,
    small_k: int = 4,
    small_columns: int = 400_000,
    small_rounds: int = 6,
    full_table_limit: int = 120_000_000,
    full_bound_iterations: int = 120,
    refine_zone_deg: float = 1.0,
    refine_window: float = 60.0,
    refine_max_rounds: int = 2,
) -> TwoLevelOutcome:
    stats: dict[str, float] = {}
    clock = time.perf_counter()

    def lap(name: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        stats[f"seconds_{name}"] = round(now - clock, 3)
        clock = now

    if compiled.n == 0 or compiled.m == 0:
        site_of = np.full(compiled.n, -1, dtype=np.int64)
        return TwoLevelOutcome(
            site_of=site_of, lower_bound=float(compiled.person_penalty().sum()), stats=stats
        )

    groups = group_people(compiled)
    stats["fine_groups"] = groups.size
    large: BoolArray | None = None
    small_split: IntArray | None = None
    signature_view: FineLagrangian | None = None
    small_options: tuple[IntArray, FloatArray] | None = None
    lp_groups = groups
    if compiled.m > many_sites:
        # Many centres: the largest carry the LP, the small ones get their places per class fixed.
        places = np.where(compiled.cap < UNCAPPED, compiled.cap, 0)[:, : service_count(compiled)].sum(axis=1)
        large = np.zeros(compiled.m, dtype=np.bool_)
        large[np.argsort(-places, kind="stable")[:large_sites]] = True
        signature_view = FineLagrangian(compiled, groups, k=large_sites, site_mask=large)
        fine_k = max(fine_k, 24)
        if small_k > 0 and groups.size * small_k <= small_columns:
            small_options = nearest_eligible(
                compiled,
                groups.loc_lat[groups.group_loc],
                groups.loc_lon[groups.group_loc],
                groups.group_class,
                small_k,
                site_mask=np.broadcast_to(~large, compiled.eligible.shape),
            )
        else:
            small_split = _presplit_small(compiled, groups, ~large)
            lp_groups = _after_small(compiled, groups, small_split, fine_k, None)
    lagrangian = FineLagrangian(compiled, groups, k=bound_k)
    if signature_view is None:
        signature_view = lagrangian
    lap("aggregate")

    lp, coarse, rounds = solve_coarse(
        compiled,
        lp_groups,
        zone_keys(groups, zone_deg),
        coarse_k,
        max_rounds,
        columns_per_group,
        large,
        small_options,
        small_rounds,
    )
    stats["coarse_groups"] = coarse.size
    stats["column_rounds"] = rounds
    stats["coarse_objective"] = lp.objective
    lap("coarse_lp")
    prices = lp.multipliers()
    if small_options is not None and large is not None and refine_zone_deg > 0:
        # The LP again on finer zones, its columns chosen by this LP's prices (see ``solve_refined``):
        # the split at the large centres then rests on nearer means, and the bound starts from much
        # better duals. (The signature round below doubled the time for 0.49% → 0.35% here.)
        lp, coarse, rounds = solve_refined(
            compiled,
            lp_groups,
            zone_keys(groups, refine_zone_deg),
            lp,
            large,
            window=refine_window,
            max_rounds=refine_max_rounds,
        )
        stats["refined_groups"] = coarse.size
        stats["refined_rounds"] = rounds
        stats["refined_objective"] = lp.objective
        lap("refined_lp")
        prices = lp.multipliers()
    if small_options is not None:
        refine_rounds = 0
    for round_number in range(refine_rounds):
        # Iterative aggregation: tune the duals on the fine groups, then regroup the fine groups by where
        # those prices send them (best and second-best centre), so the next LP sees the decisions that
        # matter at the level of detail they need.
        prices = signature_view.refine(prices, lp.objective, iterations=bound_iterations // 2)
        best, second, _ = signature_view.signature(prices)
        keys = (zone_keys(groups, signature_zone_deg) * (compiled.m + 1) + best) * (compiled.m + 1) + second
        lp, coarse, rounds = solve_coarse(
            compiled,
            lp_groups,
            keys,
            coarse_k,
            max_rounds,
            columns_per_group,
            large,
            small_options,
            small_rounds,
        )
        stats[f"coarse_groups_{round_number + 1}"] = coarse.size
        stats[f"coarse_objective_{round_number + 1}"] = lp.objective
        lap(f"coarse_lp_{round_number + 1}")
    stats["coarse_columns"] = len(lp.x_group)

    split = _round_split(compiled, lp, coarse)
    if small_split is not None:
        split = split + small_split
    flow_group, flow_site, flow_amount, unplaced = _fine_flow(compiled, groups, coarse, lp, split, fine_k)
    lap("fine_flow")
    site_of = _people_from_flows(compiled, groups, flow_group, flow_site, flow_amount, unplaced)
    lap("people")

    remaining = remaining_capacity(compiled, site_of)
    if compiled.family_count:
        gather_families(compiled, site_of, remaining)
    stats["filled"] = greedy_fill(compiled, site_of, remaining, np.flatnonzero(site_of < 0))
    evicted = place_urgent(compiled, site_of, remaining)
    if len(evicted):
        stats["filled"] += greedy_fill(compiled, site_of, remaining, evicted)
    stats["urgent_repairs"] = float(len(evicted))
    lap("fill")

    objective, _ = objective_of(compiled, site_of)
    start = lp.multipliers()
    if small_options is not None:
        # The LP priced every centre's rows (small centres through their fine-level columns): the
        # Lagrangian at its duals over every centre, then tuned on the fine groups.
        stats["bound_at_start"] = lagrangian.exact(start)
        bound = stats["bound_at_start"]
        table = lagrangian.full_table(full_table_limit)
        if table is not None and full_bound_iterations:
            # Box-step cutting planes on every centre's multipliers, each step evaluated over every
            # eligible centre (the listed-centres estimate is too coarse with thousands of centres).
            tuned = lagrangian.refine(
                start, objective * (1 - gap_tolerance), iterations=full_bound_iterations, table=table
            )
            del table
            stats["bound_tuned"] = lagrangian.exact(tuned)
            bound = max(bound, stats["bound_tuned"])
    elif large is not None:
        # The LP above priced the large centres only; the small centres enter the bound as a relaxed
        # flow (see ``small_centre_bound``).
        # The large centres' LP duals price them; the small centres enter as a relaxed flow.
        relaxation = SmallCentreRelaxation(compiled, groups, start, large, signature_view)
        bound = relaxation.refine(objective * (1 - gap_tolerance), iterations=small_bound_iterations)
        stats["bound_small_flow"] = bound
        # The same prices on the large centres, the small centres' rows priced where their demand
        # meets their capacity: the plain Lagrangian over every centre, often much tighter.
        priced = clearing_prices(compiled, groups, lagrangian, signature_view, start, ~large)
        stats["bound_clearing"] = lagrangian.exact(priced)
        bound = max(bound, stats["bound_clearing"])
    else:
        if refine_rounds and lagrangian.estimate(prices)[0] > lagrangian.estimate(start)[0]:
            start = prices
        stats["bound_at_start"] = lagrangian.exact(start)
        target = objective * (1 - gap_tolerance)
        best_prices = lagrangian.refine(start, target, iterations=bound_iterations)
        bound = max(stats["bound_at_start"], lagrangian.exact(best_prices))
    lap("bound")
    return TwoLevelOutcome(site_of=site_of, lower_bound=bound, stats=stats)
