"""Exports of the main lists: exactly the page's rows, identifiers masked by role, access-logged."""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Callable, Iterator
from typing import Any
from urllib.parse import unquote_plus

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook  # type: ignore[import-untyped]

from sentra.assessments import services as assessment_services
from sentra.beneficiaries.models import Beneficiary
from sentra.beneficiaries.rules.nik import mask
from sentra.cases import services as case_services
from sentra.cases.models import Case
from sentra.cases.services import tasks as task_services
from sentra.core import exports
from sentra.core.models import AccessLogEntry, Role, User
from sentra.equipment.models import Item
from sentra.network.models import Sentra
from sentra.quality.models import Complaint
from sentra.workforce.models import StaffMember
from tests.assessments.factories import PHQ9_MILD, record
from tests.beneficiaries.factories import nik_for, person
from tests.equipment import factories as equipment_factories
from tests.quality.factories import file_complaint
from tests.workforce.factories import ensure_framework, make_staff

MakeUser = Callable[..., User]
ClientFor = Callable[[User], Client]


def _csv(response: Any) -> list[list[str]]:
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith("\ufeff")
    return list(csv.reader(io.StringIO(body[1:])))


def _xlsx(response: Any) -> list[list[Any]]:
    sheet = load_workbook(io.BytesIO(response.content)).active
    return [list(row) for row in sheet.iter_rows(values_only=True)]


@pytest.fixture
def people(centre_a: Sentra, centre_b: Sentra) -> dict[str, Beneficiary]:
    born = datetime.date(1975, 3, 2)
    return {
        "ani": person(centre_a, "Ani Lestari", sex="F", birth_date=born, nik=nik_for(born, "F")),
        "budi": person(centre_a, "Budi Santoso", sex="M", birth_date=born, nik=nik_for(born, "M")),
        "citra": person(centre_b, "Citra Dewi", sex="F", birth_date=born, nik=nik_for(born, "F")),
    }


def _export_log(user: User) -> list[AccessLogEntry]:
    return list(AccessLogEntry.objects.filter(actor=user, category="export"))


def _assert_export_answers_like_the_page(client: Client, user: User, url: str) -> None:
    """A role without the list gets the same refusal for its export, and nothing is logged."""
    page = client.get(url)
    export = client.get(url, {"export": "csv"})
    assert page.status_code in (403, 404)
    assert export.status_code == page.status_code
    assert _export_log(user) == []


# --- Beneficiaries ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "nik_in_full"),
    [(Role.INTAKE, True), (Role.CASE_MANAGER, True), (Role.CENTRE_HEAD, False), (Role.PROFESSIONAL, False)],
)
def test_beneficiary_export_is_the_centres_rows_with_the_nik_by_role(
    role: str,
    nik_in_full: bool,
    people: dict[str, Beneficiary],
    centre_a: Sentra,
    make_user: MakeUser,
    client_for: ClientFor,
) -> None:
    user = make_user(role=role, centres=(centre_a,))
    response = client_for(user).get(reverse("beneficiaries:list"), {"export": "csv"})
    assert response.status_code == 200
    rows = _csv(response)[1:]
    by_number = {row[0]: row for row in rows}
    assert set(by_number) == {people["ani"].registration_number, people["budi"].registration_number}
    for key in ("ani", "budi"):
        nik = people[key].nik
        assert by_number[people[key].registration_number][2] == (nik if nik_in_full else mask(nik))
    [entry] = _export_log(user)
    assert "beneficiaries" in entry.purpose
    assert "2 rows" in entry.purpose


def test_beneficiary_export_follows_the_lists_filters(
    people: dict[str, Beneficiary], centre_a: Sentra, make_user: MakeUser, client_for: ClientFor
) -> None:
    user = make_user(role=Role.INTAKE, centres=(centre_a,))
    response = client_for(user).get(reverse("beneficiaries:list"), {"sex": "F", "export": "xlsx"})
    assert response.status_code == 200
    rows = _xlsx(response)[1:]
    assert [row[0] for row in rows] == [people["ani"].registration_number]
    assert "sex=F" in _export_log(user)[0].purpose


