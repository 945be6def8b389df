"""Placement: hand-made instances with known optima, the policies, the independent checker, and the
properties that must hold on any instance (checked on random small ones)."""

from __future__ import annotations

import math

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sentra.placement.rules import (
    Policy,
    Weights,
    check_solution,
    place,
    place_greedy,
    urgent_left_out,
)
from tests.placement.helpers import KM_PER_DEGREE, brute_force, centre, instance, person


def assert_valid(problem, result) -> None:
    report = check_solution(problem, result.assignments)
    assert report.ok, report.violations
    assert report.objective == pytest.approx(result.objective, rel=1e-9, abs=1e-6)
    assert result.lower_bound <= result.objective + 1e-6


# --- hand-made instances with known optima --------------------------------------------------------------


def test_capacity_sends_the_person_with_the_smallest_detour_away() -> None:
    # Centre N at lon 0 has one place, F at lon 1 has two. People at lon 0.1 and 0.4 both prefer N;
    # sending the one at 0.4 to F costs 0.2° more, sending the one at 0.1 costs 0.8° more.
    problem = instance(
        [centre("N", 0.0, x=1), centre("F", 1.0, x=2)],
        [person("a", 0.1), person("b", 0.4)],
    )
    result = place(problem)
    assert result.assignments == {"a": "N", "b": "F"}
    assert result.status == "optimal"
    assert result.total_distance_km == pytest.approx((0.1 + 0.6) * KM_PER_DEGREE)
    assert result.gap == pytest.approx(0.0, abs=1e-9)
    assert_valid(problem, result)


def test_a_bundle_goes_where_every_need_is_offered_and_greedy_gets_it_wrong() -> None:
    # a (urgency 5) needs x; b (urgency 4) needs x and y. Only C offers y. Greedy gives C's single
    # x place to a (most urgent, nearest) and leaves b out; the optimum sends a to D.
    problem = instance(
        [centre("C", 0.0, x=1, y=1), centre("D", 2.0, x=1)],
        [person("a", 0.1, ["x"], urgency=5), person("b", 0.2, ["x", "y"], urgency=4)],
    )
    greedy = place_greedy(problem)
    assert greedy.assignments == {"a": "C", "b": None}
    result = place(problem)
    assert result.assignments == {"a": "D", "b": "C"}
    assert result.objective == pytest.approx((1.9 + 0.2) * KM_PER_DEGREE)
    assert result.improvement is not None
    assert result.improvement.urgent_unplaced_greedy == 1
    assert result.improvement.urgent_unplaced_optimised == 0
    assert result.improvement.placed == 1
    assert_valid(problem, result)


def test_the_most_urgent_takes_the_last_place_even_from_far_away() -> None:
    problem = instance(
        [centre("C", 0.0, x=1)],
        [person("near", 0.01, urgency=1), person("far", 40.0, urgency=4)],
    )
    result = place(problem)
    assert result.assignments == {"near": None, "far": "C"}
    assert result.unplaced == ["near"]
    assert result.objective == pytest.approx(40.0 * KM_PER_DEGREE + 10_000)


def test_staff_caps_limit_a_centre_below_its_places() -> None:
    # C has three places for x but case managers for two, and one psychologist for the y service.
    problem = instance(
        [centre("C", 0.0, x=3, y=3, staff={"pekerja_sosial": 2, "psikolog": 1})],
        [
            person("a", 0.1, ["x"], urgency=1),
            person("b", 0.2, ["x", "y"], urgency=2),
            person("c", 0.3, ["x", "y"], urgency=3),
        ],
        service_professions={"y": ("psikolog",)},
    )
    result = place(problem)
    assert result.assignments == {"a": "C", "b": None, "c": "C"}
    assert_valid(problem, result)
    # Without the staff map there is no staff cap.
    free = instance(
        [centre("C", 0.0, x=3, y=3)], problem.beneficiaries, service_professions={"y": ("psikolog",)}
    )
    assert place(free).placed == 3


def test_services_with_zero_capacity_are_not_offered() -> None:
    problem = instance([centre("C", 0.0, x=5, y=0)], [person("a", 0.0, ["y"], urgency=5)])
    result = place(problem)
    assert result.assignments == {"a": None}
    assert result.lower_bound == pytest.approx(4_000_000)


