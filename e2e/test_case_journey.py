"""The case journey across two centres, through the real pages in Debian's chromium:

intake on a phone (duplicate check, registration) → consent to sharing → case opened → assessment →
plan written and approved by the centre head → service logged → referral sent to centre B and
accepted there (centre B opens its own case) → the sender sees the outcome.

Selectors use names, values and data-testid only, so the journey runs in the default Indonesian UI.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from e2e.conftest import sign_in
from sentra.beneficiaries.models import Beneficiary
from sentra.cases.models import Case, Referral
from sentra.core.models import Profession, Role, User
from sentra.network.models import Sentra

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def open_page(browser: Browser, live_server: Any) -> Iterator[Callable[..., Page]]:
    """A fresh browser context per person (each signs in on their own device)."""
    contexts = []

    def make(*, phone: bool = False) -> Page:
        options: dict[str, Any] = {"base_url": live_server.url, "viewport": {"width": 1280, "height": 900}}
        if phone:
            options.update(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
        context = browser.new_context(**options)
        context.set_default_timeout(15_000)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


def submit(page: Page, testid: str = "case-form") -> None:
    page.get_by_test_id(testid).locator("button[type=submit]").first.click()


def test_intake_to_an_accepted_referral(
    page: Page,
    open_page: Callable[..., Page],
    make_user: Callable[..., User],
    centre_a: Sentra,
    centre_b: Sentra,
) -> None:
    Sentra.objects.filter(pk__in=[centre_a.pk, centre_b.pk]).update(
        settings_offered=["residential", "family"]
    )
    intake = make_user(role=Role.INTAKE, centres=(centre_a,), username="intake.a")
    peksos = make_user(role=Role.CASE_MANAGER, centres=(centre_a,), username="peksos.a")
    psikolog = make_user(
        role=Role.PROFESSIONAL, centres=(centre_a,), username="psikolog.a", profession=Profession.PSIKOLOG
    )
    head_a = make_user(role=Role.CENTRE_HEAD, centres=(centre_a,), username="kepala.a")
    head_b = make_user(role=Role.CENTRE_HEAD, centres=(centre_b,), username="kepala.b")
    peksos_b = make_user(role=Role.CASE_MANAGER, centres=(centre_b,), username="peksos.b")
    today = timezone.localdate()

    # 1. Intake on a phone: search first, then register (no NIK: identity not yet known).
    phone = open_page(phone=True)
    sign_in(phone, intake)
    phone.goto("/beneficiaries/register/")
    form = phone.get_by_test_id("beneficiary-form")
    form.locator("select[name=no_nik_reason]").select_option("identity_unknown")
    form.locator("[name=no_nik_note]").fill("Found at the bus terminal, no documents")
    form.locator("input[name=full_name]").fill("Siti Aminah")
    form.locator("input[name=sex][value=F]").check()
    form.locator("input[name=estimated_age]").fill("70")
    phone.get_by_test_id("check-button").click()
    expect(phone.get_by_test_id("no-candidates")).to_be_visible()
    form.locator("select[name=intake_channel]").select_option("outreach")
    form.locator("input[name=clusters][value=lansia]").check()
    phone.get_by_test_id("save-button").click()
    expect(phone).to_have_url(re.compile(r"/beneficiaries/\d+/$"))
    person = Beneficiary.objects.get(full_name="Siti Aminah")

    # 2. Consent to sharing with a referral target, recorded at the desk.
    phone.goto(f"/beneficiaries/{person.pk}/consents/new/")
    consent = phone.get_by_test_id("consent-form")
    consent.locator("select[name=purpose]").select_option("referral_sharing")
    consent.locator("input[name=given_by][value=self]").check()
    consent.locator("input[name=method][value=witnessed_verbal]").check()
    consent.locator("input[name=witness_name]").fill("Budi (security)")
    consent.locator("input[name=given_on]").fill(today.isoformat())
    consent.locator("button[type=submit]").click()
    expect(phone.get_by_test_id("consent-row")).to_have_count(1)

    # 3. The social worker opens the case and records the assessment.
    worker = open_page()
    sign_in(worker, peksos)
    worker.goto(f"/cases/new/?beneficiary={person.pk}")
    case_form = worker.get_by_test_id("case-form")
    case_form.locator("select[name=setting]").select_option("family")
    case_form.locator("select[name=cluster]").select_option("lansia")
    case_form.locator("textarea[name=presenting_problem]").fill("Elderly woman living on the street")
    submit(worker)
    expect(worker.get_by_test_id("stage-bar")).to_have_attribute("data-stage", "pendekatan_awal")
    case = Case.objects.get(beneficiary=person)
    for stage, summary in (
        ("asesmen", ""),
        ("perencanaan", "Frail; daughter in Bekasi willing to care for her"),
    ):
        worker.get_by_test_id("change-stage").click()
        worker.locator("select[name=to_stage]").select_option(stage)
        if summary:
            worker.locator("textarea[name=assessment_summary]").fill(summary)
        submit(worker)
        expect(worker.get_by_test_id("stage-bar")).to_have_attribute("data-stage", stage)

    # 4. The plan: one goal, one ATENSI-tagged service with its sub-type.
    worker.get_by_test_id("edit-plan").click()
    plan = worker.get_by_test_id("plan-form")
    plan.locator("textarea[name=summary]").fill("Family-based care with psychosocial support")
    plan.locator("textarea[name=goals-0-description]").fill("Lives safely with her daughter")
    plan.locator("textarea[name=goals-0-indicator]").fill("Monthly home visit confirms daily care")
    plan.locator("input[name=goals-0-target_date]").fill((today + datetime.timedelta(days=90)).isoformat())
    plan.locator("select[name=services-0-component]").select_option("terapi")
    plan.locator("input[name=services-0-description]").fill("Individual counselling")
    plan.locator("select[name=services-0-responsible]").select_option(str(psikolog.pk))
    plan.locator("select[name=services-0-frequency]").select_option("weekly")
    worker.get_by_test_id("save-plan").click()
    expect(worker.locator("#id_services-0-subtype_errors")).to_be_visible()  # therapy needs its sub-type
    plan.locator("select[name=services-0-subtype]").select_option("psikososial")
    worker.get_by_test_id("save-plan").click()
    expect(worker.get_by_test_id("plan-draft")).to_be_visible()

    # 5. The centre head approves it (two-factor sign-in).
    sign_in(page, head_a)
    page.goto(f"/cases/{case.pk}/plan/v1/")
    page.get_by_test_id("approve-plan").click()
    expect(page.get_by_test_id("plan-approved")).to_be_visible()

    # 6. Intervention starts and the first session is logged.
    worker.reload()
    worker.get_by_test_id("change-stage").click()
    worker.locator("select[name=to_stage]").select_option("intervensi")
    submit(worker)
    expect(worker.get_by_test_id("stage-bar")).to_have_attribute("data-stage", "intervensi")
    worker.get_by_test_id("log-service").click()
    service_form = worker.get_by_test_id("case-form")
    service_form.locator("select[name=planned_service]").select_option(index=1)
    service_form.locator("input[name=delivered_on]").fill(today.isoformat())
    service_form.locator("select[name=provider]").select_option(str(psikolog.pk))
    submit(worker)
    expect(worker.get_by_test_id("service-table").locator("tbody tr")).to_have_count(1)
    expect(worker.get_by_test_id("service-table")).to_contain_text("4.")

    # 7. Referral to centre B: the form shows what will be shared.
    worker.get_by_test_id("refer").click()
    expect(worker.get_by_test_id("summary-preview")).to_contain_text("Siti Aminah")
    refer = worker.get_by_test_id("case-form")
    refer.locator("select[name=target_kind]").select_option("sentra")
    refer.locator("select[name=to_sentra]").select_option(str(centre_b.pk))
    refer.locator("select[name=urgency]").select_option("high")
    refer.locator("textarea[name=reason]").fill("Needs residential psychosocial therapy near her daughter")
    submit(worker)
    expect(worker.get_by_test_id("referral-status")).to_have_attribute("data-status", "sent")
    referral = Referral.objects.get(case=case)

    # 8. Centre B finds it in its inbox, sees the summary only, accepts and opens its own case.
    receiver = open_page(phone=True)
    sign_in(receiver, head_b)
    receiver.goto("/referrals/")
    receiver.get_by_test_id("referral-table").locator("tbody a").first.click()
    expect(receiver.get_by_test_id("shared-summary")).to_contain_text("Siti Aminah")
    expect(receiver.locator("main")).not_to_contain_text("bus terminal")
    receiver.get_by_test_id("accept-referral").click()
    accept = receiver.get_by_test_id("case-form")
    accept.locator("textarea[name=note]").fill("A place is ready on Monday")
    accept.locator("input[name=open_case]").check()
    accept.locator("select[name=case_manager]").select_option(str(peksos_b.pk))
    accept.locator("select[name=setting]").select_option("residential")
    submit(receiver)
    expect(receiver.get_by_test_id("referral-status")).to_have_attribute("data-status", "accepted")

    # 9. The sender sees the outcome in its outbox and on the case.
    worker.goto("/referrals/?box=out")
    expect(worker.get_by_test_id("referral-table")).to_contain_text("Siti Aminah")
    worker.goto(f"/referrals/{referral.pk}/")
    expect(worker.get_by_test_id("referral-status")).to_have_attribute("data-status", "accepted")
    expect(worker.get_by_test_id("referral-answer")).to_contain_text("A place is ready on Monday")
    received = Case.objects.get(sentra=centre_b)
    assert (received.beneficiary_id, received.referral_source_id, received.case_manager_id) == (
        person.pk,
        referral.pk,
        peksos_b.pk,
    )
