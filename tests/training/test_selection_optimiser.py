"""Overseas selection: every quota holds and no single swap improves the total merit."""

from __future__ import annotations

import itertools

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sentra.training.rules.selection import (
    Candidate,
    Quota,
    SelectionProblem,
    improving_swap,
    quota_violations,
    select,
    select_greedy,
)
from sentra.training.rules.synthetic import synthetic_call


def _brute_force(problem: SelectionProblem) -> int | None:
    best: int | None = None
    n = len(problem.candidates)
    for size in range(min(n, problem.places) + 1):
        for subset in itertools.combinations(range(n), size):
            keys = [problem.candidates[i].key for i in subset]
            if quota_violations(problem, keys):
                continue
            total = sum(problem.candidates[i].points for i in subset)
            best = total if best is None or total > best else best
    return best


@st.composite
def problems(draw: st.DrawFn, max_candidates: int = 12) -> SelectionProblem:
    n = draw(st.integers(min_value=1, max_value=max_candidates))
    candidates = tuple(
        Candidate(
            key=f"c{i:02d}",
            points=draw(st.integers(min_value=0, max_value=10_000)),
            attributes={
                "centre": draw(st.sampled_from(["A", "B", "C"])),
                "region": draw(st.sampled_from(["31", "32"])),
                "gender": draw(st.sampled_from(["F", "M"])),
            },
        )
        for i in range(n)
    )
    quotas = [
        Quota("centre", None, 0, draw(st.integers(min_value=1, max_value=3))),
        Quota("region", "31", 0, draw(st.integers(min_value=1, max_value=4))),
        Quota("gender", "F", draw(st.integers(min_value=0, max_value=2)), None),
        Quota("gender", "M", draw(st.integers(min_value=0, max_value=2)), None),
    ]
    return SelectionProblem(
        places=draw(st.integers(min_value=1, max_value=6)), candidates=candidates, quotas=tuple(quotas)
    )


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(problems())
def test_result_meets_quotas_and_no_swap_improves(problem: SelectionProblem) -> None:
    result = select(problem)
    if result.status == "infeasible":
        assert _brute_force(problem) is None
        assert result.problems
        return
    assert quota_violations(problem, result.selected) == []
    assert improving_swap(problem, result.selected) is None
    assert result.lp_bound >= result.objective - 1e-6


@settings(max_examples=40, deadline=None)
@given(problems(max_candidates=9))
def test_matches_brute_force_on_tiny_instances(problem: SelectionProblem) -> None:
    result = select(problem)
    best = _brute_force(problem)
    if best is None:
        assert result.status == "infeasible"
    else:
        assert result.status == "optimal"
        assert result.objective == best


def test_a_full_centre_lets_a_lower_score_through_with_reasons() -> None:
    problem = SelectionProblem(
        places=2,
        candidates=(
            Candidate("ana", 9000, {"centre": "bekasi", "gender": "F"}),
            Candidate("budi", 8000, {"centre": "bekasi", "gender": "M"}),
            Candidate("citra", 5000, {"centre": "handayani", "gender": "F"}),
        ),
        quotas=(Quota("centre", None, 0, 1),),
    )
    result = select(problem)
    assert result.selected == ("ana", "citra")
    assert result.ranking == ("ana", "budi", "citra")
    assert result.explanations["budi"].code == "quota_maximum"
    assert result.explanations["budi"].group == "centre=bekasi"
    assert result.explanations["ana"].code == "merit"


def test_a_gender_minimum_is_met_and_explained() -> None:
    problem = SelectionProblem(
        places=2,
        candidates=(
            Candidate("a", 9000, {"gender": "M"}),
            Candidate("b", 8500, {"gender": "M"}),
            Candidate("c", 4000, {"gender": "F"}),
        ),
        quotas=(Quota("gender", "F", 1, None),),
    )
    result = select(problem)
    assert result.selected == ("a", "c")
    assert result.explanations["c"].code == "quota_minimum"
    assert result.explanations["b"].code == "places"


def test_impossible_minimum_is_reported_as_infeasible_naming_the_group() -> None:
    problem = SelectionProblem(
        places=3,
        candidates=(Candidate("a", 100, {"gender": "M"}),),
        quotas=(Quota("gender", "F", 1, None),),
    )
    result = select(problem)
    assert result.status == "infeasible"
    assert result.selected == ()
    assert any("gender=F" in line for line in result.problems)


def test_greedy_breaks_minimums_the_optimiser_meets() -> None:
    problem = synthetic_call(applicants=600, places=40, seed=3)
    greedy = select_greedy(problem)
    result = select(problem)
    assert quota_violations(problem, result.selected) == []
    assert quota_violations(problem, greedy) != []
    assert result.gap <= 1e-6
    assert len(result.selected) <= 40
