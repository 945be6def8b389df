"""Reads of the workforce app. Page/API reads are scoped to the actor; the centre-level computations
(``gap_report``, ``skills_readiness``, ``centre_caseload``) take a centre id the caller has authorised."""

from sentra.workforce.selectors.access import (
    CENTRE_READERS,
    Matrix,
    alerts_for,
    caseload_for,
    competency_level_map,
    competency_matrix,
    evidence_of,
    gap_report_for,
    readable_centre,
    readable_centres,
    staff_detail,
    staff_list,
    staff_names,
    staff_of,
)
from sentra.workforce.selectors.caseload import StaffCaseload, centre_caseload
from sentra.workforce.selectors.gaps import (
    GapReport,
    SkillsReadiness,
    gap_report,
    gap_reports,
    national_gap_report,
    skills_readiness,
)
from sentra.workforce.selectors.performance import (
    CentrePerformance,
    StaffPerformance,
    centre_performance,
    centre_staff_performance,
    national_performance,
    performance_scores,
    staff_performance,
)

__all__ = [
    "CENTRE_READERS",
    "CentrePerformance",
    "GapReport",
    "Matrix",
    "SkillsReadiness",
    "StaffCaseload",
    "StaffPerformance",
    "alerts_for",
    "caseload_for",
    "centre_caseload",
    "centre_performance",
    "centre_staff_performance",
    "competency_level_map",
    "competency_matrix",
    "evidence_of",
    "gap_report",
    "gap_report_for",
    "gap_reports",
    "national_gap_report",
    "national_performance",
    "performance_scores",
    "readable_centre",
    "readable_centres",
    "skills_readiness",
    "staff_detail",
    "staff_list",
    "staff_names",
    "staff_of",
    "staff_performance",
]
