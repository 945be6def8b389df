"""The case pages: lists, the case page, forms with field errors (422, never 500), plans, downloads."""

from __future__ import annotations

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from sentra.cases import services
from sentra.cases.models import Case, PlanStatus, Referral, Stage
from sentra.core.models import AccessLogEntry, User
from tests.cases.conftest import World, give_consent, make_person, open_case
from tests.fixtures import sign_in

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


def client_of(user: User) -> Client:
    return sign_in(Client(), user)


def test_my_cases_lists_the_case_managers_cases_and_searches(world: World, case_factory) -> None:
    mine = case_factory(name="Siti Aminah")
    other = open_case(
        world, make_person(world.a, "Budi Santoso"), case_manager=world.cm_a2, actor=world.cm_a2
    )
    client = client_of(world.cm_a)
    page = client.get("/cases/").content.decode()
    assert mine.case_number in page
    assert other.case_number not in page  # "only my cases" by default for social workers
    everything = client.get("/cases/", {"f": "1", "q": "budi"}).content.decode()
    assert other.case_number in everything
    assert mine.case_number not in everything
    htmx = client.get("/cases/", {"f": "1", "q": "siti"}, HTTP_HX_REQUEST="true")
    assert b"<html" not in htmx.content
    assert mine.case_number.encode() in htmx.content


def test_the_case_page_shows_the_stage_bar_plan_tasks_and_timeline(world: World, case_factory) -> None:
    case = case_factory(Stage.INTERVENSI)
    response = client_of(world.cm_a).get(f"/cases/{case.pk}/")
    html = response.content.decode()
    assert response.status_code == 200
    assert 'data-stage="intervensi"' in html
    assert 'aria-current="step">Intervention<' in html
    assert 'data-testid="plan-approved"' in html
    assert "Individual counselling" in html
    assert "Plan review (v1)" in html
    assert "Assessment → Intervention planning" in html
    read = AccessLogEntry.objects.get(object_type="cases.case", object_id=str(case.pk))
    assert (read.actor, read.category, read.sentra_id) == (world.cm_a, "case_record", world.a.pk)


def test_opening_a_case_through_the_page(world: World, person) -> None:
    client = client_of(world.cm_a)
    form = client.get("/cases/new/", {"q": "siti"})
    assert form.status_code == 200
    assert "Siti Aminah" in form.content.decode()
    bad = client.post(
        "/cases/new/", {"beneficiary": person.pk, "sentra": world.a.pk, "setting": "x", "cluster": "lansia"}
    )
    assert bad.status_code == 422
    assert b'data-field="setting"' in bad.content
    assert b'data-field="case_manager"' in bad.content
    good = client.post(
        "/cases/new/",
        {
            "beneficiary": person.pk,
            "sentra": world.a.pk,
            "case_manager": world.cm_a.pk,
            "setting": "family",
            "cluster": "lansia",
        },
    )
    case = Case.objects.get()
    assert good.status_code == 302
    assert good["Location"] == f"/cases/{case.pk}/"


def test_stage_form_shows_the_guard_messages(world: World, case_factory) -> None:
    case = case_factory(Stage.ASESMEN)
    client = client_of(world.cm_a)
    assert client.get(f"/cases/{case.pk}/stage/").status_code == 200
    refused = client.post(f"/cases/{case.pk}/stage/", {"to_stage": "perencanaan"})
    assert refused.status_code == 422
    assert b'data-field="assessment_summary"' in refused.content
    moved = client.post(
        f"/cases/{case.pk}/stage/", {"to_stage": "perencanaan", "assessment_summary": "Needs therapy"}
    )
    assert moved.status_code == 302
    case.refresh_from_db()
    assert case.stage == Stage.PERENCANAAN
    assert client_of(world.prof_a).get(f"/cases/{case.pk}/stage/").status_code == 404
    services.team_add(actor=world.cm_a, case=case, user=world.prof_a, team_role="therapist")
    assert client_of(world.prof_a).get(f"/cases/{case.pk}/stage/").status_code == 403


