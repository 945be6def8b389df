"""Account administration: scoped lists, 404 for others' accounts, what a centre head may grant."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from sentra.core.models import AuditAction, AuditEvent, Role, User
from sentra.network import services
from sentra.network.models import Membership
from tests.network.factories import client_for, make_user

pytestmark = pytest.mark.django_db

LIST = reverse("network:user_list")
CREATE = reverse("network:user_create")
NEW_PASSWORD = "tenang-sekali-2026"


def new_account(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "username": "peksos.baru",
        "first_name": "Nur",
        "last_name": "Aini",
        "email": "nur@example.org",
        "role": Role.CASE_MANAGER,
        "profession": "",
        "centres": [],
        "password1": NEW_PASSWORD,
        "password2": NEW_PASSWORD,
    }
    data.update(overrides)
    return data


def edit_data(account: User, **overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "first_name": account.first_name,
        "last_name": account.last_name,
        "email": account.email,
        "role": account.role,
        "profession": account.profession,
        "is_active": "on",
        "centres": [m.sentra_id for m in account.memberships.all()],
    }
    data.update(overrides)
    return data


@pytest.fixture
def staff(bekasi, handayani) -> dict[str, User]:
    return {
        "head_bekasi": make_user(role=Role.CENTRE_HEAD, centres=[bekasi], username="kepala.bekasi"),
        "hr_bekasi": make_user(role=Role.HR, centres=[bekasi], username="sdm.bekasi"),
        "worker_bekasi": make_user(role=Role.CASE_MANAGER, centres=[bekasi], username="peksos.bekasi"),
        "worker_handayani": make_user(
            role=Role.CASE_MANAGER, centres=[handayani], username="peksos.handayani"
        ),
        "head_handayani": make_user(role=Role.CENTRE_HEAD, centres=[handayani], username="kepala.handayani"),
        "admin": make_user(role=Role.SYSADMIN, username="admin"),
        "analyst": make_user(role=Role.NATIONAL_ANALYST, username="analis.nasional"),
    }


def usernames(client) -> set[str]:
    response = client.get(LIST)
    assert response.status_code == 200
    return {account.username for account in response.context["page"]}


# --- seeing ---------------------------------------------------------------------------------------------


def test_an_administrator_sees_every_account(staff) -> None:
    assert usernames(client_for(staff["admin"])) == {user.username for user in staff.values()}


@pytest.mark.parametrize("viewer", ["head_bekasi", "hr_bekasi"])
def test_head_and_hr_see_their_centres_people_only(staff, viewer) -> None:
    assert usernames(client_for(staff[viewer])) == {"kepala.bekasi", "sdm.bekasi", "peksos.bekasi"}


@pytest.mark.parametrize("viewer", ["worker_bekasi", "analyst"])
def test_other_roles_may_not_browse_accounts_and_get_404_for_others(staff, viewer) -> None:
    client = client_for(staff[viewer])
    assert client.get(LIST).status_code == 403
    assert client.get(reverse("network:user_detail", args=[staff["hr_bekasi"].pk])).status_code == 404
    assert client.get(reverse("network:user_edit", args=[staff["hr_bekasi"].pk])).status_code == 404
    own = client.get(reverse("network:user_detail", args=[staff[viewer].pk]))
    assert own.status_code == 200  # everyone may look at their own account
    assert reverse("network:user_edit", args=[staff[viewer].pk]) not in own.content.decode()


def test_another_centres_account_is_404(staff) -> None:
    client = client_for(staff["head_bekasi"])
    assert client.get(reverse("network:user_detail", args=[staff["worker_handayani"].pk])).status_code == 404
    assert client.get(reverse("network:user_edit", args=[staff["worker_handayani"].pk])).status_code == 404
    assert client.post(reverse("network:user_unlock", args=[staff["worker_handayani"].pk])).status_code == 404
    assert client.get(reverse("network:user_detail", args=[987654])).status_code == 404
    assert client.get(reverse("network:user_detail", args=[staff["worker_bekasi"].pk])).status_code == 200


def test_the_list_filters_and_answers_htmx_with_rows_only(staff, handayani) -> None:
    client = client_for(staff["admin"])
    assert {a.username for a in client.get(LIST, {"role": Role.CENTRE_HEAD}).context["page"]} == {
        "kepala.bekasi",
        "kepala.handayani",
    }
    assert {a.username for a in client.get(LIST, {"centre": handayani.pk}).context["page"]} == {
        "peksos.handayani",
        "kepala.handayani",
    }
    assert {a.username for a in client.get(LIST, {"q": "sdm"}).context["page"]} == {"sdm.bekasi"}
    body = client.get(LIST, {"q": "peksos"}, HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in body
    assert 'data-testid="user-table"' in body


def test_the_list_does_not_query_per_account(bekasi, handayani, django_assert_max_num_queries) -> None:
    for number in range(25):
        make_user(role=Role.CASE_MANAGER, centres=[bekasi, handayani], username=f"staf{number}")
    client = client_for(make_user(role=Role.SYSADMIN))
    with django_assert_max_num_queries(10):
        body = client.get(LIST).content.decode()
    assert "Sentra Handayani Jakarta" in body


# --- creating ------------------------------------------------------------------------------------------


def test_a_centre_head_creates_staff_in_their_centre(staff, bekasi) -> None:
    client = client_for(staff["head_bekasi"])
    response = client.post(CREATE, new_account(centres=[bekasi.pk]))
    account = User.objects.get(username="peksos.baru")
    assert response.status_code == 302
    assert account.role == Role.CASE_MANAGER
    assert account.check_password(NEW_PASSWORD)
    assert list(account.memberships.values_list("sentra_id", flat=True)) == [bekasi.pk]
    membership_event = AuditEvent.objects.get(object_type="network.membership", action=AuditAction.CREATE)
    assert membership_event.sentra_id == bekasi.pk
    assert membership_event.actor_label == "kepala.bekasi"
    assert AuditEvent.objects.filter(object_type="core.user", object_id=str(account.pk)).exists()


@pytest.mark.parametrize("role", [Role.SYSADMIN, Role.NATIONAL_ANALYST, Role.CENTRE_HEAD])
def test_a_centre_head_cannot_grant_senior_roles(staff, bekasi, role) -> None:
    client = client_for(staff["head_bekasi"])
    response = client.post(CREATE, new_account(role=role, centres=[bekasi.pk]))
    body = response.content.decode()
    assert response.status_code == 200
    assert 'data-field="role"' in body
    assert "Your role may not give the role" in body
    assert "Roles you may give: Social worker (case manager), Other professional" in body
    assert not User.objects.filter(username="peksos.baru").exists()


def test_the_role_list_offers_a_centre_head_only_staff_roles(staff) -> None:
    body = client_for(staff["head_bekasi"]).get(CREATE).content.decode()
    assert 'value="case_manager"' in body
    assert 'value="sysadmin"' not in body
    assert 'value="centre_head"' not in body


def test_a_centre_head_cannot_put_accounts_in_another_centre(staff, handayani) -> None:
    response = client_for(staff["head_bekasi"]).post(CREATE, new_account(centres=[handayani.pk]))
    body = response.content.decode()
    assert 'data-field="centres"' in body
    assert "only to the centres you belong to" in body
    assert not User.objects.filter(username="peksos.baru").exists()
    assert not AuditEvent.objects.filter(object_type="network.membership").exists()


@pytest.mark.parametrize(
    ("field", "overrides", "message"),
    [
        ("centres", {"role": Role.INTAKE}, "works in a centre: choose at least one"),
        ("password2", {"password2": "something-else-1"}, "The two passwords differ."),
        ("password1", {"password1": "12345", "password2": "12345"}, "too short"),
        ("username", {"username": "kepala.bekasi"}, "already exists"),
        (
            "profession",
            {"role": Role.PROFESSIONAL, "with_centre": True},
            "A professional needs a profession.",
        ),
        (
            "centres",
            {"centres": [987654]},
            "Select a valid choice. 987654 is not one of the available choices.",
        ),
        ("role", {"role": "emperor"}, "Select a valid choice."),
    ],
)
def test_bad_account_input_names_the_field(staff, bekasi, field, overrides, message) -> None:
    if overrides.pop("with_centre", False):
        overrides["centres"] = [bekasi.pk]
    response = client_for(staff["admin"]).post(CREATE, new_account(**overrides))
    body = response.content.decode()
    assert response.status_code == 200
    assert f'data-field="{field}"' in body
    assert message in body
    assert not User.objects.filter(username="peksos.baru").exists()


def test_an_administrator_creates_national_accounts_without_a_centre(staff, bekasi) -> None:
    client = client_for(staff["admin"])
    response = client.post(CREATE, new_account(username="analis.dua", role=Role.NATIONAL_ANALYST))
    assert response.status_code == 302
    refused = client.post(
        CREATE, new_account(username="analis.tiga", role=Role.NATIONAL_ANALYST, centres=[bekasi.pk])
    )
    assert "works nationally: leave the centres empty" in refused.content.decode()


@pytest.mark.parametrize("viewer", ["hr_bekasi", "worker_bekasi", "analyst"])
def test_hr_and_others_may_not_create_accounts(staff, bekasi, viewer) -> None:
    client = client_for(staff[viewer])
    assert client.get(CREATE).status_code == 403
    assert client.post(CREATE, new_account(centres=[bekasi.pk])).status_code == 403


# --- editing -------------------------------------------------------------------------------------------


def test_a_centre_head_edits_their_staff(staff) -> None:
    worker = staff["worker_bekasi"]
    client = client_for(staff["head_bekasi"])
    response = client.post(
        reverse("network:user_edit", args=[worker.pk]), edit_data(worker, role=Role.INTAKE, last_name="Baru")
    )
    assert response.status_code == 302
    worker.refresh_from_db()
    assert (worker.role, worker.last_name) == (Role.INTAKE, "Baru")
    event = AuditEvent.objects.get(object_type="core.user", action=AuditAction.UPDATE)
    assert event.changes["role"] == [Role.CASE_MANAGER, Role.INTAKE]


def test_a_centre_head_cannot_promote_staff_to_head(staff) -> None:
    worker = staff["worker_bekasi"]
    response = client_for(staff["head_bekasi"]).post(
        reverse("network:user_edit", args=[worker.pk]), edit_data(worker, role=Role.CENTRE_HEAD)
    )
    assert 'data-field="role"' in response.content.decode()
    worker.refresh_from_db()
    assert worker.role == Role.CASE_MANAGER


@pytest.mark.parametrize("target", ["head_bekasi", "admin"])
def test_a_centre_head_may_not_edit_themselves_or_senior_accounts(staff, bekasi, target) -> None:
    account = staff[target]
    if target == "admin":
        Membership.objects.create(user=account, sentra=bekasi)
    client = client_for(staff["head_bekasi"])
    assert client.get(reverse("network:user_edit", args=[account.pk])).status_code == 403


def test_hr_may_look_but_not_edit(staff) -> None:
    client = client_for(staff["hr_bekasi"])
    worker = staff["worker_bekasi"]
    assert client.get(reverse("network:user_detail", args=[worker.pk])).status_code == 200
    assert client.get(reverse("network:user_edit", args=[worker.pk])).status_code == 403
    assert client.post(reverse("network:user_unlock", args=[worker.pk])).status_code == 403


def test_a_centre_head_keeps_memberships_in_centres_they_do_not_lead(staff, bekasi, handayani) -> None:
    shared = make_user(role=Role.PROFESSIONAL, centres=[bekasi, handayani], username="psikolog.bersama")
    client = client_for(staff["head_bekasi"])
    page = client.get(reverse("network:user_edit", args=[shared.pk])).content.decode()
    assert "Sentra Handayani Jakarta" not in page  # only the head's centres are offered
    response = client.post(reverse("network:user_edit", args=[shared.pk]), edit_data(shared, centres=[]))
    assert response.status_code == 302
    assert list(shared.memberships.values_list("sentra_id", flat=True)) == [handayani.pk]
    removed = AuditEvent.objects.get(object_type="network.membership", action=AuditAction.DELETE)
    assert removed.sentra_id == bekasi.pk


def test_an_administrator_cannot_demote_or_deactivate_themselves(staff) -> None:
    admin = staff["admin"]
    client = client_for(admin)
    response = client.post(
        reverse("network:user_edit", args=[admin.pk]), edit_data(admin, role=Role.HR, is_active="")
    )
    body = response.content.decode()
    assert "You cannot change the role of your own account" in body
    assert "You cannot deactivate your own account." in body
    admin.refresh_from_db()
    assert admin.role == Role.SYSADMIN
    assert admin.is_active


# --- unlock and two-factor reset ------------------------------------------------------------------------


def test_a_centre_head_unlocks_a_locked_colleague(staff) -> None:
    worker = staff["worker_bekasi"]
    User.objects.filter(pk=worker.pk).update(
        failed_login_count=3, locked_until=timezone.now() + datetime.timedelta(minutes=10)
    )
    client = client_for(staff["head_bekasi"])
    detail = client.get(reverse("network:user_detail", args=[worker.pk])).content.decode()
    assert 'data-testid="locked"' in detail
    assert client.get(reverse("network:user_unlock", args=[worker.pk])).status_code == 405
    response = client.post(reverse("network:user_unlock", args=[worker.pk]))
    assert response.status_code == 302
    worker.refresh_from_db()
    assert worker.locked_until is None
    assert worker.failed_login_count == 0
    assert AuditEvent.objects.filter(
        object_type="core.user", object_id=str(worker.pk), action=AuditAction.UPDATE
    ).exists()


def test_an_administrator_resets_a_lost_authenticator(staff) -> None:
    head = staff["head_handayani"]
    assert head.has_two_factor
    client = client_for(staff["admin"])
    assert (
        'data-testid="reset-2fa"'
        in client.get(reverse("network:user_detail", args=[head.pk])).content.decode()
    )
    response = client.post(reverse("network:user_reset_two_factor", args=[head.pk]))
    assert response.status_code == 302
    head.refresh_from_db()
    assert not head.has_two_factor
    assert AuditEvent.objects.filter(action=AuditAction.TWO_FACTOR, object_id=str(head.pk)).exists()


def test_a_centre_head_cannot_reset_a_peers_second_factor(staff, bekasi) -> None:
    peer = make_user(role=Role.CENTRE_HEAD, centres=[bekasi], username="wakil.kepala")
    response = client_for(staff["head_bekasi"]).post(reverse("network:user_reset_two_factor", args=[peer.pk]))
    assert response.status_code == 403
    peer.refresh_from_db()
    assert peer.has_two_factor


# --- the membership service ----------------------------------------------------------------------------


def test_membership_set_is_audited_per_centre(staff, bekasi, handayani) -> None:
    worker = staff["worker_bekasi"]
    added, removed = services.membership_set(actor=staff["admin"], user=worker, sentra_ids=[handayani.pk])
    assert (added, removed) == (1, 1)
    events = AuditEvent.objects.filter(object_type="network.membership")
    assert sorted(events.values_list("action", "sentra_id")) == sorted(
        [(AuditAction.CREATE, handayani.pk), (AuditAction.DELETE, bekasi.pk)]
    )
    assert services.membership_set(actor=staff["admin"], user=worker, sentra_ids=[handayani.pk]) == (0, 0)


def test_membership_set_refuses_unknown_and_foreign_centres(staff, handayani) -> None:
    worker = staff["worker_bekasi"]
    with pytest.raises(ValidationError) as unknown:
        services.membership_set(actor=staff["admin"], user=worker, sentra_ids=[987654])
    assert "centres" in unknown.value.message_dict
    with pytest.raises(ValidationError) as foreign:
        services.membership_set(actor=staff["head_bekasi"], user=worker, sentra_ids=[handayani.pk])
    assert "centres" in foreign.value.message_dict
    assert not AuditEvent.objects.filter(object_type="network.membership").exists()
