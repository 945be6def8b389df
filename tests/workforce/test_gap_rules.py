"""Gap computation on hand-made centres whose answers are worked out by hand."""

from __future__ import annotations

from sentra.workforce.rules import gaps
from sentra.workforce.rules.standards import ProfessionStandard, Standards

STANDARDS = Standards(
    professions={
        "pekerja_sosial": ProfessionStandard(25, 12, 4, 25),
        "psikolog": ProfessionStandard(40, 20, 8, 40),
        "perawat": ProfessionStandard(15, 8, 4, 15),
    },
    competency_beneficiaries_per_staff=25,
    idle_below_share=0.25,
    expiry_alert_days=(90, 30),
    share_within_km=150,
)
FRAMEWORK = [
    gaps.CompetencySpec("elderly-daily-care", "lansia", core=True, professions=frozenset({"perawat"})),
    gaps.CompetencySpec(
        "mh-psychosocial-support",
        "disabilitas",
        needs=frozenset({"psychosocial-distress"}),
        professions=frozenset({"psikolog", "pekerja_sosial"}),
    ),
    gaps.CompetencySpec("mh-crisis", needs=frozenset({"phq9-item9-urgent"}), required_level=3),
]


def _people(
    count: int,
    cluster: str,
    needs: frozenset[str] = frozenset(),
    professions: frozenset[str] = frozenset(),
    start: int = 0,
) -> list[gaps.BeneficiaryDemand]:
    return [gaps.BeneficiaryDemand(start + i, cluster, needs, professions) for i in range(count)]


def test_thirty_four_need_a_psychologist_and_none_on_staff() -> None:
    people = _people(34, "napza", frozenset({"psychosocial-distress"}), frozenset({"psikolog"}))
    staff = [gaps.StaffFacts(1, "pekerja_sosial"), gaps.StaffFacts(2, "pekerja_sosial")]
    report = gaps.gap_report(
        centre_id=7, beneficiaries=people, staff=staff, framework=FRAMEWORK, standards=STANDARDS
    )
    by_profession = {gap.profession: gap for gap in report.profession_gaps}
    psikolog = by_profession["psikolog"]
    assert (psikolog.beneficiaries_needing, psikolog.staff_needed, psikolog.staff_on_post) == (34, 1, 0)
    assert psikolog.shortfall == 1
    # every beneficiary needs a case manager: ceil(34 / 25) = 2, and 2 are on post
    assert by_profession["pekerja_sosial"].shortfall == 0
    assert [gap.profession for gap in report.missing_professions] == ["psikolog"]
    assert gaps.Suggestion(gaps.RECRUIT, profession="psikolog", count=1) in report.suggestions


def test_competency_below_need_suggests_training_the_nearest_levels_first() -> None:
    people = _people(60, "lansia")  # core elderly-care competency for all 60 → ceil(60/25) = 3 needed
    staff = [
        gaps.StaffFacts(1, "perawat", levels={"elderly-daily-care": 3}),
        gaps.StaffFacts(2, "perawat", levels={"elderly-daily-care": 1}),
        gaps.StaffFacts(3, "perawat", levels={}),
        gaps.StaffFacts(4, "perawat", levels={"elderly-daily-care": 1}),
        gaps.StaffFacts(5, "psikolog", levels={}),  # not expected to hold a nursing competency
    ]
    report = gaps.gap_report(
        centre_id=1, beneficiaries=people, staff=staff, framework=FRAMEWORK, standards=STANDARDS
    )
    (gap,) = report.competency_gaps
    assert (
        gap.competency,
        gap.beneficiaries_needing,
        gap.staff_needed,
        gap.staff_at_level,
        gap.shortfall,
    ) == (
        "elderly-daily-care",
        60,
        3,
        1,
        2,
    )
    train = [s for s in report.suggestions if s.kind == gaps.TRAIN]
    assert train == [gaps.Suggestion(gaps.TRAIN, competency="elderly-daily-care", count=2, staff_ids=(2, 4))]
    assert not [s for s in report.suggestions if s.kind == gaps.RECRUIT and s.competency]


