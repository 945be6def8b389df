"""The pure rules of the case lifecycle: stage machine, tasks, deadlines, capacity, tagging, files."""

from __future__ import annotations

import datetime

import pytest

from sentra.cases import rules
from sentra.cases.rules import (
    AttachmentProblem,
    CapacityProblem,
    CaseFacts,
    StageProblem,
    TagProblem,
    TaskRules,
    TransitionFacts,
)

D = datetime.date


def problems(current: str, target: str, **facts: object) -> list[StageProblem]:
    return rules.transition_problems(TransitionFacts(current=current, target=target, **facts))  # type: ignore[arg-type]


def test_the_forward_path_needs_an_assessment_summary_and_an_approved_plan() -> None:
    assert problems("pendekatan_awal", "asesmen") == []
    assert problems("asesmen", "perencanaan") == [StageProblem.ASSESSMENT_SUMMARY_MISSING]
    assert problems("asesmen", "perencanaan", assessment_summary="   ") == [
        StageProblem.ASSESSMENT_SUMMARY_MISSING
    ]
    assert problems("asesmen", "perencanaan", assessment_summary="Needs family support") == []
    assert problems("perencanaan", "intervensi") == [StageProblem.NO_APPROVED_PLAN]
    assert problems("perencanaan", "intervensi", has_approved_plan=True) == []
    assert problems("intervensi", "monitoring_evaluasi") == []


def test_monitoring_loops_back_to_planning_or_intervention() -> None:
    assert problems("monitoring_evaluasi", "perencanaan") == []
    assert problems("monitoring_evaluasi", "intervensi", has_approved_plan=True) == []


@pytest.mark.parametrize(
    ("current", "target"),
    [
        ("pendekatan_awal", "perencanaan"),  # skipping the assessment
        ("pendekatan_awal", "intervensi"),
        ("asesmen", "intervensi"),
        ("intervensi", "perencanaan"),  # only monitoring loops back
        ("terminasi", "intervensi"),
        ("bimbingan_lanjut", "pendekatan_awal"),
        ("asesmen", "asesmen"),
    ],
)
def test_moves_outside_the_machine_are_refused(current: str, target: str) -> None:
    assert problems(current, target, has_approved_plan=True, assessment_summary="x") == [
        StageProblem.NOT_ALLOWED
    ]


def test_unknown_stages_and_closed_cases() -> None:
    assert problems("asesmen", "rujukan") == [StageProblem.UNKNOWN_STAGE]
    assert problems("asesmen", "perencanaan", is_closed=True, assessment_summary="x") == [StageProblem.CLOSED]


def test_termination_needs_a_known_reason_fitting_the_case() -> None:
    assert problems("asesmen", "terminasi") == [StageProblem.REASON_MISSING]
    assert problems("asesmen", "terminasi", termination_reason="bored") == [StageProblem.REASON_UNKNOWN]
    assert problems("asesmen", "terminasi", termination_reason="dropped_out") == []
    assert problems("pendekatan_awal", "terminasi", termination_reason="died") == []
    assert problems("asesmen", "terminasi", termination_reason="goals_achieved") == [
        StageProblem.REASON_TOO_EARLY
    ]
    assert (
        problems(
            "monitoring_evaluasi", "terminasi", termination_reason="goals_achieved", reached_intervention=True
        )
        == []
    )
    assert problems("intervensi", "terminasi", termination_reason="referred") == [
        StageProblem.REFERRAL_NOT_ACCEPTED
    ]
    assert (
        problems("intervensi", "terminasi", termination_reason="referred", has_accepted_referral=True) == []
    )
    assert problems("asesmen", "perencanaan", assessment_summary="x", termination_reason="died") == [
        StageProblem.REASON_ONLY_FOR_TERMINATION
    ]


def test_no_after_care_after_a_death() -> None:
    assert problems("terminasi", "bimbingan_lanjut", current_termination_reason="died") == [
        StageProblem.NO_AFTERCARE_AFTER_DEATH
    ]
    assert problems("terminasi", "bimbingan_lanjut", current_termination_reason="reunified") == []


