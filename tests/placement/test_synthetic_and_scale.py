"""The synthetic national generator as documented, and the scalable method on a national instance."""

from __future__ import annotations

from collections import Counter

import numpy as np
import pytest

from sentra.placement.rules import check_solution, place, place_greedy, urgent_left_out
from sentra.placement.rules.synthetic import SENTRA, SERVICE_PROFESSIONS, SERVICES, synthetic_instance


def test_the_generator_follows_its_description() -> None:
    problem = synthetic_instance(people=20_000, sites=531, seed=7)
    assert problem == synthetic_instance(people=20_000, sites=531, seed=7)
    sentra, partners = problem.centres[:31], problem.centres[31:]
    assert [c.id for c in sentra] == [code for code, *_ in SENTRA]
    assert len(partners) == 500
    assert all(3 <= len([s for s, v in c.capacity.items() if v > 0]) <= 7 for c in sentra)
    assert all(c.staff is not None and "pekerja_sosial" in c.staff for c in sentra)
    assert all(1 <= len(c.capacity) <= 3 and all(1 <= v <= 5 for v in c.capacity.values()) for c in partners)
    assert all(c.staff is None for c in partners)
    people = problem.beneficiaries
    assert Counter(len(p.needs) for p in people).keys() <= {1, 2, 3}
    assert len({p.needs for p in people}) <= 36
    assert all(set(p.needs) <= set(SERVICES) for p in people)
    urgency = np.bincount([p.urgency for p in people], minlength=6)[1:] / len(people)
    assert urgency == pytest.approx([0.25, 0.30, 0.25, 0.15, 0.05], abs=0.02)
    homes = {(p.lat, p.lon) for p in people}
    assert len(homes) <= 7_100  # kecamatan-like points shared by many people
    java = sum(1 for p in people if -8.8 <= p.lat <= -5.9 and 105.2 <= p.lon <= 114.6) / len(people)
    assert 0.45 < java < 0.7
    for service in SERVICES:
        demand = sum(1 for p in people if service in p.needs)
        capacity = sum(c.capacity.get(service, 0) for c in problem.centres)
        assert capacity == pytest.approx(0.8 * demand, rel=0.02, abs=31)
    assert dict(problem.service_professions) == SERVICE_PROFESSIONS


def test_policy_data_is_generated_on_request() -> None:
    problem = synthetic_instance(people=2_000, seed=2, children=0.2, families=0.1)
    assert problem.policy.children_in_province
    assert problem.policy.families_together
    children = [p for p in problem.beneficiaries if p.child]
    assert 0.15 < len(children) / 2_000 < 0.25
    assert all(p.province for p in children)
    families: dict[str, set[tuple[float, float]]] = {}
    for p in problem.beneficiaries:
        if p.family:
            families.setdefault(p.family, set()).add((p.lat, p.lon))
    assert families
    assert all(len(homes) == 1 for homes in families.values())


def test_the_scalable_method_on_a_national_instance() -> None:
    problem = synthetic_instance(people=30_000, sites=131, seed=11)
    result = place(problem, method="two_level")
    greedy = place_greedy(problem)
    report = check_solution(problem, result.assignments)
    assert report.ok, report.violations[:5]
    assert report.objective == pytest.approx(result.objective, rel=1e-9)
    assert result.lower_bound <= result.objective
    assert result.gap < 2e-3
    assert result.objective < greedy.objective
    assert result.urgent_unplaced == 0
    assert urgent_left_out(problem, result.assignments) == []
    assert result.improvement is not None
    assert result.improvement.objective_pct > 0


def test_policies_on_a_national_instance() -> None:
    problem = synthetic_instance(people=5_000, sites=81, seed=3, children=0.3, families=0.1)
    for method in ("two_level", "greedy"):
        result = place(problem, method=method)  # type: ignore[arg-type]
        assert check_solution(problem, result.assignments).ok
        assert result.lower_bound <= result.objective


def test_many_small_partners() -> None:
    # Above 200 centres the small ones get their places per class fixed and a flow-relaxation bound.
    problem = synthetic_instance(people=6_000, sites=431, seed=5)
    result = place(problem, method="two_level")
    report = check_solution(problem, result.assignments)
    assert report.ok, report.violations[:5]
    assert result.lower_bound <= result.objective
    assert result.objective < place_greedy(problem).objective
    assert urgent_left_out(problem, result.assignments) == []
