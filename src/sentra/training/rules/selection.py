"""Overseas-study selection: maximise total merit within the places and the ministry's quotas.

The model is a 0-1 programme: one boolean per eligible applicant, ``sum x <= places``, and for each
quota group (applicants sharing a region, centre, cluster or gender) ``minimum <= sum x <= maximum``.
CP-SAT solves it (exact on the integer merit points); HiGHS solves the LP relaxation of the same model
for the bound that the result is reported against. After the solver a swap check confirms that no
single exchange of a selected and an unselected applicant keeps every quota and raises the total —
which holds at any optimum, and is repaired by local search if the solver stopped at its time limit.
"""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

import highspy
import numpy as np
from ortools.sat.python import cp_model

from sentra.placement.rules.lp import quiet_highs

Status = Literal["optimal", "feasible", "infeasible"]


@dataclass(frozen=True)
class Candidate:
    key: str
    points: int  # merit in hundredths (``Merit.points``)
    attributes: Mapping[str, str]  # e.g. {"region": "32", "centre": "7", "cluster": "elderly", "gender": "F"}


@dataclass(frozen=True)
class Quota:
    """``value=None`` applies the bounds to each value of the attribute separately (e.g. at most
    two per centre); otherwise only to applicants whose attribute equals ``value``."""

    attribute: str
    value: str | None = None
    minimum: int = 0
    maximum: int | None = None

    def label(self) -> str:
        target = f"{self.attribute}={self.value}" if self.value is not None else f"each {self.attribute}"
        upper = "" if self.maximum is None else f" <= {self.maximum}"
        lower = "" if not self.minimum else f" >= {self.minimum}"
        return f"{target}{lower}{upper}"


@dataclass(frozen=True)
class Group:
    attribute: str
    value: str
    minimum: int
    maximum: int | None
    members: tuple[int, ...]  # candidate indices

    def label(self) -> str:
        return f"{self.attribute}={self.value}"


@dataclass(frozen=True)
class SelectionProblem:
    places: int
    candidates: tuple[Candidate, ...]
    quotas: tuple[Quota, ...] = ()

    def groups(self) -> list[Group]:
        """Quotas expanded to one group per attribute value; tighter bounds win when quotas overlap."""
        bounds: dict[tuple[str, str], tuple[int, int | None]] = {}
        for quota in self.quotas:
            values = (
                {quota.value}
                if quota.value is not None
                else {c.attributes.get(quota.attribute, "") for c in self.candidates}
            )
            for value in values:
                low, high = bounds.get((quota.attribute, value), (0, None))
                low = max(low, quota.minimum)
                if quota.maximum is not None:
                    high = quota.maximum if high is None else min(high, quota.maximum)
                bounds[(quota.attribute, value)] = (low, high)
        members: dict[tuple[str, str], list[int]] = {key: [] for key in bounds}
        for index, candidate in enumerate(self.candidates):
            for attribute, value in candidate.attributes.items():
                if (attribute, value) in members:
                    members[(attribute, value)].append(index)
        return [
            Group(attribute, value, low, high, tuple(members[(attribute, value)]))
            for (attribute, value), (low, high) in sorted(bounds.items())
        ]


@dataclass(frozen=True)
class Explanation:
    """Why an applicant is in or out: ``merit`` (rank alone decides), ``quota_maximum`` (a better
    applicant left out because a group is full), ``quota_minimum`` (chosen to meet a group's minimum),
    ``places`` (below the cut-off)."""

    code: str
    group: str = ""


@dataclass
class SelectionResult:
    status: Status
    selected: tuple[str, ...]
    objective: int  # total merit points of the selection
    lp_bound: float
    gap: float  # (bound - objective) / bound; 0 when proven optimal on an integral bound
    seconds: float
    ranking: tuple[str, ...]  # every candidate, best merit first (ties by key)
    explanations: dict[str, Explanation] = field(default_factory=dict)
    problems: tuple[str, ...] = ()  # why it is infeasible, naming the quotas


def quota_violations(problem: SelectionProblem, selected: Sequence[str]) -> list[str]:
    chosen = set(selected)
    index_of = {c.key: i for i, c in enumerate(problem.candidates)}
    picked = {index_of[key] for key in chosen}
    violations = []
    if len(picked) > problem.places:
        violations.append(f"places: {len(picked)} > {problem.places}")
    for group in problem.groups():
        count = sum(1 for m in group.members if m in picked)
        if count < group.minimum or (group.maximum is not None and count > group.maximum):
            violations.append(f"{group.label()}: {count} outside [{group.minimum}, {group.maximum}]")
    return violations


