"""Plans (versions, ATENSI tagging, approval), services, assistance, notes, conferences, attachments."""

from __future__ import annotations

import datetime
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from sentra.cases import services
from sentra.cases.models import Attachment, CasePlan, PlanStatus, Stage, TaskKind, TaskStatus
from sentra.core.models import AccessLogEntry
from tests.cases.conftest import World, goal, planned

pytestmark = pytest.mark.django_db


def test_plan_versions_approval_and_review_task(world: World, case_factory) -> None:
    case = case_factory(Stage.PERENCANAAN)
    draft = services.plan_save(
        actor=world.cm_a,
        case=case,
        summary="Family-based care",
        goals=[goal(), goal(description="Attends day activities")],
        services=[
            planned(world.prof_a),
            planned(world.cm_a, component="dukungan_keluarga", subtype="", frequency="monthly"),
        ],
    )
    assert (draft.version, draft.status) == (1, PlanStatus.DRAFT)
    again = services.plan_save(actor=world.cm_a, case=case, goals=[goal()], services=[planned(world.prof_a)])
    assert again.pk == draft.pk
    assert again.goals.count() == 1
    approved = services.plan_approve(actor=world.head_a, plan=draft)
    assert approved.status == PlanStatus.APPROVED
    assert approved.approved_by == world.head_a
    review = case.tasks.get(kind=TaskKind.PLAN_REVIEW, status=TaskStatus.OPEN)
    assert review.rule_key == "plan_review:v1"
    assert review.due_on == timezone.localdate() + datetime.timedelta(days=90)
    with pytest.raises(ValidationError) as excinfo:
        services.plan_save(actor=world.cm_a, case=case, goals=[goal()], services=[planned(world.prof_a)])
    assert "revision_reason" in excinfo.value.message_dict
    revision = services.plan_save(
        actor=world.cm_a,
        case=case,
        goals=[goal()],
        services=[planned(world.prof_a)],
        revision_reason="New goal",
    )
    assert revision.version == 2
    services.plan_approve(actor=world.head_a, plan=revision)
    assert list(case.plans.order_by("version").values_list("status", flat=True)) == ["superseded", "approved"]
    assert case.tasks.get(rule_key="plan_review:v1").status == TaskStatus.DONE
    assert case.tasks.get(rule_key="plan_review:v2").status == TaskStatus.OPEN


def test_the_head_does_not_approve_a_plan_of_their_own_and_others_cannot_approve(
    world: World, case_factory
) -> None:
    case = case_factory(Stage.PERENCANAAN)
    own = services.plan_save(actor=world.head_a, case=case, goals=[goal()], services=[planned(world.prof_a)])
    with pytest.raises(ValidationError):
        services.plan_approve(actor=world.head_a, plan=own)
    for outsider in (world.cm_a, world.head_b, world.admin):
        with pytest.raises(PermissionDenied):
            services.plan_approve(actor=outsider, plan=own)


def test_plan_errors_name_the_row_and_field_and_enforce_atensi_sub_types(world: World, case_factory) -> None:
    case = case_factory(Stage.PERENCANAAN)
    with pytest.raises(ValidationError) as excinfo:
        services.plan_save(
            actor=world.cm_a,
            case=case,
            goals=[goal(target_date=None, indicator="")],
            services=[
                planned(world.prof_a, subtype=""),
                planned(world.prof_a, component="dukungan_keluarga", subtype="fisik"),
                planned(world.prof_b, component="nope", frequency="hourly"),
            ],
        )
    errors = excinfo.value.message_dict
    assert {"goals.0.target_date", "goals.0.indicator", "services.0.subtype", "services.1.subtype"} <= set(
        errors
    )
    assert {"services.2.component", "services.2.responsible", "services.2.frequency"} <= set(errors)
    assert not CasePlan.objects.exists()
    with pytest.raises(ValidationError) as excinfo:
        services.plan_save(actor=world.cm_a, case=case, goals=[], services=[])
    assert set(excinfo.value.message_dict) == {"goals", "services"}


