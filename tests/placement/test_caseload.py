"""Case-manager assignment: known optima, every hard rule, the independent checker, and the exact
solver against brute force on random small centres."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sentra.placement.rules.caseload import (
    CASE_MANAGER_ROLE,
    SIGN_LANGUAGE,
    Case,
    CaseloadProblem,
    CaseloadWeights,
    StaffMember,
    assign_caseload,
    assign_caseload_greedy,
    check_caseload,
    evaluate,
    load_marginal,
    synthetic_caseload,
)


def manager(identifier: str, cap: int = 10, **extra: object) -> StaffMember:
    fields: dict[str, object] = {"certified": True, "str_valid": True, "clusters": frozenset({"anak"})}
    fields.update(extra)
    return StaffMember(id=identifier, profession=CASE_MANAGER_ROLE, max_cases=cap, **fields)  # type: ignore[arg-type]


def managers_of(result) -> dict[str, str | None]:
    return {case: roles[CASE_MANAGER_ROLE] for case, roles in result.assignments.items()}


def test_competence_decides_when_load_is_equal() -> None:
    problem = CaseloadProblem(
        staff=(
            manager("anak", clusters=frozenset({"anak"})),
            manager("lansia", clusters=frozenset({"lansia"})),
        ),
        cases=(Case(id="k1", cluster="lansia"), Case(id="k2", cluster="anak")),
    )
    result = assign_caseload(problem)
    assert managers_of(result) == {"k1": "lansia", "k2": "anak"}
    assert result.breakdown["mismatch"] == 0
    # each holds one case of ten: (20 * (2*1 - 1)) // 10 = 2 each
    assert result.objective == 4
    assert check_caseload(problem, result.assignments) == []


def test_credentials_are_required_for_case_managers() -> None:
    problem = CaseloadProblem(
        staff=(
            manager("no-str", str_valid=False),
            manager("uncertified", certified=False),
            manager("ok", clusters=frozenset({"lansia"})),
        ),
        cases=(Case(id="k1", cluster="anak"),),
    )
    result = assign_caseload(problem)
    assert managers_of(result) == {"k1": "ok"}  # despite the cluster mismatch
    alone = CaseloadProblem(staff=problem.staff[:2], cases=problem.cases)
    empty = assign_caseload(alone)
    assert managers_of(empty) == {"k1": None}
    assert empty.unassigned == [("k1", CASE_MANAGER_ROLE, "no certified pekerja sosial with a valid STR")]


def test_sign_language_is_a_hard_requirement() -> None:
    problem = CaseloadProblem(
        staff=(
            manager("speaks", languages=frozenset({SIGN_LANGUAGE}), clusters=frozenset()),
            manager("other"),
        ),
        cases=(Case(id="deaf", cluster="anak", language=SIGN_LANGUAGE), Case(id="k2", cluster="anak")),
    )
    result = assign_caseload(problem)
    assert managers_of(result) == {"deaf": "speaks", "k2": "other"}
    nobody = assign_caseload(CaseloadProblem(staff=(manager("other"),), cases=problem.cases[:1]))
    assert nobody.unassigned == [("deaf", CASE_MANAGER_ROLE, f"nobody in the role speaks {SIGN_LANGUAGE}")]


def test_continuity_keeps_an_existing_relationship() -> None:
    problem = CaseloadProblem(
        staff=(manager("new"), manager("known", clusters=frozenset({"lansia"}))),
        cases=(Case(id="k1", cluster="anak", previous_staff=("known",)),),
    )
    # mismatch 40 with "known" is cheaper than the continuity break of 100 with "new".
    assert managers_of(assign_caseload(problem)) == {"k1": "known"}
    cheap = CaseloadProblem(
        staff=problem.staff, cases=problem.cases, weights=CaseloadWeights(continuity_break=10)
    )
    assert managers_of(assign_caseload(cheap)) == {"k1": "new"}


def test_nested_complexity_caps() -> None:
    problem = CaseloadProblem(
        staff=(
            manager("a", cap=3, max_complex=1, max_high=1),
            manager("b", cap=3, max_complex=2, max_high=0),
        ),
        cases=(
            Case(id="h1", cluster="anak", complexity=3),
            Case(id="h2", cluster="anak", complexity=3),
            Case(id="m1", cluster="anak", complexity=2),
            Case(id="m2", cluster="anak", complexity=2),
        ),
    )
    result = assign_caseload(problem)
    assert managers_of(result) == {"h1": "a", "h2": None, "m1": "b", "m2": "b"} or managers_of(result) == {
        "h1": None,
        "h2": "a",
        "m1": "b",
        "m2": "b",
    }
    assert check_caseload(problem, result.assignments) == []


def test_other_professionals_are_assigned_per_role() -> None:
    psych = StaffMember(
        id="psi", profession="psikolog", max_cases=5, services=frozenset({"terapi_psikososial"})
    )
    problem = CaseloadProblem(
        staff=(manager("m"), psych),
        cases=(Case(id="k1", cluster="anak", needs=("terapi_psikososial",), professions=("psikolog",)),),
    )
    result = assign_caseload(problem)
    assert result.assignments == {"k1": {CASE_MANAGER_ROLE: "m", "psikolog": "psi"}}
    assert check_caseload(problem, result.assignments) == []


def test_load_is_spread_in_proportion_to_caps() -> None:
    problem = CaseloadProblem(
        staff=(manager("big", cap=20), manager("small", cap=10)),
        cases=tuple(Case(id=f"k{i}", cluster="anak") for i in range(9)),
    )
    result = assign_caseload(problem)
    counts = {name: list(managers_of(result).values()).count(name) for name in ("big", "small")}
    assert counts == {"big": 6, "small": 3}
    assert load_marginal(20, 1, 10) == 2
    assert load_marginal(20, 10, 10) == 38


def test_the_checker_catches_every_rule() -> None:
    problem = CaseloadProblem(
        staff=(manager("m", cap=1, max_complex=0), manager("bad", certified=False)),
        cases=(
            Case(id="k1", cluster="anak", complexity=2, language=SIGN_LANGUAGE),
            Case(id="k2", cluster="anak"),
        ),
    )
    violations = check_caseload(
        problem, {"k1": {CASE_MANAGER_ROLE: "m", "psikolog": "m"}, "k2": {CASE_MANAGER_ROLE: "bad"}, "x": {}}
    )
    text = "\n".join(violations)
    assert "x: not a case" in text
    assert "k1: role psikolog is not needed" in text
    assert f"k1: m does not speak {SIGN_LANGUAGE}" in text
    assert "k2: case manager bad lacks certification or a valid STR" in text
    assert "m: complex cases above the cap 0" in text


def test_exact_beats_greedy_on_a_synthetic_centre() -> None:
    problem = synthetic_caseload(cases=400, staff=20, seed=3)
    exact = assign_caseload(problem)
    greedy = assign_caseload_greedy(problem)
    assert check_caseload(problem, exact.assignments) == []
    assert check_caseload(problem, greedy.assignments) == []
    assert exact.objective <= greedy.objective
    assert exact.objective == evaluate(problem, exact.assignments)["total"]


# --- exactness against brute force ----------------------------------------------------------------------


@st.composite
def small_centres(draw: st.DrawFn) -> CaseloadProblem:
    clusters = ["anak", "lansia"]
    staff = []
    for k in range(draw(st.integers(1, 3))):
        cap = draw(st.integers(0, 3))
        staff.append(
            StaffMember(
                id=f"S{k}",
                profession=draw(st.sampled_from([CASE_MANAGER_ROLE, CASE_MANAGER_ROLE, "psikolog"])),
                max_cases=cap,
                max_complex=draw(st.integers(0, cap)),
                max_high=draw(st.integers(0, cap)),
                current_cases=draw(st.integers(0, cap)),
                certified=draw(st.booleans()),
                str_valid=True,
                clusters=frozenset(draw(st.lists(st.sampled_from(clusters), max_size=2))),
                services=frozenset(draw(st.lists(st.sampled_from(["a", "b"]), max_size=2))),
                languages=frozenset(draw(st.lists(st.just(SIGN_LANGUAGE), max_size=1))),
            )
        )
    cases = []
    for i in range(draw(st.integers(0, 4))):
        cases.append(
            Case(
                id=f"K{i}",
                cluster=draw(st.sampled_from(clusters)),
                needs=tuple(draw(st.lists(st.sampled_from(["a", "b"]), max_size=2, unique=True))),
                complexity=draw(st.integers(1, 3)),
                language=draw(st.sampled_from([None, None, SIGN_LANGUAGE])),
                previous_staff=tuple(draw(st.lists(st.sampled_from([s.id for s in staff]), max_size=1))),
                professions=tuple(draw(st.lists(st.just("psikolog"), max_size=1))),
            )
        )
    return CaseloadProblem(staff=tuple(staff), cases=tuple(cases))


def brute_force(problem: CaseloadProblem) -> int:
    slots = [(case.id, role) for case in problem.cases for role in case.roles]
    options: list[str | None] = [None, *(member.id for member in problem.staff)]
    best: int | None = None
    for choice in itertools.product(options, repeat=len(slots)):
        assignments: dict[str, dict[str, str | None]] = {case.id: {} for case in problem.cases}
        for (case_id, role), staff_id in zip(slots, choice, strict=True):
            assignments[case_id][role] = staff_id
        if check_caseload(problem, assignments):
            continue
        total = evaluate(problem, assignments)["total"]
        best = total if best is None else min(best, total)
    assert best is not None
    return best


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(small_centres())
def test_the_flow_is_exact(problem: CaseloadProblem) -> None:
    result = assign_caseload(problem)
    assert check_caseload(problem, result.assignments) == []
    assert result.objective == brute_force(problem)
    greedy = assign_caseload_greedy(problem)
    assert check_caseload(problem, greedy.assignments) == []
    assert result.objective <= greedy.objective


@pytest.mark.parametrize("seed", [0, 1])
def test_synthetic_centres_are_deterministic(seed: int) -> None:
    assert synthetic_caseload(cases=50, staff=8, seed=seed) == synthetic_caseload(
        cases=50, staff=8, seed=seed
    )
