"""Case-manager (and professional) assignment within one centre, solved exactly as a min-cost flow.

Each new case needs one **case manager** (role ``pekerja_sosial``) and one professional of every other
profession its plan lists (``Case.professions``, e.g. ``psikolog``). Hard rules:

* **credentials**: a case manager is a pekerja sosial who is ``certified`` and holds a valid STR
  (``str_valid``); other roles need a staff member of that profession;
* **language**: a case with ``language`` set (e.g. ``"bisindo"`` for Indonesian sign language) goes
  only to staff who list that language;
* **caseload caps weighted by complexity** (1 light, 2 medium, 3 heavy), as nested caps: a staff member
  holds at most ``max_cases`` cases, of which at most ``max_complex`` of complexity 2 or more, of which
  at most ``max_high`` of complexity 3 (existing cases count: ``current_*``). Nested caps are what keep
  the model a network flow: a weighted knapsack cap per person would make it a generalised assignment
  problem, which no flow solves exactly.

The cost (integers, so the flow's optimum is the exact optimum of this cost):

* ``cluster_mismatch`` when the staff member's competences do not include the case's cluster, plus
  ``need_mismatch`` per need of the case outside their competences;
* ``continuity_break`` when the case had a relationship in this role (a staff member of the role's
  profession in ``previous_staff``) and gets someone else;
* **load imbalance**, convex: the L-th case of a staff member costs ``(load * (2L - 1)) // max_cases``
  and their C-th case of complexity 2+ another ``(complex_load * (2C - 1)) // max_complex``, i.e. about
  ``load * max_cases * utilisation²``, which spreads work in proportion to each person's caps;
* ``unassigned`` for a case left without someone in a role (no eligible staff member with room).

Roles are independent (every staff member has one profession), so the problem splits into one flow
per role: case → eligible staff (arc cost: mismatch + continuity) → the staff member's heavy / complex /
all tiers (nested capacities, complex and load ladders) → sink, plus case → sink at the unassigned cost.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
from ortools.graph.python import min_cost_flow  # type: ignore[import-untyped]

CASE_MANAGER_ROLE = "pekerja_sosial"
SIGN_LANGUAGE = "bisindo"


@dataclass(frozen=True, slots=True)
class StaffMember:
    id: str
    profession: str
    max_cases: int
    max_complex: int | None = None
    max_high: int | None = None
    current_cases: int = 0
    current_complex: int = 0
    current_high: int = 0
    certified: bool = False
    str_valid: bool = False
    clusters: frozenset[str] = frozenset()
    services: frozenset[str] = frozenset()
    languages: frozenset[str] = frozenset()

    @property
    def complex_cap(self) -> int:
        return self.max_cases if self.max_complex is None else min(self.max_complex, self.max_cases)

    @property
    def high_cap(self) -> int:
        return self.complex_cap if self.max_high is None else min(self.max_high, self.complex_cap)

    def qualifies_for(self, role: str) -> bool:
        if self.profession != role:
            return False
        return role != CASE_MANAGER_ROLE or (self.certified and self.str_valid)


@dataclass(frozen=True, slots=True)
class Case:
    id: str
    cluster: str
    needs: tuple[str, ...] = ()
    complexity: int = 1
    language: str | None = None
    previous_staff: tuple[str, ...] = ()
    professions: tuple[str, ...] = ()

    @property
    def roles(self) -> tuple[str, ...]:
        return (CASE_MANAGER_ROLE, *(p for p in self.professions if p != CASE_MANAGER_ROLE))


@dataclass(frozen=True, slots=True)
class CaseloadWeights:
    cluster_mismatch: int = 40
    need_mismatch: int = 10
    continuity_break: int = 100
    load: int = 20
    complex_load: int = 20
    unassigned: int = 10_000


@dataclass(frozen=True)
class CaseloadProblem:
    staff: Sequence[StaffMember]
    cases: Sequence[Case]
    weights: CaseloadWeights = field(default_factory=CaseloadWeights)


@dataclass
class CaseloadResult:
    method: str
    status: str
    assignments: dict[str, dict[str, str | None]]
    objective: int
    breakdown: dict[str, int]
    unassigned: list[tuple[str, str, str]]
    seconds: float

    def to_data(self) -> dict[str, object]:
        return {
            "method": self.method,
            "status": self.status,
            "objective": self.objective,
            "breakdown": self.breakdown,
            "assignments": self.assignments,
            "unassigned": [{"case": c, "role": r, "reason": why} for c, r, why in self.unassigned],
            "seconds": round(self.seconds, 4),
        }


# --- cost pieces shared by the solver, the greedy baseline and the evaluation -------------------------


def match_cost(case: Case, member: StaffMember, weights: CaseloadWeights) -> int:
    """Competence mismatch of giving ``case`` to ``member``."""
    cost = 0
    if case.cluster not in member.clusters:
        cost += weights.cluster_mismatch
    cost += weights.need_mismatch * sum(1 for need in case.needs if need not in member.services)
    return cost


def load_marginal(weight: int, count: int, cap: int) -> int:
    """Cost of a staff member's ``count``-th case against a cap (convex in ``count``)."""
    return (weight * (2 * count - 1)) // max(1, cap)


