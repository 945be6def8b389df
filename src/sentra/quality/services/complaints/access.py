"""Who may triage and handle a complaint; limits shared by the complaint services."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from sentra.core.models import User
from sentra.quality.models import (
    COMPLAINT_DESK_ROLES,
    Complaint,
    ComplaintEvent,
)
from sentra.quality.services._common import is_member

TEXT_MAX = 5000


def staff_ids(sentra_id: int) -> set[int]:
    from sentra.quality.services.responses import staff_of

    return {user.pk for user in staff_of(sentra_id)}


def require_desk(actor: User, sentra_id: int) -> None:
    if actor.role == "sysadmin":
        return
    if actor.role not in COMPLAINT_DESK_ROLES or not is_member(actor, sentra_id):
        raise PermissionDenied


def require_not_named(actor: User, complaint: Complaint) -> None:
    """A staff member a complaint names never handles it."""
    if complaint.names(actor):
        raise PermissionDenied


def may_handle(actor: User, complaint: Complaint) -> bool:
    """Answer and resolve: the handler it is assigned to, the centre head, or an administrator."""
    if complaint.names(actor):
        return False
    if actor.role == "sysadmin" or complaint.assigned_to_id == actor.pk:
        return True
    return actor.role == "centre_head" and is_member(actor, complaint.sentra_id)


def may_triage(actor: User, complaint: Complaint) -> bool:
    if complaint.names(actor):
        return False
    return actor.role == "sysadmin" or (
        actor.role in COMPLAINT_DESK_ROLES and is_member(actor, complaint.sentra_id)
    )


def add_event(
    complaint: Complaint, actor: User | None, kind: str, text: str = "", public: bool = False
) -> None:
    """A line on the complaint's timeline (public ones show on the tracking page)."""
    ComplaintEvent.objects.create(complaint=complaint, actor=actor, kind=kind, text=text, public=public)
