"""A centre head opens the dashboard, clicks a figure and lands on the matching list."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from e2e.conftest import sign_in
from sentra.insights.services.rollups import refresh_rollups
from tests.insights.factories import build_world


def test_centre_head_follows_a_figure_to_its_list(page: Page, transactional_db: None) -> None:
    world = build_world()
    refresh_rollups(full=True)
    sign_in(page, world.head_a)
    page.goto("/dashboard/")
    intake = page.get_by_test_id("figure-intake")
    expect(intake).to_have_text("3")
    intake.click()
    expect(page).to_have_url(re.compile(rf"/dashboard/centres/{world.a.pk}/cases/\?opened=\d{{4}}-\d{{2}}$"))
    expect(page.get_by_test_id("drill-count")).to_have_text("3")
    expect(page.get_by_test_id("drill-list").locator("tbody tr")).to_have_count(3)
    # A heat-map cell leads to the cases of that cluster in that stage.
    page.go_back()
    page.get_by_test_id("cell-lansia-intervensi").click()
    expect(page.get_by_test_id("drill-count")).to_have_text("1")
    expect(page.get_by_test_id("drill-list")).to_contain_text(world.people[1].full_name)