def _continuity_cost(
    case: Case,
    member: StaffMember,
    role: str,
    staff_by_id: Mapping[str, StaffMember],
    weights: CaseloadWeights,
) -> int:
    previous = [
        staff_by_id[s] for s in case.previous_staff if s in staff_by_id and staff_by_id[s].profession == role
    ]
    if previous and member.id not in case.previous_staff:
        return weights.continuity_break
    return 0


def evaluate(problem: CaseloadProblem, assignments: Mapping[str, Mapping[str, str | None]]) -> dict[str, int]:
    """The documented cost of an assignment, term by term (independent of how it was found)."""
    weights = problem.weights
    staff_by_id = {member.id: member for member in problem.staff}
    mismatch = continuity = unassigned = 0
    new_cases: Counter[str] = Counter()
    new_complex: Counter[str] = Counter()
    for case in problem.cases:
        for role in case.roles:
            staff_id = assignments.get(case.id, {}).get(role)
            if staff_id is None:
                unassigned += weights.unassigned
                continue
            member = staff_by_id[staff_id]
            mismatch += match_cost(case, member, weights)
            continuity += _continuity_cost(case, member, role, staff_by_id, weights)
            new_cases[staff_id] += 1
            if case.complexity >= 2:
                new_complex[staff_id] += 1
    load = 0
    for member in problem.staff:
        for count in range(member.current_cases + 1, member.current_cases + new_cases[member.id] + 1):
            load += load_marginal(weights.load, count, member.max_cases)
        for count in range(member.current_complex + 1, member.current_complex + new_complex[member.id] + 1):
            load += load_marginal(weights.complex_load, count, member.complex_cap)
    return {
        "mismatch": mismatch,
        "continuity": continuity,
        "load": load,
        "unassigned": unassigned,
        "total": mismatch + continuity + load + unassigned,
    }


def unassigned_reason(case: Case, role: str, staff: Sequence[StaffMember]) -> str:
    of_role = [member for member in staff if member.profession == role]
    if not of_role:
        return f"no {role} on staff"
    if role == CASE_MANAGER_ROLE and not any(member.qualifies_for(role) for member in of_role):
        return "no certified pekerja sosial with a valid STR"
    qualified = [member for member in of_role if member.qualifies_for(role)]
    if case.language is not None and not any(case.language in member.languages for member in qualified):
        return f"nobody in the role speaks {case.language}"
    return "every eligible staff member is at their caseload cap"


# --- the exact solver ---------------------------------------------------------------------------------


