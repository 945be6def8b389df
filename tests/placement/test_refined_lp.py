"""The refined LP: restricting its first columns by the coarser LP's prices costs time only, never the
answer — with column generation run to the end it reaches the LP over every column."""

from __future__ import annotations

import numpy as np

from sentra.placement.rules.coarse import solve_coarse, solve_refined, zone_keys
from sentra.placement.rules.compiled import UNCAPPED, compile_instance
from sentra.placement.rules.groups import group_people, nearest_eligible
from sentra.placement.rules.synthetic import synthetic_instance


def _setup(people: int, sites: int, large_sites: int) -> tuple:  # type: ignore[type-arg]
    compiled = compile_instance(synthetic_instance(people=people, sites=sites, seed=3))
    groups = group_people(compiled)
    places = np.where(compiled.cap < UNCAPPED, compiled.cap, 0).sum(axis=1)
    large = np.zeros(compiled.m, dtype=np.bool_)
    large[np.argsort(-places, kind="stable")[:large_sites]] = True
    small_options = nearest_eligible(
        compiled,
        groups.loc_lat[groups.group_loc],
        groups.loc_lon[groups.group_loc],
        groups.group_class,
        2,
        site_mask=np.broadcast_to(~large, compiled.eligible.shape),
    )
    return compiled, groups, large, small_options


def test_the_refined_lp_reaches_the_lp_over_every_column() -> None:
    compiled, groups, large, small_options = _setup(3_000, 400, 20)
    first, _, _ = solve_coarse(
        compiled, groups, zone_keys(groups, 3.0), 24, 12, 4, large, small_options, small_rounds=6
    )
    fine_keys = zone_keys(groups, 1.0)
    # A narrow window leaves most large centres out of the first solve: generation must bring them in.
    refined, coarse, rounds = solve_refined(
        compiled, groups, fine_keys, first, large, window=5.0, max_rounds=200
    )
    full, full_coarse, _ = solve_coarse(
        compiled, groups, fine_keys, 24, 12, 4, large, small_options, small_rounds=200
    )
    assert coarse.size == full_coarse.size
    assert rounds >= 1
    assert abs(refined.objective - full.objective) <= 1e-6 * abs(full.objective)


def test_the_refined_lp_keeps_every_capacity() -> None:
    compiled, groups, large, small_options = _setup(2_000, 300, 16)
    first, _, _ = solve_coarse(
        compiled, groups, zone_keys(groups, 3.0), 24, 12, 4, large, small_options, small_rounds=3
    )
    refined, coarse, _ = solve_refined(
        compiled, groups, zone_keys(groups, 1.0), first, large, window=60.0, max_rounds=2
    )
    used = np.zeros(compiled.cap.shape)
    np.add.at(
        used,
        refined.x_site,
        refined.x_value[:, None] * compiled.usage[coarse.klass[refined.x_group]],
    )
    capped = compiled.cap < UNCAPPED
    assert np.all(used[capped] <= compiled.cap[capped] + 1e-6)
    # Every group's people are accounted for: placed at most its size.
    placed = np.bincount(refined.x_group, weights=refined.x_value, minlength=coarse.size)
    assert np.all(placed <= coarse.counts.sum(axis=1) + 1e-6)
