"""Pure rules of the case lifecycle. No Django here: plain values in, plain results out.

* the ATENSI stage state machine and its guards;
* task derivation (initial assessment, plan reviews, after-care follow-ups) and deadline arithmetic;
* residential capacity and room allocation checks;
* ATENSI component / sub-type tagging, attachment limits, the referral's shared summary, case numbers.

"Assessment done": until the ``assessments`` app records assessments, a case counts as assessed once
it has left the ``asesmen`` stage through a transition that carries a written assessment summary
(the service stores it as a progress note of kind ``assessment_summary`` linked to the transition).
"""

from __future__ import annotations

import calendar
import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

# --- Stages -------------------------------------------------------------------------------------------

PENDEKATAN_AWAL = "pendekatan_awal"
ASESMEN = "asesmen"
PERENCANAAN = "perencanaan"
INTERVENSI = "intervensi"
MONITORING_EVALUASI = "monitoring_evaluasi"
TERMINASI = "terminasi"
BIMBINGAN_LANJUT = "bimbingan_lanjut"

STAGES: tuple[str, ...] = (
    PENDEKATAN_AWAL,
    ASESMEN,
    PERENCANAAN,
    INTERVENSI,
    MONITORING_EVALUASI,
    TERMINASI,
    BIMBINGAN_LANJUT,
)

# The forward path, the monitoring loop back to planning (and on to more intervention), after-care.
# Termination is reachable from every stage before it (a person may drop out, move or die at any
# time); referral is not a stage: it can be sent from any stage of an open case.
NEXT_STAGES: dict[str, frozenset[str]] = {
    PENDEKATAN_AWAL: frozenset({ASESMEN, TERMINASI}),
    ASESMEN: frozenset({PERENCANAAN, TERMINASI}),
    PERENCANAAN: frozenset({INTERVENSI, TERMINASI}),
    INTERVENSI: frozenset({MONITORING_EVALUASI, TERMINASI}),
    MONITORING_EVALUASI: frozenset({PERENCANAAN, INTERVENSI, TERMINASI}),
    TERMINASI: frozenset({BIMBINGAN_LANJUT}),
    BIMBINGAN_LANJUT: frozenset(),
}

GOALS_ACHIEVED = "goals_achieved"
REUNIFIED = "reunified"
REFERRED = "referred"
MOVED = "moved"
DROPPED_OUT = "dropped_out"
DIED = "died"
TERMINATION_REASONS = (GOALS_ACHIEVED, REUNIFIED, REFERRED, MOVED, DROPPED_OUT, DIED)
# Reasons that speak of a finished intervention: only after one has started.
AFTER_INTERVENTION_REASONS = frozenset({GOALS_ACHIEVED, REUNIFIED})


class StageProblem(StrEnum):
    CLOSED = "closed"
    UNKNOWN_STAGE = "unknown_stage"
    NOT_ALLOWED = "not_allowed"
    ASSESSMENT_SUMMARY_MISSING = "assessment_summary_missing"
    NO_APPROVED_PLAN = "no_approved_plan"
    REASON_MISSING = "reason_missing"
    REASON_UNKNOWN = "reason_unknown"
    REASON_TOO_EARLY = "reason_too_early"
    REFERRAL_NOT_ACCEPTED = "referral_not_accepted"
    NO_AFTERCARE_AFTER_DEATH = "no_aftercare_after_death"
    REASON_ONLY_FOR_TERMINATION = "reason_only_for_termination"


@dataclass(frozen=True)
class TransitionFacts:
    """What the guards need to know about a case and the requested move."""

    current: str
    target: str
    is_closed: bool = False
    assessment_summary: str = ""
    has_approved_plan: bool = False
    termination_reason: str = ""
    current_termination_reason: str = ""
    has_accepted_referral: bool = False
    reached_intervention: bool = False


