"""Centre heads browse their centre's audit log; administrators browse everything; others nothing."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from sentra.core import audit
from sentra.core.models import AuditAction, Role, User
from sentra.network.models import Sentra

pytestmark = pytest.mark.django_db


@pytest.fixture
def events(make_user: Callable[..., User], centre_a: Sentra, centre_b: Sentra) -> dict[str, int]:
    actor = make_user(username="pencatat")
    in_a = audit.record(
        actor=actor,
        action=AuditAction.UPDATE,
        object_type="network.sentra",
        object_id=str(centre_a.pk),
        object_repr="Sentra A",
        sentra_id=centre_a.pk,
        changes={"phone": ["1", "2"]},
    )
    in_b = audit.record(
        actor=actor,
        action=AuditAction.UPDATE,
        object_type="network.sentra",
        object_id=str(centre_b.pk),
        object_repr="Sentra B",
        sentra_id=centre_b.pk,
    )
    return {"a": in_a.pk, "b": in_b.pk}


def test_centre_head_sees_own_centre_only(client_for, make_user, centre_a, events) -> None:
    head = make_user(role=Role.CENTRE_HEAD, centres=(centre_a,))
    client: Client = client_for(head)
    page = client.get(reverse("core:audit_list")).content.decode()
    assert "Sentra A" in page
    assert "Sentra B" not in page
    assert client.get(reverse("core:audit_detail", args=[events["a"]])).status_code == 200
    assert client.get(reverse("core:audit_detail", args=[events["b"]])).status_code == 404
    assert client.get(reverse("core:audit_detail", args=[999999])).status_code == 404


def test_administrator_sees_all_and_can_filter(client_for, make_user, events) -> None:
    client: Client = client_for(make_user(role=Role.SYSADMIN))
    page = client.get(reverse("core:audit_list")).content.decode()
    assert "Sentra A" in page
    assert "Sentra B" in page
    filtered = client.get(reverse("core:audit_list"), {"object_id": "nothing-like-this"}).content.decode()
    assert "Sentra A" not in filtered


def test_htmx_filter_returns_only_the_rows(client_for, make_user, events) -> None:
    client: Client = client_for(make_user(role=Role.SYSADMIN))
    response = client.get(reverse("core:audit_list"), {"actor": "pencatat"}, HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert "<html" not in body
    assert 'data-testid="audit-table"' in body


def test_bad_filter_dates_are_reported(client_for, make_user, events) -> None:
    client: Client = client_for(make_user(role=Role.SYSADMIN))
    response = client.get(reverse("core:audit_list"), {"date_from": "2026-05-02", "date_to": "2026-05-01"})
    assert response.status_code == 200
    assert "tidak boleh sebelum" in response.content.decode()


@pytest.mark.parametrize(
    "role", [Role.CASE_MANAGER, Role.PROFESSIONAL, Role.INTAKE, Role.HR, Role.NATIONAL_ANALYST]
)
def test_other_roles_cannot_browse_the_audit_log(client_for, make_user, centre_a, events, role) -> None:
    client: Client = client_for(make_user(role=role, centres=(centre_a,)))
    assert client.get(reverse("core:audit_list")).status_code == 403
    assert client.get(reverse("core:access_list")).status_code == 403
    assert client.get(reverse("core:audit_detail", args=[events["a"]])).status_code == 404
    assert client.get("/api/v1/audit-events").status_code == 403


def test_audit_list_query_count_does_not_grow_with_rows(
    client_for, make_user, centre_a, django_assert_max_num_queries
) -> None:
    actor = make_user()
    for number in range(30):
        audit.record(
            actor=actor,
            action=AuditAction.UPDATE,
            object_type="t",
            object_id=str(number),
            sentra_id=centre_a.pk,
        )
    client: Client = client_for(make_user(role=Role.SYSADMIN))
    with django_assert_max_num_queries(12):
        assert client.get(reverse("core:audit_list")).status_code == 200


def test_unlocking_a_staff_account_shows_in_the_heads_audit_log(client_for, make_user, centre_a) -> None:
    import datetime

    from django.utils import timezone

    head = make_user(role=Role.CENTRE_HEAD, centres=(centre_a,))
    staff = make_user(role=Role.INTAKE, centres=(centre_a,))
    User.objects.filter(pk=staff.pk).update(locked_until=timezone.now() + datetime.timedelta(minutes=5))
    client: Client = client_for(head)
    assert client.post(reverse("network:user_unlock", args=[staff.pk])).status_code == 302
    listed = client.get(reverse("core:audit_list"), {"object_type": "core.user", "object_id": str(staff.pk)})
    events = list(listed.context["page"])
    assert [event.changes.get("locked_until", [None])[1] for event in events] == [None]
    assert events[0].sentra_id == centre_a.pk
