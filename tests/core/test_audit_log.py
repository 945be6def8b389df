"""Every write leaves an append-only audit row with old and new values."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.db import DatabaseError, connection, transaction

from sentra.core import audit, services
from sentra.core.models import AccessLogEntry, AuditAction, AuditEvent, Role, User

pytestmark = pytest.mark.django_db


def test_user_update_records_old_and_new_values(make_user: Callable[..., User]) -> None:
    admin = make_user(role=Role.SYSADMIN)
    user = make_user(role=Role.INTAKE, first_name="Siti")
    services.user_update(
        actor=admin,
        user=user,
        role=Role.CASE_MANAGER,
        first_name="Sitti",
        last_name=user.last_name,
        email="",
        profession="",
    )
    event = AuditEvent.objects.filter(action=AuditAction.UPDATE, object_id=str(user.pk)).get()
    assert event.actor == admin
    assert event.changes["role"] == ["intake", "case_manager"]
    assert event.changes["first_name"] == ["Siti", "Sitti"]
    assert "password" not in event.changes


def test_creation_is_audited_with_secrets_redacted(make_user: Callable[..., User]) -> None:
    admin = make_user(role=Role.SYSADMIN)
    user = services.user_create(actor=admin, username="baru", password="a-very-long-password-1", role=Role.HR)
    event = AuditEvent.objects.get(action=AuditAction.CREATE, object_id=str(user.pk))
    assert event.changes["password"] == [None, audit.REDACTED]
    assert event.changes["role"] == [None, "hr"]


def test_nothing_changed_records_nothing(make_user: Callable[..., User]) -> None:
    user = make_user()
    before = audit.snapshot(user)
    assert audit.record_update(actor=user, instance=user, before=before) is None


def test_audit_rows_cannot_be_changed_or_deleted(make_user: Callable[..., User]) -> None:
    user = make_user()
    event = audit.record(actor=user, action=AuditAction.UPDATE, instance=user, changes={"x": [1, 2]})
    event.changes = {}
    with pytest.raises(PermissionError):
        event.save()
    with pytest.raises(PermissionError):
        event.delete()
    with pytest.raises(PermissionError):
        AuditEvent.objects.filter(pk=event.pk).update(action="delete")
    with pytest.raises(PermissionError):
        AuditEvent.objects.all().delete()
    entry = audit.record_access(actor=user, instance=user, category="test")
    with pytest.raises(PermissionError):
        AccessLogEntry.objects.filter(pk=entry.pk).delete()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger exists on PostgreSQL")
def test_database_refuses_updates_to_audit_rows(make_user: Callable[..., User]) -> None:
    user = make_user()
    event = audit.record(actor=user, action=AuditAction.UPDATE, instance=user)
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("UPDATE core_auditevent SET action = 'delete' WHERE id = %s", [event.pk])


def test_request_path_and_address_are_recorded(client, make_user: Callable[..., User]) -> None:
    from tests.factories import PASSWORD

    user = make_user()
    client.post("/login/", {"username": user.username, "password": PASSWORD}, REMOTE_ADDR="10.1.2.3")
    event = AuditEvent.objects.get(action=AuditAction.LOGIN, actor=user)
    assert event.path == "/login/"
    assert event.ip_address == "10.1.2.3"


def test_system_actors_are_named_by_their_label() -> None:
    user = services.user_create(
        actor=None, username="dari-demo", password="a-very-long-password-1", role=Role.HR, actor_label="demo"
    )
    event = AuditEvent.objects.get(action=AuditAction.CREATE, object_id=str(user.pk))
    assert event.actor is None
    assert event.actor_label == "demo"


def test_bookkeeping_timestamps_are_not_reported_as_changes(centre_a) -> None:
    before = audit.snapshot(centre_a)
    centre_a.save()
    assert audit.record_update(actor=None, instance=centre_a, before=before) is None
