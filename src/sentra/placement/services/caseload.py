"""Accepting the proposed caseload: each chosen case goes to its new case manager through the cases
app's ``case_assign`` (which audits the case and its tasks); the review decision itself is audited
once with every pair accepted."""

from __future__ import annotations

from collections.abc import Mapping

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from sentra.cases import services as cases
from sentra.core import audit
from sentra.core.models import AuditAction, User
from sentra.network.models import Sentra
from sentra.placement import selectors


@transaction.atomic
def caseload_accept(*, actor: User, sentra: Sentra, choices: Mapping[int, int]) -> int:
    """Give each case (id → case-manager user id) to the chosen case manager; all or nothing.

    Returns how many cases changed hands (a case already with its proposed manager is unchanged)."""
    if not selectors.may_review_caseload(user=actor, sentra=sentra):
        raise PermissionDenied
    if not choices:
        raise ValidationError({"cases": [_("Choose at least one proposal to accept.")]})
    waiting = {case.pk: case for case in selectors.waiting_cases(sentra=sentra).filter(pk__in=list(choices))}
    unknown = [case_id for case_id in choices if case_id not in waiting]
    if unknown:
        raise ValidationError({"cases": [_("A chosen case is not waiting at this centre.")]})
    managers = {user.pk: user for user in User.objects.filter(pk__in=set(choices.values()))}
    changed: dict[str, list[int]] = {}
    errors: dict[str, list[str]] = {}
    for case_id, user_id in choices.items():
        case, manager = waiting[case_id], managers.get(user_id)
        if manager is None:
            errors.setdefault(f"cases.{case_id}", []).append(_("No such case manager."))
            continue
        if case.case_manager_id == manager.pk:
            continue
        try:
            cases.case_assign(actor=actor, case=case, case_manager=manager)
        except ValidationError as exc:
            errors.setdefault(f"cases.{case_id}", []).extend(str(m) for m in exc.messages)
            continue
        changed[str(case_id)] = [case.pk, manager.pk]
    if errors:
        raise ValidationError(errors)
    audit.record(
        actor=actor,
        action=AuditAction.UPDATE,
        object_type="placement.caseload",
        object_id=str(sentra.pk),
        object_repr=_("Caseload proposal accepted at {centre}").format(centre=sentra.name),
        sentra_id=sentra.pk,
        changes={"accepted": [None, {str(k): v for k, v in choices.items()}]},
    )
    return len(changed)
