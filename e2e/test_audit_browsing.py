"""A centre head browses, filters and opens the audit log of their own centre."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from e2e.conftest import sign_in
from sentra.core import audit
from sentra.core.models import AuditAction, Role, User
from sentra.network.models import Sentra

pytestmark = pytest.mark.django_db(transaction=True)


def test_centre_head_browses_the_audit_log(
    page: Page, make_user: Callable[..., User], centre_a: Sentra, centre_b: Sentra
) -> None:
    worker = make_user(username="peksos.a", centres=(centre_a,))
    audit.record(
        actor=worker,
        action=AuditAction.UPDATE,
        object_type="network.sentra",
        object_id=str(centre_a.pk),
        object_repr="Sentra A",
        sentra_id=centre_a.pk,
        changes={"phone": ["021-1", "021-2"]},
    )
    audit.record(
        actor=worker,
        action=AuditAction.UPDATE,
        object_type="network.sentra",
        object_id=str(centre_b.pk),
        object_repr="Rahasia Sentra B",
        sentra_id=centre_b.pk,
    )
    head = make_user(role=Role.CENTRE_HEAD, centres=(centre_a,))
    sign_in(page, head)
    page.get_by_role("navigation", name="Navigasi utama").get_by_role("link", name="Log audit").click()
    table = page.get_by_test_id("audit-table")
    expect(table).to_contain_text("Sentra A")
    expect(table).not_to_contain_text("Rahasia Sentra B")
    page.get_by_label("Siapa").fill("peksos.a")
    page.get_by_role("button", name="Saring").click()
    expect(page).to_have_url(re.compile(r"actor=peksos\.a"))
    expect(table.locator("tbody tr")).to_have_count(1)
    # The filtered page must have finished loading: a click while it is still being parsed was seen to
    # be lost under load (the page stayed on the list).
    page.wait_for_load_state("load")
    table.locator("tbody tr a").first.click()
    expect(page).to_have_url(re.compile(r"/audit/\d+/"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Peristiwa audit")
    expect(page.locator("main")).to_contain_text("021-2")