def assign_caseload(problem: CaseloadProblem) -> CaseloadResult:
    """The optimal assignment of the documented cost, one min-cost flow per role."""
    started = time.perf_counter()
    weights = problem.weights
    staff = list(problem.staff)
    cases = list(problem.cases)
    staff_by_id = {member.id: member for member in staff}
    assignments: dict[str, dict[str, str | None]] = {case.id: dict.fromkeys(case.roles) for case in cases}
    unassigned: list[tuple[str, str, str]] = []
    roles = sorted({role for case in cases for role in case.roles})
    for role in roles:
        role_cases = [case for case in cases if role in case.roles]
        role_staff = [member for member in staff if member.qualifies_for(role)]
        chosen = _solve_role(role, role_cases, role_staff, staff_by_id, weights)
        for case, index in zip(role_cases, chosen, strict=True):
            if index < 0:
                unassigned.append((case.id, role, unassigned_reason(case, role, staff)))
            else:
                assignments[case.id][role] = role_staff[index].id
    breakdown = evaluate(problem, assignments)
    return CaseloadResult(
        method="min_cost_flow",
        status="optimal",
        assignments=assignments,
        objective=breakdown["total"],
        breakdown=breakdown,
        unassigned=unassigned,
        seconds=time.perf_counter() - started,
    )