def test_custom_weights_are_used() -> None:
    # With a penalty below the trip, staying unplaced is cheaper.
    problem = instance(
        [centre("C", 10.0, x=1)],
        [person("a", 0.0)],
        weights=Weights(distance_per_km=2.0, unplaced_penalty=(100.0, 100.0, 100.0, 100.0, 100.0)),
    )
    result = place(problem)
    assert result.assignments == {"a": None}
    assert result.objective == pytest.approx(100.0)


def test_children_stay_in_their_province_when_the_policy_is_on() -> None:
    centres = [centre("Near", 0.0, x=1, province="32"), centre("Home", 3.0, x=1, province="33")]
    people = [person("kid", 0.1, child=True, province="33")]
    assert place(instance(centres, people)).assignments == {"kid": "Near"}
    on = instance(centres, people, policy=Policy(children_in_province=True))
    result = place(on)
    assert result.assignments == {"kid": "Home"}
    assert_valid(on, result)
    assert place_greedy(on).assignments == {"kid": "Home"}


def test_a_family_is_kept_at_one_centre_when_the_policy_is_on() -> None:
    # Two siblings; A is nearer for one, B for the other. Together they must share a centre.
    centres = [centre("A", 0.0, x=2), centre("B", 1.0, x=2)]
    people = [person("s1", 0.1, family="F1"), person("s2", 0.8, family="F1")]
    assert place(instance(centres, people)).assignments == {"s1": "A", "s2": "B"}
    on = instance(centres, people, policy=Policy(families_together=True))
    result = place(on)
    # Both at A cost 0.1° + 0.8°, both at B 0.9° + 0.2°.
    assert result.assignments == {"s1": "A", "s2": "A"}
    assert result.objective == pytest.approx(0.9 * KM_PER_DEGREE)
    assert_valid(on, result)
    greedy = place_greedy(on)
    assert check_solution(on, greedy.assignments).ok


def test_the_scalable_method_finds_the_known_optima_too() -> None:
    problem = instance(
        [centre("C", 0.0, x=1, y=1), centre("D", 2.0, x=1)],
        [person("a", 0.1, ["x"], urgency=5), person("b", 0.2, ["x", "y"], urgency=4)],
    )
    result = place(problem, method="two_level")
    assert result.assignments == {"a": "D", "b": "C"}
    assert_valid(problem, result)


def test_an_empty_waiting_list_and_no_centres() -> None:
    assert place(instance([centre("C", 0.0, x=1)], [])).objective == 0.0
    result = place(instance([], [person("a", 0.0, urgency=2)]))
    assert result.assignments == {"a": None}
    assert result.objective == pytest.approx(20_000)


# --- the checker catches what it should -----------------------------------------------------------------


def test_the_checker_names_every_kind_of_violation() -> None:
    problem = instance(
        [centre("C", 0.0, x=1, staff={"pekerja_sosial": 1}), centre("D", 1.0, y=1)],
        [person("a", 0.0, ["x"]), person("b", 0.0, ["x"]), person("c", 0.0, ["x"])],
        policy=Policy(families_together=True),
    )
    report = check_solution(problem, {"a": "C", "b": "C", "c": "D", "z": None})
    text = "\n".join(report.violations)
    assert "z: not a beneficiary" in text
    assert "c: centre D does not offer x" in text
    assert "centre C: 2 placed for x, capacity 1" in text
    assert "centre C: 2 pekerja_sosial units needed, 1 available" in text
    missing = check_solution(problem, {"a": "Q"})
    assert "a: assigned to unknown centre 'Q'" in missing.violations
    assert "b: missing from the assignments" in missing.violations


def test_the_checker_sees_split_families_and_children_out_of_province() -> None:
    problem = instance(
        [centre("A", 0.0, x=2, province="31"), centre("B", 1.0, x=2, province="32")],
        [person("s1", 0.0, family="F"), person("s2", 1.0, family="F", child=True, province="31")],
        policy=Policy(families_together=True, children_in_province=True),
    )
    report = check_solution(problem, {"s1": "A", "s2": "B"})
    assert "family F: split over centres ['A', 'B']" in report.violations
    assert "s2: child from province 31 placed in 32" in report.violations


# --- properties on random small instances ---------------------------------------------------------------

SERVICES = ("x", "y", "z")