def plan_post(world: World, **extra: str) -> dict[str, object]:
    data: dict[str, object] = {
        "summary": "Family-based care",
        "revision_reason": "",
        "goals-TOTAL_FORMS": "2",
        "goals-INITIAL_FORMS": "0",
        "goals-0-description": "Lives safely at home",
        "goals-0-indicator": "Monthly home visit confirms",
        "goals-0-target_date": (TODAY() + datetime.timedelta(days=60)).isoformat(),
        "services-TOTAL_FORMS": "2",
        "services-INITIAL_FORMS": "0",
        "services-0-component": "terapi",
        "services-0-subtype": "psikososial",
        "services-0-description": "Counselling",
        "services-0-responsible": str(world.prof_a.pk),
        "services-0-times": "1",
        "services-0-frequency": "weekly",
    }
    data.update(extra)
    return data


def test_plan_editor_errors_land_on_their_rows_and_the_head_approves(world: World, case_factory) -> None:
    case = case_factory(Stage.PERENCANAAN)
    client = client_of(world.cm_a)
    assert client.get(f"/cases/{case.pk}/plan/").status_code == 200
    bad = client.post(
        f"/cases/{case.pk}/plan/", plan_post(world, **{"services-0-subtype": "", "goals-0-target_date": ""})
    )
    assert bad.status_code == 422
    html = bad.content.decode()
    assert 'id="id_services-0-subtype_errors"' in html
    assert 'id="id_goals-0-target_date_errors"' in html
    saved = client.post(f"/cases/{case.pk}/plan/", plan_post(world))
    assert saved.status_code == 302
    plan = case.plans.get()
    assert plan.status == PlanStatus.DRAFT
    head = client_of(world.head_a)
    detail = head.get(f"/cases/{case.pk}/plan/v1/")
    assert b'data-testid="approve-plan"' in detail.content
    assert b'data-testid="approve-plan"' not in client.get(f"/cases/{case.pk}/plan/v1/").content
    assert client.post(f"/cases/plans/{plan.pk}/approve/").status_code == 403
    assert head.post(f"/cases/plans/{plan.pk}/approve/").status_code == 302
    plan.refresh_from_db()
    assert plan.status == PlanStatus.APPROVED


def test_every_case_form_answers_bad_input_with_field_errors(world: World, case_factory) -> None:
    case = case_factory(Stage.INTERVENSI)
    client = client_of(world.cm_a)
    for path in (
        "services/new",
        "assistance/new",
        "notes/new",
        "conferences/new",
        "attachments/new",
        "referrals/new",
        "transfer",
        "team",
        "close",
    ):
        url = f"/cases/{case.pk}/{path}/"
        assert client.get(url).status_code == 200, url
        response = client.post(url, {"kind": "nonsense", "target_kind": "nonsense", "attendance": "?"})
        assert response.status_code == 422, url
        assert b'class="errorlist"' in response.content, url
    task = client.post(f"/tasks/new/?case={case.pk}", {"title": "", "due_on": "not a date"})
    assert task.status_code == 422


def test_logging_a_service_from_the_page(world: World, case_factory) -> None:
    case = case_factory(Stage.INTERVENSI)
    planned = case.plans.get(status="approved").services.get()
    response = client_of(world.cm_a).post(
        f"/cases/{case.pk}/services/new/",
        {
            "planned_service": planned.pk,
            "delivered_on": TODAY().isoformat(),
            "duration_minutes": "60",
            "provider": world.prof_a.pk,
            "attendance": "attended",
        },
    )
    assert response.status_code == 302
    assert case.deliveries.get().component.code == "terapi"


PDF = b"%PDF-1.4\n%%EOF\n"


def test_attachments_are_served_only_after_the_access_check(world: World, case_factory) -> None:
    case = case_factory()
    client = client_of(world.cm_a)
    upload = client.post(
        f"/cases/{case.pk}/attachments/new/",
        {
            "kind": "consent_form",
            "file": SimpleUploadedFile("persetujuan.pdf", PDF, content_type="application/pdf"),
        },
    )
    assert upload.status_code == 302
    attachment = case.attachments.get()
    download = client.get(f"/cases/attachments/{attachment.pk}/")
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF
    assert download["Content-Disposition"].startswith("attachment")
    assert download["Cache-Control"] == "private, no-store"
    assert AccessLogEntry.objects.filter(object_type="cases.attachment", actor=world.cm_a).count() == 1
    for outsider in (world.cm_b, world.head_b, world.prof_a, world.analyst, world.hr_a):
        assert client_of(outsider).get(f"/cases/attachments/{attachment.pk}/").status_code == 404
    assert Client().get(f"/cases/attachments/{attachment.pk}/").status_code == 302


