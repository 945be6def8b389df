"""Placement endpoints: runs (background, with progress), proposals with reasons, what-ifs, accepting;
the caseload review. The same selectors and services as the pages: not yours is 404, a role that may
not act is 403, bad input is 422 with the field named."""

# No "from __future__ import annotations" in ninja modules: ninja reads the annotations at import time.
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from sentra.api.pagination import PageNumber
from sentra.core.models import User
from sentra.network.models import Sentra
from sentra.placement import explain, selectors, services, tasks
from sentra.placement.models import PlacementProposal, PlacementRun, ProposalKind

router = Router(tags=["placement"])


def _actor(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)  # the API's auth guarantees a signed-in account
    return user


class GreedyOut(Schema):
    objective: float | None = None
    total_distance_km: float | None = None
    placed: int | None = None
    urgent_unplaced: int | None = None
    improvement: dict[str, float] = Field(default_factory=dict)


class RunOut(Schema):
    id: int
    centre_id: int | None = Field(None, alias="sentra_id")
    previous_id: int | None
    status: str
    progress: int
    adjustments: dict[str, Any]
    policy: dict[str, bool] = Field(description="The policy terms ticked for the run")
    method: str
    solver_status: str
    people: int
    placed: int
    urgent_unplaced: int
    objective: float | None
    total_distance_km: float | None
    lower_bound: float | None
    gap: float | None
    seconds: float | None
    greedy: GreedyOut
    failure: str


class ProposalOut(Schema):
    id: int
    run_id: int
    beneficiary_id: int
    full_name: str = Field(alias="beneficiary.full_name")
    waiting_at_id: int = Field(alias="entry.sentra_id")
    kind: str
    centre_id: int | None
    greedy_centre_id: int | None
    distance_km: float | None
    urgency: int
    needs: list[str]
    reasons: dict[str, Any]
    explanation: list[str] = Field(default_factory=list, description="The reasons as sentences")
    decision: str
    referral_id: int | None


class RunIn(Schema):
    centre_id: int | None = Field(None, description="Whose waiting list; empty = national (administrators)")
    adjustments: dict[str, Any] = Field(
        default_factory=dict,
        description='{"pins": {beneficiary id: centre id}, "excluded": [centre id], '
        '"capacity": [{"centre": id, "service": code, "delta": n}]}',
    )
    policy: dict[str, Any] = Field(
        default_factory=dict,
        description='Optional policy terms: {"children_in_province": bool, "families_together": bool}',
    )


class CapacityChange(Schema):
    centre_id: int
    service: str
    delta: int


class WhatIfIn(Schema):
    pin_beneficiary_id: int | None = None
    pin_centre_id: int | None = None
    unpin_beneficiary_id: int | None = None
    exclude_centre_id: int | None = None
    include_centre_id: int | None = None
    capacity: CapacityChange | None = None


class ProposalQuery(Schema):
    kind: str = Field("", description="placed, pinned or unplaced")


class AcceptIn(Schema):
    proposal_ids: list[int]


class AcceptOut(Schema):
    accepted: list[int]
    refused: dict[str, list[str]]


class CaseloadLineOut(Schema):
    case_id: int
    case_number: str
    current_case_manager_id: int
    proposed_case_manager_id: int | None
    reasons: dict[str, Any]


class CaseloadOut(Schema):
    centre_id: int
    objective: int
    greedy_objective: int
    lines: list[CaseloadLineOut]


class CaseloadChoice(Schema):
    case_id: int
    case_manager_id: int


class CaseloadAcceptIn(Schema):
    choices: list[CaseloadChoice]


class CaseloadAcceptOut(Schema):
    changed: int


def _start(run: PlacementRun) -> None:
    transaction.on_commit(lambda: tasks.run_placement.delay(run.pk))


def _centre(centre_id: int | None, field: str) -> Sentra | None:
    if centre_id is None:
        return None
    centre = Sentra.objects.filter(pk=centre_id).first()
    if centre is None:
        raise ValidationError({field: [_("No centre has this id.")]})
    return centre


@router.get("/placement/runs", response=list[RunOut], summary="Placement runs you may see")
@paginate(PageNumber)
def run_list(request: HttpRequest) -> Any:
    return selectors.run_list(user=_actor(request))


@router.post("/placement/runs", response={201: RunOut}, summary="Start a placement run (background)")
def run_create(request: HttpRequest, payload: RunIn) -> Status[PlacementRun]:
    actor = _actor(request)
    selectors.require_coordinator(actor)
    run = services.run_create(
        actor=actor,
        sentra=_centre(payload.centre_id, "centre_id"),
        adjustments=payload.adjustments,
        policy=payload.policy,
    )
    _start(run)
    return Status(201, run)


@router.get("/placement/runs/{run_id}", response=RunOut, summary="One run: progress, bound, gap, greedy")
def run_detail(request: HttpRequest, run_id: int) -> PlacementRun:
    return selectors.run_get(user=_actor(request), pk=run_id)


