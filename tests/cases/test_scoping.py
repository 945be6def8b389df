"""Who sees which case records: every role, centre A against centre B, referrals, anonymous visitors.

Decisions (see ``sentra.cases.models``): case managers, centre heads and intake staff see the cases of
their centres; professionals only the cases whose care team they are on; HR and national analysts no
case data; system administrators everything. A referral is visible to the sending and the receiving
centre, and the receiving centre sees the shared summary only.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from sentra.cases import services
from sentra.cases.models import Case, Stage
from sentra.core.models import User
from tests.cases.conftest import World, give_consent, make_person, open_case, to_stage
from tests.fixtures import sign_in

pytestmark = pytest.mark.django_db

ALL = [
    "head_a",
    "cm_a",
    "cm_a2",
    "intake_a",
    "prof_a",
    "hr_a",
    "head_b",
    "cm_b",
    "prof_b",
    "analyst",
    "admin",
]


def client_of(user: User) -> Client:
    return sign_in(Client(), user)


@pytest.fixture
def records_of_b(world: World) -> dict[str, int]:
    """A full set of centre B's case records (made by centre B's staff)."""
    person = make_person(world.b, "Rahasia Bee")
    case = services.case_open(
        actor=world.cm_b,
        beneficiary=person,
        sentra=world.b,
        case_manager=world.cm_b,
        setting="residential",
        cluster="lansia",
    )
    services.case_transition(actor=world.cm_b, case=case, to_stage=Stage.ASESMEN)
    services.case_transition(actor=world.cm_b, case=case, to_stage=Stage.PERENCANAAN, assessment_summary="x")
    plan = services.plan_save(
        actor=world.cm_b,
        case=case,
        goals=[services.GoalInput("Goal", "Indicator", timezone.localdate())],
        services=[services.PlannedServiceInput("dukungan_keluarga", "Family", world.prof_b, "monthly")],
    )
    stay = services.stay_admit(actor=world.cm_b, case=case)
    attachment = services.attachment_add(
        actor=world.cm_b, case=case, upload=SimpleUploadedFile("b.pdf", b"%PDF-1.4 b"), kind="report"
    )
    entry = services.waiting_add(
        actor=world.cm_b, sentra=world.b, beneficiary=make_person(world.b, "Waiting Bee"), waiting_for="place"
    )
    task = case.tasks.first()
    assert task is not None
    return {
        "case": case.pk,
        "plan": plan.pk,
        "stay": stay.pk,
        "attachment": attachment.pk,
        "entry": entry.pk,
        "task": task.pk,
    }


def record_urls(ids: dict[str, int]) -> list[str]:
    case = ids["case"]
    return [
        f"/cases/{case}/",
        f"/cases/{case}/stage/",
        f"/cases/{case}/plan/",
        f"/cases/{case}/plan/v1/",
        f"/cases/{case}/services/new/",
        f"/cases/{case}/notes/new/",
        f"/cases/{case}/referrals/new/",
        f"/cases/{case}/transfer/",
        f"/cases/{case}/admit/",
        f"/cases/attachments/{ids['attachment']}/",
        f"/residential/stays/{ids['stay']}/leave/",
        f"/api/v1/cases/{case}",
        f"/api/v1/cases/{case}/plans",
        f"/api/v1/cases/{case}/services",
    ]


@pytest.mark.parametrize("who", ["head_a", "cm_a", "intake_a", "prof_a", "hr_a", "analyst"])
def test_centre_a_and_national_roles_get_404_for_centre_b_case_records(
    world: World, records_of_b: dict[str, int], who: str
) -> None:
    client = client_of(getattr(world, who))
    for url in record_urls(records_of_b):
        assert client.get(url).status_code == 404, (who, url)
    for url in (
        f"/cases/plans/{records_of_b['plan']}/approve/",
        f"/tasks/{records_of_b['task']}/done/",
        f"/waiting-list/{records_of_b['entry']}/remove/",
    ):
        assert client.post(url).status_code == 404, (who, url)
    for url in (
        f"/api/v1/plans/{records_of_b['plan']}/approve",
        f"/api/v1/tasks/{records_of_b['task']}/complete",
    ):
        assert client.post(url, {}, content_type="application/json").status_code == 404, (who, url)


@pytest.mark.parametrize("who", ALL)
def test_lists_never_leak_another_centres_cases(world: World, records_of_b: dict[str, int], who: str) -> None:
    user = getattr(world, who)
    client = client_of(user)
    sees_b = who in ("head_b", "cm_b", "admin")
    for url in (
        "/cases/?f=1&include_closed=on",
        "/tasks/",
        "/referrals/?box=out",
        "/waiting-list/",
        "/residential/",
    ):
        response = client.get(url)
        assert response.status_code in (200, 403), (who, url)
        if not sees_b:
            assert "Rahasia Bee" not in response.content.decode(), (who, url)
            assert "Waiting Bee" not in response.content.decode(), (who, url)
    api_cases = client.get("/api/v1/cases?include_closed=true").json()["items"]
    assert (records_of_b["case"] in [item["id"] for item in api_cases]) == (
        who in ("head_b", "cm_b", "admin")
    )


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("head_b", 200),
        ("cm_b", 200),
        ("prof_b", 404),
        ("admin", 200),
        ("analyst", 404),
        ("hr_a", 404),
        ("cm_a", 404),
    ],
)
def test_who_opens_a_centre_b_case(world: World, records_of_b: dict[str, int], who: str, status: int) -> None:
    assert client_of(getattr(world, who)).get(f"/cases/{records_of_b['case']}/").status_code == status
    assert client_of(getattr(world, who)).get(f"/api/v1/cases/{records_of_b['case']}").status_code == status


def test_professionals_see_exactly_their_care_team_cases(world: World, records_of_b: dict[str, int]) -> None:
    case = Case.objects.get(pk=records_of_b["case"])
    client = client_of(world.prof_b)
    assert client.get(f"/cases/{case.pk}/").status_code == 404
    member = services.team_add(actor=world.cm_b, case=case, user=world.prof_b, team_role="medical")
    assert client.get(f"/cases/{case.pk}/").status_code == 200
    assert client.get(f"/cases/attachments/{records_of_b['attachment']}/").status_code == 200
    assert "Rahasia Bee" in client.get("/cases/").content.decode()
    services.team_remove(actor=world.cm_b, member=member)
    assert client.get(f"/cases/{case.pk}/").status_code == 404


@pytest.mark.parametrize("who", ["hr_a", "analyst"])
def test_roles_without_casework_get_403_on_casework_lists(world: World, who: str) -> None:
    client = client_of(getattr(world, who))
    for url in ("/cases/", "/tasks/", "/referrals/", "/residential/", "/waiting-list/", "/cases/new/"):
        assert client.get(url).status_code == 403, (who, url)


def test_the_receiving_centre_sees_only_the_shared_summary(world: World) -> None:
    case = to_stage(
        world, open_case(world, make_person(world.a, "Siti Aminah", phone="0812-555-0101")), Stage.ASESMEN
    )
    services.note_add(actor=world.cm_a, case=case, text="Confidential family history")
    give_consent(case.beneficiary)
    referral = services.referral_send(
        actor=world.cm_a, case=case, target_kind="sentra", to_sentra=world.b, reason="Needs residential care"
    )
    for who in ("head_b", "cm_b", "intake_a"):
        client = client_of(getattr(world, who))
        page = client.get(f"/referrals/{referral.pk}/")
        assert page.status_code == 200, who
    receiver = client_of(world.cm_b)
    html = receiver.get(f"/referrals/{referral.pk}/").content.decode()
    assert "Siti Aminah" in html
    assert "Needs residential care" in html
    assert "Confidential family history" not in html
    assert "0812-555-0101" not in html
    assert receiver.get(f"/cases/{case.pk}/").status_code == 404
    assert receiver.get(f"/api/v1/cases/{case.pk}").status_code == 404
    assert client_of(world.prof_b).get(f"/referrals/{referral.pk}/").status_code == 404
    assert client_of(world.hr_a).get(f"/referrals/{referral.pk}/").status_code == 404
    # The sending centre's professionals see it only through a care-team case.
    assert client_of(world.prof_a).get(f"/referrals/{referral.pk}/").status_code == 404
    services.team_add(actor=world.cm_a, case=case, user=world.prof_a, team_role="therapist")
    assert client_of(world.prof_a).get(f"/referrals/{referral.pk}/").status_code == 200


def test_anonymous_visitors_go_to_the_login_page_and_the_api_answers_401(
    world: World, records_of_b: dict[str, int], client_for: Callable[[User], Client]
) -> None:
    anonymous = Client()
    for url in record_urls(records_of_b):
        response = anonymous.get(url)
        if url.startswith("/api/"):
            assert response.status_code == 401, url
        else:
            assert response.status_code == 302, url
            assert response["Location"].startswith("/login/"), url
    assert anonymous.post("/api/v1/cases", {}, content_type="application/json").status_code == 401
