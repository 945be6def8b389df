"""Helpers shared by the registry pages."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.paginator import Page, Paginator
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, HttpRequest

from sentra.beneficiaries import files
from sentra.network.forms import apply_service_errors

PAGE_SIZE = 25
CONTENT_TYPES = {
    "jpeg": "image/jpeg",
    "png": "image/png",
    "webp": "image/webp",
    "pdf": "application/pdf",
    "mp3": "audio/mpeg",
    "m4a": "audio/mp4",
    "ogg": "audio/ogg",
}


def page_of(request: HttpRequest, items: Any, per_page: int = PAGE_SIZE) -> Page[Any]:
    return Paginator(items, per_page).get_page(request.GET.get("page"))


def is_htmx(request: HttpRequest) -> bool:
    return bool(getattr(request, "htmx", False))


def put_errors(form: Any, exc: ValidationError, renames: dict[str, str] | None = None) -> None:
    """A service's field-keyed errors onto the form; the ones without a field go on top."""
    leftovers = apply_service_errors(form, exc, renames)
    for name in leftovers:
        for message in exc.message_dict.get(name, []):
            form.add_error(None, message)


def serve_file(field_file: FieldFile, *, download_name: str) -> FileResponse:
    """A stored upload, typed by its bytes, never cached by shared caches."""
    handle = field_file.open("rb")
    kind = files.sniff(handle) or ""  # type: ignore[arg-type]
    response = FileResponse(
        handle, content_type=CONTENT_TYPES.get(kind, "application/octet-stream"), filename=download_name
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
