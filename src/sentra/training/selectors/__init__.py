"""Every read of the training app, scoped to the actor."""

from sentra.training.selectors.catalogue import (
    calendar,
    course_list,
    enrolable_staff,
    managed_centres,
    my_trainings,
    participants_of,
    session_get,
    session_rating,
    training_summary,
)
from sentra.training.selectors.overseas import (
    AGGREGATE_ROLES,
    application_get,
    applications_for,
    my_application,
    my_reminders,
    obligations_for,
    programme_counts,
    programme_get,
    programme_list,
)
from sentra.training.selectors.plans import exchange_get, exchange_list, plan_for, plan_get

__all__ = [
    "AGGREGATE_ROLES",
    "application_get",
    "applications_for",
    "calendar",
    "course_list",
    "enrolable_staff",
    "exchange_get",
    "exchange_list",
    "managed_centres",
    "my_application",
    "my_reminders",
    "my_trainings",
    "obligations_for",
    "participants_of",
    "plan_for",
    "plan_get",
    "programme_counts",
    "programme_get",
    "programme_list",
    "session_get",
    "session_rating",
    "training_summary",
]