@router.post(
    "/placement/runs/{run_id}/what-if", response={201: RunOut}, summary="Re-run with one more change"
)
def run_what_if(request: HttpRequest, run_id: int, payload: WhatIfIn) -> Status[PlacementRun]:
    actor = _actor(request)
    base = selectors.run_get(user=actor, pk=run_id)
    change: dict[str, Any] = {}
    if payload.pin_beneficiary_id is not None or payload.pin_centre_id is not None:
        if payload.pin_beneficiary_id is None or payload.pin_centre_id is None:
            raise ValidationError({"pin_centre_id": [_("A pin names both the person and the centre.")]})
        change["pin"] = (payload.pin_beneficiary_id, payload.pin_centre_id)
    if payload.unpin_beneficiary_id is not None:
        change["unpin"] = payload.unpin_beneficiary_id
    if payload.exclude_centre_id is not None:
        change["exclude"] = payload.exclude_centre_id
    if payload.include_centre_id is not None:
        change["include"] = payload.include_centre_id
    if payload.capacity is not None:
        change["capacity"] = (payload.capacity.centre_id, payload.capacity.service, payload.capacity.delta)
    if not change:
        raise ValidationError({"__all__": [_("Name one change.")]})
    run = services.run_what_if(actor=actor, base=base, **change)
    _start(run)
    return Status(201, run)


def _proposal_out(
    proposal: PlacementProposal, names: dict[str, str], labels: dict[str, str]
) -> PlacementProposal:
    proposal.explanation = explain.sentences(proposal.reasons, names, labels)  # type: ignore[attr-defined]
    return proposal


@router.get(
    "/placement/runs/{run_id}/proposals",
    response=list[ProposalOut],
    summary="The run's proposals with reasons",
)
@paginate(PageNumber)
def proposal_list(request: HttpRequest, run_id: int, filters: Query[ProposalQuery]) -> Any:
    run = selectors.run_get(user=_actor(request), pk=run_id)
    if filters.kind and filters.kind not in ProposalKind.values:
        raise ValidationError(
            {"kind": [_("Use one of: {values}.").format(values=", ".join(ProposalKind.values))]}
        )
    return selectors.proposals_of(run=run, kind=filters.kind)


@router.get(
    "/placement/proposals/{proposal_id}", response=ProposalOut, summary="One proposal with its reasons"
)
def proposal_detail(request: HttpRequest, proposal_id: int) -> PlacementProposal:
    actor = _actor(request)
    proposal = selectors.proposal_get(user=actor, pk=proposal_id)
    services.proposal_read(actor=actor, proposal=proposal, purpose="API")
    return _proposal_out(proposal, explain.centre_names([proposal.reasons]), explain.service_labels())


@router.post(
    "/placement/runs/{run_id}/accept", response=AcceptOut, summary="Accept proposals (send referrals)"
)
def run_accept(request: HttpRequest, run_id: int, payload: AcceptIn) -> dict[str, Any]:
    actor = _actor(request)
    run = selectors.run_get(user=actor, pk=run_id)
    if not payload.proposal_ids:
        raise ValidationError({"proposal_ids": [_("Choose at least one proposal to accept.")]})
    outcome = services.proposals_accept(actor=actor, run=run, ids=payload.proposal_ids)
    return {
        "accepted": [proposal.pk for proposal in outcome.accepted],
        "refused": {str(pk): problems for pk, problems in outcome.refused.items()},
    }


@router.get("/placement/caseload/{centre_id}", response=CaseloadOut, summary="Proposed caseload of a centre")
def caseload_review(request: HttpRequest, centre_id: int) -> dict[str, Any]:
    actor = _actor(request)
    centre = selectors.caseload_centre(user=actor, pk=centre_id)
    review = selectors.caseload_review(user=actor, sentra=centre)
    return {
        "centre_id": centre.pk,
        "objective": review.objective,
        "greedy_objective": review.greedy_objective,
        "lines": [
            {
                "case_id": line.case.pk,
                "case_number": line.case.case_number,
                "current_case_manager_id": line.current.pk,
                "proposed_case_manager_id": line.proposed.pk if line.proposed else None,
                "reasons": line.reasons,
            }
            for line in review.lines
        ],
    }


@router.post(
    "/placement/caseload/{centre_id}/accept", response=CaseloadAcceptOut, summary="Accept assignments"
)
def caseload_accept(request: HttpRequest, centre_id: int, payload: CaseloadAcceptIn) -> dict[str, int]:
    actor = _actor(request)
    centre = selectors.caseload_centre(user=actor, pk=centre_id)
    choices = {choice.case_id: choice.case_manager_id for choice in payload.choices}
    return {"changed": services.caseload_accept(actor=actor, sentra=centre, choices=choices)}
