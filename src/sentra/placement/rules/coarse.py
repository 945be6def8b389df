"""The coarse LP of the two-level method: coarse groups, the LP kept alive for column generation, and
its pricing.

Groups of fine groups (a zone and a class, or any key) become LP rows ``Σ_j x[G, j] + Σ_u z[G, u] = n_G``;
each centre's capped resources become capacity rows; ``x[G, j]`` costs the people-weighted mean km
from the group's members to ``j``. With many centres the small ones enter at the fine level (a column per
fine group and nearby small centre). Column generation adds any column the duals price in.
"""

from __future__ import annotations

from dataclasses import dataclass

import highspy
import numpy as np

from sentra.placement.rules.compiled import UNCAPPED, BoolArray, Compiled, FloatArray, IntArray
from sentra.placement.rules.geo import haversine_array
from sentra.placement.rules.groups import Groups, km_from_dot, nearest_eligible, unit_vectors
from sentra.placement.rules.lp import INF, build_lp, quiet_highs

_BLOCK = 4_000_000


@dataclass
class Coarse:
    of_group: IntArray  # coarse group of each fine group
    klass: IntArray
    counts: IntArray  # (coarse, 6)
    lat: FloatArray
    lon: FloatArray

    @property
    def size(self) -> int:
        return len(self.klass)


def service_count(compiled: Compiled) -> int:
    return sum(1 for kind, _ in compiled.resources if kind == "service")


def zone_keys(groups: Groups, zone_deg: float) -> IntArray:
    """Per fine group, the index of its ``zone_deg`` square."""
    lat = groups.loc_lat[groups.group_loc]
    lon = groups.loc_lon[groups.group_loc]
    rows = np.floor((lat + 90.0) / zone_deg).astype(np.int64)
    cols = np.floor((lon + 180.0) / zone_deg).astype(np.int64)
    result: IntArray = rows * 100_000 + cols
    return result


def coarse_groups(compiled: Compiled, groups: Groups, keys: IntArray) -> Coarse:
    """Coarse groups: fine groups of one class sharing a key."""
    lat = groups.loc_lat[groups.group_loc]
    lon = groups.loc_lon[groups.group_loc]
    full = keys * max(1, len(compiled.classes)) + groups.group_class
    unique_keys, first, of_group = np.unique(full, return_index=True, return_inverse=True)
    size = len(unique_keys)
    counts = np.stack(
        [np.bincount(of_group, weights=groups.counts[:, u], minlength=size) for u in range(6)], axis=1
    ).astype(np.int64)
    weight = groups.total.astype(np.float64)
    total = np.bincount(of_group, weights=weight, minlength=size)
    # Groups emptied by the small centres keep their plain mean point.
    plain = np.bincount(of_group, minlength=size).astype(np.float64)
    empty = total <= 0
    weight = np.where(empty[of_group], 1.0, weight)
    total = np.where(empty, plain, total)
    c_lat = np.bincount(of_group, weights=weight * lat, minlength=size) / total
    c_lon = np.bincount(of_group, weights=weight * lon, minlength=size) / total
    return Coarse(of_group=of_group, klass=groups.group_class[first], counts=counts, lat=c_lat, lon=c_lon)