def transition_problems(facts: TransitionFacts) -> list[StageProblem]:
    """Every reason the move is refused (empty = allowed)."""
    if facts.is_closed:
        return [StageProblem.CLOSED]
    if facts.current not in NEXT_STAGES or facts.target not in NEXT_STAGES:
        return [StageProblem.UNKNOWN_STAGE]
    if facts.target not in NEXT_STAGES[facts.current]:
        return [StageProblem.NOT_ALLOWED]
    problems: list[StageProblem] = []
    if facts.current == ASESMEN and facts.target == PERENCANAAN and not facts.assessment_summary.strip():
        problems.append(StageProblem.ASSESSMENT_SUMMARY_MISSING)
    if facts.target == INTERVENSI and not facts.has_approved_plan:
        problems.append(StageProblem.NO_APPROVED_PLAN)
    if facts.target == TERMINASI:
        problems.extend(termination_problems(facts))
    elif facts.termination_reason:
        problems.append(StageProblem.REASON_ONLY_FOR_TERMINATION)
    if facts.target == BIMBINGAN_LANJUT and facts.current_termination_reason == DIED:
        problems.append(StageProblem.NO_AFTERCARE_AFTER_DEATH)
    return problems


def termination_problems(facts: TransitionFacts) -> list[StageProblem]:
    reason = facts.termination_reason
    if not reason:
        return [StageProblem.REASON_MISSING]
    if reason not in TERMINATION_REASONS:
        return [StageProblem.REASON_UNKNOWN]
    if reason in AFTER_INTERVENTION_REASONS and not facts.reached_intervention:
        return [StageProblem.REASON_TOO_EARLY]
    if reason == REFERRED and not facts.has_accepted_referral:
        return [StageProblem.REFERRAL_NOT_ACCEPTED]
    return []


def is_assessment_done(transitions: Iterable[tuple[str, bool]]) -> bool:
    """``transitions``: (from_stage, carries an assessment summary) of each recorded move."""
    return any(from_stage == ASESMEN and has_summary for from_stage, has_summary in transitions)


def stage_position(stage: str) -> int:
    return STAGES.index(stage) if stage in STAGES else -1


# --- Deadlines ------------------------------------------------------------------------------------------


def add_days(day: datetime.date, days: int) -> datetime.date:
    return day + datetime.timedelta(days=days)


def add_months(day: datetime.date, months: int) -> datetime.date:
    """Same day ``months`` later, clamped to the month's end (31 Jan + 1 month = 28/29 Feb)."""
    month_index = day.month - 1 + months
    year = day.year + month_index // 12
    month = month_index % 12 + 1
    last = calendar.monthrange(year, month)[1]
    return datetime.date(year, month, min(day.day, last))


def days_overdue(due_on: datetime.date, today: datetime.date) -> int:
    """How many days past due (0 when not yet due)."""
    return max(0, (today - due_on).days)


# --- Task derivation ---------------------------------------------------------------------------------


class DerivedKind(StrEnum):
    INITIAL_ASSESSMENT = "initial_assessment"
    PLAN_REVIEW = "plan_review"
    AFTERCARE = "aftercare"


@dataclass(frozen=True)
class TaskRules:
    initial_assessment_days: int = 7
    plan_review_days: int = 90
    aftercare_months: tuple[int, ...] = (1, 3, 6)


@dataclass(frozen=True)
class CaseFacts:
    opened_on: datetime.date
    assessment_done: bool = False
    approved_plan_version: int | None = None
    approved_plan_on: datetime.date | None = None
    # Reviews of the approved version already done, and the day of the last one.
    reviews_done: int = 0
    last_review_on: datetime.date | None = None
    terminated_on: datetime.date | None = None
    termination_reason: str = ""
    closed: bool = False


@dataclass(frozen=True)
class TaskSpec:
    rule_key: str
    kind: DerivedKind
    due_on: datetime.date
    months: int = 0  # after-care: months after termination
    version: int = 0  # plan review: the plan version to review


@dataclass(frozen=True)
class TaskPlan:
    """What should be open now, and which rule keys are settled (their open tasks get closed)."""

    wanted: list[TaskSpec] = field(default_factory=list)
    settled: list[str] = field(default_factory=list)


def initial_assessment_key() -> str:
    return "initial_assessment"


def plan_review_key(version: int, cycle: int = 0) -> str:
    """The first review of a version is ``plan_review:v2``, the next ones ``plan_review:v2#1``, ..."""
    return f"plan_review:v{version}" if cycle == 0 else f"plan_review:v{version}#{cycle}"


def aftercare_key(months: int) -> str:
    return f"aftercare:{months}m"


