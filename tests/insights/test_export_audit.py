"""Every file that leaves the server is an audit-trail event (action ``export``), next to its access-log
entry: list exports, reports downloaded from the inbox, the break-glass drill-down export."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from sentra.core import exports
from sentra.core.models import AccessLogEntry, AuditAction, AuditEvent, Role
from sentra.insights.models import ReportFile
from sentra.insights.services.breakglass import grant_create
from sentra.network.models import Sentra
from tests.beneficiaries.factories import nik_for, person
from tests.factories import UserFactory
from tests.fixtures import sign_in
from tests.insights.factories import World

pytestmark = pytest.mark.django_db


def _exports(**filters: Any) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action=AuditAction.EXPORT, **filters))


@pytest.fixture
def two_people(centre_a: Sentra) -> None:
    born = datetime.date(1975, 3, 2)
    person(centre_a, "Ani Lestari", sex="F", birth_date=born, nik=nik_for(born, "F"))
    person(centre_a, "Budi Santoso", sex="M", birth_date=born, nik=nik_for(born, "M"))


def test_a_list_export_leaves_one_audit_event_with_its_fields(centre_a: Sentra, two_people: None) -> None:
    head = UserFactory(role=Role.CENTRE_HEAD, centres=[centre_a])
    response = sign_in(Client(), head).get(reverse("beneficiaries:list"), {"sex": "F", "export": "xlsx"})
    assert response.status_code == 200
    [event] = _exports(actor=head)
    assert event.object_type == "beneficiaries"
    assert event.sentra_id == centre_a.pk  # the head works at one centre
    assert event.changes["format"] == "xlsx"
    assert event.changes["rows"] == 1
    assert event.changes["filters"] == {"sex": "F"}
    assert len(event.changes["masked_columns"]) == 1  # the NIK, masked for a head
    # the access-log entry is kept
    assert AccessLogEntry.objects.filter(actor=head, category="export").count() == 1


def test_a_role_with_the_identifier_in_full_has_no_masked_column(centre_a: Sentra, two_people: None) -> None:
    intake = UserFactory(role=Role.INTAKE, centres=[centre_a])
    sign_in(Client(), intake).get(reverse("beneficiaries:list"), {"export": "csv"})
    [event] = _exports(actor=intake)
    assert event.changes["masked_columns"] == []
    assert event.changes["rows"] == 2


def test_a_refused_export_leaves_no_audit_event(
    centre_a: Sentra, two_people: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(exports, "MAX_ROWS", 1)
    intake = UserFactory(role=Role.INTAKE, centres=[centre_a])
    response = sign_in(Client(), intake).get(reverse("beneficiaries:list"), {"export": "csv"})
    assert response.status_code == 302
    assert _exports() == []
    assert not AccessLogEntry.objects.filter(category="export").exists()


def test_a_report_downloaded_from_the_inbox_is_an_export_event(world: World) -> None:
    client = sign_in(Client(), world.head_a)
    month = f"{world.m0:%Y-%m}"
    client.post(
        "/dashboard/reports/",
        {"kind": "centre_monthly", "centre": world.a.pk, "month": month, "format": "xlsx"},
    )
    item = ReportFile.objects.get(owner=world.head_a)
    assert _exports() == []  # making it is a create, not an export
    assert client.get(f"/dashboard/reports/{item.pk}/").status_code == 200
    [event] = _exports(actor=world.head_a)
    assert event.object_type == "report-centre_monthly"
    assert event.object_id == str(item.pk)
    assert event.sentra_id == world.a.pk
    assert event.changes["format"] == "xlsx"
    assert event.changes["filters"]["period"] == month
    # someone else's report: 404 and nothing recorded
    assert sign_in(Client(), world.head_b).get(f"/dashboard/reports/{item.pk}/").status_code == 404
    assert len(_exports()) == 1


def test_the_break_glass_export_is_an_export_event(world: World) -> None:
    grant = grant_create(
        actor=world.analyst,
        sentra=world.a,
        reason="Audit of a complaint about this centre, ref 2026/9",
        hours=1,
    )
    analyst = sign_in(Client(), world.analyst)
    assert analyst.get(f"/dashboard/centres/{world.a.pk}/cases.csv", {"cluster": "lansia"}).status_code == 200
    [event] = _exports(actor=world.analyst)
    assert event.object_type == "dashboard-cases"
    assert event.sentra_id == world.a.pk
    assert event.changes["format"] == "csv"
    assert event.changes["rows"] == 2
    assert len(event.changes["masked_columns"]) == 2  # name and NIK
    assert event.changes["break_glass"]["grant"] == grant.pk
    assert "cluster=lansia" in event.changes["filters"]
