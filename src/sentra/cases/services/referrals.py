"""Closed-loop referrals and transfers between centres.

A referral shares the explicit summary of ``rules.SHARED_SUMMARY_FIELDS`` (stored on the referral at
the moment it is sent) and nothing else; it needs the person's consent to sharing with a referral
target. The receiving centre accepts (optionally opening its own case) or declines with a reason; the
sender sees the outcome. A referral to an outside service (hospital, dinas sosial, police...) has no
receiver in Sentra: the sender records its answer.

A transfer moves the case itself: on acceptance the case's centre and case manager change, so access
moves with it (``Case.objects.visible_to`` follows ``sentra``); everything recorded so far stays on
the case.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sentra.beneficiaries.models import Beneficiary, Consent, ConsentPurpose
from sentra.beneficiaries.services.consents import require_consent
from sentra.beneficiaries.services.subject_requests import require_processing_allowed
from sentra.cases import rules
from sentra.cases.models import (
    CareTeamMember,
    Case,
    DeclineReason,
    OutsideService,
    Referral,
    ReferralStatus,
    ReferralTarget,
    StayStatus,
    Transfer,
    TransferStatus,
    Urgency,
    WaitingListEntry,
    WaitingRemoval,
)
from sentra.cases.services._common import (
    Errors,
    full_clean,
    is_head_of,
    is_member,
    may_manage,
    require,
    require_open,
    rules_for,
    today,
)
from sentra.cases.services.lifecycle import open_from_referral
from sentra.core import audit
from sentra.core.models import AuditAction, Role, User
from sentra.network.models import Sentra, SentraKind, ServiceComponent
from sentra.workforce.eligibility import case_manager_problem


def _require_sharing_consent(beneficiary: Beneficiary) -> Consent:
    """The consent to share with a referral target (the registry's ledger; a child's by a parent/guardian).

    A restriction of processing in force (UU PDP Pasal 41) stops the sharing whatever the consent.
    """
    require_processing_allowed(beneficiary=beneficiary, field="consent")
    return require_consent(beneficiary=beneficiary, purpose=ConsentPurpose.REFERRAL_SHARING, field="consent")


def summary_of(
    case: Case, *, reason: str, components: Sequence[ServiceComponent], urgency: str
) -> dict[str, Any]:
    """The minimum necessary data about the person and the case (see ``rules.SHARED_SUMMARY_FIELDS``)."""
    person = case.beneficiary
    manager = case.case_manager
    return rules.shared_summary(
        {
            "registration_number": person.registration_number,
            "full_name": person.full_name,
            "sex": person.sex,
            "age": person.age if person.age is not None else person.estimated_age,
            "clusters": list(person.clusters) or [case.cluster],
            "disability_types": list(person.disability_types),
            "case_number": case.case_number,
            "stage": case.stage,
            "setting": case.setting,
            "reason": reason.strip(),
            "services_requested": [component.code for component in components],
            "urgency": urgency,
            "sender_centre": case.sentra.name,
            "sender_contact": {
                "case_manager": manager.get_full_name() or manager.username,
                "phone": case.sentra.phone,
            },
        }
    )


def _receiving_kinds(target_kind: str) -> tuple[str, ...]:
    if target_kind == ReferralTarget.LKS:
        return (SentraKind.LKS,)
    return (SentraKind.NATIONAL, SentraKind.UPTD)


@transaction.atomic
def referral_send(
    *,
    actor: User,
    case: Case,
    target_kind: str,
    reason: str,
    to_sentra: Sentra | None = None,
    outside_kind: str = "",
    outside_name: str = "",
    components: Sequence[ServiceComponent] = (),
    urgency: str = Urgency.NORMAL,
) -> Referral:
    """Refer the person from any stage of an open case, once the sharing consent is on record."""
    require(may_manage(actor, case))
    require_open(case)
    errors = Errors()
    if target_kind not in ReferralTarget.values:
        errors.add("target_kind", _("Choose where the person is referred to."))
    elif target_kind == ReferralTarget.OUTSIDE:
        to_sentra = None
        if outside_kind not in OutsideService.values:
            errors.add("outside_kind", _("Choose the kind of service."))
        if not outside_name.strip():
            errors.add("outside_name", _("Name the service (e.g. RSJ Dr. Soeharto Heerdjan)."))
    else:
        outside_kind, outside_name = "", ""
        if to_sentra is None:
            errors.add("to_sentra", _("Choose the receiving centre."))
        elif to_sentra.pk == case.sentra_id:
            errors.add("to_sentra", _("A referral goes to another centre."))
        elif not to_sentra.is_active or to_sentra.kind not in _receiving_kinds(target_kind):
            errors.add("to_sentra", _("Choose an active centre of the chosen kind."))
        elif Referral.objects.filter(case=case, to_sentra=to_sentra, status=ReferralStatus.SENT).exists():
            errors.add("to_sentra", _("A referral to this centre is already waiting for an answer."))
    if urgency not in Urgency.values:
        errors.add("urgency", _("Choose the urgency."))
    if not reason.strip():
        errors.add("reason", _("Say why the person is referred."))
    consent = None
    try:
        consent = _require_sharing_consent(case.beneficiary)
    except ValidationError as exc:
        errors.merge(exc)
    errors.raise_if_any()
    assert consent is not None
    days = rules_for(case.sentra_id).referral_response_days
    referral = Referral(
        case=case,
        from_sentra=case.sentra,
        target_kind=target_kind,
        to_sentra=to_sentra,
        outside_kind=outside_kind,
        outside_name=outside_name.strip(),
        reason=reason.strip(),
        urgency=urgency,
        consent=consent,
        shared_summary=summary_of(case, reason=reason, components=components, urgency=urgency),
        sent_by=actor,
        response_due_on=rules.response_due(today(), days),
    )
    full_clean(referral, errors, exclude=["consent"])
    errors.raise_if_any()
    referral.save()
    referral.requested_components.set(components)
    audit.record_create(actor=actor, instance=referral, sentra_id=case.sentra_id)
    if to_sentra is not None:
        # The receiving centre's audit log shows what arrived (the summary, not the case).
        audit.record(
            actor=actor,
            action=AuditAction.CREATE,
            instance=referral,
            sentra_id=to_sentra.pk,
            changes={"shared_summary": [None, referral.shared_summary]},
        )
    return referral


def _may_answer(actor: User, referral: Referral) -> bool:
    """The receiving centre's head or social workers."""
    return (
        referral.to_sentra_id is not None
        and actor.role in (Role.CENTRE_HEAD, Role.CASE_MANAGER)
        and is_member(actor, referral.to_sentra_id)
    )


