"""The exact model as a mixed-integer program solved by HiGHS (branch and cut, zero gap tolerance).

Variables ``x[g, j]``: how many people of exact group ``g`` go to centre ``j``. An exact group is
people with the same home point, class and urgency (and no family under the families policy): they
are interchangeable, so integer counts lose nothing and the model stays small when homes repeat.

    minimise   Σ (w·km(g, j) - P[u_g]) · x[g, j]  +  Σ n_g · P[u_g]
    subject to Σ_j x[g, j] ≤ n_g                                  (one centre per person)
               Σ_g usage[class_g, r] · x[g, j] ≤ cap[j, r]        (services and staff units)
               x[g, j] ≤ y[f, j],  Σ_j y[f, j] ≤ 1                 (families policy: one centre)

Arcs exist only to eligible centres (offers every need; province rule for children). HiGHS's dual
bound is the run's lower bound; with the model solved to optimality it equals the objective.
"""

from __future__ import annotations

from dataclasses import dataclass

import highspy
import numpy as np

from sentra.placement.rules.compiled import UNCAPPED, Compiled, IntArray, objective_of, remaining_capacity
from sentra.placement.rules.geo import haversine_array
from sentra.placement.rules.greedy import greedy_fill
from sentra.placement.rules.lp import INF, build_lp, quiet_highs
from sentra.placement.rules.polish import polish_leftovers
from sentra.placement.rules.repair import place_urgent


@dataclass
class ExactOutcome:
    site_of: IntArray
    lower_bound: float
    optimal: bool
    nodes: int


