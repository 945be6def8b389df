"""Every write of the training app: keyword-only, one transaction each, audited."""

from sentra.training.services.catalogue import (
    CourseInput,
    SessionInput,
    course_create,
    participant_enrol,
    participant_evaluate,
    session_cancel,
    session_complete,
    session_create,
)
from sentra.training.services.exchange import exchange_propose, exchange_update
from sentra.training.services.obligations import (
    obligation_record,
    programme_mark_returned,
    reminder_read,
    send_obligation_reminders,
)
from sentra.training.services.overseas import (
    ProgrammeInput,
    application_nominate,
    application_submit,
    application_withdraw,
    programme_create,
    programme_decide,
    programme_open,
    programme_rank,
)
from sentra.training.services.plans import plan_approve, plan_propose

__all__ = [
    "CourseInput",
    "ProgrammeInput",
    "SessionInput",
    "application_nominate",
    "application_submit",
    "application_withdraw",
    "course_create",
    "exchange_propose",
    "exchange_update",
    "obligation_record",
    "participant_enrol",
    "participant_evaluate",
    "plan_approve",
    "plan_propose",
    "programme_create",
    "programme_decide",
    "programme_mark_returned",
    "programme_open",
    "programme_rank",
    "reminder_read",
    "send_obligation_reminders",
    "session_cancel",
    "session_complete",
    "session_create",
]
