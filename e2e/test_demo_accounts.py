"""After ``sentra demo``, every printed demo account signs in through the real form."""

from __future__ import annotations

import re
from io import StringIO

import pyotp
import pytest
from django.core.management import call_command
from playwright.sync_api import Page, expect

from sentra.demo import services as demo
from tests.network.factories import load_region_subset

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "sentra-demo-2026"


def test_every_demo_account_signs_in(page: Page) -> None:
    load_region_subset()  # the demo loads all 91,599 regions only when some it needs are missing
    out = StringIO()
    call_command("demo", stdout=out)
    accounts = [account["username"] for account in demo.load_demo_data()["accounts"]]
    assert len(accounts) >= 7
    for username in accounts:
        assert username in out.getvalue()
        page.goto("/login/")
        page.get_by_label("Nama pengguna").fill(username)
        page.get_by_label("Kata sandi").fill(PASSWORD)
        page.get_by_role("button", name="Masuk").click()
        if "two-factor" in page.url:
            page.get_by_label("Kode enam digit").fill(pyotp.TOTP(demo.demo_totp_secret(username)).now())
            page.get_by_role("button", name="Verifikasi").click()
        expect(page.locator("[data-testid^=home-]")).to_be_visible()
        expect(page.get_by_role("link", name=username)).to_be_visible()
        page.get_by_role("button", name="Keluar").click()
        expect(page).to_have_url(re.compile(r"/login/$"))
