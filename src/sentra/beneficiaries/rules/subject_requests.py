"""Deadlines of data-subject requests (UU No. 27/2022 on personal data protection, UU PDP).

domain-indonesia.md §4.3: the controller gives the subject access to their data and its processing
trail within 3 x 24 hours of the request (Pasal 32), corrects or updates within 3 x 24 hours
(Pasal 30, article number unverified [U]), and delays or restricts processing within 3 x 24 hours
(Pasal 41). The clock runs in hours from the moment the request is received, not in working days.

Erasure (end processing, delete or destroy: Pasal 8 for the right, Pasal 42-44 for the controller's
duty): the reference gives no deadline of its own, so the same 3 x 24 hours is applied as a product
rule (not a published one). Erasure is refused, or done only in part, on a legal ground for keeping
the data (``RETENTION_GROUNDS``): the exceptions of Pasal 15 (reference §4.2, list marked [U]) and the
archive retention schedule (jadwal retensi arsip) that Pasal 43-44 tie destruction to (§4.3 [V]).
"""

from __future__ import annotations

import datetime
from enum import StrEnum


class RequestKind(StrEnum):
    ACCESS = "access"  # access and a copy (Pasal 7, 32), incl. the processing trail
    CORRECTION = "correction"  # complete, update, correct (Pasal 6, 30)
    RESTRICTION = "restriction"  # delay or restrict processing (Pasal 11, 41)
    ERASURE = "erasure"  # end processing, delete, destroy (Pasal 8, 42-44)


RESPONSE_HOURS: dict[RequestKind, int] = {
    RequestKind.ACCESS: 3 * 24,
    RequestKind.CORRECTION: 3 * 24,
    RequestKind.RESTRICTION: 3 * 24,
    RequestKind.ERASURE: 3 * 24,  # product rule: no published deadline in the reference
}

# The legal grounds for keeping data whose erasure was asked for, with their source.
RETENTION_GROUNDS: dict[str, str] = {
    "archive_schedule": "UU PDP Pasal 43-44: destruction follows the archive retention schedule",
    "public_administration": "UU PDP Pasal 15: public interest in state administration",
    "law_enforcement": "UU PDP Pasal 15: law enforcement process",
    "statistics_research": "UU PDP Pasal 15: statistics and scientific research",
}


def erasure_answer_problems(status: str, ground: str, outcome: str) -> list[str]:
    """What an answer to an erasure request lacks: a refusal names its legal ground; a completion says
    what was deleted (and, when something is kept, on which ground)."""
    problems = []
    if ground and ground not in RETENTION_GROUNDS:
        problems.append("unknown_ground")
    if status == "refused" and not ground:
        problems.append("ground_required")
    if status == "completed" and not outcome.strip():
        problems.append("outcome_required")
    return problems


def response_due(kind: str, received_at: datetime.datetime) -> datetime.datetime:
    """When the answer is due: ``received_at`` plus the kind's hours (72 for all three today)."""
    return received_at + datetime.timedelta(hours=RESPONSE_HOURS[RequestKind(kind)])


def hours_left(due_at: datetime.datetime, now: datetime.datetime) -> float:
    """Hours until the deadline; negative once it has passed."""
    return (due_at - now).total_seconds() / 3600


# --- What an erasure deletes -------------------------------------------------------------------------
#
# The categories of a person's data the handler may erase when completing an erasure request, and the
# fields of the person record each clears. The full name and the registration number stay: the case
# records and the archive retention schedule (Pasal 43-44) need to know whose file it is. The region
# (village code) stays for the statistics of the centre. ``family_links`` and ``consents`` are rows, not
# fields: the links are deleted (or, when a consent or a request names the link as its giver, their
# contact fields cleared) and the consents withdrawn.
ERASURE_CATEGORIES: dict[str, tuple[str, ...]] = {
    "contact": ("phone", "address"),
    "identity_numbers": ("nik", "nik_hash", "kk_number", "kk_hash"),
    "health_notes": ("health_notes",),
    "photo": ("photo",),
    "family_links": (),
    "consents": (),
}


def erasure_category_problems(kind: str, status: str, categories: list[str], ground: str) -> list[str]:
    """What is wrong with the categories given with an answer.

    Categories belong to a completed erasure; a completed erasure names at least one unless it keeps
    everything on a legal ground (``ground``).
    """
    problems = []
    if any(category not in ERASURE_CATEGORIES for category in categories):
        problems.append("unknown_category")
    if categories and (kind != RequestKind.ERASURE or status != "completed"):
        problems.append("categories_not_allowed")
    if kind == RequestKind.ERASURE and status == "completed" and not categories and not ground:
        problems.append("category_required")
    return problems


def erased_fields(categories: list[str]) -> list[str]:
    """The record fields the categories clear, in the order of ``ERASURE_CATEGORIES``."""
    return [
        name for category, names in ERASURE_CATEGORIES.items() if category in categories for name in names
    ]
