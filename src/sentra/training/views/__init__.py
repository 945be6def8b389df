"""Pages of the training app (thin: parse, call a service or selector, render)."""

from sentra.training.views.catalogue import (
    calendar,
    exchange_detail,
    exchange_list,
    participant_evaluate,
    plan_detail,
    plan_list,
    session_complete,
    session_create,
    session_detail,
    session_enrol,
)
from sentra.training.views.overseas import (
    application_detail,
    obligation_record,
    programme_action,
    programme_apply,
    programme_create,
    programme_detail,
    programme_list,
    programme_nominate,
)

__all__ = [
    "application_detail",
    "calendar",
    "exchange_detail",
    "exchange_list",
    "obligation_record",
    "participant_evaluate",
    "plan_detail",
    "plan_list",
    "programme_action",
    "programme_apply",
    "programme_create",
    "programme_detail",
    "programme_list",
    "programme_nominate",
    "session_complete",
    "session_create",
    "session_detail",
    "session_enrol",
]
