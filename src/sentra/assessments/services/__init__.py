"""Writes of the assessments app.

Every function is keyword-only, runs in one transaction, checks who may act (``PermissionDenied``)
and what is asked (``ValidationError`` keyed by field: ``answers.<item>`` names the item at fault),
and leaves audit rows whose sensitive values (answers, results, evidence) are named but redacted.
"""

from sentra.assessments.services.needs import (
    device_need_cancel,
    device_need_mark_met,
    may_close_device_need,
    may_decide,
    need_accept,
    need_reject,
    needs_derive,
)
from sentra.assessments.services.recording import assessment_record, may_record

__all__ = [
    "assessment_record",
    "device_need_cancel",
    "device_need_mark_met",
    "may_close_device_need",
    "may_decide",
    "may_record",
    "need_accept",
    "need_reject",
    "needs_derive",
]