def _require_pending(referral: Referral) -> None:
    if referral.status != ReferralStatus.SENT:
        raise ValidationError({"__all__": [_("This referral has already been answered.")]})


@transaction.atomic
def referral_accept(
    *,
    actor: User,
    referral: Referral,
    note: str = "",
    open_case: bool = False,
    case_manager: User | None = None,
    setting: str = "",
) -> Referral:
    """The receiving centre accepts; with ``open_case`` it opens its own case for the person at once."""
    referral = Referral.objects.select_for_update().get(pk=referral.pk)
    require(_may_answer(actor, referral))
    _require_pending(referral)
    before = audit.snapshot(referral)
    referral.status = ReferralStatus.ACCEPTED
    referral.responded_at = timezone.now()
    referral.responded_by = actor
    referral.response_note = note.strip()
    referral.save()
    audit.record_update(actor=actor, instance=referral, before=before, sentra_id=referral.to_sentra_id)
    audit.record_update(actor=actor, instance=referral, before=before, sentra_id=referral.from_sentra_id)
    if open_case:
        open_from_referral(actor=actor, referral=referral, case_manager=case_manager, setting=setting)
    return referral


@transaction.atomic
def referral_decline(*, actor: User, referral: Referral, reason: str, note: str = "") -> Referral:
    referral = Referral.objects.select_for_update().get(pk=referral.pk)
    require(_may_answer(actor, referral))
    _require_pending(referral)
    return _decline(actor=actor, referral=referral, reason=reason, note=note)


def _decline(*, actor: User, referral: Referral, reason: str, note: str) -> Referral:
    errors = Errors()
    if reason not in DeclineReason.values:
        errors.add("decline_reason", _("Choose the reason for declining."))
    if reason == DeclineReason.OTHER and not note.strip():
        errors.add("note", _("Explain the reason."))
    errors.raise_if_any()
    before = audit.snapshot(referral)
    referral.status = ReferralStatus.DECLINED
    referral.decline_reason = reason
    referral.responded_at = timezone.now()
    referral.responded_by = actor
    referral.response_note = note.strip()
    referral.save()
    audit.record_update(actor=actor, instance=referral, before=before, sentra_id=referral.from_sentra_id)
    if referral.to_sentra_id is not None:
        audit.record_update(actor=actor, instance=referral, before=before, sentra_id=referral.to_sentra_id)
    return referral


