"""The pure review helpers: pins, exclusions and capacity changes before solving; reasons after."""

from __future__ import annotations

from sentra.placement.rules import check_solution, place
from sentra.placement.rules.review import Adjustments, adjust, explain, prepare
from tests.placement.helpers import centre, instance, person


def test_a_pin_takes_the_person_out_and_their_places_off_the_centre() -> None:
    problem = instance(
        [centre("N", 0.1, x=1, y=1), centre("F", 2.0, x=3)], [person("p", 0.0), person("q", 0.0)]
    )
    prepared = prepare(problem, Adjustments(pins={"p": "N"}))
    assert prepared.pinned == {"p": "N"}
    assert [b.id for b in prepared.instance.beneficiaries] == ["q"]
    assert dict(prepared.instance.centres[0].capacity) == {"x": 0, "y": 1}
    assert prepared.over_capacity == frozenset()


def test_a_pin_beyond_capacity_is_kept_and_reported_and_capacity_never_goes_negative() -> None:
    problem = instance([centre("N", 0.1, x=1)], [person("p", 0.0), person("q", 0.0)])
    prepared = prepare(problem, Adjustments(pins={"p": "N", "q": "N"}))
    assert prepared.pinned == {"p": "N", "q": "N"}
    assert prepared.over_capacity == frozenset({"q"})
    assert dict(prepared.instance.centres[0].capacity) == {"x": 0}


def test_exclusions_and_capacity_changes_apply_before_pins() -> None:
    problem = instance([centre("N", 0.1, x=1), centre("F", 2.0, x=1)], [person("p", 0.0)])
    adjusted = adjust(
        problem, Adjustments(excluded=frozenset({"N"}), capacity={("F", "x"): 4, ("F", "y"): -2})
    )
    assert [c.id for c in adjusted.centres] == ["F"]
    assert dict(adjusted.centres[0].capacity) == {"x": 5, "y": 0}


def test_reasons_name_the_missing_service_and_the_full_centre() -> None:
    # Three centres east of two people at the origin: N lacks y, M is nearer than F but has one x-y place.
    problem = instance(
        [centre("N", 0.1, x=5), centre("M", 0.5, x=1, y=1), centre("F", 3.0, x=5, y=5)],
        [person("a", 0.0, ("x", "y"), urgency=5), person("b", 0.0, ("x", "y"), urgency=1)],
    )
    result = place(problem)
    assert check_solution(problem, result.assignments).ok
    reasons = explain(problem, result.assignments)
    at_f = next(pid for pid, target in result.assignments.items() if target == "F")
    nearer = reasons[at_f]["nearer"]
    assert [row["centre"] for row in nearer] == ["N", "M"]
    assert nearer[0]["why"] == "missing"
    assert nearer[0]["services"] == ["y"]
    assert nearer[1]["why"] == "full"
    assert nearer[1]["services"] == ["x", "y"]
    assert reasons[at_f]["kind"] == "placed"


def test_an_unplaced_person_learns_whether_any_centre_offers_the_bundle() -> None:
    problem = instance(
        [centre("N", 0.1, x=1), centre("M", 0.5, y=3)],
        [
            person("a", 0.0, ("x",), urgency=5),
            person("b", 0.0, ("x",)),
            person("c", 0.0, ("x", "y")),
            person("d", 0.0, ("z",)),
        ],
    )
    result = place(problem)
    reasons = explain(problem, result.assignments)
    assert reasons["b"]["kind"] == "unplaced"
    assert reasons["b"]["blocked"][0]["centre"] == "N"
    assert reasons["b"]["blocked"][0]["why"] == "full"
    assert reasons["c"]["no_bundle"] is True
    assert reasons["d"]["nowhere"] == ["z"]


def test_the_pinned_person_and_the_excluded_nearer_centre_are_said() -> None:
    problem = instance([centre("N", 0.1, x=1), centre("F", 2.0, x=1)], [person("p", 0.0)])
    adjustments = Adjustments(pins={"p": "F"}, excluded=frozenset({"N"}))
    prepared = prepare(problem, adjustments)
    excluded = [c for c in problem.centres if c.id == "N"]
    reasons = explain(
        adjust(problem, adjustments), prepared.pinned, pinned=prepared.pinned, excluded=excluded
    )
    assert reasons["p"]["kind"] == "pinned"
    assert reasons["p"]["excluded_nearer"] == ["N"]
