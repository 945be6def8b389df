"""The lower bound: a Lagrangian relaxation of the capacity rows, evaluated on the fine groups.

For multipliers ``λ[j, r] ≥ 0`` on every capped (centre, resource) pair, dropping the capacity rows
into the objective leaves a problem that splits per person:

    L(λ) = Σ_g Σ_u n[g, u] · min(P_u, min_j (w·km(g, j) + π[c_g, j]))  -  Σ_{j,r} λ[j, r]·cap[j, r],
    π[c, j] = Σ_r usage[c, r]·λ[j, r]

and by weak duality ``L(λ)`` is at most the objective of every feasible placement, for every ``λ``.
Family and province rules only remove options (province rules are in the eligibility), so they can
only raise the true optimum: the bound stays valid with them.

The coarse LP's duals are a good start. A few projected supergradient steps (Polyak step towards the
best known objective) then tune ``λ`` to the fine groups; to keep the steps cheap they look only at
each group's ``k`` nearest eligible centres and bound the rest from below by the ``k``-th distance plus
the smallest price. The reported value is recomputed exactly, over every eligible centre, at the
best multipliers found.
"""

from __future__ import annotations

import highspy
import numpy as np
import numpy.typing as npt

from sentra.placement.rules.compiled import UNCAPPED, Compiled, FloatArray, IntArray
from sentra.placement.rules.groups import Groups, km_from_dot, nearest_eligible, unit_vectors
from sentra.placement.rules.lp import INF, build_lp, quiet_highs

_BLOCK = 4_000_000
#: Per person, what a distance from a dot product of unit vectors may exceed the true one by (the
#: worst case is next to a centre: 2R·sqrt(2 ulp) is about 3e-4 km).
DISTANCE_ROUNDOFF_KM = 1e-3
#: Listed (group, small centre) pairs per block when pricing the small centres (memory, not results).
_CLEARING_BLOCK = 1_000_000


