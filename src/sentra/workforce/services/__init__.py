"""Every write of the workforce app (audited; keyword-only)."""

from sentra.workforce.eligibility import case_manager_problem
from sentra.workforce.services.alerts import alert_mark_read, send_credential_alerts
from sentra.workforce.services.competency import record_competency_evidence
from sentra.workforce.services.imports import ImportResult, staff_import
from sentra.workforce.services.staff import (
    STAFF_FIELDS,
    credential_add,
    credential_renew,
    credential_revoke,
    staff_create,
    staff_update,
)

__all__ = [
    "STAFF_FIELDS",
    "ImportResult",
    "alert_mark_read",
    "case_manager_problem",
    "credential_add",
    "credential_renew",
    "credential_revoke",
    "record_competency_evidence",
    "send_credential_alerts",
    "staff_create",
    "staff_import",
    "staff_update",
]
