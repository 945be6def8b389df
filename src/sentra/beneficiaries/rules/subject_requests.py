"""Deadlines of data-subject requests (UU No. 27/2022 on personal data protection, UU PDP).

domain-indonesia.md §4.3: the controller gives the subject access to their data and its processing
trail within 3 x 24 hours of the request (Pasal 32), corrects or updates within 3 x 24 hours
(Pasal 30, article number unverified [U]), and delays or restricts processing within 3 x 24 hours
(Pasal 41). The clock runs in hours from the moment the request is received, not in working days.
"""

from __future__ import annotations

import datetime
from enum import StrEnum


class RequestKind(StrEnum):
    ACCESS = "access"  # access and a copy (Pasal 7, 32), incl. the processing trail
    CORRECTION = "correction"  # complete, update, correct (Pasal 6, 30)
    RESTRICTION = "restriction"  # delay or restrict processing (Pasal 11, 41)


RESPONSE_HOURS: dict[RequestKind, int] = {
    RequestKind.ACCESS: 3 * 24,
    RequestKind.CORRECTION: 3 * 24,
    RequestKind.RESTRICTION: 3 * 24,
}


def response_due(kind: str, received_at: datetime.datetime) -> datetime.datetime:
    """When the answer is due: ``received_at`` plus the kind's hours (72 for all three today)."""
    return received_at + datetime.timedelta(hours=RESPONSE_HOURS[RequestKind(kind)])


def hours_left(due_at: datetime.datetime, now: datetime.datetime) -> float:
    """Hours until the deadline; negative once it has passed."""
    return (due_at - now).total_seconds() / 3600
