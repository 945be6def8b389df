"""The life of a complaint as a state machine, and when its deadlines call for a reminder or escalation.

received → triaged (checked, categorised; deadlines set) → assigned (a handler owns it) →
responded (the complainant has an answer) → resolved (the outcome is recorded; the complainant may
rate the handling). A response can be sent again while it is open; triage can be redone before
assignment; a resolved complaint can be reopened by the centre.
"""

from __future__ import annotations

import datetime
from collections.abc import Collection
from dataclasses import dataclass
from enum import IntEnum, StrEnum

from sentra.quality.rules.workdays import working_days_between


class Status(StrEnum):
    RECEIVED = "received"
    TRIAGED = "triaged"
    ASSIGNED = "assigned"
    RESPONDED = "responded"
    RESOLVED = "resolved"


TRANSITIONS: dict[Status, frozenset[Status]] = {
    Status.RECEIVED: frozenset({Status.TRIAGED}),
    Status.TRIAGED: frozenset({Status.TRIAGED, Status.ASSIGNED}),
    Status.ASSIGNED: frozenset({Status.ASSIGNED, Status.RESPONDED, Status.RESOLVED}),
    Status.RESPONDED: frozenset({Status.ASSIGNED, Status.RESPONDED, Status.RESOLVED}),
    Status.RESOLVED: frozenset({Status.ASSIGNED}),
}
OPEN_STATUSES = frozenset({Status.RECEIVED, Status.TRIAGED, Status.ASSIGNED, Status.RESPONDED})


def can_move(current: str, target: str) -> bool:
    return Status(target) in TRANSITIONS[Status(current)]


class Escalation(IntEnum):
    NONE = 0
    CENTRE_HEAD = 1
    NATIONAL = 2


class DeadlineKind(StrEnum):
    RESPONSE = "response"
    RESOLUTION = "resolution"


@dataclass(frozen=True)
class DeadlineCheck:
    kind: DeadlineKind
    due: datetime.date
    overdue: bool  # the deadline day is over (calendar), whatever the weekday
    working_days_left: int  # working days after today up to the deadline; 0 once it is today or past
    overdue_working_days: int  # working days gone by since the deadline; 0 while it is not past

    def reminder_due(self, reminder_days: int) -> bool:
        return not self.overdue and self.working_days_left <= reminder_days


def check_deadline(
    kind: DeadlineKind, due: datetime.date, *, today: datetime.date, holidays: Collection[datetime.date]
) -> DeadlineCheck:
    if today > due:
        return DeadlineCheck(kind, due, True, 0, working_days_between(due, today, holidays))
    return DeadlineCheck(kind, due, False, working_days_between(today, due, holidays), 0)


def pending_deadlines(
    *,
    status: str,
    respond_by: datetime.date | None,
    resolve_by: datetime.date | None,
    today: datetime.date,
    holidays: Collection[datetime.date],
) -> list[DeadlineCheck]:
    """The deadlines still running for a complaint in this status (the response one until answered)."""
    state = Status(status)
    checks: list[DeadlineCheck] = []
    if state not in OPEN_STATUSES:
        return checks
    if state is not Status.RESPONDED and respond_by is not None:
        checks.append(check_deadline(DeadlineKind.RESPONSE, respond_by, today=today, holidays=holidays))
    if resolve_by is not None:
        checks.append(check_deadline(DeadlineKind.RESOLUTION, resolve_by, today=today, holidays=holidays))
    return checks


def escalation_due(*, overdue_working_days: int, national_after: int) -> Escalation:
    """One working day past a deadline goes to the centre head; ``national_after`` more, to the ministry."""
    if overdue_working_days <= 0:
        return Escalation.NONE
    if overdue_working_days > national_after:
        return Escalation.NATIONAL
    return Escalation.CENTRE_HEAD
