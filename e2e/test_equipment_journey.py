"""The equipment journey in Debian's chromium, in the default Indonesian UI:

a therapist records a WG-SS assessment (cannot walk at all) → the wheelchair need it raises is put on
the centre's waiting list → the wheelchair is lent → the inventory shows it on loan and the gap report
no longer counts an unmet device need → the centre's readiness page (quality app) shows a higher
equipment score than before the loan.

Selectors use names, values, data-testid and data-* attributes only.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable

import pytest
from django.apps import apps
from playwright.sync_api import Page, expect

from e2e.conftest import sign_in
from sentra.core.models import Role, User
from sentra.equipment.catalogue import load_catalogue
from sentra.equipment.models import Item, ItemType, Loan
from sentra.network.models import CentreCapacity, Sentra, ServiceComponent
from tests.beneficiaries.factories import person
from tests.equipment.factories import item

pytestmark = pytest.mark.django_db(transaction=True)


def _equipment_score(page: Page, centre: Sentra) -> float:
    page.goto(f"/quality/readiness/centres/{centre.pk}/")
    aspect = page.locator("[data-testid=readiness-scores] [data-aspect=equipment]")
    expect(aspect).to_be_visible()
    score = aspect.get_attribute("data-score") or ""
    assert score, "the equipment aspect has no score"
    return float(score.replace(",", "."))


def test_a_wheelchair_need_from_an_assessment_is_lent_and_shows_everywhere(
    page: Page, make_user: Callable[..., User], centre_a: Sentra
) -> None:
    if not ItemType.objects.exists():  # a transactional test flushed the catalogue migration's rows
        load_catalogue(apps)
    therapy = ServiceComponent.objects.get(code="terapi")
    CentreCapacity.objects.create(sentra=centre_a, component=therapy, setting="residential", places=20)
    chair = item(
        centre_a, ItemType.objects.get(code="wheelchair_standard"), acquired_on=datetime.date(2025, 1, 6)
    )
    therapist = make_user(role=Role.PROFESSIONAL, centres=(centre_a,), profession="fisioterapis")
    beneficiary = person(centre_a, "Sri Rahayu")

    sign_in(page, therapist)
    # 1. The WG-SS, answered with the person: walking "cannot do at all" (code 4).
    page.goto(f"/beneficiaries/{beneficiary.pk}/assessments/new/wgss/")
    for number, value in (("1", 1), ("2", 1), ("3", 4), ("4", 1), ("5", 1), ("6", 1)):
        page.locator(f"input[name=item_{number}][value='{value}']").check()
    page.get_by_test_id("save-assessment").click()
    expect(page).to_have_url(re.compile(r"/assessments/\d+/"))

    before = _equipment_score(page, centre_a)

    # 2. The need appears on the centre's loan page; the therapist puts it on the waiting list.
    page.goto(f"/equipment/centres/{centre_a.pk}/loans/")
    row = page.locator("[data-testid=assessment-needs] tr[data-device=wheelchair]")
    expect(row).to_have_count(1)
    row.get_by_test_id("record-need").click()
    expect(page.get_by_test_id("need-facts")).to_have_attribute("data-status", "waiting")
    page.goto(f"/equipment/centres/{centre_a.pk}/gap/")
    expect(page.get_by_test_id("readiness")).to_have_attribute("data-unmet-needs", "1")

    # 3. The wheelchair is lent.
    page.goto(f"/equipment/centres/{centre_a.pk}/loans/")
    page.locator("[data-testid=waiting-list] tr[data-device=wheelchair] a").click()
    page.get_by_test_id("issue-loan").click()
    expect(page.get_by_test_id("loan-facts")).to_have_attribute("data-status", "active")
    assert Loan.objects.get().item_id == chair.pk

    # 4. The inventory and the gap report follow.
    page.goto(f"/equipment/centres/{centre_a.pk}/")
    expect(page.locator(f"[data-testid=item-table] tr[data-item='{chair.pk}']")).to_have_attribute(
        "data-on-loan", "1"
    )
    page.goto(f"/equipment/centres/{centre_a.pk}/gap/")
    readiness = page.get_by_test_id("readiness")
    expect(readiness).to_have_attribute("data-unmet-needs", "0")
    expect(readiness).to_have_attribute("data-needs-total", "1")
    assert Item.objects.get(pk=chair.pk).on_loan

    # 5. The centre's readiness page reflects it.
    after = _equipment_score(page, centre_a)
    assert after > before
