"""Helpers shared by the equipment pages."""

from __future__ import annotations

from typing import Any

import segno
from django.core.exceptions import ValidationError
from django.core.paginator import Page, Paginator
from django.http import HttpRequest
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


def qr_svg(url: str, *, scale: int = 3, title: str = "") -> SafeString:
    """An inline SVG QR code (segno's output holds no user-controlled markup but the escaped title)."""
    return mark_safe(segno.make(url, error="m").svg_inline(scale=scale, title=title))  # noqa: S308
