"""Small helpers shared by the network pages."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Page, Paginator
from django.http import HttpRequest

PAGE_SIZE = 50


def page_of(request: HttpRequest, items: Any, per_page: int = PAGE_SIZE) -> Page[Any]:
    """The requested page; out-of-range or malformed numbers fall back to a valid page."""
    return Paginator(items, per_page).get_page(request.GET.get("page"))


def is_htmx(request: HttpRequest) -> bool:
    return bool(getattr(request, "htmx", False))