def _solve_role(
    role: str,
    cases: list[Case],
    staff: list[StaffMember],
    staff_by_id: Mapping[str, StaffMember],
    weights: CaseloadWeights,
) -> list[int]:
    """Index into ``staff`` per case (-1 unassigned) minimising the cost for one role."""
    n_cases, n_staff = len(cases), len(staff)
    if n_cases == 0:
        return []
    if n_staff == 0:
        return [-1] * n_cases
    # Competence and language as bit masks, so eligibility and mismatch are array operations.
    vocabulary: dict[str, int] = {}

    def mask(items: frozenset[str] | tuple[str, ...]) -> int:
        value = 0
        for item in items:
            value |= 1 << vocabulary.setdefault(item, len(vocabulary))
        return value

    staff_services = [mask(member.services) for member in staff]
    case_needs = [mask(case.needs) for case in cases]
    if len(vocabulary) > 62:
        # Too many distinct services for one mask: fall back to exact per-pair arithmetic below.
        need_mismatch = np.array(
            [
                [sum(1 for need in case.needs if need not in member.services) for member in staff]
                for case in cases
            ],
            dtype=np.int64,
        )
    else:
        needs_array = np.array(case_needs, dtype=np.uint64)
        services_array = np.array(staff_services, dtype=np.uint64)
        need_mismatch = np.bitwise_count(needs_array[:, None] & ~services_array[None, :]).astype(np.int64)
    cluster_index = {cluster: i for i, cluster in enumerate(sorted({case.cluster for case in cases}))}
    case_cluster = np.array([cluster_index[case.cluster] for case in cases])
    knows_cluster = np.array(
        [[cluster in member.clusters for cluster in cluster_index] for member in staff], dtype=np.bool_
    ).reshape(n_staff, len(cluster_index))
    cost = (
        weights.need_mismatch * need_mismatch + weights.cluster_mismatch * (~knows_cluster[:, case_cluster]).T
    )
    languages = sorted({case.language for case in cases if case.language is not None})
    allowed = np.ones((n_cases, n_staff), dtype=np.bool_)
    for language in languages:
        speaks = np.array([language in member.languages for member in staff], dtype=np.bool_)
        needs_it = np.array([case.language == language for case in cases], dtype=np.bool_)
        allowed[needs_it] &= speaks[None, :]
    complexity = np.array([min(3, max(1, case.complexity)) for case in cases])
    high_room = np.array([member.high_cap - member.current_high for member in staff])
    complex_room = np.array([member.complex_cap - member.current_complex for member in staff])
    total_room = np.array([member.max_cases - member.current_cases for member in staff])
    allowed &= total_room[None, :] > 0
    allowed[complexity >= 2] &= complex_room[None, :] > 0
    allowed[complexity >= 3] &= high_room[None, :] > 0
    position = {member.id: index for index, member in enumerate(staff)}
    for row, case in enumerate(cases):
        previous = [s for s in case.previous_staff if s in staff_by_id and staff_by_id[s].profession == role]
        if previous:
            keep = np.full(n_staff, weights.continuity_break, dtype=np.int64)
            for staff_id in previous:
                if staff_id in position:
                    keep[position[staff_id]] = 0
            cost[row] += keep

    # Nodes: cases, then per staff member three tier nodes (all, complex, heavy), then the sink.
    all_node = n_cases + 3 * np.arange(n_staff)
    complex_node = all_node + 1
    heavy_node = all_node + 2
    sink = n_cases + 3 * n_staff
    tier_node = np.stack([all_node, all_node, complex_node, heavy_node], axis=0)  # index by complexity
    case_rows, staff_cols = np.nonzero(allowed)
    tails: list[np.ndarray] = [case_rows, np.arange(n_cases)]
    heads: list[np.ndarray] = [tier_node[complexity[case_rows], staff_cols], np.full(n_cases, sink)]
    capacities: list[np.ndarray] = [np.ones(len(case_rows)), np.ones(n_cases)]
    costs: list[np.ndarray] = [cost[case_rows, staff_cols], np.full(n_cases, weights.unassigned)]
    ladder_tail: list[int] = []
    ladder_head: list[int] = []
    ladder_cost: list[int] = []
    ladder_capacity: list[int] = []
    for k, member in enumerate(staff):
        if high_room[k] > 0:
            ladder_tail.append(int(heavy_node[k]))
            ladder_head.append(int(complex_node[k]))
            ladder_cost.append(0)
            ladder_capacity.append(int(high_room[k]))
        for count in range(member.current_complex + 1, member.complex_cap + 1):
            ladder_tail.append(int(complex_node[k]))
            ladder_head.append(int(all_node[k]))
            ladder_cost.append(load_marginal(weights.complex_load, count, member.complex_cap))
            ladder_capacity.append(1)
        for count in range(member.current_cases + 1, member.max_cases + 1):
            ladder_tail.append(int(all_node[k]))
            ladder_head.append(sink)
            ladder_cost.append(load_marginal(weights.load, count, member.max_cases))
            ladder_capacity.append(1)
    tails.append(np.array(ladder_tail, dtype=np.int64))
    heads.append(np.array(ladder_head, dtype=np.int64))
    costs.append(np.array(ladder_cost, dtype=np.int64))
    capacities.append(np.array(ladder_capacity, dtype=np.int64))
    flow = min_cost_flow.SimpleMinCostFlow()
    flow.add_arcs_with_capacity_and_unit_cost(
        np.concatenate(tails).astype(np.int32),
        np.concatenate(heads).astype(np.int32),
        np.concatenate(capacities).astype(np.int64),
        np.concatenate(costs).astype(np.int64),
    )
    supplies = np.zeros(sink + 1, dtype=np.int64)
    supplies[:n_cases] = 1
    supplies[sink] = -n_cases
    flow.set_nodes_supplies(np.arange(sink + 1, dtype=np.int32), supplies)
    status = flow.solve()
    if status != flow.OPTIMAL:
        raise RuntimeError(f"caseload flow for {role} failed with status {status}")
    used = flow.flows(np.arange(len(case_rows), dtype=np.int32)) > 0
    chosen = [-1] * n_cases
    for row, col in zip(case_rows[used].tolist(), staff_cols[used].tolist(), strict=True):
        chosen[row] = col
    return chosen


# --- the greedy baseline ------------------------------------------------------------------------------


