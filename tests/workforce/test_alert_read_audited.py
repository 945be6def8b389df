"""Marking a credential alert read is a write: only the recipient may, and it is audited once."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client

from sentra.core.models import AuditAction, AuditEvent, Role, User
from sentra.network.models import Sentra
from sentra.workforce import services
from sentra.workforce.models import CredentialAlert, CredentialKind
from tests.workforce.factories import add_credential, make_staff

pytestmark = pytest.mark.django_db


def test_marking_read_is_audited_once_and_only_by_the_recipient(
    centre_a: Sentra, make_user: Callable[..., User], client_for: Callable[[User], Client]
) -> None:
    head = make_user(role=Role.CENTRE_HEAD, centres=(centre_a,))
    hr = make_user(role=Role.HR, centres=(centre_a,))
    staff = make_staff(centre_a, profession="psikolog")
    add_credential(staff, CredentialKind.OTHER, name="SIPP", expires_in=10)
    services.send_credential_alerts()
    alert = CredentialAlert.objects.get(recipient=head)
    with pytest.raises(PermissionDenied):
        services.alert_mark_read(actor=hr, alert=alert)
    events = AuditEvent.objects.filter(
        object_type="workforce.credentialalert", object_id=str(alert.pk), action=AuditAction.UPDATE
    )
    assert not events.exists()
    assert client_for(head).post(f"/workforce/alerts/{alert.pk}/read/").status_code == 302
    alert.refresh_from_db()
    assert alert.read_at is not None
    event = events.get()
    assert event.actor_id == head.pk
    assert "read_at" in event.changes
    # Reading it again changes nothing and writes nothing.
    services.alert_mark_read(actor=head, alert=alert)
    assert events.count() == 1
