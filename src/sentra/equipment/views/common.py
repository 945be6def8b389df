"""Helpers shared by the equipment pages."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import segno
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Page, Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.safestring import SafeString, mark_safe

from sentra.network.forms import apply_service_errors

PAGE_SIZE = 50


def page_of(request: HttpRequest, items: Any, per_page: int = PAGE_SIZE) -> Page[Any]:
    return Paginator(items, per_page).get_page(request.GET.get("page"))


def put_errors(form: Any, exc: ValidationError) -> None:
    """A service's field-keyed errors onto the form; those without a field go on top."""
    leftovers = apply_service_errors(form, exc)
    for name in leftovers:
        for message in exc.message_dict.get(name, []):
            form.add_error(None, message)


def form_messages(form: Any) -> list[str]:
    """A form's errors as flash messages, each prefixed with its field's label when it has one."""
    found: list[str] = []
    for name, errors in form.errors.items():
        label = form.fields[name].label if name in form.fields else ""
        found.extend(f"{label}: {message}" if label else str(message) for message in errors)
    return found


def form_page(
    request: HttpRequest,
    form: Any,
    *,
    save: Callable[[], HttpResponse],
    success: str,
    template: str,
    context: dict[str, Any],
) -> HttpResponse:
    """A GET/POST form page: on a valid POST run `save` (the service call, returning where to go);
    a service's ValidationError goes back onto the form and the page answers 422."""
    if request.method == "POST" and form.is_valid():
        try:
            response = save()
        except ValidationError as exc:
            put_errors(form, exc)
        else:
            messages.success(request, success)
            return response
    status = 422 if request.method == "POST" else 200
    return render(request, template, {"form": form, **context}, status=status)


def post_action(
    request: HttpRequest, form: Any, *, act: Callable[[], object], success: str, to: str, pk: int
) -> HttpResponse:
    """A POST-only action from a detail page: run `act` if the form is valid, flash the outcome
    (the form's and the service's errors, or `success`) and go back to the page."""
    if form.is_valid():
        try:
            act()
        except ValidationError as exc:
            put_errors(form, exc)
    if form.errors:
        for message in form_messages(form):
            messages.error(request, message)
    else:
        messages.success(request, success)
    return redirect(to, pk=pk)


def qr_svg(url: str, *, scale: int = 3, title: str = "") -> SafeString:
    """An inline SVG QR code (segno's output holds no user-controlled markup but the escaped title)."""
    return mark_safe(segno.make(url, error="m").svg_inline(scale=scale, title=title))  # noqa: S308