def test_referral_inbox_outbox_and_answer_pages(world: World, case_factory) -> None:
    case = case_factory()
    sender = client_of(world.cm_a)
    assert b'data-testid="form-warning"' in sender.get(f"/cases/{case.pk}/referrals/new/").content
    give_consent(case.beneficiary)
    preview = sender.get(f"/cases/{case.pk}/referrals/new/")
    assert b'data-testid="summary-preview"' in preview.content
    assert b'data-testid="form-warning"' not in preview.content
    sent = sender.post(
        f"/cases/{case.pk}/referrals/new/",
        {
            "target_kind": "sentra",
            "to_sentra": world.b.pk,
            "urgency": "high",
            "reason": "Needs a residential place",
        },
    )
    referral = Referral.objects.get()
    assert sent.status_code == 302
    receiver = client_of(world.cm_b)
    inbox = receiver.get("/referrals/").content.decode()
    assert "Siti Aminah" in inbox
    assert "Siti Aminah" in sender.get("/referrals/?box=out").content.decode()
    detail = receiver.get(f"/referrals/{referral.pk}/").content.decode()
    assert 'data-testid="shared-summary"' in detail
    assert 'data-testid="accept-referral"' in detail
    assert f"/cases/{case.pk}/" not in detail  # no link into a case the receiver cannot see
    refused = receiver.post(f"/referrals/{referral.pk}/decline/", {"decline_reason": "other"})
    assert refused.status_code == 422
    receiver.post(f"/referrals/{referral.pk}/decline/", {"decline_reason": "no_capacity", "note": "Full"})
    outcome = sender.get(f"/referrals/{referral.pk}/").content.decode()
    assert 'data-status="declined"' in outcome
    assert "No capacity" in outcome


def test_tasks_page_and_htmx_done(world: World, case_factory) -> None:
    case = case_factory()
    task = services.task_create(
        actor=world.cm_a, case=case, title="Call the daughter", due_on=TODAY() - datetime.timedelta(days=1)
    )
    client = client_of(world.cm_a)
    html = client.get("/tasks/").content.decode()
    assert "Call the daughter" in html
    assert 'data-testid="overdue"' in html
    assert "Call the daughter" in client_of(world.head_a).get("/tasks/").content.decode()
    row = client.post(f"/tasks/{task.pk}/done/", HTTP_HX_REQUEST="true")
    assert row.status_code == 200
    assert b"<html" not in row.content
    assert b"Done" in row.content


def test_occupancy_roll_call_and_waiting_list_pages(world: World) -> None:
    case = open_case(world, make_person(world.a, "Ani"), setting="residential")
    stay = services.stay_admit(actor=world.cm_a, case=case)
    client = client_of(world.intake_a)
    page = client.get("/residential/")
    assert page.status_code == 200
    assert b'data-testid="occupied">1<' in page.content
    assert client.post("/residential/roll-call/", {"centre": world.a.pk}).status_code == 422
    done = client.post("/residential/roll-call/", {"centre": world.a.pk, f"stay_{stay.pk}": "present"})
    assert done.status_code == 302
    assert client.get(f"/residential/?centre={world.b.pk}").status_code == 404
    head = client_of(world.head_a)
    assert (
        head.post("/residential/rooms/new/", {"centre": world.a.pk, "name": "", "beds": ""}).status_code
        == 422
    )
    assert (
        head.post(
            "/residential/rooms/new/", {"centre": world.a.pk, "name": "Melati", "beds": "4", "sex": "F"}
        ).status_code
        == 302
    )
    assert client.get(f"/residential/stays/{stay.pk}/leave/").status_code == 200
    assert client.post(f"/residential/stays/{stay.pk}/leave/", {}).status_code == 422
    waiting = client.post(
        "/waiting-list/",
        {
            "centre": world.a.pk,
            "beneficiary": make_person(world.a, "Budi").pk,
            "waiting_for": "place",
            "urgency": "high",
        },
    )
    assert waiting.status_code == 302
    assert "Budi" in client.get("/waiting-list/").content.decode()
    assert client.post("/waiting-list/", {"centre": world.a.pk, "waiting_for": "service"}).status_code == 422
