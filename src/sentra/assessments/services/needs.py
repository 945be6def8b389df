"""Needs: stored from the engine's recommendations, decided by the case manager, devices marked met."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sentra.assessments.models import (
    Assessment,
    DeviceNeed,
    DeviceNeedStatus,
    Need,
    NeedStatus,
)
from sentra.assessments.rules import Recommendation
from sentra.assessments.rules.needs import device_needs
from sentra.assessments.services._common import (
    DECIDER_ROLES,
    SYSTEM,
    is_member,
    record_create,
    record_update,
    require,
)
from sentra.core import audit
from sentra.core.models import User


def needs_derive(
    *,
    actor: User | None,
    assessment: Assessment,
    recommendations: Iterable[Recommendation],
    label: str = SYSTEM,
) -> list[Need]:
    """Store the recommendations of one assessment as proposed needs.

    A newer assessment of the same instrument supersedes the proposals of the older ones that nobody
    decided on (the latest result speaks for the person now); a rule whose earlier recommendation was
    accepted is not proposed again, since the service is already in the plan, unless it is urgent:
    an urgent finding (a safety flag) is raised every time it is found.
    """
    stale = Need.objects.filter(
        beneficiary_id=assessment.beneficiary_id,
        status=NeedStatus.PROPOSED,
        assessment__instrument=assessment.instrument,
    ).exclude(assessment=assessment)
    for need in stale.select_for_update():
        before = audit.snapshot(need)
        need.status = NeedStatus.SUPERSEDED
        need.save(update_fields=["status"])
        record_update(actor=actor, instance=need, before=before, sentra_id=need.sentra_id)
    accepted = set(
        Need.objects.filter(beneficiary_id=assessment.beneficiary_id, status=NeedStatus.ACCEPTED).values_list(
            "rule_id", flat=True
        )
    )
    created = []
    for recommendation in recommendations:
        rule = recommendation.rule
        if rule.id in accepted and rule.urgency != "urgent":
            continue
        data = recommendation.as_dict()
        need = Need.objects.create(
            beneficiary_id=assessment.beneficiary_id,
            sentra_id=assessment.sentra_id,
            assessment=assessment,
            case=assessment.case,
            rule_id=rule.id,
            ruleset=recommendation.ruleset.name,
            ruleset_version=recommendation.ruleset.version,
            rule_text=dict(rule.text),
            component=rule.component,
            subtype=rule.subtype or "",
            service_label=dict(rule.service),
            professions=list(rule.professions),
            urgency=rule.urgency,
            evidence=data["evidence"],
            actions=data["actions"],
            other_needs=data["needs"],
            created_at=assessment.recorded_at,
        )
        record_create(actor=actor, instance=need, sentra_id=need.sentra_id, label=label)
        for spec in device_needs(recommendation):
            device = DeviceNeed.objects.create(
                need=need,
                beneficiary_id=need.beneficiary_id,
                sentra_id=need.sentra_id,
                device=spec["device"],
                alternatives=list(spec.get("alternatives") or []),
                created_at=need.created_at,
            )
            record_create(actor=actor, instance=device, sentra_id=device.sentra_id, label=label)
        created.append(need)
    return created


def may_decide(actor: User, need: Need) -> bool:
    """The centre's case managers and its head decide on the proposals of their centre."""
    if not actor.is_authenticated or not actor.is_active:
        return False
    return actor.role in DECIDER_ROLES and is_member(actor, need.sentra_id)


def _decide(*, actor: User, need: Need, status: str, reason: str) -> Need:
    require(may_decide(actor, need))
    need = Need.objects.select_for_update().get(pk=need.pk)
    if need.status != NeedStatus.PROPOSED:
        raise ValidationError(
            {
                "status": [
                    _("This recommendation has already been decided ({status}).").format(
                        status=need.get_status_display()
                    )
                ]
            }
        )
    before = audit.snapshot(need)
    need.status = status
    need.decided_by = actor
    need.decided_at = timezone.now()
    need.decision_reason = reason.strip()
    need.save(update_fields=["status", "decided_by", "decided_at", "decision_reason"])
    record_update(actor=actor, instance=need, before=before, sentra_id=need.sentra_id)
    return need


@transaction.atomic
def need_reject(*, actor: User, need: Need, reason: str) -> Need:
    """Reject a proposed service; the reason is required and kept with the decision."""
    if not reason.strip():
        require(may_decide(actor, need))
        raise ValidationError({"reason": [_("Give the reason for rejecting the recommendation.")]})
    need = _decide(actor=actor, need=need, status=NeedStatus.REJECTED, reason=reason)
    DeviceNeed.objects.filter(need=need, status=DeviceNeedStatus.OPEN).update(
        status=DeviceNeedStatus.CANCELLED, closed_at=need.decided_at, closed_by=actor
    )
    return need


@transaction.atomic
def need_accept(*, actor: User, need: Need, reason: str = "") -> Need:
    """Accept a proposed service (the case-plan item is added by ``plans.need_accept_into_plan``)."""
    return _decide(actor=actor, need=need, status=NeedStatus.ACCEPTED, reason=reason)


def may_close_device_need(actor: User, device_need: DeviceNeed) -> bool:
    if not actor.is_authenticated or not actor.is_active:
        return False
    if actor.role == "sysadmin":
        return True
    return actor.role in {"case_manager", "centre_head", "professional", "intake"} and is_member(
        actor, device_need.sentra_id
    )


def _close_device_need(*, actor: User, device_need: DeviceNeed, status: str, note: str) -> DeviceNeed:
    require(may_close_device_need(actor, device_need))
    device_need = DeviceNeed.objects.select_for_update().get(pk=device_need.pk)
    if device_need.status != DeviceNeedStatus.OPEN:
        raise ValidationError({"status": [_("This device need is already closed.")]})
    before = audit.snapshot(device_need)
    device_need.status = status
    device_need.closed_at = timezone.now()
    device_need.closed_by = actor
    device_need.note = note.strip()
    device_need.save(update_fields=["status", "closed_at", "closed_by", "note"])
    record_update(actor=actor, instance=device_need, before=before, sentra_id=device_need.sentra_id)
    return device_need


@transaction.atomic
def device_need_mark_met(*, actor: User, device_need: DeviceNeed, note: str = "") -> DeviceNeed:
    """The device was lent or given (called by the equipment app when a loan starts)."""
    return _close_device_need(actor=actor, device_need=device_need, status=DeviceNeedStatus.MET, note=note)


@transaction.atomic
def device_need_cancel(*, actor: User, device_need: DeviceNeed, note: str) -> DeviceNeed:
    """The device is no longer needed; the note says why."""
    if not note.strip():
        require(may_close_device_need(actor, device_need))
        raise ValidationError({"note": [_("Say why the device is no longer needed.")]})
    return _close_device_need(
        actor=actor, device_need=device_need, status=DeviceNeedStatus.CANCELLED, note=note
    )