def _counts(problem: SelectionProblem, groups: list[Group], picked: set[int]) -> list[int]:
    return [sum(1 for m in g.members if m in picked) for g in groups]


def improving_swap(problem: SelectionProblem, selected: Sequence[str]) -> tuple[str, str] | None:
    """A (selected, unselected) pair whose exchange keeps every quota and raises the total, if any;
    also an unselected candidate that could simply be added (a free place and no maximum in the way)."""
    groups = problem.groups()
    index_of = {c.key: i for i, c in enumerate(problem.candidates)}
    picked = {index_of[key] for key in selected}
    counts = _counts(problem, groups, picked)
    groups_of: dict[int, set[int]] = {i: set() for i in range(len(problem.candidates))}
    for g_index, group in enumerate(groups):
        for member in group.members:
            groups_of[member].add(g_index)
    candidates = problem.candidates
    unpicked = [j for j in range(len(candidates)) if j not in picked]
    if len(picked) < problem.places:
        for j in unpicked:
            if candidates[j].points > 0 and all(
                groups[g].maximum is None or counts[g] < (groups[g].maximum or 0) for g in groups_of[j]
            ):
                return ("", candidates[j].key)
    for i in sorted(picked):
        for j in unpicked:
            if candidates[j].points <= candidates[i].points:
                continue
            leaving = groups_of[i] - groups_of[j]
            joining = groups_of[j] - groups_of[i]
            if all(counts[g] - 1 >= groups[g].minimum for g in leaving) and all(
                groups[g].maximum is None or counts[g] + 1 <= (groups[g].maximum or 0) for g in joining
            ):
                return (candidates[i].key, candidates[j].key)
    return None


def select_greedy(problem: SelectionProblem) -> tuple[str, ...]:
    """The baseline a committee would do by hand: merit order, skipping anyone whose group is full.
    It ignores minimums, so its result may break them."""
    groups = problem.groups()
    groups_of: dict[int, list[int]] = {}
    for g_index, group in enumerate(groups):
        if group.maximum is None:
            continue
        for member in group.members:
            groups_of.setdefault(member, []).append(g_index)
    counts = [0] * len(groups)
    chosen: list[str] = []
    for index in _ranking_indices(problem):
        if len(chosen) >= problem.places:
            break
        if any(counts[g] >= (groups[g].maximum or 0) for g in groups_of.get(index, ())):
            continue
        for g in groups_of.get(index, ()):
            counts[g] += 1
        chosen.append(problem.candidates[index].key)
    return tuple(chosen)


def _ranking_indices(problem: SelectionProblem) -> list[int]:
    return sorted(
        range(len(problem.candidates)),
        key=lambda i: (-problem.candidates[i].points, problem.candidates[i].key),
    )


def _lp_bound(problem: SelectionProblem, groups: list[Group]) -> tuple[float, bool]:
    """The LP relaxation's optimum (an upper bound on total merit) and whether the LP is feasible."""
    n = len(problem.candidates)
    # No "threads" option: HiGHS keeps one scheduler per process, and once another solve (placement)
    # has started it, asking for a different thread count makes run() fail without solving.
    h = quiet_highs()
    inf = highspy.kHighsInf
    costs = np.array([-float(c.points) for c in problem.candidates])
    h.addVars(n, np.zeros(n), np.ones(n))
    h.changeColsCost(n, np.arange(n, dtype=np.int32), costs)
    h.addRow(-inf, float(problem.places), n, np.arange(n, dtype=np.int32), np.ones(n))
    for group in groups:
        if not group.members:
            if group.minimum > 0:
                return 0.0, False
            continue
        index = np.array(group.members, dtype=np.int32)
        upper = inf if group.maximum is None else float(group.maximum)
        h.addRow(float(group.minimum), upper, len(index), index, np.ones(len(index)))
    h.run()
    if h.getModelStatus() != highspy.HighsModelStatus.kOptimal:
        return 0.0, False
    return -float(h.getInfo().objective_function_value), True


def _diagnose(problem: SelectionProblem, groups: list[Group]) -> tuple[str, ...]:
    problems = [
        f"{g.label()}: minimum {g.minimum} but only {len(g.members)} eligible"
        for g in groups
        if len(g.members) < g.minimum
    ]
    problems += [
        f"{g.label()}: minimum {g.minimum} above maximum {g.maximum}"
        for g in groups
        if g.maximum is not None and g.minimum > g.maximum
    ]
    by_attribute: dict[str, int] = {}
    for g in groups:
        by_attribute[g.attribute] = by_attribute.get(g.attribute, 0) + g.minimum
    problems += [
        f"{attribute}: minimums add up to {total}, more than {problem.places} places"
        for attribute, total in sorted(by_attribute.items())
        if total > problem.places
    ]
    return tuple(problems) or ("the quotas cannot all be met together",)


