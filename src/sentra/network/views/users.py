"""Account administration: accounts belong to centres through memberships.

Administrators manage every account; centre heads the staff accounts of their own centres; HR staff
may look but not change. Others get 403 on the list and 404 on any account they may not see.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sentra.core.http import AuthenticatedHttpRequest
from sentra.core.models import User
from sentra.network import rules, selectors, services
from sentra.network.forms import AccountForm, UserFilterForm, apply_service_errors
from sentra.network.views.common import is_htmx, page_of

RENAMES = {"password": "password1"}


@login_required
@require_GET
def user_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    form = UserFilterForm(request.GET or None, centres=selectors.filter_centres(user=user))
    filters = selectors.UserFilters()
    if form.is_valid():
        filters = selectors.UserFilters(**form.cleaned_data)
    accounts = selectors.user_list(user=user, filters=filters)
    context = {
        "form": form,
        "page": page_of(request, accounts),
        "can_create": rules.may_administer_accounts(user.role),
    }
    template = "network/_user_rows.html" if is_htmx(request) else "network/user_list.html"
    return render(request, template, context)


@login_required
@require_GET
def user_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    account = selectors.user_get(user=request.user, pk=pk)
    context = {"account": account, "can_manage": services.may_manage(request.user, account)}
    return render(request, "network/user_detail.html", context)


def _form(request: AuthenticatedHttpRequest, *, creating: bool, account: User | None = None) -> AccountForm:
    actor = request.user
    initial = {}
    if account is not None:
        initial = {
            "username": account.username,
            "first_name": account.first_name,
            "last_name": account.last_name,
            "email": account.email,
            "role": account.role,
            "profession": account.profession,
            "centres": [membership.sentra_id for membership in account.memberships.all()],
            "is_active": account.is_active,
        }
    return AccountForm(
        request.POST if request.method == "POST" else None,
        initial=initial,
        grantable_roles=rules.roles_grantable_by(actor.role),
        centres=selectors.assignable_centres(user=actor),
        all_centre_ids=selectors.centre_ids(),
        creating=creating,
    )


@login_required
@require_http_methods(["GET", "POST"])
def user_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    actor = request.user
    if not rules.may_administer_accounts(actor.role):
        raise PermissionDenied
    form = _form(request, creating=True)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            account = services.account_create(
                actor=actor,
                username=data["username"],
                password=data["password1"],
                role=data["role"],
                sentra_ids=data["centres"],
                first_name=data["first_name"],
                last_name=data["last_name"],
                email=data["email"],
                profession=data["profession"],
            )
        except ValidationError as exc:
            apply_service_errors(form, exc, RENAMES)
        else:
            messages.success(
                request, _("The account '{username}' is created.").format(username=account.username)
            )
            return redirect("network:user_detail", pk=account.pk)
    return render(request, "network/user_form.html", {"form": form, "account": None})


@login_required
@require_http_methods(["GET", "POST"])
def user_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    actor = request.user
    account = selectors.user_get(user=actor, pk=pk)
    if not services.may_manage(actor, account):
        raise PermissionDenied
    form = _form(request, creating=False, account=account)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.account_update(
                actor=actor,
                user=account,
                role=data["role"],
                sentra_ids=data["centres"],
                first_name=data["first_name"],
                last_name=data["last_name"],
                email=data["email"],
                profession=data["profession"],
                is_active=data["is_active"],
            )
        except ValidationError as exc:
            apply_service_errors(form, exc, RENAMES)
        else:
            messages.success(
                request, _("The account '{username}' is saved.").format(username=account.username)
            )
            return redirect("network:user_detail", pk=account.pk)
    return render(request, "network/user_form.html", {"form": form, "account": account})


@login_required
@require_POST
def user_unlock(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    account = selectors.user_get(user=request.user, pk=pk)
    services.account_unlock(actor=request.user, user=account)
    messages.success(
        request, _("The account '{username}' may sign in again.").format(username=account.username)
    )
    return redirect("network:user_detail", pk=account.pk)


@login_required
@require_POST
def user_reset_two_factor(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    account = selectors.user_get(user=request.user, pk=pk)
    services.account_two_factor_reset(actor=request.user, user=account)
    messages.success(
        request,
        _(
            "Two-factor sign-in of '{username}' is reset: "
            "they enrol a new authenticator at their next sign-in."
        ).format(username=account.username),
    )
    return redirect("network:user_detail", pk=account.pk)
