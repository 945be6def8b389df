"""The workforce journey in Debian's chromium, in the default Indonesian UI:

HR adds a psychologist → records their SIPP (expiring in three weeks) and a supervisor assessment →
the competency matrix shows the level → the gap report counts the psychologist on staff → the daily
alert task warns the person's centre head, who sees the alert and marks it read.

Selectors use names, values, data-testid and data-* attributes only.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from e2e.conftest import sign_in
from sentra.core.models import Role, User
from sentra.network.models import Sentra
from sentra.workforce import services
from sentra.workforce.models import StaffMember
from tests.workforce.factories import ensure_framework

pytestmark = pytest.mark.django_db(transaction=True)


def test_hr_records_a_psychologist_and_the_head_is_warned_of_the_expiry(
    page: Page, make_user: Callable[..., User], centre_a: Sentra
) -> None:
    ensure_framework()  # a transactional test flushed the framework migration's rows
    hr = make_user(role=Role.HR, centres=(centre_a,))
    head = make_user(role=Role.CENTRE_HEAD, centres=(centre_a,))

    sign_in(page, hr)
    page.goto("/workforce/staff/new/")
    page.locator("input[name=full_name]").fill("Andi Pratama")
    page.locator("select[name=profession]").select_option("psikolog")
    page.locator("select[name=employment_type]").select_option("asn")
    page.locator("input[name=start_date]").fill("2019-07-01")
    page.locator("input[name=languages][value=bisindo]").check()
    page.locator("select[name=centre]").select_option(str(centre_a.pk))
    page.locator("main form button[type=submit]").click()
    expect(page.get_by_test_id("staff-name")).to_have_text("Andi Pratama")
    staff = StaffMember.objects.get(full_name="Andi Pratama")

    expires = timezone.localdate() + datetime.timedelta(days=21)
    page.locator("details", has=page.locator("form[action$='/credentials/']")).locator("summary").click()
    form = page.locator("form[action$='/credentials/']")
    form.locator("select[name=kind]").select_option("other")
    form.locator("input[name=name]").fill("SIPP")
    form.locator("input[name=number]").fill("SIPP-0042")
    form.locator("input[name=expires_on]").fill(expires.isoformat())
    form.locator("button[type=submit]").click()
    expect(page.locator("[data-testid=credential-table] tr[data-kind=other]")).to_be_visible()

    page.locator("details", has=page.locator("form[action$='/assessments/']")).locator("summary").click()
    form = page.locator("form[action$='/assessments/']")
    form.locator("select[name=competency]").select_option("mh-psychosocial-support")
    form.locator("select[name=level]").select_option("3")
    form.locator("button[type=submit]").click()
    expect(
        page.locator("[data-testid=competency-table] tr[data-competency=mh-psychosocial-support]")
    ).to_have_attribute("data-level", "3")

    page.goto(f"/workforce/centres/{centre_a.pk}/matrix/")
    cell = page.locator(f"tr[data-staff-id='{staff.pk}'] td[data-competency=mh-psychosocial-support]")
    expect(cell).to_have_attribute("data-level", "3")
    page.goto(f"/workforce/centres/{centre_a.pk}/gaps/")
    expect(page.locator("[data-testid=profession-gaps] tr[data-profession=psikolog]")).to_be_visible()
    expect(page.locator("[data-testid=expiring] [data-credential-id]")).to_have_count(1)

    assert services.send_credential_alerts() == 1  # the psychologist has no account: the head only
    page.context.clear_cookies()
    sign_in(page, head)
    page.goto("/workforce/alerts/")
    row = page.locator("[data-testid=alert-table] tr[data-days='30']")
    expect(row).to_have_count(1)
    row.locator("button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/workforce/alerts/$"))
    expect(page.locator("[data-testid=alert-table] tr[data-days='30'] button")).to_have_count(0)
