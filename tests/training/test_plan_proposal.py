"""Proposing a training plan from a centre's gaps, on hand-made centres with a known answer."""

from __future__ import annotations

from sentra.training.rules.plan import (
    CourseLine,
    GapLine,
    StaffLine,
    best_course,
    completion_share,
    propose_plan,
)

ELDERLY = "elderly-daily-care"
CRISIS = "mh-crisis"


def test_closest_staff_of_the_right_profession_are_proposed() -> None:
    gaps = [GapLine(ELDERLY, 2, staff_needed=3, staff_at_level=1, beneficiaries_needing=40)]
    staff = [
        StaffLine(1, "perawat", {ELDERLY: 2}),  # already at level
        StaffLine(2, "perawat", {ELDERLY: 1}),
        StaffLine(3, "pengasuh", {}),
        StaffLine(4, "psikolog", {ELDERLY: 1}),  # wrong profession
        StaffLine(5, "pengasuh", {ELDERLY: 1}),
    ]
    courses = [CourseLine(10, {ELDERLY: 3}), CourseLine(11, {ELDERLY: 2}), CourseLine(12, {CRISIS: 3})]
    items = propose_plan(gaps, staff, {ELDERLY: frozenset({"perawat", "pengasuh"})}, courses)
    assert [(i.staff_id, i.course_id, i.current_level, i.target_level) for i in items] == [
        (2, 11, 1, 2),
        (5, 11, 1, 2),
    ]


def test_no_shortfall_no_items_and_load_is_capped() -> None:
    gaps = [
        GapLine(ELDERLY, 2, 1, 1, 10),
        GapLine(CRISIS, 3, 2, 0, 5),
        GapLine("trauma-informed-care", 2, 1, 0, 5),
    ]
    staff = [StaffLine(1, "psikolog", {})]
    items = propose_plan(gaps, staff, {}, [], max_per_person=1)
    assert [(i.staff_id, i.competency, i.course_id) for i in items] == [(1, CRISIS, None)]


def test_best_course_prefers_the_smallest_sufficient_step() -> None:
    courses = [CourseLine(1, {ELDERLY: 4}), CourseLine(2, {ELDERLY: 3}), CourseLine(3, {ELDERLY: 1})]
    assert best_course(courses, ELDERLY, 3) == 2
    assert best_course(courses[2:], ELDERLY, 3) == 3
    assert best_course(courses, CRISIS, 2) is None


def test_completion_share() -> None:
    assert completion_share(0, 0) is None
    assert completion_share(8, 2) == 0.25
