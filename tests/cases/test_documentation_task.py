"""A person registered without a NIK gets a "pursue documentation" task, closed when a NIK is recorded."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from sentra.beneficiaries.services import import_job_create, import_job_run
from sentra.beneficiaries.services.registration import (
    BeneficiaryInput,
    beneficiary_register,
    beneficiary_update,
)
from sentra.cases import services
from sentra.cases.models import Task, TaskKind, TaskStatus
from sentra.cases.services.documentation import DOCUMENTATION_DAYS, documentation_key
from sentra.core.models import AuditEvent
from tests.beneficiaries.factories import nik_for
from tests.cases.conftest import World

pytestmark = pytest.mark.django_db

BORN = datetime.date(1979, 3, 4)


def without_nik(**extra: object) -> BeneficiaryInput:
    values: dict[str, object] = {
        "full_name": "Paijo",
        "sex": "M",
        "intake_channel": "outreach",
        "no_nik_reason": "identity_unknown",
        "estimated_age": 45,
    }
    values.update(extra)
    return BeneficiaryInput(**values)  # type: ignore[arg-type]


def documentation_tasks(person_id: int) -> list[Task]:
    return list(Task.objects.filter(rule_key=documentation_key(person_id)))


def test_registering_without_a_nik_opens_the_task_for_the_registrar(world: World) -> None:
    person = beneficiary_register(actor=world.intake_a, sentra=world.a, data=without_nik())
    [task] = documentation_tasks(person.pk)
    assert (task.kind, task.status, task.beneficiary_id, task.case_id) == (
        TaskKind.DOCUMENTATION,
        TaskStatus.OPEN,
        person.pk,
        None,
    )
    assert task.sentra_id == world.a.pk
    assert task.assigned_to_id == world.intake_a.pk
    assert task.details == "identity_unknown"
    assert task.due_on == timezone.localdate() + datetime.timedelta(days=DOCUMENTATION_DAYS)
    assert AuditEvent.objects.filter(
        object_type="cases.task", object_id=str(task.pk), action="create"
    ).exists()


def test_registering_with_a_nik_opens_no_task(world: World) -> None:
    data = without_nik(no_nik_reason="", estimated_age=None, birth_date=BORN, nik=nik_for(BORN))
    person = beneficiary_register(actor=world.intake_a, sentra=world.a, data=data)
    assert documentation_tasks(person.pk) == []


def test_recording_the_nik_closes_the_task(world: World) -> None:
    person = beneficiary_register(actor=world.intake_a, sentra=world.a, data=without_nik())
    beneficiary_update(
        actor=world.cm_a,
        beneficiary=person,
        data=without_nik(no_nik_reason="", estimated_age=None, birth_date=BORN, nik=nik_for(BORN)),
    )
    [task] = documentation_tasks(person.pk)
    assert task.status == TaskStatus.DONE
    assert task.completed_by_id == world.cm_a.pk
    assert AuditEvent.objects.filter(
        object_type="cases.task", object_id=str(task.pk), action="update"
    ).exists()


def test_an_edit_that_keeps_no_nik_leaves_one_open_task(world: World) -> None:
    person = beneficiary_register(actor=world.intake_a, sentra=world.a, data=without_nik())
    beneficiary_update(actor=world.cm_a, beneficiary=person, data=without_nik(full_name="Paijo Sastro"))
    assert [task.status for task in documentation_tasks(person.pk)] == [TaskStatus.OPEN]


def test_the_task_cannot_be_ticked_off_while_the_nik_is_missing(world: World) -> None:
    person = beneficiary_register(actor=world.intake_a, sentra=world.a, data=without_nik())
    [task] = documentation_tasks(person.pk)
    with pytest.raises(ValidationError) as raised:
        services.task_complete(actor=world.intake_a, task=task)
    assert "__all__" in raised.value.message_dict
    task.refresh_from_db()
    assert task.status == TaskStatus.OPEN


def test_an_import_opens_one_task_per_person_without_a_nik(world: World) -> None:
    rows = [
        "full_name,sex,intake_channel,nik,no_nik_reason,birth_date",
        f"Budi Santoso,M,walk_in,{nik_for(BORN)},,{BORN.isoformat()}",
        "Mr. X,M,outreach,,identity_unknown,1980-01-01",
        "Ani,F,hotline,,documents_lost,1990-02-02",
    ]
    upload = SimpleUploadedFile("people.csv", io.BytesIO("\n".join(rows).encode()).getvalue())
    job = import_job_create(actor=world.intake_a, sentra=world.a, upload=upload)
    job = import_job_run(job_id=job.pk)
    assert job.created_count == 3
    tasks = Task.objects.filter(kind=TaskKind.DOCUMENTATION, sentra=world.a)
    assert sorted(t.beneficiary.full_name for t in tasks if t.beneficiary) == ["Ani", "Mr. X"]


def test_the_task_is_seen_by_the_centre_not_by_others(world: World) -> None:
    person = beneficiary_register(actor=world.intake_a, sentra=world.a, data=without_nik())
    [task] = documentation_tasks(person.pk)
    for user in (world.head_a, world.cm_a, world.intake_a, world.admin):
        assert Task.objects.visible_to(user).filter(pk=task.pk).exists(), user.username
    for user in (world.head_b, world.cm_b, world.prof_a, world.hr_a, world.analyst):
        assert not Task.objects.visible_to(user).filter(pk=task.pk).exists(), user.username
