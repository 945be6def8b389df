"""Recording competency evidence: the one way a staff member's level changes."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sentra.core import audit
from sentra.core.models import Role, User
from sentra.core.querysets import centre_ids_of
from sentra.workforce.models import Competency, CompetencyEvidence, EvidenceKind, StaffCompetency, StaffMember
from sentra.workforce.rules import competency as rules


def _may_record(actor: User | None, staff: StaffMember, kind: str) -> bool:
    """Training and certification evidence comes from HR (or the training app acting for the system);
    a supervisor assessment from the centre head or HR of the person's centre."""
    if actor is None or actor.role == Role.SYSADMIN:
        return True
    if not actor.is_active or staff.sentra_id not in centre_ids_of(actor):
        return False
    if kind == EvidenceKind.SUPERVISOR_ASSESSMENT:
        return actor.role in (Role.CENTRE_HEAD, Role.HR)
    return actor.role in (Role.HR, Role.CENTRE_HEAD)


def record_competency_evidence(
    *,
    actor: User | None,
    staff: StaffMember,
    competency: Competency | str,
    level: int,
    evidence_kind: str,
    source: str,
    note: str = "",
    observed_on: datetime.date | None = None,
) -> CompetencyEvidence:
    """Record evidence and move the level by the rule in ``rules.competency.level_after``.

    The same (staff, competency, kind, source) again returns the row already recorded and changes
    nothing, so the training app may call this again after a retry.
    """
    errors: dict[str, list[str]] = {}
    if isinstance(competency, str):
        found = Competency.objects.filter(code=competency, is_active=True).first()
        if found is None:
            raise ValidationError(
                {"competency": [_("Unknown competency code {code}.").format(code=competency)]}
            )
        competency = found
    if evidence_kind not in EvidenceKind.values:
        errors["evidence_kind"] = [_("Choose training, certification or supervisor assessment.")]
    if not isinstance(level, int) or isinstance(level, bool) or not 0 <= level <= 4:
        errors["level"] = [_("The level must be a whole number from 0 to 4.")]
    if not source.strip():
        errors["source"] = [_("Say where the evidence comes from.")]
    if errors:
        raise ValidationError(errors)
    if not _may_record(actor, staff, evidence_kind):
        raise PermissionDenied
    source = source.strip()[:200]
    existing = CompetencyEvidence.objects.filter(
        staff=staff, competency=competency, kind=evidence_kind, source=source
    ).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            current = (
                StaffCompetency.objects.select_for_update().filter(staff=staff, competency=competency).first()
            )
            before = current.level if current is not None else 0
            after = rules.level_after(evidence_kind, before, level)
            evidence = CompetencyEvidence.objects.create(
                staff=staff,
                competency=competency,
                kind=evidence_kind,
                level=level,
                level_before=before,
                level_after=after,
                source=source,
                note=note.strip(),
                observed_on=observed_on or timezone.localdate(),
                recorded_by=actor,
            )
            audit.record_create(
                actor=actor, instance=evidence, sentra_id=staff.sentra_id, actor_label="workforce"
            )
            if current is None:
                current = StaffCompetency.objects.create(staff=staff, competency=competency, level=after)
                audit.record_create(
                    actor=actor, instance=current, sentra_id=staff.sentra_id, actor_label="workforce"
                )
            elif after != before:
                snapshot = audit.snapshot(current)
                current.level = after
                current.updated_at = timezone.now()
                current.save(update_fields=["level", "updated_at"])
                audit.record_update(
                    actor=actor,
                    instance=current,
                    before=snapshot,
                    sentra_id=staff.sentra_id,
                    actor_label="workforce",
                )
    except IntegrityError:
        # A concurrent call recorded the same evidence first: return that one.
        return CompetencyEvidence.objects.get(
            staff=staff, competency=competency, kind=evidence_kind, source=source
        )
    return evidence
