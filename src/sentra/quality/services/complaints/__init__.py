"""Complaints: filed by anyone (web) or recorded by staff, then triaged, assigned, answered, resolved.

Split by topic: ``filing`` (intake of a complaint and its files), ``access`` (who may triage and
handle), ``handling`` (the desk's and handler's steps), ``tracking`` (the complainant's page and
rating) and ``deadlines`` (reminders and escalation).
"""

from sentra.quality.services.complaints.access import may_handle, may_triage
from sentra.quality.services.complaints.deadlines import (
    DeadlineRun,
    alert_mark_read,
    complaint_deadlines_check,
)
from sentra.quality.services.complaints.filing import ComplaintInput, Upload, complaint_file, complaint_record
from sentra.quality.services.complaints.handling import (
    complaint_assign,
    complaint_note,
    complaint_reopen,
    complaint_resolve,
    complaint_respond,
    complaint_triage,
)
from sentra.quality.services.complaints.tracking import complaint_rate, tracking_lookup

__all__ = [
    "ComplaintInput",
    "DeadlineRun",
    "Upload",
    "alert_mark_read",
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
    "may_handle",
    "may_triage",
    "tracking_lookup",
]
