"""Break-glass: a stated reason, a time limit, every read logged, and no access after expiry."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.utils import timezone

from sentra.core.models import AccessLogEntry, AuditEvent
from sentra.insights.models import BreakGlassGrant
from sentra.insights.services.breakglass import grant_create, grant_end
from tests.fixtures import sign_in
from tests.insights.factories import World

pytestmark = pytest.mark.django_db
REASON = "Investigating a reported death in custody at this centre (ticket 2026/114)"


def test_a_grant_opens_the_list_and_every_read_is_logged(world: World) -> None:
    client = sign_in(Client(), world.analyst)
    url = f"/dashboard/centres/{world.a.pk}/cases/"
    assert client.get(url).status_code == 404
    response = client.post("/dashboard/break-glass/", {"centre": world.a.pk, "reason": REASON, "hours": 2})
    assert response.status_code == 302
    grant = BreakGlassGrant.objects.get(user=world.analyst)
    assert grant.expires_at - grant.granted_at == datetime.timedelta(hours=2)
    assert AuditEvent.objects.filter(object_type="insights.breakglassgrant", object_id=str(grant.pk)).exists()
    page = client.get(url)
    assert page.status_code == 200
    assert 'data-testid="break-glass-banner"' in page.content.decode()
    entry = AccessLogEntry.objects.filter(actor=world.analyst, category="break_glass").latest("id")
    assert REASON in entry.purpose
    # Only the centre the grant names.
    assert client.get(f"/dashboard/centres/{world.b.pk}/cases/").status_code == 404


def test_the_grant_expires(world: World) -> None:
    grant = grant_create(actor=world.analyst, sentra=world.a, reason=REASON, hours=1)
    client = sign_in(Client(), world.analyst)
    url = f"/dashboard/centres/{world.a.pk}/cases/"
    assert client.get(url).status_code == 200
    BreakGlassGrant.objects.filter(pk=grant.pk).update(
        expires_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    assert client.get(url).status_code == 404
    assert client.get(f"/dashboard/centres/{world.a.pk}/cases.csv").status_code == 404


def test_ending_a_grant_early(world: World) -> None:
    grant = grant_create(actor=world.analyst, sentra=world.a, reason=REASON, hours=4)
    client = sign_in(Client(), world.head_a)  # the head of the centre may end it
    assert client.post(f"/dashboard/break-glass/{grant.pk}/end/").status_code == 302
    grant.refresh_from_db()
    assert grant.revoked_at is not None
    assert not grant.is_active
    analyst = sign_in(Client(), world.analyst)
    assert analyst.get(f"/dashboard/centres/{world.a.pk}/cases/").status_code == 404
    other_head = sign_in(Client(), world.head_b)
    assert other_head.post(f"/dashboard/break-glass/{grant.pk}/end/").status_code == 404


def test_a_reason_and_a_limit_are_required(world: World) -> None:
    with pytest.raises(ValidationError) as error:
        grant_create(actor=world.analyst, sentra=world.a, reason="because", hours=24)
    assert set(error.value.message_dict) == {"reason", "hours"}
    client = sign_in(Client(), world.analyst)
    response = client.post("/dashboard/break-glass/", {"centre": world.a.pk, "reason": "", "hours": "x"})
    assert response.status_code == 400
    assert 'aria-invalid="true"' in response.content.decode()
    assert not BreakGlassGrant.objects.exists()


def test_only_national_analysts_may_break_glass(world: World) -> None:
    with pytest.raises(PermissionDenied):
        grant_create(actor=world.head_a, sentra=world.a, reason=REASON, hours=1)
    assert sign_in(Client(), world.head_a).get("/dashboard/break-glass/").status_code == 403


def test_grant_end_twice_changes_nothing(world: World) -> None:
    grant = grant_create(actor=world.analyst, sentra=world.a, reason=REASON, hours=1)
    ended = grant_end(actor=world.analyst, grant=grant).revoked_at
    assert grant_end(actor=world.analyst, grant=grant).revoked_at == ended
