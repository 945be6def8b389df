"""Data-subject requests (UU PDP): deadlines, answers, the export of everything held, who may see them."""

from __future__ import annotations

import datetime
import json
from collections.abc import Callable

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from sentra.beneficiaries.models import Beneficiary, SubjectRequest
from sentra.beneficiaries.rules.subject_requests import hours_left, response_due
from sentra.beneficiaries.services.subject_export import subject_export, subject_export_pdf
from sentra.beneficiaries.services.subject_requests import (
    SubjectRequestInput,
    subject_request_answer,
    subject_request_record,
)
from sentra.cases import services as case_services
from sentra.core import audit
from sentra.core.models import AccessLogEntry, AuditEvent, Role, User
from sentra.network.models import Sentra
from tests.beneficiaries.factories import child, consent, guardian_of, nik_for, person
from tests.factories import SentraFactory

pytestmark = pytest.mark.django_db

BORN = datetime.date(1970, 8, 17)


@pytest.fixture
def subject(centre_a: Sentra) -> Beneficiary:
    return person(centre_a, "Slamet Riyadi", nik=nik_for(BORN), birth_date=BORN, health_notes="Diabetes")


def test_every_kind_is_due_three_times_24_hours_after_receipt() -> None:
    received = datetime.datetime(2026, 3, 2, 15, 30, tzinfo=datetime.UTC)
    for kind in ("access", "correction", "restriction"):
        assert response_due(kind, received) == datetime.datetime(2026, 3, 5, 15, 30, tzinfo=datetime.UTC)
    assert hours_left(response_due("access", received), received + datetime.timedelta(hours=80)) == -8


def test_a_request_is_recorded_with_its_deadline_and_audited(
    personas: dict[str, User], subject: Beneficiary
) -> None:
    received = timezone.now() - datetime.timedelta(hours=2)
    item = subject_request_record(
        actor=personas[Role.CENTRE_HEAD],
        beneficiary=subject,
        data=SubjectRequestInput(kind="access", requested_by="self", received_at=received),
    )
    assert item.due_at == received + datetime.timedelta(hours=72)
    assert item.requester_name == "Slamet Riyadi"
    assert item.status == "received"
    assert not item.is_overdue
    assert AuditEvent.objects.filter(
        object_type="beneficiaries.subjectrequest", object_id=str(item.pk), action="create"
    ).exists()


def test_bad_requests_name_every_field(personas: dict[str, User], subject: Beneficiary) -> None:
    with pytest.raises(ValidationError) as raised:
        subject_request_record(
            actor=personas[Role.CENTRE_HEAD],
            beneficiary=subject,
            data=SubjectRequestInput(
                kind="erase-all",
                requested_by="guardian",
                received_at=timezone.now() + datetime.timedelta(hours=1),
            ),
        )
    assert set(raised.value.message_dict) == {"kind", "guardian", "received_at"}
    with pytest.raises(ValidationError) as raised:
        subject_request_record(
            actor=personas[Role.CENTRE_HEAD],
            beneficiary=subject,
            data=SubjectRequestInput(kind="correction", requested_by="self"),
        )
    assert set(raised.value.message_dict) == {"details"}
    assert not SubjectRequest.objects.exists()


def test_a_parent_asks_for_a_child(personas: dict[str, User], centre_a: Sentra) -> None:
    kid = child(centre_a)
    mother = guardian_of(kid)
    item = subject_request_record(
        actor=personas[Role.CENTRE_HEAD],
        beneficiary=kid,
        data=SubjectRequestInput(kind="access", requested_by="parent", guardian_id=mother.pk),
    )
    assert (item.guardian_id, item.requester_name) == (mother.pk, "Sri Wahyuni")


