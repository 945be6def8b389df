"""Improvement actions for weak elements: planned by the head, progress reported by the owner."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from sentra.core.models import Role
from sentra.quality import services
from sentra.quality.models import ActionStatus, ImprovementAction
from tests.quality.factories import make_period

pytestmark = pytest.mark.django_db
DUE = datetime.date(2026, 12, 31)


def plan(owner_id: int, **extra) -> services.ActionInput:
    data = {"element": "waktu", "title": "Tambah loket pelayanan", "owner_id": owner_id, "due_on": DUE}
    data.update(extra)
    return services.ActionInput(**data)


def test_the_head_plans_and_the_owner_completes(centre_a, make_user) -> None:
    period = make_period(centre_a)
    head = make_user(role=Role.CENTRE_HEAD, centres=(centre_a,))
    owner = make_user(role=Role.INTAKE, centres=(centre_a,))
    action = services.action_create(actor=head, period=period, data=plan(owner.pk))
    done = plan(
        owner.pk, status=ActionStatus.DONE, completed_on=datetime.date(2026, 11, 2), outcome="Loket 3 dibuka"
    )
    services.action_update(actor=owner, action=action, data=done)
    action.refresh_from_db()
    assert action.status == ActionStatus.DONE
    assert action.is_finished


def test_the_owner_may_not_change_the_plan(centre_a, make_user) -> None:
    period = make_period(centre_a)
    head = make_user(role=Role.CENTRE_HEAD, centres=(centre_a,))
    owner = make_user(role=Role.INTAKE, centres=(centre_a,))
    action = services.action_create(actor=head, period=period, data=plan(owner.pk))
    with pytest.raises(PermissionDenied):
        services.action_update(
            actor=owner, action=action, data=plan(owner.pk, due_on=datetime.date(2027, 6, 30))
        )
    colleague = make_user(role=Role.INTAKE, centres=(centre_a,))
    with pytest.raises(PermissionDenied):
        services.action_update(
            actor=colleague, action=action, data=plan(owner.pk, status=ActionStatus.IN_PROGRESS)
        )


def test_rules_are_named(centre_a, centre_b, make_user) -> None:
    period = make_period(centre_a)
    head = make_user(role=Role.CENTRE_HEAD, centres=(centre_a,))
    outsider = make_user(role=Role.INTAKE, centres=(centre_b,))
    with pytest.raises(ValidationError) as exc:
        services.action_create(
            actor=head,
            period=period,
            data=plan(outsider.pk, element="u9", title=" ", status=ActionStatus.DONE),
        )
    assert set(exc.value.message_dict) == {"element", "title", "owner", "completed_on"}
    assert ImprovementAction.objects.count() == 0


@pytest.mark.parametrize("role", [Role.INTAKE, Role.CASE_MANAGER, Role.NATIONAL_ANALYST])
def test_only_the_head_plans(centre_a, make_user, role) -> None:
    period = make_period(centre_a)
    user = make_user(role=role, centres=(centre_a,))
    with pytest.raises(PermissionDenied):
        services.action_create(actor=user, period=period, data=plan(user.pk))