@pytest.mark.parametrize("role", [Role.NATIONAL_ANALYST, Role.HR])
def test_beneficiary_export_answers_like_the_list_for_roles_without_it(
    role: str, people: dict[str, Beneficiary], centre_a: Sentra, make_user: MakeUser, client_for: ClientFor
) -> None:
    user = make_user(role=role, centres=() if role == Role.NATIONAL_ANALYST else (centre_a,))
    _assert_export_answers_like_the_page(client_for(user), user, reverse("beneficiaries:list"))


def test_beneficiary_export_makes_no_query_per_row(
    centre_a: Sentra, make_user: MakeUser, client_for: ClientFor, django_assert_max_num_queries: Any
) -> None:
    for number in range(30):
        person(centre_a, f"Orang Nomor {number}")
    client = client_for(make_user(role=Role.INTAKE, centres=(centre_a,)))
    with django_assert_max_num_queries(15):
        response = client.get(reverse("beneficiaries:list"), {"export": "csv"})
        rows = _csv(response)
    assert len(rows) == 31


def test_an_export_over_the_cap_is_refused_with_a_message(
    people: dict[str, Beneficiary],
    centre_a: Sentra,
    make_user: MakeUser,
    client_for: ClientFor,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(exports, "MAX_ROWS", 0)
    user = make_user(role=Role.INTAKE, centres=(centre_a,))
    response = client_for(user).get(reverse("beneficiaries:list"), {"sex": "F", "export": "csv"}, follow=True)
    assert response.redirect_chain[0][0] == reverse("beneficiaries:list") + "?sex=F"
    assert [m.level_tag for m in response.context["messages"]] == ["error"]
    assert _export_log(user) == []


# --- Cases --------------------------------------------------------------------------------------


@pytest.fixture
def cases(
    people: dict[str, Beneficiary], centre_a: Sentra, centre_b: Sentra, make_user: MakeUser
) -> dict[str, Any]:
    centre_a.settings_offered = ["family"]
    centre_a.save()
    centre_b.settings_offered = ["family"]
    centre_b.save()
    cm_a = make_user(role=Role.CASE_MANAGER, centres=(centre_a,), username="cm_a")
    cm_a2 = make_user(role=Role.CASE_MANAGER, centres=(centre_a,), username="cm_a2")
    cm_b = make_user(role=Role.CASE_MANAGER, centres=(centre_b,), username="cm_b")

    def open_for(key: str, manager: User) -> Case:
        beneficiary = people[key]
        return case_services.case_open(
            actor=manager,
            beneficiary=beneficiary,
            sentra=beneficiary.registered_sentra,
            case_manager=manager,
            setting="family",
            cluster="lansia",
        )

    return {
        "cm_a": cm_a,
        "cm_a2": cm_a2,
        "cm_b": cm_b,
        "ani": open_for("ani", cm_a),
        "budi": open_for("budi", cm_a2),
        "citra": open_for("citra", cm_b),
    }


def _page_numbers(client: Client, query: dict[str, str]) -> set[str]:
    page = client.get(reverse("cases:case_list"), query)
    assert page.status_code == 200
    return {case.case_number for case in page.context["page"].object_list}


def test_case_export_has_exactly_the_rows_of_the_case_managers_page(
    cases: dict[str, Any], client_for: ClientFor
) -> None:
    client = client_for(cases["cm_a"])
    response = client.get(reverse("cases:case_list"), {"export": "csv"})
    rows = _csv(response)[1:]
    assert {row[0] for row in rows} == _page_numbers(client, {}) == {cases["ani"].case_number}
    assert rows[0][3] == cases["ani"].beneficiary.nik  # a case manager works with the NIK
    assert len(_export_log(cases["cm_a"])) == 1


def test_case_export_for_the_head_is_the_centre_with_the_nik_masked(
    cases: dict[str, Any], centre_a: Sentra, make_user: MakeUser, client_for: ClientFor
) -> None:
    head = make_user(role=Role.CENTRE_HEAD, centres=(centre_a,))
    client = client_for(head)
    rows = _xlsx(client.get(reverse("cases:case_list"), {"export": "xlsx"}))[1:]
    expected = {cases["ani"].case_number, cases["budi"].case_number}
    assert {row[0] for row in rows} == _page_numbers(client, {}) == expected
    assert {row[3] for row in rows} == {mask(cases[k].beneficiary.nik) for k in ("ani", "budi")}
    assert len(_export_log(head)) == 1


@pytest.mark.parametrize("role", [Role.NATIONAL_ANALYST, Role.HR])
def test_case_export_answers_like_the_list_for_roles_without_it(
    role: str, cases: dict[str, Any], centre_a: Sentra, make_user: MakeUser, client_for: ClientFor
) -> None:
    user = make_user(role=role, centres=() if role == Role.NATIONAL_ANALYST else (centre_a,))
    _assert_export_answers_like_the_page(client_for(user), user, reverse("cases:case_list"))


def test_case_export_makes_no_query_per_row(
    cases: dict[str, Any],
    centre_a: Sentra,
    make_user: MakeUser,
    client_for: ClientFor,
    django_assert_max_num_queries: Any,
) -> None:
    manager = cases["cm_a"]
    for number in range(10):
        beneficiary = person(centre_a, f"Orang Nomor {number}")
        case_services.case_open(
            actor=manager,
            beneficiary=beneficiary,
            sentra=centre_a,
            case_manager=manager,
            setting="family",
            cluster="lansia",
        )
    client = client_for(manager)
    with django_assert_max_num_queries(15):
        rows = _csv(client.get(reverse("cases:case_list"), {"export": "csv"}))
    assert len(rows) == 12


# --- My tasks -----------------------------------------------------------------------------------


def test_task_export_is_my_open_tasks_only(cases: dict[str, Any], client_for: ClientFor) -> None:
    due = datetime.date.today() + datetime.timedelta(days=3)  # noqa: DTZ011 - a date in the near future
    mine = task_services.task_create(
        actor=cases["cm_a"], title="Kunjungan rumah", due_on=due, case=cases["ani"], assigned_to=cases["cm_a"]
    )
    task_services.task_create(
        actor=cases["cm_b"],
        title="Telepon keluarga",
        due_on=due,
        case=cases["citra"],
        assigned_to=cases["cm_b"],
    )
    client = client_for(cases["cm_a"])
    page = client.get(reverse("cases:task_list"))
    expected = [task.display_title for task in page.context["tasks"]]
    rows = _csv(client.get(reverse("cases:task_list"), {"export": "csv"}))[1:]
    assert [row[1] for row in rows] == expected
    assert "Kunjungan rumah" in expected
    assert "Telepon keluarga" not in expected
    assert {row[2] for row in rows} == {task.case.case_number for task in page.context["tasks"]}
    assert mine.pk in {task.pk for task in page.context["tasks"]}
    assert len(_export_log(cases["cm_a"])) == 1


@pytest.mark.parametrize("role", [Role.NATIONAL_ANALYST, Role.HR])
def test_task_export_answers_like_the_list_for_roles_without_it(
    role: str, centre_a: Sentra, make_user: MakeUser, client_for: ClientFor
) -> None:
    user = make_user(role=role, centres=() if role == Role.NATIONAL_ANALYST else (centre_a,))
    _assert_export_answers_like_the_page(client_for(user), user, reverse("cases:task_list"))


# --- Staff (workforce) --------------------------------------------------------------------------


@pytest.fixture
def staff(centre_a: Sentra, centre_b: Sentra) -> dict[str, Any]:
    ensure_framework()
    return {
        "a": [make_staff(centre_a, employee_number=f"19800101200501100{n}") for n in range(3)],
        "b": [make_staff(centre_b, employee_number="198001012005011009")],
    }


@pytest.mark.parametrize("role", [Role.HR, Role.CENTRE_HEAD, Role.SYSADMIN])
def test_staff_export_is_the_pages_staff_with_the_nip_in_full_for_managers(
    role: str,
    staff: dict[str, Any],
    centre_a: Sentra,
    make_user: MakeUser,
    client_for: ClientFor,
    django_assert_max_num_queries: Any,
) -> None:
    user = make_user(role=role, centres=() if role == Role.SYSADMIN else (centre_a,))
    client = client_for(user)
    page = client.get(reverse("workforce:staff_list"))
    expected = {member.full_name for member in page.context["page"].object_list}
    with django_assert_max_num_queries(15):
        rows = _csv(client.get(reverse("workforce:staff_list"), {"export": "csv"}))[1:]
    assert {row[0] for row in rows} == expected
    in_b = {member.full_name for member in staff["b"]}
    assert bool(in_b & expected) == (role == Role.SYSADMIN)  # a centre's staff only, unless admin
    numbers = {member.employee_number for member in staff["a"]}
    assert numbers <= {row[1] for row in rows}
    assert len(_export_log(user)) == 1


def test_staff_export_masks_the_nip_for_a_case_manager(
    staff: dict[str, Any], centre_a: Sentra, make_user: MakeUser, client_for: ClientFor
) -> None:
    user = make_user(role=Role.CASE_MANAGER, centres=(centre_a,))
    own = StaffMember.objects.filter(user=user).first() or make_staff(centre_a, user=user)
    own.employee_number = "198505052010012001"
    own.save()
    client = client_for(user)
    page = client.get(reverse("workforce:staff_list"))
    expected = {member.full_name for member in page.context["page"].object_list}
    rows = _csv(client.get(reverse("workforce:staff_list"), {"export": "csv"}))[1:]
    assert {row[0] for row in rows} == expected
    by_name = {member.full_name: member.employee_number for member in StaffMember.objects.all()}
    assert [row[1] for row in rows] == [mask(by_name[row[0]]) if by_name[row[0]] else "" for row in rows]
    assert mask("198505052010012001") in {row[1] for row in rows}


def test_staff_export_answers_like_the_list_for_a_national_analyst(
    staff: dict[str, Any], make_user: MakeUser, client_for: ClientFor
) -> None:
    user = make_user(role=Role.NATIONAL_ANALYST)
    _assert_export_answers_like_the_page(client_for(user), user, reverse("workforce:staff_list"))


# --- Complaints (quality) -----------------------------------------------------------------------


@pytest.fixture
def complaints(centre_a: Sentra, centre_b: Sentra) -> Iterator[dict[str, list[Complaint]]]:
    cache.clear()  # complaint filing is rate-limited per connection, counted in the cache
    yield {
        "a": [file_complaint(centre_a), file_complaint(centre_a)],
        "b": [file_complaint(centre_b)],
    }
    cache.clear()


def test_complaint_export_is_the_centres_open_complaints(
    complaints: dict[str, list[Complaint]],
    centre_a: Sentra,
    make_user: MakeUser,
    client_for: ClientFor,
    django_assert_max_num_queries: Any,
) -> None:
    head = make_user(role=Role.CENTRE_HEAD, centres=(centre_a,))
    client = client_for(head)
    page = client.get(reverse("quality:complaint_list"))
    expected = {complaint.tracking_code for complaint in page.context["page"].object_list}
    with django_assert_max_num_queries(15):
        rows = _csv(client.get(reverse("quality:complaint_list"), {"export": "csv"}))[1:]
    assert {row[0] for row in rows} == expected == {c.tracking_code for c in complaints["a"]}
    assert len(_export_log(head)) == 1


def test_complaint_export_gives_a_national_analyst_no_personal_rows(
    complaints: dict[str, list[Complaint]], make_user: MakeUser, client_for: ClientFor
) -> None:
    user = make_user(role=Role.NATIONAL_ANALYST)
    client = client_for(user)
    page = client.get(reverse("quality:complaint_list"))
    export = client.get(reverse("quality:complaint_list"), {"export": "csv"})
    assert export.status_code == page.status_code == 200
    assert not export.streaming  # the counts per centre, as on the list: no file of complaints
    body = export.content.decode()
    assert all(c.tracking_code not in body for c in complaints["a"] + complaints["b"])
    assert _export_log(user) == []


def test_complaint_export_for_staff_not_at_the_desk_is_their_empty_list(
    complaints: dict[str, list[Complaint]], centre_a: Sentra, make_user: MakeUser, client_for: ClientFor
) -> None:
    user = make_user(role=Role.HR, centres=(centre_a,))  # sees only complaints assigned to them
    client = client_for(user)
    page = client.get(reverse("quality:complaint_list"))
    rows = _csv(client.get(reverse("quality:complaint_list"), {"export": "csv"}))
    assert list(page.context["page"].object_list) == []
    assert len(rows) == 1  # the header alone


# --- Equipment (inventory of a centre) ----------------------------------------------------------


@pytest.fixture
def inventory(centre_a: Sentra, centre_b: Sentra) -> dict[str, list[Item]]:
    chair = equipment_factories.item_type("kursi-roda", 2_500_000)
    return {
        "a": [equipment_factories.item(centre_a, chair) for _ in range(3)],
        "b": [equipment_factories.item(centre_b, chair)],
    }


def test_equipment_export_is_the_centres_inventory_page(
    inventory: dict[str, list[Item]],
    centre_a: Sentra,
    make_user: MakeUser,
    client_for: ClientFor,
    django_assert_max_num_queries: Any,
) -> None:
    head = make_user(role=Role.CENTRE_HEAD, centres=(centre_a,))
    client = client_for(head)
    url = reverse("equipment:centre", args=[centre_a.pk])
    page = client.get(url)
    expected = [item.asset_number for item in page.context["page"].object_list]
    with django_assert_max_num_queries(15):
        rows = _xlsx(client.get(url, {"export": "xlsx"}))[1:]
    assert [row[0] for row in rows] == expected
    assert set(expected) == {item.asset_number for item in inventory["a"]}
    [entry] = _export_log(head)
    assert entry.sentra_id == centre_a.pk


def test_equipment_export_of_another_centre_answers_like_its_page(
    inventory: dict[str, list[Item]],
    centre_a: Sentra,
    centre_b: Sentra,
    make_user: MakeUser,
    client_for: ClientFor,
) -> None:
    head_b = make_user(role=Role.CENTRE_HEAD, centres=(centre_b,))
    client = client_for(head_b)
    url = reverse("equipment:centre", args=[centre_a.pk])
    assert client.get(url).status_code == 404
    assert client.get(url, {"export": "csv"}).status_code == 404
    assert _export_log(head_b) == []


# --- Reassessments due (assessments) ------------------------------------------------------------


@pytest.fixture
def due(cases: dict[str, Any]) -> dict[str, Any]:
    long_ago = timezone.now() - datetime.timedelta(days=95)
    record(cases["cm_a"], cases["ani"].beneficiary, "phq9", PHQ9_MILD, assessed_at=long_ago)
    record(cases["cm_b"], cases["citra"].beneficiary, "phq9", PHQ9_MILD, assessed_at=long_ago)
    assert assessment_services.reminders_raise() == 2
    return cases


def test_due_export_is_the_reassessments_on_my_page(
    due: dict[str, Any], client_for: ClientFor, django_assert_max_num_queries: Any
) -> None:
    client = client_for(due["cm_a"])
    page = client.get(reverse("assessments:home"))
    expected = [reminder.beneficiary.registration_number for reminder in page.context["due"]]
    with django_assert_max_num_queries(15):
        rows = _csv(client.get(reverse("assessments:home"), {"export": "csv"}))[1:]
    assert [row[1] for row in rows] == expected == [due["ani"].beneficiary.registration_number]
    assert len(_export_log(due["cm_a"])) == 1


def test_due_export_answers_like_the_page_for_a_national_analyst(
    due: dict[str, Any], make_user: MakeUser, client_for: ClientFor
) -> None:
    analyst = make_user(role=Role.NATIONAL_ANALYST)
    _assert_export_answers_like_the_page(client_for(analyst), analyst, reverse("assessments:home"))


# --- The links on the pages ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "role"),
    [
        ("beneficiaries:list", Role.INTAKE),
        ("cases:case_list", Role.CASE_MANAGER),
        ("cases:task_list", Role.CASE_MANAGER),
        ("workforce:staff_list", Role.HR),
        ("quality:complaint_list", Role.CENTRE_HEAD),
        ("assessments:home", Role.CASE_MANAGER),
    ],
)
def test_each_list_links_its_export_with_the_current_filters(
    name: str, role: str, centre_a: Sentra, make_user: MakeUser, client_for: ClientFor
) -> None:
    ensure_framework()
    client = client_for(make_user(role=role, centres=(centre_a,)))
    body = client.get(reverse(name), {"q": "budi"}).content.decode()
    assert 'href="?q=budi&amp;export=csv" data-export="csv"' in body
    assert 'href="?q=budi&amp;export=xlsx" data-export="xlsx"' in body