def test_assessment_done_means_leaving_asesmen_with_a_summary() -> None:
    assert not rules.is_assessment_done([])
    assert not rules.is_assessment_done([("pendekatan_awal", False), ("asesmen", False)])
    assert rules.is_assessment_done([("pendekatan_awal", False), ("asesmen", True)])


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (D(2026, 1, 31), 1, D(2026, 2, 28)),
        (D(2028, 1, 31), 1, D(2028, 2, 29)),
        (D(2026, 11, 15), 3, D(2027, 2, 15)),
        (D(2026, 8, 31), 6, D(2027, 2, 28)),
        (D(2026, 12, 1), 12, D(2027, 12, 1)),
    ],
)
def test_add_months_clamps_to_the_month_end(day: datetime.date, months: int, expected: datetime.date) -> None:
    assert rules.add_months(day, months) == expected


def test_deadline_helpers() -> None:
    assert rules.add_days(D(2026, 12, 30), 7) == D(2027, 1, 6)
    assert rules.response_due(D(2026, 2, 20), 14) == D(2026, 3, 6)
    assert rules.days_overdue(D(2026, 1, 1), D(2026, 1, 4)) == 3
    assert rules.days_overdue(D(2026, 1, 5), D(2026, 1, 4)) == 0


def keys(plan: rules.TaskPlan) -> dict[str, datetime.date]:
    return {spec.rule_key: spec.due_on for spec in plan.wanted}


def test_a_new_case_gets_an_initial_assessment_task_n_days_after_intake() -> None:
    plan = rules.derive_tasks(CaseFacts(opened_on=D(2026, 3, 1)), TaskRules(initial_assessment_days=5))
    assert keys(plan) == {"initial_assessment": D(2026, 3, 6)}
    assert plan.settled == []


def test_assessed_case_with_an_approved_plan_gets_a_review_every_m_days() -> None:
    facts = CaseFacts(
        opened_on=D(2026, 3, 1), assessment_done=True, approved_plan_version=2, approved_plan_on=D(2026, 4, 1)
    )
    plan = rules.derive_tasks(
        facts, TaskRules(plan_review_days=30), existing_keys=["initial_assessment", "plan_review:v1"]
    )
    assert keys(plan) == {"plan_review:v2": D(2026, 5, 1)}
    assert plan.settled == ["initial_assessment", "plan_review:v1"]


def test_termination_brings_after_care_follow_ups_at_1_3_6_months() -> None:
    facts = CaseFacts(
        opened_on=D(2026, 1, 1),
        assessment_done=True,
        approved_plan_version=1,
        approved_plan_on=D(2026, 2, 1),
        terminated_on=D(2026, 8, 31),
        termination_reason="reunified",
    )
    plan = rules.derive_tasks(facts, TaskRules(), existing_keys=["plan_review:v1"])
    assert keys(plan) == {
        "aftercare:1m": D(2026, 9, 30),
        "aftercare:3m": D(2026, 11, 30),
        "aftercare:6m": D(2027, 2, 28),
    }
    assert "plan_review:v1" in plan.settled


def test_no_follow_ups_after_a_death_and_nothing_for_a_closed_case() -> None:
    died = CaseFacts(opened_on=D(2026, 1, 1), terminated_on=D(2026, 2, 1), termination_reason="died")
    assert rules.derive_tasks(died, TaskRules()).wanted == []
    closed = CaseFacts(
        opened_on=D(2026, 1, 1), terminated_on=D(2026, 2, 1), termination_reason="moved", closed=True
    )
    plan = rules.derive_tasks(closed, TaskRules(), existing_keys=["aftercare:1m"])
    assert plan.wanted == []
    assert "aftercare:1m" in plan.settled


def test_aftercare_months_from_configuration() -> None:
    assert rules.parse_aftercare_months([6, 1, 3, 3, "2", 0, 61, True]) == (1, 3, 6)


def test_residential_capacity() -> None:
    assert rules.residential_places([10, 25, 4]) == 25
    assert rules.residential_places([]) == 0
    assert rules.admission_problems(occupied=3, places=0) == [CapacityProblem.NO_RESIDENTIAL_PLACES]
    assert rules.admission_problems(occupied=24, places=25) == []
    assert rules.admission_problems(occupied=25, places=25) == [CapacityProblem.CENTRE_FULL]
    assert rules.occupancy_rate(5, 20) == 0.25
    assert rules.occupancy_rate(5, 0) is None


