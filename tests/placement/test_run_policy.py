"""A run with the workforce's staff caps and the coordinator's policy terms (province, families)."""

from __future__ import annotations

import dataclasses
import datetime
import json
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from sentra.beneficiaries.models import Relationship
from sentra.placement import services, staffing
from sentra.placement.models import PlacementRun
from sentra.placement.rules import parse_instance
from sentra.workforce.rules.standards import default_standards
from tests.placement.conftest import Waiting, World

pytestmark = pytest.mark.django_db


def centre_of(run: PlacementRun, waiting: Waiting) -> int | None:
    return run.proposals.get(beneficiary_id=waiting.person.pk).centre_id


@pytest.fixture
def one_case_each(monkeypatch: pytest.MonkeyPatch) -> None:
    """A caseload standard of one case per pekerja sosial, so that a cap binds with a handful of people."""
    standards = default_standards()
    peksos = standards.professions["pekerja_sosial"]
    tight = dataclasses.replace(peksos, max_cases=1, max_complex=1, max_high=1)
    changed = dataclasses.replace(standards, professions={**standards.professions, "pekerja_sosial": tight})
    monkeypatch.setattr(staffing, "default_standards", lambda: changed)


def test_the_staff_caps_come_from_the_workforce_records_less_the_cases_carried(
    world: World, waiting_list: dict[str, Waiting], one_case_each: None
) -> None:
    caps = staffing.staff_caps([world.a.pk, world.b.pk, world.lks.pk], timezone.localdate())
    # A: cm_a already manages the four waiting people's cases (0 free), cm_a2 none (1 free); B: cm_b, 1.
    assert caps == {world.a.pk: {"pekerja_sosial": 1}, world.b.pk: {"pekerja_sosial": 1}}


def test_a_binding_staff_cap_leaves_the_least_urgent_waiting(
    world: World, waiting_list: dict[str, Waiting], run_of: Callable[..., PlacementRun], one_case_each: None
) -> None:
    run = run_of()
    stored = {centre.id: centre.staff for centre in parse_instance(run.instance).centres}
    assert stored[str(world.a.pk)] == {"pekerja_sosial": 1}
    assert stored[str(world.lks.pk)] is None  # no staff records kept there: no cap
    # Places for all three residential people (A 1, B 5), case managers for two only.
    assert centre_of(run, waiting_list["low"]) is None
    assert {centre_of(run, waiting_list["urgent"]), centre_of(run, waiting_list["normal"])} == {
        world.a.pk,
        world.b.pk,
    }
    assert centre_of(run, waiting_list["therapy"]) == world.lks.pk
    assert run.staff_capped_centres == 2
    assert run.lower_bound is not None
    assert run.objective is not None
    assert run.lower_bound <= run.objective + 1e-6


def test_without_a_binding_cap_everyone_is_placed(
    waiting_list: dict[str, Waiting], run_of: Callable[..., PlacementRun]
) -> None:
    assert run_of().placed == 4


def make_child(waiting: Waiting) -> None:
    person = waiting.person
    person.birth_date = timezone.localdate() - datetime.timedelta(days=10 * 365)
    person.save(update_fields=["birth_date"])


def test_a_child_is_kept_within_their_province_only_when_the_coordinator_asks(
    world: World, wait: Callable[..., Waiting], run_of: Callable[..., PlacementRun]
) -> None:
    # Lives in Bekasi (province 32): A in Jakarta (31) is nearest, B in Bandung (32) is in the province.
    child = wait("Rina Anak", home="32.75.01.1001")
    make_child(child)
    assert centre_of(run_of(), child) == world.a.pk
    run = run_of(policy={"children_in_province": True})
    assert run.policy == {"children_in_province": True, "families_together": False}
    assert centre_of(run, child) == world.b.pk


def test_a_family_is_placed_together_only_when_the_coordinator_asks(
    world: World, wait: Callable[..., Waiting], run_of: Callable[..., PlacementRun]
) -> None:
    # Both live in Jakarta and A has one place: apart, one takes it; together, both go to B.
    first, second = wait("Agus Saudara"), wait("Tono Saudara")
    Relationship.objects.create(
        beneficiary=first.person, related_beneficiary=second.person, relationship_type="sibling"
    )
    apart = run_of()
    assert {centre_of(apart, first), centre_of(apart, second)} == {world.a.pk, world.b.pk}
    run = run_of(policy={"families_together": True})
    assert centre_of(run, first) == centre_of(run, second) == world.b.pk
    families = {person.family for person in parse_instance(run.instance).beneficiaries}
    assert families == {f"family-{min(first.person.pk, second.person.pk)}"}


def test_a_what_if_keeps_the_base_runs_policy(
    world: World, waiting_list: dict[str, Waiting], run_of: Callable[..., PlacementRun]
) -> None:
    base = run_of(policy={"families_together": True})
    what_if = services.run_what_if(actor=world.head_a, base=base, exclude=world.lks.pk)
    assert what_if.policy == base.policy


def test_the_run_form_stores_the_ticked_terms_and_the_page_shows_them(
    world: World,
    waiting_list: dict[str, Waiting],
    client_for: Callable[..., Client],
    django_capture_on_commit_callbacks: Any,
) -> None:
    client = client_for(world.head_a)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("placement:run_list"), {"centre": world.a.pk, "families_together": "on"}
        )
    run = PlacementRun.objects.get()
    assert run.policy == {"children_in_province": False, "families_together": True}
    body = client.get(response["Location"]).content.decode()
    assert 'data-families-together="1"' in body
    assert 'data-children-in-province="0"' in body
    assert 'data-staff-capped-centres="2"' in body


def test_the_api_takes_the_terms_and_refuses_unknown_ones(
    world: World,
    waiting_list: dict[str, Waiting],
    client_for: Callable[..., Client],
    django_capture_on_commit_callbacks: Any,
) -> None:
    client = client_for(world.head_a)
    payload = {"centre_id": world.a.pk, "policy": {"children_in_province": True}}
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/api/v1/placement/runs", json.dumps(payload), content_type="application/json")
    assert response.status_code == 201
    assert response.json()["policy"] == {"children_in_province": True, "families_together": False}
    wrong = {"centre_id": world.a.pk, "policy": {"sideways": True, "families_together": "yes"}}
    refused = client.post("/api/v1/placement/runs", json.dumps(wrong), content_type="application/json")
    assert refused.status_code in (400, 422)
    assert PlacementRun.objects.count() == 1