class CoarseLP:
    """The coarse LP, kept alive for column generation."""

    def __init__(self, compiled: Compiled, coarse: Coarse, site_mask: BoolArray | None = None) -> None:
        self.compiled = compiled
        self.coarse = coarse
        m, n_res = compiled.m, len(compiled.resources)
        relevant = np.zeros((m, n_res), dtype=np.bool_)
        for c in range(len(compiled.classes)):
            relevant |= compiled.eligible[c][:, None] & (compiled.usage[c] > 0)[None, :]
        relevant &= compiled.cap < UNCAPPED
        if site_mask is not None:
            relevant &= site_mask[:, None]
        self.row_of = np.full((m, n_res), -1, dtype=np.int64)
        self.row_of[relevant] = coarse.size + np.arange(int(relevant.sum()))
        self.n_rows = coarse.size + int(relevant.sum())
        self.cap_rows = relevant
        self.col_group = np.zeros(0, dtype=np.int64)
        self.col_site = np.zeros(0, dtype=np.int64)
        # Per column the fine group it stands for (a small centre's fine-level column), else -1.
        self.col_fine = np.zeros(0, dtype=np.int64)
        self.highs = quiet_highs()
        self.highs.setOptionValue("solver", "simplex")
        # The parallel dual simplex (PAMI): on the 100 000 x 5 031 instance its first solve took 8 s where
        # the serial one took 20 s, same iterations and answer. (HiGHS's thread count is never set: see
        # ``lp.quiet_highs``.)
        self.highs.setOptionValue("simplex_strategy", 2)
        self.highs.setOptionValue("presolve", "off")
        self.large: BoolArray | None = None

    def _entries(
        self, groups: IntArray, sites: IntArray, first_col: int
    ) -> tuple[IntArray, IntArray, FloatArray]:
        compiled = self.compiled
        cols = first_col + np.arange(len(groups), dtype=np.int64)
        rows_list = [groups]
        cols_list = [cols]
        vals_list = [np.ones(len(groups))]
        klass = self.coarse.klass[groups]
        for r in range(len(compiled.resources)):
            uses = compiled.usage[klass, r]
            rows = self.row_of[sites, r]
            take = (uses > 0) & (rows >= 0)
            rows_list.append(rows[take])
            cols_list.append(cols[take])
            vals_list.append(uses[take].astype(np.float64))
        return np.concatenate(rows_list), np.concatenate(cols_list), np.concatenate(vals_list)

    def build(
        self,
        groups: IntArray,
        sites: IntArray,
        cost: FloatArray,
        pool_cost: FloatArray | None = None,
        pool_upper: FloatArray | None = None,
        upper: FloatArray | None = None,
        fine: IntArray | None = None,
    ) -> None:
        """Columns: x[G, j] (listed), unplaced per urgency, and with many centres one "small
        centres nearby" pool per group (the small centres' split is fixed beforehand)."""
        compiled, coarse = self.compiled, self.coarse
        self.col_group, self.col_site = groups, sites
        self.col_fine = np.full(len(groups), -1, dtype=np.int64) if fine is None else fine
        n_x = len(groups)
        unplaced_group, unplaced_urgency = np.nonzero(coarse.counts[:, 1:] > 0)
        unplaced_urgency = unplaced_urgency + 1
        rows, cols, vals = self._entries(groups, sites, 0)
        n_z = len(unplaced_group)
        pool_group = np.zeros(0, dtype=np.int64)
        if pool_cost is not None and pool_upper is not None:
            pool_group = np.flatnonzero(pool_upper > 0)
        n_p = len(pool_group)
        rows = np.concatenate([rows, unplaced_group, pool_group])
        cols = np.concatenate([cols, n_x + np.arange(n_z + n_p)])
        vals = np.concatenate([vals, np.ones(n_z + n_p)])
        totals = coarse.counts.sum(axis=1).astype(np.float64)
        cap_values = compiled.cap[self.cap_rows].astype(np.float64)
        self.n_fixed = n_z + n_p
        extra_cost = pool_cost[pool_group] if pool_cost is not None else np.zeros(0)
        extra_upper = pool_upper[pool_group] if pool_upper is not None else np.zeros(0)
        lp = build_lp(
            cost=np.concatenate([cost, compiled.penalty[unplaced_urgency], extra_cost]),
            lower=np.zeros(n_x + n_z + n_p),
            upper=np.concatenate(
                [
                    np.full(n_x, INF) if upper is None else upper,
                    coarse.counts[unplaced_group, unplaced_urgency].astype(np.float64),
                    extra_upper,
                ]
            ),
            row_lower=np.concatenate([totals, np.full(len(cap_values), -INF)]),
            row_upper=np.concatenate([totals, cap_values]),
            rows=rows,
            cols=cols,
            values=vals,
        )
        self.highs.passModel(lp)
        # Order in the model: x columns first, then unplaced columns, then generated x columns.
        self.extra_group = np.zeros(0, dtype=np.int64)
        self.extra_site = np.zeros(0, dtype=np.int64)
        self.extra_fine = np.zeros(0, dtype=np.int64)

    def add_columns(
        self,
        groups: IntArray,
        sites: IntArray,
        cost: FloatArray,
        upper: FloatArray | None = None,
        fine: IntArray | None = None,
    ) -> None:
        first = self.highs.getNumCol()
        rows, cols, vals = self._entries(groups, sites, 0)
        order = np.lexsort((rows, cols))
        starts = np.zeros(len(groups), dtype=np.int32)
        np.cumsum(np.bincount(cols, minlength=len(groups))[:-1], out=starts[1:])
        self.highs.addCols(
            len(groups),
            cost,
            np.zeros(len(groups)),
            np.full(len(groups), INF) if upper is None else upper,
            len(vals),
            starts,
            rows[order].astype(np.int32),
            vals[order],
        )
        del first
        self.extra_group = np.concatenate([self.extra_group, groups])
        self.extra_site = np.concatenate([self.extra_site, sites])
        self.extra_fine = np.concatenate(
            [self.extra_fine, np.full(len(groups), -1, dtype=np.int64) if fine is None else fine]
        )

    def add_fine_columns(self, groups: Groups, fine: IntArray, sites: IntArray, km: FloatArray) -> None:
        """Small-centre columns at the fine level: (fine group, centre) at the fine group's own km,
        bounded by its size, in the row of its coarse group."""
        self.add_columns(
            self.coarse.of_group[fine],
            sites,
            self.compiled.per_km * km,
            groups.total[fine].astype(np.float64),
            fine=fine,
        )

    def solve(self) -> None:
        self.highs.run()
        status = self.highs.getModelStatus()
        if status == highspy.HighsModelStatus.kUnknown:
            # PAMI gives up on some tiny degenerate models (seen: two centres without places); the
            # serial dual simplex solves them.
            self.highs.setOptionValue("simplex_strategy", 1)
            self.highs.run()
            status = self.highs.getModelStatus()
            self.highs.setOptionValue("simplex_strategy", 2)
        if status == highspy.HighsModelStatus.kModelEmpty:
            # Nobody left for the LP (or nothing to decide): an all-zero solution and zero duals.
            self.row_dual = np.zeros(self.highs.getNumRow())
            col_value = np.zeros(self.highs.getNumCol())
        elif status != highspy.HighsModelStatus.kOptimal:
            raise RuntimeError(f"coarse LP not solved: {self.highs.modelStatusToString(status)}")
        else:
            solution = self.highs.getSolution()
            self.row_dual = np.asarray(solution.row_dual)
            col_value = np.asarray(solution.col_value)
        n_x = len(self.col_group)
        self.x_group = np.concatenate([self.col_group, self.extra_group])
        self.x_site = np.concatenate([self.col_site, self.extra_site])
        self.x_fine = np.concatenate([self.col_fine, self.extra_fine])
        self.x_value = np.concatenate([col_value[:n_x], col_value[n_x + self.n_fixed :]])
        self.objective = float(self.highs.getInfo().objective_function_value)

    def multipliers(self) -> FloatArray:
        """λ[j, r] ≥ 0 for every centre and resource (0 where there is no row)."""
        lam = np.zeros(self.row_of.shape, dtype=np.float64)
        rows = self.row_of[self.cap_rows]
        lam[self.cap_rows] = np.maximum(0.0, -self.row_dual[rows])
        return lam


