"""Writes of the case lifecycle.

Every function is keyword-only, runs in one transaction, checks who may act (``PermissionDenied``)
and what is asked (``ValidationError`` keyed by field, every problem at once, nothing half-saved),
and leaves audit rows with the case's ``sentra_id`` in the same transaction.
"""

from sentra.cases.services.delivery import (
    assistance_record,
    attachment_add,
    attachment_open,
    conference_record,
    note_add,
    service_log,
)
from sentra.cases.services.lifecycle import (
    case_assign,
    case_close,
    case_open,
    case_transition,
    stage_problem_message,
    team_add,
    team_remove,
)
from sentra.cases.services.plans import GoalInput, PlannedServiceInput, plan_approve, plan_discard, plan_save
from sentra.cases.services.referrals import (
    may_answer_referral,
    referral_accept,
    referral_decline,
    referral_record_outcome,
    referral_send,
    referral_withdraw,
    summary_of,
    transfer_accept,
    transfer_decline,
    transfer_may_answer,
    transfer_request,
)
from sentra.cases.services.residential import (
    RollCallMark,
    leave_return,
    leave_start,
    residential_places,
    roll_call_record,
    room_save,
    stay_admit,
    stay_allocate,
    stay_discharge,
)
from sentra.cases.services.tasks import (
    case_rules_save,
    task_cancel,
    task_complete,
    task_create,
    task_reassign,
    task_sync,
)
from sentra.cases.services.waiting import waiting_add, waiting_remove

__all__ = [
    "GoalInput",
    "PlannedServiceInput",
    "RollCallMark",
    "assistance_record",
    "attachment_add",
    "attachment_open",
    "case_assign",
    "case_close",
    "case_open",
    "case_rules_save",
    "case_transition",
    "conference_record",
    "leave_return",
    "leave_start",
    "may_answer_referral",
    "note_add",
    "plan_approve",
    "plan_discard",
    "plan_save",
    "referral_accept",
    "referral_decline",
    "referral_record_outcome",
    "referral_send",
    "referral_withdraw",
    "residential_places",
    "roll_call_record",
    "room_save",
    "service_log",
    "stage_problem_message",
    "stay_admit",
    "stay_allocate",
    "stay_discharge",
    "summary_of",
    "task_cancel",
    "task_complete",
    "task_create",
    "task_reassign",
    "task_sync",
    "team_add",
    "team_remove",
    "transfer_accept",
    "transfer_decline",
    "transfer_may_answer",
    "transfer_request",
    "waiting_add",
    "waiting_remove",
]
