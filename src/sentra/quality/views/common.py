"""Small helpers shared by the quality pages."""

from __future__ import annotations

from typing import Any

import segno
from django.core.paginator import Page, Paginator
from django.http import HttpRequest
from django.utils.safestring import SafeString, mark_safe

from sentra.core.middleware import client_ip

PAGE_SIZE = 50

__all__ = ["PAGE_SIZE", "client_ip", "page_of", "qr_svg"]


def page_of(request: HttpRequest, items: Any, per_page: int = PAGE_SIZE) -> Page[Any]:
    return Paginator(items, per_page).get_page(request.GET.get("page"))


def qr_svg(url: str, *, scale: int = 4, title: str = "") -> SafeString:
    """An inline SVG QR code (segno output, no user-controlled markup)."""
    return mark_safe(segno.make(url, error="m").svg_inline(scale=scale, title=title))  # noqa: S308
