"""The centre head's caseload review: the exact assignment of waiting cases to certified case
managers, with reasons; accepting hands the chosen cases over through the cases services, audited."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from sentra.cases.models import Case
from sentra.core.models import AuditEvent, User
from sentra.placement import selectors, services
from sentra.workforce.models import Credential, StaffMember
from tests.placement.conftest import Waiting, World

pytestmark = pytest.mark.django_db


def certify(user: User, *, clusters: tuple[str, ...] = ("lansia",), with_str: bool = True) -> StaffMember:
    """The factory's case managers are certified with a valid STR; set their clusters, or revoke the STR."""
    record = StaffMember.objects.get(user=user)
    record.clusters = list(clusters)
    record.save()
    if not with_str:
        Credential.objects.filter(staff=record, kind="str").update(revoked_on=timezone.localdate())
    return record


def test_cases_go_to_eligible_managers_spreading_the_load(
    world: World, waiting_list: dict[str, Waiting]
) -> None:
    certify(world.cm_a)
    certify(world.cm_a2)
    review = selectors.caseload_review(user=world.head_a, sentra=world.a)
    assert len(review.lines) == 4
    proposed = [line.proposed for line in review.lines]
    # Four cases all with cm_a now: continuity (100) outweighs the load term at these counts, so
    # everything stays; the optimum is no worse than the greedy hand-out.
    assert all(user in (world.cm_a, world.cm_a2) for user in proposed)
    assert review.objective <= review.greedy_objective
    eligible = {row["user"].pk: row["eligible"] for row in review.staff}
    assert eligible == {world.cm_a.pk: True, world.cm_a2.pk: True}


def test_a_case_manager_without_a_valid_str_gets_no_case(
    world: World, waiting_list: dict[str, Waiting]
) -> None:
    certify(world.cm_a, with_str=False)
    certify(world.cm_a2)
    review = selectors.caseload_review(user=world.head_a, sentra=world.a)
    assert {line.proposed for line in review.lines} == {world.cm_a2}
    assert all(line.reasons["continuity"] is False for line in review.lines)


def test_nobody_eligible_leaves_the_cases_unassigned_with_the_reason(
    world: World, waiting_list: dict[str, Waiting]
) -> None:
    certify(world.cm_a, with_str=False)
    certify(world.cm_a2, with_str=False)
    review = selectors.caseload_review(user=world.head_a, sentra=world.a)
    assert {line.proposed for line in review.lines} == {None}
    assert {line.reasons["unassigned"] for line in review.lines} == {"no_eligible"}


def test_accepting_hands_the_chosen_cases_over_and_is_audited(
    world: World, waiting_list: dict[str, Waiting], client_for: Callable[..., Client]
) -> None:
    certify(world.cm_a, with_str=False)
    certify(world.cm_a2)
    review = selectors.caseload_review(user=world.head_a, sentra=world.a)
    chosen = review.lines[:2]
    data: dict[str, object] = {"case": [line.case.pk for line in chosen]}
    for line in review.lines:
        assert line.proposed is not None
        data[f"manager-{line.case.pk}"] = line.proposed.pk
    response = client_for(world.head_a).post(reverse("placement:caseload_review", args=[world.a.pk]), data)
    assert response.status_code == 302
    managers = dict(Case.objects.values_list("pk", "case_manager_id"))
    assert [managers[line.case.pk] for line in chosen] == [world.cm_a2.pk, world.cm_a2.pk]
    assert [managers[line.case.pk] for line in review.lines[2:]] == [world.cm_a.pk, world.cm_a.pk]
    event = AuditEvent.objects.get(object_type="placement.caseload")
    assert event.actor == world.head_a
    assert event.sentra_id == world.a.pk
    assert AuditEvent.objects.filter(object_type="cases.case", action="update").count() == 2


def test_a_case_not_waiting_at_the_centre_is_refused(world: World, waiting_list: dict[str, Waiting]) -> None:
    with pytest.raises(ValidationError) as refused:
        services.caseload_accept(actor=world.head_a, sentra=world.a, choices={999999: world.cm_a2.pk})
    assert "cases" in refused.value.message_dict
