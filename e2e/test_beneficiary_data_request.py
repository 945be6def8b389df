"""A data-subject access request through the real pages: the centre head records it, downloads the
export as PDF and JSON, and answers it. Selectors use data-testid, names and values only."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from e2e.conftest import sign_in
from sentra.beneficiaries.models import SubjectRequest
from sentra.core.models import AccessLogEntry, Role, User
from sentra.network.models import Sentra
from tests.beneficiaries.factories import person

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_centre_head_answers_an_access_request(
    page: Page, make_user: Callable[..., User], centre_a: Sentra, tmp_path: Path
) -> None:
    head = make_user(role=Role.CENTRE_HEAD, centres=(centre_a,), username="kepala_a")
    subject = person(centre_a, "Slamet Riyadi")
    sign_in(page, head)
    page.goto(f"/beneficiaries/{subject.pk}/")
    page.get_by_test_id("subject-requests-link").click()
    form = page.get_by_test_id("subject-request-form")
    form.locator("input[name=kind][value=access]").check()
    form.locator("input[name=requested_by][value=self]").check()
    form.locator("button[type=submit]").click()
    row = page.locator("tr[data-kind=access]")
    expect(row).to_have_attribute("data-status", "received")

    with page.expect_download() as pdf:
        row.get_by_role("button", name="PDF").click()
    pdf_path = tmp_path / "export.pdf"
    pdf.value.save_as(pdf_path)
    assert pdf_path.read_bytes().startswith(b"%PDF-")
    with page.expect_download() as data:
        row.get_by_role("button", name="JSON").click()
    json_path = tmp_path / "export.json"
    data.value.save_as(json_path)
    export = json.loads(json_path.read_text(encoding="utf-8"))
    assert export["registration_number"] == subject.registration_number
    assert export["request"] == SubjectRequest.objects.get().pk

    answer = row.get_by_test_id("answer-form")
    answer.locator("select[name=status]").select_option("completed")
    answer.locator("input[name=outcome]").fill("Salinan data diserahkan")
    answer.locator("button[type=submit]").click()
    expect(page.locator("tr[data-kind=access]")).to_have_attribute("data-status", "completed")
    assert AccessLogEntry.objects.filter(actor=head, category="subject_access_request").count() == 2
