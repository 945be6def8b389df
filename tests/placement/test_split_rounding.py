"""Rounding the LP's split at a centre: the round-up subset that fits with the most people."""

from __future__ import annotations

import itertools

import numpy as np

from sentra.placement.rules.twolevel import _best_subset


def test_two_small_bundles_beat_one_large_bundle_with_the_larger_fraction() -> None:
    # One place of each of two services left: {a, b} has the largest fraction, but {a} and {b} fit two.
    usage = np.array([[1, 1], [1, 0], [0, 1]])
    chosen = _best_subset(usage, np.array([1, 1]), np.array([0.9, 0.5, 0.5]))
    assert chosen.tolist() == [False, True, True]


def test_the_subset_is_the_best_of_every_fitting_subset() -> None:
    rng = np.random.default_rng(7)
    for _ in range(200):
        k = int(rng.integers(1, 7))
        usage = rng.integers(0, 3, size=(k, 3))
        left = rng.integers(0, 5, size=3)
        weight = rng.random(k)
        chosen = _best_subset(usage, left, weight)
        assert np.all(usage[chosen].sum(axis=0) <= left)
        best = max(
            (len(subset), round(float(weight[list(subset)].sum()), 9))
            for size in range(k + 1)
            for subset in itertools.combinations(range(k), size)
            if np.all(usage[list(subset)].sum(axis=0) <= left)
        )
        assert (int(chosen.sum()), round(float(weight[chosen].sum()), 9)) == best