def test_room_allocation() -> None:
    ok = {"room_active": True, "room_beds": 4, "room_occupied": 3, "room_sex": "F", "person_sex": "F"}
    assert rules.room_problems(**ok) == []  # type: ignore[arg-type]
    assert rules.room_problems(**{**ok, "room_occupied": 4}) == [CapacityProblem.ROOM_FULL]  # type: ignore[arg-type]
    assert rules.room_problems(**{**ok, "person_sex": "M"}) == [CapacityProblem.ROOM_SEX]  # type: ignore[arg-type]
    assert rules.room_problems(**{**ok, "room_sex": "X", "person_sex": "M"}) == []  # type: ignore[arg-type]
    assert rules.room_problems(**{**ok, "room_active": False}) == [CapacityProblem.ROOM_INACTIVE]  # type: ignore[arg-type]
    assert rules.room_problems(**ok, bed="b2", beds_taken=["B2 "]) == [CapacityProblem.BED_TAKEN]  # type: ignore[arg-type]


def test_atensi_tagging_enforces_sub_types_where_the_component_has_them() -> None:
    therapy = ["fisik", "psikososial", "mental_spiritual"]
    assert rules.tag_problems(component_subtypes=therapy, subtype=None) == [TagProblem.SUBTYPE_REQUIRED]
    assert rules.tag_problems(component_subtypes=therapy, subtype="vokasional") == [
        TagProblem.SUBTYPE_NOT_OF_COMPONENT
    ]
    assert rules.tag_problems(component_subtypes=therapy, subtype="fisik") == []
    assert rules.tag_problems(component_subtypes=[], subtype=None) == []
    assert rules.tag_problems(component_subtypes=[], subtype="fisik") == [TagProblem.SUBTYPE_NOT_ALLOWED]


def test_attachments_are_checked_by_extension_content_and_size() -> None:
    pdf = rules.check_attachment(name="Consent.PDF", size=1000, head=b"%PDF-1.7\n")
    assert pdf.problems == []
    assert (pdf.extension, pdf.content_type) == ("pdf", "application/pdf")
    assert rules.check_attachment(name="x.pdf", size=100, head=b"MZ\x90\x00").problems == [
        AttachmentProblem.CONTENT_MISMATCH
    ]
    assert rules.check_attachment(name="run.exe", size=100, head=b"MZ").problems == [
        AttachmentProblem.TYPE_NOT_ALLOWED
    ]
    assert rules.check_attachment(name="noext", size=100, head=b"").problems == [
        AttachmentProblem.TYPE_NOT_ALLOWED
    ]
    assert rules.check_attachment(
        name="big.png", size=11 * 1024 * 1024, head=b"\x89PNG\r\n\x1a\n"
    ).problems == [AttachmentProblem.TOO_LARGE]
    assert rules.check_attachment(name="empty.jpg", size=0, head=b"").problems == [AttachmentProblem.EMPTY]


def test_the_shared_summary_keeps_only_the_defined_fields() -> None:
    summary = rules.shared_summary({"full_name": "Siti", "nik": "3171...", "health_notes": "x", "age": 70})
    assert set(summary) == set(rules.SHARED_SUMMARY_FIELDS)
    assert summary["full_name"] == "Siti"
    assert summary["age"] == 70
    assert "nik" not in summary
    assert "health_notes" not in summary


def test_case_numbers_and_waiting_order() -> None:
    assert rules.case_number(centre_id=3, year=2026, sequence=17) == "K-2026-003-00017"
    entries = [
        ("low", D(2026, 1, 1)),
        ("emergency", D(2026, 3, 1)),
        ("high", D(2026, 2, 1)),
        ("high", D(2026, 1, 5)),
    ]
    ordered = sorted(entries, key=lambda entry: rules.waiting_order(*entry))
    assert ordered == [
        ("emergency", D(2026, 3, 1)),
        ("high", D(2026, 1, 5)),
        ("high", D(2026, 2, 1)),
        ("low", D(2026, 1, 1)),
    ]


def test_plan_reviews_recur_from_the_last_review() -> None:
    facts = CaseFacts(
        opened_on=D(2026, 1, 1),
        assessment_done=True,
        approved_plan_version=3,
        approved_plan_on=D(2026, 2, 1),
        reviews_done=2,
        last_review_on=D(2026, 5, 10),
    )
    plan = rules.derive_tasks(
        facts, TaskRules(plan_review_days=30), existing_keys=["plan_review:v3", "plan_review:v3#1"]
    )
    assert keys(plan) == {"plan_review:v3#2": D(2026, 6, 9)}
