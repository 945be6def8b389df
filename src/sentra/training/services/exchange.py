"""Knowledge-exchange proposals: the pairing optimiser over the network's competency profile."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from sentra.core import audit
from sentra.core.models import User
from sentra.network.models import Sentra
from sentra.training.models import ExchangeProposal, ExchangeStatus
from sentra.training.rules.pairing import CentreProfile, PairingPolicy, pair_centres
from sentra.training.services._common import manages, today_in
from sentra.workforce import selectors as workforce_selectors
from sentra.workforce.models import Competency, StaffCompetency, StaffMember

PROPOSER_ROLES = frozenset({"sysadmin", "national_analyst"})
TOP_STAFF = 3  # a centre can host when its best few people are strong, not its average


def centre_profiles(today: datetime.date) -> list[CentreProfile]:
    """Strength: mean of the top three staff levels per competency; need: the gap report's shortfall
    as a share of the staff needed."""
    centres = list(Sentra.objects.filter(is_active=True).order_by("pk"))
    active = StaffMember.objects.active(on=today)
    levels: dict[tuple[int, str], list[int]] = {}
    for sentra_id, code, level in StaffCompetency.objects.filter(staff__in=active, level__gt=0).values_list(
        "staff__sentra_id", "competency__code", "level"
    ):
        levels.setdefault((sentra_id, code), []).append(level)
    reports = workforce_selectors.gap_reports([c.pk for c in centres], today=today)
    profiles = []
    for centre in centres:
        strength = {
            code: round(sum(sorted(values, reverse=True)[:TOP_STAFF]) / TOP_STAFF, 2)
            for (sentra_id, code), values in levels.items()
            if sentra_id == centre.pk
        }
        report = reports[centre.pk]
        need = {
            g.competency: g.shortfall / g.staff_needed for g in report.competency_gaps if g.staff_needed > 0
        }
        profiles.append(
            CentreProfile(str(centre.pk), float(centre.latitude), float(centre.longitude), strength, need)
        )
    return profiles


@transaction.atomic
def exchange_propose(*, actor: User | None, policy: PairingPolicy | None = None) -> list[ExchangeProposal]:
    """Replace the open proposals with a fresh optimal set; agreed and done exchanges stay."""
    if actor is not None and actor.role not in PROPOSER_ROLES:
        raise PermissionDenied
    today = today_in(None)
    profiles = centre_profiles(today)
    strength = {p.key: p.strength for p in profiles}
    for stale in ExchangeProposal.objects.filter(status=ExchangeStatus.PROPOSED):
        audit.record_delete(actor=actor, instance=stale, actor_label="system")
        stale.delete()
    competencies = {c.code: c for c in Competency.objects.all()}
    created = []
    for pairing in pair_centres(profiles, policy):
        proposal = ExchangeProposal.objects.create(
            host_id=int(pairing.host),
            visitor_id=int(pairing.visitor),
            competency=competencies[pairing.competency],
            host_strength=Decimal(str(strength[pairing.host].get(pairing.competency, 0))),
            visitor_strength=Decimal(str(strength[pairing.visitor].get(pairing.competency, 0))),
            benefit=Decimal(str(pairing.benefit)),
            distance_km=Decimal(str(pairing.distance_km)),
            value=Decimal(str(pairing.value)),
        )
        audit.record_create(
            actor=actor, instance=proposal, sentra_id=proposal.visitor_id, actor_label="system"
        )
        created.append(proposal)
    return created


@transaction.atomic
def exchange_update(
    *,
    actor: User,
    proposal: ExchangeProposal,
    status: str,
    planned_on: datetime.date | None = None,
    learnt: str = "",
    follow_up: str = "",
) -> ExchangeProposal:
    """HR or the head of either centre agrees, declines, or records what was learnt and the follow-up."""
    if not (manages(actor, proposal.host_id) or manages(actor, proposal.visitor_id)):
        raise PermissionDenied
    errors: dict[str, list[str]] = {}
    if status not in ExchangeStatus.values:
        errors["status"] = [_("Unknown status.")]
    if status == ExchangeStatus.AGREED and planned_on is None:
        errors["planned_on"] = [_("Give the planned date of the visit.")]
    if status == ExchangeStatus.DONE and not learnt.strip():
        errors["learnt"] = [_("Record what was learnt before closing the exchange.")]
    if errors:
        raise ValidationError(errors)
    before = audit.snapshot(proposal)
    proposal.status = status
    proposal.planned_on = planned_on or proposal.planned_on
    proposal.learnt = learnt.strip()
    proposal.follow_up = follow_up.strip()
    proposal.save()
    audit.record_update(actor=actor, instance=proposal, before=before, sentra_id=proposal.visitor_id)
    return proposal