def test_answers_refusal_needs_a_reason_and_only_a_restriction_in_force_is_lifted(
    personas: dict[str, User], subject: Beneficiary
) -> None:
    head = personas[Role.CENTRE_HEAD]
    item = subject_request_record(
        actor=head,
        beneficiary=subject,
        data=SubjectRequestInput(kind="restriction", requested_by="self", details="No photos in reports"),
    )
    with pytest.raises(ValidationError) as raised:
        subject_request_answer(actor=head, request=item, status="refused")
    assert set(raised.value.message_dict) == {"outcome"}
    with pytest.raises(ValidationError):
        subject_request_answer(actor=head, request=item, status="lifted")
    subject_request_answer(actor=head, request=item, status="completed", outcome="Photos excluded")
    assert item.restriction_in_force
    with pytest.raises(ValidationError):
        subject_request_answer(actor=head, request=item, status="refused", outcome="too late")
    subject_request_answer(actor=head, request=item, status="lifted", outcome="Person asked to lift it")
    item.refresh_from_db()
    assert (item.status, item.decided_by_id, item.lifted_at is not None) == ("lifted", head.pk, True)
    assert AuditEvent.objects.filter(object_id=str(item.pk), action="update").count() == 2


def test_the_export_holds_the_record_the_cases_and_both_logs(
    personas: dict[str, User], subject: Beneficiary
) -> None:
    head = personas[Role.CENTRE_HEAD]
    worker = personas[Role.CASE_MANAGER]
    consent(subject)
    case = case_services.case_open(
        actor=worker,
        beneficiary=subject,
        sentra=subject.registered_sentra,
        case_manager=worker,
        setting="residential",
        cluster="lansia",
    )
    audit.record_access(actor=worker, instance=subject, category="health", purpose="Home visit")
    export = subject_export(actor=head, beneficiary=subject)
    json.dumps(export)  # JSON-ready throughout
    record = export["sections"]["person"]["records"][0]
    assert record["nik"] == subject.nik
    assert record["health_notes"] == "Diabetes"
    assert "nik_hash" not in record
    assert len(export["sections"]["consents"]["records"]) == 1
    assert [c["case_number"] for c in export["sections"]["cases"]["records"]] == [case.case_number]
    assert export["sections"]["stage_transitions"]["records"]
    readers = {(row["who"], row["category"]) for row in export["access_log"]}
    assert (worker.username, "health") in readers
    assert (head.username, "subject_access_request") in readers  # the export itself is logged
    written = {(row["record_type"], row["action"]) for row in export["processing_log"]}
    assert ("cases.case", "Created") in written
    assert AccessLogEntry.objects.filter(actor=head, category="subject_access_request").count() == 1


def test_the_pdf_is_a_pdf(personas: dict[str, User], subject: Beneficiary) -> None:
    export = subject_export(actor=personas[Role.SYSADMIN], beneficiary=subject)
    assert subject_export_pdf(export).startswith(b"%PDF-")


def _urls(subject: Beneficiary, item: SubjectRequest) -> list[tuple[str, str]]:
    return [
        ("get", reverse("beneficiaries:subject_requests", args=[subject.pk])),
        ("post", reverse("beneficiaries:subject_requests", args=[subject.pk])),
        ("get", reverse("beneficiaries:subject_export_json", args=[subject.pk])),
        ("get", reverse("beneficiaries:subject_export_pdf", args=[subject.pk])),
        ("post", reverse("beneficiaries:subject_request_answer", args=[subject.pk, item.pk])),
        ("get", reverse("beneficiaries:subject_request_queue")),
    ]


