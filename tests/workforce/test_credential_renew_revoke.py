"""Renewing or revoking a credential, from the page and the API: managers of the centre only, audited,
and the expiry alerts follow (open alerts about the old date, or of a revoked credential, settle)."""

from __future__ import annotations

import datetime
from collections.abc import Callable

import pytest
from django.test import Client
from django.utils import timezone

from sentra.core.models import AuditAction, AuditEvent, Role, User
from sentra.network.models import Sentra
from sentra.workforce import services
from sentra.workforce.models import Credential, CredentialAlert, CredentialKind
from tests.workforce.factories import add_credential, make_staff

pytestmark = pytest.mark.django_db


def _audited(credential: Credential) -> int:
    return AuditEvent.objects.filter(
        object_type="workforce.credential", object_id=str(credential.pk), action=AuditAction.UPDATE
    ).count()


def test_renewing_on_the_page_moves_the_date_and_settles_the_old_alerts(
    centre_a: Sentra, centre_b: Sentra, make_user: Callable[..., User], client_for: Callable[[User], Client]
) -> None:
    head = make_user(role=Role.CENTRE_HEAD, centres=(centre_a,))
    hr_b = make_user(role=Role.HR, centres=(centre_b,))
    colleague = make_user(role=Role.PROFESSIONAL, centres=(centre_a,))
    staff = make_staff(centre_a, profession="psikolog")
    licence = add_credential(staff, CredentialKind.OTHER, name="SIPP", expires_in=20)
    services.send_credential_alerts()
    assert CredentialAlert.objects.filter(credential=licence, read_at__isnull=True).exists()
    new_date = (timezone.localdate() + datetime.timedelta(days=900)).isoformat()
    url = f"/workforce/credentials/{licence.pk}/renew/"
    assert client_for(hr_b).post(url, {"expires_on": new_date}).status_code == 404
    assert client_for(colleague).post(url, {"expires_on": new_date}).status_code in (403, 404)
    earlier = (timezone.localdate() + datetime.timedelta(days=5)).isoformat()
    refused = client_for(head).post(url, {"expires_on": earlier})
    assert refused.status_code == 400
    assert 'aria-invalid="true"' in refused.content.decode()
    assert client_for(head).post(url, {"expires_on": new_date}).status_code == 302
    licence.refresh_from_db()
    assert licence.expires_on.isoformat() == new_date
    assert _audited(licence) == 1
    assert not CredentialAlert.objects.filter(credential=licence, read_at__isnull=True).exists()
    # The new date is far away: no new alert yet.
    assert services.send_credential_alerts() == 0


def test_revoking_through_the_api(
    centre_a: Sentra, centre_b: Sentra, make_user: Callable[..., User], client_for: Callable[[User], Client]
) -> None:
    hr = make_user(role=Role.HR, centres=(centre_a,))
    hr_b = make_user(role=Role.HR, centres=(centre_b,))
    analyst = make_user(role=Role.NATIONAL_ANALYST)
    staff = make_staff(centre_a, profession="psikolog")
    licence = add_credential(staff, CredentialKind.OTHER, name="SIPP", expires_in=20)
    services.send_credential_alerts()
    url = f"/api/v1/workforce/credentials/{licence.pk}/revoke"
    today = timezone.localdate().isoformat()
    assert client_for(hr_b).post(url, {"on": today}, content_type="application/json").status_code == 404
    assert client_for(analyst).post(url, {"on": today}, content_type="application/json").status_code in (
        403,
        404,
    )
    future = (timezone.localdate() + datetime.timedelta(days=3)).isoformat()
    assert client_for(hr).post(url, {"on": future}, content_type="application/json").status_code in (400, 422)
    response = client_for(hr).post(url, {"on": today}, content_type="application/json")
    assert (response.status_code, response.json()["revoked_on"]) == (200, today)
    assert _audited(licence) == 1
    assert not CredentialAlert.objects.filter(credential=licence, read_at__isnull=True).exists()
    # Revoked: no more alerts, no second revocation, no renewal.
    assert services.send_credential_alerts(today=timezone.localdate() + datetime.timedelta(days=15)) == 0
    assert client_for(hr).post(url, {"on": today}, content_type="application/json").status_code in (400, 422)
    renew = f"/api/v1/workforce/credentials/{licence.pk}/renew"
    later = (timezone.localdate() + datetime.timedelta(days=900)).isoformat()
    assert client_for(hr).post(renew, {"expires_on": later}, content_type="application/json").status_code in (
        400,
        422,
    )
