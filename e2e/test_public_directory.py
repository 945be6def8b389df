"""A member of the public finds a centre for an elderly relative in a province and opens its survey."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.insights.factories import build_world


def test_finding_a_centre_for_an_elderly_relative_on_a_phone(
    phone_page: Page, transactional_db: None
) -> None:
    world = build_world()
    page = phone_page
    page.goto("/layanan/")
    page.locator("#q").fill("layanan untuk lansia di Jawa Tengah")
    page.get_by_test_id("directory-search").locator("button[type=submit]").click()
    expect(page.get_by_test_id("understood")).to_be_visible()
    result = page.get_by_test_id(f"centre-{world.a.code}")
    expect(result).to_be_visible()
    expect(page.get_by_test_id(f"centre-{world.b.code}")).to_have_count(0)
    result.get_by_role("link").click()
    expect(page).to_have_url(re.compile(rf"/layanan/{world.a.code}/$"))
    expect(page.get_by_test_id("ikm")).to_contain_text("82")
    page.get_by_test_id("survey-link").click()
    expect(page).to_have_url(re.compile(rf"/survei/{world.a.code}/$"))
    # Nothing personal on the way.
    for person in world.people:
        expect(page.locator("body")).not_to_contain_text(person.full_name)
