"""The placement instance: plain dataclasses, their defaults, and parsing from JSON-like data.

A *centre* (sentra, UPTD or partner LKS) offers exactly the services with capacity above 0. A
*beneficiary* needs one unit of each listed service at ONE centre. Staff caps are optional: a centre
with a ``staff`` map caps exactly the professions listed there, in case units (each placed person takes
one ``pekerja_sosial`` unit, and each needed service adds one unit of every profession listed for it
in ``service_professions``). A centre without ``staff`` has no staff cap.

Parsing reports every problem it finds, each naming the offending entry, e.g.
``beneficiaries[3].urgency: must be 1-5``.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

#: The profession every placed person takes one unit of (the case manager).
CASE_MANAGER_PROFESSION = "pekerja_sosial"

#: Default penalty per unplaced person of urgency 1..5, in km-equivalents. Every value is far above
#: any great-circle distance inside Indonesia (Sabang to Merauke is about 5,250 km), so nobody is
#: left unplaced to save travel; urgency 4 is worth more than 24 people of urgency 3 plus the longest
#: trip, which is what keeps urgent people placed (see ``docs/placement.md``).
DEFAULT_UNPLACED_PENALTY: tuple[float, float, float, float, float] = (
    10_000.0,
    20_000.0,
    40_000.0,
    1_000_000.0,
    4_000_000.0,
)
DEFAULT_DISTANCE_PER_KM = 1.0
#: Urgency from which a person counts as urgent (never left out while a place exists).
URGENT_FROM = 4

_CENTRE_KEYS = {"id", "lat", "lon", "capacity", "staff", "province", "name", "kind"}
_BENEFICIARY_KEYS = {"id", "lat", "lon", "needs", "urgency", "province", "child", "family", "name"}
_TOP_KEYS = {"centres", "beneficiaries", "weights", "service_professions", "policy", "name", "note"}
_WEIGHT_KEYS = {"distance_per_km", "unplaced_penalty"}
_POLICY_KEYS = {"children_in_province", "families_together"}


@dataclass(frozen=True, slots=True)
class Centre:
    id: str
    lat: float
    lon: float
    capacity: Mapping[str, int]
    staff: Mapping[str, int] | None = None
    province: str | None = None

    def offers(self, service: str) -> bool:
        return self.capacity.get(service, 0) > 0


@dataclass(frozen=True, slots=True)
class Beneficiary:
    id: str
    lat: float
    lon: float
    needs: tuple[str, ...]
    urgency: int
    province: str | None = None
    child: bool = False
    family: str | None = None


@dataclass(frozen=True, slots=True)
class Weights:
    distance_per_km: float = DEFAULT_DISTANCE_PER_KM
    unplaced_penalty: tuple[float, float, float, float, float] = DEFAULT_UNPLACED_PENALTY

    def penalty(self, urgency: int) -> float:
        return self.unplaced_penalty[urgency - 1]


@dataclass(frozen=True, slots=True)
class Policy:
    """Optional policy terms, both off by default.

    * ``children_in_province``: a beneficiary with ``child`` true and a ``province`` may only be placed
      at a centre of the same ``province`` (a hard restriction of the allowed centres; exact in every
      method).
    * ``families_together``: the placed members of one ``family`` share one centre (members may still be
      left unplaced). Exact in the MIP; the scalable method places a family as one block where it can
      and then fills members at the family's centre (feasible, possibly not optimal).
    """

    children_in_province: bool = False
    families_together: bool = False


@dataclass(frozen=True, slots=True)
class Instance:
    centres: Sequence[Centre]
    beneficiaries: Sequence[Beneficiary]
    weights: Weights = field(default_factory=Weights)
    service_professions: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    policy: Policy = field(default_factory=Policy)

    def units_needed(self, needs: Sequence[str]) -> dict[str, int]:
        """Profession units one person with these needs takes (before looking at any centre)."""
        units = {CASE_MANAGER_PROFESSION: 1}
        for service in needs:
            for profession in self.service_professions.get(service, ()):
                units[profession] = units.get(profession, 0) + 1
        return units


class InstanceError(ValueError):
    """A malformed instance; ``problems`` lists every ``path: message`` found."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("\n".join(problems))


# --- parsing ------------------------------------------------------------------------------------------


class _Problems:
    def __init__(self) -> None:
        self.items: list[str] = []

    def add(self, path: str, message: str) -> None:
        self.items.append(f"{path}: {message}")


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _is_whole(value: object) -> bool:
    if isinstance(value, bool):
        return False
    if isinstance(value, int):
        return True
    return isinstance(value, float) and math.isfinite(value) and value.is_integer()


def _identifier(value: object, path: str, problems: _Problems) -> str | None:
    if isinstance(value, str) and value.strip():
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    problems.add(path, "must be a non-empty string or an integer")
    return None