def test_an_htmx_search_refreshes_the_export_links(
    centre_a: Sentra, make_user: MakeUser, client_for: ClientFor
) -> None:
    client = client_for(make_user(role=Role.INTAKE, centres=(centre_a,)))
    body = client.get(reverse("beneficiaries:list"), {"sex": "F"}, HTTP_HX_REQUEST="true").content.decode()
    assert 'href="?sex=F&amp;export=csv"' in body


def test_a_search_by_nik_is_logged_masked(
    people: dict[str, Beneficiary], centre_a: Sentra, make_user: MakeUser, client_for: ClientFor
) -> None:
    user = make_user(role=Role.INTAKE, centres=(centre_a,))
    nik = people["ani"].nik
    rows = _csv(client_for(user).get(reverse("beneficiaries:list"), {"q": nik, "export": "csv"}))[1:]
    assert [row[0] for row in rows] == [people["ani"].registration_number]
    [entry] = _export_log(user)
    assert nik not in entry.purpose
    assert mask(nik) in unquote_plus(entry.purpose)


def test_the_equipment_page_links_its_export(
    inventory: dict[str, list[Item]], centre_a: Sentra, make_user: MakeUser, client_for: ClientFor
) -> None:
    client = client_for(make_user(role=Role.CENTRE_HEAD, centres=(centre_a,)))
    body = client.get(reverse("equipment:centre", args=[centre_a.pk]), {"condition": "good"}).content.decode()
    assert 'href="?condition=good&amp;export=xlsx" data-export="xlsx"' in body


def test_a_complaint_exports_the_date_the_page_shows_in_the_centres_time(
    complaints: dict[str, list[Complaint]], centre_a: Sentra, make_user: MakeUser, client_for: ClientFor
) -> None:
    """20:00 UTC is already the next day in Jakarta: the file carries the local date, as the page."""
    late = datetime.datetime(2026, 3, 1, 20, 0, tzinfo=datetime.UTC)
    Complaint.objects.filter(pk=complaints["a"][0].pk).update(received_at=late)
    client = client_for(make_user(role=Role.CENTRE_HEAD, centres=(centre_a,)))
    rows = _csv(client.get(reverse("quality:complaint_list"), {"export": "csv"}))
    received = {row[0]: row[3] for row in rows[1:]}
    assert received[complaints["a"][0].tracking_code] == "2026-03-02"
