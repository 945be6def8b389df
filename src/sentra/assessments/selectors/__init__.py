"""Reads of the assessments app.

* ``library``: the instrument library and the needs rules (data files), loaded once per process.
* ``records``: recorded assessments, scoped to the reader, access-logged; latest results; counts;
  the outcome measure (``improvement``) and the people behind it (``outcome_list``).
* ``centres``: the centres a reader may count, and the one chosen (404 when not theirs).
* ``needs``: a person's needs; centre aggregates of services, professions and devices (no person named).

Other apps import from here (see the contract in ``docs/assessments.md``).
"""

from sentra.assessments.selectors.centres import reader_centre, reader_centres
from sentra.assessments.selectors.library import (
    APP_DIR,
    ATENSI_FILE,
    FORMS_DIR,
    INSTRUMENTS_DIR,
    NEEDS_RULES_FILE,
    ORDER,
    PEKERJA_SOSIAL,
    active_ruleset,
    atensi_catalogue,
    atensi_components,
    definitions,
    forms_library,
    instrument_get,
    instrument_list,
    library,
    needs_ruleset,
    professions,
)
from sentra.assessments.selectors.needs import (
    PersonNeeds,
    current_needs_for_centres,
    device_demand,
    device_needs,
    needs_by_beneficiary,
    needs_of,
    profession_demand,
    service_demand,
    urgency_counts,
)
from sentra.assessments.selectors.records import (
    OUTCOMES,
    Improvement,
    LatestResult,
    OutcomeList,
    PersonOutcome,
    assessment_counts,
    assessment_for_reading,
    assessments_of,
    better_of,
    history,
    improvement,
    latest_results,
    log_history_access,
    log_outcome_access,
    outcome_list,
    pre_post,
)
from sentra.assessments.selectors.work import open_alerts, reassessments_due

__all__ = [
    "APP_DIR",
    "ATENSI_FILE",
    "FORMS_DIR",
    "INSTRUMENTS_DIR",
    "NEEDS_RULES_FILE",
    "ORDER",
    "OUTCOMES",
    "PEKERJA_SOSIAL",
    "Improvement",
    "LatestResult",
    "OutcomeList",
    "PersonNeeds",
    "PersonOutcome",
    "active_ruleset",
    "assessment_counts",
    "assessment_for_reading",
    "assessments_of",
    "atensi_catalogue",
    "atensi_components",
    "better_of",
    "current_needs_for_centres",
    "definitions",
    "device_demand",
    "device_needs",
    "forms_library",
    "history",
    "improvement",
    "instrument_get",
    "instrument_list",
    "latest_results",
    "library",
    "log_history_access",
    "log_outcome_access",
    "needs_by_beneficiary",
    "needs_of",
    "needs_ruleset",
    "open_alerts",
    "outcome_list",
    "pre_post",
    "profession_demand",
    "professions",
    "reader_centre",
    "reader_centres",
    "reassessments_due",
    "service_demand",
    "urgency_counts",
]