def assign_caseload_greedy(problem: CaseloadProblem) -> CaseloadResult:
    """The centre head's rule: each case in turn, per role, to its previous staff member when they are
    eligible and have room, else to the eligible staff member with room who is least loaded (relative
    to their cap), ties to the better match."""
    started = time.perf_counter()
    weights = problem.weights
    staff = list(problem.staff)
    load = {member.id: member.current_cases for member in staff}
    complex_load = {member.id: member.current_complex for member in staff}
    heavy_load = {member.id: member.current_high for member in staff}
    staff_ids = set(load)
    assignments: dict[str, dict[str, str | None]] = {}
    unassigned: list[tuple[str, str, str]] = []
    for case in problem.cases:
        assignments[case.id] = {}
        for role in case.roles:
            best: tuple[int, float, int, str] | None = None
            previous = {s for s in case.previous_staff if s in staff_ids}
            for member in staff:
                if not member.qualifies_for(role):
                    continue
                if case.language is not None and case.language not in member.languages:
                    continue
                if load[member.id] >= member.max_cases:
                    continue
                if case.complexity >= 2 and complex_load[member.id] >= member.complex_cap:
                    continue
                if case.complexity >= 3 and heavy_load[member.id] >= member.high_cap:
                    continue
                kept = 0 if member.id in previous else 1
                key = (
                    kept,
                    load[member.id] / max(1, member.max_cases),
                    match_cost(case, member, weights),
                    member.id,
                )
                if best is None or key < best:
                    best = key
            if best is None:
                assignments[case.id][role] = None
                unassigned.append((case.id, role, unassigned_reason(case, role, staff)))
                continue
            chosen = best[3]
            assignments[case.id][role] = chosen
            load[chosen] += 1
            if case.complexity >= 2:
                complex_load[chosen] += 1
            if case.complexity >= 3:
                heavy_load[chosen] += 1
    breakdown = evaluate(problem, assignments)
    return CaseloadResult(
        method="greedy",
        status="feasible",
        assignments=assignments,
        objective=breakdown["total"],
        breakdown=breakdown,
        unassigned=unassigned,
        seconds=time.perf_counter() - started,
    )


# --- the independent check ----------------------------------------------------------------------------


def check_caseload(
    problem: CaseloadProblem, assignments: Mapping[str, Mapping[str, str | None]]
) -> list[str]:
    """Every rule, checked directly from the problem: one person per role, right profession,
    credentials, language, nested caps."""
    violations: list[str] = []
    staff_by_id = {member.id: member for member in problem.staff}
    counts: Counter[str] = Counter()
    complex_counts: Counter[str] = Counter()
    heavy_counts: Counter[str] = Counter()
    known = {case.id for case in problem.cases}
    for case_id in assignments:
        if case_id not in known:
            violations.append(f"{case_id}: not a case of the problem")
    for case in problem.cases:
        given = assignments.get(case.id)
        if given is None:
            violations.append(f"{case.id}: missing")
            continue
        for role in given:
            if role not in case.roles:
                violations.append(f"{case.id}: role {role} is not needed by the case")
        for role in case.roles:
            staff_id = given.get(role)
            if staff_id is None:
                continue
            member = staff_by_id.get(staff_id)
            if member is None:
                violations.append(f"{case.id}: unknown staff member {staff_id}")
                continue
            if member.profession != role:
                violations.append(f"{case.id}: {staff_id} is a {member.profession}, not a {role}")
            if role == CASE_MANAGER_ROLE and not (member.certified and member.str_valid):
                violations.append(f"{case.id}: case manager {staff_id} lacks certification or a valid STR")
            if case.language is not None and case.language not in member.languages:
                violations.append(f"{case.id}: {staff_id} does not speak {case.language}")
            counts[staff_id] += 1
            if case.complexity >= 2:
                complex_counts[staff_id] += 1
            if case.complexity >= 3:
                heavy_counts[staff_id] += 1
    for member in problem.staff:
        if member.current_cases + counts[member.id] > member.max_cases:
            violations.append(
                f"{member.id}: {member.current_cases + counts[member.id]} cases, cap {member.max_cases}"
            )
        if member.current_complex + complex_counts[member.id] > member.complex_cap:
            violations.append(f"{member.id}: complex cases above the cap {member.complex_cap}")
        if member.current_high + heavy_counts[member.id] > member.high_cap:
            violations.append(f"{member.id}: heavy cases above the cap {member.high_cap}")
    return violations


