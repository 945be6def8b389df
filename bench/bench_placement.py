"""Placement and caseload optimisation on synthetic national instances (issue 8 targets).

Each case runs in its own subprocess (so the peak RSS is that case's alone), the optimiser and the
greedy coordinator separately; the instance is generated inside the subprocess before the clock
starts (it counts towards the peak memory, since a real run holds it too). Every line prints the
optimiser's wall time, peak RSS, gap to its own lower bound, improvement over greedy (objective,
mean travel, people placed, urgent unplaced), the urgent-people check, and the ratio of the
optimiser's time to greedy's time in the same run.

``BENCH_PLACEMENT_CASES`` picks cases: a comma list of names, ``small`` (quick ones) or ``all``
(default). Names: ``exact_2k``, ``small_100k``, ``national_1m_31``, ``partners_100k_5031``,
``partners_1m_5031``, ``caseload_2k_60``.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench.harness import Result

ROOT = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class Case:
    name: str
    people: int
    sites: int
    method: str
    gap: float | None  # target relative gap
    seconds: float | None  # target wall time
    memory_gb: float | None  # target peak RSS
    seed: int = 1


CASES = {
    case.name: case
    for case in (
        Case("exact_2k", 2_000, 31, "exact", 1e-9, None, None),
        Case("small_100k", 100_000, 31, "two_level", 1e-3, None, None),
        Case("national_1m_31", 1_000_000, 31, "two_level", 1e-4, 30.0, 2.0),
        Case("partners_100k_5031", 100_000, 5_031, "two_level", 1e-3, 60.0, 4.0),
        Case("partners_1m_5031", 1_000_000, 5_031, "two_level", 1e-3, 120.0, 4.0),
    )
}
CASELOAD = "caseload_2k_60"
SMALL = ("small_100k", CASELOAD)


def _peak_gb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 / 1024  # KiB on Linux


def _worker(name: str, method: str) -> dict[str, Any]:
    from sentra.placement.rules import check_solution, place, place_greedy, urgent_left_out
    from sentra.placement.rules.synthetic import synthetic_instance

    case = CASES[name]
    instance = synthetic_instance(people=case.people, sites=case.sites, seed=case.seed)
    started = time.perf_counter()
    if method == "greedy":
        result = place_greedy(instance)
    else:
        result = place(instance, method=case.method, compare_with_greedy=False)  # type: ignore[arg-type]
    assignments = result.assignments
    seconds = time.perf_counter() - started
    peak = _peak_gb()
    report = check_solution(instance, assignments)
    return {
        "seconds": seconds,
        "peak_gb": peak,
        "objective": result.objective,
        "lower_bound": result.lower_bound,
        "gap": result.gap,
        "status": result.status,
        "distance": result.total_distance_km,
        "placed": result.placed,
        "urgent_unplaced": result.urgent_unplaced,
        "urgent_left_out": len(urgent_left_out(instance, assignments)),
        "valid": report.ok,
        "checked_objective": report.objective,
        "stats": result.stats,
    }


def _caseload_worker() -> dict[str, Any]:
    from bench.harness import per_call_seconds
    from sentra.placement.rules.caseload import (
        assign_caseload,
        assign_caseload_greedy,
        check_caseload,
        synthetic_caseload,
    )

    problem = synthetic_caseload(cases=2_000, staff=60, seed=1)
    exact = assign_caseload(problem)
    greedy = assign_caseload_greedy(problem)
    return {
        "seconds": per_call_seconds(lambda: assign_caseload(problem), repeat=3, rounds=3),
        "greedy_seconds": per_call_seconds(lambda: assign_caseload_greedy(problem), repeat=3, rounds=3),
        "peak_gb": _peak_gb(),
        "objective": exact.objective,
        "greedy_objective": greedy.objective,
        "breakdown": exact.breakdown,
        "greedy_breakdown": greedy.breakdown,
        "valid": not check_caseload(problem, exact.assignments)
        and not check_caseload(problem, greedy.assignments),
    }


def _run(*args: str) -> dict[str, Any]:
    completed = subprocess.run(
        [sys.executable, "-m", "bench.bench_placement", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    if completed.returncode != 0:
        raise RuntimeError(f"bench case {args} failed:\n{completed.stderr[-2000:]}")
    result: dict[str, Any] = json.loads(completed.stdout.strip().splitlines()[-1])
    return result


def _verdict(ok: bool) -> str:
    return "met" if ok else "MISSED"


def _placement_result(case: Case) -> Result:
    optimised = _run(case.name, "optimise")
    greedy = _run(case.name, "greedy")
    gain = 100 * (greedy["objective"] - optimised["objective"]) / greedy["objective"]
    mean_o = optimised["distance"] / max(1, optimised["placed"])
    mean_g = greedy["distance"] / max(1, greedy["placed"])
    targets = []
    if case.gap is not None:
        targets.append(f"gap ≤ {case.gap:.2%} {_verdict(optimised['gap'] <= case.gap)}")
    if case.seconds is not None:
        targets.append(f"≤ {case.seconds:.0f} s {_verdict(optimised['seconds'] <= case.seconds)}")
    if case.memory_gb is not None:
        targets.append(f"≤ {case.memory_gb:.0f} GB {_verdict(optimised['peak_gb'] <= case.memory_gb)}")
    urgent_ok = optimised["urgent_left_out"] == 0
    targets.append(f"no urgent person left out while a place exists {_verdict(urgent_ok)}")
    figure = (
        f"{optimised['seconds']:.1f} s, peak {optimised['peak_gb']:.2f} GB, {optimised['status']}, "
        f"gap {optimised['gap']:.4%} to bound {optimised['lower_bound']:,.0f}; "
        f"vs greedy: objective {gain:.2f}% better, mean travel {mean_g:.1f} → {mean_o:.1f} km, "
        f"{optimised['placed'] - greedy['placed']:+,d} placed, urgent unplaced {greedy['urgent_unplaced']} → "
        f"{optimised['urgent_unplaced']}; valid {optimised['valid'] and greedy['valid']}; "
        + "; ".join(targets)
    )
    return Result(
        name=f"placement {case.name} ({case.people:,} people x {case.sites:,} sites, {case.method})",
        figure=figure,
        baseline=(
            f"greedy {greedy['seconds']:.1f} s, peak {greedy['peak_gb']:.2f} GB, "
            f"gap {greedy['gap']:.2%} (capacity-free bound)"
        ),
        ratio=optimised["seconds"] / max(greedy["seconds"], 1e-9),
    )


def _caseload_result() -> Result:
    data = _run(CASELOAD, "caseload")
    worse = 100 * (data["greedy_objective"] - data["objective"]) / max(1, data["objective"])
    figure = (
        f"{data['seconds'] * 1000:.0f} ms exact (min-cost flow), cost {data['objective']:,} "
        f"(mismatch {data['breakdown']['mismatch']:,}, load {data['breakdown']['load']:,}, "
        f"unassigned {data['breakdown']['unassigned']:,}); greedy {worse:.1f}% worse; valid {data['valid']}; "
        f"≤ 0.5 s {_verdict(data['seconds'] <= 0.5)}"
    )
    return Result(
        name="caseload 2,000 cases x 60 staff",
        figure=figure,
        baseline=f"greedy {data['greedy_seconds'] * 1000:.0f} ms, cost {data['greedy_objective']:,}",
        ratio=data["seconds"] / max(data["greedy_seconds"], 1e-9),
    )


def selected() -> list[str]:
    choice = os.environ.get("BENCH_PLACEMENT_CASES", "all").strip()
    if choice == "all":
        return [*CASES, CASELOAD]
    if choice == "small":
        return list(SMALL)
    names = [item.strip() for item in choice.split(",") if item.strip()]
    unknown = [name for name in names if name not in CASES and name != CASELOAD]
    if unknown:
        raise ValueError(f"unknown BENCH_PLACEMENT_CASES: {', '.join(unknown)}")
    return names


def run() -> list[Result]:
    results = []
    for name in selected():  # sequential: one heavy process at a time
        results.append(_caseload_result() if name == CASELOAD else _placement_result(CASES[name]))
    return results


if __name__ == "__main__":
    case_name, what = sys.argv[1], sys.argv[2]
    output = _caseload_worker() if what == "caseload" else _worker(case_name, what)
    print(json.dumps(output, default=float))