def solve_exact(
    compiled: Compiled, *, start: IntArray | None = None, time_limit: float = 60.0
) -> ExactOutcome:
    n, m = compiled.n, compiled.m
    if n == 0 or m == 0:
        site_of = np.full(n, -1, dtype=np.int64)
        bound = float(compiled.person_penalty().sum())
        return ExactOutcome(site_of=site_of, lower_bound=bound, optimal=True, nodes=0)

    # Exact groups: (home, class, urgency); family members (policy on) stay alone.
    points = compiled.lat + 1j * compiled.lon
    _, loc_of = np.unique(points, return_inverse=True)
    n_classes = len(compiled.classes)
    keys = (loc_of.astype(np.int64) * n_classes + compiled.person_class) * 6 + compiled.urgency
    in_family = compiled.family >= 0
    keys = np.where(in_family, -1 - np.arange(n, dtype=np.int64), keys)
    unique_keys, group_of = np.unique(keys, return_inverse=True)
    group_count = np.bincount(group_of, minlength=len(unique_keys))
    representative = np.zeros(len(unique_keys), dtype=np.int64)
    representative[group_of[::-1]] = np.arange(n - 1, -1, -1)
    group_class = compiled.person_class[representative]
    group_urgency = compiled.urgency[representative]
    group_family = compiled.family[representative]
    n_groups = len(unique_keys)

    arc_group, arc_site = np.nonzero(compiled.eligible[group_class])
    arc_km = haversine_array(
        compiled.lat[representative[arc_group]],
        compiled.lon[representative[arc_group]],
        compiled.site_lat[arc_site],
        compiled.site_lon[arc_site],
    )
    arc_class = group_class[arc_group]
    n_arcs = len(arc_group)
    if n_arcs == 0:
        site_of = np.full(n, -1, dtype=np.int64)
        return ExactOutcome(
            site_of=site_of, lower_bound=float(compiled.person_penalty().sum()), optimal=True, nodes=0
        )

    row_parts: list[IntArray] = [arc_group]
    col_parts: list[IntArray] = [np.arange(n_arcs, dtype=np.int64)]
    val_parts: list[np.ndarray] = [np.ones(n_arcs)]
    row_upper: list[np.ndarray] = [group_count.astype(np.float64)]
    n_rows = n_groups

    # Capacity rows where the people who could come exceed the capacity.
    for r in range(len(compiled.resources)):
        uses = compiled.usage[arc_class, r]
        active = uses > 0
        if not active.any():
            continue
        demand = np.bincount(arc_site[active], weights=(uses * group_count[arc_group])[active], minlength=m)
        binding = (demand > compiled.cap[:, r]) & (compiled.cap[:, r] < UNCAPPED)
        if not binding.any():
            continue
        row_of_site = np.full(m, -1, dtype=np.int64)
        row_of_site[binding] = n_rows + np.arange(int(binding.sum()))
        n_rows += int(binding.sum())
        take = active & binding[arc_site]
        row_parts.append(row_of_site[arc_site[take]])
        col_parts.append(np.flatnonzero(take))
        val_parts.append(uses[take].astype(np.float64))
        row_upper.append(compiled.cap[binding, r].astype(np.float64))

    cost = compiled.per_km * arc_km - compiled.penalty[group_urgency[arc_group]]
    lower = np.zeros(n_arcs)
    upper = group_count[arc_group].astype(np.float64)
    n_cols = n_arcs
    family_columns = np.zeros(0, dtype=np.int64)
    if compiled.family_count:
        family_arcs = np.flatnonzero(group_family[arc_group] >= 0)
        pair_keys = group_family[arc_group[family_arcs]] * m + arc_site[family_arcs]
        pairs, pair_of_arc = np.unique(pair_keys, return_inverse=True)
        family_columns = n_cols + np.arange(len(pairs))
        # x[g, j] - y[f, j] <= 0
        link_rows = n_rows + np.arange(len(family_arcs))
        row_parts += [link_rows, link_rows]
        col_parts += [family_arcs, family_columns[pair_of_arc]]
        val_parts += [np.ones(len(family_arcs)), -np.ones(len(family_arcs))]
        row_upper.append(np.zeros(len(family_arcs)))
        n_rows += len(family_arcs)
        # sum_j y[f, j] <= 1
        pair_family = pairs // m
        families, family_row = np.unique(pair_family, return_inverse=True)
        row_parts.append(n_rows + family_row)
        col_parts.append(family_columns)
        val_parts.append(np.ones(len(pairs)))
        row_upper.append(np.ones(len(families)))
        n_rows += len(families)
        cost = np.concatenate([cost, np.zeros(len(pairs))])
        lower = np.concatenate([lower, np.zeros(len(pairs))])
        upper = np.concatenate([upper, np.ones(len(pairs))])
        n_cols += len(pairs)

    offset = float((group_count * compiled.penalty[group_urgency]).sum())
    highs = quiet_highs()
    lp = build_lp(
        cost=cost,
        lower=lower,
        upper=upper,
        row_lower=np.full(n_rows, -INF),
        row_upper=np.concatenate(row_upper),
        rows=np.concatenate(row_parts),
        cols=np.concatenate(col_parts),
        values=np.concatenate(val_parts),
        offset=offset,
        integer=np.ones(n_cols, dtype=np.bool_),
    )
    # 1. The LP relaxation: its value is a bound, its reduced costs fix most variables below.
    integrality = lp.integrality_
    lp.integrality_ = []
    highs.passModel(lp)
    highs.setOptionValue("time_limit", float(time_limit))
    highs.run()
    if highs.getModelStatus() != highspy.HighsModelStatus.kOptimal:
        site_of = start.copy() if start is not None else np.full(n, -1, dtype=np.int64)
        return ExactOutcome(site_of=site_of, lower_bound=-np.inf, optimal=False, nodes=0)
    relaxed = highs.getSolution()
    lp_bound = float(highs.getInfo().objective_function_value)
    value = np.asarray(relaxed.col_value)
    reduced = np.asarray(relaxed.col_dual)

    order = np.argsort(group_of, kind="stable")
    first = np.concatenate([[0], np.cumsum(group_count)[:-1]])

    def people_from(counts: IntArray) -> IntArray:
        result = np.full(n, -1, dtype=np.int64)
        filled = np.zeros(n_groups, dtype=np.int64)
        for arc in np.flatnonzero(counts > 0).tolist():
            g = int(arc_group[arc])
            take = int(counts[arc])
            members = order[first[g] + filled[g] : first[g] + filled[g] + take]
            result[members] = arc_site[arc]
            filled[g] += take
        return result

    # 2. An incumbent: the LP rounded down, then the greedy fill and the urgent repair.
    incumbent = people_from(np.floor(value[:n_arcs] + 1e-6).astype(np.int64))
    remaining = remaining_capacity(compiled, incumbent)
    polish_leftovers(
        compiled, incumbent, remaining, np.flatnonzero(incumbent < 0), time_limit=min(2.0, time_limit / 10)
    )
    greedy_fill(compiled, incumbent, remaining, np.flatnonzero(incumbent < 0))
    evicted = place_urgent(compiled, incumbent, remaining)
    if len(evicted):
        greedy_fill(compiled, incumbent, remaining, evicted)
    best, best_value = incumbent, objective_of(compiled, incumbent)[0]
    if start is not None:
        start_value = objective_of(compiled, start)[0]
        if start_value < best_value:
            best, best_value = start.copy(), start_value
    if best_value - lp_bound <= 1e-9 * max(1.0, abs(best_value)):
        return ExactOutcome(site_of=best, lower_bound=lp_bound, optimal=True, nodes=0)

    # 3. Reduced-cost fixing: a variable whose reduced cost alone would lift the LP bound above the
    #    incumbent cannot move in any better solution.
    slack = best_value - lp_bound + 1e-6 * max(1.0, abs(best_value))
    new_upper = upper.copy()
    new_lower = lower.copy()
    positive = reduced > 1e-9
    new_upper[positive] = np.minimum(
        upper[positive], np.floor(value[positive] + slack / reduced[positive] + 1e-9)
    )
    negative = reduced < -1e-9
    new_lower[negative] = np.maximum(
        lower[negative], np.ceil(value[negative] - slack / -reduced[negative] - 1e-9)
    )
    new_lower = np.minimum(new_lower, new_upper)

    # 4. The MIP over what is left, from the incumbent.
    lp.integrality_ = integrality
    lp.col_lower_ = new_lower
    lp.col_upper_ = new_upper
    highs = quiet_highs()
    highs.passModel(lp)
    highs.setOptionValue("mip_rel_gap", 0.0)
    highs.setOptionValue("mip_abs_gap", 1e-6)
    highs.setOptionValue("time_limit", max(1.0, float(time_limit)))
    values = np.zeros(n_cols)
    placed = best >= 0
    arc_index = {
        (g, j): a for a, (g, j) in enumerate(zip(arc_group.tolist(), arc_site.tolist(), strict=True))
    }
    for person, site in zip(np.flatnonzero(placed).tolist(), best[placed].tolist(), strict=True):
        values[arc_index[(int(group_of[person]), site)]] += 1
    if compiled.family_count:
        used = values[:n_arcs][family_arcs] > 0
        values[family_columns[pair_of_arc[used]]] = 1
    fixed_out = (values < new_lower - 1e-9) | (values > new_upper + 1e-9)
    if not fixed_out.any():
        solution = highspy.HighsSolution()
        solution.col_value = values.tolist()
        solution.value_valid = True
        highs.setSolution(solution)
    highs.run()
    status = highs.getModelStatus()
    info = highs.getInfo()
    site_of = best
    if info.primal_solution_status == 2 and info.objective_function_value < best_value - 1e-9:
        counts = np.rint(np.asarray(highs.getSolution().col_value[:n_arcs])).astype(np.int64)
        site_of = people_from(counts)
    optimal = status == highspy.HighsModelStatus.kOptimal
    # Every solution better than the incumbent survives the fixing, so the smaller of the MIP's bound
    # and the incumbent's value bounds the whole problem.
    bound = lp_bound
    if np.isfinite(info.mip_dual_bound):
        bound = max(lp_bound, min(float(info.mip_dual_bound), best_value))
    return ExactOutcome(site_of=site_of, lower_bound=bound, optimal=optimal, nodes=int(info.mip_node_count))
