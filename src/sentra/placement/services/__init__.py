"""Writes of the placement app: runs and what-ifs, accepting proposals, accepting a caseload."""

from sentra.placement.services.accept import AcceptOutcome, proposal_accept, proposal_read, proposals_accept
from sentra.placement.services.caseload import caseload_accept
from sentra.placement.services.runs import (
    POLICY_TERMS,
    clean_adjustments,
    clean_policy,
    run_create,
    run_execute,
    run_what_if,
)

__all__ = [
    "POLICY_TERMS",
    "AcceptOutcome",
    "caseload_accept",
    "clean_adjustments",
    "clean_policy",
    "proposal_accept",
    "proposal_read",
    "proposals_accept",
    "run_create",
    "run_execute",
    "run_what_if",
]