def test_every_role_but_the_centre_head_and_the_administrator_gets_404(
    personas: dict[str, User],
    subject: Beneficiary,
    make_user: Callable[..., User],
    client_for: Callable[[User], Client],
) -> None:
    item = subject_request_record(
        actor=personas[Role.CENTRE_HEAD],
        beneficiary=subject,
        data=SubjectRequestInput(kind="access", requested_by="self"),
    )
    other_head = make_user(role=Role.CENTRE_HEAD, centres=(SentraFactory(code="lain"),), username="head_b")
    outsiders = [u for role, u in personas.items() if role not in (Role.CENTRE_HEAD, Role.SYSADMIN)]
    for user in outsiders:
        client = client_for(user)
        for method, url in _urls(subject, item):
            response = getattr(client, method)(url, {"status": "completed", "outcome": "x"})
            # National analysts and HR never open the registry at all (403 there, as on every registry page).
            expected = 403 if user.role in (Role.NATIONAL_ANALYST, Role.HR) else 404
            assert response.status_code == expected, (user.role, url)
    client = client_for(other_head)
    for method, url in _urls(subject, item)[:5]:
        assert getattr(client, method)(url, {"status": "completed"}).status_code == 404, url
    queue = client.get(reverse("beneficiaries:subject_request_queue"))
    assert queue.status_code == 200
    assert f'data-request="{item.pk}"' not in queue.content.decode()
    item.refresh_from_db()
    assert item.status == "received"
    assert not AccessLogEntry.objects.filter(category="subject_access_request").exists()


def test_the_centre_head_and_the_administrator_use_the_pages(
    personas: dict[str, User], subject: Beneficiary, client_for: Callable[[User], Client]
) -> None:
    for role in (Role.CENTRE_HEAD, Role.SYSADMIN):
        client = client_for(personas[role])
        page = client.get(reverse("beneficiaries:subject_requests", args=[subject.pk]))
        assert page.status_code == 200
        created = client.post(
            reverse("beneficiaries:subject_requests", args=[subject.pk]),
            {"kind": "correction", "requested_by": "self", "details": "Birth place is Klaten"},
        )
        assert created.status_code == 302
        bad = client.post(
            reverse("beneficiaries:subject_requests", args=[subject.pk]), {"kind": "correction"}
        )
        assert bad.status_code == 200
        assert b"errorlist" in bad.content
        exported = client.get(reverse("beneficiaries:subject_export_json", args=[subject.pk]))
        assert exported.status_code == 200
        assert exported["Content-Type"].startswith("application/json")
        assert json.loads(exported.content)["registration_number"] == subject.registration_number
        pdf = client.get(reverse("beneficiaries:subject_export_pdf", args=[subject.pk]))
        assert pdf.status_code == 200
        assert pdf.content.startswith(b"%PDF-")
        queue = client.get(reverse("beneficiaries:subject_request_queue"))
        assert queue.status_code == 200
    assert SubjectRequest.objects.filter(beneficiary=subject, kind="correction").count() == 2
    item = SubjectRequest.objects.filter(beneficiary=subject).first()
    assert item is not None
    answered = client_for(personas[Role.CENTRE_HEAD]).post(
        reverse("beneficiaries:subject_request_answer", args=[subject.pk, item.pk]),
        {"status": "completed", "outcome": "Birth place corrected"},
    )
    assert answered.status_code == 302
    item.refresh_from_db()
    assert item.status == "completed"


def test_a_restriction_in_force_is_shown_on_the_record(
    personas: dict[str, User], subject: Beneficiary, client_for: Callable[[User], Client]
) -> None:
    head = personas[Role.CENTRE_HEAD]
    item = subject_request_record(
        actor=head,
        beneficiary=subject,
        data=SubjectRequestInput(kind="restriction", requested_by="self", details="No photos in reports"),
    )
    page = client_for(personas[Role.INTAKE]).get(reverse("beneficiaries:detail", args=[subject.pk]))
    assert b'data-testid="restrictions"' not in page.content
    subject_request_answer(actor=head, request=item, status="completed", outcome="Agreed")
    page = client_for(personas[Role.INTAKE]).get(reverse("beneficiaries:detail", args=[subject.pk]))
    assert f'data-request="{item.pk}"'.encode() in page.content
    subject_request_answer(actor=head, request=item, status="lifted", outcome="Asked to lift it")
    page = client_for(personas[Role.INTAKE]).get(reverse("beneficiaries:detail", args=[subject.pk]))
    assert b'data-testid="restrictions"' not in page.content
