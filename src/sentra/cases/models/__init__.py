"""The ATENSI case lifecycle: cases, plans, delivery, tasks, referrals, transfers, residential stays.

Who sees what (every ``visible_to`` below follows these lines; see also ``docs`` in the report):

* system administrators: everything (read; casework itself is done by centre staff);
* national analysts: nothing here (they read aggregates in ``insights``);
* case managers, centre heads and intake/administrative staff: the cases of their centres, and what
  hangs off them (plans, services, notes, tasks, attachments, stays, waiting lists);
* other professionals (psikolog, perawat, ...): only the cases whose care team they are on
  (need-to-know, UU PDP); they never browse a centre's whole caseload;
* HR / training staff: no case data;
* a referral or a transfer is visible to the sending and the receiving centre; the receiving centre
  sees the explicit shared summary stored on it (``Referral.shared_summary``), not the case.
"""

# One module per topic; every name is importable from ``sentra.cases.models`` (migrations refer to
# ``attachment_upload_to`` here).

from sentra.cases.models.cases import (
    CENTRE_CASE_ROLES,
    CareTeamMember,
    Case,
    CaseNumberCounter,
    CaseQuerySet,
    CaseRuleSet,
    ScopedByCase,
    ScopedByPlanCase,
    Stage,
    StageTransition,
    TeamRole,
    TerminationReason,
    case_scope,
    centre_scope,
)
from sentra.cases.models.delivery import (
    AssistanceKind,
    Attachment,
    AttachmentKind,
    Attendance,
    NoteKind,
    ProgressNote,
    ServiceDelivery,
    SocialAssistance,
    attachment_upload_to,
)
from sentra.cases.models.plans import (
    CaseConference,
    CasePlan,
    Frequency,
    PlanGoal,
    PlannedService,
    PlanStatus,
)
from sentra.cases.models.referrals import (
    DeclineReason,
    OutsideService,
    Referral,
    ReferralQuerySet,
    ReferralStatus,
    ReferralTarget,
    Transfer,
    TransferQuerySet,
    TransferStatus,
    Urgency,
)
from sentra.cases.models.residential import (
    CentreScoped,
    DischargeReason,
    HomeLeave,
    Presence,
    ResidentialStay,
    RollCall,
    RollCallEntry,
    Room,
    RoomSex,
    StayStatus,
)
from sentra.cases.models.tasks import (
    Task,
    TaskKind,
    TaskQuerySet,
    TaskStatus,
)
from sentra.cases.models.waiting import (
    WaitingFor,
    WaitingListEntry,
    WaitingRemoval,
)

__all__ = [
    "CENTRE_CASE_ROLES",
    "AssistanceKind",
    "Attachment",
    "AttachmentKind",
    "Attendance",
    "CareTeamMember",
    "Case",
    "CaseConference",
    "CaseNumberCounter",
    "CasePlan",
    "CaseQuerySet",
    "CaseRuleSet",
    "CentreScoped",
    "DeclineReason",
    "DischargeReason",
    "Frequency",
    "HomeLeave",
    "NoteKind",
    "OutsideService",
    "PlanGoal",
    "PlanStatus",
    "PlannedService",
    "Presence",
    "ProgressNote",
    "Referral",
    "ReferralQuerySet",
    "ReferralStatus",
    "ReferralTarget",
    "ResidentialStay",
    "RollCall",
    "RollCallEntry",
    "Room",
    "RoomSex",
    "ScopedByCase",
    "ScopedByPlanCase",
    "ServiceDelivery",
    "SocialAssistance",
    "Stage",
    "StageTransition",
    "StayStatus",
    "Task",
    "TaskKind",
    "TaskQuerySet",
    "TaskStatus",
    "TeamRole",
    "TerminationReason",
    "Transfer",
    "TransferQuerySet",
    "TransferStatus",
    "Urgency",
    "WaitingFor",
    "WaitingListEntry",
    "WaitingRemoval",
    "attachment_upload_to",
    "case_scope",
    "centre_scope",
]
