"""Synthetic overseas-study calls for the benchmark and the property tests."""

from __future__ import annotations

import random

from sentra.training.rules.selection import Candidate, Quota, SelectionProblem

CLUSTERS = ("children", "elderly", "disability", "napza", "tuna_sosial", "disaster")


def synthetic_call(*, applicants: int, places: int, seed: int = 1) -> SelectionProblem:
    """A national call: 34 provinces, 31 centres, six clusters, two genders. Merit is skewed towards
    a few provinces, centres and clusters so that the quotas bind (otherwise greedy is already optimal).
    Quotas: at most 8 % of places per province (22 provinces hold the 31 centres), 5 % per centre,
    each cluster at least 8 %, each gender at least 40 %."""
    rng = random.Random(seed)  # noqa: S311 - synthetic data, not secrets
    provinces = [f"{code:02d}" for code in range(11, 45)]
    centres = [f"S{index:02d}" for index in range(1, 32)]
    hosts = rng.sample(provinces, 22)
    centre_province = {centre: rng.choice(hosts) for centre in centres}
    strong_centres = set(rng.sample(centres, 6))
    candidates = []
    for index in range(applicants):
        centre = rng.choice(centres)
        cluster = rng.choices(CLUSTERS, weights=(30, 25, 20, 10, 10, 5))[0]
        gender = rng.choices(("F", "M"), weights=(35, 65))[0]
        base = rng.gauss(55, 15) + (12 if centre in strong_centres else 0) + (6 if gender == "M" else 0)
        score = min(100.0, max(0.0, base + (5 if cluster in ("children", "elderly") else 0)))
        candidates.append(
            Candidate(
                key=f"A{index:05d}",
                points=round(score * 100),
                attributes={
                    "region": centre_province[centre],
                    "centre": centre,
                    "cluster": cluster,
                    "gender": gender,
                },
            )
        )
    quotas = [
        Quota("region", None, 0, max(1, round(places * 0.08))),
        Quota("centre", None, 0, max(1, round(places * 0.05))),
        *(Quota("cluster", cluster, round(places * 0.08), None) for cluster in CLUSTERS),
        Quota("gender", "F", round(places * 0.4), None),
        Quota("gender", "M", round(places * 0.4), None),
    ]
    return SelectionProblem(places=places, candidates=tuple(candidates), quotas=tuple(quotas))
