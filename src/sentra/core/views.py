"""Sign-in, two-factor, account page and the audit/access log pages. Thin: parse, call, render."""

from __future__ import annotations

import time
from typing import Any

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout, update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sentra.core import selectors, services
from sentra.core.access import get_visible_or_404
from sentra.core.forms import ApiTokenForm, AuditFilterForm, PasswordChangeForm, SignInForm, TotpForm
from sentra.core.http import AuthenticatedHttpRequest
from sentra.core.middleware import SESSION_2FA_OK, SESSION_LOGIN_AT, two_factor_pending
from sentra.core.models import ApiToken, AuditEvent, User

SESSION_ENROL_SECRET = "sentra_enrol_secret"  # noqa: S105 - a session key name, not a secret
PAGE_SIZE = 50


def _safe_next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return str(settings.LOGIN_REDIRECT_URL)


@never_cache
@require_http_methods(["GET", "POST"])
def sign_in(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated and not two_factor_pending(request):
        return redirect(_safe_next(request))
    form = SignInForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        result = services.sign_in_password(
            username=form.cleaned_data["username"], password=form.cleaned_data["password"]
        )
        if result.user is None:
            form.add_error(None, result.error)
        else:
            login(request, result.user)
            request.session[SESSION_LOGIN_AT] = time.time()
            if result.user.requires_two_factor or result.user.has_two_factor:
                request.session[SESSION_2FA_OK] = False
                next_url = _safe_next(request)
                return redirect(f"{_url('core:login_two_factor')}?next={next_url}")
            request.session[SESSION_2FA_OK] = True
            services.record_sign_in(user=result.user)
            return redirect(_safe_next(request))
    return render(request, "core/login.html", {"form": form, "next": request.GET.get("next", "")})


def _url(name: str) -> str:
    from django.urls import reverse

    return reverse(name)


@never_cache
@require_http_methods(["GET", "POST"])
def sign_in_two_factor(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not user.is_authenticated:
        return redirect(settings.LOGIN_URL)
    assert isinstance(user, User)
    if not two_factor_pending(request):
        return redirect(_safe_next(request))
    enrolling = not user.has_two_factor
    if enrolling and SESSION_ENROL_SECRET not in request.session:
        request.session[SESSION_ENROL_SECRET] = services.two_factor_new_secret()
    form = TotpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        code = form.cleaned_data["code"]
        if enrolling:
            ok = services.two_factor_enrol(user=user, secret=request.session[SESSION_ENROL_SECRET], code=code)
        else:
            ok = services.two_factor_verify(user=user, code=code)
        if ok:
            request.session.pop(SESSION_ENROL_SECRET, None)
            request.session[SESSION_2FA_OK] = True
            request.session.cycle_key()
            services.record_sign_in(user=user)
            return redirect(_safe_next(request))
        user.refresh_from_db()
        if user.is_locked():
            logout(request)
            messages.error(
                request, _("This account is locked after repeated failed sign-ins. Try again later.")
            )
            return redirect(settings.LOGIN_URL)
        form.add_error("code", _("That code is not correct or has already been used. Try the next one."))
    context: dict[str, Any] = {"form": form, "enrolling": enrolling, "next": request.GET.get("next", "")}
    if enrolling:
        secret = request.session[SESSION_ENROL_SECRET]
        uri = services.totp_for(User(totp_secret=secret)).provisioning_uri(
            name=user.username, issuer_name="Sentra"
        )
        context["secret"] = secret
        context["qr_svg"] = segno.make(uri, error="m").svg_inline(scale=4, title=_("Two-factor QR code"))
    return render(request, "core/login_two_factor.html", context)


@require_POST
def sign_out(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        assert isinstance(request.user, User)
        services.record_sign_out(user=request.user)
    logout(request)
    messages.info(request, _("You have signed out."))
    return redirect(settings.LOGIN_URL)


@login_required
@require_http_methods(["GET", "POST"])
def account(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    form = ApiTokenForm(request.POST or None)
    new_token = None
    if request.method == "POST" and form.is_valid():
        new_token = services.api_token_create(actor=user, name=form.cleaned_data["name"])
        form = ApiTokenForm()
    tokens = selectors.api_token_list(user=user)
    context = {"form": form, "tokens": tokens, "new_token": new_token, "password_form": PasswordChangeForm()}
    return render(request, "core/account.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def password_change(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = PasswordChangeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.password_change(
                user=request.user,
                current_password=form.cleaned_data["current_password"],
                new_password=form.cleaned_data["new_password"],
            )
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                for error in errors:
                    form.add_error(field, error)
        else:
            update_session_auth_hash(request, request.user)
            messages.success(request, _("Your password is changed."))
            return redirect("core:account")
    return render(request, "core/password_change.html", {"form": form})


@login_required
@require_POST
def api_token_revoke(request: AuthenticatedHttpRequest, token_id: int) -> HttpResponse:
    user = request.user
    token = get_visible_or_404(ApiToken.objects.all(), user, pk=token_id)
    services.api_token_revoke(actor=user, token=token)
    messages.success(request, _("The token '{name}' is revoked.").format(name=token.name))
    return redirect("core:account")


def _filters(form: AuditFilterForm) -> selectors.AuditFilters:
    if not form.is_valid():
        return selectors.AuditFilters()
    data = form.cleaned_data
    return selectors.AuditFilters(
        actor=data["actor"],
        action=data.get("action", ""),
        object_type=data["object_type"],
        object_id=data["object_id"],
        date_from=data["date_from"],
        date_to=data["date_to"],
    )


def _page(request: HttpRequest, queryset: Any) -> Any:
    return Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))


@login_required
@require_GET
def audit_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = AuditFilterForm(request.GET or None)
    events = selectors.audit_event_list(user=request.user, filters=_filters(form))
    template = "core/_audit_rows.html" if request.htmx else "core/audit_list.html"
    return render(
        request,
        template,
        {
            "form": form,
            "page": _page(request, events),
            "object_types": selectors.audit_object_types(user=request.user),
        },
    )


@login_required
@require_GET
def audit_detail(request: AuthenticatedHttpRequest, event_id: int) -> HttpResponse:
    event = get_visible_or_404(AuditEvent.objects.all(), request.user, pk=event_id)
    return render(request, "core/audit_detail.html", {"event": event})


@login_required
@require_GET
def access_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = AuditFilterForm(request.GET or None)
    entries = selectors.access_log_list(user=request.user, filters=_filters(form))
    return render(request, "core/access_list.html", {"form": form, "page": _page(request, entries)})


@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """Database reachable and every migration applied; 503 otherwise (for load balancers)."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        executor = MigrationExecutor(connection)
        pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
    except Exception as exc:  # any database failure means "not healthy"
        return JsonResponse(
            {"status": "error", "database": "unreachable", "error": type(exc).__name__}, status=503
        )
    if pending:
        return JsonResponse(
            {"status": "error", "database": "ok", "pending_migrations": len(pending)}, status=503
        )
    return JsonResponse({"status": "ok", "database": "ok", "pending_migrations": 0})
