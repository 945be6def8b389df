"""The configurable case rules: national defaults, a centre's own numbers and stage wording."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.utils import translation

from sentra.cases import selectors, services
from sentra.cases.models import CaseRuleSet
from sentra.core.models import User
from tests.cases.conftest import World, make_person, open_case
from tests.fixtures import sign_in

pytestmark = pytest.mark.django_db


def save(actor: User, sentra, **extra):
    values = {
        "initial_assessment_days": 5,
        "plan_review_days": 60,
        "aftercare_months": [1, 3],
        "referral_response_days": 7,
    }
    values.update(extra)
    return services.case_rules_save(actor=actor, sentra=sentra, **values)


def test_national_defaults_then_a_centres_own_rules_drive_the_tasks(world: World) -> None:
    save(world.admin, None, initial_assessment_days=10)
    first = open_case(world, make_person(world.a, "Ani"))
    assert first.tasks.get().due_on == first.opened_on + datetime.timedelta(days=10)
    save(world.head_a, world.a, initial_assessment_days=2)
    second = open_case(world, make_person(world.a, "Budi"))
    assert second.tasks.get().due_on == second.opened_on + datetime.timedelta(days=2)
    assert CaseRuleSet.objects.count() == 2
    assert first.tasks.get().due_on == first.opened_on + datetime.timedelta(
        days=10
    )  # existing tasks keep their dates


def test_who_may_change_the_rules_and_bad_numbers(world: World) -> None:
    for actor, sentra in ((world.head_a, None), (world.head_a, world.b), (world.cm_a, world.a)):
        with pytest.raises(PermissionDenied):
            save(actor, sentra)
    with pytest.raises(ValidationError) as excinfo:
        save(
            world.head_a,
            world.a,
            initial_assessment_days=0,
            plan_review_days=None,
            aftercare_months=[0, 99],
            stage_labels={"x": {}},
        )
    assert set(excinfo.value.message_dict) == {
        "initial_assessment_days",
        "plan_review_days",
        "aftercare_months",
        "stage_labels",
    }


def test_stage_wording_per_language(world: World) -> None:
    save(world.head_a, world.a, stage_labels={"asesmen": {"id": "Asesmen komprehensif", "en": ""}})
    with translation.override("id"):
        assert selectors.stage_labels(world.a.pk)["asesmen"] == "Asesmen komprehensif"
    with translation.override("en"):
        assert selectors.stage_labels(world.a.pk)["asesmen"] == "Assessment"
    assert selectors.stage_labels(world.b.pk)["asesmen"] == "Assessment"


def test_the_rules_page(world: World) -> None:
    head = sign_in(Client(), world.head_a)
    assert head.get("/cases/rules/").status_code == 200
    assert head.get(f"/cases/rules/?centre={world.b.pk}").status_code == 404
    bad = head.post(
        f"/cases/rules/?centre={world.a.pk}", {"initial_assessment_days": "0", "aftercare_months": "1, x"}
    )
    assert bad.status_code == 422
    assert b'data-field="aftercare_months"' in bad.content
    good = head.post(
        f"/cases/rules/?centre={world.a.pk}",
        {
            "initial_assessment_days": "3",
            "plan_review_days": "45",
            "aftercare_months": "1, 6",
            "referral_response_days": "10",
            "label_en_terminasi": "Ending",
        },
    )
    assert good.status_code == 302
    row = CaseRuleSet.objects.get(sentra=world.a)
    assert (row.plan_review_days, row.aftercare_months, row.stage_labels) == (
        45,
        [1, 6],
        {"terminasi": {"en": "Ending"}},
    )
    assert sign_in(Client(), world.cm_a).get("/cases/rules/").status_code == 403
    admin = sign_in(Client(), world.admin)
    assert (
        admin.post(
            "/cases/rules/",
            {"initial_assessment_days": "7", "plan_review_days": "90", "referral_response_days": "14"},
        ).status_code
        == 302
    )
    assert CaseRuleSet.objects.get(sentra__isnull=True).aftercare_months == []
