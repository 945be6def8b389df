"""Tables of the training app: catalogue, sessions, plans, exchange and overseas study."""

from sentra.training.models.catalogue import (
    MANAGER_ROLES,
    TRAINING_RUNNERS,
    Course,
    CourseOutcome,
    Participant,
    ParticipantStatus,
    SessionStatus,
    TrainingKind,
    TrainingSession,
)
from sentra.training.models.exchange import ExchangeProposal, ExchangeStatus
from sentra.training.models.overseas import (
    Application,
    ApplicationStatus,
    Obligation,
    ObligationKind,
    ObligationReminder,
    OverseasProgramme,
    ProgrammeStatus,
)
from sentra.training.models.plans import PlanItem, PlanStatus, TrainingPlan

__all__ = [
    "MANAGER_ROLES",
    "TRAINING_RUNNERS",
    "Application",
    "ApplicationStatus",
    "Course",
    "CourseOutcome",
    "ExchangeProposal",
    "ExchangeStatus",
    "Obligation",
    "ObligationKind",
    "ObligationReminder",
    "OverseasProgramme",
    "Participant",
    "ParticipantStatus",
    "PlanItem",
    "PlanStatus",
    "ProgrammeStatus",
    "SessionStatus",
    "TrainingKind",
    "TrainingPlan",
    "TrainingSession",
]