def _repair_by_swaps(problem: SelectionProblem, selected: list[str]) -> list[str]:
    """Local search after a time-limited solve: apply improving swaps until none is left."""
    while (swap := improving_swap(problem, selected)) is not None:
        leaving, joining = swap
        if leaving:
            selected.remove(leaving)
        selected.append(joining)
    return selected


def _explain(problem: SelectionProblem, groups: list[Group], selected: set[str]) -> dict[str, Explanation]:
    index_of = {c.key: i for i, c in enumerate(problem.candidates)}
    picked = {index_of[k] for k in selected}
    counts = _counts(problem, groups, picked)
    groups_of: dict[int, list[int]] = {}
    for g_index, group in enumerate(groups):
        for member in group.members:
            groups_of.setdefault(member, []).append(g_index)
    lowest_selected = min((problem.candidates[i].points for i in picked), default=0)
    highest_left = max((c.points for i, c in enumerate(problem.candidates) if i not in picked), default=-1)
    explanations: dict[str, Explanation] = {}
    for index, candidate in enumerate(problem.candidates):
        own = groups_of.get(index, [])
        if index in picked:
            at_minimum = [g for g in own if groups[g].minimum and counts[g] == groups[g].minimum]
            if candidate.points < highest_left and at_minimum:
                explanations[candidate.key] = Explanation("quota_minimum", groups[at_minimum[0]].label())
            else:
                explanations[candidate.key] = Explanation("merit")
        else:
            full = [g for g in own if groups[g].maximum is not None and counts[g] >= (groups[g].maximum or 0)]
            if candidate.points >= lowest_selected and full:
                explanations[candidate.key] = Explanation("quota_maximum", groups[full[0]].label())
            else:
                explanations[candidate.key] = Explanation("places")
    return explanations


def select(problem: SelectionProblem, *, time_limit: float = 8.0, workers: int = 1) -> SelectionResult:
    started = time.perf_counter()
    if problem.places < 0:
        raise ValueError("places must not be negative")
    groups = problem.groups()
    ranking = tuple(problem.candidates[i].key for i in _ranking_indices(problem))
    bound, lp_feasible = _lp_bound(problem, groups)
    if not lp_feasible:
        return SelectionResult(
            "infeasible",
            (),
            0,
            0.0,
            0.0,
            time.perf_counter() - started,
            ranking,
            problems=_diagnose(problem, groups),
        )
    model = cp_model.CpModel()
    xs = [model.new_bool_var(f"x{i}") for i in range(len(problem.candidates))]
    model.add(sum(xs) <= problem.places)
    for group in groups:
        total = sum(xs[m] for m in group.members)
        if group.minimum:
            model.add(total >= group.minimum)
        if group.maximum is not None:
            model.add(total <= group.maximum)
    model.maximize(sum(c.points * x for c, x in zip(problem.candidates, xs, strict=True)))
    greedy = set(select_greedy(problem))
    for candidate, x in zip(problem.candidates, xs, strict=True):
        model.add_hint(x, candidate.key in greedy)
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = time_limit
    solver.parameters.num_workers = workers
    solver.parameters.random_seed = 1
    code = solver.solve(model)
    if code not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return SelectionResult(
            "infeasible",
            (),
            0,
            bound,
            0.0,
            time.perf_counter() - started,
            ranking,
            problems=_diagnose(problem, groups),
        )
    chosen = [c.key for c, x in zip(problem.candidates, xs, strict=True) if solver.value(x)]
    status: Status = "optimal" if code == cp_model.OPTIMAL else "feasible"
    if status == "feasible":
        chosen = _repair_by_swaps(problem, chosen)
    points = {c.key: c.points for c in problem.candidates}
    objective = sum(points[k] for k in chosen)
    order = {key: position for position, key in enumerate(ranking)}
    chosen.sort(key=order.__getitem__)
    gap = (bound - objective) / bound if bound > 0 else 0.0
    return SelectionResult(
        status=status,
        selected=tuple(chosen),
        objective=objective,
        lp_bound=bound,
        gap=max(0.0, gap),
        seconds=time.perf_counter() - started,
        ranking=ranking,
        explanations=_explain(problem, groups, set(chosen)),
    )