@st.composite
def small_instances(draw: st.DrawFn, max_people: int = 6, max_centres: int = 3, policies: bool = False):
    n_centres = draw(st.integers(1, max_centres))
    centres = []
    for j in range(n_centres):
        capacity = {s: draw(st.integers(0, 3)) for s in SERVICES}
        staff = draw(st.one_of(st.none(), st.fixed_dictionaries({"pekerja_sosial": st.integers(0, 3)})))
        centres.append(
            centre(
                f"C{j}",
                draw(st.floats(95, 141)),
                lat=draw(st.floats(-11, 6)),
                staff=staff,
                province=draw(st.sampled_from(["31", "32"])),
                **capacity,
            )
        )
    people = []
    for i in range(draw(st.integers(0, max_people))):
        needs = draw(st.lists(st.sampled_from(SERVICES), min_size=1, max_size=2, unique=True))
        people.append(
            person(
                f"P{i}",
                draw(st.floats(95, 141)),
                needs,
                urgency=draw(st.integers(1, 5)),
                lat=draw(st.floats(-11, 6)),
                child=draw(st.booleans()) if policies else False,
                province=draw(st.sampled_from(["31", "32"])) if policies else None,
                family=draw(st.sampled_from([None, "F1", "F2"])) if policies else None,
            )
        )
    policy = (
        Policy(children_in_province=draw(st.booleans()), families_together=draw(st.booleans()))
        if policies
        else None
    )
    return instance(centres, people, service_professions={"y": ("psikolog",)}, policy=policy)


PROPERTY_SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@PROPERTY_SETTINGS
@given(small_instances())
def test_exact_is_optimal_valid_and_never_worse_than_greedy(problem) -> None:
    result = place(problem, method="exact")
    greedy = place_greedy(problem)
    assert_valid(problem, result)
    assert_valid(problem, greedy)
    assert result.objective <= greedy.objective + 1e-6
    optimum, _ = brute_force(problem)
    assert result.objective == pytest.approx(optimum, rel=1e-9, abs=1e-6)
    assert result.status == "optimal"
    assert urgent_left_out(problem, result.assignments) == []


@PROPERTY_SETTINGS
@given(small_instances())
def test_the_scalable_method_is_valid_with_a_valid_bound(problem) -> None:
    result = place(problem, method="two_level")
    assert_valid(problem, result)
    optimum, _ = brute_force(problem)
    assert result.lower_bound <= optimum + 1e-6
    assert result.objective >= optimum - 1e-6
    assert result.objective <= place_greedy(problem).objective + 1e-6
    assert urgent_left_out(problem, result.assignments) == []


@PROPERTY_SETTINGS
@given(small_instances(policies=True))
def test_policies_hold_in_every_method(problem) -> None:
    optimum, _ = brute_force(problem)
    for result in (place(problem, method="exact"), place(problem, method="two_level"), place_greedy(problem)):
        assert_valid(problem, result)
        assert result.lower_bound <= optimum + 1e-6
    assert place(problem, method="exact").objective == pytest.approx(optimum, rel=1e-9, abs=1e-6)


@PROPERTY_SETTINGS
@given(small_instances(max_people=5, max_centres=3))
def test_the_many_centres_path_is_valid_with_a_valid_bound(problem) -> None:
    # Force the path for many centres on tiny instances: one large centre, the others small, priced in
    # the LP through fine-level columns (the default below ``small_columns``).
    result = place(problem, method="two_level", options={"many_sites": 1, "large_sites": 1, "small_k": 1})
    assert_valid(problem, result)
    optimum, _ = brute_force(problem)
    assert result.lower_bound <= optimum + 1e-6
    assert result.objective >= optimum - 1e-6
    assert result.stats.get("bound_at_start", -math.inf) <= optimum + 1e-6
    assert urgent_left_out(problem, result.assignments) == []


@PROPERTY_SETTINGS
@given(small_instances(max_people=5, max_centres=3))
def test_the_many_centres_presplit_path_is_valid_with_a_valid_bound(problem) -> None:
    # Above ``small_columns`` the small centres' places are split beforehand and priced by clearing.
    options = {"many_sites": 1, "large_sites": 1, "small_columns": 0}
    result = place(problem, method="two_level", options=options)
    assert_valid(problem, result)
    optimum, _ = brute_force(problem)
    assert result.lower_bound <= optimum + 1e-6
    # With two centres or more the path computes two bounds; each is valid on its own.
    for name in ("bound_small_flow", "bound_clearing"):
        assert result.stats.get(name, -math.inf) <= optimum + 1e-6
    assert urgent_left_out(problem, result.assignments) == []
