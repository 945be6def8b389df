"""Staff list import (CSV/XLSX): bad rows reported by line and column; all or nothing; no duplicates."""

from __future__ import annotations

import io
from collections.abc import Callable

from django.test import Client
from openpyxl import Workbook

from sentra.core.models import Role, User
from sentra.network.models import Sentra
from sentra.workforce import services
from sentra.workforce.models import Credential, StaffMember

HEADER = (
    "full_name,employee_number,profession,peksos_level,employment_type,start_date,languages,"
    "str_number,str_expires_on,certificate_number,certificate_date\n"
)
GOOD = (
    "Rina Kusuma,198001012005012001,pekerja_sosial,generalis,asn,2015-03-01,id;bisindo,"
    "STR-1,2028-01-31,SK-1,2014-06-01\n"
    "Andi Pratama,,psikolog,,contract,01/07/2020,id,,,,\n"
)


def _csv(text: str) -> io.BytesIO:
    return io.BytesIO(text.encode("utf-8"))


def test_a_clean_file_imports_and_a_second_run_adds_nobody(
    centre_a: Sentra, make_user: Callable[..., User]
) -> None:
    hr = make_user(role=Role.HR, centres=(centre_a,))
    result = services.staff_import(actor=hr, sentra=centre_a, stream=_csv(HEADER + GOOD), kind="csv")
    assert result.ok
    assert result.created == 2
    rina = StaffMember.objects.get(employee_number="198001012005012001")
    assert rina.languages == ["bisindo", "id"]
    assert set(Credential.objects.filter(staff=rina).values_list("kind", flat=True)) == {
        "str",
        "sertifikat_kompetensi",
    }
    again = services.staff_import(actor=hr, sentra=centre_a, stream=_csv(HEADER + GOOD), kind="csv")
    assert (again.created, again.already_there) == (0, 2)
    assert StaffMember.objects.count() == 2


def test_bad_rows_are_all_reported_and_nothing_is_imported(
    centre_a: Sentra, make_user: Callable[..., User]
) -> None:
    hr = make_user(role=Role.HR, centres=(centre_a,))
    bad = (
        GOOD
        + "Budi,,pekerja_sosial,,asn,2020-01-01,,STR-9,,,\n"  # line 4: no level, STR without expiry
        + "Citra,,astronaut,,asn,2020-13-01,xx,,,,\n"  # line 5: profession, date, language
        + "Dodi,198001012005012001,perawat,,asn,2020-01-01,,,,,\n"  # line 6: same number as line 2
    )
    result = services.staff_import(actor=hr, sentra=centre_a, stream=_csv(HEADER + bad), kind="csv")
    found = {(error.line, error.column) for error in result.errors}
    assert {
        (4, "peksos_level"),
        (4, "str_expires_on"),
        (5, "profession"),
        (5, "start_date"),
        (5, "languages"),
        (6, "employee_number"),
    } <= found
    assert not StaffMember.objects.exists()


def test_xlsx_and_unknown_columns(centre_a: Sentra, make_user: Callable[..., User]) -> None:
    hr = make_user(role=Role.HR, centres=(centre_a,))
    book = Workbook()
    sheet = book.active
    sheet.append(["full_name", "profession", "employment_type", "start_date", "shoe_size"])
    sheet.append(["Eka", "perawat", "pppk", "2021-02-03", "42"])
    data = io.BytesIO()
    book.save(data)
    data.seek(0)
    result = services.staff_import(actor=hr, sentra=centre_a, stream=data, kind="xlsx")
    assert [(e.line, e.column) for e in result.errors] == [(1, "shoe_size")]
    sheet.delete_cols(5)
    data = io.BytesIO()
    book.save(data)
    data.seek(0)
    assert services.staff_import(actor=hr, sentra=centre_a, stream=data, kind="xlsx").created == 1


def test_the_import_page(
    centre_a: Sentra, make_user: Callable[..., User], client_for: Callable[[User], Client]
) -> None:
    hr = make_user(role=Role.HR, centres=(centre_a,))
    client = client_for(hr)
    upload = io.BytesIO((HEADER + GOOD).encode())
    upload.name = "staf.csv"
    response = client.post("/workforce/staff/import/", {"centre": centre_a.pk, "file": upload})
    assert response.status_code == 200
    assert 'data-created="2"' in response.content.decode()
    intake = make_user(role=Role.INTAKE, centres=(centre_a,))
    assert client_for(intake).get("/workforce/staff/import/").status_code == 403