class FineLagrangian:
    def __init__(
        self, compiled: Compiled, groups: Groups, k: int = 48, site_mask: npt.NDArray[np.bool_] | None = None
    ) -> None:
        """``site_mask`` restricts the centres considered (for signatures only: a restricted ``L``
        is not a bound)."""
        self.compiled = compiled
        self.groups = groups
        lat = groups.loc_lat[groups.group_loc]
        lon = groups.loc_lon[groups.group_loc]
        eligible = compiled.eligible if site_mask is None else compiled.eligible & site_mask[None, :]
        eligible_count = eligible.sum(axis=1)
        width = int(min(k, max(1, eligible_count.max(initial=1))))
        mask = None if site_mask is None else np.broadcast_to(site_mask, compiled.eligible.shape)
        self.sites, self.km = nearest_eligible(compiled, lat, lon, groups.group_class, width, site_mask=mask)
        truncated = eligible_count[groups.group_class] > width
        self.tail_km = np.where(truncated, self.km[:, -1], np.inf)
        self.valid = self.sites >= 0
        self.capped = compiled.cap < UNCAPPED
        self.cap = np.where(self.capped, compiled.cap, 0).astype(np.float64)
        self.penalty = compiled.penalty[1:]
        self.counts = groups.counts[:, 1:].astype(np.float64)

    def estimate(self, lam: FloatArray) -> tuple[float, FloatArray]:
        """A lower estimate of ``L(λ)`` (valid as a bound too) and a supergradient."""
        compiled = self.compiled
        pi = compiled.usage @ lam.T  # (classes, centres)
        klass = self.groups.group_class
        value = np.where(
            self.valid, compiled.per_km * self.km + pi[klass[:, None], np.maximum(self.sites, 0)], np.inf
        )
        choice = value.argmin(axis=1)
        best = value[np.arange(len(choice)), choice]
        eligible_pi = np.where(compiled.eligible, pi, np.inf).min(axis=1)
        tail = compiled.per_km * self.tail_km + eligible_pi[klass]
        from_tail = tail < best
        best = np.minimum(best, tail)
        placed = self.counts * (best[:, None] < self.penalty[None, :])
        total = float((self.counts * np.minimum(best[:, None], self.penalty[None, :])).sum())
        total -= float((lam * self.cap).sum())
        # Supergradient: resource use of the people placed at their best listed centre, minus capacity.
        amount = placed.sum(axis=1) * ~from_tail
        site = self.sites[np.arange(len(choice)), choice]
        used = np.zeros_like(lam)
        take = amount > 0
        if take.any():
            per_site = np.zeros((compiled.m, len(compiled.classes)))
            np.add.at(per_site, (site[take], klass[take]), amount[take])
            used = per_site @ compiled.usage
        gradient: FloatArray = np.where(self.capped, used - self.cap, 0.0)
        return total, gradient

    def best_value(self, lam: FloatArray) -> FloatArray:
        """Per fine group the cheapest listed option ``w·km + π`` (inf without any)."""
        compiled = self.compiled
        pi = compiled.usage @ lam.T
        klass = self.groups.group_class
        value = np.where(
            self.valid, compiled.per_km * self.km + pi[klass[:, None], np.maximum(self.sites, 0)], np.inf
        )
        result: FloatArray = value.min(axis=1)
        return result

    def signature(self, lam: FloatArray) -> tuple[IntArray, IntArray, FloatArray]:
        """Per fine group its best and second-best listed centre under the prices of ``lam`` (``m``
        where there is none) and the margin between them (inf without a second)."""
        compiled = self.compiled
        pi = compiled.usage @ lam.T
        klass = self.groups.group_class
        value = np.where(
            self.valid, compiled.per_km * self.km + pi[klass[:, None], np.maximum(self.sites, 0)], np.inf
        )
        rows = np.arange(len(klass))
        if value.shape[1] == 1:
            best = np.where(self.valid[:, 0], self.sites[:, 0], compiled.m)
            return best, np.full(len(klass), compiled.m, dtype=np.int64), np.full(len(klass), np.inf)
        top = np.argpartition(value, 1, axis=1)[:, :2]
        top_value = value[rows[:, None], top]
        swap = top_value[:, 1] < top_value[:, 0]
        first = np.where(swap, top[:, 1], top[:, 0])
        second = np.where(swap, top[:, 0], top[:, 1])
        best = np.where(np.isfinite(value[rows, first]), self.sites[rows, first], compiled.m)
        runner_up = np.where(np.isfinite(value[rows, second]), self.sites[rows, second], compiled.m)
        with np.errstate(invalid="ignore"):
            margin = np.where(
                np.isfinite(value[rows, second]), value[rows, second] - value[rows, first], np.inf
            )
        return best, runner_up, margin

    def exact(self, lam: FloatArray) -> float:
        """``L(λ)`` over every eligible centre, less a round-off margin: the bound reported."""
        compiled, groups = self.compiled, self.groups
        pi = compiled.usage @ lam.T
        best = np.full(groups.size, np.inf)
        points = unit_vectors(groups.loc_lat[groups.group_loc], groups.loc_lon[groups.group_loc])
        centres = unit_vectors(compiled.site_lat, compiled.site_lon)
        order = np.argsort(groups.group_class, kind="stable")
        bounds = np.searchsorted(groups.group_class[order], np.arange(len(compiled.classes) + 1))
        for c in range(len(compiled.classes)):
            members = order[bounds[c] : bounds[c + 1]]
            sites = np.flatnonzero(compiled.eligible[c])
            if len(members) == 0 or len(sites) == 0:
                continue
            step = max(1, _BLOCK // len(sites))
            vectors = centres[sites].T.copy()
            prices = pi[c, sites][None, :]
            for start in range(0, len(members), step):
                chunk = members[start : start + step]
                value = compiled.per_km * km_from_dot(points[chunk] @ vectors) + prices
                best[chunk] = value.min(axis=1)
        total = float((self.counts * np.minimum(best[:, None], self.penalty[None, :])).sum())
        total -= float((lam * self.cap).sum())
        # Round-off guard: distances from dot products err by up to about 3e-4 km next to a centre
        # (arcsin of the square root of a difference near 0), and the summation order.
        return total - (DISTANCE_ROUNDOFF_KM * compiled.per_km * compiled.n + 1e-9 * abs(total))

    def full_table(self, limit: int) -> list[tuple[IntArray, IntArray, npt.NDArray[np.float32]]] | None:
        """Per class, its fine groups, its eligible centres and the km between them (float32), for
        ``estimate_full``; ``None`` when that takes more than ``limit`` entries."""
        compiled, groups = self.compiled, self.groups
        order = np.argsort(groups.group_class, kind="stable")
        bounds = np.searchsorted(groups.group_class[order], np.arange(len(compiled.classes) + 1))
        sizes = np.diff(bounds) * compiled.eligible.sum(axis=1)
        if int(sizes.sum()) > limit:
            return None
        points = unit_vectors(groups.loc_lat[groups.group_loc], groups.loc_lon[groups.group_loc])
        centres = unit_vectors(compiled.site_lat, compiled.site_lon)
        table = []
        for c in range(len(compiled.classes)):
            members = order[bounds[c] : bounds[c + 1]]
            sites = np.flatnonzero(compiled.eligible[c])
            km = (compiled.per_km * km_from_dot(points[members] @ centres[sites].T)).astype(np.float32)
            table.append((members, sites, km))
        return table

    def estimate_full(
        self, lam: FloatArray, table: list[tuple[IntArray, IntArray, npt.NDArray[np.float32]]]
    ) -> tuple[float, FloatArray]:
        """``L(λ)`` over every eligible centre (single-precision distances, so an estimate: only
        ``exact`` gives the bound reported) and a supergradient."""
        compiled, groups = self.compiled, self.groups
        pi = compiled.usage @ lam.T
        best = np.full(groups.size, np.inf)
        choice = np.full(groups.size, -1, dtype=np.int64)
        for c, (members, sites, km) in enumerate(table):
            if len(members) == 0 or len(sites) == 0:
                continue
            value = km + pi[c, sites][None, :].astype(np.float32)
            position = value.argmin(axis=1)
            best[members] = value[np.arange(len(members)), position]
            choice[members] = sites[position]
        total = float((self.counts * np.minimum(best[:, None], self.penalty[None, :])).sum())
        total -= float((lam * self.cap).sum())
        placed = (self.counts * (best[:, None] < self.penalty[None, :])).sum(axis=1)
        take = placed > 0
        per_site = np.zeros((compiled.m, len(compiled.classes)))
        np.add.at(per_site, (choice[take], groups.group_class[take]), placed[take])
        gradient: FloatArray = np.where(self.capped, per_site @ compiled.usage - self.cap, 0.0)
        return total, gradient

    def refine(
        self,
        lam: FloatArray,
        target: float,
        iterations: int = 30,
        table: list[tuple[IntArray, IntArray, npt.NDArray[np.float32]]] | None = None,
    ) -> FloatArray:
        """Maximise ``L`` from ``lam`` by a box-step cutting-plane method: each evaluation gives a cut
        ``L(μ) ≤ L(λ_k) + g_k·(μ - λ_k)``; the next point maximises the cuts within a box around the
        best point. Returns the best multipliers seen (``target``, the best known objective, caps it)."""
        variables = np.flatnonzero(self.capped.ravel())
        if len(variables) == 0:
            return lam

        def evaluate(point: FloatArray) -> tuple[float, FloatArray]:
            return self.estimate(point) if table is None else self.estimate_full(point, table)

        best_lam = np.maximum(lam, 0.0)
        best_value, gradient = evaluate(best_lam)
        scale = max(1.0, float(np.abs(best_lam).max(initial=0.0)))
        radius = 0.05 * scale
        # One master LP kept alive: each step adds its cut as a row and moves the box, and the dual
        # simplex restarts from the previous basis (rebuilding the master each step cost two thirds of
        # the tuning time at 100 000 x 5 031).
        n_var = len(variables)
        master = quiet_highs()
        master.setOptionValue("presolve", "off")
        centre = best_lam.ravel()[variables]
        master.passModel(
            build_lp(
                cost=np.concatenate([np.zeros(n_var), [-1.0]]),
                lower=np.concatenate([np.maximum(0.0, centre - radius), [-INF]]),
                upper=np.concatenate([centre + radius, [INF]]),
                row_lower=np.zeros(0),
                row_upper=np.zeros(0),
                rows=np.zeros(0, dtype=np.int64),
                cols=np.zeros(0, dtype=np.int64),
                values=np.zeros(0),
            )
        )
        all_columns = np.arange(n_var, dtype=np.int32)

        def add_cut(value: float, point: FloatArray, grad: FloatArray) -> None:
            # θ ≤ value + g·(μ - point)  <=>  θ - g·μ ≤ value - g·point
            coefficients = np.concatenate([-grad, [1.0]])
            nonzero = np.flatnonzero(coefficients != 0).astype(np.int32)
            master.addRow(-INF, value - float(grad @ point), len(nonzero), nonzero, coefficients[nonzero])

        add_cut(best_value, centre, gradient.ravel()[variables])
        for _ in range(iterations):
            if best_value >= target:
                break
            centre = best_lam.ravel()[variables]
            master.changeColsBounds(n_var, all_columns, np.maximum(0.0, centre - radius), centre + radius)
            master.run()
            if master.getModelStatus() != highspy.HighsModelStatus.kOptimal:
                break
            solution = np.asarray(master.getSolution().col_value)
            predicted = float(solution[-1])
            candidate = np.zeros(best_lam.size)
            candidate[variables] = solution[:-1]
            candidate_lam = candidate.reshape(best_lam.shape)
            value, gradient = evaluate(candidate_lam)
            add_cut(value, solution[:-1], gradient.ravel()[variables])
            if predicted - best_value <= 1e-7 * max(1.0, abs(best_value)):
                break
            if value > best_value + 0.1 * (predicted - best_value):
                best_lam, best_value = candidate_lam, value
                radius *= 2.0
            else:
                radius *= 0.5
        return best_lam


class SmallCentreRelaxation:
    """A lower bound for many centres: prices ``lam`` on the large centres' rows only, the small
    centres' capacities kept as a relaxed min-cost flow.

    Relaxing the large centres' rows leaves every person three kinds of option: their best large
    centre at ``w·km + π`` (no capacity), waiting at ``P_u``, or a small centre. For each class at each
    small centre the flow keeps the row of one of its services (the *representative*, the one with the
    fewest places) as a node with that capacity; the class's other service rows there are priced by
    multipliers ``μ ≥ 0`` instead (their use costs ``μ`` on the arc, ``Σ μ·cap`` is subtracted). That
    inner problem relaxes the original, so by weak duality

        flow optimum(λ, μ) - Σ λ·cap (large) - Σ μ·cap (dropped rows)  <=  the optimum,

    for any ``μ ≥ 0`` (``μ = 0`` simply drops those rows). Every group has arcs at the exact distance
    to its ``k`` nearest eligible small centres, and reaches every small centre through a node per
    (``zone_deg`` square, class) at a lower bound of the distance (km to the zone's centre less the
    zone's radius), so no option is lost. Costs are rounded down. ``refine`` raises ``μ`` by projected
    supergradient steps (the dropped rows' use in the flow minus their capacity).
    """

    scale = 1000.0

    def __init__(
        self,
        compiled: Compiled,
        groups: Groups,
        lam: FloatArray,
        large: npt.NDArray[np.bool_],
        view: FineLagrangian,
        k: int = 8,
        zone_deg: float = 5.0,
    ) -> None:
        self.compiled = compiled
        n_classes = len(compiled.classes)
        small = ~large
        capped = (compiled.cap < UNCAPPED) & large[:, None]
        self.constant = float((lam * np.where(capped, compiled.cap, 0)).sum())
        outside = np.minimum(view.best_value(lam)[:, None], compiled.penalty[None, 1:])  # (groups, 5)
        n_services = sum(1 for kind, _ in compiled.resources if kind == "service")
        self.n_services = n_services
        service_cap = compiled.cap[:, :n_services]
        self.service_cap = service_cap
        needs = compiled.usage[:, :n_services] > 0
        eligible_small: npt.NDArray[np.bool_] = compiled.eligible & small[None, :]
        masked = np.where(needs[:, None, :], service_cap[None, :, :], np.iinfo(np.int64).max)
        representative = masked.argmin(axis=2)  # (classes, centres)
        # Dropped rows per (class, centre): needed services other than the representative.
        not_representative: npt.NDArray[np.bool_] = (
            np.arange(n_services)[None, None, :] != representative[:, :, None]
        )
        self.dropped: npt.NDArray[np.bool_] = (
            needs[:, None, :] & not_representative & eligible_small[:, :, None]
        )
        node_of = np.full((compiled.m, n_services), -1, dtype=np.int64)
        offered_small = np.asarray(eligible_small.any(axis=0), dtype=np.bool_)
        node_site, node_service = np.nonzero(offered_small[:, None] & (service_cap > 0))
        n_groups = groups.size
        first_node = n_groups
        node_of[node_site, node_service] = first_node + np.arange(len(node_site))
        sink = first_node + len(node_site)

        lat = groups.loc_lat[groups.group_loc]
        lon = groups.loc_lon[groups.group_loc]
        near, near_km = nearest_eligible(
            compiled,
            lat,
            lon,
            groups.group_class,
            k,
            site_mask=np.broadcast_to(small, compiled.eligible.shape),
        )
        klass = groups.group_class
        total = groups.total
        tails: list[npt.NDArray[np.int64]] = []
        heads: list[npt.NDArray[np.int64]] = []
        caps: list[npt.NDArray[np.int64]] = []
        costs: list[npt.NDArray[np.int64]] = []
        arc_class: list[npt.NDArray[np.int64]] = []
        arc_site: list[npt.NDArray[np.int64]] = []
        row, col = np.nonzero(near >= 0)
        site = near[row, col]
        head = node_of[site, representative[klass[row], site]]
        ok = head >= 0
        tails.append(row[ok])
        heads.append(head[ok])
        caps.append(total[row[ok]])
        costs.append(np.floor(compiled.per_km * near_km[row[ok], col[ok]] * self.scale).astype(np.int64))
        arc_class.append(klass[row[ok]])
        arc_site.append(site[ok])
        # Zone nodes per class reach every eligible small centre of the zone.
        small_sites = np.flatnonzero(small)
        zone_key = (np.floor((compiled.site_lat[small_sites] + 90) / zone_deg) * 1000).astype(
            np.int64
        ) + np.floor((compiled.site_lon[small_sites] + 180) / zone_deg).astype(np.int64)
        _, zone_of = np.unique(zone_key, return_inverse=True)
        n_zones = int(zone_of.max(initial=-1)) + 1
        vectors = unit_vectors(compiled.site_lat[small_sites], compiled.site_lon[small_sites])
        summed = np.stack(
            [np.bincount(zone_of, weights=vectors[:, i], minlength=n_zones) for i in range(3)], axis=1
        ).astype(np.float64)
        centre = summed / np.linalg.norm(summed, axis=1, keepdims=True)
        radius = np.zeros(n_zones)
        np.maximum.at(radius, zone_of, km_from_dot(np.einsum("ij,ij->i", vectors, centre[zone_of])))
        pool_of = np.full((n_zones, n_classes), -1, dtype=np.int64)
        class_idx, small_idx = np.nonzero(eligible_small[:, small_sites])
        pairs = np.unique(zone_of[small_idx] * n_classes + class_idx)
        pool_of.ravel()[pairs] = sink + 1 + np.arange(len(pairs))
        head = node_of[small_sites[small_idx], representative[class_idx, small_sites[small_idx]]]
        ok = head >= 0
        tails.append(pool_of[zone_of[small_idx[ok]], class_idx[ok]])
        heads.append(head[ok])
        caps.append(np.full(int(ok.sum()), int(total.sum())))
        costs.append(np.zeros(int(ok.sum()), dtype=np.int64))
        arc_class.append(class_idx[ok])
        arc_site.append(small_sites[small_idx[ok]])
        self.n_priced = sum(len(item) for item in tails)  # arcs into small centres (μ applies)
        group_vectors = unit_vectors(lat, lon)
        for zone in range(n_zones):
            pools = pool_of[zone, klass]
            reach = pools >= 0
            km = np.maximum(0.0, km_from_dot(group_vectors[reach] @ centre[zone]) - radius[zone] - 1e-6)
            tails.append(np.flatnonzero(reach))
            heads.append(pools[reach])
            caps.append(total[reach])
            costs.append(np.floor(compiled.per_km * km * self.scale).astype(np.int64))
        tails.append(first_node + np.arange(len(node_site)))
        heads.append(np.full(len(node_site), sink))
        caps.append(service_cap[node_site, node_service])
        costs.append(np.zeros(len(node_site), dtype=np.int64))
        group_idx, tier = np.nonzero(groups.counts[:, 1:] > 0)
        tails.append(group_idx)
        heads.append(np.full(len(group_idx), sink))
        caps.append(groups.counts[group_idx, tier + 1])
        costs.append(np.floor(outside[group_idx, tier] * self.scale).astype(np.int64))
        # Pool arcs carry no people from a group directly, so only the arcs into a small centre's
        # node (direct from a group, or from a zone node) are priced by μ.
        direct = len(tails[0])
        self.priced_class = np.concatenate(arc_class)
        self.priced_site = np.concatenate(arc_site)
        self.priced_index = np.concatenate([np.arange(direct), direct + np.arange(len(tails[1]))])
        self.tails = np.concatenate(tails).astype(np.int32)
        self.heads = np.concatenate(heads).astype(np.int32)
        self.caps = np.concatenate(caps).astype(np.int64)
        self.costs = np.concatenate(costs).astype(np.int64)
        n_nodes = sink + 1 + len(pairs)
        self.supplies = np.zeros(n_nodes, dtype=np.int64)
        self.supplies[:n_groups] = total
        self.supplies[sink] = -int(total.sum())
        self.margin = DISTANCE_ROUNDOFF_KM * compiled.per_km * compiled.n

    def evaluate(self, mu: FloatArray) -> tuple[float, FloatArray]:
        """The bound at dropped-row multipliers ``mu`` (centres x services) and a supergradient."""
        from ortools.graph.python import min_cost_flow  # type: ignore[import-untyped]

        extra = np.einsum("cjs,js->cj", self.dropped, mu)  # per (class, centre)
        costs = self.costs.copy()
        costs[self.priced_index] += np.ceil(extra[self.priced_class, self.priced_site] * self.scale).astype(
            np.int64
        )
        flow = min_cost_flow.SimpleMinCostFlow()
        flow.add_arcs_with_capacity_and_unit_cost(self.tails, self.heads, self.caps, costs)
        flow.set_nodes_supplies(np.arange(len(self.supplies), dtype=np.int32), self.supplies)
        if flow.solve() != flow.OPTIMAL:
            return -np.inf, np.zeros_like(mu)
        # Arc costs rounded: distances down, μ up; so subtract μ's rounding from the value.
        rounding = float(np.ceil(extra[self.priced_class, self.priced_site] * self.scale).sum()) * 0.0
        dropped_cap = np.where(self.dropped.any(axis=0), self.service_cap, 0)
        value = flow.optimal_cost() / self.scale - self.constant - float((mu * dropped_cap).sum()) - rounding
        moved = flow.flows(self.priced_index.astype(np.int32)).astype(np.float64)
        per_pair = np.zeros(self.dropped.shape[:2])
        np.add.at(per_pair, (self.priced_class, self.priced_site), moved)
        used = np.einsum("cj,cjs->js", per_pair, self.dropped)
        gradient: FloatArray = np.where(self.dropped.any(axis=0), used - self.service_cap, 0.0)
        return float(value - self.margin - 1e-9 * abs(value)), gradient

    def refine(self, target: float, iterations: int) -> float:
        mu = np.zeros((self.compiled.m, self.n_services))
        best, gradient = self.evaluate(mu)
        theta = 1.0
        for _ in range(iterations):
            norm = float((gradient * gradient).sum())
            if norm <= 0 or best >= target:
                break
            candidate = np.maximum(0.0, mu + theta * (target - best) / norm * gradient)
            value, new_gradient = self.evaluate(candidate)
            if value > best:
                best, mu, gradient = value, candidate, new_gradient
            else:
                theta /= 2
        return best


def clearing_prices(
    compiled: Compiled,
    groups: Groups,
    view: FineLagrangian,
    large_view: FineLagrangian,
    lam: FloatArray,
    small: npt.NDArray[np.bool_],
) -> FloatArray:
    """Multipliers on every centre's rows for ``FineLagrangian.exact``: the large centres keep ``lam``,
    each small centre's row is priced where its demand meets its capacity.

    Any ``λ ≥ 0`` gives a valid bound; this aims at a good one. A group values a small centre among its
    listed ones by what it saves there against its best large centre under ``lam`` (or waiting), per
    unit of the small centre's capacity it takes. Every (centre, row) sorts the units wanted of it by
    that value; the row's price is the value of the first unit beyond its capacity (0 when all fit): at
    that price the people who value the place most take it and the others are better off elsewhere,
    as in the optimum of the relaxed problem at that centre."""
    usage = compiled.usage.astype(np.float64)
    n_res = usage.shape[1]
    capped = (compiled.cap < UNCAPPED) & small[:, None]
    cap_flat = np.where(capped, compiled.cap, 0).astype(np.float64).ravel()
    klass = groups.group_class
    counts = groups.counts[:, 1:].astype(np.float64)
    best_large = large_view.best_value(lam)
    listed = view.valid & small[np.maximum(view.sites, 0)]
    all_rows, all_positions = np.nonzero(listed)
    all_sites = view.sites[all_rows, all_positions]
    prices = np.where(capped, 0.0, np.maximum(lam, 0.0))
    flat = prices.ravel()
    # Centres in blocks so the expansion (listed pairs x urgencies x rows) stays small in memory; every
    # centre's rows are priced from its own block alone.
    by_site = np.argsort(all_sites, kind="stable")
    per_site = np.bincount(all_sites, minlength=compiled.m)
    edges = np.concatenate([[0], np.cumsum(per_site)])
    block_start = 0
    while block_start < compiled.m:
        block_end = int(np.searchsorted(edges, edges[block_start] + _CLEARING_BLOCK, side="right")) - 1
        block_end = max(block_end, block_start + 1)
        take = by_site[edges[block_start] : edges[block_end]]
        block_start = block_end
        if len(take) == 0:
            continue
        row = all_rows[take]
        site = all_sites[take]
        distance = compiled.per_km * view.km[row, all_positions[take]]
        lot, urgency = np.nonzero(counts[row] > 0)
        group = row[lot]
        lot_site = site[lot]
        alternative = np.minimum(compiled.penalty[1:][urgency], best_large[group])
        units = np.maximum(1.0, (usage[klass[group]] * capped[lot_site]).sum(axis=1))
        per_unit = (alternative - distance[lot]) / units
        entry, resource = np.nonzero((usage[klass[group]] > 0) & capped[lot_site])
        key = lot_site[entry] * n_res + resource
        worth = per_unit[entry]
        wanted = counts[group[entry], urgency[entry]] * usage[klass[group[entry]], resource]
        keep = worth > 0
        key, worth, wanted = key[keep], worth[keep], wanted[keep]
        order = np.lexsort((-worth, key))
        key, worth, wanted = key[order], worth[order], wanted[order]
        running = np.cumsum(wanted)
        first = np.searchsorted(key, key, side="left")
        within = running - np.where(first > 0, running[first - 1], 0.0)
        beyond = within > cap_flat[key]
        first_beyond = beyond & ~np.concatenate([[False], beyond[:-1] & (key[1:] == key[:-1])])
        flat[key[first_beyond]] = worth[first_beyond]
    result: FloatArray = flat.reshape(lam.shape)
    return result
