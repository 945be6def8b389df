"""Staff accounts and their centre memberships.

Administrators manage every account; a centre head the staff accounts of their own centres, giving
only staff roles. The account itself is written by ``sentra.core.services``; this adds who may do what,
and the memberships.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from sentra.core import audit
from sentra.core import services as core_services
from sentra.core.models import Role, User
from sentra.core.querysets import centre_ids_of, forget_centre_ids
from sentra.network import rules
from sentra.network.models import Membership, Sentra


def _editable_centres(actor: User | None) -> frozenset[int] | None:
    """Centres whose memberships the actor may change; None means all."""
    if actor is None or actor.role == Role.SYSADMIN:
        return None
    if actor.role == Role.CENTRE_HEAD:
        return centre_ids_of(actor)
    raise PermissionDenied


@transaction.atomic
def membership_set(
    *, actor: User | None, user: User, sentra_ids: Iterable[int], actor_label: str | None = None
) -> tuple[int, int]:
    """Make ``sentra_ids`` the account's centres (within the centres the actor may edit).

    Returns ``(added, removed)``. A centre head changes only memberships in their own centres.
    """
    editable = _editable_centres(actor)
    wanted = frozenset(int(pk) for pk in sentra_ids)
    known = frozenset(Sentra.objects.filter(pk__in=wanted).values_list("pk", flat=True))
    if wanted - known:
        raise ValidationError({"centres": [_("Choose centres from the list.")]})
    if editable is not None and not wanted <= editable:
        raise ValidationError({"centres": [_("You may assign accounts only to the centres you belong to.")]})
    rows = {row.sentra_id: row for row in Membership.objects.filter(user=user).select_related("sentra")}
    add, remove = rules.membership_changes(current=frozenset(rows), wanted=wanted, editable=editable)
    for sentra_id in sorted(remove):
        row = rows[sentra_id]
        audit.record_delete(actor=actor, instance=row, sentra_id=sentra_id, actor_label=actor_label)
        row.delete()
    for sentra_id in sorted(add):
        row = Membership(user=user, sentra_id=sentra_id)
        row.full_clean()
        row.save()
        audit.record_create(actor=actor, instance=row, sentra_id=sentra_id, actor_label=actor_label)
    forget_centre_ids(user)
    return len(add), len(remove)


def _role_label(role: str) -> str:
    return str(dict(Role.choices).get(role, role))


def _account_errors(
    problems: dict[str, rules.AccountProblem], *, actor_role: str, role: str
) -> dict[str, list[str]]:
    grantable = sorted(rules.roles_grantable_by(actor_role), key=Role.values.index)
    messages = {
        rules.AccountProblem.ROLE_NOT_GRANTABLE: _(
            "Your role may not give the role '{role}'. Roles you may give: {allowed}."
        ),
        rules.AccountProblem.CENTRE_NOT_YOURS: _(
            "You may assign accounts only to the centres you belong to."
        ),
        rules.AccountProblem.CENTRE_REQUIRED: _("The role '{role}' works in a centre: choose at least one."),
        rules.AccountProblem.NATIONAL_HAS_NO_CENTRE: _(
            "The role '{role}' works nationally: leave the centres empty."
        ),
        rules.AccountProblem.OWN_ROLE: _(
            "You cannot change the role of your own account; ask another administrator."
        ),
        rules.AccountProblem.OWN_DEACTIVATION: _("You cannot deactivate your own account."),
    }
    allowed = ", ".join(_role_label(value) for value in grantable) or "-"
    return {
        name: [messages[problem].format(role=_role_label(role), allowed=allowed)]
        for name, problem in problems.items()
    }


def _merge(errors: dict[str, list[str]], exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for name, messages in exc.message_dict.items():
            errors.setdefault(name, []).extend(
                message for message in messages if message not in errors.get(name, [])
            )
    else:
        errors.setdefault("__all__", []).extend(exc.messages)


def may_manage(actor: User, user: User) -> bool:
    """Whether ``actor`` may edit, unlock or reset the second factor of ``user``."""
    return rules.may_manage_account(
        actor_role=actor.role,
        actor_id=actor.pk,
        actor_centres=centre_ids_of(actor),
        target_id=user.pk,
        target_role=user.role,
        target_centres=frozenset(user.memberships.values_list("sentra_id", flat=True)),
    )


@transaction.atomic
def account_create(
    *,
    actor: User | None,
    username: str,
    password: str,
    role: str,
    sentra_ids: Iterable[int],
    first_name: str = "",
    last_name: str = "",
    email: str = "",
    profession: str = "",
    actor_label: str | None = None,
) -> User:
    """A new staff account in its centres. A centre head creates staff roles in their own centres only."""
    wanted = frozenset(int(pk) for pk in sentra_ids)
    if actor is not None:
        if not rules.may_administer_accounts(actor.role):
            raise PermissionDenied
        problems = rules.account_problems(
            actor_role=actor.role, actor_centres=centre_ids_of(actor), role=role, sentra_ids=wanted
        )
    else:
        problems = rules.account_problems(
            actor_role=Role.SYSADMIN, actor_centres=frozenset(), role=role, sentra_ids=wanted
        )
    errors = _account_errors(problems, actor_role=actor.role if actor else Role.SYSADMIN, role=role)
    user: User | None = None
    try:
        # Every problem is reported at once: the account is tried even when a rule above failed, and the
        # whole transaction is rolled back below if anything was wrong.
        with transaction.atomic():
            user = core_services.user_create(
                actor=actor,
                username=username.strip(),
                password=password,
                role=role,
                first_name=first_name.strip(),
                last_name=last_name.strip(),
                email=email.strip(),
                profession=profession,
                actor_label=actor_label,
            )
    except ValidationError as exc:
        _merge(errors, exc)
    if errors or user is None:
        raise ValidationError(errors)
    membership_set(actor=actor, user=user, sentra_ids=wanted, actor_label=actor_label)
    return user


@transaction.atomic
def account_update(
    *,
    actor: User,
    user: User,
    role: str,
    sentra_ids: Iterable[int],
    first_name: str = "",
    last_name: str = "",
    email: str = "",
    profession: str = "",
    is_active: bool = True,
) -> User:
    """Change an account's name, role, status and centres, within what the actor may manage."""
    if not may_manage(actor, user):
        raise PermissionDenied
    wanted = frozenset(int(pk) for pk in sentra_ids)
    editable = _editable_centres(actor)
    current = frozenset(user.memberships.values_list("sentra_id", flat=True))
    kept = current - editable if editable is not None else frozenset()
    problems = rules.account_problems(
        actor_role=actor.role,
        actor_centres=centre_ids_of(actor),
        role=role,
        sentra_ids=wanted,
        kept_ids=kept,
        is_self=actor.pk == user.pk,
        current_role=user.role,
        is_active=is_active,
    )
    errors = _account_errors(problems, actor_role=actor.role, role=role)
    try:
        with transaction.atomic():
            core_services.user_update(
                actor=actor,
                user=user,
                role=role,
                first_name=first_name.strip(),
                last_name=last_name.strip(),
                email=email.strip(),
                profession=profession,
                is_active=is_active,
            )
    except ValidationError as exc:
        _merge(errors, exc)
    if errors:
        user.refresh_from_db()
        raise ValidationError(errors)
    membership_set(actor=actor, user=user, sentra_ids=wanted)
    return user


def _shared_centre(actor: User, user: User) -> int | None:
    """The centre an account action is recorded under: one the actor and the person share, if any.

    An administrator acting on someone with centres records it under the person's first centre, so
    that centre's head sees it too.
    """
    theirs = sorted(user.memberships.values_list("sentra_id", flat=True))
    shared = [pk for pk in theirs if pk in centre_ids_of(actor)]
    chosen = shared or theirs
    return chosen[0] if chosen else None


@transaction.atomic
def account_unlock(*, actor: User, user: User) -> None:
    """Lift a sign-in lockout before it expires."""
    if not may_manage(actor, user):
        raise PermissionDenied
    core_services.user_unlock(actor=actor, user=user, sentra_id=_shared_centre(actor, user))


@transaction.atomic
def account_two_factor_reset(*, actor: User, user: User) -> None:
    """Clear a lost authenticator; the person enrols again at their next sign-in."""
    if not may_manage(actor, user):
        raise PermissionDenied
    core_services.two_factor_reset(actor=actor, user=user, sentra_id=_shared_centre(actor, user))