def mean_km(
    compiled: Compiled,
    groups: Groups,
    coarse: Coarse,
    members: list[IntArray],
    col_group: IntArray,
    col_site: IntArray,
) -> FloatArray:
    """Mean km from the fine members of each coarse group to a centre (people-weighted)."""
    sizes = np.array([len(members[g]) for g in col_group.tolist()], dtype=np.int64)
    if len(col_group) == 0:
        return np.zeros(0)
    fine = np.concatenate([members[g] for g in col_group.tolist()])
    column = np.repeat(np.arange(len(col_group)), sizes)
    loc = groups.group_loc[fine]
    km = haversine_array(
        groups.loc_lat[loc],
        groups.loc_lon[loc],
        compiled.site_lat[col_site[column]],
        compiled.site_lon[col_site[column]],
    )
    weight = groups.total[fine].astype(np.float64)
    total = np.bincount(column, weights=weight * km, minlength=len(col_group))
    people = np.bincount(column, weights=weight, minlength=len(col_group))
    plain = np.bincount(column, weights=km, minlength=len(col_group)) / np.maximum(
        1, np.bincount(column, minlength=len(col_group))
    )
    result: FloatArray = np.where(people > 0, total / np.maximum(people, 1e-12), plain)
    return result


def price_columns(
    compiled: Compiled, coarse: Coarse, lp: CoarseLP, lam: FloatArray, present: set[int], per_group: int
) -> tuple[IntArray, IntArray]:
    """Columns (coarse group, centre) with negative reduced cost under the current duals."""
    mu = lp.row_dual[: coarse.size]
    pi = compiled.usage @ lam.T  # (classes, centres)
    centres = unit_vectors(compiled.site_lat, compiled.site_lon)
    points = unit_vectors(coarse.lat, coarse.lon)
    found_groups: list[IntArray] = []
    found_sites: list[IntArray] = []
    for c in range(len(compiled.classes)):
        members = np.flatnonzero(coarse.klass == c)
        sites = np.flatnonzero(compiled.eligible[c])
        if len(members) == 0 or len(sites) == 0:
            continue
        step = max(1, _BLOCK // len(sites))
        vectors = centres[sites].T.copy()
        for start in range(0, len(members), step):
            chunk = members[start : start + step]
            reduced = (
                compiled.per_km * km_from_dot(points[chunk] @ vectors)
                + pi[c, sites][None, :]
                - mu[chunk, None]
            )
            width = min(per_group, len(sites))
            best = np.argpartition(reduced, width - 1, axis=1)[:, :width]
            best_value = np.take_along_axis(reduced, best, axis=1)
            row, position = np.nonzero(best_value < -1e-6)
            if len(row) == 0:
                continue
            groups = chunk[row]
            chosen = sites[best[row, position]]
            keys = groups * compiled.m + chosen
            fresh = np.fromiter(
                (key not in present for key in keys.tolist()), dtype=np.bool_, count=len(keys)
            )
            found_groups.append(groups[fresh])
            found_sites.append(chosen[fresh])
    if not found_groups:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    return np.concatenate(found_groups), np.concatenate(found_sites)


def solve_coarse(
    compiled: Compiled,
    groups: Groups,
    keys: IntArray,
    coarse_k: int,
    max_rounds: int,
    columns_per_group: int,
    large: BoolArray | None = None,
    small_options: tuple[IntArray, FloatArray] | None = None,
    small_rounds: int = 0,
    small_per_group: int = 2,
) -> tuple[CoarseLP, Coarse, int]:
    """Build and solve the coarse LP over the coarse groups the keys define. With ``large`` given, the
    LP carries the large centres only (every eligible one; the groups are then the people the small
    centres do not take); otherwise each group starts from its nearest ``coarse_k`` eligible centres
    and column generation adds any centre the duals price in."""
    coarse = coarse_groups(compiled, groups, keys)
    order = np.argsort(coarse.of_group, kind="stable")
    bounds = np.searchsorted(coarse.of_group[order], np.arange(coarse.size + 1))
    members = [order[bounds[g] : bounds[g + 1]] for g in range(coarse.size)]
    pool_cost = pool_upper = None
    restricted = False
    if large is not None:
        col_group, col_site = np.nonzero(compiled.eligible[coarse.klass] & large[None, :])
    else:
        restricted = int(compiled.eligible.sum(axis=1).max()) > coarse_k
        width = coarse_k if restricted else compiled.m
        candidates, _ = nearest_eligible(compiled, coarse.lat, coarse.lon, coarse.klass, width)
        row, position = np.nonzero(candidates >= 0)
        col_group, col_site = row.astype(np.int64), candidates[row, position]
    cost = compiled.per_km * mean_km(compiled, groups, coarse, members, col_group, col_site)
    upper = None
    col_fine = None
    if small_options is not None:
        # The small centres at the fine level: a column per (fine group, one of its nearest eligible
        # small centres) at the fine group's own distance, bounded by the fine group's size, in the
        # row of its coarse group. Every centre keeps its capacity rows, so every centre is priced.
        near_sites, near_km = small_options
        fine, position = np.nonzero((near_sites >= 0) & (groups.total[:, None] > 0))
        upper = np.concatenate([np.full(len(col_group), INF), groups.total[fine].astype(np.float64)])
        col_fine = np.concatenate([np.full(len(col_group), -1, dtype=np.int64), fine])
        col_group = np.concatenate([col_group, coarse.of_group[fine]])
        col_site = np.concatenate([col_site, near_sites[fine, position]])
        cost = np.concatenate([cost, compiled.per_km * near_km[fine, position]])
    lp = CoarseLP(compiled, coarse, site_mask=large if small_options is None else None)
    lp.large = large
    lp.build(
        col_group, col_site, cost, pool_cost=pool_cost, pool_upper=pool_upper, upper=upper, fine=col_fine
    )
    lp.solve()
    rounds = 0
    if restricted:
        present = set((col_group * compiled.m + col_site).tolist())
        while rounds < max_rounds:
            new_group, new_site = price_columns(
                compiled, coarse, lp, lp.multipliers(), present, columns_per_group
            )
            if len(new_group) == 0:
                break
            present.update((new_group * compiled.m + new_site).tolist())
            new_cost = compiled.per_km * mean_km(compiled, groups, coarse, members, new_group, new_site)
            lp.add_columns(new_group, new_site, new_cost)
            lp.solve()
            rounds += 1
    if small_options is not None:
        present = set((fine * compiled.m + near_sites[fine, position]).tolist())
        while rounds < small_rounds:
            new_fine, new_site, new_km = price_small_columns(
                compiled, groups, coarse, lp, present, small_per_group
            )
            if len(new_fine) == 0:
                break
            present.update((new_fine * compiled.m + new_site).tolist())
            lp.add_fine_columns(groups, new_fine, new_site, new_km)
            lp.solve()
            rounds += 1
    return lp, coarse, rounds


def price_small_columns(
    compiled: Compiled, groups: Groups, coarse: Coarse, lp: CoarseLP, present: set[int], per_group: int
) -> tuple[IntArray, IntArray, FloatArray]:
    """Fine-level small-centre columns (fine group, small centre, km) with a negative reduced cost
    under the current duals: each fine group's ``per_group`` most negative ones not yet listed."""
    mu = lp.row_dual[: coarse.size]
    pi = compiled.usage @ lp.multipliers().T
    small = ~lp.large if lp.large is not None else np.ones(compiled.m, dtype=np.bool_)
    centres = unit_vectors(compiled.site_lat, compiled.site_lon)
    points = unit_vectors(groups.loc_lat[groups.group_loc], groups.loc_lon[groups.group_loc])
    # A listed column may keep a negative reduced cost (at its upper bound, the fine group's size), so
    # the search looks past as many candidates as the group has listed: otherwise listed columns could
    # hide an unlisted one and generation would stop short of the LP over every column.
    listed_keys = np.fromiter(present, dtype=np.int64, count=len(present))
    listed = np.bincount(listed_keys // compiled.m, minlength=groups.size)
    found: list[tuple[IntArray, IntArray, FloatArray]] = []
    for c in range(len(compiled.classes)):
        members = np.flatnonzero((groups.group_class == c) & (groups.total > 0))
        sites = np.flatnonzero(compiled.eligible[c] & small)
        if len(members) == 0 or len(sites) == 0:
            continue
        step = max(1, _BLOCK // len(sites))
        vectors = centres[sites].T.copy()
        for start in range(0, len(members), step):
            chunk = members[start : start + step]
            width = min(per_group + int(listed[chunk].max(initial=0)), len(sites))
            km = km_from_dot(points[chunk] @ vectors)
            reduced = compiled.per_km * km + pi[c, sites][None, :] - mu[coarse.of_group[chunk], None]
            best = np.argpartition(reduced, width - 1, axis=1)[:, :width]
            best_value = np.take_along_axis(reduced, best, axis=1)
            row, position = np.nonzero(best_value < -1e-6)
            if len(row) == 0:
                continue
            keys = chunk[row] * compiled.m + sites[best[row, position]]
            fresh = np.fromiter(
                (key not in present for key in keys.tolist()), dtype=np.bool_, count=len(keys)
            )
            row, position = row[fresh], position[fresh]
            # Per fine group the ``per_group`` most negative unlisted ones.
            order = np.lexsort((best_value[row, position], row))
            row, position = row[order], position[order]
            first = np.searchsorted(row, row, side="left")
            keep = np.arange(len(row)) - first < per_group
            row, position = row[keep], position[keep]
            found.append((chunk[row], sites[best[row, position]], km[row, best[row, position]]))
    if not found:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64), np.zeros(0)
    return (
        np.concatenate([item[0] for item in found]),
        np.concatenate([item[1] for item in found]),
        np.concatenate([item[2] for item in found]),
    )


def solve_refined(
    compiled: Compiled,
    groups: Groups,
    keys: IntArray,
    previous: CoarseLP,
    large: BoolArray,
    *,
    window: float,
    max_rounds: int,
    small_per_group: int = 2,
) -> tuple[CoarseLP, Coarse, int]:
    """The LP again over finer groups (``keys``), started from what the previous, coarser LP learnt.

    A finer LP prices the large centres on nearer means (its split is better and its duals give a much
    better bound), but built like the first one its first solve costs several times the first LP's. Its
    columns are therefore chosen by the previous LP's prices: for each group the large centres whose
    cost plus price is within ``window`` of the group's cheapest, and every small-centre column the
    previous LP had (they are fine-level, so they carry over exactly). Column generation then adds
    every large centre and small centre whose reduced cost under the new duals is negative, until none
    is (or ``max_rounds``), so the restriction costs nothing in the end but time saved."""
    coarse = coarse_groups(compiled, groups, keys)
    order = np.argsort(coarse.of_group, kind="stable")
    bounds = np.searchsorted(coarse.of_group[order], np.arange(coarse.size + 1))
    members = [order[bounds[g] : bounds[g + 1]] for g in range(coarse.size)]
    all_group, all_site = np.nonzero(compiled.eligible[coarse.klass] & large[None, :])
    all_cost = compiled.per_km * mean_km(compiled, groups, coarse, members, all_group, all_site)
    pi = compiled.usage @ previous.multipliers().T
    value = all_cost + pi[coarse.klass[all_group], all_site]
    cheapest = np.full(coarse.size, np.inf)
    np.minimum.at(cheapest, all_group, value)
    listed = value <= cheapest[all_group] + window
    small = previous.x_fine >= 0
    fine, fine_site = previous.x_fine[small], previous.x_site[small]
    fine_km = haversine_array(
        groups.loc_lat[groups.group_loc[fine]],
        groups.loc_lon[groups.group_loc[fine]],
        compiled.site_lat[fine_site],
        compiled.site_lon[fine_site],
    )
    lp = CoarseLP(compiled, coarse)
    lp.large = large
    lp.build(
        np.concatenate([all_group[listed], coarse.of_group[fine]]),
        np.concatenate([all_site[listed], fine_site]),
        np.concatenate([all_cost[listed], compiled.per_km * fine_km]),
        upper=np.concatenate([np.full(int(listed.sum()), INF), groups.total[fine].astype(np.float64)]),
        fine=np.concatenate([np.full(int(listed.sum()), -1, dtype=np.int64), fine]),
    )
    lp.solve()
    unlisted = ~listed
    present_small = set((fine * compiled.m + fine_site).tolist())
    rounds = 0
    while rounds < max_rounds:
        mu = lp.row_dual[: coarse.size]
        pi = compiled.usage @ lp.multipliers().T
        reduced = all_cost + pi[coarse.klass[all_group], all_site] - mu[all_group]
        add = unlisted & (reduced < -1e-6)
        new_fine, new_site, new_km = price_small_columns(
            compiled, groups, coarse, lp, present_small, small_per_group
        )
        if not add.any() and len(new_fine) == 0:
            break
        if add.any():
            lp.add_columns(all_group[add], all_site[add], all_cost[add])
            unlisted &= ~add
        if len(new_fine):
            present_small.update((new_fine * compiled.m + new_site).tolist())
            lp.add_fine_columns(groups, new_fine, new_site, new_km)
        lp.solve()
        rounds += 1
    return lp, coarse, rounds