def _coordinate(entry: Mapping[str, Any], key: str, limit: float, path: str, problems: _Problems) -> float:
    if key not in entry:
        problems.add(f"{path}.{key}", "is required")
        return 0.0
    value = entry[key]
    if not _is_number(value) or not -limit <= float(value) <= limit:
        problems.add(f"{path}.{key}", f"must be a number between -{limit:g} and {limit:g}")
        return 0.0
    return float(value)


def _unit_map(value: object, path: str, what: str, problems: _Problems) -> dict[str, int]:
    if not isinstance(value, Mapping):
        problems.add(path, f"must be an object mapping each {what} to a whole number")
        return {}
    result: dict[str, int] = {}
    for name, amount in value.items():
        if not isinstance(name, str) or not name.strip():
            problems.add(path, f"{what} names must be non-empty strings")
            continue
        if not _is_whole(amount) or amount < 0:
            problems.add(f"{path}.{name}", "must be a whole number ≥ 0")
            continue
        result[name] = int(amount)
    return result


def _unknown(entry: Mapping[str, Any], allowed: set[str], path: str, problems: _Problems) -> None:
    for key in entry:
        if key not in allowed:
            problems.add(path, f"unknown field {key!r} (allowed: {', '.join(sorted(allowed))})")


def _optional_text(entry: Mapping[str, Any], key: str, path: str, problems: _Problems) -> str | None:
    value = entry.get(key)
    if value is None:
        return None
    if isinstance(value, str) and value.strip():
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    problems.add(f"{path}.{key}", "must be a non-empty string")
    return None


def _parse_centre(entry: object, path: str, problems: _Problems) -> Centre | None:
    if not isinstance(entry, Mapping):
        problems.add(path, "must be an object")
        return None
    before = len(problems.items)
    _unknown(entry, _CENTRE_KEYS, path, problems)
    identifier = _identifier(entry.get("id"), f"{path}.id", problems)
    lat = _coordinate(entry, "lat", 90, path, problems)
    lon = _coordinate(entry, "lon", 180, path, problems)
    if "capacity" not in entry:
        problems.add(f"{path}.capacity", "is required")
        capacity: dict[str, int] = {}
    else:
        capacity = _unit_map(entry["capacity"], f"{path}.capacity", "service", problems)
    staff = None
    if entry.get("staff") is not None:
        staff = _unit_map(entry["staff"], f"{path}.staff", "profession", problems)
    province = _optional_text(entry, "province", path, problems)
    if len(problems.items) > before or identifier is None:
        return None
    return Centre(id=identifier, lat=lat, lon=lon, capacity=capacity, staff=staff, province=province)


def _parse_beneficiary(entry: object, path: str, problems: _Problems) -> Beneficiary | None:
    if not isinstance(entry, Mapping):
        problems.add(path, "must be an object")
        return None
    before = len(problems.items)
    _unknown(entry, _BENEFICIARY_KEYS, path, problems)
    identifier = _identifier(entry.get("id"), f"{path}.id", problems)
    lat = _coordinate(entry, "lat", 90, path, problems)
    lon = _coordinate(entry, "lon", 180, path, problems)
    needs: list[str] = []
    raw_needs = entry.get("needs")
    if not isinstance(raw_needs, list) or not raw_needs:
        problems.add(f"{path}.needs", "must be a non-empty list of services")
    else:
        for position, need in enumerate(raw_needs):
            if not isinstance(need, str) or not need.strip():
                problems.add(f"{path}.needs[{position}]", "must be a non-empty string")
            elif need in needs:
                problems.add(f"{path}.needs[{position}]", f"{need!r} is listed twice")
            else:
                needs.append(need)
    urgency: Any = entry.get("urgency")
    if not _is_whole(urgency) or not 1 <= int(urgency) <= 5:
        problems.add(f"{path}.urgency", "must be 1–5")  # noqa: RUF001 (the en dash is meant)
        urgency = 1
    child = entry.get("child", False)
    if not isinstance(child, bool):
        problems.add(f"{path}.child", "must be true or false")
        child = False
    province = _optional_text(entry, "province", path, problems)
    family = _optional_text(entry, "family", path, problems)
    if len(problems.items) > before or identifier is None:
        return None
    return Beneficiary(
        id=identifier,
        lat=lat,
        lon=lon,
        needs=tuple(needs),
        urgency=int(urgency),
        province=province,
        child=child,
        family=family,
    )


def _parse_weights(value: object, problems: _Problems) -> Weights:
    if value is None:
        return Weights()
    if not isinstance(value, Mapping):
        problems.add("weights", "must be an object")
        return Weights()
    _unknown(value, _WEIGHT_KEYS, "weights", problems)
    per_km = value.get("distance_per_km", DEFAULT_DISTANCE_PER_KM)
    if not _is_number(per_km) or per_km < 0:
        problems.add("weights.distance_per_km", "must be a number ≥ 0")
        per_km = DEFAULT_DISTANCE_PER_KM
    penalties = value.get("unplaced_penalty", list(DEFAULT_UNPLACED_PENALTY))
    if (
        not isinstance(penalties, list)
        or len(penalties) != 5
        or not all(_is_number(item) and item >= 0 for item in penalties)
    ):
        problems.add("weights.unplaced_penalty", "must be a list of 5 numbers ≥ 0 (urgency 1 to 5)")
        penalties = list(DEFAULT_UNPLACED_PENALTY)
    elif any(later < earlier for earlier, later in itertools.pairwise(penalties)):
        problems.add("weights.unplaced_penalty", "must not decrease with urgency")
    p1, p2, p3, p4, p5 = (float(item) for item in penalties)
    return Weights(distance_per_km=float(per_km), unplaced_penalty=(p1, p2, p3, p4, p5))