def derive_tasks(facts: CaseFacts, rules: TaskRules, existing_keys: Iterable[str] = ()) -> TaskPlan:
    """The rule-derived tasks of a case.

    * initial assessment due ``initial_assessment_days`` after intake, settled once assessed;
    * a review of the approved plan every ``plan_review_days``: the first that many days after the
      approval, each next one that many days after the previous review was done (approving a
      revision settles the previous version's open review);
    * after-care follow-ups ``aftercare_months`` after termination (none after a death).
    A terminated case needs no more assessment or plan-review work; a closed case needs nothing.
    """
    wanted: list[TaskSpec] = []
    settled: list[str] = []
    existing = set(existing_keys)
    initial = initial_assessment_key()
    if facts.assessment_done or facts.terminated_on is not None or facts.closed:
        settled.append(initial)
    else:
        wanted.append(
            TaskSpec(
                initial,
                DerivedKind.INITIAL_ASSESSMENT,
                add_days(facts.opened_on, rules.initial_assessment_days),
            )
        )
    current_review = (
        plan_review_key(facts.approved_plan_version, facts.reviews_done)
        if facts.approved_plan_version is not None
        else None
    )
    for key in existing:
        if key.startswith("plan_review:") and key != current_review:
            settled.append(key)
    if current_review is not None and facts.approved_plan_on is not None:
        if facts.terminated_on is not None or facts.closed:
            settled.append(current_review)
        else:
            wanted.append(
                TaskSpec(
                    current_review,
                    DerivedKind.PLAN_REVIEW,
                    add_days(facts.last_review_on or facts.approved_plan_on, rules.plan_review_days),
                    version=facts.approved_plan_version or 0,
                )
            )
    if facts.terminated_on is not None and facts.termination_reason != DIED and not facts.closed:
        for months in sorted(set(rules.aftercare_months)):
            wanted.append(
                TaskSpec(
                    aftercare_key(months),
                    DerivedKind.AFTERCARE,
                    add_months(facts.terminated_on, months),
                    months=months,
                )
            )
    if facts.closed or facts.termination_reason == DIED:
        settled.extend(key for key in existing if key.startswith("aftercare:"))
    return TaskPlan(wanted=wanted, settled=sorted(set(settled)))


def parse_aftercare_months(values: Sequence[object]) -> tuple[int, ...]:
    """Months as configured (JSON list); anything not a whole number of 1..60 is ignored."""
    months = {
        value
        for value in values
        if isinstance(value, int) and not isinstance(value, bool) and 0 < value <= 60
    }
    return tuple(sorted(months))


# --- Residential capacity -------------------------------------------------------------------------


class CapacityProblem(StrEnum):
    NO_RESIDENTIAL_PLACES = "no_residential_places"
    CENTRE_FULL = "centre_full"
    ROOM_INACTIVE = "room_inactive"
    ROOM_FULL = "room_full"
    ROOM_SEX = "room_sex"
    BED_TAKEN = "bed_taken"


def residential_places(places_by_component: Iterable[int]) -> int:
    """A centre's residential places: the largest residential capacity of any ATENSI component.

    Each resident receives several components at once, so adding the components up would count a
    person several times; the component with the most residential places bounds how many can live in.
    """
    return max(places_by_component, default=0)


def admission_problems(*, occupied: int, places: int) -> list[CapacityProblem]:
    if places <= 0:
        return [CapacityProblem.NO_RESIDENTIAL_PLACES]
    if occupied >= places:
        return [CapacityProblem.CENTRE_FULL]
    return []


def room_problems(
    *,
    room_active: bool,
    room_beds: int,
    room_occupied: int,
    room_sex: str,
    person_sex: str,
    bed: str = "",
    beds_taken: Iterable[str] = (),
) -> list[CapacityProblem]:
    """Whether a person may be given a place (and optionally a named bed) in a room."""
    problems: list[CapacityProblem] = []
    if not room_active:
        problems.append(CapacityProblem.ROOM_INACTIVE)
    if room_occupied >= room_beds:
        problems.append(CapacityProblem.ROOM_FULL)
    if room_sex in ("M", "F") and person_sex != room_sex:
        problems.append(CapacityProblem.ROOM_SEX)
    if bed and bed.strip().casefold() in {taken.strip().casefold() for taken in beds_taken}:
        problems.append(CapacityProblem.BED_TAKEN)
    return problems


def occupancy_rate(occupied: int, places: int) -> float | None:
    return None if places <= 0 else occupied / places


# --- ATENSI tagging ---------------------------------------------------------------------------------


