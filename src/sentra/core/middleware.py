"""Request-wide concerns: audit context, session lifetime and the two-factor gate."""

from __future__ import annotations

import ipaddress
import time
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _

from sentra.core.audit import RequestInfo, current_request

SESSION_LOGIN_AT = "sentra_login_at"
SESSION_2FA_OK = "sentra_2fa_ok"

# Paths a signed-in user may reach before finishing two-factor authentication.
_2FA_EXEMPT_PREFIXES = ("/login/", "/logout/", "/static/", "/i18n/", "/healthz")


def _is_trusted_proxy(address: str) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in settings.SENTRA_TRUSTED_PROXIES)


def client_ip(request: HttpRequest) -> str | None:
    """The client's address: X-Real-IP only when the request comes from a trusted proxy.

    Anyone can send an X-Real-IP header, so believing it from everyone would let one address dodge
    the survey and complaint flood limits; only a proxy named in SENTRA_TRUSTED_PROXIES (which
    overwrites the header, see docs/deploy.md) is believed, and only when the header is an IP.
    """
    remote: str | None = request.META.get("REMOTE_ADDR") or None
    forwarded = (request.META.get("HTTP_X_REAL_IP") or "").strip()
    if remote and forwarded and _is_trusted_proxy(remote):
        try:
            return str(ipaddress.ip_address(forwarded))
        except ValueError:
            return remote
    return remote


class RequestContextMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = current_request.set(RequestInfo(path=request.path, ip_address=client_ip(request)))
        try:
            return self.get_response(request)
        finally:
            current_request.reset(token)


class SessionLifetimeMiddleware:
    """Idle expiry comes from the session cookie age; this adds an absolute limit per sign-in."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            login_at = request.session.get(SESSION_LOGIN_AT)
            limit = settings.SENTRA_SESSION_MAX_HOURS * 3600
            if login_at is None or time.time() - float(login_at) > limit:
                logout(request)
                if request.path.startswith("/api/"):
                    return JsonResponse({"detail": _("Your session has expired."), "errors": []}, status=401)
                messages.info(request, _("Your session has expired. Please sign in again."))
                return redirect(settings.LOGIN_URL)
        return self.get_response(request)


def two_factor_pending(request: HttpRequest) -> bool:
    user = request.user
    if not user.is_authenticated:
        return False
    needs = user.requires_two_factor or user.has_two_factor
    return bool(needs) and not request.session.get(SESSION_2FA_OK, False)


class TwoFactorMiddleware:
    """A password alone opens nothing for roles that need a second factor."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if two_factor_pending(request) and not request.path.startswith(_2FA_EXEMPT_PREFIXES):
            if request.path.startswith("/api/"):
                return JsonResponse(
                    {"detail": _("Two-factor authentication is not complete."), "errors": []}, status=401
                )
            return redirect("core:login_two_factor")
        return self.get_response(request)


class LanguageMiddleware:
    """Bahasa Indonesia unless the person chose otherwise with the switch (a cookie).

    Browsers in government offices are often set to English; the product still opens in
    Indonesian. API clients may ask for a language with Accept-Language.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        from django.utils import translation

        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        supported = {code for code, _name in settings.LANGUAGES}
        if chosen not in supported:
            chosen = settings.LANGUAGE_CODE
            if request.path.startswith("/api/"):
                chosen = translation.get_language_from_request(request) or chosen
        translation.activate(chosen)
        request.LANGUAGE_CODE = translation.get_language()
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", request.LANGUAGE_CODE)
        patch_vary_headers(
            response, ("Accept-Language", "Cookie") if request.path.startswith("/api/") else ("Cookie",)
        )
        return response
