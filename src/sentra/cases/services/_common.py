"""What every case service shares: who may act, the configurable rules, error collection, audit."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _

from sentra.cases import rules
from sentra.cases.models import CENTRE_CASE_ROLES, CareTeamMember, Case, CaseRuleSet
from sentra.core.models import Role, User
from sentra.core.querysets import centre_ids_of
from sentra.network.models import Sentra


class Errors:
    """Collects every problem, keyed by field, so a form shows them all at once."""

    def __init__(self) -> None:
        self.by_field: dict[str, list[str]] = {}

    def add(self, field: str, message: Any) -> None:
        self.by_field.setdefault(field, []).append(str(message))

    def __bool__(self) -> bool:
        return bool(self.by_field)

    def raise_if_any(self) -> None:
        if self.by_field:
            raise ValidationError(self.by_field)

    def merge(self, exc: ValidationError, prefix: str = "") -> None:
        """Add a model's errors; with ``prefix`` (e.g. ``goals.0.``) each field is named inside a row."""
        whole = prefix.rstrip(".") or "__all__"
        if not hasattr(exc, "error_dict"):
            for message in exc.messages:
                self.add(whole, message)
            return
        for name, messages in exc.message_dict.items():
            key = whole if name == "__all__" else f"{prefix}{name}"
            for message in messages:
                self.add(key, message)


def full_clean(
    instance: models.Model, errors: Errors, *, prefix: str = "", exclude: list[str] | None = None
) -> None:
    try:
        instance.full_clean(exclude=exclude, validate_constraints=False)
    except ValidationError as exc:
        errors.merge(exc, prefix)


def is_member(user: User, sentra_id: int | None) -> bool:
    return sentra_id is not None and sentra_id in centre_ids_of(user)


def is_centre_staff(user: User, sentra_id: int | None) -> bool:
    """Case managers, centre heads and intake staff of the centre."""
    return user.is_active and user.role in CENTRE_CASE_ROLES and is_member(user, sentra_id)


def is_head_of(user: User, sentra_id: int | None) -> bool:
    return user.role == Role.CENTRE_HEAD and is_member(user, sentra_id)


def on_care_team(user: User, case: Case) -> bool:
    return CareTeamMember.objects.filter(case=case, user=user, removed_on__isnull=True).exists()


def may_manage(user: User, case: Case) -> bool:
    """Run the case: its case manager, or a head of its centre."""
    return user.pk == case.case_manager_id or is_head_of(user, case.sentra_id)


def may_contribute(user: User, case: Case) -> bool:
    """Write notes, log services, record conferences: managers, the care team, the centre's social workers."""
    if may_manage(user, case) or on_care_team(user, case):
        return True
    return user.role == Role.CASE_MANAGER and is_member(user, case.sentra_id)


def require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def require_open(case: Case) -> None:
    if case.closed_on is not None:
        raise ValidationError(
            {"__all__": [_("The case {number} is closed.").format(number=case.case_number)]}
        )


def today() -> datetime.date:
    return timezone.localdate()


def rules_for(sentra_id: int | None) -> CaseRuleSet:
    """The centre's own rule numbers, else the national defaults, else the built-in ones."""
    rows = {
        row.sentra_id: row
        for row in CaseRuleSet.objects.filter(models.Q(sentra_id=sentra_id) | models.Q(sentra__isnull=True))
    }
    found = rows.get(sentra_id) or rows.get(None)
    if found is not None:
        return found
    return CaseRuleSet(aftercare_months=[1, 3, 6])


def task_rules_for(sentra_id: int | None) -> rules.TaskRules:
    row = rules_for(sentra_id)
    months = rules.parse_aftercare_months(row.aftercare_months) if row.aftercare_months else ()
    return rules.TaskRules(
        initial_assessment_days=row.initial_assessment_days,
        plan_review_days=row.plan_review_days,
        aftercare_months=months,
    )


def active_member_ids(sentra: Sentra | int) -> set[int]:
    sentra_id = sentra if isinstance(sentra, int) else sentra.pk
    return set(
        User.objects.filter(memberships__sentra_id=sentra_id, is_active=True).values_list("pk", flat=True)
    )
