"""Readiness in the browser: staff answer the self-assessment; the centre head reads the scorecard with
its method ("no data" where a module has none), plans an action and records the semester; the national
analyst compares the centres. The pages open in Indonesian, so the test finds things by data-testid.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from e2e.conftest import sign_in
from sentra.core.models import Role, User
from sentra.network.models import Sentra
from sentra.quality.models import ReadinessAction, SelfAssessment

pytestmark = pytest.mark.django_db(transaction=True)


def test_staff_self_assess_the_head_plans_and_records_the_analyst_compares(
    page: Page, make_user: Callable[..., User], centre_a: Sentra, centre_b: Sentra
) -> None:
    staff = [make_user(role=Role.CASE_MANAGER, centres=(centre_a,)) for _ in range(3)]
    for person in staff:
        sign_in(page, person)
        page.goto(f"/quality/readiness/centres/{centre_a.pk}/")
        page.get_by_test_id("self-assess").click()
        for item in ("listening", "dignity", "timeliness", "information", "improvement"):
            page.locator(f"input[name={item}][value='4']").check()
        page.get_by_test_id("self-assessment-submit").click()
        expect(page.get_by_test_id("readiness-scores")).to_be_visible()
        expect(page.get_by_test_id("self-assess")).to_have_count(0)
        page.context.clear_cookies()
    assert SelfAssessment.objects.count() == 3

    head = make_user(role=Role.CENTRE_HEAD, centres=(centre_a,), first_name="Bambang", last_name="Sutrisno")
    sign_in(page, head)
    page.goto(f"/quality/readiness/centres/{centre_a.pk}/")
    scores = page.get_by_test_id("readiness-scores")
    expect(scores.locator("[data-aspect=equipment] [data-testid=aspect-no-data]")).to_be_visible()
    expect(scores.locator("[data-aspect=attitude] [data-testid=aspect-score]")).to_have_text("100,0")
    expect(page.locator("[data-testid=parts-attitude] tr[data-part=self_assessment]")).to_have_attribute(
        "data-used", "yes"
    )
    page.get_by_test_id("add-plan-action").click()
    page.locator("select[name=aspect]").select_option("equipment")
    page.locator("input[name=title]").fill("Pengadaan kursi roda")
    page.locator("select[name=owner]").select_option(str(head.pk))
    page.locator("input[name=budget]").fill("9000000")
    page.locator("input[name=due_on]").fill("2026-12-20")
    page.get_by_test_id("plan-action-submit").click()
    expect(page.get_by_test_id("plan-table")).to_contain_text("Pengadaan kursi roda")
    assert ReadinessAction.objects.get().budget == 9_000_000
    page.get_by_test_id("record-scorecard").click()
    expect(page.get_by_test_id("readiness-history").locator("tbody tr")).to_have_count(1)
    page.context.clear_cookies()

    analyst = make_user(role=Role.NATIONAL_ANALYST)
    sign_in(page, analyst)
    page.goto("/quality/readiness/national/")
    table = page.get_by_test_id("readiness-national")
    expect(table.locator(f"tr[data-centre='{centre_a.pk}'] td[data-aspect=attitude]")).to_contain_text(
        "100,0"
    )
    expect(table.locator(f"tr[data-centre='{centre_b.pk}']")).to_be_visible()
