"""Knowledge-exchange pairing against brute force on small instances."""

from __future__ import annotations

import itertools

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from sentra.training.rules.pairing import (
    CentreProfile,
    PairingPolicy,
    candidate_pairings,
    distance_km,
    pair_centres,
    total_value,
    violations,
)


def _centre(
    key: str,
    lat: float,
    lon: float,
    strength: dict[str, float],
    need: dict[str, float],
    host: int = 1,
    visits: int = 1,
) -> CentreProfile:
    return CentreProfile(key, lat, lon, strength, need, host_capacity=host, max_visits=visits)


def test_distance_jakarta_to_surabaya() -> None:
    jakarta = _centre("j", -6.2, 106.8167, {}, {})
    surabaya = _centre("s", -7.2575, 112.7521, {}, {})
    assert 655 < distance_km(jakarta, surabaya) < 670


def test_weak_centre_is_paired_with_the_nearer_strong_one() -> None:
    weak = _centre("weak", -6.2, 106.8, {"elderly": 0.5}, {"elderly": 1.0})
    near = _centre("near", -6.3, 107.0, {"elderly": 3.5}, {})
    far = _centre("far", 3.6, 98.7, {"elderly": 3.6}, {})
    chosen = pair_centres([weak, near, far])
    assert [(p.host, p.visitor, p.competency) for p in chosen] == [("near", "weak", "elderly")]
    assert chosen[0].benefit == 3.0


def test_small_lead_or_no_need_gives_no_pairing() -> None:
    a = _centre("a", 0, 100, {"trauma": 2.5}, {"trauma": 0.0})
    b = _centre("b", 0, 101, {"trauma": 3.0}, {"trauma": 1.0})
    assert pair_centres([a, b], PairingPolicy(min_strength_gap=1.0)) == []


def _brute(centres: list[CentreProfile], policy: PairingPolicy) -> float:
    options = candidate_pairings(centres, policy)
    best = 0.0
    for size in range(len(options) + 1):
        for subset in itertools.combinations(options, size):
            if not violations(centres, list(subset)):
                best = max(best, total_value(list(subset)))
    return best


@st.composite
def networks(draw: st.DrawFn) -> list[CentreProfile]:
    competencies = ["elderly", "children"]
    count = draw(st.integers(min_value=2, max_value=4))
    level = st.sampled_from([0.0, 1.0, 2.0, 3.0, 4.0])
    return [
        CentreProfile(
            key=f"c{i}",
            latitude=draw(st.floats(min_value=-8, max_value=2)),
            longitude=draw(st.floats(min_value=100, max_value=120)),
            strength={c: draw(level) for c in competencies},
            need={c: draw(st.sampled_from([0.0, 0.5, 1.0])) for c in competencies},
            host_capacity=draw(st.integers(min_value=0, max_value=2)),
            max_visits=draw(st.integers(min_value=0, max_value=2)),
        )
        for i in range(count)
    ]


@settings(max_examples=40, deadline=None)
@given(networks())
def test_matches_brute_force(centres: list[CentreProfile]) -> None:
    policy = PairingPolicy(min_strength_gap=1.0, cost_per_1000_km=0.5)
    assume(len(candidate_pairings(centres, policy)) <= 10)
    chosen = pair_centres(centres, policy)
    assert violations(centres, chosen) == []
    assert abs(total_value(chosen) - _brute(centres, policy)) < 1e-6