def test_training_short_of_candidates_recruits_the_rest() -> None:
    people = _people(50, "anak", frozenset({"phq9-item9-urgent"}))  # mh-crisis at level 3: 2 needed
    staff = [gaps.StaffFacts(1, "pekerja_sosial", levels={"mh-crisis": 2})]
    report = gaps.gap_report(
        centre_id=1, beneficiaries=people, staff=staff, framework=FRAMEWORK, standards=STANDARDS
    )
    kinds = [(s.kind, s.competency, s.count) for s in report.suggestions if s.competency == "mh-crisis"]
    assert kinds == [(gaps.TRAIN, "mh-crisis", 1), (gaps.RECRUIT, "mh-crisis", 1)]


def test_staff_outside_their_competence_and_reassignment_to_a_competent_colleague() -> None:
    people = _people(3, "disabilitas", frozenset({"psychosocial-distress"}))
    staff = [
        gaps.StaffFacts(1, "pekerja_sosial", levels={}, serves=frozenset({0, 1})),
        gaps.StaffFacts(2, "pekerja_sosial", levels={"mh-psychosocial-support": 2}, serves=frozenset({2})),
        gaps.StaffFacts(3, "pekerja_sosial", levels={"mh-psychosocial-support": 3}, overloaded=True),
    ]
    report = gaps.gap_report(
        centre_id=1, beneficiaries=people, staff=staff, framework=FRAMEWORK, standards=STANDARDS
    )
    assert report.outside_competence == [gaps.OutsideCompetence(1, 2, ("mh-psychosocial-support",))]
    reassign = [s for s in report.suggestions if s.kind == gaps.REASSIGN]
    # the overloaded colleague is not offered
    assert reassign == [
        gaps.Suggestion(gaps.REASSIGN, profession="pekerja_sosial", count=2, staff_ids=(1, 2))
    ]


def test_sharing_with_the_nearest_centre_that_can_spare_then_recruiting() -> None:
    people = _people(100, "lansia", professions=frozenset({"psikolog"}))  # 3 psikolog needed
    neighbours = [
        gaps.Neighbour(20, 90.0, {"psikolog": 5}),
        gaps.Neighbour(21, 30.0, {"psikolog": 1}),
    ]
    report = gaps.gap_report(
        centre_id=1, beneficiaries=people, staff=[], framework=[], standards=STANDARDS, neighbours=neighbours
    )
    psikolog = [s for s in report.suggestions if s.profession == "psikolog"]
    assert psikolog == [
        gaps.Suggestion(gaps.SHARE, profession="psikolog", count=1, partner_centre_id=21),
        gaps.Suggestion(gaps.SHARE, profession="psikolog", count=2, partner_centre_id=20),
    ]


def test_readiness_shares_and_none_when_nothing_to_compute() -> None:
    people = _people(30, "lansia", professions=frozenset({"perawat"}))
    staff = [
        gaps.StaffFacts(1, "pekerja_sosial"),
        gaps.StaffFacts(2, "perawat", levels={"elderly-daily-care": 2}),
    ]
    report = gaps.gap_report(
        centre_id=1, beneficiaries=people, staff=staff, framework=FRAMEWORK, standards=STANDARDS
    )
    # needed: peksos ceil(30/25)=2 (1 on post), perawat ceil(30/15)=2 (1 on post) → 2/4 met
    # competency elderly-daily-care: ceil(30/25)=2 needed, 1 at level → 1/2
    shares = gaps.readiness(report, credential_bearers=4, credential_bearers_valid=3)
    assert shares == gaps.Readiness(0.5, 0.5, 0.75)
    empty = gaps.gap_report(
        centre_id=1, beneficiaries=[], staff=staff, framework=FRAMEWORK, standards=STANDARDS
    )
    assert gaps.readiness(empty, credential_bearers=0, credential_bearers_valid=0) == gaps.Readiness(
        None, None, None
    )