@transaction.atomic
def referral_record_outcome(
    *, actor: User, referral: Referral, accepted: bool, decline_reason: str = "", note: str = ""
) -> Referral:
    """For an outside service (no receiver in Sentra): the sender records what the service answered."""
    referral = Referral.objects.select_for_update().get(pk=referral.pk)
    require(
        (may_manage(actor, referral.case) and is_member(actor, referral.from_sentra_id))
        or actor.pk == referral.sent_by_id
    )
    if referral.target_kind != ReferralTarget.OUTSIDE:
        raise ValidationError({"__all__": [_("The receiving centre answers this referral itself.")]})
    _require_pending(referral)
    if not accepted:
        return _decline(actor=actor, referral=referral, reason=decline_reason, note=note)
    before = audit.snapshot(referral)
    referral.status = ReferralStatus.ACCEPTED
    referral.responded_at = timezone.now()
    referral.responded_by = actor
    referral.response_note = note.strip()
    referral.save()
    audit.record_update(actor=actor, instance=referral, before=before, sentra_id=referral.from_sentra_id)
    return referral


@transaction.atomic
def referral_withdraw(*, actor: User, referral: Referral, note: str = "") -> Referral:
    referral = Referral.objects.select_for_update().get(pk=referral.pk)
    require(may_manage(actor, referral.case) or actor.pk == referral.sent_by_id)
    _require_pending(referral)
    before = audit.snapshot(referral)
    referral.status = ReferralStatus.WITHDRAWN
    referral.responded_at = timezone.now()
    referral.responded_by = actor
    referral.response_note = note.strip()
    referral.save()
    audit.record_update(actor=actor, instance=referral, before=before, sentra_id=referral.from_sentra_id)
    return referral


def transfer_may_answer(actor: User, transfer: Transfer) -> bool:
    return is_head_of(actor, transfer.to_sentra_id)


# --- Transfers ----------------------------------------------------------------------------------------


@transaction.atomic
def transfer_request(*, actor: User, case: Case, to_sentra: Sentra | None, reason: str) -> Transfer:
    """Ask another centre to take the case over (it needs the sharing consent, like a referral)."""
    require(may_manage(actor, case))
    require_open(case)
    errors = Errors()
    if to_sentra is None:
        errors.add("to_sentra", _("Choose the receiving centre."))
    elif to_sentra.pk == case.sentra_id:
        errors.add("to_sentra", _("A transfer goes to another centre."))
    elif not to_sentra.is_active:
        errors.add("to_sentra", _("Choose an active centre."))
    elif case.setting not in (to_sentra.settings_offered or []):
        errors.add("to_sentra", _("That centre does not offer the case's setting."))
    if not reason.strip():
        errors.add("reason", _("Say why the case is transferred."))
    if case.transfers.filter(status=TransferStatus.REQUESTED).exists():
        errors.add("__all__", _("A transfer of this case is already waiting for an answer."))
    if case.stays.exclude(status=StayStatus.DISCHARGED).exists():
        errors.add("__all__", _("Discharge the person from residence before transferring the case."))
    try:
        _require_sharing_consent(case.beneficiary)
    except ValidationError as exc:
        errors.merge(exc)
    errors.raise_if_any()
    assert to_sentra is not None
    transfer = Transfer(
        case=case,
        from_sentra=case.sentra,
        to_sentra=to_sentra,
        reason=reason.strip(),
        shared_summary=summary_of(case, reason=reason, components=(), urgency=Urgency.NORMAL),
        requested_by=actor,
        previous_case_manager=case.case_manager,
    )
    full_clean(transfer, errors)
    errors.raise_if_any()
    transfer.save()
    audit.record_create(actor=actor, instance=transfer, sentra_id=case.sentra_id)
    audit.record_create(actor=actor, instance=transfer, sentra_id=to_sentra.pk)
    return transfer