# --- a synthetic centre for tests and benchmarks ------------------------------------------------------

CLUSTERS = ("anak", "lansia", "disabilitas", "napza", "tuna_sosial", "bencana", "ppks_lainnya")
CASE_SERVICES = (
    "kebutuhan_hidup_layak",
    "perawatan_pengasuhan",
    "dukungan_keluarga",
    "terapi_fisik",
    "terapi_psikososial",
    "terapi_mental_spiritual",
    "vokasional",
    "aksesibilitas",
)


def synthetic_caseload(*, cases: int, staff: int, seed: int = 0) -> CaseloadProblem:
    """A centre with ``staff`` people (70% pekerja sosial, 85% of them certified with a valid STR;
    the rest psikolog and fisioterapis), each competent in 2-3 clusters and 3-5 services, 10% signing
    BISINDO; and ``cases`` new cases (1-3 needs, complexity 1/2/3 at 50/35/15%, 4% needing sign
    language, 10% with a previous case manager, 30% needing a psikolog and 15% a fisioterapis).
    Each profession's free caps total about 1.2 times the new cases needing it."""
    rng = np.random.default_rng(seed)
    members: list[StaffMember] = []
    professions = rng.choice(["pekerja_sosial", "psikolog", "fisioterapis"], size=staff, p=[0.7, 0.2, 0.1])
    professions[0] = "pekerja_sosial"
    demand = {"pekerja_sosial": 1.0, "psikolog": 0.3, "fisioterapis": 0.15}
    on_staff = {role: max(1, int((professions == role).sum())) for role in demand}
    for k in range(staff):
        role = str(professions[k])
        qualified = 0.85 * 0.92 if role == "pekerja_sosial" else 1.0
        room = int(1.2 * cases * demand[role] / (on_staff[role] * qualified) * rng.uniform(0.7, 1.3)) + 2
        current = int(rng.integers(0, max(1, room // 3)))
        cap = room + current
        members.append(
            StaffMember(
                id=f"S{k + 1:03d}",
                profession=role,
                max_cases=cap,
                max_complex=max(1, int(cap * 0.6)),
                max_high=max(1, int(cap * 0.25)),
                current_cases=current,
                current_complex=current // 3,
                current_high=current // 10,
                certified=bool(rng.random() < 0.85) or k == 0,
                str_valid=bool(rng.random() < 0.92) or k == 0,
                clusters=frozenset(rng.choice(CLUSTERS, int(rng.integers(2, 4)), replace=False).tolist()),
                services=frozenset(
                    rng.choice(CASE_SERVICES, int(rng.integers(3, 6)), replace=False).tolist()
                ),
                languages=frozenset({SIGN_LANGUAGE} if rng.random() < 0.1 or k == 0 else set()),
            )
        )
    new_cases: list[Case] = []
    for i in range(cases):
        professions_needed: list[str] = []
        if rng.random() < 0.3:
            professions_needed.append("psikolog")
        if rng.random() < 0.15:
            professions_needed.append("fisioterapis")
        previous: tuple[str, ...] = ()
        if rng.random() < 0.1:
            previous = (members[int(rng.integers(0, staff))].id,)
        new_cases.append(
            Case(
                id=f"K{i + 1:05d}",
                cluster=str(rng.choice(CLUSTERS)),
                needs=tuple(rng.choice(CASE_SERVICES, int(rng.integers(1, 4)), replace=False).tolist()),
                complexity=int(rng.choice([1, 2, 3], p=[0.5, 0.35, 0.15])),
                language=SIGN_LANGUAGE if rng.random() < 0.04 else None,
                previous_staff=previous,
                professions=tuple(professions_needed),
            )
        )
    return CaseloadProblem(staff=tuple(members), cases=tuple(new_cases))
