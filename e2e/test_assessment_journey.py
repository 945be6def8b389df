"""The assessment journey of issue 4 in Debian's chromium: a psychologist (not on the care team, no
case chosen) records a PHQ-9 with item 9 above 0 → the urgent flag and the proposed services appear →
the case manager finds the 24-hour safety task in "My tasks" and the alert on the assessments page →
the case manager accepts psychosocial therapy → it is a planned service of the case plan; the
psychologist has a safety task too.

Selectors use ids, names, values and data-testid only, so the journey runs in the default Indonesian UI.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from e2e.conftest import sign_in
from sentra.assessments.models import Assessment, Need
from sentra.cases import services as case_services
from sentra.cases.models import PlannedService, Stage, Task
from sentra.core.models import Profession, Role, User
from sentra.network.models import Sentra
from tests.beneficiaries.factories import person

pytestmark = pytest.mark.django_db(transaction=True)

# PHQ-9 answers as option positions (position = points + 1): total 11, item 9 = 1.
PHQ9 = {"1": 2, "2": 2, "3": 1, "4": 1, "5": 1, "6": 1, "7": 1, "8": 1, "9": 1}


@pytest.fixture
def open_page(browser: Browser, live_server: Any) -> Iterator[Callable[[], Page]]:
    contexts = []

    def make() -> Page:
        context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
        context.set_default_timeout(15_000)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


def test_a_psychologist_records_phq9_item9_and_the_case_manager_gets_the_task(
    open_page: Callable[[], Page], make_user: Callable[..., User], centre_a: Sentra
) -> None:
    peksos = make_user(role=Role.CASE_MANAGER, centres=(centre_a,), username="peksos.a")
    psikolog = make_user(
        role=Role.PROFESSIONAL, centres=(centre_a,), username="psikolog.a", profession=Profession.PSIKOLOG
    )
    siti = person(centre_a, "Siti Aminah", sex="F")
    case = case_services.case_open(
        actor=peksos,
        beneficiary=siti,
        sentra=centre_a,
        case_manager=peksos,
        setting="residential",
        cluster="lansia",
    )
    for stage in (Stage.ASESMEN, Stage.PERENCANAAN):
        case_services.case_transition(
            actor=peksos,
            case=case,
            to_stage=stage,
            assessment_summary="Grieving, sleeps badly" if stage == Stage.PERENCANAAN else "",
        )

    # 1. The psychologist finds Siti from the assessments page and records a PHQ-9 (no case chosen).
    page = open_page()
    sign_in(page, psikolog)
    page.goto("/assessments/")
    page.get_by_test_id("person-search").locator("input[name=q]").fill("Siti Aminah")
    page.get_by_test_id("person-search").locator("button[type=submit]").click()
    page.get_by_test_id(f"person-{siti.pk}").click()
    page.get_by_test_id("record-new").click()
    page.get_by_test_id("choose-phq9").get_by_role("button").click()
    for number, points in PHQ9.items():
        page.locator(f"#item-{number}-{points + 1}").check()
    expect(page.get_by_test_id("score-result").get_by_test_id("flag-phq9_item9")).to_be_visible()  # live
    page.get_by_test_id("save-assessment").click()

    # 2. The result: the urgent flag and the proposed services.
    expect(page.get_by_test_id("flag-phq9_item9")).to_be_visible()
    expect(page.get_by_test_id("total")).to_have_text("11 (0\u201327)")
    urgent = page.get_by_test_id("need-phq9-item9-urgent")
    expect(urgent).to_have_attribute("data-urgency", "urgent")
    expect(page.get_by_test_id("need-psychosocial-distress")).to_have_attribute("data-status", "proposed")
    assessment = Assessment.objects.get()
    assert Task.objects.filter(assigned_to=psikolog).count() == 1

    # 3. The case manager sees the safety task due within 24 hours and the alert.
    task = Task.objects.get(assigned_to=peksos, case=case, kind="manual")
    manager = open_page()
    sign_in(manager, peksos)
    manager.goto("/tasks/")
    row = manager.locator(f"#task-{task.pk}")
    expect(row).to_contain_text(task.title)
    expect(row).to_contain_text(task.due_on.strftime("%Y-%m-%d"))
    manager.goto("/assessments/")
    expect(manager.locator("[data-rule=phq9-item9-urgent]").first).to_be_visible()

    # 4. The case manager accepts psychosocial therapy: it goes into the case plan.
    manager.goto(f"/assessments/{assessment.pk}/")
    manager.get_by_test_id("accept-psychosocial-distress").click()
    expect(manager.get_by_test_id("need-psychosocial-distress")).to_have_attribute("data-status", "accepted")
    need = Need.objects.get(assessment=assessment, rule_id="psychosocial-distress")
    assert need.case_plan is not None
    planned = PlannedService.objects.get(plan=need.case_plan)
    assert (planned.component.code, planned.subtype.code, planned.responsible_id) == (
        "terapi",
        "psikososial",
        psikolog.pk,
    )
    manager.goto(f"/cases/{case.pk}/plan/v{need.case_plan.version}/")
    expect(manager.locator("main")).to_contain_text(planned.description)
