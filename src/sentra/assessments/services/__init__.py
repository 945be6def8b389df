"""Writes of the assessments app.

Every function is keyword-only, runs in one transaction, checks who may act (``PermissionDenied``)
and what is asked (``ValidationError`` keyed by field: ``answers.<item>`` names the item at fault),
and leaves audit rows whose sensitive values (answers, results, evidence) are named but redacted.
"""

from sentra.assessments.services.alerts import alert_acknowledge, alerts_raise, may_acknowledge
from sentra.assessments.services.needs import (
    device_need_cancel,
    device_need_mark_met,
    may_close_device_need,
    may_decide,
    need_accept,
    need_reject,
    needs_derive,
)
from sentra.assessments.services.plans import need_accept_into_plan
from sentra.assessments.services.recording import assessment_record, assessment_record_system, may_record
from sentra.assessments.services.reminders import reminders_raise
from sentra.assessments.services.rulesets import (
    may_edit_rules,
    ruleset_activate,
    ruleset_save,
    ruleset_use_default,
)

__all__ = [
    "alert_acknowledge",
    "alerts_raise",
    "assessment_record",
    "assessment_record_system",
    "device_need_cancel",
    "device_need_mark_met",
    "may_acknowledge",
    "may_close_device_need",
    "may_decide",
    "may_edit_rules",
    "may_record",
    "need_accept",
    "need_accept_into_plan",
    "need_reject",
    "needs_derive",
    "reminders_raise",
    "ruleset_activate",
    "ruleset_save",
    "ruleset_use_default",
]
