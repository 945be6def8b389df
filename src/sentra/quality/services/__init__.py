"""Writes of the quality app, split by topic.

Every function is keyword-only, runs in one transaction, validates before it saves (bad input raises
``ValidationError`` keyed by field, nothing half-saved) and leaves audit rows in the same transaction.
Submissions by the public have no actor; the audit log names them "public".
"""

from sentra.quality.services.actions import ActionInput, action_create, action_update, may_update
from sentra.quality.services.codes import codes_generate
from sentra.quality.services.complaints import (
    ComplaintInput,
    DeadlineRun,
    Upload,
    alert_mark_read,
    complaint_assign,
    complaint_deadlines_check,
    complaint_file,
    complaint_note,
    complaint_rate,
    complaint_record,
    complaint_reopen,
    complaint_resolve,
    complaint_respond,
    complaint_triage,
    may_handle,
    may_triage,
    tracking_lookup,
)
from sentra.quality.services.holidays import (
    categories_load,
    deadline,
    holiday_add,
    holiday_dates,
    holiday_remove,
    holidays_load,
)
from sentra.quality.services.periods import (
    PeriodInput,
    period_count_population,
    period_create,
    period_publish,
    period_set_status,
    period_unpublish,
    period_update,
)
from sentra.quality.services.responses import (
    ENTRY_ROLES,
    ResponseInput,
    open_period_for,
    staff_of,
    survey_enter,
    survey_submit,
)

__all__ = [
    "ENTRY_ROLES",
    "ActionInput",
    "ComplaintInput",
    "DeadlineRun",
    "PeriodInput",
    "ResponseInput",
    "Upload",
    "action_create",
    "action_update",
    "alert_mark_read",
    "categories_load",
    "codes_generate",
    "complaint_assign",
    "complaint_deadlines_check",
    "complaint_file",
    "complaint_note",
    "complaint_rate",
    "complaint_record",
    "complaint_reopen",
    "complaint_resolve",
    "complaint_respond",
    "complaint_triage",
    "deadline",
    "holiday_add",
    "holiday_dates",
    "holiday_remove",
    "holidays_load",
    "may_handle",
    "may_triage",
    "may_update",
    "open_period_for",
    "period_count_population",
    "period_create",
    "period_publish",
    "period_set_status",
    "period_unpublish",
    "period_update",
    "staff_of",
    "survey_enter",
    "survey_submit",
    "tracking_lookup",
]
