"""National gap analysis (issue 5): every centre's report — professions, competencies, staff outside
their competence, sharing with centres within reach — for a synthetic network of 500 centres,
~250,000 beneficiaries with open cases and ~20,000 staff, on the pure rules.

Candidate: what ``selectors.national_gap_report`` does — each centre's surplus per profession computed
once, then one report per centre. Baseline, measured in the same run: each centre's report computed
on its own, recomputing the surplus of every neighbour (what calling ``gap_report(centre)`` for each
centre in turn amounts to). Both must give the same reports.
"""

from __future__ import annotations

import math
import random
import time

from bench.harness import Result
from sentra.placement.rules.geo import haversine_km
from sentra.workforce.rules import gaps
from sentra.workforce.rules.standards import default_standards

CENTRES = 500
PROFESSIONS = (
    "pekerja_sosial",
    "psikolog",
    "perawat",
    "pengasuh",
    "fisioterapis",
    "konselor_adiksi",
    "okupasi_terapis",
)
CLUSTERS = ("lansia", "anak", "disabilitas", "napza", "tuna_sosial")
NEEDS = (
    "psychosocial-distress",
    "barthel-dependency-care",
    "wgss-mobility",
    "gds15-depression",
    "phq9-item9-urgent",
)
FRAMEWORK = [
    gaps.CompetencySpec(
        "elderly-daily-care", "lansia", core=True, professions=frozenset({"perawat", "pengasuh"})
    ),
    gaps.CompetencySpec("child-protection", "anak", core=True, professions=frozenset({"pekerja_sosial"})),
    gaps.CompetencySpec(
        "napza-counselling", "napza", core=True, professions=frozenset({"konselor_adiksi", "pekerja_sosial"})
    ),
    gaps.CompetencySpec(
        "mh-psychosocial",
        needs=frozenset({"psychosocial-distress", "gds15-depression"}),
        professions=frozenset({"psikolog", "pekerja_sosial"}),
    ),
    gaps.CompetencySpec("mh-crisis", needs=frozenset({"phq9-item9-urgent"}), required_level=3),
    gaps.CompetencySpec(
        "mobility", needs=frozenset({"wgss-mobility"}), professions=frozenset({"fisioterapis"})
    ),
]

Centres = dict[int, tuple[list[gaps.BeneficiaryDemand], list[gaps.StaffFacts]]]
Nearby = dict[int, list[tuple[int, float]]]


def _network(
    seed: int,
) -> tuple[
    dict[int, tuple[list[gaps.BeneficiaryDemand], list[gaps.StaffFacts]]], dict[int, list[tuple[int, float]]]
]:
    rng = random.Random(seed)
    located = {c: (rng.uniform(-9, 3), rng.uniform(95, 140)) for c in range(CENTRES)}
    centres: Centres = {}
    next_id = 0
    for centre in range(CENTRES):
        people = []
        for _ in range(rng.randrange(200, 800)):
            next_id += 1
            needs = frozenset(rng.sample(NEEDS, k=rng.choice([0, 0, 1, 1, 2])))
            professions = frozenset(rng.sample(PROFESSIONS[1:], k=rng.choice([0, 1, 1, 2])))
            people.append(gaps.BeneficiaryDemand(next_id, rng.choice(CLUSTERS), needs, professions))
        staff = []
        for _ in range(rng.randrange(20, 60)):
            next_id += 1
            levels = {spec.code: rng.randrange(0, 5) for spec in FRAMEWORK if rng.random() < 0.5}
            serves = frozenset(rng.choice(people).id for _ in range(rng.randrange(0, 20)))
            staff.append(
                gaps.StaffFacts(next_id, rng.choice(PROFESSIONS), levels, serves, rng.random() < 0.1)
            )
        centres[centre] = (people, staff)
    within = default_standards().share_within_km
    nearby: Nearby = {}
    for centre, here in located.items():
        distances = (
            (other, haversine_km(*here, *there)) for other, there in located.items() if other != centre
        )
        nearby[centre] = [(other, round(km, 1)) for other, km in distances if km <= within]
    return centres, nearby


def _batched(centres: Centres, nearby: Nearby) -> dict[int, gaps.GapReport]:
    standards = default_standards()
    spare: dict[int, dict[str, int]] = {}
    for centre, (people, staff) in centres.items():
        spare[centre] = {
            g.profession: g.surplus for g in gaps.profession_gaps(people, staff, standards) if g.surplus
        }
    return {
        centre: gaps.gap_report(
            centre_id=centre,
            beneficiaries=people,
            staff=staff,
            framework=FRAMEWORK,
            standards=standards,
            neighbours=[gaps.Neighbour(o, km, spare[o]) for o, km in nearby[centre]],
        )
        for centre, (people, staff) in centres.items()
    }


def _one_by_one(centres: Centres, nearby: Nearby) -> dict[int, gaps.GapReport]:
    standards = default_standards()
    reports = {}
    for centre, (people, staff) in centres.items():
        neighbours = []
        for other, km in nearby[centre]:
            other_people, other_staff = centres[other]
            surplus = {
                g.profession: g.surplus
                for g in gaps.profession_gaps(other_people, other_staff, standards)
                if g.surplus
            }
            neighbours.append(gaps.Neighbour(other, km, surplus))
        reports[centre] = gaps.gap_report(
            centre_id=centre,
            beneficiaries=people,
            staff=staff,
            framework=FRAMEWORK,
            standards=standards,
            neighbours=neighbours,
        )
    return reports


def run() -> list[Result]:
    centres, nearby = _network(seed=20261129)
    beneficiaries = sum(len(people) for people, _staff in centres.values())
    staff = sum(len(members) for _people, members in centres.values())
    started = time.perf_counter()
    batched = _batched(centres, nearby)
    seconds = time.perf_counter() - started
    started = time.perf_counter()
    baseline = _one_by_one(centres, nearby)
    baseline_seconds = time.perf_counter() - started
    assert batched == baseline, "the two methods disagree"
    mean_neighbours = sum(len(n) for n in nearby.values()) / len(nearby)
    short = sum(1 for report in batched.values() if report.missing_professions)
    return [
        Result(
            name=f"workforce national gap analysis, {CENTRES} centres (ratio: baseline / batched)",
            figure=(
                f"{seconds:.2f} s for {beneficiaries:,} beneficiaries and {staff:,} staff "
                f"({1000 * seconds / CENTRES:.1f} ms a centre; "
                f"{mean_neighbours:.1f} centres within reach on average; "
                f"{short} centres short of a profession)"
            ),
            ratio=baseline_seconds / seconds if seconds else math.inf,
            baseline=f"one centre at a time {baseline_seconds:.2f} s",
        )
    ]
