"""Quality journeys in the browser: a respondent answers on a phone with a one-time code; a centre head
sees the IKM and publishes it; a member of the public files a complaint and follows it to its resolution.

The pages open in Indonesian (the default), so the tests find things by data-testid and values.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from playwright.sync_api import Browser, Page, expect

from e2e.conftest import sign_in
from sentra.core.models import Role, User
from sentra.network.models import Sentra
from sentra.quality import services
from sentra.quality.models import Complaint, ComplaintStatus, SurveyResponse
from sentra.quality.rules.ikm import ELEMENT_NAMES
from tests.quality.factories import add_responses, answers, make_period

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def reference_data(db: None) -> None:
    """Browser tests flush the database between tests: load the categories and holidays again."""
    call_command("load_complaint_categories", stdout=StringIO())
    call_command("load_holidays", stdout=StringIO())


def test_a_respondent_answers_on_a_phone_with_a_one_time_code(
    phone_page: Page, make_user: Callable[..., User], centre_a: Sentra
) -> None:
    period = make_period(centre_a)
    desk = make_user(role=Role.INTAKE, centres=(centre_a,))
    code = services.codes_generate(actor=desk, period=period, count=1)[0]
    page = phone_page
    page.goto(f"/survei/{centre_a.code}/?kode={code.code}")  # the link in the slip's QR code
    expect(page.get_by_test_id("survey-form")).to_be_visible()
    expect(page.locator("input[name=code]")).to_have_value(code.code)
    for index, name in enumerate(ELEMENT_NAMES):
        value = "4" if index % 3 else "3"
        page.get_by_test_id(f"element-{name}").locator(f"input[value='{value}']").check()
    page.locator("select[name=sex]").select_option("F")
    page.locator("select[name=age_group]").select_option("46-60")
    page.locator("textarea[name=suggestions]").fill("Petugas sangat membantu.")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 400, f"the survey scrolls sideways on a phone ({width}px)"
    page.get_by_test_id("survey-submit").click()
    expect(page.get_by_test_id("survey-thanks")).to_be_visible()
    response = SurveyResponse.objects.get()
    assert response.one_time_code_id == code.pk
    assert response.kompetensi == 4
    assert response.persyaratan == 3
    # The same slip a second time is refused, with the reason on the page, and nothing is counted twice.
    page.goto(f"/survei/{centre_a.code}/?kode={code.code}")
    page.get_by_test_id("element-waktu").locator("input[value='1']").check()
    page.get_by_test_id("survey-submit").click()
    expect(page.get_by_test_id("form-errors")).to_be_visible()
    expect(page.locator("ul.errorlist[data-field=code]")).to_be_visible()
    assert SurveyResponse.objects.count() == 1


def test_a_centre_head_sees_the_ikm_and_publishes_it(
    page: Page, make_user: Callable[..., User], centre_a: Sentra
) -> None:
    period = make_period(centre_a, population=10)
    # Two respondents: every element 3.5 except waktu (2.5): (8 x 3.5 + 2.5) / 9 = 30.5/9 -> 84.72, B.
    add_responses(period, [answers(4, waktu=3), answers(3, waktu=2)])
    head = make_user(role=Role.CENTRE_HEAD, centres=(centre_a,))
    sign_in(page, head)
    page.goto(f"/quality/periods/{period.pk}/")
    expect(page.get_by_test_id("sample-progress")).to_contain_text("2")
    page.get_by_test_id("open-report").click()
    expect(page.get_by_test_id("ikm-value")).to_have_text(re.compile(r"^84[.,]72$"))  # Indonesian: 84,72
    expect(page.get_by_test_id("ikm-grade")).to_have_text("B")
    expect(page.get_by_test_id("ikm-label")).to_have_text("Baik")
    expect(page.get_by_test_id("weakest").locator("li").first).to_contain_text("Waktu Penyelesaian")
    page.get_by_test_id("publish").click()
    expect(page.get_by_test_id("published-badge")).to_be_visible()
    period.refresh_from_db()
    assert period.published_by_id == head.pk
    page.goto(f"/survei/{centre_a.code}/hasil/")
    expect(page.get_by_test_id("public-ikm")).to_have_text(re.compile(r"^84[.,]72$"))
    expect(page.get_by_test_id("public-grade")).to_have_text("B")


def test_the_public_files_a_complaint_and_follows_it_to_its_resolution(
    page: Page,
    browser: Browser,
    live_server: Any,
    make_user: Callable[..., User],
    centre_a: Sentra,
    reference_data: None,
) -> None:
    desk = make_user(role=Role.INTAKE, centres=(centre_a,), first_name="Dewi", last_name="Lestari")
    # A member of the public, no account.
    page.goto("/pengaduan/")
    page.locator("select[name=sentra]").select_option(centre_a.code)
    page.locator("main form button[type=submit]").click()
    expect(page.get_by_test_id("complaint-form")).to_be_visible()
    page.locator("select[name=category]").select_option("layanan")
    page.locator("textarea[name=description]").fill("Saya menunggu tiga jam di loket tanpa informasi.")
    page.locator("input[name=name]").fill("Rudi Hartono")
    page.locator("input[name=phone]").fill("0813 1111 2222")
    page.get_by_test_id("complaint-submit").click()
    expect(page.get_by_test_id("complaint-received")).to_be_visible()
    code = page.get_by_test_id("tracking-code").inner_text().strip()
    expect(page.get_by_test_id("complaint-status")).to_have_attribute("data-status", "received")
    complaint = Complaint.objects.get()
    assert complaint.tracking_code == code

    # The complaints desk handles it in another browser.
    staff_context = browser.new_context(base_url=live_server.url)
    staff = staff_context.new_page()
    sign_in(staff, desk)
    staff.goto(f"/complaints/{complaint.pk}/")
    expect(staff.get_by_test_id("complainant-identity")).to_contain_text("Rudi Hartono")
    staff.get_by_test_id("triage-form").locator("select[name=category]").select_option("layanan")
    staff.get_by_test_id("triage-submit").click()
    expect(staff.get_by_test_id("complaint-status")).to_have_attribute("data-status", "triaged")
    staff.get_by_test_id("assign-form").locator("select[name=assigned_to]").select_option(str(desk.pk))
    staff.get_by_test_id("assign-submit").click()
    expect(staff.get_by_test_id("complaint-status")).to_have_attribute("data-status", "assigned")
    staff.get_by_test_id("respond-form").locator("textarea").fill("Mohon maaf, kami menambah petugas loket.")
    staff.get_by_test_id("respond-submit").click()
    expect(staff.get_by_test_id("complaint-status")).to_have_attribute("data-status", "responded")

    # The complainant follows it with the tracking code, typed in lower case.
    page.goto("/pengaduan/lacak/")
    page.locator("input[name=code]").fill(code.lower())
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(rf"/pengaduan/lacak/{code}/$"))
    expect(page.get_by_test_id("complaint-status")).to_have_attribute("data-status", "responded")
    expect(page.get_by_test_id("public-response")).to_contain_text("menambah petugas loket")

    staff.get_by_test_id("resolve-form").locator("textarea").fill("Loket ketiga dibuka setiap pagi.")
    staff.get_by_test_id("resolve-submit").click()
    expect(staff.get_by_test_id("complaint-status")).to_have_attribute("data-status", "resolved")
    staff_context.close()

    page.reload()
    expect(page.get_by_test_id("complaint-status")).to_have_attribute("data-status", "resolved")
    expect(page.get_by_test_id("public-resolved")).to_contain_text("Loket ketiga")
    expect(page.locator("main")).not_to_contain_text("Rudi")
    expect(page.locator("main")).not_to_contain_text("Dewi")
    page.get_by_test_id("rating-form").locator("input[value='4']").check()
    page.get_by_test_id("rating-submit").click()
    expect(page.get_by_test_id("rated")).to_be_visible()
    complaint.refresh_from_db()
    assert complaint.status == ComplaintStatus.RESOLVED
    assert complaint.rating == 4
