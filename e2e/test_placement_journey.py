"""The coordinator's placement journey in Debian's chromium: run placement for the waiting list, open
a proposal and read its reasons, pin one person, re-run (the what-if is compared with the first run),
accept a proposal → the referral exists at the target centre and its head sees it in the inbox.

Selectors use names, values, data-* attributes and data-testid only (the UI is Indonesian).
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from e2e.conftest import sign_in
from sentra.beneficiaries.models import Beneficiary, Consent, ConsentGiver, ConsentMethod, ConsentPurpose
from sentra.cases import services as cases
from sentra.cases.models import Referral
from sentra.core.models import Role, User
from sentra.network.models import CentreCapacity, Sentra, ServiceComponent
from sentra.placement.models import PlacementRun
from tests.factories import SentraFactory, region

pytestmark = pytest.mark.django_db(transaction=True)


def _waiting(a: Sentra, manager: User, head: User, name: str, urgency: str) -> Beneficiary:
    person = Beneficiary.objects.create(
        registered_sentra=a,
        full_name=name,
        sex="F",
        birth_date=datetime.date(1950, 5, 17),
        no_nik_reason="identity_unknown",
        intake_channel="walk_in",
        clusters=["lansia"],
        region=region("31.71.01.1001"),
    )
    Consent.objects.create(
        beneficiary=person,
        purpose=ConsentPurpose.REFERRAL_SHARING,
        given_by=ConsentGiver.SELF,
        method=ConsentMethod.WRITTEN,
        given_on=timezone.localdate() - datetime.timedelta(days=1),
    )
    case = cases.case_open(
        actor=manager,
        beneficiary=person,
        sentra=a,
        case_manager=manager,
        setting="residential",
        cluster="lansia",
    )
    cases.waiting_add(
        actor=head, sentra=a, beneficiary=person, waiting_for="place", urgency=urgency, case=case
    )
    return person


def test_run_inspect_pin_rerun_accept(page: Page, make_user: Callable[..., User]) -> None:
    a = SentraFactory(name="Sentra A", code="sentra-a", region=region("31.71"))
    b = SentraFactory(
        name="Sentra B",
        code="sentra-b",
        region=region("32.73"),
        latitude=Decimal("-6.914744"),
        longitude=Decimal("107.609810"),
    )
    care = ServiceComponent.objects.get(number=2)
    CentreCapacity.objects.create(sentra=a, component=care, setting="residential", places=1)
    CentreCapacity.objects.create(sentra=b, component=care, setting="residential", places=5)
    head_a = make_user(role=Role.CENTRE_HEAD, centres=(a,), username="kepala_a")
    head_b = make_user(role=Role.CENTRE_HEAD, centres=(b,), username="kepala_b")
    manager = make_user(role=Role.CASE_MANAGER, centres=(a,), username="peksos_a")
    siti = _waiting(a, manager, head_a, "Siti Aminah", "emergency")
    budi = _waiting(a, manager, head_a, "Budi Santoso", "normal")

    # 1. The coordinator runs placement for A's waiting list (a background task; eager here).
    sign_in(page, head_a)
    page.goto("/placement/")
    page.get_by_test_id("run-start").click()
    expect(page.get_by_test_id("run-summary")).to_have_attribute("data-placed", "2")
    first = PlacementRun.objects.get()
    expect(page.get_by_test_id("gap")).to_be_visible()
    expect(page.get_by_test_id("greedy")).to_be_visible()

    # 2. Open Budi's proposal and read why.
    page.locator(f'tr[data-beneficiary="{budi.pk}"] a').first.click()
    expect(page.get_by_test_id("reasons").locator("li").first).to_be_visible()
    expect(page.get_by_test_id("proposal")).to_have_attribute("data-kind", "placed")

    # 3. Pin Budi to A (its one place) and re-run.
    page.locator('select[name="pin-centre"]').select_option(str(a.pk))
    page.get_by_test_id("pin-submit").click()
    expect(page).to_have_url(re.compile(r"/placement/runs/\d+/$"))
    second = PlacementRun.objects.exclude(pk=first.pk).get()
    assert second.previous_id == first.pk
    expect(page.get_by_test_id("comparison")).to_be_visible()
    expect(page.locator(f'tr[data-proposal][data-beneficiary="{budi.pk}"]')).to_have_attribute(
        "data-kind", "pinned"
    )
    siti_row = page.locator(f'tr[data-proposal][data-beneficiary="{siti.pk}"]')
    expect(siti_row).to_have_attribute("data-centre", str(b.pk))

    # 4. Accept Siti's proposal: the referral goes to B.
    siti_row.locator('input[name="proposal"]').check()
    page.get_by_test_id("accept-selected").click()
    expect(page.locator(".messages li.success")).to_be_visible()
    referral = Referral.objects.get(case__beneficiary=siti)
    assert referral.to_sentra_id == b.pk
    assert referral.status == "sent"

    # 5. The receiving centre's head sees it in the referral inbox.
    page.context.clear_cookies()
    sign_in(page, head_b)
    page.goto("/referrals/?box=in")
    expect(page.get_by_test_id("referral-table")).to_contain_text("Siti Aminah")
