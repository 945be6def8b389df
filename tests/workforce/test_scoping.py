"""Who sees what: HR sees staff, not beneficiaries; a staff member sees their own score, not colleagues';
national analysts see centre aggregates only; another centre's records answer 404."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from sentra.core.models import Role, User
from sentra.equipment.models import ItemType
from sentra.equipment.services.loans import loan_issue, request_create
from sentra.network.models import Sentra
from tests.cases.conftest import World, make_person, open_case
from tests.equipment import factories as equipment_factories
from tests.workforce.factories import certified_peksos, make_staff

pytestmark = pytest.mark.django_db


def test_hr_sees_staff_records_but_not_beneficiaries(
    world: World, client_for: Callable[[User], Client]
) -> None:
    person = make_person(world.a, name="Wulan Sarasvati")
    case = open_case(world, person)
    chair = ItemType.objects.get(code="wheelchair_standard")
    equipment_factories.item(world.a, chair)
    need = request_create(actor=None, sentra=world.a, beneficiary=person, device_code="wheelchair")
    loan = loan_issue(actor=None, request=need)
    waiting = request_create(actor=None, sentra=world.a, beneficiary=person, device_code="walker")
    client = client_for(world.hr_a)
    staff_page = client.get("/workforce/staff/")
    assert staff_page.status_code == 200
    record = world.cm_a.staff_record
    assert f'data-staff-id="{record.pk}"' in staff_page.content.decode()
    assert client.get(f"/workforce/staff/{record.pk}/").status_code == 200
    assert client.get(f"/api/v1/workforce/staff/{record.pk}").status_code == 200
    # The registry refuses HR outright; the person's case stays closed too.
    assert client.get("/beneficiaries/").status_code == 403
    assert client.get(f"/beneficiaries/?q={person.full_name}").status_code == 403
    assert client.get(f"/beneficiaries/{person.pk}/").status_code == 403
    assert client.get(f"/api/v1/beneficiaries/{person.pk}").status_code == 403
    assert client.get(f"/cases/{case.pk}/").status_code == 404
    assert client.get(f"/api/v1/cases/{case.pk}").status_code == 404
    # Equipment loans and device needs name the person: HR gets none of them.
    assert client.get(reverse("equipment:loans", args=[world.a.pk])).status_code == 403
    assert client.get(reverse("equipment:loan_detail", args=[loan.pk])).status_code == 404
    assert client.get(reverse("equipment:need_loan", args=[waiting.pk])).status_code in (403, 404)
    assert client.get(f"/api/v1/equipment/loans/{loan.pk}").status_code in (403, 404)
    # No page of the three apps that HR does reach shows the person's name or registration number.
    pages = [
        "/workforce/",
        "/workforce/staff/",
        f"/workforce/staff/{record.pk}/",
        f"/workforce/centres/{world.a.pk}/gaps/",
        f"/workforce/centres/{world.a.pk}/caseload/",
        f"/workforce/centres/{world.a.pk}/matrix/",
        f"/workforce/centres/{world.a.pk}/performance/",
        f"/api/v1/workforce/centres/{world.a.pk}/caseload",
        f"/api/v1/workforce/centres/{world.a.pk}/gaps",
        "/training/",
        "/training/plans/",
        "/training/overseas/",
        "/equipment/",
        f"/equipment/centres/{world.a.pk}/",
        f"/equipment/centres/{world.a.pk}/gap/",
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code < 500, url
        body = response.content.decode()
        assert person.full_name not in body, url
        assert person.registration_number not in body, url


def test_a_staff_member_sees_their_own_score_not_a_colleagues(
    world: World, client_for: Callable[[User], Client]
) -> None:
    own = world.cm_a.staff_record
    colleague = world.cm_a2.staff_record
    client = client_for(world.cm_a)
    mine = client.get(f"/workforce/staff/{own.pk}/")
    assert mine.status_code == 200
    assert 'data-testid="performance-score"' in mine.content.decode()
    assert client.get(f"/workforce/staff/{colleague.pk}/").status_code == 404
    assert client.get(f"/api/v1/workforce/staff/{own.pk}/performance").status_code == 200
    assert client.get(f"/api/v1/workforce/staff/{colleague.pk}/performance").status_code == 404
    assert client.get(f"/workforce/centres/{world.a.pk}/performance/").status_code == 404
    listed = client.get("/workforce/staff/").content.decode()
    assert f'data-staff-id="{own.pk}"' in listed
    assert f'data-staff-id="{colleague.pk}"' not in listed


def test_the_head_sees_everyone_at_the_centre_and_nobody_elsewhere(
    world: World, client_for: Callable[[User], Client]
) -> None:
    client = client_for(world.head_a)
    other = certified_peksos(world.b)
    assert client.get(f"/workforce/staff/{world.cm_a2.staff_record.pk}/").status_code == 200
    assert client.get(f"/workforce/centres/{world.a.pk}/performance/").status_code == 200
    assert client.get(f"/workforce/staff/{other.pk}/").status_code == 404
    for page in ("gaps", "matrix", "caseload", "performance"):
        assert client.get(f"/workforce/centres/{world.b.pk}/{page}/").status_code == 404, page
    assert client.get(f"/api/v1/workforce/staff/{other.pk}").status_code == 404


def test_national_analysts_see_centre_aggregates_only(
    world: World, client_for: Callable[[User], Client]
) -> None:
    client = client_for(world.analyst)
    record = world.cm_a.staff_record
    national = client.get("/workforce/national/")
    assert national.status_code == 200
    assert record.full_name not in national.content.decode()
    assert client.get(f"/workforce/staff/{record.pk}/").status_code == 404
    assert client.get(f"/workforce/centres/{world.a.pk}/gaps/").status_code == 404
    assert client.get(f"/api/v1/workforce/staff/{record.pk}").status_code == 404
    assert client.get("/api/v1/workforce/staff").json()["items"] == []
    aggregates = client.get("/api/v1/workforce/national/performance")
    assert aggregates.status_code == 200
    assert all(set(item) >= {"centre_id", "score"} and "staff" not in item for item in aggregates.json())


@pytest.mark.parametrize("role", [Role.CASE_MANAGER, Role.PROFESSIONAL, Role.INTAKE])
def test_centre_pages_are_for_heads_and_hr(
    role: str, centre_a: Sentra, make_user: Callable[..., User], client_for: Callable[[User], Client]
) -> None:
    user = make_user(role=role, centres=(centre_a,))
    make_staff(centre_a, profession="psikolog")
    client = client_for(user)
    for page in ("gaps", "matrix", "caseload", "performance"):
        assert client.get(f"/workforce/centres/{centre_a.pk}/{page}/").status_code == 404, page
    assert client.get("/workforce/staff/new/").status_code == 403
    assert client.get("/workforce/national/").status_code == 403


def test_centre_pages_render_for_the_head(world: World, client_for: Callable[[User], Client]) -> None:
    open_case(world, make_person(world.a))
    client = client_for(world.head_a)
    for page in ("gaps", "matrix", "caseload", "performance"):
        response = client.get(f"/workforce/centres/{world.a.pk}/{page}/")
        assert response.status_code == 200, page
    matrix = client.get(f"/workforce/centres/{world.a.pk}/matrix/").content.decode()
    assert f'data-staff-id="{world.cm_a.staff_record.pk}"' in matrix


def test_hr_edits_a_record_and_a_colleague_cannot(world: World, client_for: Callable[[User], Client]) -> None:
    record = world.cm_a2.staff_record
    hr = client_for(world.hr_a)
    form = hr.get(f"/workforce/staff/{record.pk}/edit/")
    assert form.status_code == 200
    response = hr.post(
        f"/workforce/staff/{record.pk}/edit/",
        {
            "full_name": record.full_name,
            "profession": "pekerja_sosial",
            "peksos_level": "spesialis",
            "employment_type": "pppk",
            "start_date": record.start_date.isoformat(),
            "languages": ["id", "bisindo"],
            "centre": world.a.pk,
        },
    )
    assert response.status_code == 302
    record.refresh_from_db()
    assert (record.peksos_level, record.employment_type, record.languages) == (
        "spesialis",
        "pppk",
        ["bisindo", "id"],
    )
    bad = hr.post(
        f"/workforce/staff/{record.pk}/edit/",
        {"full_name": "X", "profession": "psikolog", "peksos_level": "spesialis", "employment_type": "asn",
         "start_date": "2020-01-01", "centre": world.a.pk},
    )  # fmt: skip
    assert bad.status_code == 200
    assert "peksos_level" in bad.context["form"].errors
    record.refresh_from_db()
    assert record.profession == "pekerja_sosial"
    assert client_for(world.cm_a).get(f"/workforce/staff/{record.pk}/edit/").status_code == 404
    assert client_for(world.cm_a2).get(f"/workforce/staff/{record.pk}/edit/").status_code == 403
