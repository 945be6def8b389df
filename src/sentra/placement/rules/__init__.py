"""The placement optimiser: pure rules, no Django.

* ``model``: the instance (centres, beneficiaries, weights, policy) and its JSON parsing;
* ``solve.place`` / ``solve.place_greedy``: proposals with a lower bound, gap and improvement;
* ``check.check_solution``: an independent check of any proposal;
* ``caseload``: case-manager assignment within a centre;
* ``synthetic``: the national instance generator used by the benchmarks.
"""

from sentra.placement.rules.check import CheckReport, check_solution, urgent_left_out
from sentra.placement.rules.geo import EARTH_RADIUS_KM, haversine_km
from sentra.placement.rules.model import (
    CASE_MANAGER_PROFESSION,
    DEFAULT_UNPLACED_PENALTY,
    Beneficiary,
    Centre,
    Instance,
    InstanceError,
    Policy,
    Weights,
    instance_to_data,
    parse_instance,
)
from sentra.placement.rules.solve import Improvement, PlacementResult, place, place_greedy

__all__ = [
    "CASE_MANAGER_PROFESSION",
    "DEFAULT_UNPLACED_PENALTY",
    "EARTH_RADIUS_KM",
    "Beneficiary",
    "Centre",
    "CheckReport",
    "Improvement",
    "Instance",
    "InstanceError",
    "PlacementResult",
    "Policy",
    "Weights",
    "check_solution",
    "haversine_km",
    "instance_to_data",
    "parse_instance",
    "place",
    "place_greedy",
    "urgent_left_out",
]
