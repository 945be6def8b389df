"""Bulk import: every row checked first, every bad row reported, nothing half-imported, never twice."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from openpyxl import Workbook

from sentra.beneficiaries.models import Beneficiary, ImportJob
from sentra.beneficiaries.services import import_job_create, import_job_run
from sentra.beneficiaries.services.import_rows import COLUMNS, EXAMPLE_CSV, EXAMPLE_XLSX
from sentra.core.models import AuditEvent, Role, User
from sentra.network.models import Sentra
from tests.network.factories import load_region_subset

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _regions(db: None) -> None:
    load_region_subset()


@pytest.fixture
def intake(make_user: Callable[..., User], centre_a: Sentra) -> User:
    return make_user(role=Role.INTAKE, centres=(centre_a,))


def upload(path: Path) -> SimpleUploadedFile:
    return SimpleUploadedFile(path.name, path.read_bytes())


def csv_file(
    rows: list[dict[str, str]], name: str = "people.csv", header: list[str] | None = None
) -> SimpleUploadedFile:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=header or list(COLUMNS), extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    return SimpleUploadedFile(name, buffer.getvalue().encode("utf-8"))


def run(actor: User, sentra: Sentra, file: SimpleUploadedFile, *, valid_rows: bool = False) -> ImportJob:
    job = import_job_create(actor=actor, sentra=sentra, upload=file, import_valid_rows=valid_rows)
    return import_job_run(job_id=job.pk)


@pytest.mark.parametrize("example", [EXAMPLE_CSV, EXAMPLE_XLSX])
def test_the_shipped_examples_import_cleanly_and_only_once(
    intake: User, centre_a: Sentra, example: Path
) -> None:
    job = run(intake, centre_a, upload(example))
    assert (job.status, job.total_rows, job.created_count, job.error_count) == ("done", 6, 6, 0), job.errors
    karto = Beneficiary.objects.get(full_name="Mbah Karto")
    assert (karto.birth_date_estimated, karto.estimated_age, karto.no_nik_reason) == (
        True,
        72,
        "identity_unknown",
    )
    assert Beneficiary.objects.get(full_name="Dewi Sartika").birth_date.isoformat() == "1987-01-09"
    assert Beneficiary.objects.get(full_name="Budi").aliases == ["Ucok", "Budi Jalanan"]
    assert set(Beneficiary.objects.values_list("import_job_id", flat=True)) == {job.pk}
    event = AuditEvent.objects.get(
        object_type="beneficiaries.beneficiary", changes__import_job=[None, job.pk]
    )
    assert event.changes["created"] == [None, 6]
    again = run(intake, centre_a, upload(example))
    assert (again.status, again.created_count, again.existing_count) == ("done", 0, 6)
    assert Beneficiary.objects.count() == 6


def test_every_bad_row_is_reported_and_nothing_is_imported(intake: User, centre_a: Sentra) -> None:
    rows = [
        {
            "full_name": "Baik Sekali",
            "sex": "L",
            "intake_channel": "walk_in",
            "no_nik_reason": "never_registered",
            "birth_date": "1990-01-01",
        },
        {
            "full_name": "",
            "sex": "X",
            "intake_channel": "walk_in",
            "nik": "3275013205900001",
            "birth_date": "1990-01-01",
        },
        {
            "full_name": "Tanggal Salah",
            "sex": "P",
            "intake_channel": "teleport",
            "no_nik_reason": "never_registered",
            "birth_date": "31/31/1990",
        },
        {
            "full_name": "Wilayah Salah",
            "sex": "P",
            "intake_channel": "walk_in",
            "no_nik_reason": "never_registered",
            "birth_date": "1990-01-01",
            "region_code": "99.99.99",
        },
    ]
    job = run(intake, centre_a, csv_file(rows))
    assert job.status == "invalid"
    found = {(error["line"], error["column"]) for error in job.errors}
    assert {
        (3, "full_name"),
        (3, "sex"),
        (3, "nik"),
        (4, "birth_date"),
        (4, "intake_channel"),
        (5, "region_code"),
    } <= found
    assert all(error["message"] for error in job.errors)
    assert not Beneficiary.objects.exists()
    partial = run(intake, centre_a, csv_file(rows), valid_rows=True)
    assert (partial.status, partial.created_count, partial.error_count) == ("done", 1, job.error_count)
    assert list(Beneficiary.objects.values_list("full_name", flat=True)) == ["Baik Sekali"]


def test_the_same_person_twice_in_one_file_is_a_row_error(intake: User, centre_a: Sentra) -> None:
    row = {
        "full_name": "Dua Kali",
        "sex": "L",
        "intake_channel": "walk_in",
        "nik": "3275011505900001",
        "birth_date": "1990-05-15",
    }
    job = run(intake, centre_a, csv_file([row, row]))
    assert job.status == "invalid"
    assert job.errors == [{"line": 3, "column": "nik", "message": "The same person is already on line 2."}]


def test_a_wrong_header_is_reported_on_line_1(intake: User, centre_a: Sentra) -> None:
    job = run(intake, centre_a, csv_file([{"nama": "X"}], header=["nama", "sex"]))
    assert job.status == "invalid"
    assert {(error["line"], error["column"]) for error in job.errors} == {
        (1, "nama"),
        (1, "full_name"),
        (1, "intake_channel"),
    }


def test_semicolon_csv_and_indonesian_sex_letters(intake: User, centre_a: Sentra) -> None:
    text = (
        "full_name;sex;intake_channel;no_nik_reason;birth_date\n"
        "Ratna;P;outreach;never_registered;01-02-2001\n"
    )
    job = run(intake, centre_a, SimpleUploadedFile("titik-koma.csv", text.encode()))
    assert job.status == "done", job.errors
    ratna = Beneficiary.objects.get()
    assert (ratna.sex, ratna.birth_date.isoformat()) == ("F", "2001-02-01")


def test_an_xlsx_with_errors_reports_rows(intake: User, centre_a: Sentra) -> None:
    book = Workbook()
    sheet = book.active
    sheet.append(["full_name", "sex", "intake_channel", "birth_date", "no_nik_reason"])
    sheet.append(["Satu", "L", "walk_in", "1980-01-01", "never_registered"])
    sheet.append(["Dua", "L", "walk_in", "kemarin", "never_registered"])
    stream = io.BytesIO()
    book.save(stream)
    job = run(intake, centre_a, SimpleUploadedFile("x.xlsx", stream.getvalue()))
    assert job.errors == [
        {"line": 3, "column": "birth_date", "message": "Write the date as YYYY-MM-DD (or DD-MM-YYYY)."}
    ]


@pytest.mark.parametrize(
    ("content", "message"),
    [(b"", "empty"), (b"\x00\x01binary\x00", "CSV"), ("nama\n\xe9".encode("latin-1"), "UTF-8")],
)
def test_unreadable_files_are_refused_at_upload(
    intake: User, centre_a: Sentra, content: bytes, message: str
) -> None:
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as caught:
        import_job_create(actor=intake, sentra=centre_a, upload=SimpleUploadedFile("f.csv", content))
    assert message in caught.value.message_dict["file"][0]


def test_the_import_pages_and_api(
    client_for: Callable[[User], Client],
    personas: dict[str, User],
    centre_a: Sentra,
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    client = client_for(personas[Role.INTAKE])
    assert client.get("/beneficiaries/imports/").status_code == 200
    assert client.get("/beneficiaries/imports/example.csv").status_code == 200
    assert client.get("/beneficiaries/imports/example.xlsx").status_code == 200
    assert "file" in client.post("/beneficiaries/imports/", {"sentra": centre_a.pk}).context["form"].errors
    with EXAMPLE_CSV.open("rb") as stream, django_capture_on_commit_callbacks(execute=True):
        response = client.post("/beneficiaries/imports/", {"sentra": centre_a.pk, "file": stream})
    assert response.status_code == 302
    job = ImportJob.objects.get()
    progress = client.get(response["Location"], headers={"HX-Request": "true"})
    assert 'data-status="done"' in progress.content.decode()
    assert Beneficiary.objects.count() == 6
    with EXAMPLE_XLSX.open("rb") as stream:
        api = client.post("/api/v1/beneficiary-imports", {"sentra_id": centre_a.pk, "file": stream})
    assert api.status_code == 201
    assert (api.json()["status"], api.json()["existing_count"]) == ("done", 6)
    assert client.get(f"/api/v1/beneficiary-imports/{job.pk}").json()["created_count"] == 6
    bad = client.post(
        "/api/v1/beneficiary-imports", {"sentra_id": 999999, "file": SimpleUploadedFile("a.csv", b"x")}
    )
    assert bad.status_code == 422
    assert client_for(personas[Role.PROFESSIONAL]).get("/beneficiaries/imports/").status_code == 403


def test_a_clashing_registration_number_is_drawn_again(centre_a: Sentra) -> None:
    from sentra.beneficiaries.services.imports import write_batch
    from tests.beneficiaries.factories import person

    existing = person(centre_a, "Sudah Ada")
    twins = [
        Beneficiary(
            registered_sentra=centre_a,
            full_name=name,
            name_key=name.lower(),
            sex="M",
            intake_channel="walk_in",
            no_nik_reason="never_registered",
            registration_number=existing.registration_number,
        )
        for name in ("Baru Satu", "Baru Dua")
    ]
    write_batch(twins)
    numbers = set(Beneficiary.objects.values_list("registration_number", flat=True))
    assert len(numbers) == 3
