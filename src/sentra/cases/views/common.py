"""Helpers shared by the case pages: role gates, the generic form page, calling a service from a form."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Page, Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from sentra.cases.forms import put_errors
from sentra.cases.models import CENTRE_CASE_ROLES
from sentra.core.http import AuthenticatedHttpRequest
from sentra.core.models import Role

T = TypeVar("T")

PAGE_SIZE = 50
# Roles with casework pages (lists, inboxes); professionals see their care-team cases.
CASEWORK_ROLES = (*CENTRE_CASE_ROLES, Role.PROFESSIONAL, Role.SYSADMIN)


def require_casework(request: AuthenticatedHttpRequest, *roles: str) -> None:
    if request.user.role not in (roles or CASEWORK_ROLES):
        raise PermissionDenied


def page_of(request: HttpRequest, items: Any, per_page: int = PAGE_SIZE) -> Page[Any]:
    return Paginator(items, per_page).get_page(request.GET.get("page"))


def is_htmx(request: HttpRequest) -> bool:
    return bool(getattr(request, "htmx", False))


def attempt(form: forms.BaseForm, call: Callable[[dict[str, Any]], T]) -> T | None:
    """Run the service with the form's data; on refusal put its messages on the form and return None."""
    if not form.is_valid():
        return None
    try:
        return call(form.cleaned_data)
    except ValidationError as exc:
        put_errors(form, exc)
        return None


def form_page(
    request: AuthenticatedHttpRequest,
    *,
    form: forms.BaseForm,
    title: str,
    submit: str,
    cancel_url: str,
    intro: str = "",
    case: Any = None,
    multipart: bool = False,
    extra: dict[str, Any] | None = None,
    status: int = 200,
) -> HttpResponse:
    context = {
        "form": form,
        "title": title,
        "submit": submit,
        "cancel_url": cancel_url,
        "intro": intro,
        "case": case,
        "multipart": multipart,
        **(extra or {}),
    }
    return render(request, "cases/form.html", context, status=status)


def bad_request_status(request: HttpRequest, form: forms.BaseForm) -> int:
    """422 for a refused POST, so htmx and scripts can tell; browsers show the page either way."""
    return 422 if request.method == "POST" and form.errors else 200


def form_flow(
    request: AuthenticatedHttpRequest,
    form: forms.BaseForm,
    save: Callable[[dict[str, Any]], T],
    *,
    done: str | Callable[[T], str],
    then: Callable[[T], str],
    title: str,
    submit: str,
    cancel_url: str,
    **page: Any,
) -> HttpResponse:
    """The usual form page: on a valid POST call ``save``, say ``done`` (text, or made from the result)
    and go to ``then(result)``; otherwise (a GET, or a refusal with its messages on the form) show the
    form page, with 422 after a refused POST."""
    if request.method == "POST":
        result = attempt(form, save)
        if result is not None:
            messages.success(request, done(result) if callable(done) else done)
            return redirect(then(result))
    return form_page(
        request,
        form=form,
        title=title,
        submit=submit,
        cancel_url=cancel_url,
        status=bad_request_status(request, form),
        **page,
    )


def case_form_flow(
    request: AuthenticatedHttpRequest,
    case: Any,
    form: forms.BaseForm,
    save: Callable[[dict[str, Any]], T],
    *,
    done: str | Callable[[T], str],
    title: str,
    submit: str,
    **page: Any,
) -> HttpResponse:
    """``form_flow`` for a form that records something on a case and goes back to the case page."""
    back = reverse("cases:case_detail", args=[case.pk])
    return form_flow(
        request,
        form,
        save,
        done=done,
        then=lambda _result: back,
        title=title,
        submit=submit,
        cancel_url=back,
        case=case,
        **page,
    )