def test_service_delivery_is_tagged_and_checked(world: World, case_factory) -> None:
    case = case_factory(Stage.INTERVENSI)
    services.team_add(actor=world.cm_a, case=case, user=world.prof_a, team_role="therapist")
    plan_service = case.plans.get(status="approved").services.get()
    delivery = services.service_log(
        actor=world.prof_a,
        case=case,
        delivered_on=timezone.localdate(),
        provider=world.prof_a,
        component="",
        attendance="attended",
        duration_minutes=45,
        planned_service=plan_service,
    )
    assert (delivery.component.code, delivery.subtype.code if delivery.subtype else "") == (
        "terapi",
        "psikososial",
    )
    with pytest.raises(ValidationError) as excinfo:
        services.service_log(
            actor=world.cm_a,
            case=case,
            delivered_on=timezone.localdate() + datetime.timedelta(days=1),
            provider=world.prof_b,
            component="terapi",
            attendance="maybe",
            duration_minutes=2000,
        )
    assert set(excinfo.value.message_dict) == {
        "delivered_on",
        "provider",
        "subtype",
        "attendance",
        "duration_minutes",
    }
    with pytest.raises(PermissionDenied):
        services.service_log(
            actor=world.intake_a,
            case=case,
            delivered_on=timezone.localdate(),
            provider=world.cm_a,
            component="dukungan_keluarga",
            attendance="attended",
        )


def test_assistance_cash_or_in_kind(world: World, case_factory) -> None:
    case = case_factory()
    today = timezone.localdate()
    cash = services.assistance_record(
        actor=world.cm_a, case=case, kind="cash", given_on=today, amount=Decimal(300000)
    )
    assert cash.amount == 300000
    goods = services.assistance_record(
        actor=world.intake_a, case=case, kind="in_kind", given_on=today, items="Wheelchair"
    )
    assert goods.amount is None
    with pytest.raises(ValidationError) as excinfo:
        services.assistance_record(
            actor=world.cm_a, case=case, kind="cash", given_on=today, amount=Decimal(0)
        )
    assert "amount" in excinfo.value.message_dict
    with pytest.raises(ValidationError) as excinfo:
        services.assistance_record(
            actor=world.cm_a, case=case, kind="in_kind", given_on=None, amount=Decimal(5)
        )
    assert set(excinfo.value.message_dict) == {"given_on", "items", "amount"}


def test_notes_and_conferences(world: World, case_factory) -> None:
    case = case_factory()
    note = services.note_add(
        actor=world.cm_a2, case=case, text="Visited; daughter present", kind="home_visit"
    )
    assert note.kind == "home_visit"
    with pytest.raises(ValidationError):
        services.note_add(actor=world.cm_a, case=case, text="x", kind="assessment_summary")
    with pytest.raises(ValidationError):
        services.note_add(actor=world.cm_a, case=case, text="   ")
    with pytest.raises(PermissionDenied):
        services.note_add(actor=world.prof_a, case=case, text="Not on the team")
    conference = services.conference_record(
        actor=world.cm_a,
        case=case,
        held_on=timezone.localdate(),
        participants=[world.cm_a, world.prof_a],
        other_participants="Daughter",
        decisions="Start family-based care",
    )
    assert set(conference.participants.all()) == {world.cm_a, world.prof_a}
    with pytest.raises(ValidationError) as excinfo:
        services.conference_record(
            actor=world.cm_a, case=case, held_on=None, participants=[world.cm_b], decisions=""
        )
    assert set(excinfo.value.message_dict) == {"held_on", "participants", "decisions"}


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_attachments_are_checked_stored_outside_the_database_and_logged_when_read(
    world: World, case_factory, settings
) -> None:
    case = case_factory()
    upload = SimpleUploadedFile("Persetujuan Siti.pdf", PDF, content_type="application/pdf")
    attachment = services.attachment_add(actor=world.cm_a, case=case, upload=upload, kind="consent_form")
    stored = Path(settings.MEDIA_ROOT) / attachment.file.name
    assert stored.read_bytes() == PDF
    assert attachment.file.name.startswith("cases/attachments/")
    assert "Siti" not in attachment.file.name
    assert (attachment.size, attachment.content_type) == (len(PDF), "application/pdf")
    services.attachment_open(actor=world.cm_a, attachment=attachment)
    assert (
        AccessLogEntry.objects.filter(object_type="cases.attachment", object_id=str(attachment.pk)).count()
        == 1
    )
    fake = SimpleUploadedFile("scan.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    with pytest.raises(ValidationError) as excinfo:
        services.attachment_add(actor=world.cm_a, case=case, upload=fake, kind="report")
    assert "file" in excinfo.value.message_dict
    settings.SENTRA_ATTACHMENT_MAX_BYTES = 10
    with pytest.raises(ValidationError) as excinfo:
        services.attachment_add(
            actor=world.cm_a, case=case, upload=SimpleUploadedFile("a.pdf", PDF), kind="bogus"
        )
    assert set(excinfo.value.message_dict) == {"file", "kind"}
    assert Attachment.objects.count() == 1