def _parse_service_professions(value: object, problems: _Problems) -> dict[str, tuple[str, ...]]:
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        problems.add("service_professions", "must be an object mapping services to lists of professions")
        return {}
    result: dict[str, tuple[str, ...]] = {}
    for service, professions in value.items():
        path = f"service_professions.{service}"
        if not isinstance(professions, list) or not all(
            isinstance(item, str) and item.strip() for item in professions
        ):
            problems.add(path, "must be a list of profession names")
            continue
        result[str(service)] = tuple(professions)
    return result


def _parse_policy(value: object, problems: _Problems) -> Policy:
    if value is None:
        return Policy()
    if not isinstance(value, Mapping):
        problems.add("policy", "must be an object")
        return Policy()
    _unknown(value, _POLICY_KEYS, "policy", problems)
    flags: dict[str, bool] = {}
    for key in _POLICY_KEYS:
        flag = value.get(key, False)
        if not isinstance(flag, bool):
            problems.add(f"policy.{key}", "must be true or false")
            flag = False
        flags[key] = flag
    return Policy(**flags)


def parse_instance(data: object) -> Instance:
    """Validate JSON-like data and build an :class:`Instance`; raise :class:`InstanceError` listing
    every problem (each naming its entry) when anything is wrong."""
    problems = _Problems()
    if not isinstance(data, Mapping):
        raise InstanceError(["instance: must be a JSON object with 'centres' and 'beneficiaries'"])
    _unknown(data, _TOP_KEYS, "instance", problems)
    centres: list[Centre] = []
    beneficiaries: list[Beneficiary] = []
    for key, parser, target in (
        ("centres", _parse_centre, centres),
        ("beneficiaries", _parse_beneficiary, beneficiaries),
    ):
        entries = data.get(key)
        if not isinstance(entries, list):
            problems.add(key, "is required and must be a list")
            continue
        seen: dict[str, int] = {}
        for position, entry in enumerate(entries):
            parsed = parser(entry, f"{key}[{position}]", problems)
            if parsed is None:
                continue
            if parsed.id in seen:
                problems.add(
                    f"{key}[{position}].id", f"duplicate id {parsed.id!r} (also {key}[{seen[parsed.id]}])"
                )
                continue
            seen[parsed.id] = position
            target.append(parsed)  # type: ignore[arg-type]
    weights = _parse_weights(data.get("weights"), problems)
    service_professions = _parse_service_professions(data.get("service_professions"), problems)
    policy = _parse_policy(data.get("policy"), problems)
    if problems.items:
        raise InstanceError(problems.items)
    return Instance(
        centres=tuple(centres),
        beneficiaries=tuple(beneficiaries),
        weights=weights,
        service_professions=service_professions,
        policy=policy,
    )


def instance_to_data(instance: Instance) -> dict[str, Any]:
    """The JSON form of an instance (the inverse of :func:`parse_instance`)."""
    centres: list[dict[str, Any]] = []
    for centre in instance.centres:
        item: dict[str, Any] = {
            "id": centre.id,
            "lat": centre.lat,
            "lon": centre.lon,
            "capacity": dict(centre.capacity),
        }
        if centre.staff is not None:
            item["staff"] = dict(centre.staff)
        if centre.province is not None:
            item["province"] = centre.province
        centres.append(item)
    beneficiaries: list[dict[str, Any]] = []
    for person in instance.beneficiaries:
        entry: dict[str, Any] = {
            "id": person.id,
            "lat": person.lat,
            "lon": person.lon,
            "needs": list(person.needs),
            "urgency": person.urgency,
        }
        if person.province is not None:
            entry["province"] = person.province
        if person.child:
            entry["child"] = True
        if person.family is not None:
            entry["family"] = person.family
        beneficiaries.append(entry)
    data: dict[str, Any] = {
        "centres": centres,
        "beneficiaries": beneficiaries,
        "weights": {
            "distance_per_km": instance.weights.distance_per_km,
            "unplaced_penalty": list(instance.weights.unplaced_penalty),
        },
    }
    if instance.service_professions:
        data["service_professions"] = {
            key: list(value) for key, value in instance.service_professions.items()
        }
    if instance.policy != Policy():
        data["policy"] = {
            "children_in_province": instance.policy.children_in_province,
            "families_together": instance.policy.families_together,
        }
    return data
