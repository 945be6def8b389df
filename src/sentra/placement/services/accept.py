"""Accepting proposals: a referral to the proposed centre through the cases app's referral service."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sentra.cases import services as cases
from sentra.cases.models import ReferralTarget, Urgency
from sentra.core import audit
from sentra.core.models import User
from sentra.network.models import SentraKind, ServiceComponent
from sentra.placement import selectors
from sentra.placement.models import Decision, PlacementProposal, PlacementRun, RunStatus

#: The solver's urgency back on the cases app's scale (for the referral).
REFERRAL_URGENCY = {
    1: Urgency.LOW,
    2: Urgency.NORMAL,
    3: Urgency.NORMAL,
    4: Urgency.HIGH,
    5: Urgency.EMERGENCY,
}


def _reason_text(proposal: PlacementProposal) -> str:
    services = ", ".join(str(code) for code in proposal.needs)
    return _(
        "Placement proposal of run #{run}: {centre} offers every needed service ({services}) "
        "with a free place, {km} km from home."
    ).format(run=proposal.run_id, centre=proposal.centre, services=services, km=proposal.distance_km)


@transaction.atomic
def proposal_accept(*, actor: User, proposal: PlacementProposal) -> PlacementProposal:
    """Accept one proposal. At another centre this sends the referral (the person's open case at the
    centre where they wait is referred); at the centre where they already wait it records the decision."""
    proposal = (
        PlacementProposal.objects.select_for_update(of=("self",))
        .select_related("run", "centre", "entry__sentra", "entry__case")
        .get(pk=proposal.pk)
    )
    if proposal.run.status != RunStatus.DONE:
        raise ValidationError({"__all__": [_("The run has not finished.")]})
    if proposal.decision != Decision.PROPOSED:
        raise ValidationError({"__all__": [_("This proposal has already been accepted.")]})
    if not selectors.may_accept(user=actor, proposal=proposal):
        raise PermissionDenied
    centre = proposal.centre
    if centre is None:
        raise ValidationError({"__all__": [_("Nobody can accept a proposal that places no one.")]})
    entry = proposal.entry
    if entry.removed_on is not None:
        raise ValidationError({"__all__": [_("This person is no longer on the waiting list.")]})
    if (
        PlacementProposal.objects.filter(beneficiary_id=proposal.beneficiary_id, decision=Decision.ACCEPTED)
        .exclude(referral__status__in=["declined", "withdrawn"])
        .exists()
    ):
        raise ValidationError({"__all__": [_("Another proposal for this person has already been accepted.")]})
    before = audit.snapshot(proposal)
    if centre.pk != entry.sentra_id:
        case = entry.case
        if case is None or case.closed_on is not None:
            raise ValidationError(
                {
                    "case": [
                        _("Open a case for the person at {centre} before referring them.").format(
                            centre=entry.sentra
                        )
                    ]
                }
            )
        components = list(ServiceComponent.objects.filter(code__in=proposal.needs))
        proposal.referral = cases.referral_send(
            actor=actor,
            case=case,
            target_kind=ReferralTarget.LKS if centre.kind == SentraKind.LKS else ReferralTarget.SENTRA,
            to_sentra=centre,
            reason=_reason_text(proposal),
            components=components,
            urgency=REFERRAL_URGENCY.get(proposal.urgency, Urgency.NORMAL),
        )
    proposal.decision = Decision.ACCEPTED
    proposal.decided_by = actor
    proposal.decided_at = timezone.now()
    proposal.save()
    audit.record_update(actor=actor, instance=proposal, before=before, sentra_id=entry.sentra_id)
    return proposal


@dataclass
class AcceptOutcome:
    accepted: list[PlacementProposal] = field(default_factory=list)
    refused: dict[int, list[str]] = field(default_factory=dict)


def proposals_accept(*, actor: User, run: PlacementRun, ids: Iterable[int]) -> AcceptOutcome:
    """Accept several proposals of one run; each stands alone (one refusal leaves the others)."""
    outcome = AcceptOutcome()
    rows = PlacementProposal.objects.filter(run=run, pk__in=list(ids)).select_related("entry")
    for proposal in rows:
        try:
            outcome.accepted.append(proposal_accept(actor=actor, proposal=proposal))
        except PermissionDenied:
            outcome.refused[proposal.pk] = [_("You may not accept this proposal.")]
        except ValidationError as exc:
            outcome.refused[proposal.pk] = [str(message) for message in exc.messages]
    return outcome


def proposal_read(*, actor: User, proposal: PlacementProposal, purpose: str) -> None:
    """Log that someone opened a person's proposal (their needs and where they may go; UU PDP Art. 31)."""
    audit.record_access(
        actor=actor,
        instance=proposal.beneficiary,
        category="placement_proposal",
        purpose=purpose,
        sentra_id=proposal.entry.sentra_id,
    )
