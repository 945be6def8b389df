"""Recording writes (audit log) and reads of sensitive data (access log).

Services call these inside their transaction, so an audit row exists exactly when the write does.
The page or endpoint and the client address come from the request being served (see
``RequestContextMiddleware``); background tasks record none.
"""

from __future__ import annotations

import datetime
import decimal
import uuid
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from django.db import models

from sentra.core.fields import EncryptedTextField
from sentra.core.models import AccessLogEntry, AuditAction, AuditEvent, User

REDACTED = "[redacted]"
ALWAYS_REDACTED = frozenset({"password", "token_hash", "totp_secret"})


@dataclass(frozen=True)
class RequestInfo:
    path: str = ""
    ip_address: str | None = None


NO_REQUEST = RequestInfo()
# RequestInfo is frozen, so sharing one default instance is safe.
current_request: ContextVar[RequestInfo] = ContextVar("sentra_current_request", default=NO_REQUEST)


def _jsonable(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, list | tuple):
        return [_jsonable(item) for item in value]
    if isinstance(value, dict):
        return {str(key): _jsonable(item) for key, item in value.items()}
    return str(value)


def snapshot(instance: models.Model) -> dict[str, Any]:
    """The instance's concrete field values, JSON-ready, with secrets redacted."""
    values: dict[str, Any] = {}
    for field in instance._meta.concrete_fields:
        value = getattr(instance, field.attname)
        if field.name in ALWAYS_REDACTED or isinstance(field, EncryptedTextField):
            values[field.name] = REDACTED if value else ""
        else:
            values[field.name] = _jsonable(value)
    return values


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    """``{field: [old, new]}`` for every field whose value changed."""
    return {
        name: [before.get(name), after.get(name)]
        for name in sorted(set(before) | set(after))
        if before.get(name) != after.get(name)
    }


def object_type_of(instance: models.Model) -> str:
    return instance._meta.label_lower


def record(
    *,
    actor: User | None,
    action: str,
    instance: models.Model | None = None,
    object_type: str = "",
    object_id: str = "",
    object_repr: str = "",
    sentra_id: int | None = None,
    changes: dict[str, Any] | None = None,
    actor_label: str | None = None,
) -> AuditEvent:
    if instance is not None:
        object_type = object_type or object_type_of(instance)
        object_id = object_id or str(instance.pk)
        object_repr = object_repr or str(instance)[:200]
    request = current_request.get()
    return AuditEvent.objects.create(
        actor=actor,
        # A person is named by their username; a system actor (actor=None) by its label, e.g. "demo".
        actor_label=actor.username if actor is not None else (actor_label or ""),
        action=action,
        object_type=object_type,
        object_id=object_id,
        object_repr=object_repr[:200],
        sentra_id=sentra_id,
        changes=changes or {},
        ip_address=request.ip_address,
        path=request.path[:300],
    )


def _bookkeeping_fields(instance: models.Model) -> set[str]:
    """Fields Django refreshes on every save (``auto_now``): not news in an audit diff."""
    return {field.name for field in instance._meta.concrete_fields if getattr(field, "auto_now", False)}


def record_create(
    *,
    actor: User | None,
    instance: models.Model,
    sentra_id: int | None = None,
    actor_label: str | None = None,
) -> AuditEvent:
    after = snapshot(instance)
    changes = {name: [None, value] for name, value in after.items() if value not in (None, "")}
    return record(
        actor=actor,
        action=AuditAction.CREATE,
        instance=instance,
        sentra_id=sentra_id,
        changes=changes,
        actor_label=actor_label,
    )


def record_update(
    *,
    actor: User | None,
    instance: models.Model,
    before: dict[str, Any],
    sentra_id: int | None = None,
    actor_label: str | None = None,
) -> AuditEvent | None:
    """Records an update when something changed; returns None when nothing did."""
    changes = diff(before, snapshot(instance))
    for name in _bookkeeping_fields(instance):
        changes.pop(name, None)
    if not changes:
        return None
    return record(
        actor=actor,
        action=AuditAction.UPDATE,
        instance=instance,
        sentra_id=sentra_id,
        changes=changes,
        actor_label=actor_label,
    )


def record_delete(
    *,
    actor: User | None,
    instance: models.Model,
    sentra_id: int | None = None,
    actor_label: str | None = None,
) -> AuditEvent:
    before = snapshot(instance)
    changes = {name: [value, None] for name, value in before.items() if value not in (None, "")}
    return record(
        actor=actor,
        action=AuditAction.DELETE,
        instance=instance,
        sentra_id=sentra_id,
        changes=changes,
        actor_label=actor_label,
    )


def record_access(
    *,
    actor: User,
    instance: models.Model,
    category: str,
    purpose: str = "",
    sentra_id: int | None = None,
) -> AccessLogEntry:
    """Log a read of sensitive personal data (UU PDP: who processed what, when and why)."""
    request = current_request.get()
    return AccessLogEntry.objects.create(
        actor=actor,
        actor_label=actor.username,
        object_type=object_type_of(instance),
        object_id=str(instance.pk),
        object_repr=str(instance)[:200],
        sentra_id=sentra_id,
        category=category,
        purpose=purpose[:200],
        path=request.path[:300],
        ip_address=request.ip_address,
    )
