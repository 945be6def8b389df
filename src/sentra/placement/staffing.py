"""Read-only inputs of a run beyond places: staff caps per profession, professions per service, families.

* **Staff caps** come from the workforce app: per centre and profession, the free case units of its
  active staff — each member's caseload standard ``max_cases`` less the open cases they already carry
  (as case manager or in the care team), never below zero. A centre with no active staff record carries
  no staff cap (its register is not kept in Sentra yet), and neither does a profession whose members
  have no caseload standard; a profession without a member at a centre is not capped there either,
  for the same reason. Counting units, not complexity, matches the solver's model (one unit per person
  and profession); the complexity caps stay with the caseload review.
* **Professions per service** come from the needs engine's current needs of the people waiting: a
  service (ATENSI component) takes one unit of every profession the engine asked for with it.
* **Families** are the beneficiaries app's links between two registered people, joined into connected
  groups among the people of the run.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable

from sentra.assessments.models import Need
from sentra.beneficiaries.models import Relationship
from sentra.workforce.rules.standards import default_standards
from sentra.workforce.selectors.caseload import complexities_by_user
from sentra.workforce.selectors.facts import active_staff, open_cases


def staff_caps(centre_ids: Iterable[int], day: datetime.date) -> dict[int, dict[str, int]]:
    """Per centre (only those with active staff): free case units per capped profession."""
    ids = list(centre_ids)
    standards = default_standards()
    carried = complexities_by_user(open_cases(ids))
    caps: dict[int, dict[str, int]] = defaultdict(dict)
    uncapped: set[tuple[int, str]] = set()
    for member in active_staff(ids, day):
        standard = standards.for_profession(member.profession)
        key = (member.sentra_id, member.profession)
        if standard is None:
            uncapped.add(key)
            continue
        cases = len(carried.get(member.user_id, [])) if member.user_id is not None else 0
        centre = caps[member.sentra_id]
        centre[member.profession] = centre.get(member.profession, 0) + max(0, standard.max_cases - cases)
    for sentra_id, profession in uncapped:
        caps[sentra_id].pop(profession, None)
    return dict(caps)


def service_professions(beneficiary_ids: Iterable[int]) -> dict[str, tuple[str, ...]]:
    """The professions the needs engine asks for with each service, among these people's current needs."""
    found: dict[str, set[str]] = defaultdict(set)
    rows = Need.objects.current().filter(beneficiary_id__in=list(beneficiary_ids))
    for component, professions in rows.values_list("component", "professions"):
        found[component].update(professions or ())
    return {service: tuple(sorted(professions)) for service, professions in found.items() if professions}


def families(beneficiary_ids: Iterable[int]) -> dict[int, str]:
    """Person -> family key for everyone linked to another of these people (union-find over the links)."""
    wanted = set(beneficiary_ids)
    parent: dict[int, int] = {}

    def root(person: int) -> int:
        while parent.get(person, person) != person:
            parent[person] = parent.get(parent[person], parent[person])
            person = parent[person]
        return person

    for one, other in Relationship.objects.filter(
        beneficiary_id__in=wanted, related_beneficiary_id__in=wanted
    ).values_list("beneficiary_id", "related_beneficiary_id"):
        if one == other:
            continue
        first, second = root(one), root(other)
        if first != second:
            parent[max(first, second)] = min(first, second)
        parent.setdefault(one, one)
        parent.setdefault(other, other)
    return {person: f"family-{root(person)}" for person in parent}