class TagProblem(StrEnum):
    SUBTYPE_REQUIRED = "subtype_required"
    SUBTYPE_NOT_OF_COMPONENT = "subtype_not_of_component"
    SUBTYPE_NOT_ALLOWED = "subtype_not_allowed"


def tag_problems(*, component_subtypes: Iterable[str], subtype: str | None) -> list[TagProblem]:
    """Exactly one component per service, with one of its sub-types when it has any (§1.4)."""
    options = set(component_subtypes)
    if options:
        if not subtype:
            return [TagProblem.SUBTYPE_REQUIRED]
        if subtype not in options:
            return [TagProblem.SUBTYPE_NOT_OF_COMPONENT]
        return []
    return [TagProblem.SUBTYPE_NOT_ALLOWED] if subtype else []


# --- Attachments -------------------------------------------------------------------------------------

# Extension -> (content type, leading bytes of the format, or b"" when the format has no fixed start).
ATTACHMENT_TYPES: dict[str, tuple[str, bytes]] = {
    "pdf": ("application/pdf", b"%PDF-"),
    "jpg": ("image/jpeg", b"\xff\xd8\xff"),
    "jpeg": ("image/jpeg", b"\xff\xd8\xff"),
    "png": ("image/png", b"\x89PNG\r\n\x1a\n"),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", b"PK\x03\x04"),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", b"PK\x03\x04"),
}
ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024


class AttachmentProblem(StrEnum):
    EMPTY = "empty"
    TOO_LARGE = "too_large"
    TYPE_NOT_ALLOWED = "type_not_allowed"
    CONTENT_MISMATCH = "content_mismatch"


@dataclass(frozen=True)
class AttachmentCheck:
    problems: list[AttachmentProblem]
    extension: str = ""
    content_type: str = ""


def check_attachment(
    *, name: str, size: int, head: bytes, max_bytes: int = ATTACHMENT_MAX_BYTES
) -> AttachmentCheck:
    """Type by extension *and* by the file's first bytes (a renamed .exe is refused), and size."""
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    problems: list[AttachmentProblem] = []
    if size <= 0:
        problems.append(AttachmentProblem.EMPTY)
    elif size > max_bytes:
        problems.append(AttachmentProblem.TOO_LARGE)
    known = ATTACHMENT_TYPES.get(extension)
    if known is None:
        problems.append(AttachmentProblem.TYPE_NOT_ALLOWED)
        return AttachmentCheck(problems)
    content_type, magic = known
    if size > 0 and magic and not head.startswith(magic):
        problems.append(AttachmentProblem.CONTENT_MISMATCH)
    return AttachmentCheck(problems, extension, content_type)


# --- Referrals ---------------------------------------------------------------------------------------------

# The minimum necessary data a referral (or a transfer request) shares with the receiver. Nothing
# else of the case leaves the sending centre: no NIK or KK number, no address or phone, no health
# notes, no progress notes, assessments or attachments.
SHARED_SUMMARY_FIELDS: tuple[str, ...] = (
    "registration_number",  # the person's registry number, to find them again
    "full_name",
    "sex",
    "age",  # in years, not the birth date
    "clusters",
    "disability_types",
    "case_number",
    "stage",
    "setting",
    "reason",  # why the sender refers, in the sender's words for the receiver
    "services_requested",  # ATENSI component codes
    "urgency",
    "sender_centre",
    "sender_contact",  # the case manager's name and the centre's phone
)


def shared_summary(values: dict[str, object]) -> dict[str, object]:
    """Keep exactly the shared fields (missing ones as None), whatever the caller passed."""
    return {name: values.get(name) for name in SHARED_SUMMARY_FIELDS}


def response_due(sent_on: datetime.date, days: int) -> datetime.date:
    return add_days(sent_on, days)


# --- Case numbers ---------------------------------------------------------------------------------------


def case_number(*, centre_id: int, year: int, sequence: int) -> str:
    """``K-2026-003-00017``: the 17th case opened by centre #3 in 2026. Stable across transfers."""
    return f"K-{year:04d}-{centre_id:03d}-{sequence:05d}"


# --- Waiting list --------------------------------------------------------------------------------------

URGENCY_ORDER = {"emergency": 0, "high": 1, "normal": 2, "low": 3}


def waiting_order(urgency: str, added_on: datetime.date) -> tuple[int, datetime.date]:
    """Most urgent first, then the longest waiting."""
    return (URGENCY_ORDER.get(urgency, len(URGENCY_ORDER)), added_on)
