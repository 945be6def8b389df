"""Each role signs in through the real form (with TOTP where required) and lands on its home page."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from e2e.conftest import sign_in
from sentra.core.models import Role, User
from sentra.network.models import Sentra

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize("role", Role.values)
def test_role_lands_on_its_home_page(
    page: Page, make_user: Callable[..., User], centre_a: Sentra, role: str
) -> None:
    national = role in (Role.NATIONAL_ANALYST, Role.SYSADMIN)
    user = make_user(role=role, centres=() if national else (centre_a,))
    sign_in(page, user)
    expect(page.locator(f"[data-testid=home-{role}]")).to_be_visible()
    nav = page.get_by_role("navigation", name="Navigasi utama")
    if role in (Role.SYSADMIN, Role.CENTRE_HEAD):
        expect(nav.get_by_role("link", name="Log audit")).to_be_visible()
    else:
        expect(nav.get_by_role("link", name="Log audit")).to_have_count(0)


def test_wrong_password_shows_an_announced_error(page: Page, make_user: Callable[..., User]) -> None:
    user = make_user()
    page.goto("/login/")
    page.get_by_label("Nama pengguna").fill(user.username)
    page.get_by_label("Kata sandi").fill("bukan-sandinya")
    page.get_by_role("button", name="Masuk").click()
    expect(page.get_by_role("alert")).to_contain_text("Nama pengguna atau kata sandi salah")


def test_phone_sized_screen_can_sign_in(
    phone_page: Page, make_user: Callable[..., User], centre_a: Sentra
) -> None:
    user = make_user(role=Role.INTAKE, centres=(centre_a,))
    sign_in(phone_page, user)
    width = phone_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 400, f"the page scrolls sideways on a phone ({width}px)"


def test_phone_menu_opens_and_closes(phone_page: Page, make_user: Callable[..., User]) -> None:
    user = make_user(role=Role.SYSADMIN)
    sign_in(phone_page, user)
    toggle = phone_page.get_by_role("button", name="Menu")
    audit_link = phone_page.get_by_role("navigation", name="Navigasi utama").get_by_role(
        "link", name="Log audit"
    )
    expect(audit_link).to_be_hidden()
    toggle.click()
    expect(toggle).to_have_attribute("aria-expanded", "true")
    audit_link.click()
    expect(phone_page.get_by_role("heading", level=1)).to_have_text("Log audit")
