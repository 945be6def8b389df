"""Data-subject requests (UU PDP): record them with their deadline, answer them, lift a restriction.

A restriction of processing in force (Pasal 11, 41) is enforced, not only shown: see
``processing_restricted`` and ``require_processing_allowed`` (and docs/beneficiaries.md).

Deadlines come from ``rules.subject_requests`` (3 x 24 hours). A refusal needs its reason (Pasal 33
lists when access must be refused, e.g. when it endangers the person or others). Every write is
audited; the export itself is in ``subject_export``.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sentra.beneficiaries import permissions
from sentra.beneficiaries.models import (
    Beneficiary,
    RequesterKind,
    SubjectRequest,
    SubjectRequestKind,
    SubjectRequestStatus,
)
from sentra.beneficiaries.rules import subject_requests as rules
from sentra.beneficiaries.services import subject_erasure
from sentra.beneficiaries.services.consents import guardian_link
from sentra.core import audit
from sentra.core.models import User

# Kinds that must say which data or which processing they are about.
DETAILED_KINDS = (SubjectRequestKind.CORRECTION, SubjectRequestKind.RESTRICTION, SubjectRequestKind.ERASURE)


@dataclass(frozen=True)
class SubjectRequestInput:
    kind: str
    requested_by: str
    received_at: datetime.datetime | None = None
    guardian_id: int | None = None
    requester_name: str = ""
    details: str = ""


def require_handler(actor: User, beneficiary: Beneficiary) -> None:
    if not (
        permissions.may_handle_subject_requests(actor)
        and Beneficiary.objects.visible_to(actor).filter(pk=beneficiary.pk).exists()
    ):
        raise PermissionDenied


@transaction.atomic
def subject_request_record(
    *, actor: User, beneficiary: Beneficiary, data: SubjectRequestInput
) -> SubjectRequest:
    """Record a request as received (now, or when it was received at the desk) and set its deadline."""
    require_handler(actor, beneficiary)
    errors: dict[str, list[str]] = {}

    def add(name: str, message: str) -> None:
        errors.setdefault(name, []).append(message)

    now = timezone.now()
    received = data.received_at or now
    if data.kind not in SubjectRequestKind.values:
        add("kind", _("Choose what the person asks for."))
    if data.requested_by not in RequesterKind.values:
        add("requested_by", _("Choose who makes the request."))
    if received > now:
        add("received_at", _("The request cannot be received in the future."))
    elif received < now - datetime.timedelta(days=365):
        add("received_at", _("Record a request within a year of receiving it."))
    guardian = None
    if data.requested_by in (RequesterKind.PARENT, RequesterKind.GUARDIAN):
        guardian, problem = guardian_link(beneficiary, by=data.requested_by, guardian_id=data.guardian_id)
        if problem:
            add("guardian", problem)
    elif data.guardian_id is not None:
        add("guardian", _("Leave the guardian empty when the person asks themselves."))
    details = data.details.strip()
    if data.kind in DETAILED_KINDS and not details:
        add("details", _("Write which data or which processing the request is about."))
    if len(details) > 4000:
        add("details", _("At most {count} characters.").format(count=4000))
    name = " ".join(data.requester_name.split())
    if len(name) > 200:
        add("requester_name", _("At most {count} characters.").format(count=200))
    if errors:
        raise ValidationError(errors)
    if not name:
        name = guardian.display_name if guardian is not None else beneficiary.full_name
    request = SubjectRequest.objects.create(
        beneficiary=beneficiary,
        kind=data.kind,
        requested_by=data.requested_by,
        guardian=guardian,
        requester_name=name,
        details=details,
        received_at=received,
        due_at=rules.response_due(data.kind, received),
        created_by=actor,
    )
    audit.record_create(actor=actor, instance=request, sentra_id=beneficiary.registered_sentra_id)
    return request


@transaction.atomic
def subject_request_answer(
    *,
    actor: User,
    request: SubjectRequest,
    status: str,
    outcome: str = "",
    retention_ground: str = "",
    erase_categories: Sequence[str] = (),
) -> SubjectRequest:
    """Complete or refuse a received request; lift a restriction that is in force.

    An erasure refused, or completed while keeping some data, names the legal ground for keeping it
    (``rules.RETENTION_GROUNDS``); other kinds take no ground. An erasure completed names the
    categories of data erased (``rules.ERASURE_CATEGORIES``, at least one unless everything is kept on a
    ground), and they are erased in the same transaction (``subject_erasure.erase``).
    """
    require_handler(actor, request.beneficiary)
    note = outcome.strip()
    categories = list(dict.fromkeys(erase_categories))
    errors: dict[str, list[str]] = {}
    category_problems = rules.erasure_category_problems(request.kind, status, categories, retention_ground)
    if "unknown_category" in category_problems:
        errors["erase_categories"] = [
            _("Unknown data category: {names}. Choose among: {allowed}.").format(
                names=", ".join(c for c in categories if c not in rules.ERASURE_CATEGORIES),
                allowed=", ".join(rules.ERASURE_CATEGORIES),
            )
        ]
    elif "categories_not_allowed" in category_problems:
        errors["erase_categories"] = [_("Data to erase belongs to a completed erasure request.")]
    elif "category_required" in category_problems:
        errors["erase_categories"] = [
            _("Choose the data to erase, or name the legal ground for keeping all of it.")
        ]
    if request.kind == SubjectRequestKind.ERASURE and status != SubjectRequestStatus.LIFTED:
        problems = rules.erasure_answer_problems(status, retention_ground, note)
        if "unknown_ground" in problems:
            errors["retention_ground"] = [_("Choose one of the legal grounds listed.")]
        if "ground_required" in problems:
            errors["retention_ground"] = [
                _("Name the legal ground for keeping the data (UU PDP Article 15, 43-44).")
            ]
        if "outcome_required" in problems:
            errors["outcome"] = [_("Say what was deleted and what is kept.")]
    elif retention_ground:
        errors["retention_ground"] = [_("A legal ground for keeping data belongs to an erasure request.")]
    if status == SubjectRequestStatus.LIFTED:
        if not request.restriction_in_force:
            errors["status"] = [_("Only a restriction in force can be lifted.")]
    elif status in (SubjectRequestStatus.COMPLETED, SubjectRequestStatus.REFUSED):
        if request.status != SubjectRequestStatus.RECEIVED:
            errors["status"] = [_("This request has already been answered.")]
        if status == SubjectRequestStatus.REFUSED and not note:
            errors["outcome"] = [_("Give the reason for refusing (UU PDP Article 33).")]
        if (
            status == SubjectRequestStatus.COMPLETED
            and request.kind == SubjectRequestKind.CORRECTION
            and not note
        ):
            errors["outcome"] = [_("Say what was corrected.")]
    else:
        errors["status"] = [_("Choose completed, refused or lifted.")]
    if len(note) > 4000:
        errors.setdefault("outcome", []).append(_("At most {count} characters.").format(count=4000))
    if errors:
        raise ValidationError(errors)
    before = audit.snapshot(request)
    now = timezone.now()
    if status == SubjectRequestStatus.LIFTED:
        request.lifted_at = now
        request.outcome = "\n".join(part for part in (request.outcome, note) if part)
    else:
        request.decided_at = now
        request.decided_by = actor
        request.outcome = note
        request.retention_ground = retention_ground
        if categories:
            request.erased_categories = subject_erasure.erase(
                actor=actor, request=request, categories=categories
            )
    request.status = status
    request.save()
    audit.record_update(
        actor=actor, instance=request, before=before, sentra_id=request.beneficiary.registered_sentra_id
    )
    return request


# --- Restriction of processing in force ------------------------------------------------------------
#
# UU PDP Pasal 11 gives the person the right to have processing delayed or restricted, Pasal 41 obliges
# the controller to do so (domain-indonesia.md §4.2-4.3). What stays allowed while a restriction is in
# force is the essential care the responsible centre gives (its own record, its case work) and the
# person's own rights (their export). What stops is processing beyond the responsible centre:
# sending the record with a referral or a transfer, and finding the person in searches from other
# centres. The centre lifts the restriction when the person agrees (or the request is answered).


def processing_restricted(beneficiary: Beneficiary) -> bool:
    """Whether a restriction of processing the person asked for is in force."""
    return SubjectRequest.objects.restrictions_in_force().filter(beneficiary=beneficiary).exists()


def require_processing_allowed(*, beneficiary: Beneficiary, field: str = "__all__") -> None:
    """Refuse processing beyond the responsible centre while a restriction is in force."""
    if processing_restricted(beneficiary):
        raise ValidationError(
            {
                field: [
                    _(
                        "{name} asked for processing of their data to be restricted (UU PDP Article 41): "
                        "it is not shared outside the responsible centre until the restriction is lifted."
                    ).format(name=beneficiary.full_name)
                ]
            },
            code="processing_restricted",
        )
