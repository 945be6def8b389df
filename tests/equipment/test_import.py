"""Inventory import: every bad row named by line, column and rule; nothing half-saved; no duplicates."""

from __future__ import annotations

import io
from collections.abc import Callable

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import translation
from openpyxl import Workbook  # type: ignore[import-untyped]

from sentra.core.models import AuditEvent, Role, User
from sentra.equipment.models import Condition, Item
from sentra.equipment.services.imports import inventory_import
from sentra.network.models import Sentra

pytestmark = pytest.mark.django_db

GOOD = (
    "item_type,asset_number,serial_number,location,acquired_on,acquisition_cost,lifespan_years,condition\n"
    'wheelchair_standard,KR-001,SN1,Gudang,2022-03-01,"2.500.000",,baik\n'
    "treatment_table,MT-001,,Ruang fisioterapi,15/01/2015,6500000,10,rusak berat\n"
)
BAD = (
    "item_type,asset_number,acquired_on,acquisition_cost,lifespan_years,condition\n"
    "wheelchair_standard,KR-010,2022-03-01,2500000,,good\n"
    "rocket,KR-011,2022-03-01,100,,good\n"
    "walker_frame,,2099-01-01,abc,7x,shiny\n"
    "walker_frame,KR-010,2020-01-01,,,good\n"
)


def upload(text: str, name: str = "inventory.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/csv")


@pytest.fixture
def head(make_user: Callable[..., User], centre_a: Sentra) -> User:
    return make_user(role=Role.CENTRE_HEAD, centres=(centre_a,))


def test_a_clean_file_imports_every_row_and_a_rerun_duplicates_nothing(head: User, centre_a: Sentra) -> None:
    report = inventory_import(actor=head, sentra=centre_a, upload=upload(GOOD))
    assert (report.imported, report.created, report.errors) == (True, 2, [])
    table = Item.objects.get(asset_number="MT-001")
    assert (table.condition, table.lifespan_years, str(table.lifespan_ends_on)) == (
        Condition.BROKEN,
        10,
        "2025-01-15",
    )
    assert Item.objects.get(asset_number="KR-001").acquisition_cost == 2_500_000
    again = inventory_import(actor=head, sentra=centre_a, upload=upload(GOOD))
    assert (again.created, again.already_recorded) == (0, [2, 3])
    assert Item.objects.count() == 2
    assert AuditEvent.objects.filter(object_type="equipment.import").count() == 2


def test_every_bad_row_is_named_and_nothing_is_saved(head: User, centre_a: Sentra) -> None:
    with translation.override("en"):
        report = inventory_import(actor=head, sentra=centre_a, upload=upload(BAD))
    assert not report.imported
    assert Item.objects.count() == 0
    found = {(error.line, error.column) for error in report.errors}
    assert found == {
        (3, "item_type"),
        (4, "asset_number"),
        (4, "acquired_on"),
        (4, "acquisition_cost"),
        (4, "lifespan_years"),
        (4, "condition"),
        (5, "asset_number"),
    }
    duplicate = next(error for error in report.errors if error.line == 5)
    assert "line 2" in duplicate.message
    assert report.rows == 4


def test_the_valid_rows_can_be_imported_on_request(head: User, centre_a: Sentra) -> None:
    report = inventory_import(actor=head, sentra=centre_a, upload=upload(BAD), import_valid_rows=True)
    assert (report.imported, report.created) == (True, 1)
    assert list(Item.objects.values_list("asset_number", flat=True)) == ["KR-010"]
    assert report.error_lines == 3


def test_unknown_and_missing_columns(head: User, centre_a: Sentra) -> None:
    report = inventory_import(actor=head, sentra=centre_a, upload=upload("asset_number,colour\nA-1,red\n"))
    assert {(error.line, error.column) for error in report.errors} == {
        (1, "colour"),
        (1, "item_type"),
        (1, "acquired_on"),
    }
    assert not report.imported


def test_xlsx_files_import_too(head: User, centre_a: Sentra) -> None:
    book = Workbook()
    sheet = book.active
    sheet.append(["item_type", "asset_number", "acquired_on", "condition"])
    sheet.append(["hearing_aid_bte", "ABD-01", "2024-05-02", "rusak ringan"])
    buffer = io.BytesIO()
    book.save(buffer)
    file = SimpleUploadedFile("inventory.xlsx", buffer.getvalue())
    report = inventory_import(actor=head, sentra=centre_a, upload=file)
    assert report.created == 1
    assert Item.objects.get().condition == Condition.NEEDS_REPAIR


def test_the_page_shows_the_report(
    head: User, centre_a: Sentra, client_for: Callable[[User], Client]
) -> None:
    client = client_for(head)
    response = client.post(reverse("equipment:import", args=[centre_a.pk]), {"file": upload(BAD)})
    assert response.status_code == 422
    assert b'data-line="4" data-column="acquired_on"' in response.content
    ok = client.post(reverse("equipment:import", args=[centre_a.pk]), {"file": upload(GOOD)})
    assert ok.status_code == 200
    assert b'data-created="2"' in ok.content


def test_the_api_answers_422_with_every_row_error(
    head: User, centre_a: Sentra, client_for: Callable[[User], Client]
) -> None:
    response = client_for(head).post(
        f"/api/v1/equipment/centres/{centre_a.pk}/imports", {"file": upload(BAD)}
    )
    assert response.status_code == 422
    assert len(response.json()["errors"]) == 7
