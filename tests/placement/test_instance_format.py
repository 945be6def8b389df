"""The instance format: defaults, every malformed entry named, and the JSON round trip."""

from __future__ import annotations

import copy
import math
from typing import Any

import pytest

from sentra.placement.rules import (
    DEFAULT_UNPLACED_PENALTY,
    InstanceError,
    Policy,
    haversine_km,
    instance_to_data,
    parse_instance,
)
from sentra.placement.rules.synthetic import synthetic_instance

VALID: dict[str, Any] = {
    "centres": [
        {"id": "A", "lat": -6.2, "lon": 106.8, "capacity": {"x": 2, "y": 0}},
        {"id": "B", "lat": -7.3, "lon": 112.7, "capacity": {"x": 1, "y": 1}, "staff": {"pekerja_sosial": 1}},
    ],
    "beneficiaries": [
        {"id": "p1", "lat": -6.3, "lon": 106.9, "needs": ["x"], "urgency": 3},
        {"id": "p2", "lat": -7.0, "lon": 110.4, "needs": ["x", "y"], "urgency": 5},
    ],
}


def broken(path: list[Any], value: Any) -> dict[str, Any]:
    data = copy.deepcopy(VALID)
    target: Any = data
    for key in path[:-1]:
        target = target[key]
    if value is KeyError:
        del target[path[-1]]
    else:
        target[path[-1]] = value
    return data


def problems_of(data: object) -> list[str]:
    with pytest.raises(InstanceError) as caught:
        parse_instance(data)
    return caught.value.problems


def test_a_valid_instance_gets_the_documented_defaults() -> None:
    parsed = parse_instance(VALID)
    assert [c.id for c in parsed.centres] == ["A", "B"]
    assert parsed.weights.distance_per_km == 1.0
    assert parsed.weights.unplaced_penalty == DEFAULT_UNPLACED_PENALTY
    assert parsed.policy == Policy()
    assert parsed.centres[0].staff is None
    assert not parsed.centres[0].offers("y")  # capacity 0 is not offered
    assert parsed.centres[1].offers("y")


def test_default_penalties_are_far_above_any_distance_in_indonesia() -> None:
    sabang_merauke = haversine_km(5.89, 95.32, -8.49, 140.40)
    assert 5_000 < sabang_merauke < 5_400
    assert min(DEFAULT_UNPLACED_PENALTY) > sabang_merauke
    # an urgency-4 person outweighs 24 people of urgency 3 plus the longest trip
    assert DEFAULT_UNPLACED_PENALTY[3] > 24 * DEFAULT_UNPLACED_PENALTY[2] + sabang_merauke
    assert list(DEFAULT_UNPLACED_PENALTY) == sorted(DEFAULT_UNPLACED_PENALTY)


@pytest.mark.parametrize(
    ("path", "value", "message"),
    [
        (["beneficiaries", 1, "urgency"], 6, "beneficiaries[1].urgency: must be 1\u20135"),
        (["beneficiaries", 1, "urgency"], "high", "beneficiaries[1].urgency: must be 1\u20135"),
        (["beneficiaries", 1, "urgency"], True, "beneficiaries[1].urgency: must be 1\u20135"),
        (["beneficiaries", 0, "needs"], [], "beneficiaries[0].needs: must be a non-empty list of services"),
        (["beneficiaries", 0, "needs"], ["x", "x"], "beneficiaries[0].needs[1]: 'x' is listed twice"),
        (["beneficiaries", 0, "lat"], 91, "beneficiaries[0].lat: must be a number between -90 and 90"),
        (["beneficiaries", 0, "lon"], KeyError, "beneficiaries[0].lon: is required"),
        (["beneficiaries", 0, "id"], "", "beneficiaries[0].id: must be a non-empty string or an integer"),
        (["centres", 0, "capacity"], KeyError, "centres[0].capacity: is required"),
        (["centres", 0, "capacity"], {"x": -1}, "centres[0].capacity.x: must be a whole number ≥ 0"),
        (["centres", 0, "capacity"], {"x": 1.5}, "centres[0].capacity.x: must be a whole number ≥ 0"),
        (
            ["centres", 1, "staff"],
            {"psikolog": "two"},
            "centres[1].staff.psikolog: must be a whole number ≥ 0",
        ),
        (["centres", 1, "id"], "A", "centres[1].id: duplicate id 'A' (also centres[0])"),
        (["centres", 0, "capcity"], {}, "centres[0]: unknown field 'capcity'"),
        (
            ["weights"],
            {"unplaced_penalty": [1, 2, 3]},
            "weights.unplaced_penalty: must be a list of 5 numbers",
        ),
        (["weights"], {"unplaced_penalty": [5, 4, 3, 2, 1]}, "weights.unplaced_penalty: must not decrease"),
        (["weights"], {"distance_per_km": -1}, "weights.distance_per_km: must be a number ≥ 0"),
        (["policy"], {"families_together": "yes"}, "policy.families_together: must be true or false"),
        (
            ["service_professions"],
            {"x": "psikolog"},
            "service_professions.x: must be a list of profession names",
        ),
        (["centres"], KeyError, "centres: is required and must be a list"),
    ],
)
def test_each_malformed_entry_is_named(path: list[Any], value: Any, message: str) -> None:
    problems = problems_of(broken(path, value))
    assert any(problem.startswith(message) for problem in problems), problems


def test_every_problem_is_reported_at_once() -> None:
    data = broken(["beneficiaries", 1, "urgency"], 0)
    data["centres"][0]["lat"] = "north"
    problems = problems_of(data)
    assert "beneficiaries[1].urgency: must be 1\u20135" in problems
    assert "centres[0].lat: must be a number between -90 and 90" in problems


def test_not_an_object_is_refused() -> None:
    assert problems_of([1, 2]) == ["instance: must be a JSON object with 'centres' and 'beneficiaries'"]


def test_integer_ids_become_strings() -> None:
    data = copy.deepcopy(VALID)
    data["beneficiaries"][0]["id"] = 17
    assert parse_instance(data).beneficiaries[0].id == "17"


def test_the_json_form_round_trips() -> None:
    problem = synthetic_instance(people=40, sites=35, seed=4, children=0.2, families=0.2)
    again = parse_instance(instance_to_data(problem))
    assert again.centres == problem.centres
    assert list(again.beneficiaries) == list(problem.beneficiaries)
    assert again.weights == problem.weights
    assert again.policy == problem.policy
    assert dict(again.service_professions) == dict(problem.service_professions)


def test_haversine_uses_the_mean_earth_radius() -> None:
    assert haversine_km(0, 0, 0, 1) == pytest.approx(6371.0088 * math.pi / 180, rel=1e-12)
    assert haversine_km(90, 0, -90, 0) == pytest.approx(6371.0088 * math.pi, rel=1e-12)
    assert haversine_km(-6.2, 106.8, -6.2, 106.8) == 0.0
