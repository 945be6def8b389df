"""The scorecard from records: the other modules' readiness (patched and real), attitude from the
survey, complaints, tasks and the self-assessment, recording, trend and the national comparison."""

from __future__ import annotations

import datetime
from fractions import Fraction
from types import SimpleNamespace
from typing import Any

import pytest
from django.utils import timezone

from sentra.core.models import Role
from sentra.quality import services
from sentra.quality.rules import readiness as rules
from sentra.quality.selectors import readiness as selectors
from sentra.quality.services import readiness as readiness_services
from sentra.workforce.models import StaffMember
from tests.quality.factories import add_responses, answers, file_complaint, make_period

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 5, 15)


def equipment(**overrides: Any) -> SimpleNamespace:
    values = {
        "centre_id": 0,
        "standard_met_share": 0.75,
        "good_condition_share": 0.9,
        "unmet_device_needs": 1,
        "device_needs_total": 4,
        "required_units": 8,
        "held_units": 6,
        "items_held": 10,
    }
    values.update(overrides)
    return SimpleNamespace(**values)


@pytest.fixture
def modules(monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    """The equipment, workforce and training selectors, patched to known figures per test."""
    figures: dict[str, Any] = {"equipment": None, "skills": None, "training": None}
    monkeypatch.setattr(selectors, "equipment_readiness", lambda centre_id: figures["equipment"])
    monkeypatch.setattr(selectors, "skills_readiness", lambda centre_id: figures["skills"])
    monkeypatch.setattr(selectors, "training_summary", lambda centre_id: figures["training"])
    return figures


def test_known_answers_for_equipment_and_skills(centre_a, modules) -> None:
    modules["equipment"] = equipment()
    modules["skills"] = SimpleNamespace(
        profession_need_met_share=0.5, competency_need_met_share=None, credentials_valid_share=1.0
    )
    modules["training"] = 0.25
    card, _facts = selectors.compute_scorecard(
        sentra=centre_a, starts_on=datetime.date(2026, 1, 1), ends_on=datetime.date(2026, 6, 30), today=TODAY
    )
    assert str(card.aspect(rules.EQUIPMENT).score) == "78.8"
    assert str(card.aspect(rules.SKILLS).score) == "57.1"
    assert [part.key for part in card.aspect(rules.SKILLS).missing] == ["competency_need_met"]
    assert card.aspect(rules.ATTITUDE).score is None  # nothing recorded in the semester


def test_no_data_anywhere(centre_a, modules) -> None:
    card, _facts = selectors.compute_scorecard(
        sentra=centre_a, starts_on=datetime.date(2026, 1, 1), ends_on=datetime.date(2026, 6, 30), today=TODAY
    )
    assert [aspect.score for aspect in card.aspects] == [None, None, None]
    assert card.overall is None


def test_the_real_selectors_on_a_centre_without_records_say_no_data(centre_a) -> None:
    card, _facts = selectors.compute_scorecard(
        sentra=centre_a, starts_on=datetime.date(2026, 1, 1), ends_on=datetime.date(2026, 6, 30), today=TODAY
    )
    assert card.aspect(rules.EQUIPMENT).score is None
    assert card.aspect(rules.SKILLS).score is None


def test_the_real_training_summary_counts_staff_without_training(centre_a) -> None:
    StaffMember.objects.create(
        sentra=centre_a,
        full_name="Rini Astuti",
        profession="pekerja_sosial",
        employment_type="asn",
        start_date=datetime.date(2020, 1, 1),
    )
    card, _facts = selectors.compute_scorecard(
        sentra=centre_a, starts_on=datetime.date(2026, 1, 1), ends_on=datetime.date(2026, 6, 30), today=TODAY
    )
    training = next(part for part in card.aspect(rules.SKILLS).parts if part.key == "training_completed")
    assert training.share == 0  # one active staff member, no training completed: 0, not "no data"


def test_attitude_from_the_records_of_the_semester(centre_a, make_user, modules) -> None:
    today = timezone.localdate()
    _year, _half, starts_on, ends_on = selectors.semester_of(today)
    period = make_period(centre_a, starts_on=starts_on, ends_on=ends_on)
    # Conduct mean (4 + 3) / 2 = 3.5 -> 87.5; competence mean 3 -> 75 (submitted today).
    add_responses(period, [answers(3, perilaku=4), answers(3)])
    desk = make_user(role=Role.INTAKE, centres=(centre_a,))
    head = make_user(role=Role.CENTRE_HEAD, centres=(centre_a,))
    about_staff = file_complaint(
        centre_a, category_code="petugas", description="Petugas membentak orang tua saya."
    )
    services.complaint_triage(actor=desk, complaint=about_staff, category_code="petugas")
    services.complaint_assign(actor=desk, complaint=about_staff, assignee_id=head.pk)
    services.complaint_resolve(actor=head, complaint=about_staff, text="Petugas sudah ditegur.")
    file_complaint(centre_a, description="Ruang tunggu panas dan sempit sekali.")  # not about conduct
    for value in (3, 3, 4):
        readiness_services.self_assessment_submit(
            actor=make_user(role=Role.CASE_MANAGER, centres=(centre_a,)),
            sentra=centre_a,
            answers=dict.fromkeys(rules.SELF_ASSESSMENT_ITEMS, value),
            day=today,
        )
    facts = selectors.attitude_facts(sentra_id=centre_a.pk, starts_on=starts_on, ends_on=ends_on, today=today)
    assert facts.conduct.mean == Fraction(7, 2)
    assert facts.competence.mean == 3
    assert (facts.conduct_complaints_due, facts.conduct_complaints_on_time) == (1, 1)
    assert facts.self_assessment_responses == 3
    assert facts.self_assessment.mean == Fraction(10, 3)
    card, _facts = selectors.compute_scorecard(
        sentra=centre_a, starts_on=starts_on, ends_on=ends_on, today=today
    )
    # (25 x 87.5 + 25 x 75 + 20 x 100 + 15 x 83.33..) / 85 (no task or referral due) = 86.03 -> 86.0
    assert str(card.aspect(rules.ATTITUDE).score) == "86.0"
    assert [part.key for part in card.aspect(rules.ATTITUDE).missing] == ["timeliness"]


def test_recording_freezes_the_card_and_the_comparison_shows_the_trend(
    centre_a, centre_b, make_user, modules
) -> None:
    head = make_user(role=Role.CENTRE_HEAD, centres=(centre_a,))
    modules["equipment"] = equipment(standard_met_share=0.5, good_condition_share=0.5, unmet_device_needs=2)
    earlier = readiness_services.readiness_period_open(
        actor=head, sentra=centre_a, day=datetime.date(2025, 9, 1)
    )
    readiness_services.readiness_record(actor=head, period=earlier)
    modules["equipment"] = equipment()  # the centre bought and repaired equipment since
    later = readiness_services.readiness_period_open(
        actor=head, sentra=centre_a, day=datetime.date(2026, 3, 1)
    )
    readiness_services.readiness_record(actor=head, period=later)
    earlier.refresh_from_db()
    assert earlier.result["scores"]["equipment"] == "50.0"  # 50 x .5 + 25 x .5 + 25 x .5
    modules["equipment"] = None  # what is recorded does not move with today's records
    assert str(selectors.period_scorecard(period=earlier).card.aspect(rules.EQUIPMENT).score) == "50.0"
    analyst = make_user(role=Role.NATIONAL_ANALYST)
    rows = {row.sentra.pk: row for row in selectors.national_comparison(user=analyst)}
    assert str(rows[centre_a.pk].change(rules.EQUIPMENT)) == "28.8"  # 78.8 - 50.0
    assert rows[centre_b.pk].latest is None
    own = selectors.national_comparison(user=head)
    assert [row.sentra.pk for row in own] == [centre_a.pk]
    history = selectors.centre_history(sentra=centre_a)
    assert [item.label for item in history] == ["2025-S2", "2026-S1"]


def test_the_real_equipment_records_give_a_known_equipment_score(centre_a) -> None:
    from sentra.equipment.models import Condition
    from sentra.equipment.services.loans import request_create
    from tests.beneficiaries.factories import person
    from tests.equipment import factories as equipment_factories

    equipment_factories.clean_slate()
    table = equipment_factories.item_type("table", 5_000_000, lifespan=10)
    equipment_factories.capacity(centre_a, "terapi", "residential", 40)
    equipment_factories.standard("terapi", table, subtype_code="fisik", minimum=2)
    equipment_factories.item(centre_a, table)
    equipment_factories.item(centre_a, table, condition=Condition.BROKEN)
    equipment_factories.item_type("chair", 2_000_000, device_code="wheelchair", category="assistive")
    request_create(actor=None, sentra=centre_a, beneficiary=person(centre_a, "Ani"), device_code="wheelchair")
    card, facts = selectors.compute_scorecard(
        sentra=centre_a, starts_on=datetime.date(2026, 1, 1), ends_on=datetime.date(2026, 6, 30), today=TODAY
    )
    # One usable table of two required (0.5), one of two items in good condition (0.5), the one
    # wheelchair need still waiting (0): (50 x 0.5 + 25 x 0.5 + 25 x 0) / 100 = 37.5.
    assert str(card.aspect(rules.EQUIPMENT).score) == "37.5"
    assert (facts["equipment_unmet_device_needs"], facts["equipment_device_needs_total"]) == (1, 1)


def test_the_real_workforce_records_give_a_known_skills_score(centre_a, make_user) -> None:
    # A case manager comes with a pekerja sosial staff record, a competency certificate and a valid STR.
    make_user(role=Role.CASE_MANAGER, centres=(centre_a,))
    card, _facts = selectors.compute_scorecard(
        sentra=centre_a, starts_on=datetime.date(2026, 1, 1), ends_on=datetime.date(2026, 6, 30)
    )
    skills = card.aspect(rules.SKILLS)
    shares = {part.key: part.share for part in skills.parts}
    # No beneficiary needs yet: professions and competencies against need have no data (left out);
    # credentials all valid (1), nobody trained in the last 12 months (0): (20 x 1 + 20 x 0) / 40 = 50.
    assert shares["profession_need_met"] is None
    assert shares["competency_need_met"] is None
    assert shares["credentials_valid"] == 1
    assert shares["training_completed"] == 0
    assert str(skills.score) == "50.0"