@transaction.atomic
def transfer_accept(
    *, actor: User, transfer: Transfer, case_manager: User | None, note: str = ""
) -> Transfer:
    """The receiving centre's head takes the case over and names its new case manager.

    The case keeps its number and its whole history; its centre, case manager and open tasks move.
    Care-team members who do not work at the new centre leave the team; the old centre's waiting-list
    entries for the case are closed. From now on the old centre no longer sees the case.
    """
    transfer = Transfer.objects.select_for_update().get(pk=transfer.pk)
    require(is_head_of(actor, transfer.to_sentra_id))
    errors = Errors()
    if transfer.status != TransferStatus.REQUESTED:
        errors.add("__all__", _("This transfer has already been answered."))
    if case_manager is None or not (
        case_manager.is_active
        and case_manager.role == Role.CASE_MANAGER
        and is_member(case_manager, transfer.to_sentra_id)
    ):
        errors.add("case_manager", _("Choose an active social worker of your centre as case manager."))
    elif (problem := case_manager_problem(case_manager)) is not None:
        errors.add("case_manager", problem)
    errors.raise_if_any()
    assert case_manager is not None
    case = Case.objects.select_for_update().get(pk=transfer.case_id)
    if case.closed_on is not None:
        raise ValidationError({"__all__": [_("The case was closed in the meantime.")]})
    before_case = audit.snapshot(case)
    old_sentra_id = case.sentra_id
    case.sentra_id = transfer.to_sentra_id
    case.case_manager = case_manager
    case.save()
    audit.record_update(actor=actor, instance=case, before=before_case, sentra_id=old_sentra_id)
    audit.record_update(actor=actor, instance=case, before=before_case, sentra_id=case.sentra_id)
    day = today()
    for member in CareTeamMember.objects.filter(case=case, removed_on__isnull=True).select_related("user"):
        if not is_member(member.user, case.sentra_id):
            member_before = audit.snapshot(member)
            member.removed_on = day
            member.save()
            audit.record_update(actor=actor, instance=member, before=member_before, sentra_id=old_sentra_id)
    for task in case.tasks.filter(status="open"):
        task_before = audit.snapshot(task)
        task.sentra_id = case.sentra_id
        if task.assigned_to is None or not is_member(task.assigned_to, case.sentra_id):
            task.assigned_to = case_manager
        task.save()
        audit.record_update(actor=actor, instance=task, before=task_before, sentra_id=case.sentra_id)
    for entry in WaitingListEntry.objects.filter(case=case, sentra_id=old_sentra_id, removed_on__isnull=True):
        entry_before = audit.snapshot(entry)
        entry.removed_on = day
        entry.removal_reason = WaitingRemoval.REFERRED
        entry.save()
        audit.record_update(actor=actor, instance=entry, before=entry_before, sentra_id=old_sentra_id)
    before = audit.snapshot(transfer)
    transfer.status = TransferStatus.ACCEPTED
    transfer.responded_at = timezone.now()
    transfer.responded_by = actor
    transfer.new_case_manager = case_manager
    transfer.response_note = note.strip()
    transfer.save()
    audit.record_update(actor=actor, instance=transfer, before=before, sentra_id=transfer.to_sentra_id)
    audit.record_update(actor=actor, instance=transfer, before=before, sentra_id=old_sentra_id)
    return transfer


@transaction.atomic
def transfer_decline(*, actor: User, transfer: Transfer, note: str) -> Transfer:
    transfer = Transfer.objects.select_for_update().get(pk=transfer.pk)
    require(is_head_of(actor, transfer.to_sentra_id))
    errors = Errors()
    if transfer.status != TransferStatus.REQUESTED:
        errors.add("__all__", _("This transfer has already been answered."))
    if not note.strip():
        errors.add("note", _("Say why the transfer is declined."))
    errors.raise_if_any()
    before = audit.snapshot(transfer)
    transfer.status = TransferStatus.DECLINED
    transfer.responded_at = timezone.now()
    transfer.responded_by = actor
    transfer.response_note = note.strip()
    transfer.save()
    audit.record_update(actor=actor, instance=transfer, before=before, sentra_id=transfer.to_sentra_id)
    audit.record_update(actor=actor, instance=transfer, before=before, sentra_id=transfer.from_sentra_id)
    return transfer


def may_answer_referral(actor: User, referral: Referral) -> bool:
    return _may_answer(actor, referral)
