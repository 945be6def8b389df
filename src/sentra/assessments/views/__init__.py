"""Pages of the assessments app. Thin: parse, call a service or selector, render."""

from sentra.assessments.views.history import history
from sentra.assessments.views.home import alert_acknowledge, home
from sentra.assessments.views.instruments import instrument_list, instrument_score
from sentra.assessments.views.needs import centre_needs, need_decide
from sentra.assessments.views.outcomes import outcome_list
from sentra.assessments.views.records import assessment_detail, person_assessments, record_choose, record_form
from sentra.assessments.views.rulesets import ruleset_activate, ruleset_default, rulesets

__all__ = [
    "alert_acknowledge",
    "assessment_detail",
    "centre_needs",
    "history",
    "home",
    "instrument_list",
    "instrument_score",
    "need_decide",
    "outcome_list",
    "person_assessments",
    "record_choose",
    "record_form",
    "ruleset_activate",
    "ruleset_default",
    "rulesets",
]
