"""The interface is Indonesian by default and switches to English and back."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.django_db(transaction=True)


def test_language_switch_on_the_login_page(page: Page) -> None:
    page.goto("/login/")
    expect(page.locator("html")).to_have_attribute("lang", "id")
    expect(page.get_by_role("heading", level=1)).to_have_text("Masuk ke Sentra")
    page.get_by_test_id("lang-en").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in to Sentra")
    expect(page.get_by_label("Username")).to_be_visible()
    page.get_by_test_id("lang-id").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Masuk ke Sentra")
