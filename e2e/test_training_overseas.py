"""The overseas-study journey in the browser: HR opens a programme, two staff apply, the committee
ranks, one is selected, and after the return the obligation reminders appear.

Pages open in Indonesian (the default), so the test finds things by data-testid, names and values.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from e2e.conftest import sign_in
from sentra.core.models import Role, User
from sentra.network.models import Sentra
from sentra.training.models import Application, OverseasProgramme
from sentra.workforce.models import StaffMember
from tests.workforce.factories import ensure_framework

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def as_user(browser: Browser, live_server: Any) -> Iterator[Callable[[User], Page]]:
    contexts = []

    def open_as(user: User) -> Page:
        context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
        context.set_default_timeout(30_000)
        contexts.append(context)
        page = context.new_page()
        sign_in(page, user)
        return page

    yield open_as
    for context in contexts:
        context.close()


def _staff(user: User, sex: str, years: int) -> None:
    StaffMember.objects.filter(user=user).update(
        sex=sex, clusters=["lansia"], start_date=timezone.localdate() - datetime.timedelta(days=365 * years)
    )


def test_hr_opens_staff_apply_committee_selects_and_reminders_follow_the_return(
    as_user: Callable[[User], Page], make_user: Callable[..., User], centre_a: Sentra
) -> None:
    ensure_framework()
    hr = make_user(role=Role.HR, centres=(centre_a,), username="sdm.a")
    ani = make_user(role=Role.CASE_MANAGER, centres=(centre_a,), username="ani", first_name="Ani")
    bayu = make_user(role=Role.CASE_MANAGER, centres=(centre_a,), username="bayu", first_name="Bayu")
    _staff(ani, "F", 8)
    _staff(bayu, "M", 3)
    today = timezone.localdate()

    # HR drafts and opens the call.
    page = as_user(hr)
    page.goto("/training/overseas/")
    page.get_by_test_id("new-programme").click()
    form = page.get_by_test_id("programme-form")
    form.locator("input[name=title]").fill("Studi banding Jepang 2027: perawatan lansia")
    form.locator("input[name=country]").fill("Jepang")
    form.locator("select[name=sentra]").select_option(str(centre_a.pk))
    form.locator("select[name=centres]").select_option([str(centre_a.pk)])
    form.locator("select[name=competency]").select_option("elderly-daily-care")
    form.locator("input[name=places]").fill("1")
    form.locator("input[name=opens_on]").fill(today.isoformat())
    form.locator("input[name=closes_on]").fill((today + datetime.timedelta(days=14)).isoformat())
    form.locator("input[name=departs_on]").fill((today + datetime.timedelta(days=60)).isoformat())
    form.locator("input[name=returns_on]").fill((today + datetime.timedelta(days=90)).isoformat())
    form.locator("input[name=min_tenure_years]").fill("2")
    form.locator("select[name=language]").select_option("ja")
    form.locator("input[name=min_language_level]").fill("1")
    form.locator("input[name=max_per_centre]").fill("1")
    form.locator("button[type=submit]").click()
    expect(page.get_by_test_id("programme-status")).to_have_attribute("data-status", "draft")
    page.get_by_test_id("open-programme").click()
    expect(page.get_by_test_id("programme-status")).to_have_attribute("data-status", "open")
    programme = OverseasProgramme.objects.get()
    url = f"/training/overseas/{programme.pk}/"

    # Two staff apply, each stating their language level.
    for user, level in ((ani, "3"), (bayu, "2")):
        staff_page = as_user(user)
        staff_page.goto(url)
        apply = staff_page.get_by_test_id("apply-form")
        apply.locator("textarea[name=motivation]").fill("Mengembangkan layanan lansia.")
        apply.locator("input[name=language_level]").fill(level)
        apply.locator("button[type=submit]").click()
        expect(staff_page.get_by_test_id("application-status")).to_have_attribute("data-status", "submitted")
    assert Application.objects.count() == 2

    # The committee ranks: both rows, the LP bound reported; then confirms the selection.
    page.goto(url)
    page.get_by_test_id("rank-programme").click()
    expect(page.get_by_test_id("ranking").locator("tbody tr")).to_have_count(2)
    expect(page.get_by_test_id("run-figures")).to_have_attribute("data-run-status", "optimal")
    page.get_by_test_id("decide-programme").click()
    expect(page.get_by_test_id("programme-status")).to_have_attribute("data-status", "decided")
    selected = Application.objects.get(status="selected")
    assert Application.objects.filter(status="not_selected").count() == 1
    expect(page.locator(f"[data-application='{selected.pk}']")).to_have_attribute("data-status", "selected")

    # Each applicant sees their own score and result, not the other's.
    ani_page = as_user(ani)
    ani_page.goto(url)
    expect(ani_page.get_by_test_id("own-application").get_by_test_id("score-breakdown")).to_be_visible()
    expect(ani_page.get_by_test_id("ranking")).to_have_count(0)

    # The group travels and comes back (the calendar moves on), HR records the return.
    OverseasProgramme.objects.filter(pk=programme.pk).update(
        departs_on=today - datetime.timedelta(days=30), returns_on=today - datetime.timedelta(days=1)
    )
    page.goto(url)
    page.get_by_test_id("mark-returned").click()
    expect(page.get_by_test_id("programme-status")).to_have_attribute("data-status", "returned")

    # The returnee finds the obligation reminders on the training calendar and the application page.
    returnee = ani if selected.staff.user_id == ani.pk else bayu
    back = as_user(returnee)
    back.goto("/training/")
    reminders = back.get_by_test_id("obligation-reminders")
    expect(reminders).to_be_visible()
    expect(reminders.locator("[data-stage=due30]")).to_have_count(1)
    back.goto(f"/training/applications/{selected.pk}/")
    expect(back.locator("[data-obligation]")).to_have_count(3)
    expect(back.get_by_test_id("obligation-reminders")).to_be_visible()
